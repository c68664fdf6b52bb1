import { describe, expect, it } from 'vitest';
import { HttpError } from '../../lambda/errors';
import { type BodySource, streamBody } from '../../lambda/http';

async function read(body: NodeJS.ReadableStream): Promise<string[]> {
  const items: string[] = [];
  for await (const item of body) items.push(String(item));
  return items;
}

/** A BodySource over a generator; `cancelled` tells whether the body gave up on it. */
function sourceOf(generator: AsyncGenerator<string>): BodySource & { cancelled: boolean } {
  return {
    cancelled: false,
    next: async () => {
      const result = await generator.next();
      return result.done ? undefined : result.value;
    },
    cancel() {
      this.cancelled = true;
    },
  };
}

const noLog = () => undefined;
const recordOf = (finished: (string | undefined)[]) => ({
  record: { finish: (_status: number, errorType?: string) => void finished.push(errorType) },
  abort: () => undefined,
});

describe('streamBody', () => {
  it('starts with an empty item (the prelude goes out at once), then the source', async () => {
    async function* source() {
      yield 'a';
      yield 'b';
    }
    expect(await read(streamBody(sourceOf(source()), () => 'error', noLog))).toEqual(['', 'a', 'b']);
  });

  it('skips pieces that add nothing, and finishes the record once at the end', async () => {
    async function* source() {
      yield '';
      yield 'a';
      yield '';
      yield '';
      yield 'b';
    }
    const finished: (string | undefined)[] = [];
    expect(await read(streamBody(sourceOf(source()), () => 'error', noLog, recordOf(finished)))).toEqual(['', 'a', 'b']);
    expect(finished).toEqual([undefined]);
  });

  it('turns a failure of the source into a last in-band item and ends normally', async () => {
    async function* source() {
      yield 'a';
      throw new HttpError(429, 'rate_limit_error', 'slow down');
    }
    const finished: (string | undefined)[] = [];
    const logged: number[] = [];
    const body = streamBody(
      sourceOf(source()),
      (error) => `error:${error.statusCode}`,
      (error) => logged.push(error.statusCode),
      recordOf(finished),
    );
    const errors: unknown[] = [];
    body.on('error', (error) => errors.push(error));
    expect(await read(body)).toEqual(['', 'a', 'error:429']);
    expect(errors).toEqual([]);
    expect(logged).toEqual([429]);
    expect(finished).toEqual(['rate_limit_error']);
  });

  it('classifies a non-HTTP failure without leaking it', async () => {
    const source: BodySource = { next: () => Promise.reject(new Error('secret internal detail')), cancel: () => undefined };
    const items = await read(streamBody(source, (error) => `${error.statusCode}:${error.message}`, noLog));
    expect(items).toEqual(['', '500:Internal error.']);
  });

  it('ends normally even when rendering the in-band error fails', async () => {
    const source: BodySource = { next: () => Promise.reject(new Error('boom')), cancel: () => undefined };
    const body = streamBody(
      source,
      () => {
        throw new Error('renderer broken');
      },
      noLog,
    );
    const errors: unknown[] = [];
    body.on('error', (error) => errors.push(error));
    expect((await read(body)).join('')).toBe('');
    expect(errors).toEqual([]);
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
    expect(await read(streamBody(sourceOf(source()), () => 'error', noLog, scope))).toEqual(['', 'a']);
  });

  it('aborts the upstream call, cancels the source and finishes the record when destroyed before its end', async () => {
    let aborted = false;
    const finished: (string | undefined)[] = [];
    const never = new Promise<never>(() => undefined);
    async function* pending(): AsyncGenerator<string> {
      yield 'a';
      await never;
    }
    const source = sourceOf(pending());
    const body = streamBody(source, () => 'error', noLog, {
      record: { finish: (_status, errorType) => void finished.push(errorType) },
      abort: () => {
        aborted = true;
      },
    });
    const iterator = body[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.next();
    body.destroy();
    expect(aborted).toBe(true);
    expect(source.cancelled).toBe(true);
    expect(finished).toEqual([undefined]);
  });
});
