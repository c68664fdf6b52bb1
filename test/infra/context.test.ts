import { readFileSync } from 'node:fs';
import { Duration } from 'aws-cdk-lib';
import { FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { ContextError, readSettings } from '../../bin/context';

const from = (values: Record<string, unknown>) => readSettings((key) => values[key]);

describe('context', () => {
  it('reads cdk.json values (JSON types)', () => {
    const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
      context: Record<string, unknown>;
    };
    const settings = from(cdkJson.context);
    expect(settings.stackName).toBe('BedrockProxy');
    expect(settings.proxy).toMatchObject({
      defaultModel: 'us.anthropic.claude-3-5-haiku-20241022-v1:0',
      defaultEmbedModel: 'amazon.titan-embed-text-v2:0',
      // Further models only: the stack allows the two defaults itself, whichever they are.
      allowedModels: [],
      allowedOrigins: [],
      authType: FunctionUrlAuthType.NONE,
      memorySize: 512,
    });
    expect(settings.proxy.timeout?.toSeconds()).toBe(300);
  });

  it('reads -c values (always strings)', () => {
    const settings = from({
      allowedModels: ' amazon.nova-micro-v1:0 , eu.amazon.nova-lite-v1:0,',
      allowedOrigins: 'https://a.example,https://b.example',
      authType: 'aws_iam',
      reservedConcurrency: '20',
      timeoutSeconds: '900',
      guardrailId: 'gr-1',
      guardrailVersion: '3',
    });
    expect(settings.proxy).toMatchObject({
      allowedModels: ['amazon.nova-micro-v1:0', 'eu.amazon.nova-lite-v1:0'],
      allowedOrigins: ['https://a.example', 'https://b.example'],
      authType: FunctionUrlAuthType.AWS_IAM,
      reservedConcurrency: 20,
      guardrailId: 'gr-1',
      guardrailVersion: '3',
    });
    expect(settings.proxy.timeout?.toSeconds()).toBe(Duration.minutes(15).toSeconds());
  });

  it('leaves unset and empty keys to the construct defaults', () => {
    expect(from({ guardrailId: '', memorySize: undefined })).toEqual({
      stackName: 'BedrockProxy',
      proxy: expect.not.objectContaining({ guardrailId: expect.anything(), memorySize: expect.anything() }),
    });
  });

  it.each([
    [{ authType: 'COGNITO' }, /authType/],
    [{ timeoutSeconds: '5m' }, /timeoutSeconds/],
    [{ memorySize: 1.5 }, /memorySize/],
    [{ allowedModels: [1, 2] }, /allowedModels/],
  ])('refuses %j', (values, message) => {
    expect(() => from(values)).toThrow(ContextError);
    expect(() => from(values)).toThrow(message);
  });
});
