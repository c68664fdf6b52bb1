import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestedDeeperThan } from '../../lambda/schemas/limits';

const arrays = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);
const objects = (depth: number): unknown => JSON.parse(`${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`);

describe('nestedDeeperThan', () => {
  it.each([
    ['arrays', arrays],
    ['objects', objects],
  ])('allows %s exactly MAX_JSON_DEPTH deep and refuses one level more', (_name, build) => {
    expect(nestedDeeperThan(build(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(nestedDeeperThan(build(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
  });

  it('finds the deep branch among shallow ones, and checks 100,000 levels without overflowing the stack', () => {
    expect(nestedDeeperThan({ a: [1, 2, { b: 'x' }], deep: { c: arrays(70) } }, MAX_JSON_DEPTH)).toBe(true);
    expect(nestedDeeperThan({ a: [1, 2, { b: 'x' }], texts: Array.from({ length: 1000 }, () => ({ t: 'x' })) }, MAX_JSON_DEPTH)).toBe(
      false,
    );
    expect(nestedDeeperThan(arrays(100_000), MAX_JSON_DEPTH)).toBe(true);
  });
});
