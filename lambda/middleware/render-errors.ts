import { toHttpError } from '../errors';
import { errorResponse } from '../http';
import { describeError, type Logger } from '../logger';
import { recordOf } from './request-log';
import type { ProxyMiddleware } from './types';

/**
 * The middleware that turns errors into responses (through errorResponse); internals are logged,
 * never echoed. The line names its request: Powertools' own request id is the latest invocation's,
 * which under the local server's concurrency may be another request's.
 */
export function renderErrors(logger: Logger): ProxyMiddleware {
  return {
    name: 'renderErrors',
    onError: (request) => {
      const error = toHttpError(request.error);
      if (error.statusCode >= 500) {
        logger.error('request failed', {
          requestId: recordOf(request.event)?.requestId,
          status: error.statusCode,
          code: error.details.code,
          cause: describeError(error.cause),
        });
      }
      request.response = errorResponse(error);
    },
  };
}
