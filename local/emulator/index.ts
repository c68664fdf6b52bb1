export { startEmulator, type EmulatorOptions } from './emulator';
export { emulatorAnswer, countWords, splitChunks, ANSWER_PREFIX, GUARDRAIL_ANSWER, TOOL_RESULT_PREFIX } from './answer';
export { embeddingVector } from './embedding-vector';
export { baseModelId, resolveModel } from './model-id';
export { inputFromSchema } from './tool-use';
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
