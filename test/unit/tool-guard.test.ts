import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import type { BedrockEvents } from '../../lambda/chat/events';
import { holdToolCalls, unguardedInput } from '../../lambda/chat/tool-guard';

const text = (value: string): ConverseStreamOutput => ({ contentBlockDelta: { contentBlockIndex: 0, delta: { text: value } } });
const toolStart: ConverseStreamOutput = {
  contentBlockStart: { contentBlockIndex: 1, start: { toolUse: { toolUseId: 't1', name: 'get_weather' } } },
};
const toolInput = (input: string): ConverseStreamOutput => ({ contentBlockDelta: { contentBlockIndex: 1, delta: { toolUse: { input } } } });
const toolStop: ConverseStreamOutput = { contentBlockStop: { contentBlockIndex: 1 } };
const stop: ConverseStreamOutput = { messageStop: { stopReason: 'tool_use' } };
const metadata: ConverseStreamOutput = {
  metadata: { usage: { inputTokens: 3, outputTokens: 4, totalTokens: 7 }, metrics: { latencyMs: 1 } },
};

/** A recorded ConverseStream that reports which events were read from it. */
function source(events: ConverseStreamOutput[]): BedrockEvents<ConverseStreamOutput> & { read: number } {
  const queue = [...events];
  const out = {
    read: 0,
    next: async () => {
      const value = queue.shift();
      if (value === undefined) return { done: true as const, value: undefined };
      out.read += 1;
      return { done: false as const, value };
    },
    cancel: () => undefined,
  };
  return out;
}

async function drain(events: BedrockEvents<ConverseStreamOutput>): Promise<ConverseStreamOutput[]> {
  const out: ConverseStreamOutput[] = [];
  for (let next = await events.next(); !next.done; next = await events.next()) out.push(next.value);
  return out;
}

describe('holdToolCalls', () => {
  const recorded = [text('Let me look.'), toolStart, toolInput('{"city":'), toolInput('"Paris"}'), toolStop, stop, metadata];

  it('passes text on as it comes, and holds the tool call until the check of its whole input', async () => {
    const checked: string[][] = [];
    const upstream = source(recorded);
    const held = holdToolCalls(upstream, async (texts) => {
      checked.push(texts);
      return undefined;
    });
    expect(await held.next()).toEqual({ done: false, value: text('Let me look.') });
    expect(upstream.read).toBe(1);
    expect(await drain(held)).toEqual(recorded.slice(1));
    expect(checked).toEqual([['{"city":"Paris"}']]);
  });

  it('replaces a blocked tool call with the guardrail messaging and stop reason, keeping the usage', async () => {
    const held = holdToolCalls(source(recorded), async () => 'Blocked.');
    expect(await drain(held)).toEqual([
      text('Let me look.'),
      { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'Blocked.' } } },
      { messageStop: { stopReason: 'guardrail_intervened' } },
      metadata,
    ]);
  });

  it('never lets out tool input of a stream that ends without messageStop', async () => {
    let checks = 0;
    const held = holdToolCalls(source(recorded.slice(0, 5)), async () => {
      checks += 1;
      return undefined;
    });
    expect(await drain(held)).toEqual([text('Let me look.')]);
    expect(checks).toBe(0);
  });

  it('costs a stream without tool calls no check', async () => {
    let checks = 0;
    const plain: ConverseStreamOutput[] = [text('hi'), { messageStop: { stopReason: 'end_turn' } }, metadata];
    const held = holdToolCalls(source(plain), async () => {
      checks += 1;
      return undefined;
    });
    expect(await drain(held)).toEqual(plain);
    expect(checks).toBe(0);
  });
});

describe('unguardedInput', () => {
  it('is every tool result, tool-call input and tool definition of a request, and nothing else', () => {
    const texts = unguardedInput(
      [
        { role: 'user', content: [{ text: 'screened by Converse' }] },
        { role: 'assistant', content: [{ text: 'also screened' }, { toolUse: { toolUseId: 't1', name: 'f', input: { q: 1 } } }] },
        { role: 'user', content: [{ toolResult: { toolUseId: 't1', content: [{ text: 'result' }, { json: { a: 'b' } }] } }] },
      ],
      { tools: [{ toolSpec: { name: 'f', description: 'does f', inputSchema: { json: { type: 'object' } } } }] },
    );
    expect(texts).toEqual([
      '{"q":1}',
      'result',
      '{"a":"b"}',
      '{"name":"f","description":"does f","inputSchema":{"json":{"type":"object"}}}',
    ]);
  });
});
