/** Access tokens, login backoff schedule, PKCE, endpoint safety and the auth configuration. */
import { SignJWT } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { lockSeconds } from '../../agents/auth/backoff.js';
import { AuthFailedError, TokenExpiredError } from '../../agents/errors.js';
import { configureOAuthProviders, readAuthConfig } from '../../functions/api/auth/auth-config.js';
import { assertSafeEndpoint, pkceChallenge, pkcePair } from '../../functions/api/auth/oidc.js';
import { AUDIENCE, TokenService, newRefreshToken, sha256Hex } from '../../functions/api/auth/tokens.js';

const SECRET = 'k'.repeat(48);
const claims = { userId: 'user_1', role: 'user' as const, sessionId: 'sid_1' };

describe('TokenService', () => {
  it('signs HS256 tokens that verify, and asks the session check about their session', async () => {
    const tokens = new TokenService(SECRET, 'iss', 900);
    const check = vi.fn(async () => true);
    tokens.setSessionCheck(check);
    const token = await tokens.sign(claims);
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toEqual({
      alg: 'HS256',
      typ: 'JWT',
    });
    expect(await tokens.verify(token)).toEqual(claims);
    expect(check).toHaveBeenCalledWith('sid_1', 'user_1');
  });

  it('refuses a token of a revoked session', async () => {
    const tokens = new TokenService(SECRET, 'iss', 900);
    tokens.setSessionCheck(async () => false);
    await expect(tokens.verify(await tokens.sign(claims))).rejects.toBeInstanceOf(AuthFailedError);
  });

  it('maps expiry to TOKEN_EXPIRED and everything else to AUTH_FAILED', async () => {
    const tokens = new TokenService(SECRET, 'iss', 60);
    const old = await tokens.sign(claims, new Date(Date.now() - 3600_000));
    await expect(tokens.verify(old)).rejects.toBeInstanceOf(TokenExpiredError);
    const other = new TokenService('z'.repeat(48), 'iss', 60);
    await expect(tokens.verify(await other.sign(claims))).rejects.toBeInstanceOf(AuthFailedError);
    await expect(tokens.verify('garbage')).rejects.toBeInstanceOf(AuthFailedError);
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${(await tokens.sign(claims)).split('.')[1]}.`;
    await expect(tokens.verify(none)).rejects.toBeInstanceOf(AuthFailedError);
    const hs512 = await new SignJWT({ role: 'user', sid: 's' })
      .setProtectedHeader({ alg: 'HS512', typ: 'JWT' })
      .setSubject('u')
      .setIssuer('iss')
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(SECRET));
    await expect(tokens.verify(hs512)).rejects.toBeInstanceOf(AuthFailedError);
  });

  it('refuses a secret shorter than 32 bytes', () => {
    expect(() => new TokenService('short', 'iss', 60)).toThrow(/32 bytes/);
  });
});

describe('refresh tokens', () => {
  it('are 256-bit base64url strings, stored as their SHA-256', () => {
    const a = newRefreshToken();
    expect(a).toMatch(/^[\w-]{43}$/);
    expect(newRefreshToken()).not.toBe(a);
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('login backoff schedule', () => {
  const policy = { threshold: 5, baseSeconds: 30, maxSeconds: 3600 };
  it('locks from the threshold on, doubling to a ceiling', () => {
    expect([1, 4, 5, 6, 7, 8].map((n) => lockSeconds(n, policy))).toEqual([0, 0, 30, 60, 120, 240]);
    expect(lockSeconds(12, policy)).toBe(3600);
    expect(lockSeconds(10_000, policy)).toBe(3600);
  });
});

describe('PKCE and endpoints', () => {
  it('derives the S256 challenge of RFC 7636 Appendix B', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
    const { verifier, challenge } = pkcePair();
    expect(verifier).toMatch(/^[\w-]{43}$/);
    expect(challenge).toBe(pkceChallenge(verifier));
  });

  it('allows plain http only on loopback', () => {
    expect(assertSafeEndpoint('https://accounts.example.com/x', 'x').host).toBe('accounts.example.com');
    expect(assertSafeEndpoint('http://127.0.0.1:8080/x', 'x').port).toBe('8080');
    expect(assertSafeEndpoint('http://localhost/x', 'x').hostname).toBe('localhost');
    expect(() => assertSafeEndpoint('http://accounts.example.com/x', 'x')).toThrow(/https/);
    expect(() => assertSafeEndpoint('http://127.0.0.1.evil.com/x', 'x')).toThrow(/https/);
  });
});

describe('auth configuration', () => {
  it('has safe defaults and parses OAUTH_PROVIDERS', () => {
    const c = readAuthConfig({
      OAUTH_PROVIDERS: JSON.stringify({
        acme: { issuer: 'https://id.acme.test', clientId: 'cid', redirectUri: 'https://app.test/cb' },
      }),
    });
    expect(c.LOGIN_MAX_FAILURES).toBe(5);
    expect(c.PASSWORD_SCRYPT_LOG_N).toBe(15);
    expect(c.OAUTH_PROVIDERS['acme']).toMatchObject({
      scopes: ['openid', 'email', 'profile'],
      linkByEmail: true,
      redirectUris: [],
    });
  });

  it('fails fast, naming the variable', () => {
    expect(() => readAuthConfig({ OAUTH_PROVIDERS: '{not json' })).toThrow(/OAUTH_PROVIDERS/);
    expect(() => readAuthConfig({ OAUTH_PROVIDERS: '{"Bad Name": {}}' })).toThrow(/OAUTH_PROVIDERS/);
    expect(() => readAuthConfig({ PASSWORD_SCRYPT_LOG_N: '8' })).toThrow(/PASSWORD_SCRYPT_LOG_N/);
  });

  it('takes providers from a config object when one is given', () => {
    configureOAuthProviders({
      corp: { issuer: 'https://sso.corp.test', clientId: 'c', redirectUri: 'https://app.test/cb' },
    });
    try {
      expect(Object.keys(readAuthConfig({ OAUTH_PROVIDERS: '{}' }).OAUTH_PROVIDERS)).toEqual(['corp']);
    } finally {
      configureOAuthProviders(null);
    }
    expect(readAuthConfig({}).OAUTH_PROVIDERS).toEqual({});
    expect(() => configureOAuthProviders({ corp: { issuer: 'not a url' } as never })).toThrow();
  });
});
