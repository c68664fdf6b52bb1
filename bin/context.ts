import { Duration } from 'aws-cdk-lib';
import { FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
import type { BedrockProxyProps } from '../lib/bedrock-proxy';

/**
 * CDK context keys this app reads. Values come from cdk.json (JSON values) or from
 * `-c key=value` on the command line (always strings), so every reader accepts both.
 *
 * | key                 | example                                                          |
 * |---------------------|------------------------------------------------------------------|
 * | stackName           | `-c stackName=BedrockProxyDev`                                   |
 * | defaultModel        | `-c defaultModel=us.anthropic.claude-3-5-haiku-20241022-v1:0`     |
 * | defaultEmbedModel   | `-c defaultEmbedModel=amazon.titan-embed-text-v2:0`               |
 * | allowedModels       | `-c allowedModels=amazon.nova-micro-v1:0,eu.amazon.nova-lite-v1:0` |
 * | guardrailId         | `-c guardrailId=abc123xyz`                                       |
 * | guardrailVersion    | `-c guardrailVersion=1`                                          |
 * | allowedOrigins      | `-c allowedOrigins=https://app.example.com`                      |
 * | authType            | `-c authType=AWS_IAM` (default `NONE`)                           |
 * | reservedConcurrency | `-c reservedConcurrency=20`                                      |
 * | memorySize          | `-c memorySize=1024`                                             |
 * | timeoutSeconds      | `-c timeoutSeconds=600` (5 to 900)                               |
 */
export interface AppSettings {
  readonly stackName: string;
  readonly proxy: BedrockProxyProps;
}

export class ContextError extends Error {
  override name = 'ContextError';
}

type Read = (key: string) => unknown;

/** Builds the stack settings from context values; `read` is `app.node.tryGetContext`. */
export function readSettings(read: Read): AppSettings {
  return {
    stackName: text(read, 'stackName') ?? 'BedrockProxy',
    proxy: {
      defaultModel: text(read, 'defaultModel'),
      defaultEmbedModel: text(read, 'defaultEmbedModel'),
      allowedModels: list(read, 'allowedModels'),
      guardrailId: text(read, 'guardrailId'),
      guardrailVersion: text(read, 'guardrailVersion'),
      allowedOrigins: list(read, 'allowedOrigins'),
      authType: authType(read),
      reservedConcurrency: integer(read, 'reservedConcurrency'),
      memorySize: integer(read, 'memorySize'),
      timeout: mapDefined(integer(read, 'timeoutSeconds'), (s) => Duration.seconds(s)),
    },
  };
}

function text(read: Read, key: string): string | undefined {
  const value = read(key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new ContextError(`Context "${key}" must be a string, got ${JSON.stringify(value)}`);
  }
  const trimmed = String(value).trim();
  return trimmed === '' ? undefined : trimmed;
}

function list(read: Read, key: string): string[] | undefined {
  const value = read(key);
  if (value === undefined || value === null) return undefined;
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : undefined;
  if (!items || items.some((item) => typeof item !== 'string')) {
    throw new ContextError(`Context "${key}" must be a list or a comma-separated string, got ${JSON.stringify(value)}`);
  }
  return (items as string[]).map((item) => item.trim()).filter((item) => item !== '');
}

function integer(read: Read, key: string): number | undefined {
  const raw = text(read, key);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value)) {
    throw new ContextError(`Context "${key}" must be an integer, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function authType(read: Read): FunctionUrlAuthType | undefined {
  const raw = text(read, 'authType')?.toUpperCase();
  if (raw === undefined) return undefined;
  if (raw === 'NONE') return FunctionUrlAuthType.NONE;
  if (raw === 'AWS_IAM') return FunctionUrlAuthType.AWS_IAM;
  throw new ContextError(`Context "authType" must be NONE or AWS_IAM, got ${JSON.stringify(raw)}`);
}

function mapDefined<T, U>(value: T | undefined, map: (value: T) => U): U | undefined {
  return value === undefined ? undefined : map(value);
}
