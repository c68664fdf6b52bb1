import { describe, expect, it } from 'vitest';
import { jsonLimitExceeded, MAX_JSON_DEPTH } from '../../lambda/schemas/limits';

const arrays = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);
const objects = (depth: number): unknown => JSON.parse(`${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`);

describe('jsonLimitExceeded: nesting', () => {
  it.each([
    ['arrays', arrays],
    ['objects', objects],
  ])('allows %s exactly MAX_JSON_DEPTH deep and refuses one level more', (_name, build) => {
    expect(jsonLimitExceeded(build(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBeUndefined();
    expect(jsonLimitExceeded(build(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe('too_deeply_nested');
  });

  it('finds the deep branch among shallow ones, and checks 100,000 levels without overflowing the stack', () => {
    expect(jsonLimitExceeded({ a: [1, 2, { b: 'x' }], deep: { c: arrays(70) } }, MAX_JSON_DEPTH)).toBe('too_deeply_nested');
    const shallow = { a: [1, 2, { b: 'x' }], texts: Array.from({ length: 1000 }, () => ({ t: 'x' })) };
    expect(jsonLimitExceeded(shallow, MAX_JSON_DEPTH)).toBeUndefined();
    expect(jsonLimitExceeded(arrays(100_000), MAX_JSON_DEPTH)).toBe('too_deeply_nested');
  });
});

describe('jsonLimitExceeded: numbers beyond a double, which JSON.parse reads as ±Infinity', () => {
  it.each([
    ['a member', '{"max_tokens":1e400}'],
    ['an array item, deep inside', '{"a":[{"b":[0,-1e999]}]}'],
    ['309 digits', `{"n":1${'0'.repeat(309)}}`],
    ['the whole value', '1e400'],
  ])('refuses %s', (_name, text) => {
    expect(jsonLimitExceeded(JSON.parse(text), MAX_JSON_DEPTH)).toBe('number_out_of_range');
  });

  it.each([
    ['the largest double', '{"n":1.7976931348623157e308}'],
    ['a number rounded to a double', '{"n":12345678901234567890123}'],
    ['one too small for a double, read as 0', '{"n":1e-400}'],
  ])('allows %s', (_name, text) => {
    expect(jsonLimitExceeded(JSON.parse(text), MAX_JSON_DEPTH)).toBeUndefined();
  });
});
