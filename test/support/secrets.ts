import { afterAll, beforeAll } from 'vitest';
import { type SecretsEmulator, startSecretsEmulator } from '../../local/secrets-emulator';

/** The ARN the stack's secret would have; the secrets emulator serves any. */
export const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:bedrock-proxy-keys-AbCdEf';

/**
 * Serves `keys` as the API-key secret at SECRET_ARN from a Secrets Manager emulator in this test
 * file (an object as its JSON, a string as it is), and points the SDK at it. Call it before
 * useLocalProxy, so the secret exists first.
 */
export function useSecretKeys(keys: Record<string, unknown> | string): { readonly secrets: SecretsEmulator } {
  const state = {} as { secrets: SecretsEmulator };
  beforeAll(async () => {
    state.secrets = await startSecretsEmulator();
    state.secrets.put(SECRET_ARN, typeof keys === 'string' ? keys : JSON.stringify(keys));
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = state.secrets.url;
  });
  afterAll(async () => {
    await state.secrets.close();
  });
  return state;
}
