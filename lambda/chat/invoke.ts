import { InvokeModelCommand, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { type BedrockDeps, callBedrock, jsonInvokeInput, openStream, parseJson } from '../bedrock-call';
import { headerTokenCounts } from '../bedrock-client';
import type { Config } from '../config';
import { BadRequestError, incompleteStream } from '../errors';
import { obj, readBody, readChunk, textFamily } from '../models/text-families';
import type { ChatEvent, ChatResult, ChatStream, EventMapper } from './events';

/** The payload field with which an InvokeModel body narrows the guardrail (tagged input only, async output). */
const GUARDRAIL_CONFIG_FIELD = 'amazon-bedrock-guardrailConfig';

function invokeInput(config: Config, model: string, payload: Record<string, unknown>) {
  // The deployment's guardrail applies to the whole call; a caller may not narrow it.
  if (config.guardrail && Object.hasOwn(payload, GUARDRAIL_CONFIG_FIELD)) {
    throw new BadRequestError(`"${GUARDRAIL_CONFIG_FIELD}" is set by this proxy's guardrail, not by the payload.`, {
      param: `payload.${GUARDRAIL_CONFIG_FIELD}`,
      code: 'guardrail_override',
    });
  }
  return {
    ...jsonInvokeInput(model, payload),
    ...(config.guardrail && {
      guardrailIdentifier: config.guardrail.id,
      guardrailVersion: config.guardrail.version,
    }),
  };
}

/** InvokeModel with the caller's raw payload, forwarded unchanged. */
export async function invokeChat(
  { client, config }: BedrockDeps,
  model: string,
  payload: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<ChatResult> {
  const output = await callBedrock(client, new InvokeModelCommand(invokeInput(config, model, payload)), signal);
  const body = parseJson(output.body);
  const part = readBody(textFamily(model), body);
  const headers = headerTokenCounts(output);
  const bedrockUsage = obj(body.usage);
  return {
    text: part.text,
    stopReason: part.stopReason ?? null,
    usage: {
      input_tokens: part.inputTokens ?? headers.inputTokens ?? 0,
      output_tokens: part.outputTokens ?? headers.outputTokens ?? 0,
    },
    ...(bedrockUsage && { bedrockUsage }),
  };
}

/** InvokeModelWithResponseStream; resolves once Bedrock has accepted the request. */
export async function streamInvokeChat(
  { client, config }: BedrockDeps,
  model: string,
  payload: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<ChatStream<InvokeStreamEvent>> {
  const output = await callBedrock(client, new InvokeModelWithResponseStreamCommand(invokeInput(config, model, payload)), signal);
  return { events: await openStream(output.body, signal), mapper: invokeMapper(model) };
}

type InvokeStreamEvent = { chunk?: { bytes?: Uint8Array } };

/** Maps InvokeModelWithResponseStream chunks to ChatEvents through the model family's reader. */
export function invokeMapper(model: string): EventMapper<InvokeStreamEvent, ChatEvent> {
  let inputTokens = 0;
  let outputTokens = 0;
  let stopReason: string | null = null;
  const family = textFamily(model);
  let closed = false;
  return {
    next(event) {
      if (!event.chunk?.bytes) return [];
      const chunk = parseJson(event.chunk.bytes);
      const part = readChunk(family, chunk);
      closed ||= family.closing?.(chunk) === true;
      inputTokens = part.inputTokens ?? inputTokens;
      outputTokens = part.outputTokens ?? outputTokens;
      // A guardrail intervention stays the reason even if a later chunk reports the model's own.
      if (stopReason !== 'guardrail_intervened') stopReason = part.stopReason ?? stopReason;
      return part.text ? [{ type: 'text', text: part.text }] : [];
    },
    end: () => {
      // A stop reason (message_delta's, or a guardrail's intervention) also says the answer is whole.
      if (family.closing && !closed && stopReason === null) throw incompleteStream();
      return [{ type: 'end', usage: { input_tokens: inputTokens, output_tokens: outputTokens }, stopReason }];
    },
  };
}
