import { describe, expect, it } from 'vitest';
import { apiKeyChecker, presentedKey } from '../../lambda/auth';
import type { FunctionUrlEvent } from '../../lambda/http';

const event = (headers: Record<string, string>): FunctionUrlEvent => ({ headers }) as unknown as FunctionUrlEvent;

describe('presentedKey', () => {
  it('reads a Bearer token or x-api-key', () => {
    expect(presentedKey(event({ authorization: 'Bearer abc' }))).toBe('abc');
    expect(presentedKey(event({ 'x-api-key': 'abc' }))).toBe('abc');
  });

  it('refuses other schemes, a lower-case scheme and an empty token', () => {
    expect(presentedKey(event({ authorization: 'bearer abc' }))).toBeUndefined();
    expect(presentedKey(event({ authorization: 'Basic abc' }))).toBeUndefined();
    expect(presentedKey(event({ authorization: 'Bearer ' }))).toBeUndefined();
    expect(presentedKey(event({ authorization: 'Bearer a b' }))).toBeUndefined();
  });
});

describe('apiKeyChecker', () => {
  const check = apiKeyChecker(['key-one', 'key-two']);

  it.each([
    ['the first key', { authorization: 'Bearer key-one' }],
    ['the second key', { 'x-api-key': 'key-two' }],
  ])('accepts %s', (_name, headers) => {
    expect(() => check(event(headers))).not.toThrow();
  });

  it.each([
    ['no key', {}],
    ['a wrong key', { authorization: 'Bearer key-three' }],
    ['a prefix of a key', { authorization: 'Bearer key-on' }],
    ['a key with a suffix', { authorization: 'Bearer key-one1' }],
    ['a very long key', { authorization: `Bearer ${'k'.repeat(10_000)}` }],
    ['an empty x-api-key', { 'x-api-key': '' }],
  ])('refuses %s with 401', (_name, headers) => {
    expect(() => check(event(headers))).toThrow(expect.objectContaining({ statusCode: 401 }));
  });
});
