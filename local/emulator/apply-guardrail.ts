import { GUARDRAIL_ANSWER, GUARDRAIL_WORD } from './answer';
import { validationError } from './errors';
import { asObject, requireArray } from './json';
import type { JsonObject } from './types';

/** Bedrock's pattern for a guardrail version in the ApplyGuardrail path. */
const VERSION = /^(([1-9][0-9]{0,7})|(DRAFT))$/;

/** A policy's text units: one per 1,000 characters, as Bedrock bills them. */
const units = (texts: readonly string[]) => texts.reduce((sum, text) => sum + Math.max(1, Math.ceil(text.length / 1000)), 0);

/**
 * ApplyGuardrail (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ApplyGuardrail.html):
 * the emulated guardrail blocks the word BLOCKED, as it does inside Converse and InvokeModel
 * (answer.ts), and answers with the same blocked messaging.
 */
export function applyGuardrail(version: string, body: JsonObject): JsonObject {
  if (!VERSION.test(version)) throw validationError(`The guardrail version "${version}" is invalid.`);
  const source = body['source'];
  if (source !== 'INPUT' && source !== 'OUTPUT') throw validationError('source must be INPUT or OUTPUT.');
  const texts = requireArray(body, 'content').map((block) => asObject(asObject(block)['text'])['text']);
  if (texts.length === 0 || !texts.every((text): text is string => typeof text === 'string')) {
    throw validationError('Each content block must be a text block.');
  }
  const intervened = texts.some((text) => GUARDRAIL_WORD.test(text));
  const policyUnits = units(texts);
  return {
    usage: {
      topicPolicyUnits: policyUnits,
      contentPolicyUnits: policyUnits,
      wordPolicyUnits: policyUnits,
      sensitiveInformationPolicyUnits: policyUnits,
      sensitiveInformationPolicyFreeUnits: 0,
      contextualGroundingPolicyUnits: 0,
    },
    action: intervened ? 'GUARDRAIL_INTERVENED' : 'NONE',
    ...(intervened && { actionReason: 'Guardrail blocked.' }),
    outputs: intervened ? [{ text: GUARDRAIL_ANSWER }] : [],
    assessments: texts.map((text) =>
      GUARDRAIL_WORD.test(text) ? { wordPolicy: { customWords: [{ match: 'BLOCKED', action: 'BLOCKED', detected: true }] } } : {},
    ),
  };
}
