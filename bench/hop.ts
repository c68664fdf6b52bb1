import { fork } from 'node:child_process';
import { once } from 'node:events';

export interface Hop {
  readonly url: string;
  close(): Promise<void>;
}

/** Starts bench/hop-server.ts (bundled) in its own process, forwarding to `target`. */
export async function startHop(script: string, target: string): Promise<Hop> {
  const child = fork(script, [target], {
    execArgv: [],
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const onExit = () => reject(new Error('the HTTP hop exited before it listened'));
    child.once('exit', onExit);
    child.once('message', (message: { url: string }) => {
      child.off('exit', onExit);
      resolve(message.url);
    });
  });
  return {
    url,
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.send({ cmd: 'exit' });
      await exited;
    },
  };
}
