/**
 * Wires authentication into a freshly built runtime (runtime.ts calls this once per runtime), so
 * every handler gets it whatever function it belongs to:
 * - the request rate limiter (per IP and per user) behind http.ts's `setRateLimitCheck` hook;
 * - the session check of access-token verification: a token of a revoked session (logout, refresh
 *   token reuse) is refused immediately, at the cost of one consistent GetItem per request.
 */
import { setRateLimitCheck } from '../http.js';
import type { ApiRuntime } from '../runtime.js';
import { authConfigOf } from './auth-config.js';
import { rateLimitCheck } from './rate-limit.js';

export function installAuth(rt: ApiRuntime): void {
  authConfigOf(rt); // validates the auth settings now: a bad one fails the cold start
  setRateLimitCheck(rateLimitCheck);
  rt.tokens.setSessionCheck((sessionId, userId) => rt.repos.authSessions.isActive(sessionId, userId));
}
