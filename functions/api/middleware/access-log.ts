/** One JSON log line per answered request: operation, status, latency, caller. */
import { stateOf, type ApiMiddleware, type RuntimeSource } from './state.js';

export function accessLogMiddleware(runtime: RuntimeSource): ApiMiddleware {
  return {
    after: (request) => {
      const state = stateOf(request.event);
      runtime().logger.info('request', {
        requestId: state.requestId,
        fn: state.fn,
        operation: state.route?.operation,
        status: request.response?.statusCode,
        latencyMs: Math.round(performance.now() - state.startedMs),
        userId: state.auth?.userId,
      });
    },
  };
}
