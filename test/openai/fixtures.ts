import { readFileSync } from 'node:fs';
import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import type { EventMapper } from '../../lambda/chat/events';

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

/** A recorded ConverseStream, one event per line as the SDK yields them. */
export function replay(dir: 'openai' | 'bedrock', name: string): ConverseStreamOutput[] {
  return jsonLines<ConverseStreamOutput>(dir, name);
}

/** Runs a stream mapper over a whole recorded stream. */
export function mapAll<In, Out>(events: readonly In[], mapper: EventMapper<In, Out>): Out[] {
  return [...events.flatMap((event) => mapper.next(event)), ...mapper.end()];
}
