import { describe, expect, it } from 'vitest';
import { HttpError } from '../../lambda/errors';
import { streamBody } from '../../lambda/http';

async function read(body: NodeJS.ReadableStream): Promise<string[]> {
  const items: string[] = [];
  for await (const item of body) items.push(String(item));
  return items;
}

const noLog = () => undefined;

describe('streamBody', () => {
  it('starts with an empty item (the prelude goes out at once), then the source', async () => {
    async function* source() {
      yield 'a';
      yield 'b';
    }
    expect(await read(streamBody(source(), () => 'error', noLog))).toEqual(['', 'a', 'b']);
  });

  it('turns a failure of the source into a last in-band item and ends normally', async () => {
    async function* source() {
      yield 'a';
      throw new HttpError(429, 'rate_limit_error', 'slow down');
    }
    const body = streamBody(source(), (error) => `error:${error.statusCode}`, noLog);
    const errors: unknown[] = [];
    body.on('error', (error) => errors.push(error));
    expect(await read(body)).toEqual(['', 'a', 'error:429']);
    expect(errors).toEqual([]);
  });

  it('classifies a non-HTTP failure without leaking it', async () => {
    const source = (): AsyncIterable<string> => ({
      [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('secret internal detail')) }),
    });
    const items = await read(streamBody(source(), (error) => `${error.statusCode}:${error.message}`, noLog));
    expect(items).toEqual(['', '500:Internal error.']);
  });

  it('ends normally even when writing the request record fails', async () => {
    async function* source() {
      yield 'a';
    }
    const scope = {
      record: {
        finish: () => {
          throw new Error('log sink broken');
        },
      },
      abort: () => undefined,
    };
    expect(await read(streamBody(source(), () => 'error', noLog, scope))).toEqual(['', 'a']);
  });

  it('aborts the upstream call when the body is destroyed before its end', async () => {
    let aborted = false;
    const never = new Promise<never>(() => undefined);
    async function* source(): AsyncGenerator<string> {
      yield 'a';
      await never;
    }
    const body = streamBody(source(), () => 'error', noLog, { record: { finish: () => undefined }, abort: () => (aborted = true) });
    const iterator = body[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.next();
    body.destroy();
    expect(aborted).toBe(true);
  });
});
