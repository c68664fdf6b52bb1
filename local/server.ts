import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BadRequestError, HttpError } from '../lambda/errors';
import { errorResponse } from '../lambda/http';
import { unauthenticatedRefusal } from './browser-guard';
import { answerClientError, answerConnect } from './client-error';
import { corsHeaders, corsRules, isPreflight, preflightHeaders } from './cors';
import { PRELUDE_CONTENT_TYPE } from './runtime/awslambda';
import { functionUrlEvent, lambdaContext, requestTarget } from './runtime/event';
import { invokeStreaming, type StreamingHandler } from './runtime/invoke';
import { PreludeSplitter } from './runtime/prelude';
import type { ResponseSink } from './runtime/response-stream';

/** A Function URL refuses request payloads over 6 MB before invoking the function. */
const FUNCTION_URL_PAYLOAD_LIMIT = 6 * 1024 * 1024;

export interface LocalServerOptions {
  readonly handler: StreamingHandler;
  readonly host?: string;
  readonly port?: number;
  readonly allowedOrigins?: readonly string[];
  /** The handler checks no credentials: refuse what only a foreign web page would send (browser-guard.ts). */
  readonly unauthenticated?: boolean;
  /** The function timeout the context's deadline reflects. */
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
}

export interface LocalServer {
  readonly url: string;
  readonly server: http.Server;
  close(): Promise<void>;
}

/** An error of the server's own, before or instead of the handler, rendered by the proxy's errorResponse. */
function sendError(res: ServerResponse, error: HttpError, headers: Record<string, string>): void {
  const response = errorResponse(error);
  res.writeHead(response.statusCode, { ...response.headers, ...headers });
  res.end(response.body);
}

/**
 * Serves a streaming Lambda handler the way a Function URL in RESPONSE_STREAM mode does: each
 * request becomes a payload 2.0 event, the handler runs under the local runtime stand-in, and the
 * status and headers from its prelude are sent as soon as they are written, then every body
 * chunk as it arrives, with backpressure from the client's socket.
 */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const rules = corsRules(options.allowedOrigins ?? []);
  const timeoutMs = options.timeoutMs ?? 300_000;

  // A request without Host reaches the handler below (Node's own refusal has no body), which
  // answers it in the API's error shape.
  const server = http.createServer({ keepAliveTimeout: 65_000, requireHostHeader: false }, (req, res) => {
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
    // With CORS configured, the URL answers preflights itself; without, they reach the function.
    if (rules.allowedOrigins.length > 0 && isPreflight(req.method, req.headers)) {
      res.writeHead(204, preflightHeaders(rules, origin)).end();
      return;
    }
    const cors = corsHeaders(rules, origin);
    const requestId = randomUUID();
    if (req.headers.host === undefined && req.httpVersion === '1.1') {
      sendError(res, new BadRequestError('An HTTP/1.1 request must have a Host header.', { code: 'malformed_request' }), {
        connection: 'close',
        ...cors,
        'x-request-id': requestId,
      });
      return;
    }
    const refused = options.unauthenticated ? unauthenticatedRefusal(req.headers, rules.allowedOrigins, options.host) : undefined;
    if (refused) {
      sendError(res, refused, { connection: 'close', ...cors, 'x-request-id': requestId });
      return;
    }
    const url = requestTarget(req.url);
    if (!url) {
      sendError(res, new BadRequestError('The request target is not a valid path or URL.'), { connection: 'close', ...cors });
      return;
    }
    // Not PayloadTooLargeError, whose message is about the handler's MAX_BODY_BYTES: this is the URL's 6 MB.
    const tooLarge = () =>
      sendError(
        res,
        new HttpError(413, 'invalid_request_error', `Request must be smaller than ${FUNCTION_URL_PAYLOAD_LIMIT} bytes.`, {
          code: 'payload_too_large',
        }),
        { connection: 'close', ...cors, 'x-request-id': requestId },
      );
    readBody(req, FUNCTION_URL_PAYLOAD_LIMIT)
      .then((body) => serve(url, req, res, body, cors, requestId, tooLarge), tooLarge)
      .catch((error: unknown) => {
        // The runtime stand-in reports a handler's failure itself; this is the server's own.
        options.log?.(JSON.stringify({ level: 'ERROR', message: 'local server failed a request', error: String(error) }));
        if (res.headersSent) res.destroy();
        else sendError(res, new HttpError(500, 'api_error', 'Internal error.'), cors);
      });
  });

  server.on('clientError', answerClientError);
  server.on('connect', answerConnect);

  async function serve(
    url: URL,
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    cors: Record<string, string>,
    requestId: ReturnType<typeof randomUUID>,
    tooLarge: () => void,
  ) {
    const event = functionUrlEvent(url, req, body, requestId);
    // The limit is on the event, as Lambda takes it: the body JSON-escaped, or base64 if binary.
    if (Buffer.byteLength(JSON.stringify(event)) > FUNCTION_URL_PAYLOAD_LIMIT) return tooLarge();
    const sink = responseSink(res, cors, requestId, options.log);
    await invokeStreaming(options.handler, event, lambdaContext(timeoutMs, requestId), sink);
  }

  // A host that does not resolve or a port in use fails the start, not the process.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    // An IPv6 address goes in brackets in a URL (http://[::1]:3000).
    url: `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new Error('payload too large'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Writes what the handler streams to the HTTP response. */
function responseSink(
  res: ServerResponse,
  cors: Record<string, string>,
  requestId: string,
  log: ((line: string) => void) | undefined,
): ResponseSink {
  const splitter = new PreludeSplitter(
    (prelude) => {
      res.writeHead(prelude.statusCode, {
        'x-request-id': requestId,
        ...prelude.headers,
        ...cors,
        ...(prelude.cookies.length > 0 && { 'set-cookie': [...prelude.cookies] }),
      });
      res.flushHeaders();
    },
    (chunk) => res.write(chunk),
  );
  const rawHead = (contentType: string) => {
    if (!res.headersSent) res.writeHead(200, { 'content-type': contentType, ...cors, 'x-request-id': requestId });
  };
  return {
    onClientGone: (listener) => {
      res.once('close', () => {
        if (!res.writableFinished) listener();
      });
    },
    write: (chunk, contentType) => {
      if (contentType === PRELUDE_CONTENT_TYPE) return splitter.push(chunk);
      rawHead(contentType);
      return res.write(chunk);
    },
    once: (event, listener) => res.once(event, listener),
    end: () => {
      if (!res.headersSent) {
        // No prelude and no body: a Function URL answers an empty 200.
        rawHead('application/octet-stream');
      }
      res.end();
    },
    fail: (error) => {
      if (res.destroyed) return;
      log?.(JSON.stringify({ level: 'ERROR', message: 'invocation failed', requestId, ...error }));
      if (!res.headersSent) {
        sendError(res, new HttpError(502, 'api_error', 'The function failed before it responded.'), { ...cors, 'x-request-id': requestId });
      } else {
        // Like a Function URL: the status is gone, the body just ends.
        res.end();
      }
    },
  };
}
