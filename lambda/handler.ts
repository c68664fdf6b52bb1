import middy from '@middy/core';
import { createBedrockClient } from './bedrock-client';
import { loadConfig } from './config';
import type { FunctionUrlEvent, HttpResponse } from './http';
import { jsonLogger } from './logger';
import { apiKeyAuth } from './middleware/api-key-auth';
import { jsonBody } from './middleware/json-body';
import { renderErrors } from './middleware/render-errors';
import { resolveRoute, routeOf } from './middleware/resolve-route';
import { chatRoute } from './routes/chat';
import { healthRoute } from './routes/health';
import type { Route } from './router';

// Cold start: configuration, the one Bedrock client and the routes are built once per execution
// environment and reused by every warm invocation. No network I/O happens here.
const config = loadConfig(process.env);
const logger = jsonLogger({ service: 'bedrock-proxy' });
const deps = { client: createBedrockClient(config), config };
const routes: readonly Route[] = [healthRoute, chatRoute(deps, logger)];

// Middleware order: renderErrors turns anything thrown below into the one error shape; then
// resolveRoute (404/405), apiKeyAuth (401), jsonBody (413/400); the handler validates with zod
// and dispatches. Streamed bodies never throw: late failures are written in-band.
export const handler = middy<FunctionUrlEvent, HttpResponse>({ streamifyResponse: true })
  .use(renderErrors(logger))
  .use(resolveRoute(routes))
  .use(apiKeyAuth(config.apiKeys))
  .use(jsonBody({ maxBytes: config.maxBodyBytes }))
  .handler(async (event, _context, { signal }) => {
    const route = routeOf(event);
    // resolveRoute ran before; its absence would be a wiring bug, reported as a 500.
    if (!route) throw new Error('no route resolved');
    return route.run({ event, body: event.body, signal });
  });
