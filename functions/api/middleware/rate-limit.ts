/**
 * The per-IP and per-user request limits (functions/edge/rate-limit.ts, shared with WebSocket and
 * MCP). The per-IP limit comes before authentication, so floods of bad tokens are counted too;
 * the per-user limit after it.
 */
import { stateOf, type ApiMiddleware, type RuntimeSource } from './state.js';

export function ipRateLimitMiddleware(runtime: RuntimeSource): ApiMiddleware {
  return { before: (request) => runtime().rateLimit([`ip:${stateOf(request.event).sourceIp}`]) };
}

export function userRateLimitMiddleware(runtime: RuntimeSource): ApiMiddleware {
  return {
    before: async (request) => {
      const auth = stateOf(request.event).auth;
      if (auth) await runtime().rateLimit([`user:${auth.userId}`]);
    },
  };
}
