/**
 * The coordinator: turns a TripRequest into a verified TravelPlan.
 *
 * 1. Resolve (request-resolution.ts): cities, dates, party and budget; split the nights over the cities.
 * 2. Gather concurrently (gathering.ts): flights and ground options for every leg (flight agent),
 *    stays for every city (hotel agent), places and restaurants, weather, and local tips.
 * 3. Build (assembly.ts): choose transport (transport agent) and stays (hotel agent), lay out the
 *    day slots (day-slots.ts), fill them (itinerary agent) and assemble the plan.
 * 4. Budget loop (budget agent): rebuild at cheaper levels until the total fits, bounded.
 * 5. Verify (verifier) and repair; what cannot be met becomes a warning in the plan.
 * Every step is recorded as a TaskResult and AgentInteractions.
 *
 * The step functions are re-exported here for the state machine tasks (functions/orchestration).
 */
import { newId } from '../ids.js';
import type { TravelPlan } from '../schemas/travel-plan.js';
import { TravelPlan as TravelPlanSchema } from '../schemas/travel-plan.js';
import { TripRequest } from '../schemas/trip-request.js';
import { build, type BuiltPlan } from './assembly.js';
import { BUDGET_LEVELS, costPlan } from './budget-agent.js';
import { budgetStep, type LevelTotal } from './budget-loop.js';
import { gather, registryOf } from './gathering.js';
import { budgetSummary, itinerarySummary } from './progress-summary.js';
import { addDataWarnings, resolveTrip, staysFor } from './request-resolution.js';
import { TaskLog } from './task-log.js';
import { type Resolved, PlanningFailure, cityName, fail } from './trip-context.js';
import type { PlanFailure, PlanOutcome, PlannerDeps, Violation } from './types.js';
import { verifyPlan, type GroundingRegistry } from './verifier.js';

export { build, type BuiltPlan } from './assembly.js';
export {
  gather,
  gatherFlights,
  gatherHotels,
  gatherPlaces,
  gatherTips,
  gatherWeather,
  registryOf,
} from './gathering.js';
export { addDataWarnings, resolveTrip, splitNights, staysFor } from './request-resolution.js';
export { type CityStay, type Gathered, type Leg, type Resolved, PlanningFailure } from './trip-context.js';

/** Step 5: verifies a built plan against the request and what the providers returned. */
export function verifyBuilt(
  deps: PlannerDeps,
  r: Resolved,
  registry: GroundingRegistry,
  plan: TravelPlan,
  log: TaskLog,
): Promise<Violation[]> {
  return log.run(
    'coordinator',
    'verification',
    {},
    () =>
      verifyPlan(plan, {
        request: r.request,
        registry,
        people: r.people,
        budget: r.budget,
        origin: cityName(r.origin, r.request.language),
        rates: deps.providers.rates,
      }),
    (v) => ({
      resultType: v.some((x) => x.severity === 'hard') ? 'partial' : 'success',
      confidence: 1,
      data: { violations: v.map((x) => x.code) },
    }),
  );
}

/** Adds what verification found to the plan's warnings (once per code and day) and validates it. */
export function finalizePlan(plan: TravelPlan, violations: Violation[]): TravelPlan {
  for (const v of violations) {
    if (plan.warnings.some((w) => w.code === v.code && w.dayNumber === v.dayNumber)) continue;
    plan.warnings.push({
      code: v.code,
      message: v.message,
      messageZh: v.messageZh,
      dayNumber: v.dayNumber ?? null,
    });
  }
  return TravelPlanSchema.parse(plan);
}

/**
 * Plans a trip. Never throws for an impossible request: `failure` says what cannot be met and why.
 * Rejects with `deps.signal`'s reason once the signal is aborted (checked between steps).
 */
export async function planTrip(input: TripRequest, deps: PlannerDeps): Promise<PlanOutcome> {
  const started = performance.now();
  const checkCancelled = () => deps.signal?.throwIfAborted();
  checkCancelled();
  const now = deps.now ?? (() => new Date());
  const log = new TaskLog(deps.sessionId ?? newId('session'), now);
  const empty = (failure: PlanFailure): PlanOutcome => ({
    plan: null,
    failure,
    violations: [],
    taskResults: log.results,
    interactions: log.interactions,
    elapsedMs: performance.now() - started,
  });
  const parsed = TripRequest.safeParse(input);
  if (!parsed.success) {
    return empty({
      code: 'INVALID_REQUEST',
      message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      messageZh:
        '请求内容有误：' + parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('；'),
    });
  }
  const request = parsed.data;
  try {
    const r = await resolveTrip(request, deps, now().toISOString().slice(0, 10), log);
    checkCancelled();
    const stated = r.request.destinations.map((d) => d.days);
    const gathered = await gather(deps, r, staysFor(r.cities, r.startDate, r.days, stated), log);
    checkCancelled();
    addDataWarnings(r, gathered);
    const registry = registryOf(gathered);
    const nowIso = now().toISOString();

    // 4. Budget loop (bounded by BUDGET_LEVELS.length rebuilds).
    // The decision of each step is the one the state machine's buildPlan task makes (budget-loop.ts).
    let chosen: BuiltPlan | null = null;
    await log.run(
      'budget',
      'budget_optimization',
      { budget: r.budget, currency: r.currency },
      () => {
        let cheapest: LevelTotal | null = null;
        let cheapestBuilt: BuiltPlan | null = null;
        const memo = new Map<string, BuiltPlan>();
        for (const [index, level] of BUDGET_LEVELS.entries()) {
          checkCancelled();
          const built = build(deps, r, gathered, level, nowIso, memo);
          const total = costPlan(built.plan).total;
          const step = budgetStep(
            r.budget,
            { level: index, total, ...(level.dormsForParty ? { onlyIfFits: true } : {}) },
            cheapest,
          );
          cheapest = step.cheapest;
          if (cheapest.level === index) cheapestBuilt = built;
          if (step.last) {
            chosen = step.kept!.level === index ? built : cheapestBuilt;
            break;
          }
        }
        return chosen!;
      },
      (b) => ({
        resultType: r.budget === null || costPlan(b.plan).total <= r.budget ? 'success' : 'partial',
        confidence: 0.9,
        data: { level: b.level.name, total: costPlan(b.plan).total, budget: r.budget },
      }),
    );
    const built = chosen as BuiltPlan | null;
    deps.onProgress?.('itinerary_planning', 100, built ? itinerarySummary(built.plan) : undefined);
    deps.onProgress?.(
      'budget_optimization',
      100,
      built
        ? budgetSummary({
            total: costPlan(built.plan).total,
            budget: r.budget,
            currency: r.currency,
            level: built.level.name,
          })
        : undefined,
    );
    if (!built) throw fail('NO_ROUTE', 'No plan could be built.', '无法生成计划。');

    // 5. Verify and repair.
    checkCancelled();
    const violations = await verifyBuilt(deps, r, registry, built.plan, log);
    checkCancelled();
    deps.onProgress?.('verification', 100);
    // An outline says once that it has no stays or meals (OUTLINE_ONLY), not once per night.
    const finalPlan = finalizePlan(
      built.plan,
      r.outline ? violations.filter((v) => v.code !== 'MISSING_ACCOMMODATION') : violations,
    );
    return {
      plan: finalPlan,
      failure: null,
      violations,
      taskResults: log.results,
      interactions: log.interactions,
      elapsedMs: performance.now() - started,
    };
  } catch (err) {
    if (err instanceof PlanningFailure) return empty(err.failure);
    throw err;
  }
}
