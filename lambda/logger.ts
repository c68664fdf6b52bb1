export type { Logger } from '@aws-lambda-powertools/logger';

/** An error as log fields: for the operator's eyes only, never for a response body. */
export function describeError(cause: unknown): unknown {
  return cause instanceof Error ? { name: cause.name, message: cause.message, stack: cause.stack } : cause;
}
