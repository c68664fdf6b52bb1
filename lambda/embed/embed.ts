import { InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { type BedrockDeps, callBedrock, jsonInvokeInput, parseJson } from '../bedrock-call';
import { headerTokenCounts } from '../bedrock-client';
import { invalidUpstreamBody } from '../errors';
import { type EmbedOptions, embedCalls, embedFamily, normalizeVector } from '../models/embed-families';
import { type EmbeddingCache, embeddingKey } from './cache';

export interface EmbedResult {
  readonly vectors: number[][];
  readonly inputTokens: number;
  /** Every vector came from this instance's cache: no Bedrock call was made. */
  readonly cached: boolean;
}

export interface EmbedDeps extends BedrockDeps {
  readonly embedCache?: EmbeddingCache;
}

/** Titan and Nova take one text per call: this many run at once, keeping order. */
const FAN_OUT = 4;

/**
 * Embeds texts, taking what it can from the cache and asking Bedrock only for the rest, each
 * text once however often the request repeats it. `caller` (the API key's name) keeps each key's
 * cache entries apart.
 */
export async function embedTexts(
  deps: EmbedDeps,
  model: string,
  texts: readonly string[],
  options: EmbedOptions,
  signal?: AbortSignal,
  caller?: string,
): Promise<EmbedResult> {
  const store = await deps.embedCache?.open();
  const keys = store && texts.map((text) => embeddingKey(caller, model, options, text));
  const vectors = texts.map((_text, index) => keys && store?.get(keys[index] as string));
  const missing = [...new Set(texts.filter((_text, index) => vectors[index] === undefined))];
  if (missing.length === 0) return { vectors: vectors as number[][], inputTokens: 0, cached: true };
  const fresh = await embedFromBedrock(deps, model, missing, options, signal);
  const computed = new Map(missing.map((text, index) => [text, fresh.vectors[index] as number[]]));
  texts.forEach((text, index) => {
    if (vectors[index] !== undefined) return;
    const vector = computed.get(text) as number[];
    vectors[index] = vector;
    if (keys) store?.set(keys[index] as string, vector);
  });
  return { vectors: vectors as number[][], inputTokens: fresh.inputTokens, cached: false };
}

const unexpectedEmbeddings = () => invalidUpstreamBody('Bedrock returned an unexpected embedding response.');

async function embedFromBedrock(
  { client }: BedrockDeps,
  model: string,
  texts: readonly string[],
  options: EmbedOptions,
  signal?: AbortSignal,
): Promise<Omit<EmbedResult, 'cached'>> {
  const family = embedFamily(model);
  const calls = embedCalls(family, texts, options);
  const results = await mapBounded(calls, FAN_OUT, signal, async (call, callSignal) => {
    const output = await callBedrock(client, new InvokeModelCommand(jsonInvokeInput(model, call.body)), callSignal);
    const reading = family.response(parseJson(output.body));
    if (reading.vectors.length !== call.texts.length || !reading.vectors.every(isVector)) throw unexpectedEmbeddings();
    return { vectors: reading.vectors, inputTokens: reading.inputTokens ?? headerTokenCounts(output).inputTokens ?? 0 };
  });
  // Vectors of one model and one size are all as long: a reply that says otherwise is Bedrock's fault.
  const size = results[0]?.vectors[0]?.length;
  if (results.some((result) => result.vectors.some((vector) => vector.length !== size))) throw unexpectedEmbeddings();
  const normalize = options.normalize === true && !family.nativeNormalize;
  return {
    vectors: results.flatMap((result) => (normalize ? result.vectors.map(normalizeVector) : result.vectors)),
    inputTokens: results.reduce((sum, result) => sum + result.inputTokens, 0),
  };
}

/**
 * Runs `work` over `items` with at most `limit` in flight; results keep the input order. Each call
 * gets a signal that fires with `signal` or on the first failure: then nothing new starts, the
 * calls in flight are cancelled, and once they have all stopped the first failure is thrown.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  signal: AbortSignal | undefined,
  work: (item: T, signal: AbortSignal) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  const batch = new AbortController();
  const forward = () => batch.abort(signal?.reason);
  if (signal?.aborted) forward();
  else signal?.addEventListener('abort', forward, { once: true });
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < items.length && !failure) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T, batch.signal);
      } catch (error) {
        if (!failure) {
          failure = { error };
          batch.abort();
        }
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  } finally {
    signal?.removeEventListener('abort', forward);
  }
  if (failure) throw failure.error;
  return results;
}

/** A vector worth returning and caching: one or more finite numbers. */
function isVector(value: unknown): value is number[] {
  return Array.isArray(value) && value.length > 0 && value.every((x) => typeof x === 'number' && Number.isFinite(x));
}
