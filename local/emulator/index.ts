export { countWords, emulatorAnswer, GUARDRAIL_ANSWER, TOOL_RESULT_PREFIX } from './answer';
export { embeddingVector } from './embedding-vector';
export { type EmulatorOptions, KEPT_REQUESTS, startEmulator } from './emulator';
export { ERROR_STATUS } from './errors';
export type {
  BedrockErrorCode,
  Emulator,
  EmulatorStats,
  Fault,
  Gate,
  Knobs,
  Operation,
  RecordedRequest,
  StreamExceptionMember,
} from './types';
