import { CROSS_REGION_DESTINATIONS } from './cross-region-destinations';
import { MODEL_ID_PATTERN, MODEL_ID_RULE } from './model-id';

/** The two actions behind InvokeModel/Converse and their streaming forms; there are no Converse actions. */
export const INVOKE_ACTIONS = ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'] as const;

/**
 * Where ARNs are built. Plain strings for an environment-specific stack, or the CDK tokens
 * `Aws.PARTITION` / `Aws.REGION` / `Aws.ACCOUNT_ID` for an environment-agnostic one: every
 * function here only interpolates them, so both work.
 */
export interface ArnContext {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

/** What a configured model string refers to. */
export type ModelRef =
  | { readonly kind: 'arn'; readonly id: string }
  | { readonly kind: 'foundation-model'; readonly id: string }
  | {
      readonly kind: 'geo-profile';
      readonly id: string;
      readonly modelId: string;
      readonly destinations: readonly string[];
      /** The profile's ARN when it was configured as one; else it is built in the stack's Region. */
      readonly profileArn?: string;
    }
  | { readonly kind: 'global-profile'; readonly id: string; readonly modelId: string; readonly profileArn?: string };

/** A system-defined inference profile's ARN; its profile ID then says what it routes to. */
const PROFILE_ARN = /^arn:[^:]+:bedrock:[^:]*:[^:]*:inference-profile\/(.+)$/;

/** One IAM statement, as data: the construct turns it into a PolicyStatement with INVOKE_ACTIONS. */
export interface StatementSpec {
  readonly resources: readonly string[];
  readonly conditions?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export class ModelIdError extends Error {
  override name = 'ModelIdError';
}

/**
 * Rejects what would widen the grant or break the comma-joined ALLOWED_MODELS variable
 * (wildcards, commas, whitespace, empty strings), and any id the function would refuse at cold
 * start: MODEL_ID_PATTERN.
 */
function assertModelId(id: string, what = 'model id'): void {
  if (!MODEL_ID_PATTERN.test(id)) {
    throw new ModelIdError(`Invalid ${what} ${JSON.stringify(id)}: must be non-empty and ${MODEL_ID_RULE}`);
  }
}

/**
 * Classifies a model string. `global.` and the geographies of `destinations` are cross-Region
 * inference profiles; `arn:…` passes through as given; anything else is a foundation-model ID.
 * A three-part ID with an unknown prefix is refused rather than mis-granted as a foundation model.
 */
export function classifyModel(id: string, destinations: Readonly<Record<string, readonly string[]>> = CROSS_REGION_DESTINATIONS): ModelRef {
  assertModelId(id);
  // A cross-Region profile's ARN needs the same grant as its ID: the profile and the model in
  // every destination Region. Any other ARN (a foundation model, an application inference
  // profile, whose models only its definition knows) passes through as given.
  const profileId = PROFILE_ARN.exec(id)?.[1];
  if (profileId) {
    const profile = classifyModel(profileId, destinations);
    if (profile.kind === 'geo-profile' || profile.kind === 'global-profile') return { ...profile, profileArn: id };
  }
  if (id.startsWith('arn:')) return { kind: 'arn', id };
  const [prefix = '', ...rest] = id.split('.');
  const modelId = rest.join('.');
  if (prefix === 'global') return { kind: 'global-profile', id, modelId };
  const regions = Object.hasOwn(destinations, prefix) ? destinations[prefix] : undefined;
  if (regions) return { kind: 'geo-profile', id, modelId, destinations: regions };
  if (rest.length >= 2) {
    throw new ModelIdError(
      `${JSON.stringify(id)} looks like a cross-Region inference profile, but "${prefix}" is not a known ` +
        'geography: add it to CROSS_REGION_DESTINATIONS (or the crossRegionDestinations prop), or list full ARNs',
    );
  }
  return { kind: 'foundation-model', id };
}

const foundationModelArn = (ctx: ArnContext, region: string, modelId: string): string =>
  `arn:${ctx.partition}:bedrock:${region}::foundation-model/${modelId}`;

const inferenceProfileArn = (ctx: ArnContext, profileId: string): string =>
  `arn:${ctx.partition}:bedrock:${ctx.region}:${ctx.account}:inference-profile/${profileId}`;

/** The Region-less foundation-model ARN that global profiles are authorised against. */
const globalFoundationModelArn = (ctx: ArnContext, modelId: string): string => `arn:${ctx.partition}:bedrock:::foundation-model/${modelId}`;

/** A guardrail ID becomes its ARN in the stack's Region; a full ARN passes through. */
export function guardrailArn(ctx: ArnContext, guardrailId: string): string {
  assertModelId(guardrailId, 'guardrail id');
  if (guardrailId.startsWith('arn:')) return guardrailId;
  return `arn:${ctx.partition}:bedrock:${ctx.region}:${ctx.account}:guardrail/${guardrailId}`;
}

/**
 * The invoke statements for a set of models, least privilege, in the shapes AWS documents:
 *
 * 1. one unconditioned statement: plain foundation models in this Region, every inference-profile
 *    ARN, and full ARNs as given;
 * 2. per geographic profile, the model in this Region and in every destination Region, only when
 *    reached through that profile (`bedrock:InferenceProfileArn`)
 *    (https://docs.aws.amazon.com/bedrock/latest/userguide/geographic-cross-region-inference.html);
 * 3. per global profile, the model in this Region and the Region-less global model ARN, each with
 *    the `aws:RequestedRegion` and `bedrock:InferenceProfileArn` conditions AWS prescribes
 *    (https://docs.aws.amazon.com/bedrock/latest/userguide/global-cross-region-inference.html).
 */
export function invokeModelStatements(
  modelIds: readonly string[],
  ctx: ArnContext,
  destinations: Readonly<Record<string, readonly string[]>> = CROSS_REGION_DESTINATIONS,
): StatementSpec[] {
  const direct: string[] = [];
  const scoped: StatementSpec[] = [];
  for (const ref of unique(modelIds).map((id) => classifyModel(id, destinations))) {
    switch (ref.kind) {
      case 'arn':
        direct.push(ref.id);
        break;
      case 'foundation-model':
        direct.push(foundationModelArn(ctx, ctx.region, ref.id));
        break;
      case 'geo-profile': {
        const profile = ref.profileArn ?? inferenceProfileArn(ctx, ref.id);
        direct.push(profile);
        const regions = unique([ctx.region, ...ref.destinations]);
        scoped.push({
          resources: regions.map((region) => foundationModelArn(ctx, region, ref.modelId)),
          conditions: { StringEquals: { 'bedrock:InferenceProfileArn': profile } },
        });
        break;
      }
      case 'global-profile': {
        const profile = ref.profileArn ?? inferenceProfileArn(ctx, ref.id);
        direct.push(profile);
        scoped.push({
          resources: [foundationModelArn(ctx, ctx.region, ref.modelId)],
          conditions: {
            StringEquals: { 'aws:RequestedRegion': ctx.region, 'bedrock:InferenceProfileArn': profile },
          },
        });
        scoped.push({
          resources: [globalFoundationModelArn(ctx, ref.modelId)],
          conditions: {
            StringEquals: { 'aws:RequestedRegion': 'unspecified', 'bedrock:InferenceProfileArn': profile },
          },
        });
        break;
      }
    }
  }
  return direct.length > 0 ? [{ resources: unique(direct) }, ...scoped] : scoped;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
