import { Aws, CfnOutput, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { BedrockProxy, type BedrockProxyProps } from './bedrock-proxy';

export interface BedrockProxyStackProps extends StackProps {
  /**
   * Configuration of the proxy construct.
   * @default - the BedrockProxy defaults
   */
  readonly proxy?: BedrockProxyProps;
}

/** Deploys one BedrockProxy and prints how to reach it. */
export class BedrockProxyStack extends Stack {
  readonly proxy: BedrockProxy;

  constructor(scope: Construct, id: string, props: BedrockProxyStackProps = {}) {
    super(scope, id, props);
    this.proxy = new BedrockProxy(this, 'Proxy', props.proxy);

    new CfnOutput(this, 'FunctionUrl', {
      description: 'Base URL of the proxy, e.g. POST <url>chat',
      value: this.proxy.functionUrl.url,
    });
    new CfnOutput(this, 'FunctionArn', {
      description: 'Grant callers lambda:InvokeFunctionUrl and lambda:InvokeFunction on it (AWS_IAM auth)',
      value: this.proxy.function.functionArn,
    });
    new CfnOutput(this, 'LogGroupName', {
      description: 'aws logs tail <name> --follow',
      value: this.proxy.logGroup.logGroupName,
    });

    const secret = this.proxy.apiKeySecret;
    if (secret) {
      new CfnOutput(this, 'ApiKeySecretArn', {
        description: 'Secret holding the API keys: a JSON object of key name to key',
        value: secret.secretArn,
      });
      new CfnOutput(this, 'GetApiKeyCommand', {
        description: 'Prints the API-key JSON; the first key is its "default" field',
        value: Fn.join('', [
          'aws secretsmanager get-secret-value --secret-id ',
          secret.secretArn,
          ' --region ',
          Aws.REGION,
          ' --query SecretString --output text',
        ]),
      });
    }
  }
}
