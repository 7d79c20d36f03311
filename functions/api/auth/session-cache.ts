/**
 * The session check of every authenticated request, cached briefly in the process.
 *
 * Verifying an access token includes "is its login session still active?" (one consistent
 * GetItem), so that logout and refresh-token reuse cut a token off before it expires. Under load
 * that read is most of a request's cost, so a positive answer is kept for
 * `SESSION_CHECK_CACHE_SECONDS` (default 5; 0 turns the cache off). Revocations made through this
 * process (logout, reuse detected on refresh) drop the entry at once; a revocation made by another
 * process (another Lambda instance) takes effect here within the cache time. Negative answers are
 * never cached: a revoked session stays revoked.
 */
import type { AuthSessionRepository } from '../../../agents/ports/auth.js';

/** Entries kept before the oldest are dropped. */
const MAX_ENTRIES = 10_000;

/** An AuthSessionRepository whose `isActive` answers are cached; everything else passes through. */
export class CachedAuthSessions implements AuthSessionRepository {
  /** Session id -> its owner and until when "active" may be answered from memory. */
  readonly #active = new Map<string, { userId: string; until: number }>();

  constructor(
    private readonly inner: AuthSessionRepository,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  start: AuthSessionRepository['start'] = (session, firstToken) => this.inner.start(session, firstToken);

  sessionOfToken: AuthSessionRepository['sessionOfToken'] = (tokenHash) =>
    this.inner.sessionOfToken(tokenHash);

  get: AuthSessionRepository['get'] = (sessionId) => this.inner.get(sessionId);

  async rotate(...args: Parameters<AuthSessionRepository['rotate']>) {
    const result = await this.inner.rotate(...args);
    if (result.outcome === 'reused') this.forget(result.sessionId);
    return result;
  }

  async revoke(sessionId: string, reason: 'logout' | 'reuse'): Promise<void> {
    this.forget(sessionId);
    await this.inner.revoke(sessionId, reason);
    // A check that was in flight during the revocation may have cached "active": drop it again.
    this.forget(sessionId);
  }

  async isActive(sessionId: string, userId: string): Promise<boolean> {
    const cached = this.#active.get(sessionId);
    if (cached && cached.userId === userId && this.now() < cached.until) return true;
    const active = await this.inner.isActive(sessionId, userId);
    if (active && this.ttlMs > 0) {
      if (this.#active.size >= MAX_ENTRIES) this.#sweep();
      this.#active.set(sessionId, { userId, until: this.now() + this.ttlMs });
    } else if (cached?.userId === userId) {
      this.#active.delete(sessionId);
    }
    return active;
  }

  /** Drops what is cached for a session. */
  forget(sessionId: string): void {
    this.#active.delete(sessionId);
  }

  #sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.#active) if (entry.until <= now) this.#active.delete(key);
    if (this.#active.size >= MAX_ENTRIES) this.#active.delete(this.#active.keys().next().value!);
  }
}
