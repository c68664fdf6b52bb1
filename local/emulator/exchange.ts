import type { EventEmitter } from 'node:events';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { StreamSink } from './stream-writer';

/** The part of an HTTP/1.1 or HTTP/2 (compat API) request the emulator uses. */
export interface RequestLike extends AsyncIterable<unknown> {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly headers: IncomingHttpHeaders;
}

/** The part of `http.ServerResponse` / `http2.Http2ServerResponse` the emulator uses. */
export interface ResponseLike extends EventEmitter {
  writeHead(status: number, headers: OutgoingHttpHeaders): unknown;
  write(chunk: Uint8Array): boolean;
  end(): unknown;
  end(chunk: string): unknown;
  /** Present on both at runtime; @types/node 20 omits it on Http2ServerResponse. */
  flushHeaders?(): void;
  readonly writableEnded: boolean;
  readonly destroyed: boolean;
}

export interface Exchange extends StreamSink {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readBody(): Promise<Buffer>;
  sendJson(status: number, headers: Readonly<Record<string, string>>, body: string): void;
  startStream(headers: Readonly<Record<string, string>>): void;
}

/** The request's headers; over HTTP/2 the `:authority` pseudo-header is the `host` a client signed. */
function plainHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const entries = Object.entries(headers)
    .filter(([name, value]) => !name.startsWith(':') && value !== undefined)
    .map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)]);
  const authority = headers[':authority'];
  if (typeof authority === 'string' && headers.host === undefined) entries.push(['host', authority]);
  return Object.fromEntries(entries);
}

/**
 * Wraps one request/response pair. `signal` aborts when the client closes the exchange before
 * the emulator ended it; `onAbort` is told once.
 */
export function createExchange(req: RequestLike, res: ResponseLike, resetTransport: () => void, onAbort: () => void): Exchange {
  const controller = new AbortController();
  let finished = false;
  res.once('close', () => {
    if (finished) return;
    controller.abort();
    onAbort();
  });

  const finish = (): void => {
    finished = true;
  };

  return {
    method: req.method ?? 'GET',
    path: (req.url ?? '/').split('?')[0] ?? '/',
    headers: plainHeaders(req.headers),
    signal: controller.signal,

    async readBody() {
      const parts: Buffer[] = [];
      for await (const part of req) parts.push(Buffer.isBuffer(part) ? part : Buffer.from(String(part)));
      return Buffer.concat(parts);
    },

    sendJson(status, headers, body) {
      finish();
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
      res.end(body);
    },

    startStream(headers) {
      res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', ...headers });
      // The status and headers go out now, even when a gate holds the first frame.
      res.flushHeaders?.();
    },

    async write(frame) {
      if (controller.signal.aborted || res.writableEnded || res.destroyed) return false;
      if (res.write(frame)) return true;
      await new Promise<void>((resolve) => {
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.once('drain', done);
        res.once('close', done);
      });
      return !controller.signal.aborted;
    },

    end() {
      finish();
      if (!res.writableEnded && !res.destroyed) res.end();
    },

    reset() {
      finish();
      resetTransport();
    },
  };
}
