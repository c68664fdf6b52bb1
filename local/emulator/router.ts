import { applyGuardrail } from './apply-guardrail';
import type { FaultQueue, StreamGate } from './controls';
import { converse, converseStream } from './converse-operations';
import { EmulatorError, errorReply, faultError, validationError } from './errors';
import type { Exchange } from './exchange';
import { invoke, invokeStream } from './invoke-operations';
import { isObject, parseJsonBody } from './json';
import { resolveModel } from './model-id';
import type { OperationContext, Reply } from './reply';
import { type SigningSecrets, signatureProblem } from './sigv4';
import { writeStream } from './stream-writer';
import type { Knobs, Operation, RecordedRequest } from './types';

export interface RouterState {
  /** Keeps the request for `Emulator.requests` (the most recent ones only). */
  record(request: RecordedRequest): void;
  readonly faults: FaultQueue;
  /** Gates wait here until the next streamed response takes one. */
  readonly gates: StreamGate[];
  readonly knobs: () => Knobs;
  /** The credentials whose SigV4 signatures are checked (sigv4.ts). */
  readonly signingSecrets: SigningSecrets;
  nextRequestId(): string;
}

const OPERATIONS: Readonly<Record<string, Operation>> = {
  invoke: 'invoke',
  'invoke-with-response-stream': 'invoke-stream',
  converse: 'converse',
  'converse-stream': 'converse-stream',
};

const HANDLERS: Readonly<Record<Exclude<Operation, 'apply-guardrail'>, (ctx: OperationContext) => Reply>> = {
  invoke,
  'invoke-stream': invokeStream,
  converse,
  'converse-stream': converseStream,
};

const ROUTE = /^\/model\/([^/]+)\/([a-z-]+)$/;
const GUARDRAIL_ROUTE = /^\/guardrail\/([^/]+)\/version\/([^/]+)\/apply$/;

interface Target {
  readonly operation: Operation;
  readonly modelId: string;
  readonly guardrail?: { readonly identifier: string; readonly version: string };
}

function targetOf(path: string): Target | undefined {
  const applied = GUARDRAIL_ROUTE.exec(path);
  if (applied?.[1] !== undefined && applied[2] !== undefined) {
    const guardrail = { identifier: decodeURIComponent(applied[1]), version: decodeURIComponent(applied[2]) };
    return { operation: 'apply-guardrail', modelId: '', guardrail };
  }
  const match = ROUTE.exec(path);
  const operation = match?.[2] === undefined ? undefined : OPERATIONS[match[2]];
  return match?.[1] === undefined || operation === undefined ? undefined : { operation, modelId: decodeURIComponent(match[1]) };
}

function parseOrRaw(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** InvokeModel carries the guardrail in headers, Converse in `guardrailConfig` (reference E.2). */
function guardrailOf(operation: Operation, headers: Readonly<Record<string, string>>, body: unknown): RecordedRequest['guardrail'] {
  if (operation === 'invoke' || operation === 'invoke-stream') {
    const identifier = headers['x-amzn-bedrock-guardrailidentifier'];
    return identifier === undefined ? undefined : { identifier, version: headers['x-amzn-bedrock-guardrailversion'] };
  }
  const config = isObject(body) ? body['guardrailConfig'] : undefined;
  if (!isObject(config) || typeof config['guardrailIdentifier'] !== 'string') return undefined;
  return {
    identifier: config['guardrailIdentifier'],
    version: typeof config['guardrailVersion'] === 'string' ? config['guardrailVersion'] : undefined,
  };
}

function sendError(exchange: Exchange, error: EmulatorError, requestId: string): void {
  const reply = errorReply(error);
  exchange.sendJson(reply.status, { ...reply.headers, 'x-amzn-requestid': requestId }, reply.body);
}

function replyFor(target: Target, raw: string, ctx: Omit<OperationContext, 'model' | 'body'>): Reply {
  const { operation, modelId } = target;
  if (operation === 'apply-guardrail') {
    return { kind: 'json', headers: {}, body: applyGuardrail(target.guardrail?.version ?? '', parseJsonBody(raw)) };
  }
  const model = resolveModel(modelId);
  if (model === undefined) throw validationError('The provided model identifier is invalid.');
  return HANDLERS[operation]({ ...ctx, model, body: parseJsonBody(raw) });
}

export async function handleExchange(exchange: Exchange, state: RouterState): Promise<void> {
  const startedAt = Date.now();
  const requestId = state.nextRequestId();
  const target = targetOf(exchange.path);
  if (exchange.method !== 'POST' || target === undefined) {
    const body = JSON.stringify({ message: `Unknown operation: ${exchange.method} ${exchange.path}` });
    exchange.sendJson(404, { 'x-amzn-errortype': 'UnknownOperationException', 'x-amzn-requestid': requestId }, body);
    return;
  }

  const { operation, modelId } = target;
  const bytes = await exchange.readBody();
  const refused = signatureProblem(exchange.method, exchange.path, exchange.headers, bytes, state.signingSecrets);
  if (refused !== undefined) {
    // The name before any colon is what the SDK reads; the namespace Bedrock appends is not recorded here.
    const headers = { 'x-amzn-errortype': 'InvalidSignatureException', 'x-amzn-requestid': requestId };
    exchange.sendJson(403, headers, JSON.stringify({ message: refused }));
    return;
  }
  const raw = bytes.toString('utf8');
  const recorded = parseOrRaw(raw);
  const guardrail = target.guardrail ?? guardrailOf(operation, exchange.headers, recorded);
  state.record({ operation, modelId, headers: exchange.headers, body: recorded, ...(guardrail ? { guardrail } : {}) });

  const knobs = state.knobs();
  const errorFault = state.faults.takeError(operation);
  if (errorFault !== undefined) return sendError(exchange, faultError(errorFault.error, errorFault.message, modelId), requestId);

  let reply: Reply;
  try {
    reply = replyFor(target, raw, { requestId, knobs, guardrail: guardrail !== undefined, startedAt });
  } catch (error) {
    if (error instanceof EmulatorError) return sendError(exchange, error, requestId);
    console.error('bedrock emulator: unexpected error', error);
    return sendError(exchange, new EmulatorError('InternalServerException'), requestId);
  }

  if (reply.kind === 'json') {
    exchange.sendJson(200, { ...reply.headers, 'x-amzn-requestid': requestId }, JSON.stringify(reply.body));
    return;
  }
  exchange.startStream({ ...reply.headers, 'x-amzn-requestid': requestId });
  await writeStream(exchange, {
    events: reply.events,
    encode: reply.encode,
    malformed: reply.malformed,
    startedAt,
    chunkDelayMs: knobs.chunkDelayMs ?? 0,
    gate: state.gates.shift(),
    fault: state.faults.takeMidStream(operation),
  });
}
