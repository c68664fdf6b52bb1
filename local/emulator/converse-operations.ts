import { type ConverseTurn, converseTurn } from './converse';
import { padding } from './deterministic';
import { validationError } from './errors';
import { eventFrame } from './event-stream';
import { type OperationContext, type Reply, tokenHeaders } from './reply';
import type { FrameEncoder, PlannedEvent, Timing } from './stream-writer';
import type { JsonObject } from './types';

function turnOf(ctx: OperationContext): ConverseTurn {
  if (ctx.model.kind === 'embedding') {
    throw validationError("This action doesn't support the model that you provided. Try again with a supported text or chat model.");
  }
  return converseTurn(ctx.body, ctx.knobs, ctx.requestId);
}

function usage(turn: ConverseTurn): JsonObject {
  return { inputTokens: turn.inputTokens, outputTokens: turn.outputTokens, totalTokens: turn.inputTokens + turn.outputTokens };
}

function contentBlocks(turn: ConverseTurn): JsonObject[] {
  const reasoning =
    turn.reasoning === undefined
      ? []
      : [{ reasoningContent: { reasoningText: { text: turn.reasoning.text, signature: turn.reasoning.signature } } }];
  const answer = turn.toolUse === undefined ? { text: turn.generation.text } : { toolUse: turn.toolUse };
  return [...reasoning, answer];
}

export function converse(ctx: OperationContext): Reply {
  const turn = turnOf(ctx);
  return {
    kind: 'json',
    headers: tokenHeaders(turn.inputTokens, turn.outputTokens, ctx.startedAt),
    body: {
      output: { message: { role: 'assistant', content: contentBlocks(turn) } },
      stopReason: turn.stopReason,
      usage: usage(turn),
      metrics: { latencyMs: Date.now() - ctx.startedAt },
    },
  };
}

function delta(contentBlockIndex: number, value: JsonObject): PlannedEvent {
  return { eventType: 'contentBlockDelta', payload: { contentBlockIndex, delta: value }, content: true };
}

function blockStop(contentBlockIndex: number): PlannedEvent {
  return { eventType: 'contentBlockStop', payload: { contentBlockIndex }, content: false };
}

function reasoningEvents(turn: ConverseTurn): PlannedEvent[] {
  if (turn.reasoning === undefined) return [];
  return [
    ...turn.reasoning.chunks.map((text) => delta(0, { reasoningContent: { text } })),
    {
      eventType: 'contentBlockDelta',
      payload: { contentBlockIndex: 0, delta: { reasoningContent: { signature: turn.reasoning.signature } } },
      content: false,
    },
    blockStop(0),
  ];
}

function answerEvents(turn: ConverseTurn, index: number): PlannedEvent[] {
  if (turn.toolUse === undefined) return [...turn.generation.chunks.map((text) => delta(index, { text })), blockStop(index)];
  const { toolUseId, name } = turn.toolUse;
  return [
    { eventType: 'contentBlockStart', payload: { contentBlockIndex: index, start: { toolUse: { toolUseId, name } } }, content: false },
    ...turn.toolInputPieces.map((input) => delta(index, { toolUse: { input } })),
    blockStop(index),
  ];
}

/** A contentBlockDelta event whose payload is cut short: it frames, but is not JSON. */
const MALFORMED_EVENT = eventFrame('contentBlockDelta', new TextEncoder().encode('{"contentBlockIndex":0,"delta":{"text":"cu'));

/** Every event gets a `p` padding field, as the real service sends. */
const encodeEvent: FrameEncoder = (eventType, payload, index) => eventFrame(eventType, { ...payload, p: padding(index) });

export function converseStream(ctx: OperationContext): Reply {
  const turn = turnOf(ctx);
  const events: PlannedEvent[] = [
    { eventType: 'messageStart', payload: { role: 'assistant' }, content: false },
    ...reasoningEvents(turn),
    ...answerEvents(turn, turn.reasoning === undefined ? 0 : 1),
    { eventType: 'messageStop', payload: { stopReason: turn.stopReason }, content: false },
    {
      eventType: 'metadata',
      payload: (timing: Timing) => ({ usage: usage(turn), metrics: { latencyMs: timing.invocationLatency } }),
      content: false,
    },
  ];
  return { kind: 'stream', headers: {}, events, encode: encodeEvent, malformed: MALFORMED_EVENT };
}
