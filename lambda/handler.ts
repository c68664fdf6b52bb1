import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import { createBedrockClient } from './bedrock-client';
import { loadConfig } from './config';
import { EmbeddingCache } from './embed/cache';
import type { FunctionUrlEvent, HttpResponse } from './http';
import { authenticate, callerOf } from './middleware/authenticate';
import { jsonBody } from './middleware/json-body';
import { renderErrors } from './middleware/render-errors';
import { recordOf, requestLog } from './middleware/request-log';
import { resolveRoute, routeOf } from './middleware/resolve-route';
import type { Route } from './router';
import { allRoutes } from './routes';
import { requestScope } from './scope';
import { responseGone, streamifyResponse } from './streamify';

// Cold start: configuration, the one Bedrock client, the caches and the routes are built once per
// execution environment and reused by every warm invocation. No network I/O happens here.
const config = loadConfig(process.env);
const logger = new Logger({ serviceName: 'bedrock-proxy' });
const metrics = new Metrics({ namespace: 'BedrockProxy', serviceName: 'bedrock-proxy' });
const deps = { client: createBedrockClient(config), config, embedCache: new EmbeddingCache(config.embedCacheMaxBytes) };
const routes: readonly Route[] = allRoutes(deps, logger);

// Middleware order: Lambda context on the logger; requestLog records every request and writes
// one log line and one metrics record when it ends; renderErrors turns anything thrown below into
// the one error shape; then resolveRoute (404/405), authenticate (401), jsonBody (413/400); the
// route validates with zod and dispatches. Streamed bodies never throw: late failures go in-band.
// Middy's own early timeout (5 ms before the deadline, a TimeoutError) is off: the request's scope
// owns the deadline (DEADLINE_MARGIN_MS), and a smaller margin would let Middy's error win as a 500.
const chain = middy<FunctionUrlEvent, HttpResponse>({ timeoutEarlyInMillis: 0 })
  .use(injectLambdaContext(logger))
  .use(requestLog({ logger, metrics, logContent: config.logContent }))
  .use(renderErrors(logger))
  .use(resolveRoute(routes))
  .use(authenticate(config.auth, config.deadlineMarginMs))
  .use(jsonBody({ maxBytes: config.maxBodyBytes }))
  .handler(async (event, context) => {
    const route = routeOf(event);
    const record = recordOf(event);
    // Both were set by the middlewares above; their absence is a wiring bug, reported as a 500.
    if (!route || !record) throw new Error('request was not prepared by the middleware chain');
    const caller = callerOf(event);
    record.set({ keyName: caller?.name });
    const scope = requestScope(record, caller, context, config.deadlineMarginMs, responseGone(event));
    return route.run({ event, body: event.body, scope });
  });

export const handler = streamifyResponse(chain);
