/**
 * What a model id may hold, in one place: a request's `model` (lambda/schemas/chat.ts), every model
 * and alias the function's configuration names (lambda/config.ts), and every model and guardrail
 * the stack grants (lib/bedrock-arns.ts), so that the stack never deploys a setting the function
 * refuses at cold start. Foundation-model ids, inference-profile ids and ARNs fit it; wildcards,
 * commas and spaces, which would widen a grant or break a comma-joined variable, do not; nor does
 * a `.` or `..` between slashes, which the SDK would send as a dot-segment of the request path.
 */
export const MODEL_ID_PATTERN = /^(?!(?:.*\/)?\.{1,2}(?:\/|$))[A-Za-z0-9._:/-]+$/;

/** MODEL_ID_PATTERN in words, for the messages that refuse an id. */
export const MODEL_ID_RULE = 'hold only letters, digits and . _ : / -, with no . or .. between slashes';
