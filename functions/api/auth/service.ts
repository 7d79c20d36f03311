/**
 * The authentication use cases behind the auth routes: register, login (with backoff), refresh
 * (rotation with reuse detection), logout (revocation), and the OAuth2/OIDC start and callback.
 * Handlers are one call into here; storage goes through the repository ports.
 */
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { newId } from '../../../agents/ids.js';
import { lockSeconds, type BackoffPolicy } from '../../../agents/auth/backoff.js';
import {
  AuthFailedError,
  ConflictError,
  NotFoundError,
  RateLimitedError,
  ValidationError,
} from '../../../agents/errors.js';
import type { Credential, Role } from '../../../agents/ports/auth.js';
import { User } from '../../../agents/schemas/user.js';
import type { Lang } from '../../../agents/schemas/wire.js';
import type { ApiRuntime } from '../runtime.js';
import type { AuthConfig } from './auth-config.js';
import type { LoginBody, OAuthCallbackBody, RegisterBody } from './auth-schemas.js';
import { oidcClient, pkcePair, type ExternalIdentity } from './oidc.js';
import { dummyHash, hashPassword, needsRehash, scryptParams, verifyPassword } from './passwords.js';
import { newRefreshToken, sha256Hex } from './tokens.js';

/** What register, login, refresh and the OAuth callback return (domain camelCase). */
export interface TokenGrant {
  user: User;
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  /** Access-token lifetime, seconds. */
  expiresIn: number;
  /** Refresh-token lifetime, seconds. */
  refreshExpiresIn: number;
}

/** One message for every login failure, whatever its cause (no account, no password, wrong password). */
const BAD_LOGIN = {
  zh: '邮箱或密码错误',
  en: 'Incorrect e-mail or password',
};
const BAD_REFRESH = {
  zh: '刷新令牌无效或已过期，请重新登录',
  en: 'The refresh token is invalid or expired; please sign in again',
};
const LOCKED = {
  zh: '登录失败次数过多，请稍后再试',
  en: 'Too many failed sign-in attempts; try again later',
};

function nowSeconds(rt: ApiRuntime): number {
  return Math.floor(rt.now().getTime() / 1000);
}

function passwordParams(rt: ApiRuntime) {
  return scryptParams(rt.authConfig.PASSWORD_SCRYPT_LOG_N);
}

/** Starts computing the dummy hash so the first unknown-e-mail login is not faster than the rest. */
export function warmUp(rt: ApiRuntime): void {
  void dummyHash(passwordParams(rt));
}

async function issueGrant(rt: ApiRuntime, user: User, role: Role, rememberMe: boolean): Promise<TokenGrant> {
  const ttl = rememberMe ? rt.config.REFRESH_TOKEN_TTL_SECONDS : rt.authConfig.SESSION_TTL_SECONDS;
  const sessionId = randomBytes(16).toString('base64url');
  const refreshToken = newRefreshToken();
  const expiresAt = nowSeconds(rt) + ttl;
  await rt.repos.authSessions.start(
    {
      sessionId,
      userId: user.id,
      status: 'active',
      rememberMe,
      createdAt: rt.now().toISOString(),
      expiresAt,
    },
    { tokenHash: sha256Hex(refreshToken), sessionId, userId: user.id, expiresAt },
  );
  const accessToken = await rt.tokens.sign({ userId: user.id, role, sessionId }, rt.now());
  return {
    user,
    accessToken,
    refreshToken,
    tokenType: 'Bearer',
    expiresIn: rt.tokens.ttlSeconds,
    refreshExpiresIn: ttl,
  };
}

/** A validated registration body. */
export type RegisterInput = z.output<typeof RegisterBody>;

export async function register(rt: ApiRuntime, input: RegisterInput, lang: Lang): Promise<TokenGrant> {
  const now = rt.now().toISOString();
  const user = User.parse({
    id: newId('user'),
    username: input.username,
    email: input.email.trim().toLowerCase(),
    phone: input.phone ?? null,
    preferences: { language: lang === 'en' ? 'en-us' : 'zh-cn' },
    isVerified: false,
    createdAt: now,
    updatedAt: now,
  });
  const password = await hashPassword(input.password, passwordParams(rt));
  // The credential first: if the user cannot be created (e-mail or username taken) the credential
  // is removed again; an orphan left by a crash in between is unreachable (no e-mail lock names it).
  await rt.repos.credentials.create({
    userId: user.id,
    role: 'user',
    password,
    createdAt: now,
    updatedAt: now,
  });
  try {
    await rt.repos.users.create(user);
  } catch (err) {
    await rt.repos.credentials.delete(user.id).catch(() => undefined);
    throw err;
  }
  return issueGrant(rt, user, 'user', false);
}

function backoffPolicies(c: AuthConfig): { account: BackoffPolicy; ip: BackoffPolicy } {
  const shared = { baseSeconds: c.LOGIN_BACKOFF_BASE_SECONDS, maxSeconds: c.LOGIN_BACKOFF_MAX_SECONDS };
  return {
    account: { threshold: c.LOGIN_MAX_FAILURES, ...shared },
    ip: { threshold: c.LOGIN_MAX_FAILURES_PER_IP, ...shared },
  };
}

/** A validated login body. */
export type LoginInput = z.output<typeof LoginBody>;

export async function login(rt: ApiRuntime, input: LoginInput, sourceIp: string): Promise<TokenGrant> {
  const c = rt.authConfig;
  const email = input.email.trim().toLowerCase();
  // The account key is a digest, so failure records hold no e-mail address; unknown addresses get
  // counters too, so a lock never tells whether an account exists.
  const accountKey = `account:${sha256Hex(email)}`;
  const ipKey = `ip:${sourceIp}`;
  const [account, ip] = await rt.repos.counters.failures([accountKey, ipKey]);
  const lockedUntilMs = Math.max(account!.lockedUntilMs, ip!.lockedUntilMs);
  const waitMs = lockedUntilMs - rt.now().getTime();
  if (waitMs > 0) {
    throw new RateLimitedError('Login locked after repeated failures', Math.ceil(waitMs / 1000), {
      text: LOCKED,
    });
  }

  const params = passwordParams(rt);
  const credential: Credential | null = await rt.repos.credentials.findByEmail(email);
  const stored = credential?.password ?? (await dummyHash(params));
  const matches = await verifyPassword(input.password, stored);
  const ok = matches && credential?.password !== undefined;

  if (!ok) {
    const policies = backoffPolicies(c);
    await Promise.all(
      (
        [
          [accountKey, policies.account],
          [ipKey, policies.ip],
        ] as const
      ).map(async ([key, policy]) => {
        const failures = await rt.repos.counters.addFailure(key, c.LOGIN_FAILURE_WINDOW_SECONDS);
        const seconds = lockSeconds(failures, policy);
        // From the moment of the failure (after the hash), not from the start of the request.
        if (seconds > 0)
          await rt.repos.counters.lock(
            key,
            rt.now().getTime() + seconds * 1000,
            c.LOGIN_FAILURE_WINDOW_SECONDS,
          );
      }),
    );
    throw new AuthFailedError('Login failed', { text: BAD_LOGIN });
  }

  const user = await rt.repos.users.getById(credential!.userId);
  if (!user) throw new AuthFailedError('Login failed: credential without user', { text: BAD_LOGIN });
  // The IP counter is kept: logging into one's own account must not wipe an attacker's record.
  await rt.repos.counters.clearFailures(accountKey);
  if (needsRehash(credential!.password!, params)) {
    await rt.repos.credentials.setPassword(user.id, await hashPassword(input.password, params));
  }
  const updated = await rt.repos.users.update(user.id, { lastLogin: rt.now().toISOString() });
  return issueGrant(rt, updated, credential!.role, input.rememberMe);
}

export async function refresh(rt: ApiRuntime, refreshToken: string): Promise<TokenGrant> {
  const c = rt.authConfig;
  const presented = sha256Hex(refreshToken);
  const next = newRefreshToken();
  // The lifetime of the next token depends on the session's remember_me; read it first.
  const owner = await rt.repos.authSessions.sessionOfToken(presented);
  const session = owner ? await rt.repos.authSessions.get(owner.sessionId) : null;
  if (!session) throw new AuthFailedError('Unknown refresh token', { text: BAD_REFRESH });
  const ttl = session.rememberMe ? rt.config.REFRESH_TOKEN_TTL_SECONDS : c.SESSION_TTL_SECONDS;
  const result = await rt.repos.authSessions.rotate(presented, {
    tokenHash: sha256Hex(next),
    expiresAt: nowSeconds(rt) + ttl,
  });
  if (result.outcome === 'reused') {
    rt.logger.warn('refresh token reuse: session revoked', {
      sessionId: result.sessionId,
      userId: result.userId,
    });
    throw new AuthFailedError('Refresh token reused', { text: BAD_REFRESH });
  }
  if (result.outcome === 'invalid') throw new AuthFailedError('Invalid refresh token', { text: BAD_REFRESH });
  const [user, credential] = await Promise.all([
    rt.repos.users.getById(result.session.userId),
    rt.repos.credentials.get(result.session.userId),
  ]);
  if (!user || !credential) {
    await rt.repos.authSessions.revoke(result.session.sessionId, 'logout');
    throw new AuthFailedError('Account gone', { text: BAD_REFRESH });
  }
  const accessToken = await rt.tokens.sign(
    { userId: user.id, role: credential.role, sessionId: result.session.sessionId },
    rt.now(),
  );
  return {
    user,
    accessToken,
    refreshToken: next,
    tokenType: 'Bearer',
    expiresIn: rt.tokens.ttlSeconds,
    refreshExpiresIn: ttl,
  };
}

/** Revokes the caller's session, and the session of a refresh token given with it if it is the caller's. */
export async function logout(
  rt: ApiRuntime,
  caller: { userId: string; sessionId: string },
  refreshToken: string | null | undefined,
): Promise<void> {
  await rt.repos.authSessions.revoke(caller.sessionId, 'logout');
  if (refreshToken) {
    const owner = await rt.repos.authSessions.sessionOfToken(sha256Hex(refreshToken));
    if (owner && owner.userId === caller.userId && owner.sessionId !== caller.sessionId) {
      await rt.repos.authSessions.revoke(owner.sessionId, 'logout');
    }
  }
}

function providerOrThrow(rt: ApiRuntime, provider: string) {
  const client = oidcClient(provider, rt.authConfig.OAUTH_PROVIDERS);
  if (!client) throw new NotFoundError(`Unknown OAuth provider ${provider}`, { context: { provider } });
  return client;
}

export interface OAuthStart {
  provider: string;
  authorizationUrl: string;
  state: string;
  expiresIn: number;
}

/** Creates the state, nonce and PKCE verifier (kept server-side) and the authorization URL. */
export async function oauthStart(
  rt: ApiRuntime,
  provider: string,
  redirectUri: string | null | undefined,
): Promise<OAuthStart> {
  const client = providerOrThrow(rt, provider);
  const redirect = redirectUri ?? client.config.redirectUri;
  if (!client.redirectUris.includes(redirect)) {
    throw new ValidationError('Redirect URI not allowed', {
      details: [{ field: 'redirect_uri', message: 'not a registered redirect URI for this provider' }],
    });
  }
  const ttl = rt.authConfig.OAUTH_STATE_TTL_SECONDS;
  const state = randomBytes(32).toString('base64url');
  const nonce = randomBytes(24).toString('base64url');
  const pkce = pkcePair();
  const authorizationUrl = await client.authorizationUrl({
    state,
    nonce,
    challenge: pkce.challenge,
    redirectUri: redirect,
  });
  await rt.repos.oauthStates.put({
    stateHash: sha256Hex(state),
    provider,
    codeVerifier: pkce.verifier,
    nonce,
    redirectUri: redirect,
    createdAt: rt.now().toISOString(),
    expiresAt: nowSeconds(rt) + ttl,
  });
  return { provider, authorizationUrl, state, expiresIn: ttl };
}

/** A validated OAuth callback body. */
export type OAuthCallbackInput = z.output<typeof OAuthCallbackBody>;

function badState(): ValidationError {
  return new ValidationError('Unknown or expired OAuth state', {
    details: [{ field: 'state', message: 'unknown, already used or expired / 无效或已过期' }],
  });
}

function usernameBase(identity: ExternalIdentity): string {
  const raw = identity.preferredUsername ?? identity.email?.split('@')[0] ?? identity.name ?? 'traveller';
  const cleaned = raw
    .normalize('NFKD')
    .replace(/[^\w.-]/g, '')
    .slice(0, 40);
  return cleaned.length >= 3 ? cleaned : `user${cleaned}`;
}

async function userForIdentity(
  rt: ApiRuntime,
  client: { name: string; config: { linkByEmail: boolean } },
  id: ExternalIdentity,
) {
  const linked = await rt.repos.credentials.findIdentity(id.issuer, id.subject);
  if (linked) {
    const user = await rt.repos.users.getById(linked);
    if (user) return user;
  }
  if (!id.email || !id.emailVerified) {
    throw new AuthFailedError('Provider did not vouch for an e-mail address', {
      text: {
        zh: '该登录方式未提供已验证的邮箱，无法登录',
        en: 'The provider did not confirm an e-mail address for this account',
      },
      context: { provider: client.name },
    });
  }
  const existing = await rt.repos.users.getByEmail(id.email);
  if (existing) {
    if (!client.config.linkByEmail) {
      throw new ConflictError('E-mail registered; sign in with the password', {
        details: [
          { field: 'email', message: 'already registered; sign in with your password / 该邮箱已注册' },
        ],
      });
    }
    await linkOrReuse(rt, id, existing.id);
    return existing;
  }
  const now = rt.now().toISOString();
  for (let attempt = 0; ; attempt++) {
    const user = User.parse({
      id: newId('user'),
      username: `${usernameBase(id)}_${randomBytes(3).toString('hex')}`,
      email: id.email,
      preferences: {},
      isVerified: true,
      createdAt: now,
      updatedAt: now,
    });
    await rt.repos.credentials.create({ userId: user.id, role: 'user', createdAt: now, updatedAt: now });
    try {
      await rt.repos.users.create(user);
    } catch (err) {
      await rt.repos.credentials.delete(user.id).catch(() => undefined);
      const fields = err instanceof ConflictError ? err.details.map((d) => d.field) : [];
      if (fields.includes('email')) {
        // A concurrent first sign-in (or a registration) took the address: link to that account.
        const winner = await rt.repos.users.getByEmail(id.email);
        if (winner && client.config.linkByEmail) {
          await linkOrReuse(rt, id, winner.id);
          return winner;
        }
      }
      if (fields.includes('username') && attempt < 3) continue;
      throw err;
    }
    await linkOrReuse(rt, id, user.id);
    return user;
  }
}

async function linkOrReuse(rt: ApiRuntime, id: ExternalIdentity, userId: string): Promise<void> {
  try {
    await rt.repos.credentials.linkIdentity(id.issuer, id.subject, userId);
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err;
    const owner = await rt.repos.credentials.findIdentity(id.issuer, id.subject);
    if (owner !== userId) throw err;
  }
}

/** Consumes the state, exchanges the code, verifies the ID token and signs the user in. */
export async function oauthCallback(
  rt: ApiRuntime,
  provider: string,
  input: OAuthCallbackInput,
): Promise<TokenGrant> {
  const client = providerOrThrow(rt, provider);
  const flow = await rt.repos.oauthStates.consume(sha256Hex(input.state));
  if (!flow || flow.provider !== provider) throw badState();
  if (input.redirectUri && input.redirectUri !== flow.redirectUri) {
    throw new ValidationError('Redirect URI differs from the start request', {
      details: [{ field: 'redirect_uri', message: 'must equal the redirect URI of the start request' }],
    });
  }
  if (input.iss && input.iss !== client.config.issuer) {
    throw new AuthFailedError('Authorization response from another issuer', { context: { provider } });
  }
  const identity = await client.exchange({
    code: input.code,
    codeVerifier: flow.codeVerifier,
    redirectUri: flow.redirectUri,
    nonce: flow.nonce,
  });
  const user = await userForIdentity(rt, client, identity);
  const credential = await rt.repos.credentials.get(user.id);
  const updated = await rt.repos.users.update(user.id, { lastLogin: rt.now().toISOString() });
  return issueGrant(rt, updated, credential?.role ?? 'user', false);
}

/**
 * Gives an existing user a password (and a role) directly through the repositories: for seeding
 * (`npm start`'s demo account) and back-office scripts, never exposed through the API.
 */
export async function seedCredential(
  repos: Pick<ApiRuntime['repos'], 'credentials'>,
  userId: string,
  password: string,
  options: { role?: Role; logN?: number; now?: Date } = {},
): Promise<void> {
  const now = (options.now ?? new Date()).toISOString();
  const hash = await hashPassword(password, scryptParams(options.logN ?? 15));
  const existing = await repos.credentials.get(userId);
  if (existing) {
    await repos.credentials.setPassword(userId, hash);
    if (options.role && options.role !== existing.role) await repos.credentials.setRole(userId, options.role);
    return;
  }
  await repos.credentials.create({
    userId,
    role: options.role ?? 'user',
    password: hash,
    createdAt: now,
    updatedAt: now,
  });
}
