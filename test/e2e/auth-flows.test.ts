/**
 * Auth over real HTTP (local API Gateway emulation -> real handlers -> DynamoDB Local):
 * register, login with backoff, refresh rotation with reuse detection, logout revocation.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Repositories } from '../../functions/data/repositories.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { PASSWORD, newAccount, registerAccount, tableRepositories, type GrantWire } from './auth-helpers.js';
import { testNowMs } from '../support/clock.js';

let api: TestApi;
let repos: Repositories;

beforeAll(async () => {
  api = await startTestApi({
    LOGIN_MAX_FAILURES: '3',
    LOGIN_BACKOFF_BASE_SECONDS: '2',
    LOGIN_MAX_FAILURES_PER_IP: '1000',
  });
  repos = tableRepositories(api);
});

afterAll(async () => {
  await api?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function login(email: string, password: string, extra: Record<string, unknown> = {}) {
  return api.call('POST', '/v1/auth/login', { body: { email, password, ...extra } });
}

/** The fields of an error response that must not vary with the cause. */
function errorShape(res: { status: number; body: Record<string, unknown> }) {
  return { status: res.status, error: res.body['error'], keys: Object.keys(res.body).sort() };
}

describe('register', () => {
  it('creates the account and returns tokens and the user without any secret', async () => {
    const account = newAccount('reg');
    const res = await api.call('POST', '/v1/auth/register', {
      body: { ...account, email: account.email.toUpperCase(), phone: '+86-13800138000' },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{16}$/);
    const data = res.body.data as GrantWire;
    expect(data.token_type).toBe('Bearer');
    expect(data.expires_in).toBe(900);
    expect(data.refresh_expires_in).toBe(24 * 3600);
    expect(data.user.email).toBe(account.email);
    expect(data.user['username']).toBe(account.username);
    expect(data.user['is_verified']).toBe(false);
    expect(data.refresh_token.length).toBeGreaterThanOrEqual(43);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toMatch(/"(password|salt|hash|password_hash|role)"/);

    const claims = decodeJwt(data.access_token);
    expect(claims.sub).toBe(data.user.id);
    expect(claims['role']).toBe('user');
    expect(typeof claims['sid']).toBe('string');
    expect(claims.exp! - claims.iat!).toBe(900);

    // Stored apart from the profile: scrypt with its parameters and a per-user salt.
    const profile = await repos.users.getById(data.user.id);
    expect(JSON.stringify(profile)).not.toMatch(/password|salt|scrypt/);
    const cred = await repos.credentials.get(data.user.id);
    expect(cred?.role).toBe('user');
    expect(cred?.password?.params).toEqual({ algorithm: 'scrypt', N: 32768, r: 8, p: 1, keyLength: 32 });
    expect(Buffer.from(cred!.password!.salt, 'base64')).toHaveLength(16);
    // The refresh token is stored only as its SHA-256.
    const { createHash } = await import('node:crypto');
    const { localDynamoClient } = await import('../../local/dynamodb-local.js');
    const { createDocumentClient } = await import('../../functions/data/dynamo-client.js');
    const { inject } = await import('vitest');
    const doc = createDocumentClient(localDynamoClient(inject('dynamoEndpoint')));
    const digest = createHash('sha256').update(data.refresh_token).digest('hex');
    const stored = await doc.send(
      new GetCommand({ TableName: api.tableName, Key: { pk: `REFRESH#${digest}`, sk: 'REFRESH' } }),
    );
    expect(stored.Item?.['session_id']).toBe(claims['sid']);
    expect(JSON.stringify(stored.Item)).not.toContain(data.refresh_token);
  });

  it('salts every hash: one password, two accounts, two different hashes', async () => {
    const a = await registerAccount(api);
    const b = await registerAccount(api);
    const ca = await repos.credentials.get(a.data.user.id);
    const cb = await repos.credentials.get(b.data.user.id);
    expect(ca!.password!.salt).not.toBe(cb!.password!.salt);
    expect(ca!.password!.hash).not.toBe(cb!.password!.hash);
  });

  it('answers 409 naming the field for a taken e-mail (any case) or username', async () => {
    const { account } = await registerAccount(api);
    const sameEmail = await api.call('POST', '/v1/auth/register', {
      body: { ...newAccount(), email: account.email.toUpperCase() },
    });
    expect(sameEmail.status).toBe(409);
    expect(sameEmail.body.error.code).toBe('CONFLICT');
    expect(sameEmail.body.error.details.map((d: { field: string }) => d.field)).toEqual(['email']);

    const sameName = await api.call('POST', '/v1/auth/register', {
      body: { ...newAccount(), username: account.username },
    });
    expect(sameName.status).toBe(409);
    expect(sameName.body.error.details.map((d: { field: string }) => d.field)).toEqual(['username']);
  });

  it('the losing registration leaves no credential behind', async () => {
    const { account } = await registerAccount(api);
    const res = await api.call('POST', '/v1/auth/register', {
      body: { ...newAccount(), email: account.email },
    });
    expect(res.status).toBe(409);
    // Logging in with the loser's password fails: only the winner's credential answers for the address.
    const other = await login(account.email, 'S0mething-else-entirely');
    expect(other.status).toBe(401);
  });

  it.each([
    ['short', 'ab1'],
    ['no digit', 'onlyletters-here'],
    ['no letter', '1234567890123'],
    ['common', 'Password123'],
    ['repeated', 'aaaaaaaaaa'],
  ])('refuses a weak password (%s) with 400 and a detail on password', async (_label, password) => {
    const res = await api.call('POST', '/v1/auth/register', { body: { ...newAccount(), password } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(res.body.error.details.length).toBeGreaterThan(0);
    expect(res.body.error.details.every((d: { field: string }) => d.field === 'password')).toBe(true);
  });

  it('refuses a password containing the username', async () => {
    const account = newAccount('name');
    const res = await api.call('POST', '/v1/auth/register', {
      body: { ...account, password: `${account.username}9` },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ field: 'password', message: expect.stringMatching(/username/) }),
    ]);
  });

  it('reports every bad field at once and ignores a role in the body', async () => {
    const bad = await api.call('POST', '/v1/auth/register', {
      body: { username: 'x', email: 'not-an-email', password: 'short' },
    });
    expect(bad.status).toBe(400);
    const fields = bad.body.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['username', 'email', 'password']));

    const res = await api.call('POST', '/v1/auth/register', { body: { ...newAccount(), role: 'admin' } });
    expect(res.status).toBe(201);
    expect(decodeJwt(res.body.data.access_token)['role']).toBe('user');
    expect((await repos.credentials.get(res.body.data.user.id))?.role).toBe('user');
  });
});

describe('login', () => {
  it('signs in (e-mail in any case), records last_login, and remember_me lengthens the session', async () => {
    const { account } = await registerAccount(api);
    const res = await login(account.email.toUpperCase(), account.password);
    expect(res.status).toBe(200);
    const data = res.body.data as GrantWire;
    expect(data.user.email).toBe(account.email);
    expect(typeof data.user['last_login']).toBe('string');
    expect(data.refresh_expires_in).toBe(24 * 3600);

    const remembered = await login(account.email, account.password, { remember_me: true });
    expect(remembered.status).toBe(200);
    expect(remembered.body.data.refresh_expires_in).toBe(30 * 86_400);
    const sid = decodeJwt(remembered.body.data.access_token)['sid'] as string;
    const session = await repos.authSessions.get(sid);
    expect(session?.rememberMe).toBe(true);
    expect(session!.expiresAt - testNowMs() / 1000).toBeGreaterThan(29 * 86_400);
    // Rotation keeps the longer lifetime.
    const rotated = await api.call('POST', '/v1/auth/refresh', {
      body: { refresh_token: remembered.body.data.refresh_token },
    });
    expect(rotated.body.data.refresh_expires_in).toBe(30 * 86_400);
  });

  it('gives the identical answer for a wrong password and an unknown e-mail, in both languages', async () => {
    const { account } = await registerAccount(api);
    for (const lang of ['en', 'zh-CN']) {
      const headers = { 'accept-language': lang };
      const wrong = await api.call('POST', '/v1/auth/login', {
        body: { email: account.email, password: 'Wrong-passw0rd' },
        headers,
      });
      const unknown = await api.call('POST', '/v1/auth/login', {
        body: { email: newAccount().email, password: 'Wrong-passw0rd' },
        headers,
      });
      expect(wrong.status).toBe(401);
      expect(errorShape(wrong)).toEqual(errorShape(unknown));
      expect(wrong.body.error.code).toBe('AUTH_FAILED');
      expect(wrong.body.error.details).toEqual([]);
    }
  });

  it('backs off after repeated failures with a growing Retry-After, for known and unknown accounts alike', async () => {
    const { account } = await registerAccount(api);
    const ghost = newAccount().email;
    const lockedOut: Awaited<ReturnType<typeof login>>[] = [];
    for (const email of [account.email, ghost]) {
      for (let i = 0; i < 3; i++) expect((await login(email, 'Wrong-passw0rd')).status).toBe(401);
      // Even the right password is refused while the account is locked.
      lockedOut.push(await login(email, account.password));
    }
    const [locked, lockedGhost] = lockedOut as [
      Awaited<ReturnType<typeof login>>,
      Awaited<ReturnType<typeof login>>,
    ];
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('RATE_LIMITED');
    expect(errorShape(locked)).toEqual(errorShape(lockedGhost));
    const first = Number(locked.headers.get('retry-after'));
    expect(first).toBeGreaterThanOrEqual(1);
    expect(first).toBeLessThanOrEqual(2);
    expect(Number(lockedGhost.headers.get('retry-after'))).toBeLessThanOrEqual(2);

    // After the lock, one more failure locks for twice as long.
    await sleep(first * 1000 + 100);
    expect((await login(account.email, 'Wrong-passw0rd')).status).toBe(401);
    const longer = await login(account.email, account.password);
    expect(longer.status).toBe(429);
    const second = Number(longer.headers.get('retry-after'));
    expect(second).toBeGreaterThan(2);
    expect(second).toBeLessThanOrEqual(4);

    await sleep(second * 1000 + 100);
    expect((await login(account.email, account.password)).status).toBe(200);
    // Success clears the account's failures: the next mistake is a plain 401 again.
    expect((await login(account.email, 'Wrong-passw0rd')).status).toBe(401);
    expect((await login(account.email, account.password)).status).toBe(200);
  }, 120_000);

  it('signs in an account seeded through the repositories (npm start’s demo user), with its role', async () => {
    const { demoUser } = await import('../../local/demo-data.js');
    const { seedCredential } = await import('../../functions/api/auth/service.js');
    const user = await repos.users.create(demoUser());
    await seedCredential(repos, user.id, 'Demo-pass-2025', { role: 'admin', logN: 14 });
    const res = await login(user.email, 'Demo-pass-2025');
    expect(res.status).toBe(200);
    expect(decodeJwt(res.body.data.access_token)['role']).toBe('admin');
    // Re-seeding replaces the password.
    await seedCredential(repos, user.id, 'Other-pass-2026', { logN: 14 });
    expect((await login(user.email, 'Demo-pass-2025')).status).toBe(401);
    expect((await login(user.email, 'Other-pass-2026')).status).toBe(200);
  });

  it('validates the body', async () => {
    const res = await api.call('POST', '/v1/auth/login', { body: { email: 'nope', password: '' } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'email',
      'password',
    ]);
  });
});

describe('refresh', () => {
  it('rotates: each refresh token works once and yields a new pair', async () => {
    const { data } = await registerAccount(api);
    const first = await api.call('POST', '/v1/auth/refresh', { body: { refresh_token: data.refresh_token } });
    expect(first.status).toBe(200);
    const next = first.body.data as GrantWire;
    expect(next.refresh_token).not.toBe(data.refresh_token);
    expect(next.user.id).toBe(data.user.id);
    expect(decodeJwt(next.access_token)['sid']).toBe(decodeJwt(data.access_token)['sid']);
    const second = await api.call('POST', '/v1/auth/refresh', {
      body: { refresh_token: next.refresh_token },
    });
    expect(second.status).toBe(200);
    // The new access token is accepted by an authenticated route.
    const out = await api.call('POST', '/v1/auth/logout', { token: second.body.data.access_token, body: {} });
    expect(out.status).toBe(200);
  });

  it('detects reuse of a rotated token and revokes the whole family', async () => {
    const { data } = await registerAccount(api);
    const r1 = data.refresh_token;
    const step = await api.call('POST', '/v1/auth/refresh', { body: { refresh_token: r1 } });
    const r2 = step.body.data.refresh_token as string;
    const a2 = step.body.data.access_token as string;
    const step3 = await api.call('POST', '/v1/auth/refresh', { body: { refresh_token: r2 } });
    const r3 = step3.body.data.refresh_token as string;
    const a3 = step3.body.data.access_token as string;

    const replay = await api.call('POST', '/v1/auth/refresh', { body: { refresh_token: r1 } });
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('AUTH_FAILED');
    // The newest token of the family is dead too, and so are the family's access tokens.
    expect((await api.call('POST', '/v1/auth/refresh', { body: { refresh_token: r3 } })).status).toBe(401);
    for (const token of [a2, a3, data.access_token]) {
      expect((await api.call('POST', '/v1/auth/logout', { token })).status).toBe(401);
    }
    const session = await repos.authSessions.get(decodeJwt(a3)['sid'] as string);
    expect(session).toMatchObject({ status: 'revoked', revokedReason: 'reuse' });
  });

  it('lets at most one of two concurrent refreshes with one token win, and then revokes the family', async () => {
    const { data } = await registerAccount(api);
    const results = await Promise.all(
      [0, 1].map(() => api.call('POST', '/v1/auth/refresh', { body: { refresh_token: data.refresh_token } })),
    );
    const ok = results.filter((r) => r.status === 200);
    expect(ok.length).toBeLessThanOrEqual(1);
    expect(results.filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(1);
    for (const r of ok) {
      const again = await api.call('POST', '/v1/auth/refresh', {
        body: { refresh_token: r.body.data.refresh_token },
      });
      expect(again.status).toBe(401);
    }
  });

  it('refuses unknown, malformed and missing tokens', async () => {
    const unknown = await api.call('POST', '/v1/auth/refresh', { body: { refresh_token: 'x'.repeat(43) } });
    expect(unknown.status).toBe(401);
    expect((await api.call('POST', '/v1/auth/refresh', { body: { refresh_token: 'short' } })).status).toBe(
      400,
    );
    expect((await api.call('POST', '/v1/auth/refresh', { body: {} })).status).toBe(400);
  });

  it('carries a role assigned in the back office (repository only) into the next access token', async () => {
    const { data } = await registerAccount(api);
    await repos.credentials.setRole(data.user.id, 'admin');
    const res = await api.call('POST', '/v1/auth/refresh', { body: { refresh_token: data.refresh_token } });
    expect(decodeJwt(res.body.data.access_token)['role']).toBe('admin');
    expect(JSON.stringify(res.body)).not.toContain('"role"');
  });
});

describe('logout', () => {
  it('revokes the session: its access and refresh tokens stop working at once; other sessions live on', async () => {
    const { account, data } = await registerAccount(api);
    const other = (await login(account.email, account.password)).body.data as GrantWire;

    const res = await api.call('POST', '/v1/auth/logout', { token: data.access_token });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ revoked: true });

    const again = await api.call('POST', '/v1/auth/logout', { token: data.access_token });
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('AUTH_FAILED');
    expect(
      (await api.call('POST', '/v1/auth/refresh', { body: { refresh_token: data.refresh_token } })).status,
    ).toBe(401);

    const still = await api.call('POST', '/v1/auth/refresh', {
      body: { refresh_token: other.refresh_token },
    });
    expect(still.status).toBe(200);
  });

  it('also revokes the session of a refresh token passed in the body, if it is the caller’s', async () => {
    const { account, data } = await registerAccount(api);
    const second = (await login(account.email, account.password)).body.data as GrantWire;
    const stranger = (await registerAccount(api)).data;
    const res = await api.call('POST', '/v1/auth/logout', {
      token: data.access_token,
      body: { refresh_token: second.refresh_token },
    });
    expect(res.status).toBe(200);
    expect(
      (await api.call('POST', '/v1/auth/refresh', { body: { refresh_token: second.refresh_token } })).status,
    ).toBe(401);

    // Someone else's refresh token is left alone.
    const mine = (await login(account.email, account.password)).body.data as GrantWire;
    await api.call('POST', '/v1/auth/logout', {
      token: mine.access_token,
      body: { refresh_token: stranger.refresh_token },
    });
    expect(
      (await api.call('POST', '/v1/auth/refresh', { body: { refresh_token: stranger.refresh_token } }))
        .status,
    ).toBe(200);
  });

  it('needs a bearer token', async () => {
    const res = await api.call('POST', '/v1/auth/logout', { body: {} });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('AUTH_FAILED');
  });
});
