import { version } from '../../package.json';
import type { OpenApiDocument } from '../docs/openapi';
import type { HttpResponse } from '../http';
import { asset } from '../playground/asset';
import { type Route, withoutTrailingSlashes } from '../router';

/**
 * The router serves /docs/ as /docs, but a browser resolves the page's relative links against
 * /docs/. One `../` per trailing slash lands on /docs relatively, so a path prefix in front of
 * the API (CloudFront at /proxy/, say) is kept, as the page's own links keep it.
 */
function withoutSlashRedirect(rawPath: string): HttpResponse | undefined {
  const slashes = rawPath.length - withoutTrailingSlashes(rawPath).length;
  if (slashes === 0) return undefined;
  return { statusCode: 301, headers: { location: `${'../'.repeat(slashes)}docs` }, body: '' };
}

/**
 * `GET /openapi.json` and `GET /docs` (`GET /docs/` redirects there). Generating the schemas
 * takes tens of milliseconds, so both are built on the first request for either and kept for the
 * life of the instance. The modules behind them (the response schemas, the generator, the page)
 * are imported then too: in the Lambda bundle they are chunks of their own (lib/bundling.ts), so a
 * cold start that serves anything else never reads them. Not zod's JSON Schema generator: esbuild
 * places whole files in chunks, and zod's own index imports the generator's file, so it lands in
 * the chunk the cold start loads (BENCHMARKS.md, "Bundle").
 */
export function docsRoutes(): Route[] {
  let document: OpenApiDocument | undefined;
  let documentJson: string | undefined;
  let page: string | undefined;
  const built = async (): Promise<OpenApiDocument> => {
    const { buildOpenApiDocument } = await import('../docs/openapi');
    document ??= buildOpenApiDocument(version);
    return document;
  };
  return [
    {
      method: 'GET',
      path: '/openapi.json',
      public: true,
      run: async () => {
        documentJson ??= JSON.stringify(await built());
        return asset('application/json', documentJson);
      },
    },
    {
      method: 'GET',
      path: '/docs',
      public: true,
      run: async ({ event }) => {
        const redirect = withoutSlashRedirect(event.rawPath);
        if (redirect) return redirect;
        if (page === undefined) {
          const { docsPage } = await import('../docs/docs-page');
          page = docsPage(await built());
        }
        return asset('text/html; charset=utf-8', page);
      },
    },
  ];
}
