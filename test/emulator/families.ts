import type { Json } from './helpers';

/** One text family: a model id, a request body builder, and how to read its answers back. */
export interface FamilyCase {
  readonly fixture: string;
  readonly modelId: string;
  body(prompt: string, maxTokens?: number): Json;
  invokeText(body: Json): string;
  invokeStop(body: Json): string;
  /** Input and output token counts as the body reports them (undefined when it doesn't). */
  invokeUsage(body: Json): { input?: number; output?: number };
  chunkText(chunk: Json): string;
  /** The stop reason from the stream (the chunk that carries it). */
  streamStop(chunks: Json[]): string;
  readonly stops: { readonly end: string; readonly length: string };
  /** Words the body adds beyond the prompt (e.g. a system message). */
  readonly extraInputWords?: number;
}

const lastWith = (chunks: Json[], pick: (chunk: Json) => unknown): string =>
  String(
    chunks
      .map(pick)
      .filter((value) => value !== null && value !== undefined)
      .at(-1),
  );

export const FAMILIES: readonly FamilyCase[] = [
  {
    fixture: 'anthropic',
    modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
    body: (prompt, max = 1000) => ({
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: max,
      messages: [{ role: 'user', content: [{ type: 'text', text: prompt }] }],
    }),
    invokeText: (b) => b.content[0].text,
    invokeStop: (b) => b.stop_reason,
    invokeUsage: (b) => ({ input: b.usage.input_tokens, output: b.usage.output_tokens }),
    chunkText: (c) => (c.type === 'content_block_delta' ? c.delta.text : ''),
    streamStop: (cs) => lastWith(cs, (c) => c.delta?.stop_reason),
    stops: { end: 'end_turn', length: 'max_tokens' },
  },
  {
    fixture: 'nova',
    modelId: 'us.amazon.nova-lite-v1:0',
    body: (prompt, max) => ({
      schemaVersion: 'messages-v1',
      messages: [{ role: 'user', content: [{ text: prompt }] }],
      ...(max ? { inferenceConfig: { maxTokens: max } } : {}),
    }),
    invokeText: (b) => b.output.message.content[0].text,
    invokeStop: (b) => b.stopReason,
    invokeUsage: (b) => ({ input: b.usage.inputTokens, output: b.usage.outputTokens }),
    chunkText: (c) => c.contentBlockDelta?.delta?.text ?? '',
    streamStop: (cs) => lastWith(cs, (c) => c.messageStop?.stopReason),
    stops: { end: 'end_turn', length: 'max_tokens' },
  },
  {
    fixture: 'titan-text',
    modelId: 'amazon.titan-text-express-v1',
    body: (prompt, max) => ({ inputText: prompt, ...(max ? { textGenerationConfig: { maxTokenCount: max } } : {}) }),
    invokeText: (b) => b.results[0].outputText,
    invokeStop: (b) => b.results[0].completionReason,
    invokeUsage: (b) => ({ input: b.inputTextTokenCount, output: b.results[0].tokenCount }),
    chunkText: (c) => c.outputText,
    streamStop: (cs) => lastWith(cs, (c) => c.completionReason),
    stops: { end: 'FINISH', length: 'LENGTH' },
  },
  {
    fixture: 'llama',
    modelId: 'meta.llama3-1-8b-instruct-v1:0',
    body: (prompt, max) => ({ prompt, temperature: 0.5, ...(max ? { max_gen_len: max } : {}) }),
    invokeText: (b) => b.generation,
    invokeStop: (b) => b.stop_reason,
    invokeUsage: (b) => ({ input: b.prompt_token_count, output: b.generation_token_count }),
    chunkText: (c) => c.generation,
    streamStop: (cs) => lastWith(cs, (c) => c.stop_reason),
    stops: { end: 'stop', length: 'length' },
  },
  {
    fixture: 'mistral-text',
    modelId: 'mistral.mistral-7b-instruct-v0:2',
    body: (prompt, max) => ({ prompt, ...(max ? { max_tokens: max } : {}) }),
    invokeText: (b) => b.outputs[0].text,
    invokeStop: (b) => b.outputs[0].stop_reason,
    invokeUsage: () => ({}),
    chunkText: (c) => c.outputs[0].text,
    streamStop: (cs) => lastWith(cs, (c) => c.outputs[0].stop_reason),
    stops: { end: 'stop', length: 'length' },
  },
  {
    fixture: 'mistral-chat',
    modelId: 'mistral.mistral-large-2407-v1:0',
    body: (prompt, max) => ({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: prompt },
      ],
      ...(max ? { max_tokens: max } : {}),
    }),
    invokeText: (b) => b.choices[0].message.content,
    invokeStop: (b) => b.choices[0].stop_reason,
    invokeUsage: () => ({}),
    chunkText: (c) => c.choices[0].message.content,
    streamStop: (cs) => lastWith(cs, (c) => c.choices[0].stop_reason),
    stops: { end: 'stop', length: 'length' },
    extraInputWords: 2,
  },
  {
    fixture: 'cohere-command-r',
    modelId: 'cohere.command-r-plus-v1:0',
    body: (prompt, max) => ({ message: prompt, chat_history: [], ...(max ? { max_tokens: max } : {}) }),
    invokeText: (b) => b.text,
    invokeStop: (b) => b.finish_reason,
    invokeUsage: () => ({}),
    chunkText: (c) => (c.event_type === 'text-generation' ? c.text : ''),
    streamStop: (cs) => lastWith(cs, (c) => c.finish_reason),
    stops: { end: 'COMPLETE', length: 'MAX_TOKENS' },
  },
  {
    fixture: 'deepseek',
    modelId: 'us.deepseek.r1-v1:0',
    body: (prompt, max) => ({ prompt, temperature: 0.5, top_p: 0.9, ...(max ? { max_tokens: max } : {}) }),
    invokeText: (b) => b.choices[0].text,
    invokeStop: (b) => b.choices[0].stop_reason,
    invokeUsage: () => ({}),
    chunkText: (c) => c.choices[0].text,
    streamStop: (cs) => lastWith(cs, (c) => c.choices[0].stop_reason),
    stops: { end: 'stop', length: 'length' },
  },
  {
    fixture: 'openai-gpt-oss',
    modelId: 'openai.gpt-oss-20b-1:0',
    body: (prompt, max) => ({ messages: [{ role: 'user', content: prompt }], ...(max ? { max_completion_tokens: max } : {}) }),
    invokeText: (b) => b.choices[0].message.content,
    invokeStop: (b) => b.choices[0].finish_reason,
    invokeUsage: (b) => ({ input: b.usage.prompt_tokens, output: b.usage.completion_tokens }),
    chunkText: (c) => c.choices[0].delta.content ?? '',
    streamStop: (cs) => lastWith(cs, (c) => c.choices[0].finish_reason),
    stops: { end: 'stop', length: 'length' },
  },
];
