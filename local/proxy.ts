import { type Config, loadConfig } from '../lambda/config';
import { type Emulator, startEmulator } from './emulator';
import { installAwsLambdaGlobal, installInvokeStore } from './runtime/awslambda';
import type { StreamingHandler } from './runtime/invoke';
import { type LocalServer, startLocalServer } from './server';

export interface LocalProxyOptions {
  readonly host?: string;
  readonly port?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: (line: string) => void;
  /** The function timeout the handler's context reflects (default 300 s, as the stack's). */
  readonly timeoutMs?: number;
}

export interface LocalProxy {
  readonly url: string;
  /** The embedded emulator, when this proxy started one. */
  readonly emulator: Emulator | undefined;
  readonly backend: string;
  /** The configuration parsed from the same environment as the handler's. */
  readonly config: Config;
  readonly server: LocalServer;
  close(): Promise<void>;
}

/**
 * The whole proxy on one machine: the embedded Bedrock emulator (unless
 * `AWS_ENDPOINT_URL_BEDROCK_RUNTIME` names another endpoint or `BEDROCK_BACKEND=aws` asks for real
 * Bedrock), the real handler module under the runtime stand-in, and the Function URL server.
 * The handler reads its configuration from `process.env` when first imported, as in Lambda.
 */
export async function startLocalProxy(options: LocalProxyOptions = {}): Promise<LocalProxy> {
  const env = options.env ?? process.env;
  let emulator: Emulator | undefined;
  let backend: string;
  if (env.BEDROCK_BACKEND === 'aws') {
    // The handler's region is AWS_REGION or us-east-1 (lambda/config.ts); a profile's region is not read.
    backend = `Amazon Bedrock in ${env.AWS_REGION?.trim() || 'us-east-1 (set AWS_REGION for another Region)'} (standard AWS credential chain)`;
  } else if (env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME) {
    backend = `Bedrock-compatible endpoint ${env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME}`;
  } else {
    // The SDK needs some credentials to sign with; the emulator checks the signatures these keys
    // make, as Bedrock would (a profile's keys, which it cannot know, go unchecked).
    env.AWS_ACCESS_KEY_ID ??= 'emulator';
    env.AWS_SECRET_ACCESS_KEY ??= 'emulator';
    emulator = await startEmulator({
      host: '127.0.0.1',
      port: 0,
      // A little spacing between emulated tokens makes streaming visible in a terminal or browser.
      chunkDelayMs: Number(env.EMULATOR_CHUNK_DELAY_MS ?? 0),
      signingSecrets: { [env.AWS_ACCESS_KEY_ID]: env.AWS_SECRET_ACCESS_KEY },
    });
    env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = emulator.url;
    backend = `embedded Bedrock emulator at ${emulator.url}`;
  }
  env.AWS_REGION ??= 'us-east-1';
  // The local server runs concurrent requests in one instance, as Lambda Managed Instances do
  // (within one worker thread); their runtime says so with this variable, and Powertools then keeps
  // each invocation's log context apart. 64 is the Node.js default per vCPU; nothing here enforces it.
  env.AWS_LAMBDA_MAX_CONCURRENCY ??= '64';
  if (env !== process.env) Object.assign(process.env, env);

  installAwsLambdaGlobal();
  await installInvokeStore();
  const { handler } = (await import('../lambda/handler')) as { handler: StreamingHandler };
  const config = loadConfig(process.env);
  const server = await startLocalServer({
    handler,
    host: options.host,
    port: options.port,
    allowedOrigins: config.allowedOrigins,
    unauthenticated: config.auth.mode === 'open' || config.auth.mode === 'iam',
    log: options.log,
    timeoutMs: options.timeoutMs,
  });
  return {
    url: server.url,
    emulator,
    backend,
    config,
    server,
    close: async () => {
      await server.close();
      await emulator?.close();
    },
  };
}
