import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';

/**
 * Registers the cdk-nag packs as CDK validation plugins (the cdk-nag 3 API). Any finding not
 * acknowledged with `Validations.of(construct).acknowledge(...)` fails synthesis.
 */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
}
