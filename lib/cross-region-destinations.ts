/**
 * Destination Regions of Amazon Bedrock geographic cross-Region inference profiles, by the
 * profile-ID prefix (`us.anthropic.claude-…` → `us`).
 *
 * A profile may route a request to any of its destination Regions, and IAM is evaluated against
 * the foundation model in the Region that serves it, so the function needs the model ARN in every
 * one of them (https://docs.aws.amazon.com/bedrock/latest/userguide/geographic-cross-region-inference.html).
 *
 * Each list is the union of the destination Regions AWS publishes for that geography across
 * models (https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html,
 * cross-checked against aws-cdk `@aws-cdk/aws-bedrock-alpha` `CrossRegionInferenceProfileRegion`).
 * A union is safe: the grant stays on one model ID and is bound to its profile by the
 * `bedrock:InferenceProfileArn` condition. UPDATE THIS TABLE when AWS adds a destination Region
 * (symptom: intermittent AccessDenied on a profile that usually works). The authoritative list for
 * one profile: `aws bedrock get-inference-profile --inference-profile-identifier <id>
 * --query 'models[].modelArn'`. Override per deployment with the construct's
 * `crossRegionDestinations` prop.
 *
 * `global.` profiles are not here: they route to any commercial Region and are granted through the
 * Region-less foundation-model ARN AWS documents for them (see bedrock-arns.ts).
 */
export const CROSS_REGION_DESTINATIONS: Readonly<Record<string, readonly string[]>> = {
  us: ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'],
  'us-gov': ['us-gov-east-1', 'us-gov-west-1'],
  eu: ['eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3'],
  // AWS includes me-central-1 (UAE) in the APAC geography.
  apac: [
    'ap-east-2',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-south-1',
    'ap-south-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-southeast-3',
    'ap-southeast-4',
    'ap-southeast-5',
    'ap-southeast-7',
    'me-central-1',
  ],
  jp: ['ap-northeast-1', 'ap-northeast-3'],
  au: ['ap-southeast-2', 'ap-southeast-4'],
};
