import { headerDoc, REQUEST_ID } from './headers';
import { type JsonSchema, schemaRef } from './schemas';

export interface ErrorResponseDoc {
  readonly status: number;
  readonly description: string;
  readonly retryAfter?: boolean;
  readonly allow?: boolean;
}

const KEYS_MALFORMED = 'the API key secret holds an entry that is not a valid key (code `keys_malformed`)';
const INTERNAL = 'a failure inside the proxy (code `internal_error`)';
const KEYS_UNAVAILABLE = 'the API keys could not be read from Secrets Manager (code `keys_unavailable`)';

/**
 * Every error response, by component name, as README's error table states it (lambda/errors.ts
 * and lambda/auth/key-source.ts decide them). A status has more than one entry where what causes
 * it differs by operation, so each operation lists only what is true of it.
 */
export const ERROR_RESPONSES = {
  BadRequest: {
    status: 400,
    description:
      'invalid_request_error: malformed JSON, a schema violation (`param` names the field), a content part this proxy cannot ' +
      "send (`unsupported_content`), a model unknown for embedding (`unsupported_model`), or Bedrock's ValidationException " +
      '(its message is passed on; Bedrock refuses an unknown model with it).',
  },
  Unauthorized: { status: 401, description: 'authentication_error: a missing, wrong or revoked API key.' },
  Forbidden: {
    status: 403,
    description: "permission_error: the model is outside the deployment's or the key's list, or Bedrock's AccessDeniedException.",
  },
  NotFound: {
    status: 404,
    description: "not_found_error: Bedrock's ResourceNotFoundException (its message is passed on). An unknown model is a 400, not this.",
  },
  ModelNotFound: { status: 404, description: 'not_found_error: this deployment does not offer the model (see GET /v1/models).' },
  MethodNotAllowed: {
    status: 405,
    description: 'invalid_request_error: the path exists but not with this method; `Allow` lists the ones it takes.',
    allow: true,
  },
  PayloadTooLarge: { status: 413, description: 'invalid_request_error: the body is larger than MAX_BODY_BYTES (or 6 MB).' },
  UnsupportedEncoding: {
    status: 415,
    description:
      'invalid_request_error: the body is compressed (`Content-Encoding` other than `identity`; code `unsupported_content_encoding`).',
  },
  RateLimited: {
    status: 429,
    description:
      'rate_limit_error: ThrottlingException, ModelNotReadyException or ServiceQuotaExceededException; or `paced`: after a throttle the proxy paces its calls, and the turn for this call would have come over 5 s after it began.',
    retryAfter: true,
  },
  KeysMalformed: { status: 500, description: `api_error: ${KEYS_MALFORMED}, or ${INTERNAL}.` },
  ServerError: {
    status: 500,
    description: `api_error: ${KEYS_MALFORMED}, the proxy has no AWS credentials to call Bedrock with (code \`no_credentials\`), or ${INTERNAL}.`,
  },
  UpstreamError: {
    status: 502,
    description: 'upstream_error: ModelErrorException, InternalServerException, any other Bedrock failure.',
  },
  ServiceUnavailable: {
    status: 503,
    description: `service_unavailable_error: Bedrock's ServiceUnavailableException, or ${KEYS_UNAVAILABLE}.`,
    retryAfter: true,
  },
  KeysUnavailable: { status: 503, description: `service_unavailable_error: ${KEYS_UNAVAILABLE}.`, retryAfter: true },
  Timeout: { status: 504, description: "timeout_error: ModelTimeoutException, or the request's deadline was reached." },
} as const satisfies Record<string, ErrorResponseDoc>;

export type ErrorName = keyof typeof ERROR_RESPONSES;

/** Every path answers a method it does not take with a 405 (lambda/router.ts), before any key is asked for. */
export const PUBLIC_ERRORS: readonly ErrorName[] = ['MethodNotAllowed'];

/** An operation behind an API key: the key's own failures, and reading the keys' (lambda/auth/key-source.ts). */
export const KEYED_ERRORS: readonly ErrorName[] = [...PUBLIC_ERRORS, 'Unauthorized', 'KeysMalformed', 'KeysUnavailable'];

/** An operation behind a key that calls Bedrock; its 503 is Bedrock's or the keys'. */
export const BEDROCK_ERRORS: readonly ErrorName[] = [
  ...PUBLIC_ERRORS,
  'BadRequest',
  'Unauthorized',
  'Forbidden',
  'NotFound',
  'PayloadTooLarge',
  'UnsupportedEncoding',
  'RateLimited',
  'ServerError',
  'UpstreamError',
  'ServiceUnavailable',
  'Timeout',
];

/** An operation's error responses, keyed by status (one name per status in `names`). */
export function errorRefs(names: readonly ErrorName[]): Record<string, { $ref: string }> {
  return Object.fromEntries(names.map((name) => [String(ERROR_RESPONSES[name].status), { $ref: `#/components/responses/${name}` }]));
}

interface ErrorResponseComponent {
  readonly description: string;
  readonly headers: Readonly<Record<string, JsonSchema>>;
  readonly content: { readonly 'application/json': { readonly schema: JsonSchema } };
}

/** `components.responses`: one entry per error response, each with the one error shape. */
export function errorComponents(): Record<string, ErrorResponseComponent> {
  return Object.fromEntries(
    Object.entries(ERROR_RESPONSES).map(([name, doc]: [string, ErrorResponseDoc]) => [
      name,
      {
        description: doc.description,
        headers: {
          ...(doc.retryAfter && { 'Retry-After': headerDoc('Seconds to wait before retrying.') }),
          ...(doc.allow && { Allow: headerDoc('The methods this path takes: `GET, HEAD, OPTIONS` or `POST, OPTIONS`.') }),
          ...REQUEST_ID,
        },
        content: { 'application/json': { schema: schemaRef('ErrorBody') } },
      },
    ]),
  );
}
