export const ANSWER_PREFIX = 'Hello from the Bedrock emulator. You said: ';
export const GUARDRAIL_ANSWER = 'Sorry, the model cannot answer this question.';
export const TOOL_RESULT_PREFIX = 'The tool returned: ';

/** Splits text into word chunks that keep their following whitespace, so they join back exactly. */
export function splitChunks(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? [];
}

/** `w1 `, `w2 `, …, `wN`: the benchmark answer of exactly `count` chunks. */
export function numberedChunks(count: number): string[] {
  return Array.from({ length: count }, (_, i) => (i < count - 1 ? `w${i + 1} ` : `w${i + 1}`));
}

/** The deltas the emulator streams for a prompt; pure, so tests can compute expectations. */
export function emulatorAnswer(prompt: string, opts: { answerChunks?: number | undefined } = {}): string[] {
  if (opts.answerChunks !== undefined) return numberedChunks(opts.answerChunks);
  return splitChunks(ANSWER_PREFIX + prompt);
}

/** Input tokens: whitespace-separated words in all input text, at least 1. */
export function countWords(...texts: readonly string[]): number {
  const words = texts
    .join(' ')
    .split(/\s+/)
    .filter((word) => word.length > 0).length;
  return Math.max(1, words);
}

export type StopKind = 'end' | 'length' | 'guardrail';

export interface Generation {
  readonly chunks: readonly string[];
  readonly text: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly stop: StopKind;
  /** Present whenever the request carried a guardrail. */
  readonly guardrailAction?: 'INTERVENED' | 'NONE';
}

export interface GenerationInput {
  readonly prompt: string;
  /** All input text (system, history, prompt), for the token count. */
  readonly inputText: string;
  readonly maxTokens?: number | undefined;
  readonly guardrail: boolean;
  readonly answerChunks?: number | undefined;
  /** Replaces the default answer (e.g. the echo of a tool result). */
  readonly reply?: string | undefined;
}

/** What the emulated guardrail blocks, wherever it looks. */
export const GUARDRAIL_WORD = /\bBLOCKED\b/;

function guardrailBlocks(input: GenerationInput): boolean {
  return input.guardrail && GUARDRAIL_WORD.test(input.prompt);
}

export function generate(input: GenerationInput): Generation {
  const inputTokens = countWords(input.inputText);
  const guardrailAction = input.guardrail ? { guardrailAction: guardrailBlocks(input) ? ('INTERVENED' as const) : ('NONE' as const) } : {};
  if (guardrailBlocks(input)) {
    const chunks = splitChunks(GUARDRAIL_ANSWER);
    return { chunks, text: GUARDRAIL_ANSWER, inputTokens, outputTokens: chunks.length, stop: 'guardrail', ...guardrailAction };
  }
  const full = input.reply !== undefined ? splitChunks(input.reply) : emulatorAnswer(input.prompt, { answerChunks: input.answerChunks });
  const truncated = input.maxTokens !== undefined && full.length > input.maxTokens;
  const chunks = truncated ? full.slice(0, input.maxTokens) : full;
  return {
    chunks,
    text: chunks.join(''),
    inputTokens,
    outputTokens: chunks.length,
    stop: truncated ? 'length' : 'end',
    ...guardrailAction,
  };
}
