/** What every contender is asked for: the same model and prompt, so the emulator answers alike. */
export const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
export const PROMPT = 'Say hello.';
export const MAX_TOKENS = 256;
export const API_KEY = 'bench-key';

/** Every text answer is this many chunks, `w1 w2 … w50` (the emulator's `answerChunks`). */
export const ANSWER_CHUNKS = 50;

/** The first content chunk of every emulator answer with `answerChunks` set is `w1`. */
export const FIRST_CHUNK_MARK = 'w1';

/** The last one: an exchange without it lost part of the answer. */
export const LAST_CHUNK_MARK = `w${ANSWER_CHUNKS}`;

/** What an in-band error line (NDJSON, SSE) or an error body carries. */
export const ERROR_MARK = '"error"';

/** Anthropic Messages body: the raw InvokeModel payload (our `payload` mode, the invoke floor). */
export const anthropicPayload = {
  anthropic_version: 'bedrock-2023-05-31',
  max_tokens: MAX_TOKENS,
  messages: [{ role: 'user', content: PROMPT }],
};

export const messagesBody = (stream: boolean) =>
  JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: PROMPT }], max_tokens: MAX_TOKENS, stream });

export const payloadBody = (stream: boolean) => JSON.stringify({ model: MODEL, payload: anthropicPayload, stream });

/** OpenAI chat completion, which Portkey turns into Bedrock Converse / ConverseStream. */
export const portkeyBody = (stream: boolean) =>
  JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: PROMPT }], max_tokens: MAX_TOKENS, stream });

/**
 * The handler's environment in every benchmark process (BENCHMARKS.md, "Method"): the production
 * log level and metrics, with the output discarded.
 */
export function proxyEnv(emulatorUrl: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: emulatorUrl,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_SESSION_TOKEN: 'bench',
    API_KEYS: API_KEY,
    // One execution environment serves one request at a time in Lambda; the local server and the
    // memory test run many at once in one process, and keep every connection they opened alive
    // (the pool caps kept-alive connections, not concurrent calls), so no round reconnects.
    MAX_POOL_CONNECTIONS: '1000',
  };
}
