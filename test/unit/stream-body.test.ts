import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../lambda/errors';
import { type BodySource, type StreamedBody, streamBody } from '../../lambda/http';

/** A response stream that keeps every write as an item; `hold` keeps each write pending until released. */
function sink(options: { hold?: boolean } = {}) {
  const items: string[] = [];
  const errors: unknown[] = [];
  const pending: (() => void)[] = [];
  const stream = new Writable({
    objectMode: true,
    highWaterMark: 1,
    write(chunk: string, _encoding, callback) {
      items.push(String(chunk));
      if (options.hold) pending.push(() => callback());
      else callback();
    },
  });
  stream.on('error', (error) => errors.push(error));
  const release = () => {
    for (const done of pending.splice(0)) done();
  };
  return { stream, items, errors, release };
}

async function read(body: StreamedBody): Promise<string[]> {
  const { stream, items, errors } = sink();
  await body.writeTo(stream);
  expect(errors).toEqual([]);
  expect(stream.writableFinished).toBe(true);
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

  it('finishes the record only once the response stream has ended, so logging never holds the end back', async () => {
    const pieces = ['a', 'b'];
    const source: BodySource = { next: async () => pieces.shift(), cancel: () => undefined };
    const { stream } = sink();
    const endedAtFinish: boolean[] = [];
    const scope = { record: { finish: () => void endedAtFinish.push(stream.writableFinished) }, abort: () => undefined };
    await streamBody(source, () => 'error', noLog, scope).writeTo(stream);
    expect(endedAtFinish).toEqual([true]);
  });

  it('turns a failure of the source into a last in-band item, stops the upstream call and ends normally', async () => {
    async function* source() {
      yield 'a';
      throw new HttpError(429, 'rate_limit_error', 'slow down');
    }
    const finished: (string | undefined)[] = [];
    const logged: number[] = [];
    let aborted = false;
    const pieces = sourceOf(source());
    const body = streamBody(
      pieces,
      (error) => `error:${error.statusCode}`,
      (error) => logged.push(error.statusCode),
      {
        ...recordOf(finished),
        abort: () => {
          aborted = true;
        },
      },
    );
    expect(await read(body)).toEqual(['', 'a', 'error:429']);
    expect(logged).toEqual([429]);
    expect(finished).toEqual(['rate_limit_error']);
    expect(aborted).toBe(true);
    expect(pieces.cancelled).toBe(true);
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
    expect((await read(body)).join('')).toBe('');
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

  it('aborts the upstream call, cancels the source and finishes the record when the stream closes mid-pull', async () => {
    let aborted = false;
    const finished: (string | undefined)[] = [];
    let pulls = 0;
    const source: BodySource & { cancelled: boolean } = {
      cancelled: false,
      // The first piece, then a pull that Bedrock never answers.
      next: () => (++pulls === 1 ? Promise.resolve('a') : new Promise<never>(() => undefined)),
      cancel() {
        this.cancelled = true;
      },
    };
    const body = streamBody(source, () => 'error', noLog, {
      record: { finish: (_status, errorType) => void finished.push(errorType) },
      abort: () => {
        aborted = true;
      },
    });
    const { stream, items } = sink();
    const writing = body.writeTo(stream);
    while (pulls < 2) await new Promise((resolve) => setImmediate(resolve));
    stream.destroy();
    await expect(writing).rejects.toThrow('closed before the body ended');
    expect(items).toEqual(['', 'a']);
    expect(aborted).toBe(true);
    expect(source.cancelled).toBe(true);
    expect(finished).toEqual(['client_closed_error']);
  });

  it('rejects with the error of a response stream that fails, without an unhandled error', async () => {
    const finished: (string | undefined)[] = [];
    let pulls = 0;
    const source: BodySource = {
      next: () => (++pulls === 1 ? Promise.resolve('a') : new Promise<never>(() => undefined)),
      cancel: () => undefined,
    };
    const body = streamBody(source, () => 'error', noLog, recordOf(finished));
    // No 'error' listener of its own: were the body not listening, the error would be unhandled.
    const stream = new Writable({ objectMode: true, write: (_chunk, _encoding, callback) => callback() });
    const writing = body.writeTo(stream);
    while (pulls < 2) await new Promise((resolve) => setImmediate(resolve));
    stream.destroy(new Error('runtime API connection reset'));
    await expect(writing).rejects.toThrow('runtime API connection reset');
    expect(finished).toEqual(['client_closed_error']);
  });

  it('lets each piece leave before the next is pulled, like a corked HTTP stream', async () => {
    // Node's HTTP streams (the Runtime API request, the local server's response) cork on write
    // and uncork on the next tick: this stream flushes what was written so far on the next tick.
    const events: string[] = [];
    let pending: string[] = [];
    const stream = new Writable({
      objectMode: true,
      write(chunk: string, _encoding, callback) {
        if (pending.length === 0) {
          process.nextTick(() => {
            if (pending.join('') !== '') events.push(`flush ${pending.join('')}`);
            pending = [];
          });
        }
        pending.push(String(chunk));
        callback();
      },
    });
    let pulls = 0;
    // Pieces that are all ready at once, as when one TCP read holds several Bedrock events.
    const source: BodySource = {
      next: () => {
        pulls += 1;
        events.push(`pull ${pulls}`);
        return Promise.resolve(pulls <= 3 ? String(pulls) : undefined);
      },
      cancel: () => undefined,
    };
    await streamBody(source, () => 'error', noLog).writeTo(stream);
    expect(events).toEqual(['pull 1', 'flush 1', 'pull 2', 'flush 2', 'pull 3', 'flush 3', 'pull 4']);
  });

  it('does not wait for a drain that came while the piece was let out (a large piece taken within the tick)', async () => {
    // A piece over the high-water mark makes write() return false; this stream takes it on the
    // next tick and emits 'drain' then, before the writer looks again, as the local server's
    // response did with a line over 16 KiB.
    const received: string[] = [];
    const stream = new Writable({
      highWaterMark: 16,
      decodeStrings: false,
      write(chunk: string, _encoding, callback) {
        received.push(chunk);
        process.nextTick(callback);
      },
    });
    const pieces = ['a', 'x'.repeat(100), 'b'];
    const source: BodySource = { next: async () => pieces.shift(), cancel: () => undefined };
    await streamBody(source, () => 'error', noLog).writeTo(stream);
    expect(received.join('')).toBe(`a${'x'.repeat(100)}b`);
    expect(stream.writableFinished).toBe(true);
  });

  it('gives up at once on a response stream that closed before the body began', async () => {
    let pulls = 0;
    let aborted = false;
    const source: BodySource & { cancelled: boolean } = {
      cancelled: false,
      next: async () => (++pulls <= 3 ? 'piece' : undefined),
      cancel() {
        this.cancelled = true;
      },
    };
    const finished: (string | undefined)[] = [];
    const stream = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    stream.on('error', () => undefined);
    stream.destroy(new Error('client disconnected'));
    await new Promise((resolve) => setImmediate(resolve));
    const scope = {
      ...recordOf(finished),
      abort: () => {
        aborted = true;
      },
    };
    await expect(streamBody(source, () => 'error', noLog, scope).writeTo(stream)).rejects.toThrow('client disconnected');
    expect(pulls).toBe(0);
    expect(aborted).toBe(true);
    expect(source.cancelled).toBe(true);
    expect(finished).toEqual(['client_closed_error']);
  });

  it('pulls nothing while the response stream pushes back, and resumes on drain', async () => {
    let pulls = 0;
    const source: BodySource = {
      next: async () => (++pulls <= 5 ? `piece ${pulls}` : undefined),
      cancel: () => undefined,
    };
    const { stream, items, release } = sink({ hold: true });
    const writing = streamBody(source, () => 'error', noLog).writeTo(stream);
    for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
    // '' is being written and fills the stream: not one piece may be pulled until it drains.
    expect(items).toEqual(['']);
    expect(pulls).toBe(0);
    while (pulls <= 5) {
      release();
      await new Promise((resolve) => setImmediate(resolve));
    }
    release();
    await writing;
    expect(items).toEqual(['', 'piece 1', 'piece 2', 'piece 3', 'piece 4', 'piece 5']);
  });
});
