import { apiKeyChecker } from '../auth';
import { routeOf } from './resolve-route';
import type { ProxyMiddleware } from './types';

/** Refuses callers without a configured key (401); open when no keys are configured. */
export function apiKeyAuth(keys: readonly string[]): ProxyMiddleware {
  const check = keys.length > 0 ? apiKeyChecker(keys) : undefined;
  return {
    name: 'apiKeyAuth',
    before: (request) => {
      if (check && !routeOf(request.event)?.public) check(request.event);
    },
  };
}
