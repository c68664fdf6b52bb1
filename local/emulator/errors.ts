import type { BedrockErrorCode, JsonObject } from './types';

/** Status codes from the Bedrock Runtime Smithy model (reference E.5). */
export const ERROR_STATUS: Readonly<Record<BedrockErrorCode, number>> = {
  AccessDeniedException: 403,
  ValidationException: 400,
  ServiceQuotaExceededException: 400,
  ResourceNotFoundException: 404,
  ModelTimeoutException: 408,
  ThrottlingException: 429,
  ModelNotReadyException: 429,
  ModelErrorException: 424,
  ModelStreamErrorException: 424,
  InternalServerException: 500,
  ServiceUnavailableException: 503,
};

const DEFAULT_MESSAGES: Readonly<Record<BedrockErrorCode, string>> = {
  AccessDeniedException: "You don't have access to the model with the specified model ID.",
  ValidationException: 'Malformed input request, please reformat your input and try again.',
  ServiceQuotaExceededException: 'Your request exceeds the service quota for your account.',
  ResourceNotFoundException: 'The specified resource could not be found.',
  ModelTimeoutException: 'Model has timed out in processing the request.',
  ThrottlingException: 'Too many requests, please wait before trying again.',
  ModelNotReadyException: 'The model is not ready to serve inference requests.',
  ModelErrorException: 'The model returned an error.',
  ModelStreamErrorException: 'The model stream returned an error.',
  InternalServerException: 'The system encountered an unexpected error during processing. Try your request again.',
  ServiceUnavailableException: 'The service is temporarily unable to handle the request.',
};

const ERROR_NAMESPACE = 'http://internal.amazon.com/coral/com.amazon.bedrock/';

/** An error the emulator answers with, exactly as Bedrock would. */
export class EmulatorError extends Error {
  override readonly name: BedrockErrorCode;
  readonly extra: JsonObject;

  constructor(code: BedrockErrorCode, message?: string, extra: JsonObject = {}) {
    super(message ?? DEFAULT_MESSAGES[code]);
    this.name = code;
    this.extra = extra;
  }

  get status(): number {
    return ERROR_STATUS[this.name];
  }
}

export function validationError(message: string): EmulatorError {
  return new EmulatorError('ValidationException', message);
}

/** Builds the error for a queued fault, with the extra members the SDK models. */
export function faultError(code: BedrockErrorCode, message: string | undefined, modelId: string): EmulatorError {
  const extra: JsonObject =
    code === 'ModelErrorException'
      ? { originalStatusCode: 500, resourceName: `arn:aws:bedrock:us-east-1::foundation-model/${modelId}` }
      : code === 'ModelStreamErrorException'
        ? { originalStatusCode: 500, originalMessage: 'Emulated model failure.' }
        : {};
  return new EmulatorError(code, message, extra);
}

export interface ErrorReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export function errorReply(error: EmulatorError): ErrorReply {
  return {
    status: error.status,
    headers: { 'x-amzn-errortype': `${error.name}:${ERROR_NAMESPACE}` },
    body: JSON.stringify({ message: error.message, ...error.extra }),
  };
}
