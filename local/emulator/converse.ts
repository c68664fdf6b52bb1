import { type Generation, generate, splitChunks, TOOL_RESULT_PREFIX } from './answer';
import { conversation, converseParts, systemTexts } from './content';
import { deterministicId } from './deterministic';
import { asObject, isObject, optionalPositiveInt, requireArray } from './json';
import { chooseTool, splitText, type ToolUse } from './tool-use';
import type { JsonObject, Knobs } from './types';

export interface Reasoning {
  readonly chunks: readonly string[];
  readonly text: string;
  readonly signature: string;
}

/** Everything the Converse and ConverseStream replies are built from. */
export interface ConverseTurn {
  readonly generation: Generation;
  readonly toolUse?: ToolUse | undefined;
  /** The tool input JSON as streamed pieces. */
  readonly toolInputPieces: readonly string[];
  readonly reasoning?: Reasoning | undefined;
  readonly stopReason: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** Claude's `thinking`, or Nova's reasoning settings (snake_case in older samples, camelCase in Nova 2's docs). */
function wantsReasoning(body: JsonObject): boolean {
  const fields = asObject(body['additionalModelRequestFields']);
  return ['thinking', 'reasoning_config', 'reasoningConfig'].some((name) => fields[name] !== undefined);
}

function reasoningFor(prompt: string, seed: string): Reasoning {
  const text = `Let me think about: ${prompt}`;
  return { chunks: splitChunks(text), text, signature: deterministicId(`${seed}:signature`, 48) };
}

function stopReasonOf(generation: Generation, toolUse: ToolUse | undefined): string {
  if (generation.stop === 'guardrail') return 'guardrail_intervened';
  if (toolUse !== undefined) return 'tool_use';
  return generation.stop === 'length' ? 'max_tokens' : 'end_turn';
}

/** Interprets a Converse request (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html). */
export function converseTurn(body: JsonObject, knobs: Knobs, seed: string): ConverseTurn {
  const talk = conversation(requireArray(body, 'messages').map(converseParts), systemTexts(body['system']));
  const generation = generate({
    prompt: talk.prompt,
    inputText: talk.inputText,
    maxTokens: optionalPositiveInt(asObject(body['inferenceConfig']), 'maxTokens'),
    guardrail: isObject(body['guardrailConfig']),
    answerChunks: knobs.answerChunks,
    reply: talk.toolResults.length > 0 ? TOOL_RESULT_PREFIX + talk.toolResults.join(' ') : undefined,
  });
  const chosen =
    generation.stop !== 'guardrail' && talk.toolResults.length === 0 ? chooseTool(body['toolConfig'], talk.prompt, seed) : undefined;
  const toolUse = chosen && knobs.toolInput ? { ...chosen, input: knobs.toolInput } : chosen;
  const toolInputPieces = toolUse === undefined ? [] : splitText(JSON.stringify(toolUse.input));
  return {
    generation,
    toolUse,
    toolInputPieces,
    reasoning: wantsReasoning(body) ? reasoningFor(talk.prompt, seed) : undefined,
    stopReason: stopReasonOf(generation, toolUse),
    inputTokens: generation.inputTokens,
    outputTokens: toolUse === undefined ? generation.outputTokens : toolInputPieces.length,
  };
}
