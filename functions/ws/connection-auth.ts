/**
 * Authentication of WebSocket connections, with the REST API's verifier: the same TokenService
 * (HS256 pinned, issuer, audience, required claims) and the same session revocation check, so a
 * token is accepted or refused alike on both APIs.
 *
 * A connection record lives as long as the token it was authenticated with (at most API Gateway's
 * two hours): after that, pushes to it stop and its frames are refused until the client sends an
 * `auth` frame with a refreshed token.
 */
import { decodeJwt } from 'jose';
import { AuthFailedError } from '../../agents/errors.js';
import type { AccessClaims } from '../api/auth/tokens.js';
import type { ApiRuntime } from '../api/runtime.js';
import { WS_MAX_CONNECTION_SECONDS } from './routes.js';

export interface VerifiedConnectionToken {
  claims: AccessClaims;
  /** Epoch seconds until which the connection counts as authenticated. */
  expiresAt: number;
}

/** Verifies an access token (signature, claims, revocation); AUTH_FAILED / TOKEN_EXPIRED otherwise. */
export async function verifyConnectionToken(
  rt: Pick<ApiRuntime, 'tokens' | 'now'>,
  token: string | null | undefined,
): Promise<VerifiedConnectionToken> {
  if (!token) throw new AuthFailedError('Missing token');
  const claims = await rt.tokens.verify(token);
  // Verified above, so `exp` is present and trustworthy.
  const exp = decodeJwt(token).exp!;
  const now = Math.floor(rt.now().getTime() / 1000);
  return { claims, expiresAt: Math.min(exp, now + WS_MAX_CONNECTION_SECONDS) };
}
