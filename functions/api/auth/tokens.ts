/**
 * Access tokens: short-lived HS256 JWTs (jose). Verification pins the algorithm (no `alg: none`, no
 * algorithm confusion), the issuer and the audience, and maps every failure to a typed error.
 */
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { AuthFailedError, TokenExpiredError } from '../../../agents/errors.js';

export type Role = 'user' | 'admin';

export interface AccessClaims {
  userId: string;
  role: Role;
  /** Refresh-token family (session) the token belongs to; logout revokes it. */
  sessionId: string;
}

export const AUDIENCE = 'ai-travel-planner-api';

export class TokenService {
  readonly #key: Uint8Array;
  readonly #issuer: string;
  readonly #ttl: number;

  constructor(secret: string, issuer: string, ttlSeconds: number) {
    if (Buffer.byteLength(secret) < 32) throw new Error('JWT secret must be at least 32 bytes');
    this.#key = new TextEncoder().encode(secret);
    this.#issuer = issuer;
    this.#ttl = ttlSeconds;
  }

  get ttlSeconds(): number {
    return this.#ttl;
  }

  async sign(claims: AccessClaims, now = new Date()): Promise<string> {
    const iat = Math.floor(now.getTime() / 1000);
    return new SignJWT({ role: claims.role, sid: claims.sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(this.#issuer)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.#ttl)
      .sign(this.#key);
  }

  async verify(token: string): Promise<AccessClaims> {
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        algorithms: ['HS256'],
        issuer: this.#issuer,
        audience: AUDIENCE,
      });
      const role = payload['role'];
      const sid = payload['sid'];
      if (
        typeof payload.sub !== 'string' ||
        (role !== 'user' && role !== 'admin') ||
        typeof sid !== 'string'
      ) {
        throw new AuthFailedError('Malformed token claims');
      }
      return { userId: payload.sub, role, sessionId: sid };
    } catch (err) {
      if (err instanceof AuthFailedError) throw err;
      if (err instanceof joseErrors.JWTExpired)
        throw new TokenExpiredError('Access token expired', { cause: err });
      throw new AuthFailedError('Invalid access token', { cause: err });
    }
  }
}
