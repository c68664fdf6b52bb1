/** An error that knows the HTTP status and the public message it becomes. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly statusCode: number,
    readonly type: string,
    message: string,
    readonly details: {
      readonly code?: string;
      readonly param?: string;
      readonly retryAfterSeconds?: number;
      readonly cause?: unknown;
    } = {},
  ) {
    super(message, { cause: details.cause });
  }
}

export class BadRequestError extends HttpError {
  override name = 'BadRequestError';
  constructor(message: string, details: { code?: string; param?: string; cause?: unknown } = {}) {
    super(400, 'invalid_request_error', message, details);
  }
}

export class UnauthorizedError extends HttpError {
  override name = 'UnauthorizedError';
  constructor(message = 'Missing or invalid API key. Send it as "Authorization: Bearer KEY" or "x-api-key: KEY".') {
    super(401, 'authentication_error', message, { code: 'invalid_api_key' });
  }
}

export class NotFoundError extends HttpError {
  override name = 'NotFoundError';
  constructor(message: string) {
    super(404, 'not_found_error', message, { code: 'not_found' });
  }
}

export class MethodNotAllowedError extends HttpError {
  override name = 'MethodNotAllowedError';
  constructor(
    message: string,
    readonly allow: readonly string[],
  ) {
    super(405, 'invalid_request_error', message, { code: 'method_not_allowed' });
  }
}

export class UnsupportedEncodingError extends HttpError {
  override name = 'UnsupportedEncodingError';
  constructor(encoding: string) {
    super(415, 'invalid_request_error', `Content-Encoding "${encoding}" is not supported: send the JSON body uncompressed.`, {
      code: 'unsupported_content_encoding',
    });
  }
}

export class PayloadTooLargeError extends HttpError {
  override name = 'PayloadTooLargeError';
  constructor(limit: number) {
    super(413, 'invalid_request_error', `Request body is larger than the limit of ${limit} bytes.`, {
      code: 'payload_too_large',
    });
  }
}

interface UpstreamMapping {
  readonly status: number;
  readonly type: string;
  readonly message: string;
  readonly retryAfterSeconds?: number;
  /** Bedrock's own message is safe and useful to show (it describes the caller's request). */
  readonly exposeMessage?: boolean;
}

/** Bedrock errors by `error.name` (reference E.5) and the honest status each becomes. */
const BEDROCK_ERRORS: Readonly<Record<string, UpstreamMapping>> = {
  ValidationException: { status: 400, type: 'invalid_request_error', message: 'Bedrock rejected the request.', exposeMessage: true },
  AccessDeniedException: {
    status: 403,
    type: 'permission_error',
    message: 'The proxy is not allowed to use this model. Check model access and the IAM policy.',
  },
  ResourceNotFoundException: { status: 404, type: 'not_found_error', message: 'The model or resource was not found.', exposeMessage: true },
  ThrottlingException: {
    status: 429,
    type: 'rate_limit_error',
    message: 'Bedrock is throttling requests. Retry later.',
    retryAfterSeconds: 5,
  },
  ModelNotReadyException: {
    status: 429,
    type: 'rate_limit_error',
    message: 'The model is not ready yet. Retry later.',
    retryAfterSeconds: 10,
  },
  ServiceQuotaExceededException: {
    status: 429,
    type: 'rate_limit_error',
    message: 'A Bedrock service quota was exceeded. Retry later.',
    retryAfterSeconds: 30,
  },
  ModelTimeoutException: { status: 504, type: 'timeout_error', message: 'The model took too long to respond.' },
  ServiceUnavailableException: {
    status: 503,
    type: 'service_unavailable_error',
    message: 'Bedrock is temporarily unavailable. Retry later.',
    retryAfterSeconds: 5,
  },
};

export const NOT_A_JSON_OBJECT = 'Bedrock returned a body that is not a JSON object.';

const UPSTREAM_FALLBACK: UpstreamMapping = {
  status: 502,
  type: 'upstream_error',
  message: 'Bedrock returned an error.',
};

/**
 * Anything that went wrong while talking to Bedrock: SDK errors keep their classification; a
 * transport failure (a reset socket, a broken stream) is an upstream fault, never our 500. The SDK
 * puts `$metadata` on its own generic errors too (JSON that does not parse, a socket that closed),
 * which name no Bedrock error: those are classified by what they mean.
 */
export function upstreamError(error: unknown): HttpError {
  if (error instanceof Error && error.name === 'SyntaxError') return invalidUpstreamBody(NOT_A_JSON_OBJECT, error);
  // Bedrock was never called: the proxy itself has no credentials (e.g. a local run against
  // another endpoint). In Lambda the execution role's are always in the environment.
  if (error instanceof Error && error.name === 'CredentialsProviderError') {
    return new HttpError(500, 'api_error', 'The proxy has no AWS credentials to call Bedrock with.', {
      code: 'no_credentials',
      cause: error,
    });
  }
  if ((error as { [UNREADABLE_EVENT_STREAM]?: true } | undefined)?.[UNREADABLE_EVENT_STREAM])
    return invalidUpstreamBody('Bedrock sent a stream that cannot be read.', error);
  const generic = error instanceof Error && GENERIC_ERROR_NAMES.has(error.name) && error.name !== 'AbortError';
  if (error instanceof HttpError || (isSdkError(error) && !generic)) return toHttpError(error);
  if (isUnmodeledStreamError(error)) {
    return new HttpError(502, 'upstream_error', UPSTREAM_FALLBACK.message, { code: error.name, cause: error });
  }
  return new HttpError(502, 'upstream_error', 'The connection to Bedrock failed.', {
    code: 'upstream_connection_error',
    cause: error,
  });
}

/** Bedrock answered, with something that cannot be read as what it should be. */
export function invalidUpstreamBody(message: string, cause?: unknown): HttpError {
  return new HttpError(502, 'upstream_error', message, { code: 'invalid_upstream_body', ...(cause !== undefined && { cause }) });
}

/** Bedrock ended a stream cleanly before its closing event: the answer is cut short. */
export function incompleteStream(): HttpError {
  return new HttpError(502, 'upstream_error', 'Bedrock ended the stream before the answer was complete.', { code: 'incomplete_stream' });
}

/** Bedrock was still working when the request's deadline ran out. */
function deadlineError(cause: unknown): HttpError {
  return new HttpError(504, 'timeout_error', 'The request ran out of time before Bedrock finished.', {
    code: 'deadline_exceeded',
    cause,
  });
}

/** The error type of a request whose caller left before its response ended (local server only). */
export const CLIENT_CLOSED_ERROR = 'client_closed_error';

/** The reason a request's signal fires when its caller went away (the local server only). */
export const CALLER_GONE = new Error('The caller went away.');

/**
 * Classifies a failed Bedrock call; an aborted signal means the deadline, whatever the SDK threw,
 * or, with CALLER_GONE as its reason, a caller that left: only the request's record sees that one.
 */
export function bedrockFailure(error: unknown, signal?: AbortSignal): HttpError {
  if (!signal?.aborted) return upstreamError(error);
  if (signal.reason !== CALLER_GONE) return deadlineError(error);
  return new HttpError(499, CLIENT_CLOSED_ERROR, 'The caller went away before Bedrock answered.', {
    code: 'client_closed',
    cause: error,
  });
}

/** Classifies anything thrown into an HttpError; unknown errors become a generic 500. */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof Error && error.name === 'AbortError') return deadlineError(error);
  if (isSdkError(error)) {
    const code = bedrockCode(error.name);
    const mapping = (Object.hasOwn(BEDROCK_ERRORS, code) && BEDROCK_ERRORS[code]) || UPSTREAM_FALLBACK;
    const message = mapping.exposeMessage && error.message ? `${mapping.message} ${error.message}` : mapping.message;
    return new HttpError(mapping.status, mapping.type, message, {
      code,
      retryAfterSeconds: mapping.retryAfterSeconds,
      cause: error,
    });
  }
  return new HttpError(500, 'api_error', 'Internal error.', { code: 'internal_error', cause: error });
}

const GENERIC_ERROR_NAMES = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError', 'TimeoutError', 'AbortError']);

/**
 * An unmodeled error frame in an event stream (`:message-type=error`): the SDK throws a plain
 * Error named after Bedrock's error code (@smithy/core event-streams). Socket failures are
 * generic errors or carry a system `code`.
 */
function isUnmodeledStreamError(error: unknown): error is Error {
  return error instanceof Error && !GENERIC_ERROR_NAMES.has(error.name) && !('code' in error);
}

/** The start of the error `bedrock-events.ts` throws for a message longer than the format allows. */
export const MESSAGE_TOO_LONG = 'Event stream message over 16 MiB';

/**
 * Set by `bedrock-events.ts` on an error that arose from reading an event stream's bytes, not from
 * receiving them: Bedrock's body is at fault, not the connection. Not enumerable, so the error is
 * still the SDK's own to anything that compares its fields.
 */
export const UNREADABLE_EVENT_STREAM = Symbol('unreadable');

/** An error raised by the AWS SDK or its transport (it carries `$metadata` or `$fault`), or an abort. */
function isSdkError(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  return '$metadata' in error || '$fault' in error || Object.hasOwn(BEDROCK_ERRORS, bedrockCode(error.name));
}

/**
 * An error's Bedrock code as the SDK names its classes. An exception event a stream's union does
 * not model keeps the wire's member name (`modelTimeoutException` on a ConverseStream), so the
 * same failure would read differently on different routes.
 */
function bedrockCode(name: string): string {
  const capitalised = name.charAt(0).toUpperCase() + name.slice(1);
  return Object.hasOwn(BEDROCK_ERRORS, capitalised) ? capitalised : name;
}

export interface ErrorBody {
  readonly error: { readonly type: string; readonly message: string; readonly code: string | null; readonly param: string | null };
}

/** The one JSON shape every error takes, in a response body or in-band at the end of a stream. */
export function errorBody(error: HttpError): ErrorBody {
  return {
    error: {
      type: error.type,
      message: error.message,
      code: error.details.code ?? null,
      param: error.details.param ?? null,
    },
  };
}
