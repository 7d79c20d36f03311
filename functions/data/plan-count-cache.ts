/**
 * Plan counts (the `total` of plan list pages), cached briefly per process.
 *
 * A list page needs the number of the user's plans, which costs a second Query next to the page
 * itself. The count is kept for a short time (`PLAN_COUNT_CACHE_SECONDS`, default 2) and dropped
 * whenever this process creates, saves or deletes one of the user's plans, so a user's own
 * changes show at once; changes made through another process (another Lambda instance, the state
 * machine) show within the cache time. The list handler also never reports fewer plans than the
 * page it returns shows. Everything else passes straight through.
 */
import type { Page, PlanListQuery, PlanRepository } from '../../agents/ports/repositories.js';
import { PlanStatus, type TravelPlan, type TravelPlanListing } from '../../agents/schemas/travel-plan.js';

/** Counts kept before expired ones are swept. */
const MAX_ENTRIES = 10_000;

export class PlanCountCache implements PlanRepository {
  readonly #counts = new Map<string, { value: number; until: number }>();

  constructor(
    private readonly inner: PlanRepository,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async create(plan: TravelPlan): Promise<TravelPlan> {
    try {
      return await this.inner.create(plan);
    } finally {
      this.forget(plan.userId);
    }
  }

  async save(userId: string, plan: TravelPlan, expectedVersion: number): Promise<TravelPlan> {
    try {
      return await this.inner.save(userId, plan, expectedVersion);
    } finally {
      this.forget(userId);
    }
  }

  async delete(userId: string, planId: string, expectedVersion?: number): Promise<void> {
    try {
      await this.inner.delete(userId, planId, expectedVersion);
    } finally {
      this.forget(userId);
    }
  }

  async count(userId: string, status?: PlanStatus): Promise<number> {
    const key = `${userId}|${status ?? '*'}`;
    const cached = this.#counts.get(key);
    const now = this.now();
    if (cached && now < cached.until) return cached.value;
    const value = await this.inner.count(userId, status);
    if (this.ttlMs > 0) {
      if (this.#counts.size >= MAX_ENTRIES) this.#sweep(now);
      this.#counts.set(key, { value, until: now + this.ttlMs });
    }
    return value;
  }

  /** Drops the user's cached counts (every status). */
  forget(userId: string): void {
    this.#counts.delete(`${userId}|*`);
    for (const status of PlanStatus.options) this.#counts.delete(`${userId}|${status}`);
  }

  get(userId: string, planId: string): Promise<TravelPlan | null> {
    return this.inner.get(userId, planId);
  }

  getAnyOwner(planId: string): Promise<TravelPlan | null> {
    return this.inner.getAnyOwner(planId);
  }

  list(query: PlanListQuery): Promise<Page<TravelPlan>> {
    return this.inner.list(query);
  }

  listSummaries(query: PlanListQuery): Promise<Page<TravelPlanListing>> {
    return this.inner.listSummaries(query);
  }

  share(userId: string, planId: string, token: string): Promise<TravelPlan> {
    return this.inner.share(userId, planId, token);
  }

  getByShareToken(token: string): Promise<TravelPlan | null> {
    return this.inner.getByShareToken(token);
  }

  deleteShareLink(token: string): Promise<void> {
    return this.inner.deleteShareLink(token);
  }

  #sweep(now: number): void {
    for (const [key, entry] of this.#counts) if (entry.until <= now) this.#counts.delete(key);
    if (this.#counts.size >= MAX_ENTRIES) this.#counts.delete(this.#counts.keys().next().value!);
  }
}
