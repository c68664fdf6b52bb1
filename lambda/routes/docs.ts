import { version } from '../../package.json';
import { docsPage } from '../docs/docs-page';
import { buildOpenApiDocument, type OpenApiDocument } from '../docs/openapi';
import { asset } from '../playground/asset';
import type { Route } from '../router';

/**
 * `GET /openapi.json` and `GET /docs`. Generating the schemas takes tens of milliseconds, so
 * both are built on the first request for either and kept for the life of the instance.
 */
export function docsRoutes(): Route[] {
  let document: OpenApiDocument | undefined;
  let documentJson: string | undefined;
  let page: string | undefined;
  const built = (): OpenApiDocument => {
    document ??= buildOpenApiDocument(version);
    return document;
  };
  return [
    {
      method: 'GET',
      path: '/openapi.json',
      public: true,
      run: async () => {
        documentJson ??= JSON.stringify(built());
        return asset('application/json', documentJson);
      },
    },
    {
      method: 'GET',
      path: '/docs',
      public: true,
      run: async () => {
        page ??= docsPage(built());
        return asset('text/html; charset=utf-8', page);
      },
    },
  ];
}
