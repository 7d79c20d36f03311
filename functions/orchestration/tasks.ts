/**
 * The PlanTrip state machine's planning tasks (run state in run-state.ts, the session's end in
 * session-end.ts). Each is thin: load the run's state by id, call one step of
 * the coordinator (agents/planning/coordinator.ts), store what it produced, and return ids and a
 * small summary (Step Functions payloads stay far below 256 KB). Lambda handlers
 * (`handlers.ts`) and the local runner (`local/stepfunctions/`) call these same functions.
 */
import {
  PlanningFailure,
  addDataWarnings,
  build,
  finalizePlan,
  gatherFlights,
  gatherHotels,
  gatherPlaces,
  gatherTips,
  gatherWeather,
  registryOf,
  resolveTrip,
  staysFor,
  type Gathered,
  type Leg,
  verifyBuilt,
} from '../../agents/planning/coordinator.js';
import { BUDGET_LEVELS, costPlan } from '../../agents/planning/budget-agent.js';
import { budgetStep, type LevelTotal } from '../../agents/planning/budget-loop.js';
import {
  budgetSummary,
  flightSearchSummary,
  hotelSearchSummary,
  itinerarySummary,
  type ProgressSummary,
} from '../../agents/planning/progress-summary.js';
import { TaskLog } from '../../agents/planning/task-log.js';
import type { PlanFailure, PlannerDeps } from '../../agents/planning/types.js';
import type { Attraction, Restaurant } from '../../agents/ports/providers.js';
import type { PlanWarning, TravelPlan } from '../../agents/schemas/travel-plan.js';
import { TripRequest } from '../../agents/schemas/trip-request.js';
import {
  incompleteFailure,
  type ProgressTask,
  type SessionFailure,
} from '../../agents/sessions/lifecycle.js';
import {
  PART,
  need,
  now,
  type Entries,
  type PlanTripInput,
  type RunRef,
  type RunResult,
  type StoredPlaces,
  type StoredResolved,
  type TaskContext,
} from './run-state.js';

/**
 * Writes a task's progress into the session; with `publish` (the agent's result summary), also
 * pushes its `agent_status` frame — after the write, so a client told an agent finished finds it
 * so in the session. A failed push never fails the task.
 */
async function progress(
  ctx: TaskContext,
  ref: RunRef,
  task: ProgressTask,
  value: number,
  publish?: ProgressSummary,
): Promise<void> {
  if (!ctx.sessions || !ref.sessionId) return;
  const written = await ctx.sessions.setProgress(ref.sessionId, task, value);
  // Not written: the session has ended (e.g. cancelled) or already knew: no frame after its end.
  if (written && publish) {
    await ctx.agentStatus?.taskProgress(ref.userId, ref.sessionId, task, value, publish);
  }
}

const plannerDeps = (ctx: TaskContext, ref: RunRef): PlannerDeps => ({
  ...ctx.deps,
  ...(ref.userId ? { userId: ref.userId } : {}),
  ...(ref.sessionId ? { sessionId: ref.sessionId } : {}),
});

/**
 * Runs one agent step with a task log and stores the log's interactions on the agent session
 * (in one batch, even when the step fails), as the in-process planner does.
 */
async function withLog<T>(ctx: TaskContext, ref: RunRef, step: (log: TaskLog) => Promise<T>): Promise<T> {
  const log = new TaskLog(ref.sessionId ?? ref.runId, ctx.deps.now ?? (() => new Date()));
  try {
    return await step(log);
  } finally {
    if (ctx.sessions && ref.sessionId && log.interactions.length > 0) {
      // A diagnostic record: failing to store it must not fail (and re-run) the step.
      await ctx.sessions.addInteractions(log.interactions).catch((err: unknown) => {
        console.error(
          JSON.stringify({
            level: 'WARN',
            message: 'interactions not stored',
            sessionId: ref.sessionId,
            error: String(err),
          }),
        );
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------

/** Result of "Parse and validate request". */
export interface ResolveResult extends RunRef {
  status: 'ok' | 'failed';
  cities: { cityId: string; runId: string }[];
  days: number;
  failure: SessionFailure | null;
}

/** Parse and validate request: validates the TripRequest, resolves cities, dates, party and budget. */
export async function resolveRequestTask(input: PlanTripInput, ctx: TaskContext): Promise<ResolveResult> {
  const ref: RunRef = {
    runId: input.runId,
    sessionId: input.sessionId ?? null,
    userId: input.userId ?? null,
  };
  const failed = async (failure: PlanFailure): Promise<ResolveResult> => {
    await ctx.store.put(ref.runId, PART.failure, failure);
    return {
      ...ref,
      status: 'failed',
      cities: [],
      days: 0,
      failure: { code: failure.code, message: failure.message, messageZh: failure.messageZh },
    };
  };
  const parsed = TripRequest.safeParse(input.request);
  if (!parsed.success) {
    const text = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    return failed({
      code: 'INVALID_REQUEST',
      message: text.join('; '),
      messageZh: '请求内容有误：' + text.join('；'),
    });
  }
  const at = now(ctx);
  try {
    const r = await withLog(ctx, ref, (log) =>
      resolveTrip(parsed.data, plannerDeps(ctx, ref), at.toISOString().slice(0, 10), log),
    );
    const stays = staysFor(r.cities, r.startDate, r.days);
    const stored: StoredResolved = { resolved: r, stays, nowIso: at.toISOString() };
    await ctx.store.put(ref.runId, PART.resolved, stored);
    return {
      ...ref,
      status: 'ok',
      cities: r.cities.map((c) => ({ cityId: c.id, runId: ref.runId })),
      days: r.days,
      failure: null,
    };
  } catch (err) {
    if (err instanceof PlanningFailure) return failed(err.failure);
    throw err;
  }
}

/** Search flights: flights and ground options for every leg. */
export async function searchFlightsTask(ref: RunRef, ctx: TaskContext) {
  const s = await need<StoredResolved>(ctx, ref.runId, PART.resolved);
  const legs = await withLog(ctx, ref, (log) =>
    gatherFlights(plannerDeps(ctx, ref), s.resolved, s.stays, log),
  );
  await ctx.store.put(ref.runId, PART.legs, legs);
  await progress(ctx, ref, 'flight_search', 100, flightSearchSummary(legs));
  return { legs: legs.length, flightOptions: legs.reduce((n, l) => n + l.flights.length, 0) };
}

/** Search hotels: eligible stays per city, ranked near the city's top places. */
export async function searchHotelsTask(ref: RunRef, ctx: TaskContext) {
  const s = await need<StoredResolved>(ctx, ref.runId, PART.resolved);
  const deps = plannerDeps(ctx, ref);
  const attractions = new Map<string, Attraction[]>();
  for (const stay of s.stays) {
    if (stay.nights > 0) attractions.set(stay.city.id, (await gatherPlaces(deps, stay.city)).attractions);
  }
  const hotels = await withLog(ctx, ref, (log) => gatherHotels(deps, s.resolved, s.stays, attractions, log));
  await ctx.store.put(ref.runId, PART.hotels, [...hotels.entries()]);
  await progress(ctx, ref, 'hotel_search', 100, hotelSearchSummary(hotels.values()));
  return { cities: hotels.size, eligible: [...hotels.values()].reduce((n, h) => n + h.candidates.length, 0) };
}

/** Fetch weather: the forecast for every day. */
export async function fetchWeatherTask(ref: RunRef, ctx: TaskContext) {
  const s = await need<StoredResolved>(ctx, ref.runId, PART.resolved);
  const weather = await withLog(ctx, ref, (log) =>
    gatherWeather(plannerDeps(ctx, ref), s.resolved, s.stays, log),
  );
  await ctx.store.put(ref.runId, PART.weather, [...weather.entries()]);
  return { daysWithWeather: [...weather.values()].filter((w) => w).length };
}

/** Gather local tips: the local guide's tips per city. */
export async function gatherTipsTask(ref: RunRef, ctx: TaskContext) {
  const s = await need<StoredResolved>(ctx, ref.runId, PART.resolved);
  const tips = await withLog(ctx, ref, (log) => gatherTips(plannerDeps(ctx, ref), s.resolved, s.stays, log));
  await ctx.store.put(ref.runId, PART.tips, [...tips.entries()]);
  return { tips: [...tips.values()].reduce((n, t) => n + t.length, 0) };
}

/** Gather places of one city (a Map iteration): the itinerary's places and restaurants. */
export async function gatherCityPlacesTask(input: { runId: string; cityId: string }, ctx: TaskContext) {
  const s = await need<StoredResolved>(ctx, input.runId, PART.resolved);
  const stay = s.stays.find((x) => x.city.id === input.cityId);
  if (!stay) throw new Error(`run ${input.runId}: no stay in ${input.cityId}`);
  const places: StoredPlaces = await gatherPlaces(ctx.deps as PlannerDeps, stay.city);
  await ctx.store.put(input.runId, PART.places(input.cityId), places);
  return {
    cityId: input.cityId,
    attractions: places.attractions.length,
    restaurants: places.restaurants.length,
  };
}

/** Which optional inputs were lost (their branch failed and was caught). */
export interface MissingParts {
  weather?: boolean;
  tips?: boolean;
}

async function loadGathered(ctx: TaskContext, runId: string, missing: MissingParts) {
  const s = await need<StoredResolved>(ctx, runId, PART.resolved);
  const r = s.resolved;
  const attractions = new Map<string, Attraction[]>();
  const restaurants = new Map<string, Restaurant[]>();
  for (const stay of s.stays) {
    const p = await need<StoredPlaces>(ctx, runId, PART.places(stay.city.id));
    attractions.set(stay.city.id, p.attractions);
    restaurants.set(stay.city.id, p.restaurants);
  }
  const weather = missing.weather ? null : await ctx.store.get<Entries<unknown>>(runId, PART.weather);
  const tips = missing.tips ? null : await ctx.store.get<Entries<unknown>>(runId, PART.tips);
  const gathered: Gathered = {
    stays: s.stays,
    legs: await need<Leg[]>(ctx, runId, PART.legs),
    attractions,
    restaurants,
    hotels: new Map(await need<Entries<never>>(ctx, runId, PART.hotels)),
    weather: new Map((weather ?? []) as Entries<never>),
    tips: new Map((tips ?? []) as Entries<never>),
  };
  const extra: PlanWarning[] = [];
  if (!weather) {
    extra.push({
      code: 'WEATHER_UNAVAILABLE',
      message: 'The weather forecast could not be retrieved; days have no forecast.',
      messageZh: '暂时无法获取天气预报，各天未附天气。',
    });
  }
  if (!tips) {
    extra.push({
      code: 'TIPS_UNAVAILABLE',
      message: 'Local tips could not be retrieved.',
      messageZh: '暂时无法获取当地贴士。',
    });
  }
  r.warnings.push(...extra);
  addDataWarnings(r, gathered);
  return { s, r, gathered };
}

/** Result of "Build plan at budget level". */
export interface BuildResult {
  level: number;
  levelName: string;
  total: number;
  budget: number | null;
  withinBudget: boolean;
  /** Whether a cheaper level is left to try. */
  hasCheaperLevel: boolean;
}

/** Build plan at budget level: transport, stays and itinerary at one level of BUDGET_LEVELS. */
export async function buildPlanTask(
  input: RunRef & { level: number; missing?: MissingParts },
  ctx: TaskContext,
): Promise<BuildResult> {
  const level = BUDGET_LEVELS[input.level];
  if (!level) throw new Error(`no budget level ${input.level}`);
  const { s, r, gathered } = await loadGathered(ctx, input.runId, input.missing ?? {});
  const built = build(plannerDeps(ctx, input), r, gathered, level, s.nowIso);
  const total = costPlan(built.plan).total;
  await ctx.store.put(input.runId, PART.plan(input.level), built.plan);
  // The coordinator's decision (budget-loop.ts): fits, last step, which level is kept.
  const before = await ctx.store.get<LevelTotal>(input.runId, PART.cheapest);
  const step = budgetStep(
    r.budget,
    { level: input.level, total, ...(level.dormsForParty ? { onlyIfFits: true } : {}) },
    before,
  );
  if (step.cheapest !== before) await ctx.store.put(input.runId, PART.cheapest, step.cheapest);
  // The itinerary is rebuilt per budget level: its agent_status goes out once, with the plan kept.
  const kept = step.kept;
  const keptPlan =
    kept && kept.level !== input.level
      ? await need<TravelPlan>(ctx, input.runId, PART.plan(kept.level))
      : built.plan;
  await progress(ctx, input, 'itinerary_planning', 100, kept ? itinerarySummary(keptPlan) : undefined);
  if (kept) {
    await progress(
      ctx,
      input,
      'budget_optimization',
      100,
      budgetSummary({
        total: kept.total,
        budget: r.budget,
        currency: r.currency,
        level: BUDGET_LEVELS[kept.level]!.name,
      }),
    );
  }
  return {
    level: input.level,
    levelName: level.name,
    total,
    budget: r.budget,
    withinBudget: step.withinBudget,
    hasCheaperLevel: input.level + 1 < BUDGET_LEVELS.length,
  };
}

/** Use the cheapest plan: when no level fits the budget, the cheapest built plan is kept. */
export async function cheapestLevelTask(
  ref: RunRef,
  ctx: TaskContext,
): Promise<{ level: number; total: number }> {
  return need(ctx, ref.runId, PART.cheapest);
}

/** Verify plan: the verifier's checks; what fails becomes a warning of the plan. */
export async function verifyPlanTask(
  input: RunRef & { level: number; missing?: MissingParts },
  ctx: TaskContext,
) {
  const { r, gathered } = await loadGathered(ctx, input.runId, input.missing ?? {});
  const plan = await need<TravelPlan>(ctx, input.runId, PART.plan(input.level));
  const violations = await withLog(ctx, input, (log) =>
    verifyBuilt(plannerDeps(ctx, input), r, registryOf(gathered), plan, log),
  );
  const finalPlan = finalizePlan(plan, violations);
  await ctx.store.put(input.runId, PART.final, finalPlan);
  await progress(ctx, input, 'verification', 100);
  return { violations: violations.map((v) => v.code), warnings: finalPlan.warnings.length };
}

/**
 * Whether the run's session was cancelled. Checked before a plan is stored, so a run that goes
 * on after its session was cancelled (StopExecution does not interrupt a running task) stores none.
 */
async function sessionCancelled(ctx: TaskContext, ref: RunRef): Promise<boolean> {
  if (!ctx.sessions || !ref.sessionId || !ref.userId) return false;
  return (await ctx.sessions.get(ref.userId, ref.sessionId))?.status === 'cancelled';
}

async function cancelledRun(ctx: TaskContext, ref: RunRef): Promise<RunResult> {
  const result: RunResult = { status: 'cancelled', planId: null, warnings: [], failure: null };
  await ctx.store.put(ref.runId, PART.result, result);
  return result;
}

async function savePlan(ctx: TaskContext, ref: RunRef, plan: TravelPlan): Promise<string> {
  const owned = { ...plan, userId: ref.userId ?? plan.userId, status: 'planning' as const };
  if (ctx.plans) await ctx.plans.create(owned);
  await ctx.store.put(ref.runId, `plan-by-id#${owned.id}`, owned);
  return owned.id;
}

/** Compose plan: stores the verified plan where the API reads plans. */
export async function composePlanTask(ref: RunRef, ctx: TaskContext): Promise<RunResult> {
  if (await sessionCancelled(ctx, ref)) return cancelledRun(ctx, ref);
  const plan = await need<TravelPlan>(ctx, ref.runId, PART.final);
  const planId = await savePlan(ctx, ref, plan);
  const result: RunResult = {
    status: 'completed',
    planId,
    warnings: plan.warnings.map((w) => w.code),
    failure: null,
  };
  await ctx.store.put(ref.runId, PART.result, result);
  return result;
}

/**
 * Record partial plan: a task failed for good (after its retries). Keeps the best plan built so
 * far (verified if it got that far), with a warning naming what failed; with none, the run fails.
 */
export async function recordPartialTask(
  input: RunRef & { error?: { Error?: string; Cause?: string } | null },
  ctx: TaskContext,
): Promise<RunResult> {
  if (await sessionCancelled(ctx, input)) return cancelledRun(ctx, input);
  const incomplete = incompleteFailure(input.error?.Error ?? 'Unknown');
  const warning: PlanWarning = { ...incomplete };
  let plan = await ctx.store.get<TravelPlan>(input.runId, PART.final);
  if (!plan) {
    const cheapest = await ctx.store.get<{ level: number }>(input.runId, PART.cheapest);
    if (cheapest) plan = await ctx.store.get<TravelPlan>(input.runId, PART.plan(cheapest.level));
  }
  let result: RunResult;
  if (plan) {
    plan.warnings.push(warning);
    const planId = await savePlan(ctx, input, plan);
    result = { status: 'partial', planId, warnings: plan.warnings.map((w) => w.code), failure: null };
  } else {
    result = { status: 'failed', planId: null, warnings: [warning.code], failure: incomplete };
  }
  await ctx.store.put(input.runId, PART.result, result);
  return result;
}
