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
  const mode = body.mode ?? 'chat';
  if (mode === 'embed') return { kind: 'embed', request: parseWith(EmbedRequest, body) };
  if (mode !== 'chat') {
    throw new BadRequestError('"mode": must be "chat" or "embed".', { param: 'mode', code: 'invalid_value' });
  }
  const hasPayload = body.payload !== undefined;
  const hasMessages = body.messages !== undefined;
  if (hasPayload && hasMessages) {
    throw new BadRequestError('Send either "payload" (a raw Bedrock body) or "messages", not both.', { param: 'payload' });
  }
  if (hasPayload) return { kind: 'payload', request: parseWith(PayloadChatRequest, body) };
  if (hasMessages) return { kind: 'messages', request: parseWith(MessagesChatRequest, body) };
  throw new BadRequestError('A chat request needs "payload" (a raw Bedrock body) or "messages".', {
    param: 'messages',
    code: 'missing_field',
  });
}
