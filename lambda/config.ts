import { originAsSent } from '../lib/cors';
import { GUARDRAIL_VERSION_PATTERN, GUARDRAIL_VERSION_RULE } from '../lib/guardrail';
import { MODEL_ID_PATTERN, MODEL_ID_RULE } from '../lib/model-id';
import { KEY_PATTERN, KEY_RULE } from './auth/api-keys';
import * as z from './schemas/zod';

const list = z.pipe(
  z.optional(z.string()),
  z.transform((value) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  ),
);

/** Origins as a Function URL's CORS takes them (the stack refuses others), written as a browser sends them. */
const origins = z.pipe(
  list,
  z.transform((items: string[], payload: z.core.ParsePayload) => [
    ...new Set(
      items.map((origin) => {
        const asSent = originAsSent(origin);
        if (asSent === undefined) {
          payload.issues.push({ code: 'custom', message: `"${origin}" is not "*" or scheme://host[:port] (no path)`, input: origin });
        }
        return asSent ?? origin;
      }),
    ),
  ]),
);

/** Adds `message`, if any, as an issue: a zod/mini transform gets the parse payload itself (no ctx.addIssue). */
const flag = (payload: z.core.ParsePayload, message: string | undefined) => {
  if (message) payload.issues.push({ code: 'custom', message, input: undefined });
};

/** `list`, with an issue for each item `bad` finds fault with. */
const checkedList = (bad: (item: string, index: number) => string | undefined) =>
  z.pipe(
    list,
    z.transform((items: string[], payload: z.core.ParsePayload) => {
      items.forEach((item, index) => {
        flag(payload, bad(item, index));
      });
      return items;
    }),
  );

/**
 * A request's `model` must fit MODEL_ID_PATTERN, so a configured model outside it could never be
 * asked for by name, and as a default or an alias target it would get every request a 400.
 */
const badModel = (id: string, subject = `"${id}"`) => (MODEL_ID_PATTERN.test(id) ? undefined : `${subject} must ${MODEL_ID_RULE}`);

/** A blank value is an unset one: `NAME=` in a .env file or a template means the default. */
const optionalText = z.pipe(
  z.optional(z.string()),
  z.transform((value) => (value?.trim() ? value.trim() : undefined)),
);

/** A whole number in decimal digits (not `0x10`, not `1e3`), or the default when unset or blank. */
const int = (fallback: number, min: number, max: number) =>
  z.pipe(
    optionalText,
    z._default(
      z.pipe(
        z.string().check(z.regex(/^\d+$/, 'must be a whole number in decimal digits')),
        z.pipe(z.transform(Number), z.number().check(z.minimum(min), z.maximum(max), z.int())),
      ),
      fallback,
    ),
  );

/** One value without spaces (a region, a version), or the default when unset or blank. */
const word = (fallback: string) =>
  z.pipe(optionalText, z._default(z.string().check(z.regex(/^\S+$/, 'must not contain spaces')), fallback));

/** A model id, or the default when unset or blank. */
const modelId = (fallback: string) =>
  z.pipe(
    optionalText,
    z.transform((value: string | undefined, payload: z.core.ParsePayload) => {
      flag(payload, value && badModel(value));
      return value ?? fallback;
    }),
  );

/**
 * Every setting the handler reads, parsed from the environment once at cold start.
 * The names are the original Python proxy's (section 4 of the article), plus our own.
 */
const EnvSchema = z.object({
  AWS_REGION: word('us-east-1'),
  BEDROCK_MODEL_ID: modelId('anthropic.claude-3-sonnet-20240229-v1:0'),
  BEDROCK_EMBED_MODEL_ID: modelId('amazon.titan-embed-text-v2:0'),
  BEDROCK_GUARDRAIL_ID: optionalText,
  BEDROCK_GUARDRAIL_VERSION: z.pipe(
    optionalText,
    z._default(z.string().check(z.regex(GUARDRAIL_VERSION_PATTERN, GUARDRAIL_VERSION_RULE)), '1'),
  ),
  ALLOWED_ORIGINS: origins,
  MAX_RETRY_ATTEMPTS: int(5, 1, 10),
  MAX_POOL_CONNECTIONS: int(50, 1, 1000),
  // Named by position, as in the logs (key-1, key-2, …): the key itself is never printed.
  API_KEYS: checkedList((key, index) => (KEY_PATTERN.test(key) ? undefined : `key ${index + 1} ${KEY_RULE}`)),
  MAX_BODY_BYTES: int(5 * 1024 * 1024, 1024, 6 * 1024 * 1024),
  ALLOWED_MODELS: checkedList((id) => badModel(id)),
  AUTH_MODE: z.pipe(optionalText, z.optional(z.enum(['api-key', 'iam']))),
  API_KEYS_SECRET_ARN: optionalText,
  API_KEYS_CACHE_SECONDS: int(60, 0, 3600),
  LOG_CONTENT: z.pipe(
    optionalText,
    z.pipe(
      z.optional(z.enum(['true', 'false'])),
      z.transform((value) => value === 'true'),
    ),
  ),
  DEADLINE_MARGIN_MS: int(2000, 0, 60_000),
  EMBED_CACHE_MAX_BYTES: int(32 * 1024 * 1024, 0, 1024 * 1024 * 1024),
  /** The function's memory in MB, set by the Lambda runtime; 0 (unset) outside Lambda. */
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: int(0, 0, 10_240),
  /** Set by the Lambda runtime: the function runs in AWS, where `open` would serve anyone on the internet. */
  AWS_LAMBDA_FUNCTION_NAME: optionalText,
  MODEL_ALIASES: z.pipe(z.optional(z.string()), z.transform(parseAliases)),
});

/**
 * `MODEL_ALIASES=gpt-4o=us.anthropic.claude-…,small=amazon.nova-micro-v1:0`. An alias is resolved
 * once, so one whose target is another alias would send that alias's name to Bedrock; and a name
 * given twice would silently keep the last. Both are refused.
 */
function parseAliases(value: string | undefined, payload: z.core.ParsePayload): Readonly<Record<string, string>> {
  const aliases: Record<string, string> = {};
  for (const entry of (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)) {
    const at = entry.indexOf('=');
    const name = entry.slice(0, at).trim();
    const target = entry.slice(at + 1).trim();
    const message =
      at <= 0 || !target
        ? `"${entry}" is not NAME=MODEL_ID`
        : (badModel(name, `alias "${name}"`) ??
          badModel(target, `alias "${name}" target "${target}"`) ??
          (Object.hasOwn(aliases, name) ? `alias "${name}" is defined twice` : undefined));
    flag(payload, message);
    if (!message) aliases[name] = target;
  }
  for (const [name, target] of Object.entries(aliases)) {
    if (Object.hasOwn(aliases, target)) flag(payload, `alias "${name}" target "${target}" is itself an alias; name a model`);
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
  readonly maxBodyBytes: number;
  /** Models callers may use; empty means any model the function's IAM policy allows. */
  readonly allowedModels: readonly string[];
  /** Other names for models, e.g. `gpt-4o` → a Claude inference profile. */
  readonly modelAliases: Readonly<Record<string, string>>;
  readonly auth: AuthConfig;
  /** Log prompt and completion text (off by default: they may hold personal data). */
  readonly logContent: boolean;
  /** Bedrock calls are cancelled this long before the Lambda deadline. */
  readonly deadlineMarginMs: number;
  /** Size bound of the per-instance embedding cache; 0 turns it off. */
  readonly embedCacheMaxBytes: number;
}

/**
 * Who may call: `iam` trusts the Function URL's AWS_IAM auth; `keys` checks API keys from the
 * secret or `API_KEYS`; `closed` refuses everyone (keys required but none configured);
 * `open` serves everyone (local development only: no AUTH_MODE and no keys; refused in Lambda).
 */
export type AuthConfig =
  | { readonly mode: 'iam' }
  | { readonly mode: 'keys'; readonly secretArn?: string; readonly keys: readonly string[]; readonly cacheSeconds: number }
  | { readonly mode: 'closed' }
  | { readonly mode: 'open' };

function authConfig(e: z.infer<typeof EnvSchema>): AuthConfig {
  if (e.AUTH_MODE === 'iam') return { mode: 'iam' };
  if (e.API_KEYS_SECRET_ARN || e.API_KEYS.length > 0) {
    return { mode: 'keys', secretArn: e.API_KEYS_SECRET_ARN, keys: e.API_KEYS, cacheSeconds: e.API_KEYS_CACHE_SECONDS };
  }
  return e.AUTH_MODE === 'api-key' ? { mode: 'closed' } : { mode: 'open' };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const MB = 1024 * 1024;

/**
 * The largest embedding cache a function of this memory size can hold: half its memory, and at
 * most all but 96 MB, which the runtime, the SDK and a request need beside it (idle RSS is 67–83 MB
 * in BENCHMARKS.md). A full cache past that ends in an out-of-memory kill of the instance. The
 * default (32 MB) fits the smallest size, 128 MB. No bound outside Lambda (memoryMb 0).
 */
function embedCacheLimit(memoryMb: number): number {
  return memoryMb > 0 ? Math.max(0, Math.min(memoryMb / 2, memoryMb - 96) * MB) : Number.POSITIVE_INFINITY;
}

/**
 * Parses the environment; throws a ConfigError naming every bad variable. The embedding cache's
 * bound against the function's memory is checked once every variable has parsed.
 */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const auth = authConfig(e);
  if (e.AWS_LAMBDA_FUNCTION_NAME && auth.mode === 'open') {
    throw new ConfigError(
      'Invalid configuration: AUTH_MODE: unset with no API keys, which would serve anyone in Lambda; set API_KEYS_SECRET_ARN or ' +
        'API_KEYS (with AUTH_MODE=api-key), or AUTH_MODE=iam when the Function URL (or what is in front of it) checks callers',
    );
  }
  const cacheLimit = embedCacheLimit(e.AWS_LAMBDA_FUNCTION_MEMORY_SIZE);
  if (e.EMBED_CACHE_MAX_BYTES > cacheLimit) {
    throw new ConfigError(
      `Invalid configuration: EMBED_CACHE_MAX_BYTES: at most ${cacheLimit} with ${e.AWS_LAMBDA_FUNCTION_MEMORY_SIZE} MB of function memory (half of it, and 96 MB left for the rest)`,
    );
  }
  return {
    region: e.AWS_REGION,
    defaultModel: e.BEDROCK_MODEL_ID,
    defaultEmbedModel: e.BEDROCK_EMBED_MODEL_ID,
    guardrail: e.BEDROCK_GUARDRAIL_ID ? { id: e.BEDROCK_GUARDRAIL_ID, version: e.BEDROCK_GUARDRAIL_VERSION } : undefined,
    allowedOrigins: e.ALLOWED_ORIGINS,
    maxRetryAttempts: e.MAX_RETRY_ATTEMPTS,
    maxPoolConnections: e.MAX_POOL_CONNECTIONS,
    maxBodyBytes: e.MAX_BODY_BYTES,
    allowedModels: e.ALLOWED_MODELS,
    modelAliases: e.MODEL_ALIASES,
    auth,
    logContent: e.LOG_CONTENT,
    deadlineMarginMs: e.DEADLINE_MARGIN_MS,
    embedCacheMaxBytes: e.EMBED_CACHE_MAX_BYTES,
  };
}
