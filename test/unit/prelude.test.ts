import { describe, expect, it } from 'vitest';
import { splitCollected } from '../../local/runtime/prelude';

const DELIMITER = Buffer.alloc(8);

describe('splitCollected: a whole collected response split into its prelude and body', () => {
  it('parses the prelude before the 8 NUL bytes and keeps every byte after them as the body', () => {
    const prelude = Buffer.from(JSON.stringify({ statusCode: 201, headers: { 'X-A': 'b' } }));
    const body = Buffer.from([0, 1, 2, 0xff]);
    expect(splitCollected(Buffer.concat([prelude, DELIMITER, body]))).toEqual({
      prelude: { statusCode: 201, headers: { 'x-a': 'b' }, cookies: [] },
      body,
    });
  });

  it('with no delimiter: no prelude and no body', () => {
    expect(splitCollected(Buffer.from('{"statusCode":200}'))).toEqual({ prelude: undefined, body: Buffer.alloc(0) });
  });
});
