import type { AddressInfo, Server } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import type { Emulator } from '../../local/emulator';
import { type LocalProxy, startLocalProxy } from '../../local/proxy';

/**
 * Starts `npm start`'s stack in this test file: the embedded emulator, the real handler module
 * (imported once with `env`, as a cold start would), and the Function URL server on loopback.
 * Vitest isolates test files, so each file gets its own cold start and configuration.
 */
export function useLocalProxy(env: NodeJS.ProcessEnv = {}, options: { timeoutMs?: number } = {}) {
  const state: { proxy?: LocalProxy } = {};
  beforeAll(async () => {
    for (const name of [
      'API_KEYS',
      'BEDROCK_GUARDRAIL_ID',
      'AWS_ENDPOINT_URL_BEDROCK_RUNTIME',
      'ALLOWED_ORIGINS',
      'AUTH_MODE',
      'API_KEYS_SECRET_ARN',
      'ALLOWED_MODELS',
      'LOG_CONTENT',
    ]) {
      delete process.env[name];
    }
    state.proxy = await startLocalProxy({
      port: 0,
      timeoutMs: options.timeoutMs,
      // Quiet by default; the observability tests turn logs and metrics back on.
      env: { ...process.env, MAX_RETRY_ATTEMPTS: '1', POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true', ...env },
    });
  });
  afterAll(async () => {
    await state.proxy?.close();
  });
  return {
    get url(): string {
      if (!state.proxy) throw new Error('proxy not started');
      return state.proxy.url;
    },
    get emulator(): Emulator {
      if (!state.proxy?.emulator) throw new Error('emulator not started');
      return state.proxy.emulator;
    },
  };
}

/**
 * `useLocalProxy` in front of another Bedrock endpoint (README: AWS_ENDPOINT_URL_BEDROCK_RUNTIME):
 * `server`, a fake Bedrock that answers as the test file needs, listening on loopback from before
 * the proxy's cold start, which reads its URL, to the end of the file.
 */
export function useLocalProxyBehind(server: Server, env: NodeJS.ProcessEnv = {}) {
  const endpoint = { url: '' };
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
  });
  return useLocalProxy({
    get AWS_ENDPOINT_URL_BEDROCK_RUNTIME() {
      return endpoint.url;
    },
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    ...env,
  });
}
