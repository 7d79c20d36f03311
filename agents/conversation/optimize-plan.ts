/**
 * `PUT /v1/travel-plans/{id}/optimize` on a plan that already has days and stays: the optimisation
 * is a short sequence of the same typed {@link EditOp}s the chat applies ({@link editPlan}), each
 * kept only when it does what the optimisation is for, then one diff and a one-or-two-sentence
 * summary of what changed (zh and en).
 *
 * - `budget`: a cheaper intercity mode when one saves money (the planner re-plans for it), then a
 *   cheaper stay that still fits the party, the nights, the house rules and the kind of stay asked
 *   for (a "hotel" is never swapped for dorm beds).
 * - `comfort`: a better stay, then the busiest day made lighter.
 * - `time`: flights between cities when the plan travels overland, kept when the trip gets shorter
 *   on the road.
 * - `transportPreference` asks for a mode outright; `mustInclude` adds places; `maxBudget` sets the
 *   cap the edits are checked against.
 * Pure apart from {@link EditPlanDeps} (providers, planner, clock).
 */
import { costPlan } from '../planning/budget-agent.js';
import type { TravelPlan } from '../schemas/travel-plan.js';
import type { IntercityMode, TripRequest } from '../schemas/trip-request.js';
import { editPlan, type EditPlanDeps, type EditResult } from './apply-edit.js';
import type { EditOp } from './edit-ops.js';
import { diffPlans, type PlanDiff } from './plan-diff.js';

type Text = { zh: string; en: string };
export type StayKind = 'hotel' | 'apartment' | 'hostel' | 'resort' | 'guesthouse';

export interface OptimizeByEditsOptions {
  type: 'budget' | 'time' | 'comfort';
  /** Cap for the whole party, in the plan currency. */
  maxBudget?: number | null | undefined;
  mustInclude?: readonly string[] | undefined;
  accommodationType?: StayKind | null | undefined;
  /** A mode the traveller asks for between cities. */
  mode?: IntercityMode | null | undefined;
}

export interface OptimizeStep {
  op: EditOp;
  status: 'applied' | 'skipped' | 'rejected';
  /** What it did, or why it was not kept. */
  text: Text;
}

export interface OptimizeByEditsResult {
  plan: TravelPlan;
  request: TripRequest;
  diff: PlanDiff;
  summary: Text;
  steps: OptimizeStep[];
  costBefore: number;
  costAfter: number;
}

const money = (n: number, c: string) => `${Math.round(n).toLocaleString('en-US')} ${c}`;

/** Modes of the plan's journeys between cities (and to and from home). */
export function intercityModes(plan: TravelPlan): Set<string> {
  const out = new Set<string>();
  if (plan.flights.length > 0) out.add('flight');
  for (const d of plan.itinerary)
    for (const a of d.activities)
      if (a.type === 'transportation' && a.travelLeg) {
        const m = a.travelLeg.mode;
        if (m === 'flight' || m === 'train' || m === 'bus' || m === 'self_driving') out.add(m);
      }
  return out;
}

function roadMinutes(plan: TravelPlan): number {
  let min = 0;
  for (const d of plan.itinerary)
    for (const a of d.activities)
      if (a.type === 'transportation') min += a.travelLeg?.durationMinutes ?? a.duration;
  return min;
}

/**
 * Runs the optimisation's edits on `plan` (see the module comment). `deps.request` is the request
 * the plan answers; the kind of stay and the cap of the options are applied to it first.
 */
export async function optimizeByEdits(
  plan: TravelPlan,
  opts: OptimizeByEditsOptions,
  deps: EditPlanDeps,
): Promise<OptimizeByEditsResult> {
  let request: TripRequest = structuredClone(deps.request);
  const kind = opts.accommodationType ?? null;
  if (kind === 'hostel') request.accommodation.roomType = 'shared_room';
  else if (kind === 'apartment') request.accommodation.roomType = 'entire_room';
  else if (kind) request.accommodation.roomType = 'not_shared_room';
  let current: TravelPlan = plan;
  if (opts.maxBudget != null) {
    request.budget = { amount: opts.maxBudget, currency: plan.currency, perPerson: false };
    current = { ...current, totalBudget: opts.maxBudget };
  }
  const steps: OptimizeStep[] = [];
  const summaries: Text[] = [];
  const cost = (p: TravelPlan) => costPlan(p).total;

  /** Applies one op; `keep` decides on the result. */
  const attempt = async (op: EditOp, keep: (before: TravelPlan, after: TravelPlan) => Text | null) => {
    let r: EditResult;
    try {
      r = await editPlan(current, op, { ...deps, request });
    } catch {
      steps.push({ op, status: 'rejected', text: { zh: '这一步没能完成', en: 'this step did not work' } });
      return;
    }
    if (r.status === 'rejected') {
      // A place asked for that the plan already holds is done, not refused.
      const done = r.constraint.code === 'ALREADY_PLANNED';
      steps.push({ op, status: done ? 'skipped' : 'rejected', text: r.constraint.text });
      return;
    }
    if (r.status !== 'applied') return;
    const why = keep(current, r.plan);
    if (why) {
      steps.push({ op, status: 'skipped', text: why });
      return;
    }
    current = r.plan;
    request = r.request;
    steps.push({ op, status: 'applied', text: r.summary });
    summaries.push(r.summary);
  };

  const modes = intercityModes(current);
  const cheaper = (before: TravelPlan, after: TravelPlan): Text | null =>
    cost(after) < cost(before) - 0.5
      ? null
      : {
          zh: `不会更省钱（${money(cost(before), plan.currency)} → ${money(cost(after), plan.currency)}）`,
          en: `it would not save money (${money(cost(before), plan.currency)} -> ${money(cost(after), plan.currency)})`,
        };
  const any = (): Text | null => null;

  if (opts.mode && !(modes.size === 1 && modes.has(opts.mode))) {
    await attempt({ op: 'change_intercity_mode', mode: opts.mode }, any);
  } else if (opts.type === 'budget' && modes.size > 0) {
    for (const mode of ['train', 'bus'] as const) {
      if (modes.size === 1 && modes.has(mode)) break;
      const before = steps.length;
      await attempt({ op: 'change_intercity_mode', mode }, cheaper);
      if (steps[before]?.status === 'applied') break;
    }
  } else if (opts.type === 'time' && modes.size > 0 && !(modes.size === 1 && modes.has('flight'))) {
    await attempt({ op: 'change_intercity_mode', mode: 'flight' }, (b, a) =>
      roadMinutes(a) < roadMinutes(b) ? null : { zh: '坐飞机并不会更快', en: 'flying would not be quicker' },
    );
  }

  if (current.accommodations.length > 0) {
    if (opts.type === 'budget') {
      const needsKind = kind !== null && current.accommodations.some((s) => s.type !== kind);
      await attempt({ op: 'replace_hotel', criterion: 'cheaper', kind }, needsKind ? any : cheaper);
    } else if (opts.type === 'comfort') {
      await attempt({ op: 'replace_hotel', criterion: 'better', kind }, any);
    } else if (kind && current.accommodations.some((s) => s.type !== kind)) {
      await attempt({ op: 'replace_hotel', criterion: 'cheaper', kind }, any);
    }
  }

  if (opts.type === 'comfort') {
    const busiest = [...current.itinerary]
      .map((d) => ({
        d,
        n: d.activities.filter((a) => a.type === 'sightseeing' || a.type === 'shopping').length,
      }))
      .sort((a, b) => b.n - a.n)[0];
    if (busiest && busiest.n >= 3)
      await attempt({ op: 'adjust_day', day: busiest.d.dayNumber, direction: 'lighter' }, any);
  }

  for (const place of opts.mustInclude ?? []) await attempt({ op: 'add_place', place, day: null }, any);

  const final: TravelPlan = { ...current, version: plan.version + 1 };
  const diff = diffPlans(plan, final);
  const costBefore = cost(plan);
  const costAfter = cost(final);
  return {
    plan: final,
    request,
    diff,
    summary: summaryOf(summaries, steps, costBefore, costAfter, plan.currency),
    steps,
    costBefore,
    costAfter,
  };
}

function summaryOf(
  applied: Text[],
  steps: OptimizeStep[],
  before: number,
  after: number,
  currency: string,
): Text {
  const total =
    Math.abs(after - before) < 1
      ? { zh: '总花费不变', en: 'the total is unchanged' }
      : after < before
        ? {
            zh: `总花费从${money(before, currency)}降到${money(after, currency)}，省${money(before - after, currency)}`,
            en: `the total drops from ${money(before, currency)} to ${money(after, currency)}, saving ${money(before - after, currency)}`,
          }
        : {
            zh: `总花费从${money(before, currency)}升到${money(after, currency)}`,
            en: `the total rises from ${money(before, currency)} to ${money(after, currency)}`,
          };
  if (applied.length === 0) {
    const why = steps.find((s) => s.status !== 'applied')?.text;
    return {
      zh: `没有找到更合适的改法${why ? `（${why.zh}）` : ''}，行程保持不变。`,
      en: `No better option was found${why ? ` (${why.en})` : ''}; the plan is unchanged.`,
    };
  }
  // The first sentence of each applied edit, then the overall total.
  const first = (t: string, re: RegExp) => (t.split(re)[0] ?? t).trim();
  return {
    zh: `${applied.map((s) => first(s.zh, /[，；。]/)).join('；')}。${total.zh}。`,
    en: `${applied.map((s) => first(s.en, /[;.](?:\s|$)/)).join('; ')}. Overall, ${total.en}.`,
  };
}
