/**
 * Bearer-token authentication shared by every entry point that takes an access token (REST, the
 * MCP HTTP transport): the `Authorization: Bearer <jwt>` header is verified by the TokenService
 * (HS256 pinned, issuer, audience, required claims, session not revoked) and the role checked.
 * 401 AUTH_FAILED / TOKEN_EXPIRED for a missing or bad token, 403 FORBIDDEN for a missing role.
 */
import { AuthFailedError, ForbiddenError } from '../../agents/errors.js';
import type { AccessClaims, TokenService } from '../api/auth/tokens.js';

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | null | undefined): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m ? m[1]! : null;
}

/** Verifies the header's bearer token and that its role may call (`user`: any signed-in user). */
export async function authenticateBearer(
  tokens: Pick<TokenService, 'verify'>,
  header: string | null | undefined,
  role: 'user' | 'admin',
): Promise<AccessClaims> {
  const token = bearerToken(header);
  if (!token) throw new AuthFailedError('Missing bearer token');
  const claims = await tokens.verify(token);
  if (role === 'admin' && claims.role !== 'admin') throw new ForbiddenError('Admin role required');
  return claims;
}
