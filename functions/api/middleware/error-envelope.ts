/**
 * Any error becomes the design's error envelope, in the request's language, with Retry-After on
 * 429. Internals of system faults go to the logs only (PII masked), never to the client.
 */
import { RateLimitedError, toAppError, type AppError } from '../../../agents/errors.js';
import { ErrorEnvelope, errorEnvelope, newRequestId } from '../../../agents/schemas/envelope.js';
import { toWire } from '../../../agents/schemas/wire.js';
import { maskPii } from '../../edge/pii.js';
import type { FunctionName } from '../routes.js';
import { languageOf } from './request-id.js';
import { peekState, respond, type ApiMiddleware, type RuntimeSource } from './state.js';

export function errorEnvelopeMiddleware(fn: FunctionName, runtime: RuntimeSource): ApiMiddleware {
  return {
    onError: (request) => {
      const headers = (request.event.headers ?? {}) as Record<string, string>;
      const state = peekState(request.event);
      const requestId = state?.requestId ?? headers['x-request-id'] ?? newRequestId();
      const lang = state?.lang ?? languageOf(headers);
      const err: AppError = toAppError(request.error);
      const extra: Record<string, string> = { 'x-request-id': requestId };
      if (err instanceof RateLimitedError) extra['retry-after'] = String(err.retryAfterSeconds);
      const log = { requestId, fn, path: request.event.resource, status: err.httpStatus, code: err.code };
      const rt = runtime();
      if (err.fault === 'system') {
        const cause = (err.cause as Error | undefined) ?? err;
        rt.logger.error('request failed', { ...log, error: maskPii(String(cause.stack ?? cause.message)) });
      } else {
        rt.logger.info('request rejected', log);
      }
      request.response = respond(
        err.httpStatus,
        toWire(ErrorEnvelope, errorEnvelope(err, { requestId, lang })),
        extra,
      );
    },
  };
}
