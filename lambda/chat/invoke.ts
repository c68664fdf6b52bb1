import { type BedrockRuntimeClient, InvokeModelCommand, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { headerTokenCounts } from '../bedrock-client';
import type { Config } from '../config';
import { HttpError } from '../errors';
import { readBody, readChunk } from '../models/text-families';
import { type ChatEvent, type ChatResult, callBedrock, requireStream, startStream } from './events';

export interface BedrockDeps {
  readonly client: BedrockRuntimeClient;
  readonly config: Config;
}

function invokeInput(config: Config, model: string, payload: Record<string, unknown>) {
  return {
    modelId: model,
    contentType: 'application/json',
    accept: 'application/json',
    body: new TextEncoder().encode(JSON.stringify(payload)),
    ...(config.guardrail && {
      guardrailIdentifier: config.guardrail.id,
      guardrailVersion: config.guardrail.version,
    }),
  };
}

/** Parses a Bedrock JSON body; anything but a JSON object is an upstream fault (502). */
export function parseJson(bytes: Uint8Array | undefined): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes ?? new Uint8Array()));
  } catch (cause) {
    value = cause;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Error) {
    throw new HttpError(502, 'upstream_error', 'Bedrock returned a body that is not a JSON object.', { code: 'invalid_upstream_body' });
  }
  return value as Record<string, unknown>;
}

/** InvokeModel with the caller's raw payload, forwarded unchanged. */
export async function invokeChat(
  { client, config }: BedrockDeps,
  model: string,
  payload: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<ChatResult> {
  const output = await callBedrock(
    () => client.send(new InvokeModelCommand(invokeInput(config, model, payload)), { abortSignal: signal }),
    signal,
  );
  const part = readBody(model, parseJson(output.body));
  const headers = headerTokenCounts(output);
  return {
    text: part.text,
    stopReason: part.stopReason ?? null,
    usage: {
      input_tokens: part.inputTokens ?? headers.inputTokens ?? 0,
      output_tokens: part.outputTokens ?? headers.outputTokens ?? 0,
    },
  };
}

/** InvokeModelWithResponseStream; resolves once Bedrock has accepted the request. */
export async function streamInvokeChat(
  { client, config }: BedrockDeps,
  model: string,
  payload: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<AsyncIterable<ChatEvent>> {
  const output = await callBedrock(
    () => client.send(new InvokeModelWithResponseStreamCommand(invokeInput(config, model, payload)), { abortSignal: signal }),
    signal,
  );
  return invokeEvents(model, await startStream(requireStream(output.body), signal));
}

/** Maps InvokeModelWithResponseStream chunks to ChatEvents through the model family's reader. */
export async function* invokeEvents(model: string, stream: AsyncIterable<{ chunk?: { bytes?: Uint8Array } }>): AsyncGenerator<ChatEvent> {
  let inputTokens = 0;
  let outputTokens = 0;
  let stopReason: string | null = null;
  for await (const event of stream) {
    if (!event.chunk?.bytes) continue;
    const part = readChunk(model, parseJson(event.chunk.bytes));
    if (part.text) yield { type: 'text', text: part.text };
    inputTokens = part.inputTokens ?? inputTokens;
    outputTokens = part.outputTokens ?? outputTokens;
    // A guardrail intervention stays the reason even if a later chunk reports the model's own.
    if (stopReason !== 'guardrail_intervened') stopReason = part.stopReason ?? stopReason;
  }
  yield { type: 'end', usage: { input_tokens: inputTokens, output_tokens: outputTokens }, stopReason };
}
