/**
 * Quota leases of the request rate limiter against DynamoDB Local's counters: several processes
 * (QuotaLeases instances) sharing one counter never let more than the limit through in a window,
 * serve most requests from memory under load, and start counting afresh in the next window.
 * The session-check cache: positive answers cached, revocation through the cache immediate.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CounterRepository } from '../../agents/ports/auth.js';
import { LEASE_DIVISOR, QuotaLeases } from '../../functions/edge/rate-limit.js';
import { CachedAuthSessions } from '../../functions/api/auth/session-cache.js';
import { createRepositories } from '../../functions/data/repositories.js';
import { createTestTable, type TestTable } from '../support/dynamo.js';

let t: TestTable;
// A clock the test moves: windows do not roll over in the middle of an assertion.
let nowMs = Date.UTC(2027, 0, 4, 10, 0, 5);
const clock = () => new Date(nowMs);

beforeAll(async () => {
  t = await createTestTable('leases');
});

/** The counter repository, wrapped to count the calls that reach DynamoDB. */
function countedCounters() {
  const repos = createRepositories({
    client: t.doc,
    tableName: t.tableName,
    cursorSecret: t.cursorSecret,
    now: clock,
  });
  const calls = { n: 0 };
  const counters: Pick<CounterRepository, 'hit'> = {
    hit: (...args) => {
      calls.n += 1;
      return repos.counters.hit(...args);
    },
  };
  return { counters, calls };
}

describe('quota leases', () => {
  it('never let more than the limit through across processes, and serve most requests from memory', async () => {
    const limit = 1000;
    const { counters, calls } = countedCounters();
    const processes = [0, 1, 2].map(() => new QuotaLeases(counters, () => nowMs));
    const key = `user:${t.tableName}-a`;
    let allowed = 0;
    let refused = 0;
    // Six waves of 300 concurrent requests spread over three processes: 1,800 > limit.
    for (let wave = 0; wave < 6; wave++) {
      const decisions = await Promise.all(
        Array.from({ length: 300 }, (_, i) => processes[i % 3]!.take(key, limit)),
      );
      for (const d of decisions) {
        if (d.allowed) allowed++;
        else {
          refused++;
          expect(d.retryAfterSeconds).toBeGreaterThanOrEqual(1);
          expect(d.retryAfterSeconds).toBeLessThanOrEqual(60);
        }
      }
    }
    expect(allowed + refused).toBe(1800);
    expect(allowed).toBeLessThanOrEqual(limit);
    // Claimed but unused requests are lost: at most one chunk per process.
    expect(allowed).toBeGreaterThanOrEqual(limit - 3 * (limit / LEASE_DIVISOR));
    // Far fewer counter calls than requests; refusals after the window is spent cost none.
    expect(calls.n).toBeLessThan(1800 / 10);
  });

  it('counts one by one under a small limit, refuses at the limit, and starts again in the next window', async () => {
    const limit = 7;
    const { counters, calls } = countedCounters();
    const leases = new QuotaLeases(counters, () => nowMs);
    const key = `ip:${t.tableName}-b`;
    const first = [];
    for (let i = 0; i < limit; i++) first.push(await leases.take(key, limit));
    expect(first.every((d) => d.allowed)).toBe(true);
    expect(calls.n).toBe(limit);
    const over = await leases.take(key, limit);
    expect(over).toEqual({ allowed: false, retryAfterSeconds: 55 });
    // Another process sees the same count.
    expect((await new QuotaLeases(counters, () => nowMs).take(key, limit)).allowed).toBe(false);
    nowMs += 60_000; // the next window
    expect((await leases.take(key, limit)).allowed).toBe(true);
  });

  it('falls back to single requests when a chunk no longer fits, so the limit is reached exactly', async () => {
    const limit = 200; // chunks up to 4
    const { counters } = countedCounters();
    const leases = new QuotaLeases(counters, () => nowMs);
    const key = `user:${t.tableName}-c`;
    let allowed = 0;
    for (let i = 0; i < 230; i++) if ((await leases.take(key, limit)).allowed) allowed++;
    expect(allowed).toBe(limit);
  });
});

describe('session check cache', () => {
  it('answers from memory while fresh, never caches a refusal, and forgets on revoke at once', async () => {
    const repos = createRepositories({ client: t.doc, tableName: t.tableName, cursorSecret: t.cursorSecret });
    let reads = 0;
    const counted = {
      ...repos.authSessions,
      start: repos.authSessions.start.bind(repos.authSessions),
      revoke: repos.authSessions.revoke.bind(repos.authSessions),
      isActive: async (sid: string, uid: string) => {
        reads++;
        return repos.authSessions.isActive(sid, uid);
      },
    } as typeof repos.authSessions;
    let now = 1_000_000;
    const cache = new CachedAuthSessions(counted, 5000, () => now);
    const sessionId = `sess_${t.tableName}`;
    const expiresAt = Math.floor(Date.now() / 1000) + 3600;
    await cache.start(
      {
        sessionId,
        userId: 'usr_1',
        status: 'active',
        rememberMe: false,
        createdAt: new Date().toISOString(),
        expiresAt,
      },
      { tokenHash: 'h'.repeat(64), sessionId, userId: 'usr_1', expiresAt },
    );
    expect(await cache.isActive(sessionId, 'usr_1')).toBe(true);
    expect(await cache.isActive(sessionId, 'usr_1')).toBe(true);
    expect(reads).toBe(1);
    // Another user's id never rides on the cached answer.
    expect(await cache.isActive(sessionId, 'usr_2')).toBe(false);
    expect(reads).toBe(2);
    now += 5001;
    expect(await cache.isActive(sessionId, 'usr_1')).toBe(true);
    expect(reads).toBe(3);
    await cache.revoke(sessionId, 'logout');
    expect(await cache.isActive(sessionId, 'usr_1')).toBe(false);
    expect(await cache.isActive(sessionId, 'usr_1')).toBe(false);
    expect(reads).toBe(5);
  });
});
