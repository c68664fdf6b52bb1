import type { ContentBlock } from '@aws-sdk/client-bedrock-runtime';
import { invalidUpstreamBody } from '../errors';
import type { Usage } from './events';

/**
 * Checks on what Converse and ConverseStream answer. The SDK shapes an answer by the operation's
 * schema but does not check the types of its members, so an endpoint that answers otherwise than
 * Bedrock documents (another Bedrock-compatible one, `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`) would send
 * a number on as text, a string on as a token count, or make the mapping fail as our 500. Each of
 * these makes it Bedrock's fault instead: 502 `invalid_upstream_body`, or the stream's in-band
 * error once it has started. Pure; test/unit/converse-shape.test.ts.
 */
const UNREADABLE = 'Bedrock returned a Converse answer this proxy cannot read';

const unreadable = (what: string) => invalidUpstreamBody(`${UNREADABLE}: ${what}.`);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A member that is a string when present. */
export function optionalText(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null || typeof value === 'string') return value ?? undefined;
  throw unreadable(`"${name}" is not a string`);
}

/** A content block's position in the answer. */
export function blockIndex(value: unknown): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw unreadable('"contentBlockIndex" is not a block index');
}

function tokens(value: unknown, name: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw unreadable(`"${name}" is not a token count`);
}

/** Converse's `usage` in the /chat API's shape; counts it leaves out are 0. */
export function usageOf(usage: unknown): Usage {
  if (usage === undefined || usage === null) return { input_tokens: 0, output_tokens: 0 };
  if (!isObject(usage)) throw unreadable('"usage" is not an object');
  return { input_tokens: tokens(usage.inputTokens, 'inputTokens'), output_tokens: tokens(usage.outputTokens, 'outputTokens') };
}

/** A message's content: a list of blocks whose text, reasoning and tool members have their types. */
export function contentBlocks(content: unknown): ContentBlock[] {
  if (content === undefined || content === null) return [];
  if (!Array.isArray(content)) throw unreadable("the message's content is not a list");
  for (const block of content) {
    if (!isObject(block)) throw unreadable('a content block is not an object');
    optionalText(block.text, 'text');
    const reasoning = block.reasoningContent;
    if (reasoning !== undefined && reasoning !== null) {
      const reasoningText = isObject(reasoning) ? reasoning.reasoningText : undefined;
      if (reasoningText !== undefined && !isObject(reasoningText)) throw unreadable('"reasoningText" is not an object');
      optionalText(reasoningText?.text, 'reasoningText.text');
    }
    const toolUse = block.toolUse;
    if (toolUse !== undefined && toolUse !== null) {
      if (!isObject(toolUse)) throw unreadable('"toolUse" is not an object');
      optionalText(toolUse.toolUseId, 'toolUseId');
      optionalText(toolUse.name, 'name');
    }
  }
  return content as ContentBlock[];
}
