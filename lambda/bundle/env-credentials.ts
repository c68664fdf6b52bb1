/**
 * Stands in for `@aws-sdk/credential-provider-node` and `@aws-sdk/token-providers` inside the Lambda
 * bundle only (the `alias` in lib/bundling.ts; it is bundle-time code for the Lambda runtime, so it lives with the handler); local runs and tests use the real modules.
 *
 * Why it is safe: the real `defaultProvider` tries the environment first and stops there unless
 * AWS_PROFILE is set. Lambda sets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN
 * from the execution role in every Node.js execution environment and never sets AWS_PROFILE
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime),
 * so the chain's other links never run there. (SnapStart serves credentials from a container
 * endpoint instead, but it does not support Node.js; if this function ever moves to such a
 * platform, drop the alias.)
 *
 * Like the real chain, the provider keeps what it read: the SDK calls it on every request and does
 * not memoize a default provider itself (`normalizeCredentialProvider` in `@aws-sdk/core`). It
 * reads the environment again only when asked to (`forceRefresh`) or when the credentials expire
 * within five minutes, the real chain's `credentialsTreatedAsExpired`.
 */
interface EnvCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
  readonly accountId?: string;
}

export class CredentialsProviderError extends Error {
  override name = 'CredentialsProviderError';
  readonly tryNextLink = false;
}

export const defaultProvider = (_init: unknown = {}) => {
  let credentials: EnvCredentials | undefined;
  return async (options?: { forceRefresh?: boolean }): Promise<EnvCredentials> => {
    if (!credentials || options?.forceRefresh || credentialsTreatedAsExpired(credentials)) {
      credentials = fromEnvironment();
    }
    return credentials;
  };
};

function fromEnvironment(): EnvCredentials {
  const env = process.env;
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw new CredentialsProviderError(
      'No AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the environment; this bundle reads credentials from the Lambda environment only (lib/bundling.ts).',
    );
  }
  return {
    accessKeyId,
    secretAccessKey,
    ...(env.AWS_SESSION_TOKEN && { sessionToken: env.AWS_SESSION_TOKEN }),
    ...(env.AWS_CREDENTIAL_EXPIRATION && { expiration: new Date(env.AWS_CREDENTIAL_EXPIRATION) }),
    ...(env.AWS_ACCOUNT_ID && { accountId: env.AWS_ACCOUNT_ID }),
  };
}

export class TokenProviderError extends Error {
  override name = 'TokenProviderError';
  readonly tryNextLink = false;
}

/**
 * Bedrock API keys (`AWS_BEARER_TOKEN_BEDROCK`) keep working: the same lookup as the real
 * `fromEnvSigningName`.
 */
export const fromEnvSigningName =
  ({ signingName }: { signingName?: string } = {}) =>
  async (): Promise<{ token: string }> => {
    const key = `AWS_BEARER_TOKEN_${(signingName ?? '').replace(/[\s-]/g, '_').toUpperCase()}`;
    const token = process.env[key];
    if (!signingName || token === undefined) throw new TokenProviderError(`Token not present in '${key}' environment variable`);
    return { token };
  };

/**
 * The real `nodeProvider` reads an SSO token cache under ~/.aws, which a Lambda execution
 * environment does not have; it is only consulted when bearer auth is chosen without a token.
 */
export const nodeProvider =
  (_init: unknown = {}) =>
  async (): Promise<{ token: string }> => {
    throw new TokenProviderError('No SSO token cache in Lambda; set AWS_BEARER_TOKEN_BEDROCK for bearer auth.');
  };

/** The same predicates the real credential module exports, for any importer that uses them. */
export const credentialsWillNeedRefresh = (credentials?: { expiration?: Date }): boolean => credentials?.expiration !== undefined;
export const credentialsTreatedAsExpired = (credentials?: { expiration?: Date }): boolean =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000;
