import { toHttpError } from '../errors';
import { errorResponse } from '../http';
import { describeError, type Logger } from '../logger';
import type { ProxyMiddleware } from './types';

/** The one place errors become responses; internals are logged, never echoed. */
export function renderErrors(logger: Logger): ProxyMiddleware {
  return {
    name: 'renderErrors',
    onError: (request) => {
      const error = toHttpError(request.error);
      if (error.statusCode >= 500) {
        logger.error('request failed', { status: error.statusCode, code: error.details.code, cause: describeError(error.cause) });
      }
      request.response = errorResponse(error);
    },
  };
}
