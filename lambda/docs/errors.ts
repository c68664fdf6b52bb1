import { type JsonSchema, schemaRef } from './schemas';

export interface ErrorResponseDoc {
  readonly name: string;
  readonly description: string;
  readonly retryAfter?: boolean;
  readonly allow?: boolean;
}

/** Every status an error can have, as README's error table states it (lambda/errors.ts decides them). */
export const ERROR_STATUSES = {
  400: {
    name: 'BadRequest',
    description:
      'invalid_request_error: malformed JSON, a schema violation (`param` names the field), a model unknown for embedding, ' +
      "or Bedrock's ValidationException (its message is passed on).",
  },
  401: { name: 'Unauthorized', description: 'authentication_error: a missing, wrong or revoked API key.' },
  403: {
    name: 'Forbidden',
    description: "permission_error: the model is outside the deployment's or the key's list, or Bedrock's AccessDeniedException.",
  },
  404: { name: 'NotFound', description: "not_found_error: an unknown path or model, or Bedrock's ResourceNotFoundException." },
  405: { name: 'MethodNotAllowed', description: 'invalid_request_error: the path exists but not with this method.', allow: true },
  413: { name: 'PayloadTooLarge', description: 'invalid_request_error: the body is larger than MAX_BODY_BYTES (or 6 MB).' },
  429: {
    name: 'RateLimited',
    description: 'rate_limit_error: ThrottlingException, ModelNotReadyException or ServiceQuotaExceededException.',
    retryAfter: true,
  },
  502: { name: 'UpstreamError', description: 'upstream_error: ModelErrorException, InternalServerException, any other Bedrock failure.' },
  503: { name: 'ServiceUnavailable', description: 'service_unavailable_error: ServiceUnavailableException.', retryAfter: true },
  504: { name: 'Timeout', description: "timeout_error: ModelTimeoutException, or the request's deadline was reached." },
} as const satisfies Record<number, ErrorResponseDoc>;

export type ErrorStatus = keyof typeof ERROR_STATUSES;

/** The statuses of a route that calls Bedrock. */
export const BEDROCK_ERRORS: readonly ErrorStatus[] = [400, 401, 403, 404, 413, 429, 502, 503, 504];

export function errorRefs(statuses: readonly ErrorStatus[]): Record<string, { $ref: string }> {
  return Object.fromEntries(statuses.map((status) => [String(status), { $ref: `#/components/responses/${ERROR_STATUSES[status].name}` }]));
}

const headerDoc = (description: string): JsonSchema => ({ description, schema: { type: 'string' } });

/** `components.responses`: one entry per status, each with the one error shape. */
export function errorComponents(): Record<string, JsonSchema> {
  return Object.fromEntries(
    Object.values(ERROR_STATUSES).map((doc: ErrorResponseDoc) => [
      doc.name,
      {
        description: doc.description,
        ...((doc.retryAfter || doc.allow) && {
          headers: {
            ...(doc.retryAfter && { 'Retry-After': headerDoc('Seconds to wait before retrying.') }),
            ...(doc.allow && { Allow: headerDoc('The methods this path accepts.') }),
          },
        }),
        content: { 'application/json': { schema: schemaRef('ErrorBody') } },
      },
    ]),
  );
}
