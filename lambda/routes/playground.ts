import { asset } from '../playground/asset';
import { PLAYGROUND_HTML } from '../playground/page';
import { PLAYGROUND_SCRIPT } from '../playground/script';
import { PLAYGROUND_STYLE } from '../playground/style';
import type { Route } from '../router';

const page = (path: string, contentType: string, body: string): Route => ({
  method: 'GET',
  path,
  public: true,
  run: async () => asset(contentType, body),
});

/** The playground: a page, its script and its style, all in the bundle (no CDN); the key is typed in the page. */
export const playgroundRoutes: readonly Route[] = [
  page('/', 'text/html; charset=utf-8', PLAYGROUND_HTML),
  page('/playground.js', 'text/javascript; charset=utf-8', PLAYGROUND_SCRIPT),
  page('/playground.css', 'text/css; charset=utf-8', PLAYGROUND_STYLE),
];
