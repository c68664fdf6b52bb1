import type { TextFamilyName } from '../model-id';
import type { JsonObject } from '../types';
import { anthropic } from './anthropic';
import { cohereCommandR } from './cohere';
import { deepseek } from './deepseek';
import { llama } from './llama';
import { mistralChat, mistralText } from './mistral';
import { nova } from './nova';
import { openaiGptOss } from './openai';
import { titanText } from './titan-text';
import type { TextFamily } from './types';

const FAMILIES: Readonly<Record<Exclude<TextFamilyName, 'mistral'>, TextFamily>> = {
  anthropic,
  nova,
  'titan-text': titanText,
  llama,
  'cohere-command-r': cohereCommandR,
  deepseek,
  'openai-gpt-oss': openaiGptOss,
};

/** Mistral serves two body formats on the same model ids; the body decides. */
export function textFamily(name: TextFamilyName, body: JsonObject): TextFamily {
  if (name === 'mistral') return body['messages'] !== undefined ? mistralChat : mistralText;
  return FAMILIES[name];
}

export type { NativeChunk, ReplyContext, TextFamily, TextRequest } from './types';
