import type { DocumentType } from '@smithy/types';
import { BadRequestError } from '../errors';
import { baseModelId } from '../models/model-ref';
import type { ReasoningEffort } from './chat-schema';

export interface ReasoningFields {
  readonly additionalModelRequestFields?: DocumentType;
  /** Claude counts the thinking budget inside max_tokens, so the cap may have to grow. */
  readonly maxTokens?: number;
}

/** Claude extended thinking: `budget_tokens` at least 1024 and below max_tokens (Anthropic docs, "extended thinking"). */
const CLAUDE_BUDGET: Readonly<Record<'low' | 'medium' | 'high' | 'xhigh', number>> = {
  low: 1024,
  medium: 4096,
  high: 16384,
  xhigh: 32768,
};
const CLAUDE_MIN_BUDGET = 1024;
/** Room for the answer itself when the caller set no cap. */
const ANSWER_TOKENS = 4096;

/**
 * `reasoning_effort` in Bedrock's per-family terms. Claude: `thinking` with a token budget.
 * Nova 2: `reasoningConfig.maxReasoningEffort`
 * (https://docs.aws.amazon.com/nova/latest/nova2-userguide/extended-thinking.html).
 * Other models have no such switch on Converse: the field is ignored, as OpenAI clients often
 * send it by default. `none` and `minimal` turn reasoning off.
 */
export function reasoningFields(model: string, effort: ReasoningEffort | null | undefined, maxTokens: number | undefined): ReasoningFields {
  if (!effort || effort === 'none' || effort === 'minimal') return maxTokens === undefined ? {} : { maxTokens };
  const base = baseModelId(model);
  if (base.startsWith('anthropic.claude')) {
    const budget = Math.min(CLAUDE_BUDGET[effort], maxTokens === undefined ? Number.POSITIVE_INFINITY : maxTokens - 1);
    if (budget < CLAUDE_MIN_BUDGET) {
      throw new BadRequestError(
        `With reasoning_effort, Claude needs max_completion_tokens above ${CLAUDE_MIN_BUDGET}: it includes the thinking.`,
        {
          param: 'max_completion_tokens',
          code: 'invalid_value',
        },
      );
    }
    return {
      additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: budget } },
      maxTokens: maxTokens ?? budget + ANSWER_TOKENS,
    };
  }
  if (base.startsWith('amazon.nova-2')) {
    return {
      additionalModelRequestFields: { reasoningConfig: { type: 'enabled', maxReasoningEffort: effort === 'xhigh' ? 'high' : effort } },
      ...(maxTokens !== undefined && { maxTokens }),
    };
  }
  return maxTokens === undefined ? {} : { maxTokens };
}
