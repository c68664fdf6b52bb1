import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { AuthConfig } from '../config';
import { HttpError } from '../errors';
import { type ApiKey, keysFromList, parseKeyFile } from './api-keys';

/** Loads the keys, giving up after `withinMs` (the request's time left, say). */
export type KeySource = (withinMs?: number) => Promise<readonly ApiKey[]>;

/** Secrets Manager answers in tens of milliseconds; a request never waits longer than this for it. */
const KEY_READ_TIMEOUT_MS = 3000;

/**
 * Where the accepted keys come from. The secret is read on the first request that needs it
 * (never at module scope) and cached by Powertools Parameters for `cacheSeconds`, so a rotated
 * or revoked key takes effect within that window without a redeploy. A read that takes too long
 * is a 503, as a failed one is; the client's own timeouts end the call behind it.
 */
export function keySource(auth: Extract<AuthConfig, { mode: 'keys' }>): KeySource {
  const fromList = keysFromList(auth.keys);
  const { secretArn } = auth;
  if (!secretArn) return async () => fromList;
  let provider: SecretsProvider | undefined;
  // Powertools does not share a fetch in flight: without this, every request that arrives while
  // the cache is cold or expired would send its own GetSecretValue. Concurrent callers share one
  // read; it is forgotten once it settles, so a failed read fails only the callers that shared it.
  let inFlight: Promise<unknown> | undefined;
  const read = (): Promise<unknown> => {
    provider ??= new SecretsProvider({
      clientConfig: { requestHandler: { connectionTimeout: KEY_READ_TIMEOUT_MS, requestTimeout: KEY_READ_TIMEOUT_MS } },
    });
    inFlight ??= provider.get(secretArn, { maxAge: auth.cacheSeconds }).finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
  return async (withinMs = KEY_READ_TIMEOUT_MS) => {
    let value: unknown;
    try {
      value = await within(read(), Math.min(withinMs, KEY_READ_TIMEOUT_MS));
    } catch (cause) {
      throw new HttpError(503, 'service_unavailable_error', 'The API keys could not be loaded. Retry later.', {
        code: 'keys_unavailable',
        retryAfterSeconds: 5,
        cause,
      });
    }
    try {
      return [...parseKeyFile(secretJson(value)), ...fromList];
    } catch (cause) {
      throw new HttpError(500, 'api_error', 'The API key secret is malformed.', { code: 'keys_malformed', cause });
    }
  };
}

/**
 * The secret's JSON. Its text never goes into an error: a secret that is not JSON may be a bare
 * key, and JSON.parse's message quotes the text it could not read (into the ERROR log line).
 */
function secretJson(value: unknown): unknown {
  if (typeof value !== 'string') throw new Error('The secret has no string value.');
  try {
    return JSON.parse(value);
  } catch {
    throw new Error('The secret is not JSON: it must be an object of named keys (README, "API keys").');
  }
}

/** `promise`, or a rejection once `ms` have passed; the timer never outlives the race. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), Math.max(0, ms));
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
