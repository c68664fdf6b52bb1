import { type App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { addNagChecks } from '../../lib/nag-checks';
import { buildStack, testApp } from './helpers';

const findings = (app: App) =>
  [new AwsSolutionsChecks(), new ServerlessChecks()].flatMap((pack) =>
    pack.validateScope(app).violations.map((v) => `${v.ruleName} @ ${v.violatingResources.map((r) => r.constructPath).join(', ')}`),
  );

describe('cdk-nag (AwsSolutions + Serverless)', () => {
  it.each([
    ['the defaults', {}],
    [
      'every option',
      {
        allowedModels: ['global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'eu.amazon.nova-lite-v1:0'],
        guardrailId: 'gr-abc123',
        guardrailVersion: '1',
        allowedOrigins: ['https://app.example.com'],
        reservedConcurrency: 5,
      },
    ],
    ['AWS_IAM auth', { authType: FunctionUrlAuthType.AWS_IAM }],
  ])('has no unacknowledged finding with %s', (_name, props) => {
    const { app } = buildStack(props);
    // Synthesis runs the packs as validation plugins and throws on any unacknowledged finding.
    expect(() => app.synth()).not.toThrow();
    expect(findings(app)).toEqual([]);
  });

  it('fails synthesis when a new finding appears', () => {
    const { app, stack } = buildStack();
    new iam.Policy(stack, 'Extra', {
      statements: [new iam.PolicyStatement({ actions: ['bedrock:InvokeModel'], resources: ['*'] })],
    }).attachToRole(stack.proxy.function.role as iam.IRole);
    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5\[Resource::\*\]/);
    expect(findings(app)).toEqual([expect.stringMatching(/^AwsSolutions-IAM5\[Resource::\*\] @ TestStack\/Extra/)]);
  });

  it('the acknowledged rules really fire on an unacknowledged function and secret', () => {
    const app = testApp();
    const stack = new Stack(app, 'Bare');
    new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('export const handler = async () => {};'),
    });
    new secretsmanager.Secret(stack, 'Secret');
    addNagChecks(app);
    expect(findings(app)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^AwsSolutions-SMG4 @/),
        expect.stringMatching(/^Serverless-LambdaDLQ @/),
        expect.stringMatching(/^Serverless-LambdaTracing @/),
        expect.stringMatching(/^AwsSolutions-IAM4\[Policy::.*AWSLambdaBasicExecutionRole\] @/),
      ]),
    );
  });
});
