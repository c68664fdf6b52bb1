export { ANSWER_PREFIX, countWords, emulatorAnswer, GUARDRAIL_ANSWER, splitChunks, TOOL_RESULT_PREFIX } from './answer';
export { embeddingVector } from './embedding-vector';
export { type EmulatorOptions, startEmulator } from './emulator';
export { ERROR_STATUS } from './errors';
export { baseModelId, resolveModel } from './model-id';
export { inputFromSchema } from './tool-use';
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
