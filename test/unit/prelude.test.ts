import { describe, expect, it } from 'vitest';
import { type Prelude, PreludeSplitter, splitCollected } from '../../local/runtime/prelude';

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

describe('PreludeSplitter: the same split over a stream', () => {
  it('holds bytes until the delimiter is whole, then gives the prelude once and forwards the rest', () => {
    const preludes: Prelude[] = [];
    const body: Buffer[] = [];
    const splitter = new PreludeSplitter(
      (prelude) => preludes.push(prelude),
      (chunk) => body.push(chunk) > 0,
    );
    const bytes = Buffer.concat([Buffer.from('{"statusCode":404}'), DELIMITER, Buffer.from('ab')]);
    // Four pushes: most of the prelude; its last 2 bytes and 3 NUL bytes; the other 5 and the first
    // body byte; the rest of the body.
    const at = bytes.indexOf(DELIMITER);
    for (const [start, end] of [
      [0, at - 2],
      [at - 2, at + 3],
      [at + 3, at + 9],
      [at + 9, bytes.length],
    ]) {
      splitter.push(bytes.subarray(start, end));
    }
    splitter.push(Buffer.from('c'));
    expect(preludes).toEqual([{ statusCode: 404, headers: {}, cookies: [] }]);
    expect(Buffer.concat(body).toString()).toBe('abc');
    expect(splitter.preludeSeen).toBe(true);
  });
});
