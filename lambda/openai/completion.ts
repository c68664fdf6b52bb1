import type { ConverseResult, ToolCall } from '../chat/converse';
import type { Usage } from '../chat/events';

/** What every completion object and chunk of one response shares. */
export interface CompletionMeta {
  readonly id: string;
  readonly created: number;
  readonly model: string;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export interface OpenAIUsage {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly total_tokens: number;
}

export interface OpenAIToolCall {
  readonly id: string;
  readonly type: 'function';
  readonly function: { readonly name: string; readonly arguments: string };
}

export interface ChatCompletion {
  readonly id: string;
  readonly object: 'chat.completion';
  readonly created: number;
  readonly model: string;
  readonly choices: readonly [
    {
      readonly index: 0;
      readonly message: {
        readonly role: 'assistant';
        readonly content: string | null;
        readonly refusal: null;
        readonly tool_calls?: readonly OpenAIToolCall[];
        readonly reasoning_content?: string;
      };
      readonly finish_reason: FinishReason;
      readonly logprobs: null;
    },
  ];
  readonly usage: OpenAIUsage;
}

/** Bedrock's stop reason (reference E.4) as OpenAI's finish_reason. */
export function finishReason(stopReason: string | null, structured = false): FinishReason {
  switch (stopReason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return structured ? 'stop' : 'tool_calls';
    case 'guardrail_intervened':
    case 'content_filtered':
      return 'content_filter';
    default:
      return 'stop';
  }
}

export function openAIUsage(usage: Usage): OpenAIUsage {
  return {
    prompt_tokens: usage.input_tokens,
    completion_tokens: usage.output_tokens,
    total_tokens: usage.input_tokens + usage.output_tokens,
  };
}

const asToolCall = (call: ToolCall): OpenAIToolCall => ({
  id: call.id,
  type: 'function',
  function: { name: call.name, arguments: JSON.stringify(call.input ?? {}) },
});

/** A Converse result as a `chat.completion`; with `outputTool`, that tool's input is the content. Pure. */
export function chatCompletion(meta: CompletionMeta, result: ConverseResult, outputTool?: string): ChatCompletion {
  const structured = outputTool === undefined ? undefined : result.toolCalls.find((call) => call.name === outputTool);
  const toolCalls = outputTool === undefined ? result.toolCalls.map(asToolCall) : [];
  const content = structured ? JSON.stringify(structured.input ?? {}) : result.text;
  return {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: toolCalls.length > 0 && content === '' ? null : content,
          refusal: null,
          ...(toolCalls.length > 0 && { tool_calls: toolCalls }),
          ...(result.reasoning && { reasoning_content: result.reasoning }),
        },
        finish_reason: finishReason(result.stopReason, outputTool !== undefined),
        logprobs: null,
      },
    ],
    usage: openAIUsage(result.usage),
  };
}
