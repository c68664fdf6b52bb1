import type { ChatEvent, EventMapper } from '../chat/events';
import { type CompletionMeta, type FinishReason, finishReason, type OpenAIUsage, openAIUsage } from './completion';

export interface ChunkDelta {
  readonly role?: 'assistant';
  readonly content?: string;
  readonly reasoning_content?: string;
  readonly tool_calls?: readonly {
    readonly index: number;
    readonly id?: string;
    readonly type?: 'function';
    readonly function: { readonly name?: string; readonly arguments: string };
  }[];
}

export interface ChatCompletionChunk {
  readonly id: string;
  readonly object: 'chat.completion.chunk';
  readonly created: number;
  readonly model: string;
  readonly choices: readonly {
    readonly index: 0;
    readonly delta: ChunkDelta;
    readonly finish_reason: FinishReason | null;
    readonly logprobs: null;
  }[];
  readonly usage?: OpenAIUsage;
}

export interface ChunkOptions {
  readonly includeUsage: boolean;
  /** The forced tool whose streamed input is the (JSON) answer. */
  readonly outputTool?: string;
}

/** Maps ChatEvents to chunks; `first` is the chunk that opens every stream. */
export type CompletionChunks = EventMapper<ChatEvent, ChatCompletionChunk> & { readonly first: ChatCompletionChunk };

/**
 * ChatEvents as `chat.completion.chunk` objects, the way OpenAI streams: a first chunk with the
 * role (`first`), content / reasoning pieces, tool calls (the first piece of each carries index,
 * id, type and name; later pieces only arguments), a chunk with finish_reason, then usage if
 * asked. Pure, tested against recorded streams.
 */
export function completionChunks(meta: CompletionMeta, options: ChunkOptions): CompletionChunks {
  const chunk = (delta: ChunkDelta, finish: FinishReason | null = null): ChatCompletionChunk => ({
    id: meta.id,
    object: 'chat.completion.chunk',
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
  });
  // Converse numbers content blocks; OpenAI numbers tool calls from 0.
  const toolIndex = new Map<number, number>();
  const outputBlocks = new Set<number>();
  // Bedrock streams no input at all for a call without arguments; OpenAI's pieces always join into JSON.
  const withInput = new Set<number>();
  return {
    first: chunk({ role: 'assistant', content: '' }),
    next(event) {
      switch (event.type) {
        case 'text':
          return event.text ? [chunk({ content: event.text })] : [];
        case 'reasoning':
          return event.text ? [chunk({ reasoning_content: event.text })] : [];
        case 'tool-start':
          if (event.name === options.outputTool) {
            outputBlocks.add(event.index);
            return [];
          }
          toolIndex.set(event.index, toolIndex.size);
          return [
            chunk({
              tool_calls: [{ index: toolIndex.size - 1, id: event.id, type: 'function', function: { name: event.name, arguments: '' } }],
            }),
          ];
        case 'tool-delta': {
          if (event.input) withInput.add(event.index);
          if (outputBlocks.has(event.index)) return [chunk({ content: event.input })];
          const index = toolIndex.get(event.index);
          return index === undefined ? [] : [chunk({ tool_calls: [{ index, function: { arguments: event.input } }] })];
        }
        case 'end': {
          const noInput: ChatCompletionChunk[] = [];
          for (const [block, index] of toolIndex) {
            if (!withInput.has(block)) noInput.push(chunk({ tool_calls: [{ index, function: { arguments: '{}' } }] }));
          }
          for (const block of outputBlocks) if (!withInput.has(block)) noInput.push(chunk({ content: '{}' }));
          const finish = chunk({}, finishReason(event.stopReason, options.outputTool !== undefined));
          const usage = options.includeUsage ? [{ ...chunk({}), choices: [], usage: openAIUsage(event.usage) }] : [];
          return [...noInput, finish, ...usage];
        }
      }
    },
    end: () => [],
  };
}
