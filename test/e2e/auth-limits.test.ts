/**
 * Rate limits and login backoff per client IP and per user, over real HTTP. Requests leave from
 * different loopback addresses (127.0.0.x, bound with `localAddress`), so the API sees distinct
 * source IPs exactly as API Gateway would report them.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';
import { newAccount } from './auth-helpers.js';

const LIMIT = 10;
let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({
    RATE_LIMIT_PER_MINUTE: String(LIMIT),
    LOGIN_MAX_FAILURES: '100',
    LOGIN_MAX_FAILURES_PER_IP: '3',
    LOGIN_BACKOFF_BASE_SECONDS: '30',
  });
});

afterAll(async () => {
  await api?.close();
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** One request from the given loopback source address. */
function from(ip: string, method: string, path: string, options: { body?: unknown; token?: string } = {}) {
  return new Promise<Reply>((resolve, reject) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = request(
      `${api.url}${path}`,
      {
        method,
        localAddress: ip,
        agent: false,
        headers: {
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: text ? JSON.parse(text) : null,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Waits for a fresh one-minute window when the current one is about to end. */
async function awayFromWindowEdge(): Promise<void> {
  const intoMinute = (Date.now() / 1000) % 60;
  if (intoMinute > 48) await new Promise((r) => setTimeout(r, (60 - intoMinute + 0.3) * 1000));
}

describe('request rate limits', () => {
  it(`answers 429 with Retry-After once an IP has made ${LIMIT} requests in the minute; other IPs go on`, async () => {
    await awayFromWindowEdge();
    for (let i = 0; i < LIMIT; i++) expect((await from('127.0.0.5', 'GET', '/health')).status).toBe(200);
    const refused = await from('127.0.0.5', 'GET', '/health');
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(String(refused.headers['access-control-expose-headers'])).toContain('retry-after');
    // A refused request is not counted, and the limit is per address.
    expect((await from('127.0.0.5', 'GET', '/health')).status).toBe(429);
    expect((await from('127.0.0.6', 'GET', '/health')).status).toBe(200);
  });

  it(`limits a user to ${LIMIT} requests a minute whatever addresses they come from`, async () => {
    await awayFromWindowEdge();
    const reg = await from('127.0.0.7', 'POST', '/v1/auth/register', { body: newAccount('rl') });
    expect(reg.status).toBe(201);
    const token = reg.body.data.access_token as string;
    // An authenticated call that changes nothing: logout with an invalid body fails validation
    // after authentication and rate limiting, before revoking anything.
    const probe = (ip: string) =>
      from(ip, 'POST', '/v1/auth/logout', { token, body: { refresh_token: 'x' } });
    for (let i = 0; i < LIMIT; i++) expect((await probe(i % 2 ? '127.0.0.8' : '127.0.0.9')).status).toBe(400);
    const refused = await probe('127.0.0.10');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Without the user's token the fresh address is fine.
    expect((await from('127.0.0.10', 'GET', '/health')).status).toBe(200);
  });
});

describe('login backoff per IP', () => {
  it('locks an address out after repeated failures over many accounts; other addresses are unaffected', async () => {
    const victim = newAccount('victim');
    expect((await from('127.0.0.20', 'POST', '/v1/auth/register', { body: victim })).status).toBe(201);
    for (let i = 0; i < 3; i++) {
      const res = await from('127.0.0.21', 'POST', '/v1/auth/login', {
        body: { email: newAccount().email, password: 'Wrong-passw0rd' },
      });
      expect(res.status).toBe(401);
    }
    const locked = await from('127.0.0.21', 'POST', '/v1/auth/login', {
      body: { email: victim.email, password: victim.password },
    });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('RATE_LIMITED');
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(25);
    expect(retryAfter).toBeLessThanOrEqual(30);
    const elsewhere = await from('127.0.0.22', 'POST', '/v1/auth/login', {
      body: { email: victim.email, password: victim.password },
    });
    expect(elsewhere.status).toBe(200);
  });
});
