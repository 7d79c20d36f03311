/**
 * Wires authentication into a freshly built runtime (runtime.ts calls this once per runtime), so
 * every handler gets it whatever function it belongs to:
 * - the request rate limiter (per IP and per user) behind http.ts's `setRateLimitCheck` hook;
 * - the session check of access-token verification: a token of a revoked session (logout, refresh
 *   token reuse) is refused; positive answers are cached for a few seconds (auth/session-cache.ts),
 *   revocations through this process take effect at once.
 */
import { setRateLimitCheck } from '../http.js';
import type { ApiRuntime } from '../runtime.js';
import { authConfigOf } from './auth-config.js';
import { createRateLimitCheck } from './rate-limit.js';
import { CachedAuthSessions } from './session-cache.js';

export function installAuth(rt: ApiRuntime): void {
  authConfigOf(rt); // validates the auth settings now: a bad one fails the cold start
  setRateLimitCheck(createRateLimitCheck());
  if (rt.config.SESSION_CHECK_CACHE_SECONDS > 0 && !(rt.repos.authSessions instanceof CachedAuthSessions)) {
    // Logout and reuse detection revoke through the same repository object, dropping the entry.
    rt.repos.authSessions = new CachedAuthSessions(
      rt.repos.authSessions,
      rt.config.SESSION_CHECK_CACHE_SECONDS * 1000,
      () => rt.now().getTime(),
    );
  }
  rt.tokens.setSessionCheck((sessionId, userId) => rt.repos.authSessions.isActive(sessionId, userId));
}
