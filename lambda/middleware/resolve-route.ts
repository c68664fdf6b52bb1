import type { FunctionUrlEvent } from '../http';
import { matchRoute, type Route } from '../router';
import type { ProxyMiddleware } from './types';

const resolved = new WeakMap<FunctionUrlEvent, Route>();

/** Finds the route for the path and method (404 / 405) before anything else looks at the request. */
export function resolveRoute(routes: readonly Route[]): ProxyMiddleware {
  return {
    name: 'resolveRoute',
    before: (request) => {
      resolved.set(request.event, matchRoute(routes, request.event));
    },
  };
}

/** The route resolveRoute found for this event. */
export function routeOf(event: FunctionUrlEvent): Route | undefined {
  return resolved.get(event);
}
