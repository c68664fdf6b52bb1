import { Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';

/** Name of the key the stack generates on first deploy. */
const FIRST_API_KEY_NAME = 'default';

/**
 * The API-key secret. Its value is a JSON object from a key's name (who holds it) to the key, or
 * to an entry `{ "key" | "sha256", "enabled"?, "models"? }` (lambda/auth/api-keys.ts):
 *
 * ```json
 * { "default": "generated-48-chars", "ci": { "sha256": "…", "models": ["amazon.nova-micro-v1:0"] } }
 * ```
 *
 * Revoking a key is deleting its entry or setting `"enabled": false`; rotating is adding a new entry,
 * handing it out, then deleting the old one (README, "API keys: add, rotate, revoke"). The stack
 * generates the first key as a top-level string, the one shape CloudFormation's `GenerateStringKey`
 * can add. Generated keys are letters and digits only, so they survive shells and HTTP headers unquoted.
 */
export function createApiKeySecret(scope: Construct, id: string): secretsmanager.Secret {
  const secret = new secretsmanager.Secret(scope, id, {
    description: 'Bedrock proxy API keys: a JSON object of key name to key value',
    generateSecretString: {
      secretStringTemplate: JSON.stringify({}),
      generateStringKey: FIRST_API_KEY_NAME,
      passwordLength: 48,
      excludePunctuation: true,
      includeSpace: false,
    },
  });
  Validations.of(secret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason: 'Keys are held by API clients, so the operator rotates them by editing the secret (README, "API keys: add, rotate, revoke").',
  });
  return secret;
}
