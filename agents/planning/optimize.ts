/**
 * Plan optimisation as an edit operation (`PUT /v1/travel-plans/{id}/optimize`, and the chat
 * agent's "make it cheaper / more comfortable / faster"): adjusts the request a plan was made
 * from, re-plans through the ordinary planner, and says what changed.
 *
 * - `budget`: the new plan must cost less than the current one (the budget loop then keeps the
 *   most comfortable level that is cheaper); the stay's kind asked for is kept (a "hotel" is never
 *   swapped for dorm beds).
 * - `comfort`: upscale stays, a relaxed pace, direct flights.
 * - `time`: direct flights, fuller days.
 * {@link optimizedRequest} and {@link describeChanges} are pure; {@link optimizePlan} runs the planner.
 */
import type { TravelPlan } from '../schemas/travel-plan.js';
import { TripRequest, type TripRequestInput } from '../schemas/trip-request.js';
import { costPlan } from './budget-agent.js';
import { planTrip } from './coordinator.js';
import type { PlanFailure, PlannerDeps } from './types.js';

/** What the traveller asks the optimisation for. */
export interface OptimizeOptions {
  type: 'budget' | 'time' | 'comfort';
  /** A new cap for the whole party, in the plan currency. */
  maxBudget?: number | null | undefined;
  mustInclude?: string[] | undefined;
  accommodationType?: 'hotel' | 'apartment' | 'hostel' | 'resort' | 'guesthouse' | null | undefined;
}

/** A budget optimisation must save at least this share of the current cost to count. */
const BUDGET_STEP = 0.03;

/**
 * The request to re-plan from: `base` (the request the plan answers) with the optimisation's
 * changes. `currentCost` is the current plan's total in the budget currency.
 */
export function optimizedRequest(
  base: TripRequestInput,
  currentCost: number | null,
  opts: OptimizeOptions,
): TripRequestInput {
  const accommodation = { houseRules: [], amenities: [], ...(base.accommodation ?? {}) };
  const kind = opts.accommodationType;
  if (kind === 'hotel' || kind === 'resort' || kind === 'guesthouse')
    accommodation.roomType = 'not_shared_room';
  else if (kind === 'apartment') accommodation.roomType = 'entire_room';
  else if (kind === 'hostel') accommodation.roomType = 'shared_room';
  let budget = base.budget ?? null;
  const currency = base.budget?.currency ?? 'CNY';
  if (opts.maxBudget != null) budget = { amount: opts.maxBudget, currency, perPerson: false };
  const out: TripRequestInput = {
    ...base,
    mustVisit: [...(base.mustVisit ?? []), ...(opts.mustInclude ?? [])],
    accommodation,
  };
  if (opts.type === 'budget') {
    // Cheaper than now: the loop keeps the most comfortable level under this cap.
    if (currentCost !== null && currentCost > 0) {
      const cap = Math.floor(currentCost * (1 - BUDGET_STEP));
      budget = { amount: Math.min(budget?.amount ?? cap, cap), currency, perPerson: false };
    }
    // "Cheapest fitting" unless the traveller keeps a kind of stay.
    if (!kind && !accommodation.tier) accommodation.tier = 'budget';
    if (accommodation.tier === 'upscale' || accommodation.tier === 'luxury') accommodation.tier = 'mid_range';
    out.flight = { ...(base.flight ?? {}), maxLayovers: 1 };
  } else if (opts.type === 'comfort') {
    accommodation.tier = 'upscale';
    out.pace = 'relaxed';
    out.flight = { ...(base.flight ?? {}), maxLayovers: 0 };
  } else {
    out.pace = 'packed';
    out.flight = { ...(base.flight ?? {}), maxLayovers: 0 };
  }
  out.budget = budget;
  return out;
}

/** What changed between two plans, in both languages, and the saving (positive = cheaper). */
export function describeChanges(
  before: TravelPlan,
  after: TravelPlan,
): { en: string[]; zh: string[]; savings: number } {
  const en: string[] = [];
  const zh: string[] = [];
  const cur = after.currency;
  const money = (n: number) => `${Math.round(n).toLocaleString('en-US')} ${cur}`;
  const stays = (p: TravelPlan) => new Map(p.accommodations.map((a) => [a.city ?? a.name, a]));
  const b = stays(before);
  for (const [city, a] of stays(after)) {
    const old = b.get(city);
    if (old && old.name !== a.name) {
      en.push(
        `${city}: stay changed from ${old.name} (${money(old.pricePerNight)}/night) to ${a.name} (${money(a.pricePerNight)}/night).`,
      );
      zh.push(
        `${city}：住宿由${old.name}（每晚${money(old.pricePerNight)}）改为${a.name}（每晚${money(a.pricePerNight)}）。`,
      );
    }
  }
  const flights = (p: TravelPlan) =>
    p.flights.map((f) => `${f.flightNumber} ${f.departureTime.slice(0, 16)}`);
  const fb = flights(before).join(', ');
  const fa = flights(after).join(', ');
  if (fb !== fa) {
    en.push(`Flights: ${fb || 'none'} → ${fa || 'none'}.`);
    zh.push(`航班：${fb || '无'} → ${fa || '无'}。`);
  }
  const places = (p: TravelPlan) =>
    new Set(
      p.itinerary.flatMap((d) =>
        d.activities.filter((a) => a.type === 'sightseeing' || a.type === 'shopping').map((a) => a.name),
      ),
    );
  const pb = places(before);
  const pa = places(after);
  const added = [...pa].filter((x) => !pb.has(x));
  const removed = [...pb].filter((x) => !pa.has(x));
  if (added.length > 0) {
    en.push(`Added: ${added.join(', ')}.`);
    zh.push(`新增：${added.join('、')}。`);
  }
  if (removed.length > 0) {
    en.push(`Removed: ${removed.join(', ')}.`);
    zh.push(`移除：${removed.join('、')}。`);
  }
  const was = costPlan(before).total;
  const now = costPlan(after).total;
  const savings = Math.round((was - now) * 100) / 100;
  en.push(
    savings >= 0
      ? `Total ${money(was)} → ${money(now)} (saves ${money(savings)}).`
      : `Total ${money(was)} → ${money(now)} (${money(-savings)} more).`,
  );
  zh.push(
    savings >= 0
      ? `总价 ${money(was)} → ${money(now)}（节省 ${money(savings)}）。`
      : `总价 ${money(was)} → ${money(now)}（增加 ${money(-savings)}）。`,
  );
  if (en.length === 1) {
    en.unshift('No cheaper or better choice was found; the plan is unchanged in substance.');
    zh.unshift('没有找到更便宜或更好的选择，计划基本不变。');
  }
  return { en, zh, savings };
}

/** Re-plans `plan` (made from `base`) for the optimisation and says what changed. */
export async function optimizePlan(
  plan: TravelPlan,
  base: TripRequestInput,
  opts: OptimizeOptions,
  deps: PlannerDeps,
): Promise<
  | { plan: TravelPlan; changes: { en: string[]; zh: string[] }; savings: number; failure: null }
  | { plan: null; changes: null; savings: 0; failure: PlanFailure }
> {
  const request = TripRequest.parse(optimizedRequest(base, costPlan(plan).total, opts));
  const outcome = await planTrip(request, deps);
  if (!outcome.plan) return { plan: null, changes: null, savings: 0, failure: outcome.failure! };
  const { en, zh, savings } = describeChanges(plan, outcome.plan);
  return { plan: outcome.plan, changes: { en, zh }, savings, failure: null };
}
