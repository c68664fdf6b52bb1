import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keysFromList, matchKey, parseKeyFile } from '../../lambda/auth/api-keys';
import { presentedKey } from '../../lambda/auth/presented-key';
import type { FunctionUrlEvent } from '../../lambda/http';

const event = (headers: Record<string, string>): FunctionUrlEvent => ({ headers }) as unknown as FunctionUrlEvent;
const hex = (text: string) => createHash('sha256').update(text).digest('hex');

describe('presentedKey', () => {
  it('reads a Bearer token or x-api-key', () => {
    expect(presentedKey(event({ authorization: 'Bearer abc' }))).toBe('abc');
    expect(presentedKey(event({ 'x-api-key': 'abc' }))).toBe('abc');
  });

  it('reads the scheme in any case, as RFC 9110 has it', () => {
    expect(presentedKey(event({ authorization: 'bearer abc' }))).toBe('abc');
    expect(presentedKey(event({ authorization: 'BEARER  abc' }))).toBe('abc');
  });

  it('with both headers reads x-api-key: the Authorization header may be meant for something else', () => {
    expect(presentedKey(event({ authorization: 'Basic dXNlcjpwdw==', 'x-api-key': 'abc' }))).toBe('abc');
    expect(presentedKey(event({ authorization: 'Bearer other', 'x-api-key': 'abc' }))).toBe('abc');
  });

  it('refuses other schemes and an empty or split token', () => {
    expect(presentedKey(event({ authorization: 'Basic abc' }))).toBeUndefined();
    expect(presentedKey(event({ authorization: 'Bearer ' }))).toBeUndefined();
    expect(presentedKey(event({ authorization: 'Bearer a b' }))).toBeUndefined();
  });
});

describe('parseKeyFile', () => {
  it('reads the generated flat form and the full form', () => {
    const keys = parseKeyFile({
      default: 'generated-key',
      ci: { sha256: hex('ci-key'), models: ['amazon.nova-micro-v1:0'] },
      old: { key: 'old-key', enabled: false },
    });
    expect(keys.map((key) => [key.name, key.enabled, key.models])).toEqual([
      ['default', true, undefined],
      ['ci', true, ['amazon.nova-micro-v1:0']],
      ['old', false, undefined],
    ]);
    expect(matchKey(keys, 'ci-key')).toEqual({ name: 'ci', models: ['amazon.nova-micro-v1:0'] });
  });

  it.each([
    ['a list', ['a']],
    ['an entry with both key and sha256', { a: { key: 'x', sha256: hex('x') } }],
    ['an entry with neither', { a: { enabled: true } }],
    ['a bad hash', { a: { sha256: 'abc' } }],
    ['an empty key', { a: '' }],
    ['a model no request can name', { a: { key: 'x', models: ['nova micro'] } }],
    ['an empty model', { a: { key: 'x', models: [''] } }],
  ])('refuses %s', (_name, value) => {
    expect(() => parseKeyFile(value)).toThrow();
  });
});

describe('parseKeyFile, a key no client can present', () => {
  it.each([
    ['longer than 512 characters', { alice: 'SECRET'.repeat(90) }, 'alice'],
    ['not ASCII', { alice: 'clé-SECRET' }, 'alice'],
    ['holding a space, in the full form', { bob: { key: 'sk SECRET' } }, 'bob'],
  ])('refuses a key %s, naming its entry, never quoting the key', (_name, value, entry) => {
    expect(parseKeyFile({ longest: 'k'.repeat(512), other: { key: '!~' } })).toHaveLength(2);
    expect(() => parseKeyFile({ longest: 'k'.repeat(512), ...value })).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(
          new RegExp(`"${entry}"[^]*must be 1–512 characters of visible ASCII \\(no spaces or control characters\\)`),
        ),
      }),
    );
    expect(() => parseKeyFile(value)).not.toThrow(/SECRET/);
  });
});

describe('matchKey', () => {
  const keys = [...keysFromList(['key-one', 'key-two']), ...parseKeyFile({ revoked: { key: 'key-old', enabled: false } })];

  it.each([
    ['the first key', 'key-one', 'key-1'],
    ['the second key', 'key-two', 'key-2'],
  ])('accepts %s', (_name, presented, name) => {
    expect(matchKey(keys, presented)).toEqual({ name });
  });

  it.each([
    ['no key', undefined],
    ['a wrong key', 'key-three'],
    ['a prefix of a key', 'key-on'],
    ['a key with a suffix', 'key-one1'],
    ['a revoked key', 'key-old'],
    ['a very long key', 'k'.repeat(10_000)],
    ['an empty key', ''],
  ])('refuses %s', (_name, presented) => {
    expect(matchKey(keys, presented)).toBeUndefined();
  });

  it('refuses a key revoked under one name that another name still enables, whichever comes first', () => {
    const both = parseKeyFile({ laptop: { key: 'key-shared', enabled: false }, ci: 'key-shared', other: 'key-other' });
    expect(matchKey(both, 'key-shared')).toBeUndefined();
    expect(matchKey([...both].reverse(), 'key-shared')).toBeUndefined();
    expect(matchKey(both, 'key-other')).toEqual({ name: 'other' });
  });

  it('refuses a key longer than 512 characters, even one that is configured', () => {
    const [longest, tooLong] = ['k'.repeat(512), 'k'.repeat(513)];
    const configured = keysFromList([longest, tooLong]);
    expect(matchKey(configured, longest)).toEqual({ name: 'key-1' });
    expect(matchKey(configured, tooLong)).toBeUndefined();
  });
});
