import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import type { RunResult, WorkerCommand } from './worker';

export interface Worker {
  readonly pid: number;
  readonly importMs: number;
  run(body: string, count: number, concurrency?: number): Promise<RunResult>;
  serve(): Promise<string>;
  memory(): Promise<{ rss: number; peak: number }>;
  resetPeak(): Promise<{ rss: number; peak: number }>;
  close(): Promise<void>;
}

/**
 * Forks the bundled worker (plain `node`, no tsx loader) with the production bundle and the
 * handler's environment. Its stdout (the handler's logs, at the production level) is discarded.
 */
export async function startWorker(
  workerScript: string,
  bundle: string,
  env: Record<string, string>,
  opts: { execArgv?: string[] } = {},
): Promise<Worker> {
  const child: ChildProcess = fork(workerScript, [bundle], {
    execArgv: opts.execArgv ?? [],
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (data: Buffer) => {
    stderr = (stderr + data.toString()).slice(-2000);
  });
  const next = <T>(type: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const onMessage = (message: { type: string }) => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message as T);
      };
      const onExit = (code: number | null) => reject(new Error(`worker exited (${code}): ${stderr}`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const command = <T>(message: WorkerCommand, reply: string): Promise<T> => {
    const answer = next<T>(reply);
    child.send(message);
    return answer;
  };
  const { importMs } = await next<{ importMs: number }>('ready');
  return {
    pid: child.pid ?? 0,
    importMs,
    run: (body, count, concurrency = 1) => command<RunResult>({ cmd: 'run', body, count, concurrency }, 'result'),
    serve: async () => (await command<{ url: string }>({ cmd: 'serve' }, 'serving')).url,
    memory: () => command({ cmd: 'memory' }, 'memory'),
    resetPeak: () => command({ cmd: 'reset-peak' }, 'memory'),
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.send({ cmd: 'exit' } satisfies WorkerCommand);
      const timer = setTimeout(() => child.kill(), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
