import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGTERM');
});

/** Runs `npm start`'s script with `env` and returns the URL it says it listens on, or its exit. */
async function start(env: Record<string, string>): Promise<{ url?: string; code?: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    env: { ...process.env, API_KEYS: 'k', ...env },
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
  return { ...first, stderr };
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

  it('a PORT that is not a port number stops it with one line', async () => {
    const { code, stderr } = await start({ PORT: 'abc' });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('PORT must be a port number (0 to 65535), got "abc"');
  });
});
