import { baseModelId } from './model-ref';

/** Usage in the /chat API's shape. */
export interface Usage {
  input_tokens: number;
  output_tokens: number;
}

/** What one InvokeModel response body or one stream chunk says, in family-neutral terms. */
export interface TextPart {
  readonly text: string;
  readonly stopReason?: string | null;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
}

type Json = Record<string, unknown>;
type Reader = (body: Json) => TextPart | undefined;

export interface TextFamily {
  readonly name: string;
  readonly matches: (baseId: string) => boolean;
  /** A whole InvokeModel response body. */
  readonly body: Reader;
  /** One decoded InvokeModelWithResponseStream chunk. */
  readonly chunk: Reader;
  /**
   * Whether a chunk is the family's documented last one, so that a stream ending without it, and
   * without a stop reason, is known to be cut short. Only families whose closing chunk is
   * documented and recorded have one (reference F, test/fixtures/bedrock/README.md): for the
   * others a clean end is taken as complete.
   */
  readonly closing?: (chunk: Json) => boolean;
}

/** The value as a JSON object, or undefined (arrays and null included). */
export const obj = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
const arr = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
/** A token count: a number, or a numeric string (a recorded Titan stream's, Bedrock's headers). */
export const tokenCount = (value: unknown): number | undefined => {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
};
const first = (value: unknown): Json | undefined => obj(arr(value)[0]);

const GUARDRAIL_ACTION = 'amazon-bedrock-guardrailAction';
const METRICS = 'amazon-bedrock-invocationMetrics';
/** Bedrock's own closing: the invocation metrics it adds to a stream's last chunk. */
const carriesMetrics = (chunk: Json): boolean => obj(chunk[METRICS]) !== undefined;

/** The text of content blocks (Claude's `text` blocks, Nova's `{text}`); tool and thinking blocks carry none. */
const textBlocks = (content: unknown): string =>
  arr(content)
    .map((block) => str(obj(block)?.text) ?? '')
    .join('');

const anthropic: TextFamily = {
  name: 'anthropic',
  // Anthropic's Messages stream always ends with message_stop (newrelic's recorded claude3 stream).
  closing: (c) => c.type === 'message_stop',
  matches: (id) => id.startsWith('anthropic.'),
  body: (b) =>
    b.type === 'message' || Array.isArray(b.content)
      ? {
          text: textBlocks(b.content),
          stopReason: str(b.stop_reason) ?? null,
          inputTokens: tokenCount(obj(b.usage)?.input_tokens),
          outputTokens: tokenCount(obj(b.usage)?.output_tokens),
        }
      : undefined,
  chunk: (c) => {
    switch (c.type) {
      case 'message_start':
        return { text: '', inputTokens: tokenCount(obj(obj(c.message)?.usage)?.input_tokens) };
      case 'content_block_start':
        return { text: str(obj(c.content_block)?.text) ?? '' };
      case 'content_block_delta':
        return { text: str(obj(c.delta)?.text) ?? '' };
      case 'message_delta':
        return { text: '', stopReason: str(obj(c.delta)?.stop_reason), outputTokens: tokenCount(obj(c.usage)?.output_tokens) };
      default:
        return typeof c.type === 'string' ? { text: '' } : undefined;
    }
  },
};

const nova: TextFamily = {
  name: 'amazon-nova',
  matches: (id) => id.startsWith('amazon.nova-'),
  body: (b) => {
    const message = obj(obj(b.output)?.message);
    if (!message) return undefined;
    const usage = obj(b.usage);
    return {
      text: textBlocks(message.content),
      stopReason: str(b.stopReason) ?? null,
      inputTokens: tokenCount(usage?.inputTokens),
      outputTokens: tokenCount(usage?.outputTokens),
    };
  },
  chunk: (c) => {
    const delta = obj(obj(c.contentBlockDelta)?.delta);
    if (delta) return { text: str(delta.text) ?? '' };
    const stop = obj(c.messageStop);
    if (stop) return { text: '', stopReason: str(stop.stopReason) };
    const usage = obj(obj(c.metadata)?.usage);
    if (usage) return { text: '', inputTokens: tokenCount(usage.inputTokens), outputTokens: tokenCount(usage.outputTokens) };
    return c.messageStart || c.contentBlockStop || c.contentBlockStart ? { text: '' } : undefined;
  },
};

const titanText: TextFamily = {
  name: 'amazon-titan-text',
  // The recorded Titan stream's last chunk has the completionReason and Bedrock's metrics (newrelic's amazon.js).
  closing: carriesMetrics,
  matches: (id) => id.startsWith('amazon.titan-text'),
  body: (b) => {
    const result = first(b.results);
    if (!result) return undefined;
    return {
      text: str(result.outputText) ?? '',
      stopReason: str(result.completionReason) ?? null,
      inputTokens: tokenCount(b.inputTextTokenCount),
      outputTokens: tokenCount(result.tokenCount),
    };
  },
  chunk: (c) =>
    'outputText' in c
      ? {
          text: str(c.outputText) ?? '',
          stopReason: str(c.completionReason),
          inputTokens: tokenCount(c.inputTextTokenCount),
          outputTokens: tokenCount(c.totalOutputTextTokenCount),
        }
      : undefined,
};

const llama: TextFamily = {
  name: 'meta-llama',
  // The recorded Llama stream's last chunk has the stop_reason and Bedrock's metrics (newrelic's llama.js).
  closing: carriesMetrics,
  matches: (id) => id.startsWith('meta.'),
  body: (b) =>
    'generation' in b
      ? {
          text: str(b.generation) ?? '',
          stopReason: str(b.stop_reason) ?? null,
          inputTokens: tokenCount(b.prompt_token_count),
          outputTokens: tokenCount(b.generation_token_count),
        }
      : undefined,
  chunk: (c) => llama.body(c),
};

/** Mistral text completion (`outputs`) and chat completion (`choices`, with `message` or `delta`). */
const mistral: TextFamily = {
  name: 'mistral',
  matches: (id) => id.startsWith('mistral.'),
  body: (b) => choices(b) ?? outputs(b),
  chunk: (c) => choices(c) ?? outputs(c),
};

function outputs(b: Json): TextPart | undefined {
  const output = first(b.outputs);
  return output ? { text: str(output.text) ?? '', stopReason: str(output.stop_reason) ?? null } : undefined;
}

/** OpenAI-style `choices`: chat messages, stream deltas and DeepSeek's text completions. */
function choices(b: Json): TextPart | undefined {
  const choice = first(b.choices);
  if (!choice) return undefined;
  const message = obj(choice.message) ?? obj(choice.delta);
  const usage = obj(b.usage);
  return {
    text: str(message?.content) ?? str(choice.text) ?? '',
    stopReason: str(choice.finish_reason) ?? str(choice.stop_reason) ?? null,
    inputTokens: tokenCount(usage?.prompt_tokens),
    outputTokens: tokenCount(usage?.completion_tokens),
  };
}

const cohere: TextFamily = {
  name: 'cohere-command',
  matches: (id) => id.startsWith('cohere.command'),
  body: (b) => {
    if (typeof b.text === 'string') {
      return { text: b.text, stopReason: str(b.finish_reason) ?? null };
    }
    const generation = first(b.generations);
    return generation ? { text: str(generation.text) ?? '', stopReason: str(generation.finish_reason) ?? null } : undefined;
  },
  chunk: (c) => {
    if (c.event_type === 'text-generation') return { text: str(c.text) ?? '' };
    if (c.event_type === 'stream-end' || c.is_finished === true) return { text: '', stopReason: str(c.finish_reason) };
    if (typeof c.event_type === 'string') return { text: '' };
    return cohere.body(c);
  },
};

const deepseek: TextFamily = {
  name: 'deepseek',
  matches: (id) => id.startsWith('deepseek.'),
  body: choices,
  chunk: choices,
};

const openai: TextFamily = {
  name: 'openai',
  matches: (id) => id.startsWith('openai.'),
  body: choices,
  chunk: choices,
};

const FAMILIES: readonly TextFamily[] = [anthropic, nova, titanText, llama, mistral, cohere, deepseek, openai];

/**
 * The generic extraction for a model we do not recognise (an application inference profile,
 * a provisioned model, a new vendor): try each known body shape in turn and take the first that
 * fits; a body no reader understands yields empty text rather than an error.
 */
const generic: TextFamily = {
  name: 'generic',
  matches: () => true,
  body: (b) => firstReading(b, 'body'),
  chunk: (c) => firstReading(c, 'chunk'),
};

function firstReading(value: Json, kind: 'body' | 'chunk'): TextPart | undefined {
  for (const family of FAMILIES) {
    const part = family[kind](value);
    if (part) return part;
  }
  return undefined;
}

export function textFamily(model: string): TextFamily {
  const id = baseModelId(model);
  return FAMILIES.find((family) => family.matches(id)) ?? generic;
}

/** Reads a whole InvokeModel body: family fields, then the guardrail and metrics Bedrock adds. */
export function readBody(family: TextFamily, body: Json): TextPart {
  return withBedrockFields(body, family.body(body) ?? { text: '' });
}

/** Reads one stream chunk the same way; the family is resolved once per stream, not per chunk. */
export function readChunk(family: TextFamily, chunk: Json): TextPart {
  return withBedrockFields(chunk, family.chunk(chunk) ?? { text: '' });
}

function withBedrockFields(value: Json, part: TextPart): TextPart {
  const metrics = obj(value[METRICS]);
  const intervened = value[GUARDRAIL_ACTION] === 'INTERVENED';
  return {
    ...part,
    stopReason: intervened ? 'guardrail_intervened' : part.stopReason,
    inputTokens: tokenCount(metrics?.inputTokenCount) ?? part.inputTokens,
    outputTokens: tokenCount(metrics?.outputTokenCount) ?? part.outputTokens,
  };
}
