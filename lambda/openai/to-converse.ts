import { type ConverseSpec, stopSequences } from '../chat/converse';
import type { ChatCompletionRequest } from './chat-schema';
import { toConverseConversation } from './messages';
import { reasoningFields } from './reasoning';
import { toolPlan } from './tools';

export interface ChatPlan {
  readonly spec: ConverseSpec;
  /** Set when `response_format` asked for JSON: this tool's input is the answer. */
  readonly outputTool?: string;
}

const orUndefined = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

/**
 * An OpenAI chat completion request as a Converse request: the same ConverseSpec the /chat
 * `messages` mode builds, so both APIs share one Bedrock path. Pure.
 */
export function toConverseSpec(model: string, request: ChatCompletionRequest): ChatPlan {
  const { system, messages } = toConverseConversation(request.messages);
  const { toolConfig, outputTool } = toolPlan(request, messages);
  const reasoning = reasoningFields(model, request.reasoning_effort, orUndefined(request.max_completion_tokens ?? request.max_tokens));
  return {
    spec: {
      model,
      system,
      messages,
      maxTokens: reasoning.maxTokens,
      temperature: orUndefined(request.temperature),
      topP: orUndefined(request.top_p),
      stop: stopSequences(request.stop),
      toolConfig,
      additionalModelRequestFields: reasoning.additionalModelRequestFields,
    },
    ...(outputTool && { outputTool }),
  };
}
