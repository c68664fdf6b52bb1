import {
  type ContentBlock,
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

/** Maps a Converse response; pure, tested against recorded bodies. One without a message is Bedrock's fault. */
export function readConverse(output: Pick<ConverseCommandOutput, 'output' | 'usage' | 'stopReason'>): ConverseResult {
  if (output.output?.message === undefined) {
    throw invalidUpstreamBody('Bedrock returned a response without a message.');
  }
  const content: ContentBlock[] = output.output.message.content ?? [];
  return {
    text: content.map((block) => block.text ?? '').join(''),
    reasoning: content.map((block) => block.reasoningContent?.reasoningText?.text ?? '').join(''),
    toolCalls: content.flatMap((block) =>
      block.toolUse ? [{ id: block.toolUse.toolUseId ?? '', name: block.toolUse.name ?? '', input: block.toolUse.input }] : [],
    ),
    stopReason: output.stopReason ?? null,
    usage: { input_tokens: output.usage?.inputTokens ?? 0, output_tokens: output.usage?.outputTokens ?? 0 },
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
 * instead of passing for a complete answer.
 */
export function converseMapper(): EventMapper<ConverseStreamOutput, ChatEvent> {
  let stopped = false;
  let stopReason: string | null = null;
  let usage = { input_tokens: 0, output_tokens: 0 };
  return {
    next(event) {
      const out: ChatEvent[] = [];
      const start = event.contentBlockStart;
      if (start?.start?.toolUse) {
        const { toolUseId = '', name = '' } = start.start.toolUse;
        out.push({ type: 'tool-start', index: start.contentBlockIndex ?? 0, id: toolUseId, name });
      }
      const delta = event.contentBlockDelta;
      if (delta?.delta?.text) out.push({ type: 'text', text: delta.delta.text });
      if (delta?.delta?.reasoningContent?.text) out.push({ type: 'reasoning', text: delta.delta.reasoningContent.text });
      if (delta?.delta?.toolUse?.input) {
        out.push({ type: 'tool-delta', index: delta.contentBlockIndex ?? 0, input: delta.delta.toolUse.input });
      }
      if (event.messageStop) {
        stopped = true;
        stopReason = event.messageStop.stopReason ?? null;
      }
      if (event.metadata?.usage) {
        usage = { input_tokens: event.metadata.usage.inputTokens ?? 0, output_tokens: event.metadata.usage.outputTokens ?? 0 };
      }
      return out;
    },
    end: () => {
      if (!stopped) throw incompleteStream();
      return [{ type: 'end', usage, stopReason }];
    },
  };
}
