import { readFileSync } from 'node:fs';
import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';

const read = (dir: string, name: string) => readFileSync(new URL(`../fixtures/${dir}/${name}`, import.meta.url), 'utf8');

export function openAIFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(read('openai', name)) as T;
}

export function jsonLines<T = Record<string, unknown>>(dir: 'openai' | 'bedrock', name: string): T[] {
  return read(dir, name)
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

/** A recorded ConverseStream replayed as the SDK yields it. */
export async function* replay(dir: 'openai' | 'bedrock', name: string): AsyncGenerator<ConverseStreamOutput> {
  for (const event of jsonLines<ConverseStreamOutput>(dir, name)) yield event;
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
