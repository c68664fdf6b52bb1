import { readFileSync } from 'node:fs';
import { Duration } from 'aws-cdk-lib';
import { Capture, Match } from 'aws-cdk-lib/assertions';
import { FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { readSettings } from '../../bin/context';
import { bedrockStatements, flatten, fmArn, INVOKE, policyStatements, profileArn, REGION, synthStack } from './helpers';

const HAIKU_PROFILE = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';
const HAIKU = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const TITAN = 'amazon.titan-embed-text-v2:0';

describe('function', () => {
  it('is an arm64 nodejs24.x function with a month of logs in its own log group', () => {
    const { template } = synthStack();
    const logGroup = new Capture();
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: 300,
      LoggingConfig: { LogGroup: { Ref: logGroup } },
      ReservedConcurrentExecutions: Match.absent(),
    });
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 30 },
      DeletionPolicy: 'Delete',
    });
    expect(Object.keys(template.findResources('AWS::Logs::LogGroup'))).toEqual([logGroup.asString()]);
  });

  it('sets the environment the handler reads, and never ALLOWED_ORIGINS', () => {
    const { template } = synthStack({ allowedOrigins: ['https://app.example.com'] });
    const env = new Capture();
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: env } });
    expect(flatten(env.asObject())).toEqual({
      BEDROCK_MODEL_ID: HAIKU_PROFILE,
      BEDROCK_EMBED_MODEL_ID: TITAN,
      ALLOWED_MODELS: `${HAIKU_PROFILE},${TITAN}`,
      API_KEYS_SECRET_ARN: expect.stringMatching(/^\$\{ProxyApiKeys[0-9A-F]+\}$/),
      AUTH_MODE: 'api-key',
      MAX_RETRY_ATTEMPTS: '5',
      MAX_POOL_CONNECTIONS: '50',
    });
  });

  it('turns on source-mapped stack traces only when asked', () => {
    const { template } = synthStack({ enableSourceMaps: true });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ NODE_OPTIONS: '--enable-source-maps' }) },
    });
  });

  it("with cdk.json's context and -c defaultModel=X, allows and grants X and the embed default, not the old default", () => {
    const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> };
    const context: Record<string, unknown> = { ...cdkJson.context, defaultModel: 'amazon.nova-micro-v1:0' };
    const { template } = synthStack(readSettings((key) => context[key]).proxy);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ ALLOWED_MODELS: `amazon.nova-micro-v1:0,${TITAN}` }) },
    });
    expect(JSON.stringify(template.toJSON())).not.toContain('claude-3-5-haiku');
  });

  it('passes the guardrail and the union of models to the handler', () => {
    const { template } = synthStack({
      allowedModels: ['amazon.nova-micro-v1:0', TITAN],
      guardrailId: 'gr-abc123',
      guardrailVersion: '2',
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          ALLOWED_MODELS: `${HAIKU_PROFILE},${TITAN},amazon.nova-micro-v1:0`,
          BEDROCK_GUARDRAIL_ID: 'gr-abc123',
          BEDROCK_GUARDRAIL_VERSION: '2',
        }),
      },
    });
  });

  it('reserves concurrency only when asked', () => {
    synthStack({ reservedConcurrency: 20 }).template.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 20,
    });
  });

  it.each([Duration.seconds(901), Duration.minutes(16), Duration.seconds(0), Duration.seconds(2), Duration.seconds(4)])(
    'refuses timeout %s',
    (timeout) => {
      // Under 5 s, the 2 s deadline margin would leave Bedrock no time: every request a 504.
      expect(() => synthStack({ timeout })).toThrow(/timeout \(seconds\) must be an integer from 5 to 900/);
    },
  );

  it('accepts the 900-second maximum', () => {
    synthStack({ timeout: Duration.seconds(900) }).template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 900,
    });
  });

  it('refuses settings that would deploy something broken or wider than intended', () => {
    expect(() => synthStack({ guardrailVersion: '1' })).toThrow(/guardrailVersion is set but guardrailId is not/);
    expect(() => synthStack({ guardrailId: 'gr-abc', guardrailVersion: '1 2' })).toThrow(/guardrailVersion "1 2" must be a version number/);
    expect(() => synthStack({ guardrailId: 'gr abc' })).toThrow(/Invalid guardrail id "gr abc"/);
    expect(() => synthStack({ allowedOrigins: ['https://app.example.com/path'] })).toThrow(/Invalid origin/);
    expect(() => synthStack({ allowedModels: ['anthropic.*'] })).toThrow(/Invalid model id/);
    // The function refuses these at cold start (lambda/config.ts); the stack refuses them first.
    expect(() => synthStack({ defaultModel: 'not!a@model#id' })).toThrow(/Invalid model id/);
    expect(() => synthStack({ allowedModels: ['meta@llama'] })).toThrow(/Invalid model id/);
    expect(() => synthStack({ allowedModels: ['..'] })).toThrow(/Invalid model id "\.\.": .*no \. or \.\. between slashes/);
    expect(() => synthStack({ memorySize: 64 })).toThrow(/memorySize/);
    expect(() => synthStack({ reservedConcurrency: 0 })).toThrow(/reservedConcurrency/);
  });
});

describe('function URL', () => {
  it('streams, is public (the proxy checks API keys), and has no CORS without origins', () => {
    const { template } = synthStack();
    template.resourceCountIs('AWS::Lambda::Url', 1);
    template.hasResourceProperties('AWS::Lambda::Url', {
      InvokeMode: 'RESPONSE_STREAM',
      AuthType: 'NONE',
      Cors: Match.absent(),
    });
  });

  it('configures CORS at the URL when origins are given', () => {
    synthStack({ allowedOrigins: ['https://app.example.com'] }).template.hasResourceProperties('AWS::Lambda::Url', {
      Cors: {
        AllowOrigins: ['https://app.example.com'],
        AllowMethods: ['GET', 'POST'],
        // Every header the OpenAI JS SDK may send, or its preflight fails in a browser.
        AllowHeaders: Match.arrayWith([
          'content-type',
          'authorization',
          'x-api-key',
          'x-stainless-arch',
          'x-stainless-lang',
          'x-stainless-os',
          'x-stainless-package-version',
          'x-stainless-runtime',
          'x-stainless-runtime-version',
          'x-stainless-retry-count',
          'x-stainless-timeout',
          'x-stainless-helper-method',
          'openai-organization',
          'openai-project',
          'openai-beta',
        ]),
        ExposeHeaders: ['x-request-id', 'retry-after', 'x-cache', 'allow'],
        MaxAge: 3600,
      },
    });
  });

  it('writes each origin as a browser sends it (no default port, lower case), or it would never match', () => {
    synthStack({
      allowedOrigins: ['http://localhost:80', 'https://App.Example.com:443', 'https://app.example.com'],
    }).template.hasResourceProperties('AWS::Lambda::Url', {
      Cors: Match.objectLike({ AllowOrigins: ['http://localhost', 'https://app.example.com'] }),
    });
  });

  it('with AWS_IAM: IAM auth, AUTH_MODE=iam, and no API-key secret at all', () => {
    const { template } = synthStack({ authType: FunctionUrlAuthType.AWS_IAM });
    template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'AWS_IAM', InvokeMode: 'RESPONSE_STREAM' });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ AUTH_MODE: 'iam', API_KEYS_SECRET_ARN: Match.absent() }) },
    });
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    expect(Object.keys(template.findOutputs('*')).sort()).toEqual(['FunctionArn', 'FunctionUrl', 'LogGroupName']);
  });
});

describe('IAM', () => {
  it('(a) plain foundation models: one statement on exactly their ARNs in the stack Region', () => {
    const { template } = synthStack({ defaultModel: 'anthropic.claude-3-haiku-20240307-v1:0' });
    expect(bedrockStatements(template)).toEqual([
      {
        Effect: 'Allow',
        Action: INVOKE,
        Resource: [fmArn(REGION, 'anthropic.claude-3-haiku-20240307-v1:0'), fmArn(REGION, TITAN)],
      },
    ]);
  });

  it('(b) a us. profile: the profile, and its model in every US destination only through it', () => {
    const { template } = synthStack();
    expect(bedrockStatements(template)).toEqual([
      { Effect: 'Allow', Action: INVOKE, Resource: [profileArn(HAIKU_PROFILE), fmArn(REGION, TITAN)] },
      {
        Effect: 'Allow',
        Action: INVOKE,
        Resource: [REGION, 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'].map((r) => fmArn(r, HAIKU)),
        Condition: { StringEquals: { 'bedrock:InferenceProfileArn': profileArn(HAIKU_PROFILE) } },
      },
    ]);
  });

  it('(c) a guardrail: ApplyGuardrail on exactly its ARN, and only when configured', () => {
    const apply = (s: { Action: string[] }) => s.Action.includes('bedrock:ApplyGuardrail');
    expect(bedrockStatements(synthStack().template).filter(apply)).toEqual([]);
    const { template } = synthStack({ guardrailId: 'gr-abc123' });
    expect(bedrockStatements(template).filter(apply)).toEqual([
      {
        Effect: 'Allow',
        Action: ['bedrock:ApplyGuardrail'],
        Resource: ['arn:${AWS::Partition}:bedrock:${AWS::Region}:${AWS::AccountId}:guardrail/gr-abc123'],
      },
    ]);
  });

  it('never grants a bedrock action on a wildcard resource', () => {
    const { template } = synthStack({
      allowedModels: ['global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'eu.amazon.nova-lite-v1:0'],
      guardrailId: 'gr-abc123',
    });
    const resources = bedrockStatements(template).flatMap((s) => s.Resource);
    expect(resources.length).toBeGreaterThan(10);
    for (const resource of resources) expect(resource).not.toContain('*');
  });

  it('lets only the function read the API-key secret, and gives its role no managed policy', () => {
    const { template, stack } = synthStack();
    const secretRef = `\${${stack.resolve(stack.proxy.apiKeySecret?.secretArn).Ref}}`;
    const onSecret = policyStatements(template).filter((s) => s.Resource.includes(secretRef));
    expect(onSecret).toEqual([
      {
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: [secretRef],
      },
    ]);
    template.resourceCountIs('AWS::IAM::Policy', 1);
    template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
    expect(policyStatements(template).find((s) => s.Action.some((a) => a.startsWith('logs:')))).toEqual({
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: [expect.stringMatching(/^\$\{ProxyLogs[0-9A-F]+\.Arn\}$/)],
    });
  });
});

describe('API-key secret and outputs', () => {
  it('generates a first key named "default" into a flat JSON object', () => {
    synthStack().template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: {
        SecretStringTemplate: '{}',
        GenerateStringKey: 'default',
        PasswordLength: 48,
        ExcludePunctuation: true,
        IncludeSpace: false,
      },
    });
  });

  it('prints the URL, the secret and the command that reads it', () => {
    const { template, stack } = synthStack();
    const outputs = flatten(template.findOutputs('*')) as Record<string, { Value: string }>;
    const secretRef = `\${${stack.resolve(stack.proxy.apiKeySecret?.secretArn).Ref}}`;
    expect(Object.keys(outputs).sort()).toEqual(['ApiKeySecretArn', 'FunctionArn', 'FunctionUrl', 'GetApiKeyCommand', 'LogGroupName']);
    expect(outputs.FunctionUrl?.Value).toMatch(/^\$\{ProxyFunctionFunctionUrl[0-9A-F]+\.FunctionUrl\}$/);
    expect(outputs.ApiKeySecretArn?.Value).toBe(secretRef);
    expect(outputs.GetApiKeyCommand?.Value).toBe(
      `aws secretsmanager get-secret-value --secret-id ${secretRef} --region \${AWS::Region} --query SecretString --output text`,
    );
  });
});
