import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { isThrottlingError } from '@smithy/core/retry';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpHandlerOptions } from '@smithy/types';
import { fastEventStreamSerdeProvider } from './bedrock-events';
import type { Config } from './config';
import { tokenCount } from './models/text-families';
import { createPacer, MAX_PACING_WAIT_MS } from './pacing';
import { KeyedSha256 } from './sha256';

/** Token counts Bedrock reports in InvokeModel response headers (not surfaced by the SDK). */
export interface HeaderTokenCounts {
  readonly inputTokens?: number;
  readonly outputTokens?: number;
}

export const TOKEN_COUNTS = Symbol('tokenCounts');

/** The signal a call's HTTP exchange obeys, on the command's input and then on each attempt's request. */
const SIGNAL = Symbol('signal');

type Signalled = { [SIGNAL]?: AbortSignal };

/** When a call's turns must have come by (`Pacer.turn`), on the command's input from its first attempt. */
const LATEST = Symbol('latestTurn');

/**
 * Gives a command's HTTP exchange the request's signal without passing `send()` options, which
 * would make the SDK rebuild its middleware stack for the call (see `createBedrockClient`).
 */
export function bindSignal(input: object, signal: AbortSignal): void {
  Object.defineProperty(input, SIGNAL, { value: signal, configurable: true });
}

/** NodeHttpHandler that aborts each exchange with the signal bound to its command. */
class SignalHttpHandler extends NodeHttpHandler {
  override handle(request: Parameters<NodeHttpHandler['handle']>[0], options: HttpHandlerOptions = {}) {
    const abortSignal = (request as Signalled)[SIGNAL];
    return super.handle(request, abortSignal ? { ...options, abortSignal } : options);
  }
}

/**
 * One client per execution environment, reused across warm invocations.
 *
 * The SDK's default handler is HTTP/2 with `disableConcurrentStreams`, which opens and closes a
 * connection for every call (reference G.1). A keep-alive HTTP/1.1 agent keeps the TCP + TLS
 * connection across calls and invocations; event streams work over it. The original proxy's
 * `MAX_POOL_CONNECTIONS` is the number of connections kept alive (`maxFreeSockets`), as botocore's
 * `max_pool_connections` is: urllib3 opens more when the pool is empty and closes the surplus, so
 * the pool never caps concurrent calls. As `maxSockets` it would: an event stream holds its socket
 * until it ends, and with that many streams open (an instance serving many requests at once, as
 * the local server and Lambda Managed Instances do) every further call waited for one.
 *
 * The handler builds its agents from these options rather than being given agents, so that this
 * module never imports `node:http`: on Node 24, an ES module import of `node:http` reads every
 * export of it, and three of those (`WebSocket`, `CloseEvent`, `MessageEvent`) load Node's bundled
 * undici, 16–17 ms of a cold start here (BENCHMARKS.md, "Cold start"). The Lambda runtime has
 * already loaded `node:http` with `require()`, which reads nothing; the SDK imports it itself only
 * for an `http://` endpoint.
 *
 * `cacheMiddleware` resolves each operation's middleware stack once instead of on every call
 * (https://github.com/aws/aws-sdk-js-v3/issues/6423), about 0.1 ms of CPU per call here
 * (BENCHMARKS.md). The SDK only uses the cache for calls made without options, so the abort
 * signal travels beside the call instead: `bindSignal` puts it on the command's input, the
 * innermost middleware copies it to the signed request of each attempt, and the handler above
 * aborts that exchange with it. `callBedrock` races the call with the same signal, because the
 * SDK's retry delays no longer see it.
 *
 * Signing: the SDK builds a new `SignatureV4` for every call, from a copy of the client's whole
 * resolved config (about 10 µs of CPU per call); `signer` builds it once, from what the SDK would
 * give it: the client's memoized credentials (refreshed when they expire), its region, and
 * `bedrock`, the service name SigV4 signs Bedrock Runtime calls with. The SDK still passes the
 * clock-skew-corrected date of each call. test/unit/signing.test.ts holds that each signature is
 * the one the SDK's own signer makes. `sha256` is the SDK's own hash with the signing key handed
 * to Node as a `KeyObject` (`lambda/sha256.ts`).
 *
 * Retries: the SDK's standard mode retries each call; the pacing after a throttle that its
 * adaptive mode adds is `Pacer`'s (`lambda/pacing.ts`), run by the same innermost middleware for
 * each attempt, so that a wait knows the request's signal and its length.
 */
export function createBedrockClient(config: Config): BedrockRuntimeClient {
  const agentOptions = { keepAlive: true, maxSockets: Number.POSITIVE_INFINITY, maxFreeSockets: config.maxPoolConnections };
  let signer: SignatureV4 | undefined;
  const client: BedrockRuntimeClient = new BedrockRuntimeClient({
    region: config.region,
    maxAttempts: config.maxRetryAttempts,
    retryMode: 'standard',
    cacheMiddleware: true,
    sha256: KeyedSha256,
    signer: async () => {
      signer ??= new SignatureV4({
        credentials: client.config.credentials,
        region: config.region,
        service: 'bedrock',
        sha256: KeyedSha256,
      });
      return signer;
    },
    eventStreamSerdeProvider: fastEventStreamSerdeProvider,
    requestHandler: new SignalHttpHandler({
      httpAgent: agentOptions,
      httpsAgent: agentOptions,
    }),
  });
  const pacer = createPacer();
  client.middlewareStack.add(
    (next) => (args) => {
      const input = args.input as Signalled & { [LATEST]?: number };
      const signal = input[SIGNAL];
      if (signal && args.request) Object.defineProperty(args.request, SIGNAL, { value: signal, configurable: true });
      // Outside the deserializer, so that this sees Bedrock's error as the SDK's retry does, that
      // of an exception sent as a stream's first event included.
      const attempt = () =>
        next(args).then(
          (out) => {
            pacer.record(false);
            return out;
          },
          (error: Parameters<typeof isThrottlingError>[0]) => {
            pacer.record(isThrottlingError(error));
            throw error;
          },
        );
      input[LATEST] ??= Date.now() + MAX_PACING_WAIT_MS;
      const turn = pacer.turn(signal, input[LATEST]);
      return turn ? turn.then(attempt) : attempt();
    },
    { step: 'deserialize', priority: 'high', name: 'bedrockProxyAttempt' },
  );
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
