import { z } from 'zod';

const list = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  );

const int = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

/**
 * Every setting the handler reads, parsed from the environment once at cold start.
 * The names are the original Python proxy's (section 4 of the article), plus our own.
 */
const EnvSchema = z.object({
  AWS_REGION: z.string().min(1).default('us-east-1'),
  BEDROCK_MODEL_ID: z.string().min(1).default('anthropic.claude-3-sonnet-20240229-v1:0'),
  BEDROCK_EMBED_MODEL_ID: z.string().min(1).default('amazon.titan-embed-text-v2:0'),
  BEDROCK_GUARDRAIL_ID: optionalText,
  BEDROCK_GUARDRAIL_VERSION: z.string().min(1).default('1'),
  ALLOWED_ORIGINS: list,
  MAX_RETRY_ATTEMPTS: int(5, 1, 10),
  MAX_POOL_CONNECTIONS: int(50, 1, 1000),
  API_KEYS: list,
  MAX_BODY_BYTES: int(5 * 1024 * 1024, 1024, 6 * 1024 * 1024),
  ALLOWED_MODELS: list,
  MODEL_ALIASES: z
    .string()
    .optional()
    .transform((value, ctx) => parseAliases(value, ctx)),
});

/** `MODEL_ALIASES=gpt-4o=us.anthropic.claude-…,small=amazon.nova-micro-v1:0` */
function parseAliases(value: string | undefined, ctx: z.RefinementCtx): Readonly<Record<string, string>> {
  const aliases: Record<string, string> = {};
  for (const entry of (value ?? '').split(',').map((item) => item.trim()).filter(Boolean)) {
    const at = entry.indexOf('=');
    const name = entry.slice(0, at).trim();
    const target = entry.slice(at + 1).trim();
    if (at <= 0 || !target) {
      ctx.addIssue({ code: 'custom', message: `"${entry}" is not NAME=MODEL_ID` });
      continue;
    }
    aliases[name] = target;
  }
  return aliases;
}

export interface Config {
  readonly region: string;
  readonly defaultModel: string;
  readonly defaultEmbedModel: string;
  readonly guardrail: { readonly id: string; readonly version: string } | undefined;
  readonly allowedOrigins: readonly string[];
  readonly maxRetryAttempts: number;
  readonly maxPoolConnections: number;
  readonly apiKeys: readonly string[];
  readonly maxBodyBytes: number;
  /** Models callers may use; empty means any model the function's IAM policy allows. */
  readonly allowedModels: readonly string[];
  /** Other names for models, e.g. `gpt-4o` → a Claude inference profile. */
  readonly modelAliases: Readonly<Record<string, string>>;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return {
    region: e.AWS_REGION,
    defaultModel: e.BEDROCK_MODEL_ID,
    defaultEmbedModel: e.BEDROCK_EMBED_MODEL_ID,
    guardrail: e.BEDROCK_GUARDRAIL_ID
      ? { id: e.BEDROCK_GUARDRAIL_ID, version: e.BEDROCK_GUARDRAIL_VERSION }
      : undefined,
    allowedOrigins: e.ALLOWED_ORIGINS,
    maxRetryAttempts: e.MAX_RETRY_ATTEMPTS,
    maxPoolConnections: e.MAX_POOL_CONNECTIONS,
    apiKeys: e.API_KEYS,
    maxBodyBytes: e.MAX_BODY_BYTES,
    allowedModels: e.ALLOWED_MODELS,
    modelAliases: e.MODEL_ALIASES,
  };
}
