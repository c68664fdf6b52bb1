import {
  ConverseCommand,
  type ConverseCommandInput,
  type ConverseCommandOutput,
  ConverseStreamCommand,
  type ConverseStreamOutput,
  type Message,
  type SystemContentBlock,
  type ToolConfiguration,
} from '@aws-sdk/client-bedrock-runtime';
import type { DocumentType } from '@smithy/types';
import { type BedrockDeps, callBedrock, openStream } from '../bedrock-call';
import type { Config } from '../config';
import { incompleteStream, invalidUpstreamBody } from '../errors';
import { contentBlocks, count, optionalText, usageOf } from './converse-shape';
import type { ChatEvent, ChatResult, ChatStream, EventMapper } from './events';

/** A Converse request in Bedrock's own terms, built by each public API's mapping. */
export interface ConverseSpec {
  readonly model: string;
  readonly system: readonly string[];
  readonly messages: readonly Message[];
  readonly maxTokens?: number;
  readonly temperature?: number;
  readonly topP?: number;
  readonly stop?: readonly string[];
  readonly toolConfig?: ToolConfiguration;
  readonly additionalModelRequestFields?: DocumentType;
}

/** A request's `stop` (one string or a list; OpenAI also allows null) as ConverseSpec's `stop`. */
export function stopSequences(stop: string | readonly string[] | null | undefined): readonly string[] | undefined {
  if (stop === undefined || stop === null) return undefined;
  return typeof stop === 'string' ? [stop] : stop;
}

export interface ToolCall {
  readonly id: string;
  readonly name: string;
  readonly input: unknown;
}

export interface ConverseResult extends ChatResult {
  readonly reasoning: string;
  readonly toolCalls: readonly ToolCall[];
}

function converseInput(config: Config, spec: ConverseSpec): ConverseCommandInput {
  const inferenceConfig = {
    ...(spec.maxTokens !== undefined && { maxTokens: spec.maxTokens }),
    ...(spec.temperature !== undefined && { temperature: spec.temperature }),
    ...(spec.topP !== undefined && { topP: spec.topP }),
    ...(spec.stop !== undefined && { stopSequences: [...spec.stop] }),
  };
  return {
    modelId: spec.model,
    messages: [...spec.messages],
    ...(spec.system.length > 0 && { system: spec.system.map((text): SystemContentBlock => ({ text })) }),
    ...(Object.keys(inferenceConfig).length > 0 && { inferenceConfig }),
    ...(spec.toolConfig && { toolConfig: spec.toolConfig }),
    ...(spec.additionalModelRequestFields !== undefined && { additionalModelRequestFields: spec.additionalModelRequestFields }),
    ...(config.guardrail && {
      guardrailConfig: { guardrailIdentifier: config.guardrail.id, guardrailVersion: config.guardrail.version },
    }),
  };
}

/**
 * Maps a Converse response; pure, tested against recorded bodies. One without a message, or with
 * members of other types than Bedrock's (converse-shape.ts), is Bedrock's fault.
 */
export function readConverse(output: Pick<ConverseCommandOutput, 'output' | 'usage' | 'stopReason'>): ConverseResult {
  const message: unknown = output.output?.message;
  if (typeof message !== 'object' || message === null) {
    throw invalidUpstreamBody('Bedrock returned a response without a message.');
  }
  const content = contentBlocks((message as { content?: unknown }).content);
  return {
    text: content.map((block) => block.text ?? '').join(''),
    reasoning: content.map((block) => block.reasoningContent?.reasoningText?.text ?? '').join(''),
    toolCalls: content.flatMap((block) =>
      block.toolUse ? [{ id: block.toolUse.toolUseId ?? '', name: block.toolUse.name ?? '', input: block.toolUse.input }] : [],
    ),
    stopReason: optionalText(output.stopReason, 'stopReason') ?? null,
    usage: usageOf(output.usage),
  };
}

export async function converse(deps: BedrockDeps, spec: ConverseSpec, signal?: AbortSignal): Promise<ConverseResult> {
  const output = await callBedrock(deps.client, new ConverseCommand(converseInput(deps.config, spec)), signal);
  return readConverse(output);
}

export async function streamConverse(
  deps: BedrockDeps,
  spec: ConverseSpec,
  signal?: AbortSignal,
): Promise<ChatStream<ConverseStreamOutput>> {
  const output = await callBedrock(deps.client, new ConverseStreamCommand(converseInput(deps.config, spec)), signal);
  return { events: await openStream(output.stream, signal), mapper: converseMapper() };
}

/**
 * Maps ConverseStream events to ChatEvents; pure, tested against recorded streams. Bedrock ends
 * every answer with messageStop: a stream that ends cleanly without it was cut short, and says so
 * instead of passing for a complete answer. A member of another type than Bedrock's, or tool input
 * for a block that did not start as a tool call, is Bedrock's fault (converse-shape.ts).
 */
export function converseMapper(): EventMapper<ConverseStreamOutput, ChatEvent> {
  let stopped = false;
  let stopReason: string | null = null;
  let usage = { input_tokens: 0, output_tokens: 0 };
  const toolBlocks = new Set<number>();
  return {
    next(event) {
      const out: ChatEvent[] = [];
      const start = event.contentBlockStart;
      if (start?.start?.toolUse) {
        const { toolUseId, name } = start.start.toolUse;
        const index = count(start.contentBlockIndex, 'contentBlockIndex');
        toolBlocks.add(index);
        const id = optionalText(toolUseId, 'toolUseId') ?? '';
        out.push({ type: 'tool-start', index, id, name: optionalText(name, 'name') ?? '' });
      }
      const delta = event.contentBlockDelta;
      if (delta?.delta) {
        const text = optionalText(delta.delta.text, 'text');
        if (text) out.push({ type: 'text', text });
        const reasoning = optionalText(delta.delta.reasoningContent?.text, 'reasoningContent.text');
        if (reasoning) out.push({ type: 'reasoning', text: reasoning });
        const input = optionalText(delta.delta.toolUse?.input, 'toolUse.input');
        if (input) {
          const index = count(delta.contentBlockIndex, 'contentBlockIndex');
          if (!toolBlocks.has(index)) throw invalidUpstreamBody('Bedrock streamed tool input for a block that is not a tool call.');
          out.push({ type: 'tool-delta', index, input });
        }
      }
      if (event.messageStop) {
        stopped = true;
        stopReason = optionalText(event.messageStop.stopReason, 'stopReason') ?? null;
      }
      if (event.metadata?.usage) usage = usageOf(event.metadata.usage);
      return out;
    },
    end: () => {
      if (!stopped) throw incompleteStream();
      return [{ type: 'end', usage, stopReason }];
    },
  };
}
