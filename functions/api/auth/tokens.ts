/**
 * Access tokens: short-lived HS256 JWTs (jose). Verification pins the algorithm (no `alg: none`, no
 * algorithm confusion), the `typ` header, the issuer and the audience, requires the claims it
 * relies on, and maps every failure to a typed error. When a session check is installed (the auth
 * module does it at runtime creation), a token whose session (`sid`, the refresh-token family) was
 * revoked by logout or reuse detection is refused as well, before its expiry.
 */
import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { AuthFailedError, TokenExpiredError } from '../../../agents/errors.js';
import type { Role } from '../../../agents/ports/auth.js';

export type { Role };

export interface AccessClaims {
  userId: string;
  role: Role;
  /** Refresh-token family (session) the token belongs to; logout revokes it. */
  sessionId: string;
}

export const AUDIENCE = 'ai-travel-planner-api';

/** Seconds of clock skew tolerated on `exp`/`iat` (Lambda clocks are NTP-synced; keep it small). */
const CLOCK_TOLERANCE_SECONDS = 5;

/** Tells whether a session is still active for a user (one GetItem in practice). */
export type SessionCheck = (sessionId: string, userId: string) => Promise<boolean>;

export class TokenService {
  readonly #key: Uint8Array;
  readonly #issuer: string;
  readonly #ttl: number;
  readonly #now: () => Date;
  #sessionCheck: SessionCheck | null = null;

  /** `now` is the clock of signing and of the `exp`/`iat` checks (default: the system clock). */
  constructor(secret: string, issuer: string, ttlSeconds: number, now: () => Date = () => new Date()) {
    if (Buffer.byteLength(secret) < 32) throw new Error('JWT secret must be at least 32 bytes');
    this.#key = new TextEncoder().encode(secret);
    this.#issuer = issuer;
    this.#ttl = ttlSeconds;
    this.#now = now;
  }

  get ttlSeconds(): number {
    return this.#ttl;
  }

  /** Installs the revocation check run by {@link verify} (null removes it). */
  setSessionCheck(check: SessionCheck | null): void {
    this.#sessionCheck = check;
  }

  async sign(claims: AccessClaims, now = this.#now()): Promise<string> {
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
    let claims: AccessClaims;
    const now = this.#now();
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        algorithms: ['HS256'],
        typ: 'JWT',
        issuer: this.#issuer,
        audience: AUDIENCE,
        requiredClaims: ['sub', 'iat', 'exp', 'sid', 'role'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: now,
      });
      const role = payload['role'];
      const sid = payload['sid'];
      if (
        typeof payload.sub !== 'string' ||
        (role !== 'user' && role !== 'admin') ||
        typeof sid !== 'string' ||
        // A token from the future was not made by this service with a sane clock.
        (payload.iat ?? 0) > Math.floor(now.getTime() / 1000) + CLOCK_TOLERANCE_SECONDS
      ) {
        throw new AuthFailedError('Malformed token claims');
      }
      claims = { userId: payload.sub, role, sessionId: sid };
    } catch (err) {
      if (err instanceof AuthFailedError) throw err;
      if (err instanceof joseErrors.JWTExpired)
        throw new TokenExpiredError('Access token expired', { cause: err });
      throw new AuthFailedError('Invalid access token', { cause: err });
    }
    if (this.#sessionCheck && !(await this.#sessionCheck(claims.sessionId, claims.userId))) {
      throw new AuthFailedError('Session revoked', { context: { sessionId: claims.sessionId } });
    }
    return claims;
  }
}

/** A new refresh token: 256 random bits, base64url (43 characters). Returned once, never stored. */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The stored form of a refresh token (or any other bearer secret): SHA-256, hex. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
