import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { HttpError } from '../lambda/errors';
import { errorResponse } from '../lambda/http';

/** Node's HTTP parser's reasons for refusing a request, and the status Node itself answers each with. */
const REFUSALS: Readonly<Record<string, readonly [number, string, string]>> = {
  HPE_HEADER_OVERFLOW: [431, 'headers_too_large', 'The request line and headers together must be at most 16 KB.'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, 'payload_too_large', 'The chunk extensions of the request body are too large.'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'request_timeout', 'The request did not arrive in time.'],
};
const MALFORMED: readonly [number, string, string] = [400, 'malformed_request', 'The request is not valid HTTP/1.1.'];

/**
 * The local server's `clientError` listener: a request Node's parser refused before any handler ran
 * (a URL or headers over its 16 KB, a malformed request line) is answered in the API's error shape,
 * with the status Node would send, where Node's own answer has no body. As Node's default
 * (`socketOnError` in lib/_http_server.js), nothing is written over a response already under way,
 * and the connection is closed.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  const inFlight = (socket as { _httpMessage?: { _headerSent?: boolean } })._httpMessage;
  if (error.code !== 'ECONNRESET' && socket.writable && !inFlight?._headerSent) {
    const [status, code, message] = REFUSALS[error.code ?? ''] ?? MALFORMED;
    writeError(socket, new HttpError(status, 'invalid_request_error', message, { code }));
  }
  socket.destroy();
}

/**
 * The local server's `connect` listener: a `CONNECT` request asks for a tunnel, which this API
 * does not give; without a listener Node closes the connection without a word.
 */
export function answerConnect(_req: IncomingMessage, socket: Duplex): void {
  writeError(
    socket,
    new HttpError(405, 'invalid_request_error', 'CONNECT is not supported: this server is an API, not a proxy.', {
      code: 'method_not_allowed',
    }),
  );
  socket.destroy();
}

/** Writes a whole error response straight to the socket, for requests no ServerResponse exists for. */
function writeError(socket: Duplex, error: HttpError): void {
  const response = errorResponse(error);
  const body = Buffer.from(response.body);
  const headers = { ...response.headers, 'content-length': String(body.length), connection: 'close' };
  const head = [
    `HTTP/1.1 ${error.statusCode} ${STATUS_CODES[error.statusCode]}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.write(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), body]));
}
