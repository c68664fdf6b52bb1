import OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';

/** The official openai client, unmodified, pointed at the local proxy. */
export function openAIClient(url: string, apiKey = 'x'): OpenAI {
  return new OpenAI({ baseURL: `${url}/v1`, apiKey, maxRetries: 0 });
}

export interface Assembled {
  content: string;
  reasoning: string;
  finishReason: string | null;
  usage: ChatCompletionChunk['usage'];
  toolCalls: { id: string; name: string; arguments: string }[];
  chunks: ChatCompletionChunk[];
}

/** Folds a chunk stream the way OpenAI documents: tool-call pieces join by index. */
export async function assemble(stream: AsyncIterable<ChatCompletionChunk>): Promise<Assembled> {
  const out: Assembled = { content: '', reasoning: '', finishReason: null, usage: undefined, toolCalls: [], chunks: [] };
  for await (const chunk of stream) {
    out.chunks.push(chunk);
    if (chunk.usage) out.usage = chunk.usage;
    for (const choice of chunk.choices) {
      out.content += choice.delta.content ?? '';
      out.reasoning += (choice.delta as { reasoning_content?: string }).reasoning_content ?? '';
      if (choice.finish_reason) out.finishReason = choice.finish_reason;
      for (const call of choice.delta.tool_calls ?? []) {
        const slot = out.toolCalls[call.index] ?? { id: '', name: '', arguments: '' };
        out.toolCalls[call.index] = slot;
        if (call.id) slot.id = call.id;
        if (call.function?.name) slot.name = call.function.name;
        slot.arguments += call.function?.arguments ?? '';
      }
    }
  }
  return out;
}
