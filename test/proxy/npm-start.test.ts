import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGTERM');
});

/** This process's environment without what the tests here set, so each test says all it uses. */
function inherited(): NodeJS.ProcessEnv {
  const {
    PORT: _port,
    HOST: _host,
    BEDROCK_MODEL_ID: _model,
    API_KEYS: _keys,
    POWERTOOLS_DEV: _dev,
    POWERTOOLS_METRICS_DISABLED: _metrics,
    ...rest
  } = process.env;
  return rest;
}

/**
 * Runs `npm start`'s script with `env` (in `cwd`, the project by default) and returns the URL it
 * says it listens on, or its exit.
 */
async function start(
  env: Record<string, string>,
  cwd = process.cwd(),
): Promise<{ url?: string; code?: number | null; stderr: string; stdout: () => string; stderrNow: () => string }> {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child = spawn(process.execPath, ['--import', tsx, path.resolve('local/start.ts')], {
    cwd,
    env: { ...inherited(), API_KEYS: 'k', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const listening = new Promise<string>((resolve) => {
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
      const match = /listening on (\S+)/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const first = await Promise.race([listening.then((url) => ({ url })), exited.then((code) => ({ code }))]);
  return { ...first, stderr, stdout: () => stdout, stderrNow: () => stderr };
}

describe('npm start (local/start.ts)', () => {
  it('a blank HOST is unset: loopback, never every interface', async () => {
    const { url } = await start({ HOST: ' ', PORT: '0' });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });

  it('an IPv6 HOST gives a URL that works (brackets)', async () => {
    const { url } = await start({ HOST: '::1', PORT: '0' });
    expect(url).toMatch(/^http:\/\/\[::1\]:\d+$/);
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });

  it('reads a .env file in its working directory, as the original did; the environment wins', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bedrock-proxy-env-'));
    writeFileSync(path.join(dir, '.env'), 'PORT=0\nBEDROCK_MODEL_ID=amazon.nova-micro-v1:0\nAPI_KEYS=from-file\n');
    const { url } = await start({ API_KEYS: 'from-env' }, dir);
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    // The default model came from the file; the key from the environment.
    const listed = await fetch(`${url}/v1/models`, { headers: { authorization: 'Bearer from-env' } });
    expect(((await listed.json()) as { data: { id: string }[] }).data.map((model) => model.id)).toContain('amazon.nova-micro-v1:0');
    expect((await fetch(`${url}/v1/models`, { headers: { authorization: 'Bearer from-file' } })).status).toBe(401);
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints each request\'s log line, indented, and its EMF metrics record, as README "Observability" says', async () => {
    const { url, stdout } = await start({ PORT: '0' });
    const answer = await fetch(`${url}/chat`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(answer.status).toBe(200);
    const requestId = answer.headers.get('x-request-id');
    // Both are written once the response has ended: wait up to 5 s for the record.
    for (let waited = 0; waited < 5_000 && !stdout().includes('"_aws"'); waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const record = stdout()
      .split('\n')
      .find((line) => line.startsWith('{"_aws"'));
    expect(JSON.parse(record ?? '{}')).toMatchObject({ requestId, service: 'bedrock-proxy', Requests: 1, Errors: 0 });
    expect(stdout()).toContain(`    "requestId": "${requestId}"`);
  });

  it.each([
    ['no API_KEYS', { API_KEYS: '' }, /API_KEYS is not set/],
    ['AUTH_MODE=iam, which this server cannot check', { AUTH_MODE: 'iam' }, /AUTH_MODE=iam[\s\S]*accepts requests WITHOUT any credentials/],
  ])('warns that it serves anyone with %s', async (_name, env, warning) => {
    const { url, stderrNow } = await start({ PORT: '0', ...env });
    expect((await fetch(`${url}/chat`, { method: 'POST', body: '{"messages":[{"role":"user","content":"hi"}]}' })).status).toBe(200);
    expect(stderrNow()).toMatch(warning);
  });

  it('warns that AUTH_MODE=api-key with no keys refuses everything', async () => {
    const { url, stderrNow } = await start({ PORT: '0', API_KEYS: '', AUTH_MODE: 'api-key' });
    expect((await fetch(`${url}/chat`, { method: 'POST', body: '{"messages":[{"role":"user","content":"hi"}]}' })).status).toBe(401);
    expect(stderrNow()).toMatch(/AUTH_MODE=api-key and no keys are set: every request gets a 401/);
  });

  it('gives no such warning with API keys', async () => {
    const { url, stderrNow } = await start({ PORT: '0' });
    expect((await fetch(`${url}/chat`, { method: 'POST', body: '{"messages":[{"role":"user","content":"hi"}]}' })).status).toBe(401);
    expect(stderrNow()).not.toMatch(/WARNING/);
  });

  it.each(['abc', '0x0c1d', '1e3', '65536'])('a PORT that is not a port number in decimal stops it with one line: %s', async (port) => {
    const { code, stderr } = await start({ PORT: port });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(`PORT must be a port number (0 to 65535), got "${port}"`);
  });

  it('a .env it cannot read stops it with one line, not a stack trace', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bedrock-proxy-env-'));
    try {
      mkdirSync(path.join(dir, '.env'));
      const { code, stderr } = await start({ PORT: '0' }, dir);
      expect(code).toBe(1);
      expect(stderr).toMatch(/^bedrock-proxy did not start: \.env could not be read: /m);
      expect(stderr).not.toMatch(/^\s+at /m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a bad setting stops it with a line that names the variable, not a stack trace', async () => {
    const { code, stderr } = await start({ PORT: '0', MAX_POOL_CONNECTIONS: 'lots' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^bedrock-proxy did not start: Invalid configuration: MAX_POOL_CONNECTIONS: /m);
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('a port in use stops it with one line, not an unhandled error event', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = taken.address() as AddressInfo;
      const { code, stderr } = await start({ PORT: String(port) });
      expect(code).toBe(1);
      expect(stderr).toMatch(
        new RegExp(`^bedrock-proxy did not start: listen EADDRINUSE: address already in use 127\\.0\\.0\\.1:${port}$`, 'm'),
      );
      expect(stderr).not.toMatch(/^\s+at /m);
    } finally {
      taken.close();
    }
  });
});
