import type { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';

export const DEFAULT_MODEL = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';
export const DEFAULT_EMBED_MODEL = 'amazon.titan-embed-text-v2:0';

/** Configuration of the BedrockProxy construct; every prop is optional. */
export interface BedrockProxyProps {
  /**
   * Model used when a request names none: a foundation-model ID, a cross-Region inference-profile
   * ID (`us.`, `eu.`, `apac.`, `jp.`, `au.`, `us-gov.`, `global.`), or a full ARN.
   * @default 'us.anthropic.claude-3-5-haiku-20241022-v1:0'
   */
  readonly defaultModel?: string;
  /**
   * Embedding model used when an embeddings request names none.
   * @default 'amazon.titan-embed-text-v2:0'
   */
  readonly defaultEmbedModel?: string;
  /**
   * Further models requests may name. The function may invoke exactly these plus the two defaults
   * (sent to it as ALLOWED_MODELS) and nothing else.
   * @default [] - only the two default models
   */
  readonly allowedModels?: readonly string[];
  /**
   * Guardrail applied to every model call: its ID in this stack's Region, or its full ARN.
   * @default - no guardrail, and no bedrock:ApplyGuardrail permission
   */
  readonly guardrailId?: string;
  /**
   * Guardrail version, e.g. `1` or `DRAFT`. Requires `guardrailId`.
   * @default - unset; the handler's own default applies
   */
  readonly guardrailVersion?: string;
  /**
   * Browser origins allowed by CORS. CORS is answered by the Function URL only; the function is
   * never given the origins, so responses never carry duplicate CORS headers.
   * @default [] - no CORS configuration (non-browser clients only)
   */
  readonly allowedOrigins?: readonly string[];
  /**
   * `NONE`: public URL, the proxy checks its own API keys (AUTH_MODE=api-key).
   * `AWS_IAM`: callers SigV4-sign for service `lambda`; no API-key secret is created (AUTH_MODE=iam).
   * @default lambda.FunctionUrlAuthType.NONE
   */
  readonly authType?: lambda.FunctionUrlAuthType;
  /**
   * Reserved concurrent executions: caps concurrent streams (and spend) and reserves that capacity.
   * @default - no reservation; the account's unreserved pool
   */
  readonly reservedConcurrency?: number;
  /**
   * Memory in MB. The function mostly waits on Bedrock while a stream is open, and a stream is
   * billed for its whole duration times this size, so more memory mainly costs more; 512 MB still
   * gives enough CPU for a quick cold start and for JSON bodies up to the 5 MB body limit.
   * @default 512
   */
  readonly memorySize?: number;
  /**
   * Invocation timeout, which is also the longest a stream can stay open. From 5 seconds (Bedrock
   * calls end 2 s before it) to 15 minutes.
   * @default Duration.minutes(5)
   */
  readonly timeout?: Duration;
  /**
   * SDK attempts per Bedrock call (MAX_RETRY_ATTEMPTS), 1 to 10.
   * @default 5
   */
  readonly maxRetryAttempts?: number;
  /**
   * Keep-alive sockets per execution environment (MAX_POOL_CONNECTIONS), 1 to 1000.
   * @default 50
   */
  readonly maxPoolConnections?: number;
  /**
   * Run Node with `--enable-source-maps`, so stack traces in the logs point at the TypeScript
   * sources. The bundle always ships its source map; turning this on costs about 25 ms of cold
   * start and 7 MB of memory (BENCHMARKS.md), so it is off unless you are debugging.
   * @default false
   */
  readonly enableSourceMaps?: boolean;
  /**
   * Retention of the function's log group, which is deleted with the stack.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Destination Regions of geographic inference profiles, by prefix.
   * @default CROSS_REGION_DESTINATIONS
   */
  readonly crossRegionDestinations?: Readonly<Record<string, readonly string[]>>;
  /**
   * Handler source file; it must export `handler`.
   * @default '<repo>/lambda/handler.ts'
   */
  readonly entry?: string;
  /**
   * Root esbuild resolves from.
   * @default - the repository root (the directory above lib/)
   */
  readonly projectRoot?: string;
}
