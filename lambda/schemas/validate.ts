import { BadRequestError } from '../errors';
import { type ChatRequest, EmbedRequest, MessagesChatRequest, PayloadChatRequest } from './chat';
import type * as z from './zod';

/** Parses with zod; a violation becomes a 400 that names the first offending field. */
export function parseWith<S extends z.ZodMiniType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const param = issue && issue.path.length > 0 ? issue.path.join('.') : undefined;
  const message = issue ? `${param ? `"${param}": ` : ''}${issue.message}` : 'Invalid request body.';
  throw new BadRequestError(message, { param, code: 'invalid_value' });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Tells the three /chat request kinds apart, then validates the one it is. */
export function parseChatRequest(body: unknown): ChatRequest {
  if (!isObject(body)) throw new BadRequestError('The request body must be a JSON object.', { code: 'invalid_body' });
  // As the original proxy did, any mode but "embed" (absent and null included) is chat.
  if (body.mode === 'embed') return { kind: 'embed', request: parseWith(EmbedRequest, body) };
  if (body.mode !== undefined && body.mode !== null && typeof body.mode !== 'string') {
    throw new BadRequestError('"mode": must be "chat" or "embed".', { param: 'mode', code: 'invalid_value' });
  }
  // null is absent, as `body.get("payload")` read it.
  const hasPayload = body.payload !== undefined && body.payload !== null;
  const hasMessages = body.messages !== undefined && body.messages !== null;
  if (hasPayload && hasMessages) {
    throw new BadRequestError('Send either "payload" (a raw Bedrock body) or "messages", not both.', {
      param: 'payload',
      code: 'unsupported_combination',
    });
  }
  if (hasPayload) {
    // Forwarded as sent: zod's copy of a record assigns each key, so a "__proto__" key would be lost.
    const request = parseWith(PayloadChatRequest, body);
    return { kind: 'payload', request: { ...request, payload: body.payload as PayloadChatRequest['payload'] } };
  }
  if (hasMessages) return { kind: 'messages', request: parseWith(MessagesChatRequest, body) };
  throw new BadRequestError('A chat request needs "payload" (a raw Bedrock body) or "messages".', {
    param: 'messages',
    code: 'missing_field',
  });
}
