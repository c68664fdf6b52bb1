import { type Caller, matchKey } from '../auth/api-keys';
import { keySource } from '../auth/key-source';
import { presentedKey } from '../auth/presented-key';
import type { AuthConfig } from '../config';
import { UnauthorizedError } from '../errors';
import type { FunctionUrlEvent } from '../http';
import { msBeforeDeadline } from '../scope';
import { routeOf } from './resolve-route';
import type { ProxyMiddleware } from './types';

const callers = new WeakMap<FunctionUrlEvent, Caller>();

/** The authenticated caller of this event, if any. */
export function callerOf(event: FunctionUrlEvent): Caller | undefined {
  return callers.get(event);
}

function iamCaller(event: FunctionUrlEvent): Caller {
  const iam = (event.requestContext as { authorizer?: { iam?: { userArn?: string } } }).authorizer?.iam;
  return { name: iam?.userArn ?? 'iam' };
}

/**
 * Refuses callers without a valid key (401) on every non-public route, as AUTH_MODE says. Loading
 * the keys gives up `deadlineMarginMs` before the invocation's deadline, as a Bedrock call does.
 */
export function authenticate(auth: AuthConfig, deadlineMarginMs: number): ProxyMiddleware {
  const loadKeys = auth.mode === 'keys' ? keySource(auth) : undefined;
  return {
    name: 'authenticate',
    before: async (request) => {
      const { event } = request;
      if (routeOf(event)?.public) return;
      switch (auth.mode) {
        case 'open':
          return;
        case 'iam':
          callers.set(event, iamCaller(event));
          return;
        case 'closed':
          throw new UnauthorizedError('This proxy requires an API key, and none is configured yet.');
        case 'keys': {
          const keys = await loadKeys?.(msBeforeDeadline(request.context, deadlineMarginMs));
          const caller = matchKey(keys ?? [], presentedKey(event));
          if (!caller) throw new UnauthorizedError();
          callers.set(event, caller);
        }
      }
    },
  };
}
