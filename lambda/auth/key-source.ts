import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { AuthConfig } from '../config';
import { HttpError } from '../errors';
import { type ApiKey, keysFromList, parseKeyFile } from './api-keys';

export type KeySource = () => Promise<readonly ApiKey[]>;

/**
 * Where the accepted keys come from. The secret is read on the first request that needs it
 * (never at module scope) and cached by Powertools Parameters for `cacheSeconds`, so a rotated
 * or revoked key takes effect within that window without a redeploy.
 */
export function keySource(auth: Extract<AuthConfig, { mode: 'keys' }>): KeySource {
  const fromList = keysFromList(auth.keys);
  const { secretArn } = auth;
  if (!secretArn) return async () => fromList;
  let provider: SecretsProvider | undefined;
  return async () => {
    provider ??= new SecretsProvider();
    let value: unknown;
    try {
      value = await provider.get(secretArn, { maxAge: auth.cacheSeconds, transform: 'json' });
    } catch (cause) {
      throw new HttpError(503, 'service_unavailable_error', 'The API keys could not be loaded. Retry later.', {
        code: 'keys_unavailable',
        retryAfterSeconds: 5,
        cause,
      });
    }
    try {
      return [...parseKeyFile(value), ...fromList];
    } catch (cause) {
      throw new HttpError(500, 'api_error', 'The API key secret is malformed.', { code: 'keys_malformed', cause });
    }
  };
}
