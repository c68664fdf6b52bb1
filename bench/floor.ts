import http from 'node:http';
import { performance } from 'node:perf_hooks';
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { anthropicPayload, LAST_CHUNK_MARK, MAX_TOKENS, MODEL, PROMPT } from './fixtures';
import type { Timing } from './timing';

export interface Floor {
  converse(stream: boolean): Promise<Timing>;
  invoke(stream: boolean): Promise<Timing>;
  close(): void;
}

/**
 * The floor: the SDK calling the emulator directly over kept-alive HTTP/1.1 connections, i.e.
 * what a caller would pay with no proxy at all. Its first chunk is the first text delta.
 */
export function createFloor(endpoint: string): Floor {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const client = new BedrockRuntimeClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent: agent }),
  });
  const messages = [{ role: 'user' as const, content: [{ text: PROMPT }] }];
  const body = new TextEncoder().encode(JSON.stringify(anthropicPayload));
  const decoder = new TextDecoder();

  return {
    async converse(stream) {
      const start = performance.now();
      const input = { modelId: MODEL, messages, inferenceConfig: { maxTokens: MAX_TOKENS } };
      if (!stream) {
        const out = await client.send(new ConverseCommand(input));
        const text = out.output?.message?.content?.[0]?.text ?? '';
        const totalMs = performance.now() - start;
        return {
          status: 200,
          firstChunkMs: Number.NaN,
          totalMs,
          bytes: text.length,
          errorSeen: false,
          complete: text.includes(LAST_CHUNK_MARK),
        };
      }
      const out = await client.send(new ConverseStreamCommand(input));
      let first = Number.NaN;
      let bytes = 0;
      let complete = false;
      for await (const event of out.stream ?? []) {
        const text = event.contentBlockDelta?.delta?.text;
        if (text === undefined) continue;
        if (Number.isNaN(first)) first = performance.now() - start;
        bytes += text.length;
        complete ||= text.includes(LAST_CHUNK_MARK);
      }
      return { status: 200, firstChunkMs: first, totalMs: performance.now() - start, bytes, errorSeen: false, complete };
    },
    async invoke(stream) {
      const start = performance.now();
      const input = { modelId: MODEL, body, contentType: 'application/json', accept: 'application/json' };
      if (!stream) {
        const out = await client.send(new InvokeModelCommand(input));
        const totalMs = performance.now() - start;
        return {
          status: 200,
          firstChunkMs: Number.NaN,
          totalMs,
          bytes: out.body.length,
          errorSeen: false,
          complete: decoder.decode(out.body).includes(LAST_CHUNK_MARK),
        };
      }
      const out = await client.send(new InvokeModelWithResponseStreamCommand(input));
      let first = Number.NaN;
      let bytes = 0;
      let complete = false;
      for await (const event of out.body ?? []) {
        const chunk = event.chunk?.bytes;
        if (!chunk) continue;
        // The first text delta, as for Converse: other events (message_start's id) may hold `w1` too.
        const part = JSON.parse(decoder.decode(chunk)) as { type?: string; delta?: { text?: string } };
        const text = part.type === 'content_block_delta' ? part.delta?.text : undefined;
        if (Number.isNaN(first) && text !== undefined) first = performance.now() - start;
        bytes += chunk.length;
        complete ||= text?.includes(LAST_CHUNK_MARK) === true;
      }
      return { status: 200, firstChunkMs: first, totalMs: performance.now() - start, bytes, errorSeen: false, complete };
    },
    close() {
      client.destroy();
      agent.destroy();
    },
  };
}
