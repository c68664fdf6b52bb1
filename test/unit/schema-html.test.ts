import { describe, expect, it } from 'vitest';
import { schemaHtml } from '../../lambda/docs/schema-html';
import type { JsonSchema } from '../../lambda/docs/schemas';

const text = (schema: JsonSchema) => schemaHtml(schema).replace(/<[^>]+>/g, '');

describe('/docs schema rendering', () => {
  it('shows a field that may only be null as null, not as any', () => {
    expect(text({ anyOf: [{ not: {} }, { type: 'null' }] })).toBe('null');
  });

  it("shows a nullable field's bounds, which sit on its non-null alternative", () => {
    const field = { anyOf: [{ type: 'integer', exclusiveMinimum: 0, maximum: 128000 }, { type: 'null' }] };
    expect(text(field)).toBe('integer | null > 0, ≤ 128000');
  });

  it('keeps a default given on the field itself', () => {
    expect(text({ default: false, anyOf: [{ type: 'boolean' }, { type: 'null' }] })).toBe('boolean | null default false');
  });
});
