import type { Context } from 'aws-lambda';
import type { Caller } from './auth/api-keys';
import { CALLER_GONE } from './errors';
import type { RequestRecord } from './observability/request-record';

/** Per-request state a route needs beyond the body: who calls, the record, the deadline. */
export interface RequestScope {
  readonly record: RequestRecord;
  readonly caller: Caller | undefined;
  /** Aborts when the invocation nears its deadline, or when the caller goes away (local only). */
  readonly signal: AbortSignal;
  abort(): void;
}

/** How long the invocation has until `marginMs` before its deadline; undefined with no deadline (a test's context). */
export function msBeforeDeadline(context: Context, marginMs: number): number | undefined {
  const remaining = typeof context.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : undefined;
  return remaining === undefined ? undefined : remaining - marginMs;
}

/**
 * Every Bedrock call gets a signal that fires `marginMs` before the Lambda deadline, so a long
 * stream ends with an in-band error line instead of being cut off mid-token by the timeout, or
 * as soon as `gone` fires (the local server's client left, before or during the response).
 */
export function requestScope(
  record: RequestRecord,
  caller: Caller | undefined,
  context: Context,
  marginMs: number,
  gone?: AbortSignal,
): RequestScope {
  const controller = new AbortController();
  if (gone?.aborted) controller.abort(CALLER_GONE);
  else if (gone) {
    const onGone = () => controller.abort(CALLER_GONE);
    gone.addEventListener('abort', onGone, { once: true });
    record.onFinish(() => gone.removeEventListener('abort', onGone));
  }
  const left = msBeforeDeadline(context, marginMs);
  if (left !== undefined) {
    const timer = setTimeout(() => controller.abort(), Math.max(0, left));
    record.onFinish(() => clearTimeout(timer));
  }
  return { record, caller, signal: controller.signal, abort: () => controller.abort() };
}
