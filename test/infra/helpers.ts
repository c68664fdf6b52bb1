import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, type AppProps } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll } from 'vitest';
import type { BedrockProxyProps } from '../../lib/bedrock-proxy';
import { BedrockProxyStack } from '../../lib/bedrock-proxy-stack';
import { addNagChecks } from '../../lib/nag-checks';

/** A tiny handler, so these tests do not depend on lambda/handler.ts. */
export const FIXTURE_ENTRY = fileURLToPath(new URL('./fixtures/handler.ts', import.meta.url));

// An App without `outdir` synthesizes into a new folder under the OS temp dir and never removes
// it; these tests give each App its own folder under one per test file, removed when the file ends.
const synthRoot = mkdtempSync(path.join(tmpdir(), 'bedrock-proxy-test-cdk-'));
afterAll(() => rmSync(synthRoot, { recursive: true, force: true }));

/** An App that synthesizes into a folder this test file removes when it ends. */
export function testApp(props: AppProps = {}): App {
  return new App({ ...props, outdir: mkdtempSync(path.join(synthRoot, 'app-')) });
}

export interface Synth {
  readonly app: App;
  readonly stack: BedrockProxyStack;
  readonly template: Template;
}

/** Builds the stack (bundling skipped unless asked) with the cdk-nag packs registered, like bin/app.ts. */
export function buildStack(proxy: BedrockProxyProps = {}, options: { bundle?: boolean } = {}) {
  const app = testApp(options.bundle ? {} : { context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new BedrockProxyStack(app, 'TestStack', { proxy: { entry: FIXTURE_ENTRY, ...proxy } });
  addNagChecks(app);
  return { app, stack };
}

/** Builds and synthesizes; synthesis throws on any unacknowledged cdk-nag finding. */
export function synthStack(proxy: BedrockProxyProps = {}, options: { bundle?: boolean } = {}): Synth {
  const { app, stack } = buildStack(proxy, options);
  return { app, stack, template: Template.fromStack(stack) };
}

/**
 * Renders CloudFormation intrinsics as readable strings, so an ARN can be compared whole:
 * `{"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":bedrock:…"]]}` → `arn:${AWS::Partition}:bedrock:…`.
 */
export function flatten(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(flatten);
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  if (typeof object.Ref === 'string') return `\${${object.Ref}}`;
  const getAtt = object['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return `\${${getAtt.join('.')}}`;
  const join = object['Fn::Join'];
  if (Array.isArray(join)) {
    const [separator, parts] = join as [string, unknown[]];
    return parts.map(flatten).join(separator);
  }
  return Object.fromEntries(Object.entries(object).map(([key, inner]) => [key, flatten(inner)]));
}

export interface Statement {
  readonly Effect: string;
  readonly Action: string[];
  readonly Resource: string[];
  readonly Condition?: Record<string, Record<string, string>>;
}

/** Every statement of every identity policy in the template, flattened, Action/Resource as arrays. */
export function policyStatements(template: Template): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies).flatMap((policy) => {
    const statements = (policy as { Properties: { PolicyDocument: { Statement: unknown[] } } }).Properties.PolicyDocument.Statement;
    return statements.map((raw) => {
      const s = flatten(raw) as Record<string, unknown>;
      const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : [v as string]);
      return { ...s, Action: list(s.Action), Resource: list(s.Resource) } as Statement;
    });
  });
}

export const bedrockStatements = (template: Template): Statement[] =>
  policyStatements(template).filter((s) => s.Action.some((a) => a.startsWith('bedrock:')));

/** `arn:${AWS::Partition}:bedrock:<region>::foundation-model/<id>` as flatten() renders it. */
export const fmArn = (region: string, modelId: string): string => `arn:\${AWS::Partition}:bedrock:${region}::foundation-model/${modelId}`;

export const profileArn = (profileId: string): string =>
  `arn:\${AWS::Partition}:bedrock:\${AWS::Region}:\${AWS::AccountId}:inference-profile/${profileId}`;

export const REGION = '${AWS::Region}';
export const INVOKE = ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'];
