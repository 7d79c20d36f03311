/**
 * Request rate limits per client IP and per user: fixed one-minute windows counted in DynamoDB
 * (CounterRepository.hit: atomic ADD refused at the limit), `RATE_LIMIT_PER_MINUTE` each.
 * Over the limit: 429 RATE_LIMITED with Retry-After = seconds to the end of the window.
 *
 * Quota leases keep DynamoDB off the hot path without giving up the shared count: a process claims
 * requests from the window's counter in chunks and serves them from memory until the chunk is
 * spent or the window ends. The first claim of a key in a window is a single request (exactly as
 * without leases); each further claim doubles, up to 1/{@link LEASE_DIVISOR} of the limit. The
 * DynamoDB counter therefore never exceeds the limit across all processes (Lambda instances);
 * the price is that requests a process claimed but did not use are lost for the rest of that
 * window — at most one chunk per process and key. Near the limit a chunk that no longer fits
 * falls back to a single request, so the last requests of a window are still counted one by one.
 * Once the counter refuses a single request the window is spent for everyone (counters only grow
 * within a window), so later requests of that key are refused from memory until the window ends:
 * a flood over the limit costs no DynamoDB writes.
 * With a small limit (under 2 x LEASE_DIVISOR) every claim is a single request.
 *
 * If the counter store fails, the request is let through and the failure logged: an outage of the
 * limiter must not become an outage of the API (authentication itself still fails closed).
 */
import { RateLimitedError } from '../../agents/errors.js';
import type { CounterRepository, WindowHit } from '../../agents/ports/auth.js';

export const WINDOW_SECONDS = 60;
/** A lease is at most this fraction of the limit. */
export const LEASE_DIVISOR = 50;
/** Leases kept per process before expired ones are swept. */
const MAX_LEASES = 10_000;

interface Lease {
  /** Epoch ms at which the lease's window ends. */
  endsAtMs: number;
  /** Requests claimed and not yet served. */
  remaining: number;
  /** Size of the last claim (the next one doubles it). */
  chunk: number;
  /** The counter refused a single request: nothing more passes in this window. */
  exhausted: boolean;
}

const secondsUntil = (endsAtMs: number, now: number) => Math.max(1, Math.ceil((endsAtMs - now) / 1000));

/** A counter hit and how many requests it claimed. */
type Claim = WindowHit & { granted: number };

/** The outcome of one request against a key: allowed, or refused with the seconds to wait. */
export type LeaseDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * The quota leases of one process, keyed by limiter key (`ip:...`, `user:...`). Concurrent
 * requests of one key share a claim in flight instead of each making its own.
 */
export class QuotaLeases {
  readonly #leases = new Map<string, Lease>();
  readonly #claims = new Map<string, Promise<Claim>>();

  constructor(
    private readonly counters: Pick<CounterRepository, 'hit'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request for `key` against `limit` per window. */
  async take(key: string, limit: number): Promise<LeaseDecision> {
    for (;;) {
      const lease = this.#leases.get(key);
      const now = this.now();
      if (lease && now < lease.endsAtMs) {
        if (lease.remaining > 0) {
          lease.remaining -= 1;
          return { allowed: true };
        }
        // The shared counter refused even a single request: the window is spent everywhere.
        if (lease.exhausted) return { allowed: false, retryAfterSeconds: secondsUntil(lease.endsAtMs, now) };
      }
      const pending = this.#claims.get(key);
      if (pending) {
        // Someone is claiming for this key: wait for it, then look at the lease again.
        await pending.catch(() => undefined);
        continue;
      }
      const cap = Math.max(1, Math.floor(limit / LEASE_DIVISOR));
      const chunk = lease && now < lease.endsAtMs ? Math.min(lease.chunk * 2, cap) : 1;
      const claim = this.#claim(key, limit, chunk);
      this.#claims.set(key, claim);
      let hit: Claim;
      try {
        hit = await claim;
      } finally {
        this.#claims.delete(key);
      }
      if (!hit.allowed) {
        // Counters only grow within a window: refuse from memory until it ends.
        this.#remember(key, { endsAtMs: hit.windowEndsAt * 1000, remaining: 0, chunk: 1, exhausted: true });
        return { allowed: false, retryAfterSeconds: Math.max(1, hit.resetInSeconds) };
      }
      this.#remember(key, {
        endsAtMs: hit.windowEndsAt * 1000,
        remaining: hit.granted - 1,
        chunk: hit.granted,
        exhausted: false,
      });
      return { allowed: true };
    }
  }

  /** Claims `chunk` requests, or a single one when the chunk no longer fits in the window. */
  async #claim(key: string, limit: number, chunk: number): Promise<Claim> {
    const hit = await this.counters.hit(key, limit, WINDOW_SECONDS, chunk);
    if (hit.allowed || chunk === 1) return { ...hit, granted: chunk };
    const one = await this.counters.hit(key, limit, WINDOW_SECONDS, 1);
    return { ...one, granted: 1 };
  }

  #remember(key: string, lease: Lease): void {
    if (this.#leases.size >= MAX_LEASES && !this.#leases.has(key)) {
      const now = this.now();
      for (const [k, l] of this.#leases) if (l.endsAtMs <= now) this.#leases.delete(k);
      // Still full of live leases: forget the oldest (its unused requests are simply lost).
      if (this.#leases.size >= MAX_LEASES) this.#leases.delete(this.#leases.keys().next().value!);
    }
    this.#leases.set(key, lease);
  }
}

/**
 * Counts one request against every key (`ip:<address>`, `user:<id>`); throws RateLimitedError
 * (429, Retry-After = the longest wait) when any of them is over the limit.
 */
export type RateLimiter = (keys: string[]) => Promise<void>;

/** What a rate limiter is built from (the composition root passes the runtime's pieces). */
export interface RateLimiterOptions {
  counters: Pick<CounterRepository, 'hit'>;
  /** Requests per window (`RATE_LIMIT_PER_MINUTE`) for each key. */
  limit: number;
  now: () => Date;
  logger: { error(message: string, extra: Record<string, unknown>): void };
}

/**
 * The rate limiter of one runtime (one lease table per process), shared by the REST pipeline,
 * the WebSocket routes and the MCP transport.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const leases = new QuotaLeases(options.counters, () => options.now().getTime());
  return async (keys) => {
    let decisions: LeaseDecision[];
    try {
      decisions = await Promise.all(keys.map((key) => leases.take(key, options.limit)));
    } catch (err) {
      options.logger.error('rate limiter unavailable; request let through', { error: String(err) });
      return;
    }
    const refused = decisions.flatMap((d, i) =>
      d.allowed ? [] : [{ key: keys[i]!, wait: d.retryAfterSeconds }],
    );
    if (refused.length > 0) {
      throw new RateLimitedError('Rate limit exceeded', Math.max(...refused.map((r) => r.wait)), {
        context: { keys: refused.map((r) => r.key) },
      });
    }
  };
}
