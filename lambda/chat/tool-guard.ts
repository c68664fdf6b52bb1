import {
  ApplyGuardrailCommand,
  type ConverseStreamOutput,
  type GuardrailContentSource,
  type Message,
  type ToolConfiguration,
} from '@aws-sdk/client-bedrock-runtime';
import { type BedrockDeps, callBedrock } from '../bedrock-call';
import { invalidUpstreamBody } from '../errors';
import { type ConverseResult, type ConverseSpec, converse, converseMapper, streamConverse, type ToolCall } from './converse';
import type { BedrockEvents, ChatStream, Usage } from './events';

/*
 * A guardrail in Converse's `guardrailConfig` does not evaluate tool results, tool definitions
 * (name, description, input schema) or tool-call input, the model's or a history's ("Include a
 * guardrail with the Converse API", Amazon Bedrock User Guide). Through those fields a caller
 * could send text the guardrail never sees, and `response_format`, which this proxy answers with
 * a forced tool, would bring the whole answer back unchecked. So, with a guardrail configured,
 * the proxy has the same guardrail check them with ApplyGuardrail: the request's before the
 * Converse call (source INPUT), the answer's tool input after it (source OUTPUT), and a streamed
 * answer's tool calls are held back until they are checked.
 */

/** A guardrail's verdict: undefined when it let the content pass, else its blocked messaging. */
export type Blocked = string | undefined;

const NO_USAGE: Usage = { input_tokens: 0, output_tokens: 0 };

/** The request's texts Converse's guardrail does not evaluate; pure. */
export function unguardedInput(messages: readonly Message[], toolConfig: ToolConfiguration | undefined): string[] {
  const texts: string[] = [];
  for (const block of messages.flatMap((message) => message.content ?? [])) {
    for (const part of block.toolResult?.content ?? []) {
      if (part.text !== undefined) texts.push(part.text);
      if (part.json !== undefined) texts.push(JSON.stringify(part.json));
    }
    if (block.toolUse) texts.push(JSON.stringify(block.toolUse.input ?? {}));
  }
  for (const tool of toolConfig?.tools ?? []) if (tool.toolSpec) texts.push(JSON.stringify(tool.toolSpec));
  return texts.filter((text) => text.trim() !== '');
}

/** The answer's texts Converse's guardrail does not evaluate: each tool call's input; pure. */
export function unguardedOutput(toolCalls: readonly ToolCall[]): string[] {
  return toolCalls.map((call) => JSON.stringify(call.input ?? {}));
}

/** What the caller gets when the guardrail blocks: its messaging, as Converse answers an intervention. */
export function blockedResult(text: string, usage: Usage = NO_USAGE): ConverseResult {
  return { text, reasoning: '', toolCalls: [], stopReason: 'guardrail_intervened', usage };
}

/** Checks `texts` with the configured guardrail (none configured, or nothing to check: it passes). */
export async function checkWithGuardrail(
  deps: BedrockDeps,
  source: GuardrailContentSource,
  texts: readonly string[],
  signal: AbortSignal | undefined,
): Promise<Blocked> {
  const guardrail = deps.config.guardrail;
  if (!guardrail || texts.length === 0) return undefined;
  const command = new ApplyGuardrailCommand({
    guardrailIdentifier: guardrail.id,
    guardrailVersion: guardrail.version,
    source,
    content: texts.map((text) => ({ text: { text } })),
  });
  const output = await callBedrock(deps.client, command, signal);
  if (output.action === 'NONE') return undefined;
  if (output.action !== 'GUARDRAIL_INTERVENED')
    throw invalidUpstreamBody('Bedrock returned a guardrail action that is neither NONE nor GUARDRAIL_INTERVENED.');
  return (output.outputs ?? []).map((out) => out.text ?? '').join('') || 'The guardrail blocked this content.';
}

/** The guardrail's messaging as ConverseStream events, up to its stop reason (Bedrock's usage follows). */
function blockedAnswer(text: string): ConverseStreamOutput[] {
  return [{ contentBlockDelta: { contentBlockIndex: 0, delta: { text } } }, { messageStop: { stopReason: 'guardrail_intervened' } }];
}

const NO_STREAM_USAGE: ConverseStreamOutput = {
  metadata: { usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 }, metrics: { latencyMs: 0 } },
};

function fromList<T>(list: T[]): BedrockEvents<T> {
  return {
    next: () => Promise.resolve(list.length > 0 ? { done: false, value: list.shift() as T } : { done: true, value: undefined }),
    cancel: () => {
      list.length = 0;
    },
  };
}

/**
 * A ConverseStream whose tool calls are held back until `check` has passed their input: text and
 * reasoning go on as they come; the tool blocks' events follow once Bedrock's messageStop has
 * arrived and the check passed. A blocked check replaces them with the guardrail's messaging and
 * stop reason. A stream that ends without messageStop never lets its held tool input out.
 */
export function holdToolCalls(
  events: BedrockEvents<ConverseStreamOutput>,
  check: (texts: string[]) => Promise<Blocked>,
): BedrockEvents<ConverseStreamOutput> {
  const toolBlocks = new Set<number>();
  const held: ConverseStreamOutput[] = [];
  const inputs = new Map<number, string>();
  const ready: ConverseStreamOutput[] = [];
  const isHeld = (event: ConverseStreamOutput): boolean => {
    const start = event.contentBlockStart;
    if (start?.start?.toolUse && start.contentBlockIndex !== undefined) {
      toolBlocks.add(start.contentBlockIndex);
      return true;
    }
    const index = event.contentBlockDelta?.contentBlockIndex ?? event.contentBlockStop?.contentBlockIndex;
    if (index === undefined || !toolBlocks.has(index)) return false;
    const input = event.contentBlockDelta?.delta?.toolUse?.input;
    if (input) inputs.set(index, (inputs.get(index) ?? '') + input);
    return true;
  };
  const release = async (stop: ConverseStreamOutput): Promise<void> => {
    if (held.length === 0) {
      ready.push(stop);
      return;
    }
    const blocked = await check([...toolBlocks].map((index) => inputs.get(index) || '{}'));
    const tools = held.splice(0);
    // Bedrock's own metadata (the usage) follows either way.
    ready.push(...(blocked === undefined ? [...tools, stop] : blockedAnswer(blocked)));
  };
  return {
    async next() {
      for (;;) {
        const queued = ready.shift();
        if (queued !== undefined) return { done: false, value: queued };
        const result = await events.next();
        if (result.done) return result;
        const event = result.value;
        if (isHeld(event)) held.push(event);
        else if (event.messageStop) await release(event);
        else return result;
      }
    },
    cancel: () => events.cancel(),
  };
}

const checkInput = (deps: BedrockDeps, spec: ConverseSpec, signal: AbortSignal | undefined): Promise<Blocked> =>
  checkWithGuardrail(deps, 'INPUT', unguardedInput(spec.messages, spec.toolConfig), signal);

/** `converse`, with what its guardrail does not evaluate checked by the same guardrail. */
export async function guardedConverse(deps: BedrockDeps, spec: ConverseSpec, signal?: AbortSignal): Promise<ConverseResult> {
  const blockedInput = await checkInput(deps, spec, signal);
  if (blockedInput !== undefined) return blockedResult(blockedInput);
  const result = await converse(deps, spec, signal);
  const blockedOutput = await checkWithGuardrail(deps, 'OUTPUT', unguardedOutput(result.toolCalls), signal);
  return blockedOutput === undefined ? result : blockedResult(blockedOutput, result.usage);
}

/** `streamConverse`, with what its guardrail does not evaluate checked by the same guardrail. */
export async function guardedStreamConverse(
  deps: BedrockDeps,
  spec: ConverseSpec,
  signal?: AbortSignal,
): Promise<ChatStream<ConverseStreamOutput>> {
  const blockedInput = await checkInput(deps, spec, signal);
  if (blockedInput !== undefined) return { events: fromList([...blockedAnswer(blockedInput), NO_STREAM_USAGE]), mapper: converseMapper() };
  const stream = await streamConverse(deps, spec, signal);
  if (!deps.config.guardrail) return stream;
  return { ...stream, events: holdToolCalls(stream.events, (texts) => checkWithGuardrail(deps, 'OUTPUT', texts, signal)) };
}
