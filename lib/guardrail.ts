/**
 * What Bedrock accepts as a guardrail version (`guardrailVersion` in the Converse and InvokeModel
 * API references): a version number or `DRAFT`. The function's configuration (lambda/config.ts)
 * and the stack (lib/bedrock-proxy.ts) both hold to it, so neither a cold start nor `cdk deploy`
 * accepts a version that every chat call would then fail with.
 */
export const GUARDRAIL_VERSION_PATTERN = /^([1-9][0-9]{0,7}|DRAFT)$/;
export const GUARDRAIL_VERSION_RULE = 'must be a version number (1–99999999) or DRAFT';
