import { type Generation, generate } from './answer';
import { padding } from './deterministic';
import { EMBEDDING_MODELS } from './embeddings';
import { validationError } from './errors';
import { eventFrame } from './event-stream';
import { type ReplyContext, type TextFamily, textFamily } from './families/index';
import { type OperationContext, type Reply, tokenHeaders } from './reply';
import type { FrameEncoder, PlannedEvent, Timing } from './stream-writer';
import type { JsonObject } from './types';

function runText(ctx: OperationContext, family: TextFamily): Generation {
  const request = family.parse(ctx.body);
  return generate({ ...request, guardrail: ctx.guardrail, answerChunks: request.reply === undefined ? ctx.knobs.answerChunks : undefined });
}

function guardrailField(generation: Generation): JsonObject {
  return generation.guardrailAction === undefined ? {} : { 'amazon-bedrock-guardrailAction': generation.guardrailAction };
}

function replyContext(ctx: OperationContext): ReplyContext {
  return { baseId: ctx.model.baseId, requestId: ctx.requestId, body: ctx.body };
}

export function invoke(ctx: OperationContext): Reply {
  if (ctx.model.kind === 'embedding') {
    const { body, inputTokens } = EMBEDDING_MODELS[ctx.model.family](ctx.body, ctx.requestId);
    return { kind: 'json', headers: tokenHeaders(inputTokens, 0, ctx.startedAt), body };
  }
  const family = textFamily(ctx.model.family, ctx.body);
  const generation = runText(ctx, family);
  return {
    kind: 'json',
    headers: tokenHeaders(generation.inputTokens, generation.outputTokens, ctx.startedAt),
    body: { ...family.invokeBody(generation, replyContext(ctx)), ...guardrailField(generation) },
  };
}

/** IMWRS wraps each model-native chunk as `{"bytes": base64(json), "p": padding}` (reference E.4). */
const encodeChunk: FrameEncoder = (eventType, payload, index) =>
  eventFrame(eventType, { bytes: Buffer.from(JSON.stringify(payload)).toString('base64'), p: padding(index) });

/** A chunk event that frames and decodes, carrying bytes that are not JSON. */
const MALFORMED_CHUNK = eventFrame('chunk', { bytes: Buffer.from('{"type":"content_block_delta","delta":').toString('base64') });

function invocationMetrics(generation: Generation, timing: Timing): JsonObject {
  return {
    'amazon-bedrock-invocationMetrics': {
      inputTokenCount: generation.inputTokens,
      outputTokenCount: generation.outputTokens,
      invocationLatency: timing.invocationLatency,
      firstByteLatency: timing.firstByteLatency,
    },
  };
}

export function invokeStream(ctx: OperationContext): Reply {
  if (ctx.model.kind === 'embedding') throw validationError('The model is unsupported for streaming.');
  const family = textFamily(ctx.model.family, ctx.body);
  const generation = runText(ctx, family);
  const chunks = family.streamChunks(generation, replyContext(ctx));
  const events: PlannedEvent[] = chunks.map((chunk, index) => ({
    eventType: 'chunk',
    content: chunk.content,
    payload:
      index < chunks.length - 1
        ? chunk.body
        : (timing: Timing) => ({ ...chunk.body, ...guardrailField(generation), ...invocationMetrics(generation, timing) }),
  }));
  return {
    kind: 'stream',
    headers: { 'x-amzn-bedrock-content-type': 'application/json' },
    events,
    encode: encodeChunk,
    malformed: MALFORMED_CHUNK,
  };
}
