/**
 * Authentication ports: where credentials, login sessions (refresh-token families), request and
 * login-failure counters, OAuth flow state and linked external identities are kept. Implemented
 * over DynamoDB in functions/data; the domain and the handlers depend on these interfaces only.
 *
 * Nothing in here is ever part of a response: a credential is never returned by the API and a
 * refresh token exists in clear text only in the one response that hands it out.
 */

/** Roles. `admin` is assigned through {@link CredentialRepository.setRole} only, never through the API. */
export type Role = 'user' | 'admin';

/** The parameters a password hash was made with, recorded beside it so they can be raised later. */
export interface PasswordHashParams {
  algorithm: 'scrypt';
  /** CPU/memory cost (a power of two). */
  N: number;
  r: number;
  p: number;
  /** Derived key length in bytes. */
  keyLength: number;
}

/** A stored password hash (base64 salt and hash). */
export interface PasswordHash {
  params: PasswordHashParams;
  salt: string;
  hash: string;
}

/** A user's credential item: role plus, for accounts that have one, the password hash. */
export interface Credential {
  userId: string;
  role: Role;
  /** Absent for accounts created through an external identity provider. */
  password?: PasswordHash | undefined;
  createdAt: string;
  updatedAt: string;
}

/** Credentials, stored as one item per user apart from the user entity. */
export interface CredentialRepository {
  /** Stores a new credential; CONFLICT when the user already has one. */
  create(credential: Credential): Promise<void>;
  get(userId: string): Promise<Credential | null>;
  /**
   * The credential of the account registered with this e-mail, or null. Does the same reads
   * whether or not the account exists (so timing does not tell them apart).
   */
  findByEmail(email: string): Promise<Credential | null>;
  /** Replaces the password hash (re-hash with stronger parameters, password change). */
  setPassword(userId: string, password: PasswordHash): Promise<void>;
  /** Assigns a role. Back-office only: no API route calls this. */
  setRole(userId: string, role: Role): Promise<void>;
  delete(userId: string): Promise<void>;
  /** Links an external identity (provider + subject) to a user; CONFLICT when already linked. */
  linkIdentity(provider: string, subject: string, userId: string): Promise<void>;
  /** The user an external identity is linked to, or null. */
  findIdentity(provider: string, subject: string): Promise<string | null>;
}

/** A login session: one refresh-token family. Access tokens carry its id (`sid`). */
export interface AuthSession {
  sessionId: string;
  userId: string;
  status: 'active' | 'revoked';
  rememberMe: boolean;
  createdAt: string;
  /** Epoch seconds after which the session (and every token of it) is dead. */
  expiresAt: number;
  revokedReason?: 'logout' | 'reuse' | undefined;
}

/** A refresh token as stored: only its SHA-256 digest, never the token. */
export interface RefreshTokenRecord {
  tokenHash: string;
  sessionId: string;
  userId: string;
  /** Epoch seconds. */
  expiresAt: number;
}

export type RotateResult =
  | { outcome: 'rotated'; session: AuthSession }
  /** The presented token had already been used: the whole family is now revoked. */
  | { outcome: 'reused'; sessionId: string; userId: string }
  /** Unknown, expired, or its session revoked or expired. */
  | { outcome: 'invalid' };

/** Login sessions and their rotating refresh tokens. */
export interface AuthSessionRepository {
  /** Creates a session with its first refresh token (one transaction). */
  start(session: AuthSession, firstToken: RefreshTokenRecord): Promise<void>;
  /**
   * Marks the token `presentedHash` used and stores `next` in its place, atomically, if the token
   * is active and unexpired and its session active. A token that was already used is a reuse:
   * the family is revoked and `reused` returned.
   */
  rotate(
    presentedHash: string,
    next: Omit<RefreshTokenRecord, 'sessionId' | 'userId'>,
  ): Promise<RotateResult>;
  /** The session that issued a (not necessarily active) refresh token, or null. */
  sessionOfToken(tokenHash: string): Promise<{ sessionId: string; userId: string } | null>;
  get(sessionId: string): Promise<AuthSession | null>;
  /** True when the session exists, belongs to `userId`, is active and unexpired (one GetItem). */
  isActive(sessionId: string, userId: string): Promise<boolean>;
  /** Revokes the session (idempotent); every refresh and access token of it stops working. */
  revoke(sessionId: string, reason: 'logout' | 'reuse'): Promise<void>;
}

/** The outcome of counting one request in a fixed window. */
export interface WindowHit {
  allowed: boolean;
  /** Requests counted in the window so far (the limit when refused). */
  count: number;
  /** Seconds until the window ends. */
  resetInSeconds: number;
  /** Epoch seconds at which the window ends. */
  windowEndsAt: number;
}

/** Login failures recorded under one key (an account or an IP address). */
export interface FailureState {
  failures: number;
  /** Epoch milliseconds until which logins under this key are refused (0: not locked). */
  lockedUntilMs: number;
}

/** Counters with expiry: request rate limits and login-failure backoff. */
export interface CounterRepository {
  /**
   * Counts `amount` requests (default 1) for `key` in the fixed window of `windowSeconds`
   * containing now; refuses (without counting anything) when fewer than `amount` of the `limit`
   * remain in that window. Claiming several at once lets a process hold a small quota lease.
   */
  hit(key: string, limit: number, windowSeconds: number, amount?: number): Promise<WindowHit>;
  /** Current failure state of each key (missing or expired keys read as zero failures). */
  failures(keys: string[]): Promise<FailureState[]>;
  /**
   * Adds one failure to `key` and returns the new count. The record expires `ttlSeconds` after the
   * last failure.
   */
  addFailure(key: string, ttlSeconds: number): Promise<number>;
  /** Refuses logins under `key` until `lockedUntilMs` (epoch milliseconds). */
  lock(key: string, lockedUntilMs: number, ttlSeconds: number): Promise<void>;
  clearFailures(key: string): Promise<void>;
}

/** What the start step of an authorization-code flow keeps server-side until the callback. */
export interface OAuthFlowState {
  /** SHA-256 of the `state` parameter (the item key). */
  stateHash: string;
  provider: string;
  codeVerifier: string;
  nonce: string;
  redirectUri: string;
  createdAt: string;
  /** Epoch seconds. */
  expiresAt: number;
}

/** OAuth flow states: written at start, consumed exactly once at the callback. */
export interface OAuthStateRepository {
  put(state: OAuthFlowState): Promise<void>;
  /** Deletes and returns the state if it exists and is unexpired; null otherwise (one-time use). */
  consume(stateHash: string): Promise<OAuthFlowState | null>;
}
