import { describe, expect, it } from 'vitest';
import { classifyModel, guardrailArn, invokeModelStatements, ModelIdError } from '../../lib/bedrock-arns';

const ctx = { partition: 'aws', region: 'us-east-1', account: '123456789012' };

describe('classifyModel', () => {
  it('tells foundation models, geographic and global profiles, and ARNs apart', () => {
    expect(classifyModel('amazon.titan-embed-text-v2:0')).toEqual({
      kind: 'foundation-model',
      id: 'amazon.titan-embed-text-v2:0',
    });
    expect(classifyModel('eu.anthropic.claude-3-5-haiku-20241022-v1:0')).toMatchObject({
      kind: 'geo-profile',
      modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
      destinations: expect.arrayContaining(['eu-central-1', 'eu-west-1', 'eu-west-3', 'eu-north-1']),
    });
    expect(classifyModel('global.anthropic.claude-sonnet-4-5-20250929-v1:0')).toEqual({
      kind: 'global-profile',
      id: 'global.anthropic.claude-sonnet-4-5-20250929-v1:0',
      modelId: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
    });
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123';
    expect(classifyModel(arn)).toEqual({ kind: 'arn', id: arn });
  });

  it('refuses a profile-shaped ID with an unknown geography instead of granting the wrong ARN', () => {
    expect(() => classifyModel('xx.anthropic.claude-3-5-haiku-20241022-v1:0')).toThrow(ModelIdError);
    expect(() => classifyModel('constructor.a.b')).toThrow(ModelIdError);
  });

  it.each(['', '*', 'anthropic.*', 'a, b', 'amazon.titan embed', 'not!a@model#id'])(
    'rejects %j, as the function would at cold start',
    (id) => {
      expect(() => classifyModel(id)).toThrow(ModelIdError);
    },
  );
});

describe('invokeModelStatements', () => {
  it('grants a plain foundation model in the stack Region only', () => {
    expect(invokeModelStatements(['amazon.titan-embed-text-v2:0'], ctx)).toEqual([
      { resources: ['arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0'] },
    ]);
  });

  it('grants a us. profile plus its model in every US destination, bound to the profile', () => {
    const profile = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-lite-v1:0';
    expect(invokeModelStatements(['us.amazon.nova-lite-v1:0'], ctx)).toEqual([
      { resources: [profile] },
      {
        resources: ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'].map(
          (region) => `arn:aws:bedrock:${region}::foundation-model/amazon.nova-lite-v1:0`,
        ),
        conditions: { StringEquals: { 'bedrock:InferenceProfileArn': profile } },
      },
    ]);
  });

  it('includes the source Region even when it is not a listed destination', () => {
    const [, scoped] = invokeModelStatements(['jp.amazon.nova-lite-v1:0'], { ...ctx, region: 'ap-northeast-2' });
    expect(scoped?.resources).toEqual(
      ['ap-northeast-2', 'ap-northeast-1', 'ap-northeast-3'].map(
        (region) => `arn:aws:bedrock:${region}::foundation-model/amazon.nova-lite-v1:0`,
      ),
    );
  });

  it('grants a global. profile through the Region-less model ARN AWS documents', () => {
    const id = 'global.anthropic.claude-sonnet-4-5-20250929-v1:0';
    const profile = `arn:aws:bedrock:us-east-1:123456789012:inference-profile/${id}`;
    expect(invokeModelStatements([id], ctx)).toEqual([
      { resources: [profile] },
      {
        resources: ['arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0'],
        conditions: {
          StringEquals: { 'aws:RequestedRegion': 'us-east-1', 'bedrock:InferenceProfileArn': profile },
        },
      },
      {
        resources: ['arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0'],
        conditions: {
          StringEquals: { 'aws:RequestedRegion': 'unspecified', 'bedrock:InferenceProfileArn': profile },
        },
      },
    ]);
  });

  it('grants a cross-Region profile given by its ARN as it grants its ID: the profile and the model in every destination', () => {
    const profile = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-micro-v1:0';
    expect(invokeModelStatements([profile], ctx)).toEqual(invokeModelStatements(['us.amazon.nova-micro-v1:0'], ctx));
    const global = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.anthropic.claude-sonnet-4-5-20250929-v1:0';
    expect(invokeModelStatements([global], ctx)).toEqual(invokeModelStatements(['global.anthropic.claude-sonnet-4-5-20250929-v1:0'], ctx));
  });

  it('passes full ARNs through and drops duplicates', () => {
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123';
    expect(invokeModelStatements([arn, 'amazon.titan-embed-text-v2:0', arn, 'amazon.titan-embed-text-v2:0'], ctx)).toEqual([
      { resources: [arn, 'arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0'] },
    ]);
  });

  it('uses the destination table it is given', () => {
    const [, scoped] = invokeModelStatements(['ca.amazon.nova-lite-v1:0'], ctx, { ca: ['ca-central-1'] });
    expect(scoped?.resources).toEqual([
      'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0',
      'arn:aws:bedrock:ca-central-1::foundation-model/amazon.nova-lite-v1:0',
    ]);
  });
});

describe('guardrailArn', () => {
  it('builds the ARN from an ID and passes an ARN through', () => {
    expect(guardrailArn(ctx, 'gr-abc123')).toBe('arn:aws:bedrock:us-east-1:123456789012:guardrail/gr-abc123');
    const arn = 'arn:aws:bedrock:eu-west-1:123456789012:guardrail/xyz';
    expect(guardrailArn(ctx, arn)).toBe(arn);
  });
});
