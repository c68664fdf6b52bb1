import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Aws, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { createApiKeySecret } from './api-key-secret';
import { type ArnContext, guardrailArn, INVOKE_ACTIONS, invokeModelStatements } from './bedrock-arns';
import { type BedrockProxyProps, DEFAULT_EMBED_MODEL, DEFAULT_MODEL } from './bedrock-proxy-props';
import { bundledCode, ENTRY_FILE } from './bundling';
import { CORS_HEADERS } from './cors';
import { CROSS_REGION_DESTINATIONS } from './cross-region-destinations';
import { GUARDRAIL_VERSION_PATTERN, GUARDRAIL_VERSION_RULE } from './guardrail';
import { assertIntInRange, BedrockProxyPropsError, MAX_TIMEOUT_SECONDS, MIN_TIMEOUT_SECONDS, originsAsSent } from './validate-props';

export type { BedrockProxyProps } from './bedrock-proxy-props';

/** The repository root, one level above lib/; the default for the bundling paths. */
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The proxy: one ESM Node.js 24 arm64 function behind a response-streaming Function URL, allowed to
 * invoke exactly the configured models (and guardrail), with its own log group and, in API-key
 * mode, the API-key secret only it can read.
 */
export class BedrockProxy extends Construct {
  readonly function: lambda.Function;
  readonly functionUrl: lambda.FunctionUrl;
  readonly logGroup: logs.LogGroup;
  /** The API-key secret; undefined with `authType: AWS_IAM`. */
  readonly apiKeySecret?: secretsmanager.ISecret;

  constructor(scope: Construct, id: string, props: BedrockProxyProps = {}) {
    super(scope, id);
    const authType = props.authType ?? lambda.FunctionUrlAuthType.NONE;
    const defaultModel = props.defaultModel ?? DEFAULT_MODEL;
    const defaultEmbedModel = props.defaultEmbedModel ?? DEFAULT_EMBED_MODEL;
    const models = [...new Set([defaultModel, defaultEmbedModel, ...(props.allowedModels ?? [])])];
    const origins = props.allowedOrigins ?? [];
    const timeout = props.timeout ?? Duration.minutes(5);
    const memorySize = props.memorySize ?? 512;
    const maxRetryAttempts = props.maxRetryAttempts ?? 5;
    const maxPoolConnections = props.maxPoolConnections ?? 50;

    assertIntInRange('timeout (seconds)', timeout.toSeconds(), MIN_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS);
    assertIntInRange('memorySize', memorySize, 128, 10_240);
    assertIntInRange('maxRetryAttempts', maxRetryAttempts, 1, 10);
    assertIntInRange('maxPoolConnections', maxPoolConnections, 1, 1000);
    if (props.reservedConcurrency !== undefined) {
      assertIntInRange('reservedConcurrency', props.reservedConcurrency, 1, 100_000);
    }
    if (props.guardrailVersion !== undefined && props.guardrailId === undefined) {
      throw new BedrockProxyPropsError('guardrailVersion is set but guardrailId is not');
    }
    if (props.guardrailVersion !== undefined && !GUARDRAIL_VERSION_PATTERN.test(props.guardrailVersion)) {
      throw new BedrockProxyPropsError(`guardrailVersion ${JSON.stringify(props.guardrailVersion)} ${GUARDRAIL_VERSION_RULE}`);
    }
    const corsOrigins = originsAsSent(origins);

    const arnContext: ArnContext = { partition: Aws.PARTITION, region: Aws.REGION, account: Aws.ACCOUNT_ID };
    const statements = invokeModelStatements(models, arnContext, props.crossRegionDestinations ?? CROSS_REGION_DESTINATIONS);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // An explicit role instead of AWSLambdaBasicExecutionRole: write access to this log group only.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Bedrock proxy: invoke the configured models, write its own logs',
    });
    this.logGroup.grantWrite(role);
    for (const statement of statements) {
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: [...INVOKE_ACTIONS],
          resources: [...statement.resources],
          conditions: statement.conditions,
        }),
      );
    }
    if (props.guardrailId !== undefined) {
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['bedrock:ApplyGuardrail'],
          resources: [guardrailArn(arnContext, props.guardrailId)],
        }),
      );
    }

    if (authType === lambda.FunctionUrlAuthType.NONE) {
      this.apiKeySecret = createApiKeySecret(this, 'ApiKeys');
    }

    const projectRoot = props.projectRoot ?? REPO_ROOT;
    this.function = new lambda.Function(this, 'Function', {
      description: 'Bedrock proxy (response-streaming Function URL)',
      code: bundledCode({ projectRoot, entry: props.entry ?? path.join(projectRoot, 'lambda', 'handler.ts') }),
      handler: `${path.basename(ENTRY_FILE, '.mjs')}.handler`,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize,
      timeout,
      role,
      logGroup: this.logGroup,
      reservedConcurrentExecutions: props.reservedConcurrency,
      environment: {
        BEDROCK_MODEL_ID: defaultModel,
        BEDROCK_EMBED_MODEL_ID: defaultEmbedModel,
        ALLOWED_MODELS: models.join(','),
        ...(props.guardrailId !== undefined && { BEDROCK_GUARDRAIL_ID: props.guardrailId }),
        ...(props.guardrailVersion !== undefined && { BEDROCK_GUARDRAIL_VERSION: props.guardrailVersion }),
        ...(this.apiKeySecret && { API_KEYS_SECRET_ARN: this.apiKeySecret.secretArn }),
        AUTH_MODE: authType === lambda.FunctionUrlAuthType.NONE ? 'api-key' : 'iam',
        MAX_RETRY_ATTEMPTS: String(maxRetryAttempts),
        MAX_POOL_CONNECTIONS: String(maxPoolConnections),
        ...(props.enableSourceMaps && { NODE_OPTIONS: '--enable-source-maps' }),
      },
    });
    this.apiKeySecret?.grantRead(this.function);

    this.functionUrl = this.function.addFunctionUrl({
      authType,
      invokeMode: lambda.InvokeMode.RESPONSE_STREAM,
      cors:
        corsOrigins.length > 0
          ? {
              allowedOrigins: corsOrigins,
              // Each method name is at most 6 characters, so OPTIONS cannot be listed; the URL
              // answers preflight requests itself.
              allowedMethods: [lambda.HttpMethod.GET, lambda.HttpMethod.POST],
              allowedHeaders: [...CORS_HEADERS.allowed],
              exposedHeaders: [...CORS_HEADERS.exposed],
              maxAge: Duration.seconds(CORS_HEADERS.maxAgeSeconds),
            }
          : undefined,
    });

    Validations.of(this.function).acknowledge(
      {
        id: 'Serverless-LambdaDLQ',
        reason: 'Invoked only synchronously through its Function URL; a DLQ only receives async events.',
      },
      {
        id: 'Serverless-LambdaTracing',
        reason: 'One synchronous hop to Bedrock, observed through its logs and Lambda metrics; X-Ray would add a wildcard grant.',
      },
    );
  }
}
