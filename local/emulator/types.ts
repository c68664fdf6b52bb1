export type Operation = 'invoke' | 'invoke-stream' | 'converse' | 'converse-stream' | 'apply-guardrail';

export type BedrockErrorCode =
  | 'AccessDeniedException'
  | 'ValidationException'
  | 'ServiceQuotaExceededException'
  | 'ResourceNotFoundException'
  | 'ModelTimeoutException'
  | 'ThrottlingException'
  | 'ModelNotReadyException'
  | 'ModelErrorException'
  | 'ModelStreamErrorException'
  | 'InternalServerException'
  | 'ServiceUnavailableException';

/** Modeled exception members of the stream unions (camelCase, as on the wire). */
export type StreamExceptionMember =
  | 'internalServerException'
  | 'modelStreamErrorException'
  | 'validationException'
  | 'throttlingException'
  | 'modelTimeoutException'
  | 'serviceUnavailableException';

export type Fault =
  | { readonly error: BedrockErrorCode; readonly message?: string; readonly times?: number; readonly operation?: Operation }
  | { readonly midStream: StreamExceptionMember; readonly afterChunks: number; readonly operation?: Operation }
  | { readonly midStream: 'unmodeled'; readonly afterChunks: number; readonly operation?: Operation }
  | { readonly midStream: 'reset'; readonly afterChunks: number; readonly operation?: Operation }
  /** A well-framed event whose payload is not JSON; the stream then goes on, as Bedrock would. */
  | { readonly midStream: 'malformed'; readonly afterChunks: number; readonly operation?: Operation }
  /** The stream ends cleanly, without the events still due (Converse: messageStop, metadata). */
  | { readonly midStream: 'truncated'; readonly afterChunks: number; readonly operation?: Operation };

export type MidStreamFault = Extract<Fault, { midStream: string }>;

export interface Knobs {
  /** Delay between two content chunks of a streamed answer. */
  readonly chunkDelayMs?: number;
  /** Every text answer becomes exactly N chunks `w1 w2 … wN` (benchmarks). */
  readonly answerChunks?: number | undefined;
  /** The input of every Converse tool call, whatever the tool's schema: what a model might write. */
  readonly toolInput?: JsonObject | undefined;
}

export interface RecordedRequest {
  readonly operation: Operation;
  /** The decoded path label, exactly as the client sent it (ARN, profile or model id); '' for ApplyGuardrail. */
  readonly modelId: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  readonly body: unknown;
  readonly guardrail?: { readonly identifier: string; readonly version: string | undefined };
}

export interface EmulatorStats {
  connections: number;
  h1Connections: number;
  h2Connections: number;
  requests: number;
  abortedStreams: number;
}

export interface Gate {
  /** Resolves when the gated stream is holding (immediately if it holds now). */
  waitForHold(): Promise<void>;
  /** Lets `n` more content chunks out; no argument lets all the rest out. */
  release(n?: number): void;
  /** Content chunks sent so far. */
  readonly sent: number;
}

export interface Emulator {
  readonly url: string;
  readonly stats: Readonly<EmulatorStats>;
  /** The most recent requests, oldest first: at most KEPT_REQUESTS (emulator.ts). */
  readonly requests: readonly RecordedRequest[];
  configure(knobs: Knobs): void;
  fault(fault: Fault): void;
  gate(opts?: { initial?: number }): Gate;
  waitForAbort(): Promise<void>;
  reset(): void;
  resetStats(): void;
  close(): Promise<void>;
}

export type JsonObject = Record<string, unknown>;
