import { onFirstUse } from '../first-use';
import { asset } from '../playground/asset';
import type { Route } from '../router';

const page = (path: string, contentType: string, load: () => Promise<string>): Route => {
  const body = onFirstUse(load);
  return { method: 'GET', path, public: true, run: async () => asset(contentType, await body()) };
};

/**
 * The playground: a page, its script and its style, all in the bundle (no CDN); the key is typed
 * in the page. Each is imported on its first request and kept: in the Lambda bundle each is a
 * chunk of its own (lib/bundling.ts), so a cold start that serves the API never reads them.
 */
export const playgroundRoutes: readonly Route[] = [
  page('/', 'text/html; charset=utf-8', async () => (await import('../playground/page')).PLAYGROUND_HTML),
  page('/playground.js', 'text/javascript; charset=utf-8', async () => (await import('../playground/script')).PLAYGROUND_SCRIPT),
  page('/playground.css', 'text/css; charset=utf-8', async () => (await import('../playground/style')).PLAYGROUND_STYLE),
];
