import { describe, expect, it } from 'vitest';
import { assertJsonLimits, MAX_JSON_DEPTH } from '../../lambda/schemas/limits';

const arrays = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);
const objects = (depth: number): unknown => JSON.parse(`${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`);
/** The code of the 400 `assertJsonLimits` throws, or undefined when it passes the value. */
const refusal = (value: unknown): string | undefined => {
  try {
    assertJsonLimits(value, 'The value', 'p');
    return undefined;
  } catch (error) {
    expect(error).toMatchObject({ statusCode: 400, details: { param: 'p' } });
    return (error as { details: { code: string } }).details.code;
  }
};

describe('assertJsonLimits: nesting', () => {
  it.each([
    ['arrays', arrays],
    ['objects', objects],
  ])('allows %s exactly MAX_JSON_DEPTH deep and refuses one level more', (_name, build) => {
    expect(refusal(build(MAX_JSON_DEPTH))).toBeUndefined();
    expect(refusal(build(MAX_JSON_DEPTH + 1))).toBe('too_deeply_nested');
  });

  it('finds the deep branch among shallow ones, and checks 100,000 levels without overflowing the stack', () => {
    expect(refusal({ a: [1, 2, { b: 'x' }], deep: { c: arrays(70) } })).toBe('too_deeply_nested');
    expect(refusal({ a: [1, 2, { b: 'x' }], texts: Array.from({ length: 1000 }, () => ({ t: 'x' })) })).toBeUndefined();
    expect(refusal(arrays(100_000))).toBe('too_deeply_nested');
  });
});

describe('assertJsonLimits: numbers beyond a double, which JSON.parse reads as ±Infinity', () => {
  it.each([
    ['a member', '{"max_tokens":1e400}'],
    ['an array item, deep inside', '{"a":[{"b":[0,-1e999]}]}'],
    ['309 digits', `{"n":1${'0'.repeat(309)}}`],
    ['the whole value', '1e400'],
  ])('refuses %s', (_name, text) => {
    expect(refusal(JSON.parse(text))).toBe('number_out_of_range');
  });

  it.each([
    ['the largest double', '{"n":1.7976931348623157e308}'],
    ['a number rounded to a double', '{"n":12345678901234567890123}'],
    ['one too small for a double, read as 0', '{"n":1e-400}'],
  ])('allows %s', (_name, text) => {
    expect(refusal(JSON.parse(text))).toBeUndefined();
  });
});
