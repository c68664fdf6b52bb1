import { Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';

/** Name of the key the stack generates on first deploy. */
export const FIRST_API_KEY_NAME = 'default';

/**
 * The API-key secret. Its value is a flat JSON object mapping a key's name (who holds it) to the
 * key itself:
 *
 * ```json
 * { "default": "generated-48-chars", "ci": "another-key" }
 * ```
 *
 * Every entry is a valid key; revoking a key is deleting its entry, rotating is adding a new entry,
 * handing it out, then deleting the old one. A flat object because CloudFormation's
 * `GenerateStringKey` can only add a top-level string field, so this is the one shape that can be
 * generated on deploy and edited the same way afterwards. Keys are letters and digits only, so they
 * survive shells and HTTP headers unquoted.
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
    reason: 'Keys are held by API clients, so the operator rotates them by editing the secret (docs/deploy.md).',
  });
  return secret;
}
