import { MethodNotAllowedError, NotFoundError } from './errors';
import type { FunctionUrlEvent, HttpResponse } from './http';

export interface RouteInput {
  readonly event: FunctionUrlEvent;
  /** The parsed JSON body, for routes that take one. */
  readonly body: unknown;
  /** Fires when the caller goes away or the invocation nears its deadline. */
  readonly signal?: AbortSignal;
}

export interface Route {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** Served without an API key. */
  readonly public?: boolean;
  /** Takes a JSON body. */
  readonly body?: boolean;
  readonly run: (input: RouteInput) => Promise<HttpResponse>;
}

/** Answers CORS preflight and bare OPTIONS; needs no key. */
export const OPTIONS_ROUTE: Route = {
  method: 'GET',
  path: '*',
  public: true,
  run: async () => ({ statusCode: 204, headers: {}, body: '' }),
};

export function matchRoute(routes: readonly Route[], event: FunctionUrlEvent): Route {
  const method = event.requestContext.http.method.toUpperCase();
  const path = event.rawPath.length > 1 ? event.rawPath.replace(/\/+$/, '') : event.rawPath;
  const onPath = routes.filter((route) => route.path === path);
  if (onPath.length === 0) throw new NotFoundError(`No route for ${path}.`);
  if (method === 'OPTIONS') return OPTIONS_ROUTE;
  const route = onPath.find((candidate) => candidate.method === method || (method === 'HEAD' && candidate.method === 'GET'));
  if (!route) {
    const allow = [...new Set(onPath.map((candidate) => candidate.method)), 'OPTIONS'];
    throw new MethodNotAllowedError(`${method} is not allowed on ${path}; use ${allow.join(' or ')}.`, allow);
  }
  return route;
}
