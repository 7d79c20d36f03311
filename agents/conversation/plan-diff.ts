/**
 * A machine-readable diff of two versions of a plan: items added, removed and changed (activities,
 * stays, flights, keyed by what identifies them across versions: a place by its provider id, a stay
 * by its city and check-in, a flight by number and date), and the cost before and after.
 */
import { costPlan } from '../planning/budget-agent.js';
import type { ItineraryActivity, TravelPlan } from '../schemas/travel-plan.js';

export type DiffKind = 'activity' | 'accommodation' | 'flight';

/** One item of a diff. */
export interface DiffItem {
  kind: DiffKind;
  /** The item's id in the version it is in (the new one for changes). */
  id: string;
  name: string;
  /** Day of an activity. */
  day?: number | undefined;
}

export interface DiffChange extends DiffItem {
  /** Fields that differ (`start_time`, `day`, `price_per_night`, ...: wire names). */
  fields: string[];
  /** Day before, when the activity moved. */
  fromDay?: number | undefined;
}

/** What changed between two plan versions. */
export interface PlanDiff {
  fromVersion: number;
  toVersion: number;
  added: DiffItem[];
  removed: DiffItem[];
  changed: DiffChange[];
  /** Days whose content differs. */
  daysChanged: number[];
  budget: { before: number; after: number; delta: number; currency: string; budget: number };
  startDate: { before: string; after: string };
  days: { before: number; after: number };
}

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function fieldsDiffering(a: object, b: object, ignore: readonly string[]): string[] {
  const out: string[] = [];
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
    if (ignore.includes(k)) continue;
    if (JSON.stringify(ra[k] ?? null) !== JSON.stringify(rb[k] ?? null)) out.push(snake(k));
  }
  return out;
}

function activities(plan: TravelPlan): Map<string, { a: ItineraryActivity; day: number }> {
  const out = new Map<string, { a: ItineraryActivity; day: number }>();
  for (const d of plan.itinerary)
    for (const a of d.activities) {
      let key = a.placeId ?? `${a.type}:${a.name}`;
      while (out.has(key)) key += '+';
      out.set(key, { a, day: d.dayNumber });
    }
  return out;
}

/** The diff from `before` to `after`. */
export function diffPlans(before: TravelPlan, after: TravelPlan): PlanDiff {
  const added: DiffItem[] = [];
  const removed: DiffItem[] = [];
  const changed: DiffChange[] = [];
  const days = new Set<number>();

  const A = activities(before);
  const B = activities(after);
  for (const [k, { a, day }] of A) {
    const next = B.get(k);
    if (!next) {
      removed.push({ kind: 'activity', id: a.id, name: a.name, day });
      days.add(day);
      continue;
    }
    const fields = fieldsDiffering(a, next.a, ['id']);
    if (next.day !== day) fields.push('day');
    if (fields.length > 0) {
      changed.push({
        kind: 'activity',
        id: next.a.id,
        name: next.a.name,
        day: next.day,
        fields,
        ...(next.day !== day ? { fromDay: day } : {}),
      });
      days.add(day).add(next.day);
    }
  }
  for (const [k, { a, day }] of B) {
    if (!A.has(k)) {
      added.push({ kind: 'activity', id: a.id, name: a.name, day });
      days.add(day);
    }
  }

  const stayKey = (s: TravelPlan['accommodations'][number]) => `${s.city ?? ''}|${s.checkInDate}`;
  const SA = new Map(before.accommodations.map((s) => [stayKey(s), s]));
  const SB = new Map(after.accommodations.map((s) => [stayKey(s), s]));
  for (const [k, s] of SA) {
    const n = SB.get(k);
    if (!n) removed.push({ kind: 'accommodation', id: s.id, name: s.name });
    else {
      const fields = fieldsDiffering(s, n, ['id']);
      if (fields.length > 0) changed.push({ kind: 'accommodation', id: n.id, name: n.name, fields });
    }
  }
  for (const [k, s] of SB) if (!SA.has(k)) added.push({ kind: 'accommodation', id: s.id, name: s.name });

  const flightKey = (f: TravelPlan['flights'][number]) => `${f.flightNumber}|${f.departureTime.slice(0, 10)}`;
  const FA = new Map(before.flights.map((f) => [flightKey(f), f]));
  const FB = new Map(after.flights.map((f) => [flightKey(f), f]));
  for (const [k, f] of FA) {
    const n = FB.get(k);
    if (!n) removed.push({ kind: 'flight', id: f.id, name: f.flightNumber });
    else {
      const fields = fieldsDiffering(f, n, ['id']);
      if (fields.length > 0) changed.push({ kind: 'flight', id: n.id, name: n.flightNumber, fields });
    }
  }
  for (const [k, f] of FB) if (!FA.has(k)) added.push({ kind: 'flight', id: f.id, name: f.flightNumber });

  const costBefore = costPlan(before).total;
  const costAfter = costPlan(after).total;
  return {
    fromVersion: before.version,
    toVersion: after.version,
    added,
    removed,
    changed,
    daysChanged: [...days].sort((x, y) => x - y),
    budget: {
      before: costBefore,
      after: costAfter,
      delta: Math.round((costAfter - costBefore) * 100) / 100,
      currency: after.currency,
      budget: after.totalBudget,
    },
    startDate: { before: before.startDate, after: after.startDate },
    days: { before: before.itinerary.length, after: after.itinerary.length },
  };
}

/** The diff in wire form (snake_case keys), for tool results, frames and message metadata. */
export function diffToWire(d: PlanDiff): Record<string, unknown> {
  const item = (i: DiffItem | DiffChange) => ({
    kind: i.kind,
    id: i.id,
    name: i.name,
    ...(i.day !== undefined ? { day: i.day } : {}),
    ...('fields' in i ? { fields: i.fields } : {}),
    ...('fromDay' in i && i.fromDay !== undefined ? { from_day: i.fromDay } : {}),
  });
  return {
    from_version: d.fromVersion,
    to_version: d.toVersion,
    added: d.added.map(item),
    removed: d.removed.map(item),
    changed: d.changed.map(item),
    days_changed: d.daysChanged,
    budget: {
      before: d.budget.before,
      after: d.budget.after,
      delta: d.budget.delta,
      currency: d.budget.currency,
      budget: d.budget.budget,
    },
    start_date: d.startDate,
    days: d.days,
  };
}
