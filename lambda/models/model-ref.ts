/** Geographic and global cross-region inference profile prefixes. */
const PROFILE_PREFIX = /^(us|eu|apac|global|us-gov|jp|au|ca)\./;

/**
 * The foundation-model part of a model reference: `us.anthropic.claude-…` → `anthropic.claude-…`,
 * `arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-…` → `amazon.titan-…`.
 * Application inference profiles and provisioned models carry no model name: they return the
 * opaque resource id and fall through to generic handling.
 */
export function baseModelId(model: string): string {
  const resource = model.startsWith('arn:') ? (model.split('/').pop() ?? model) : model;
  return resource.replace(PROFILE_PREFIX, '');
}
