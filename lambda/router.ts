import { MethodNotAllowedError, NotFoundError } from './errors';
import type { FunctionUrlEvent, HttpResponse } from './http';
import type { RequestScope } from './scope';

export interface RouteInput {
  readonly event: FunctionUrlEvent;
  /** The parsed JSON body, for routes that take one. */
  readonly body: unknown;
  readonly scope: RequestScope;
}

export interface Route {
  readonly method: 'GET' | 'POST';
  /** An exact path, or a prefix ending in `/*` that matches one or more further segments. */
  readonly path: string;
  /** Served without an API key. */
  readonly public?: boolean;
  /** Takes a JSON body. */
  readonly body?: boolean;
  readonly run: (input: RouteInput) => Promise<HttpResponse>;
}

/** Answers CORS preflight and bare OPTIONS; needs no key. */
const OPTIONS_ROUTE: Route = {
  method: 'GET',
  path: '*',
  public: true,
  run: async () => ({ statusCode: 204, headers: {}, body: '' }),
};

export function matchRoute(routes: readonly Route[], event: FunctionUrlEvent): Route {
  const method = event.requestContext.http.method.toUpperCase();
  const path = event.rawPath.length > 1 ? withoutTrailingSlashes(event.rawPath) : event.rawPath;
  const onPath = routes.filter((route) => pathMatches(route.path, path));
  if (onPath.length === 0) throw new NotFoundError(`No route for ${path}.`);
  if (method === 'OPTIONS') return OPTIONS_ROUTE;
  const route = onPath.find((candidate) => candidate.method === method || (method === 'HEAD' && candidate.method === 'GET'));
  if (!route) {
    const allow = allowedMethods(onPath);
    throw new MethodNotAllowedError(`${method} is not allowed on ${path}; use ${allow.join(' or ')}.`, allow);
  }
  return route;
}

/** What a path answers, for `Allow`: its routes' methods, HEAD wherever GET is (served as GET), and OPTIONS. */
function allowedMethods(onPath: readonly Route[]): string[] {
  const methods = new Set<string>(onPath.map((candidate) => candidate.method));
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods, 'OPTIONS'];
}

/** A loop, not /\/+$/: that regex takes quadratic time on a long run of slashes inside a path. */
export function withoutTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 0x2f) end -= 1;
  return path.slice(0, end);
}

function pathMatches(pattern: string, path: string): boolean {
  if (!pattern.endsWith('/*')) return pattern === path;
  const prefix = pattern.slice(0, -1);
  return path.startsWith(prefix) && path.length > prefix.length;
}
