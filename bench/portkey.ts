import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface Portkey {
  readonly url: string;
  readonly pid: number;
  /** Request headers that route a chat completion to Bedrock at the emulator. */
  readonly headers: Record<string, string>;
  close(): Promise<void>;
}

/**
 * Starts the Portkey AI gateway's Node server (the package's `build/start-server.js`, as its
 * `start:node` script does) on a loopback port, in its own process. `--headless` skips the
 * console UI. Its custom host (`x-portkey-custom-host`) points the bedrock provider at the
 * emulator; 127.0.0.1 is on its default TRUSTED_CUSTOM_HOSTS list.
 */
export async function startPortkey(port: number, emulatorUrl: string): Promise<Portkey> {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@portkey-ai/gateway/package.json', { paths: [process.cwd()] });
  const script = path.join(path.dirname(pkg), 'build', 'start-server.js');
  const child: ChildProcess = spawn(process.execPath, [script, `--port=${port}`, '--headless'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (data: Buffer) => {
      output += data.toString();
      if (output.includes('Ready for connections')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`Portkey exited (${code}): ${output.slice(-500)}`)));
  });
  const timeout = setTimeout(() => child.kill(), 15_000);
  await ready.finally(() => clearTimeout(timeout));
  child.stdout?.resume();
  child.stderr?.resume();
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    headers: {
      'x-portkey-provider': 'bedrock',
      'x-portkey-custom-host': emulatorUrl,
      'x-portkey-aws-access-key-id': 'bench',
      'x-portkey-aws-secret-access-key': 'bench',
      'x-portkey-aws-region': 'us-east-1',
    },
    close: async () => {
      if (child.exitCode !== null) return;
      child.kill();
      await once(child, 'exit');
    },
  };
}
