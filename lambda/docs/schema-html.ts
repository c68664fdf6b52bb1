import { escapeHtml, inlineMarkup } from './html';
import type { JsonSchema } from './schemas';

const MAX_DEPTH = 16;
const REF_PREFIX = '#/components/schemas/';

const isSchema = (value: unknown): value is JsonSchema => typeof value === 'object' && value !== null && !Array.isArray(value);
const schemas = (value: unknown): JsonSchema[] => (Array.isArray(value) ? value.filter(isSchema) : []);
const literal = (value: unknown): string => `<code>${escapeHtml(JSON.stringify(value))}</code>`;

export const schemaAnchor = (name: string): string => `schema-${name}`;

/** `{"not": {}}`: no value fits (zod's `never`, as in a field that may only be null). */
const isNever = (schema: JsonSchema): boolean => isSchema(schema.not) && Object.keys(schema.not).length === 0;

/** The alternatives of a oneOf / anyOf, without a `null` one (that is shown as "or null") or one no value fits. */
function alternatives(schema: JsonSchema): { options: JsonSchema[]; nullable: boolean } {
  const all = [...schemas(schema.oneOf), ...schemas(schema.anyOf)];
  const options = all.filter((option) => option.type !== 'null' && !isNever(option));
  return { options, nullable: all.some((option) => option.type === 'null') };
}

/** `X | null` as X (shown with "| null"), so a nullable field lists X's own fields. */
function unwrapNullable(schema: JsonSchema): JsonSchema {
  const { options, nullable } = alternatives(schema);
  return nullable && options.length === 1 && options[0] ? options[0] : schema;
}

/** A one-line type: `string`, `array of integer`, a link to a component, `"chat"`, … */
function typeLabel(schema: JsonSchema): string {
  const inner = unwrapNullable(schema);
  if (inner !== schema) return `${typeLabel(inner)} | null`;
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.startsWith(REF_PREFIX) ? schema.$ref.slice(REF_PREFIX.length) : schema.$ref;
    return `<a href="#${escapeHtml(schemaAnchor(name))}"><code>${escapeHtml(name)}</code></a>`;
  }
  if ('const' in schema) return literal(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map(literal).join(' | ');
  const { options, nullable } = alternatives(schema);
  if (options.length === 0 && nullable) return 'null';
  if (isNever(schema)) return 'never';
  if (options.length > 0) {
    const label = options.every(isSimple) ? options.map(typeLabel).join(' | ') : 'one of';
    return nullable ? `${label} | null` : label;
  }
  if (Array.isArray(schema.type)) return schema.type.map((type) => escapeHtml(String(type))).join(' | ');
  if (schema.type === 'array') return isSchema(schema.items) ? `array of ${typeLabel(schema.items)}` : 'array';
  if (typeof schema.type === 'string') return escapeHtml(schema.type);
  return 'any';
}

/** Fits on one line: nothing nested to list below it. */
function isSimple(schema: JsonSchema): boolean {
  const inner = unwrapNullable(schema);
  const { options } = alternatives(inner);
  if (options.length > 0) return options.every(isSimple);
  if (inner.type === 'array') return !isSchema(inner.items) || isSimple(inner.items);
  return inner.type !== 'object' || !isSchema(inner.properties);
}

const CONSTRAINTS: readonly [string, string][] = [
  ['minLength', 'min length'],
  ['maxLength', 'max length'],
  ['minimum', '≥'],
  ['exclusiveMinimum', '>'],
  ['maximum', '≤'],
  ['minItems', 'min items'],
  ['maxItems', 'max items'],
  ['pattern', 'pattern'],
  ['default', 'default'],
];

/** zod's int() bounds every integer by ±MAX_SAFE_INTEGER; that says nothing to a reader. */
const isSafeIntegerBound = (value: unknown): boolean => Math.abs(Number(value)) === Number.MAX_SAFE_INTEGER;

function constraints(field: JsonSchema): string {
  // A nullable field's bounds are on its non-null alternative; a default is on the field itself.
  const schema = { ...unwrapNullable(field), ...field };
  const parts = CONSTRAINTS.filter(([key]) => key in schema && !isSafeIntegerBound(schema[key])).map(
    ([key, label]) => `${label} ${literal(schema[key])}`,
  );
  return parts.length > 0 ? ` <span class="constraints">${parts.join(', ')}</span>` : '';
}

const description = (schema: JsonSchema): string =>
  typeof schema.description === 'string' ? ` <span class="description">${inlineMarkup(schema.description)}</span>` : '';

/** What is nested under a schema: its fields, the items of its array, or its alternatives. */
function schemaDetails(schema: JsonSchema, depth = 0): string {
  if (depth > MAX_DEPTH || typeof schema.$ref === 'string') return '';
  const inner = unwrapNullable(schema);
  if (inner !== schema) return schemaDetails(inner, depth);
  const { options } = alternatives(schema);
  if (options.length > 0 && !options.every(isSimple)) {
    return `<ol class="alternatives">${options.map((option) => `<li>${row(option, depth)}</li>`).join('')}</ol>`;
  }
  if (schema.type === 'array' && isSchema(schema.items)) return schemaDetails(schema.items, depth);
  if (!isSchema(schema.properties)) return '';
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const fields = Object.entries(schema.properties).filter((entry): entry is [string, JsonSchema] => isSchema(entry[1]));
  const items = fields.map(([name, field]) => {
    const flag = required.has(name) ? ' <span class="required">required</span>' : '';
    return `<li><code class="field">${escapeHtml(name)}</code> ${row(field, depth, flag)}</li>`;
  });
  return `<ul class="fields">${items.join('')}</ul>`;
}

/** A schema's type, flags, constraints and description, then what is nested under it. */
function row(schema: JsonSchema, depth: number, flag = ''): string {
  return `<span class="type">${typeLabel(schema)}</span>${flag}${constraints(schema)}${description(schema)}${schemaDetails(schema, depth + 1)}`;
}

/**
 * A schema as a block: its summary line, then its fields. A reference to a component shows the
 * component's fields too when `components` is given, so an operation reads without jumping.
 */
export function schemaHtml(schema: JsonSchema, components?: Readonly<Record<string, JsonSchema>>): string {
  const name = typeof schema.$ref === 'string' && schema.$ref.startsWith(REF_PREFIX) ? schema.$ref.slice(REF_PREFIX.length) : undefined;
  const target = name === undefined ? undefined : components?.[name];
  const fields = target ? `${description(target)}${schemaDetails(target, 1)}` : '';
  return `<div class="schema">${row(schema, 0)}${fields}</div>`;
}
