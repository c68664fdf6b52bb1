import http from 'node:http';
import https from 'node:https';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { fastEventStreamSerdeProvider } from './bedrock-events';
import type { Config } from './config';
import { tokenCount } from './models/text-families';

/** Token counts Bedrock reports in InvokeModel response headers (not surfaced by the SDK). */
export interface HeaderTokenCounts {
  readonly inputTokens?: number;
  readonly outputTokens?: number;
}

export const TOKEN_COUNTS = Symbol('bedrock-proxy.headerTokenCounts');

/**
 * One client per execution environment, reused across warm invocations.
 *
 * The SDK's default handler is HTTP/2 with `disableConcurrentStreams`, which opens and closes a
 * connection for every call (reference G.1). A keep-alive HTTP/1.1 agent keeps the TCP + TLS
 * connection across calls and invocations; event streams work over it. `maxSockets` is the
 * original proxy's `MAX_POOL_CONNECTIONS`.
 */
export function createBedrockClient(config: Config): BedrockRuntimeClient {
  const agentOptions = { keepAlive: true, maxSockets: config.maxPoolConnections };
  const client = new BedrockRuntimeClient({
    region: config.region,
    maxAttempts: config.maxRetryAttempts,
    retryMode: 'adaptive',
    eventStreamSerdeProvider: fastEventStreamSerdeProvider,
    requestHandler: new NodeHttpHandler({
      httpAgent: new http.Agent(agentOptions),
      httpsAgent: new https.Agent(agentOptions),
    }),
  });
  client.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args);
      const headers = (out.response as { headers?: Record<string, string | undefined> }).headers ?? {};
      const counts: HeaderTokenCounts = {
        inputTokens: tokenCount(headers['x-amzn-bedrock-input-token-count']),
        outputTokens: tokenCount(headers['x-amzn-bedrock-output-token-count']),
      };
      Object.defineProperty(out.output, TOKEN_COUNTS, { value: counts, enumerable: false });
      return out;
    },
    { step: 'deserialize', priority: 'high', name: 'bedrockProxyTokenHeaders' },
  );
  return client;
}

export function headerTokenCounts(output: object): HeaderTokenCounts {
  return (output as { [TOKEN_COUNTS]?: HeaderTokenCounts })[TOKEN_COUNTS] ?? {};
}
