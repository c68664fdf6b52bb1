import { App } from 'aws-cdk-lib';
import { BedrockProxyStack } from '../lib/bedrock-proxy-stack';
import { addNagChecks } from '../lib/nag-checks';
import { readSettings } from './context';

// The only place that reads context and environment. Context keys: bin/context.ts, README.md (Deploy to AWS).
const app = new App();
const settings = readSettings((key) => app.node.tryGetContext(key));

// Without CDK_DEFAULT_* (no credentials) the stack is environment-agnostic: ARNs use
// AWS::Partition / AWS::Region / AWS::AccountId and the template deploys to any account.
const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;

new BedrockProxyStack(app, settings.stackName, {
  env: account && region ? { account, region } : undefined,
  description: 'Amazon Bedrock behind a response-streaming Lambda Function URL',
  proxy: settings.proxy,
});

addNagChecks(app);
app.synth();
