/**
 * Itinerary agent: picks places and schedules each day as a time-windowed routing problem.
 *
 * Heuristic (and why): the instances are small (2-6 stops a day, a few days a city), windows are
 * wide but real (opening hours by weekday, meal windows, the day's start and end, arrival and
 * departure times), and the planner re-runs inside the budget loop, so it must finish in
 * milliseconds. We use a classic construction + improvement scheme rather than an exact solver:
 *  1. Selection: score places by popularity, interest match and must-visit; drop must-avoid.
 *  2. Clustering: assign places to days by cheapest insertion into the day whose places are
 *     nearest (capacity by pace and by the hours available that day; indoor places preferred on
 *     rainy days), then improve with pairwise swaps between days while the total spread shrinks.
 *  3. Routing: order each day by nearest neighbour from the hotel, improved by 2-opt on travel time.
 *  4. Timing: simulate the day with real legs (walk / transit / taxi from the local transit
 *     provider), waits for opening, visit lengths and meal windows; a place that cannot fit its
 *     hours is removed and re-inserted into another day where it fits (cheapest feasible
 *     insertion), else replaced by the next-best candidate.
 * A greedy walk down a list would ignore geography and hours; an exact VRPTW solver would cost far
 * more time than the gain on instances this small.
 */
import type { Attraction, CityInfo, LocalLeg, LocalTransitProvider, Restaurant } from '../ports/providers.js';
import type { Coordinates } from '../schemas/common.js';
import type { MealType } from '../schemas/travel-plan.js';
import type { Pace, TripRequest } from '../schemas/trip-request.js';
import { centroid, haversineKm } from './geo.js';
import { intervalsOn } from './opening-hours.js';

/** A span of one day spent in one city. */
export interface DaySlot {
  dayNumber: number;
  date: string;
  city: CityInfo;
  /** Minutes after midnight. */
  start: number;
  end: number;
  startPoint?: Coordinates | undefined;
  endPoint?: Coordinates | undefined;
  /** Meals that fall in this slot. */
  meals: MealType[];
  rainy: boolean;
  /** True when the whole day is spent here (no intercity travel). */
  fullDay: boolean;
}

export interface ScheduledVisit {
  kind: 'visit';
  attraction: Attraction;
  start: number;
  end: number;
  leg: LocalLeg | null;
  /** Hours were unknown and assumed. */
  assumedHours: boolean;
  assumedDuration: boolean;
}

export interface ScheduledMeal {
  kind: 'meal';
  meal: MealType;
  restaurant: Restaurant;
  start: number;
  end: number;
  leg: LocalLeg | null;
  assumedHours: boolean;
}

export type ScheduledItem = ScheduledVisit | ScheduledMeal;

export interface SlotSchedule {
  slot: DaySlot;
  items: ScheduledItem[];
  /** Meals of the slot that could not be placed, and why. */
  missedMeals: { meal: MealType; reason: string }[];
}

export type RestaurantStrategy = 'quality' | 'value' | 'cheapest';

export interface ItineraryOptions {
  restaurantStrategy: RestaurantStrategy;
  /** Prefer free places (budget loop). */
  preferFree: boolean;
}

export interface CityItineraryInput {
  city: CityInfo;
  slots: DaySlot[];
  attractions: Attraction[];
  restaurants: Restaurant[];
  request: TripRequest;
  local: LocalTransitProvider;
  /** Shared across cities: no place or restaurant twice in a trip. */
  usedAttractions: Set<string>;
  usedRestaurants: Set<string>;
  /** Requested cuisines not yet eaten (lower case); updated as meals are chosen. */
  cuisinesToCover: Set<string>;
  options: ItineraryOptions;
}

/**
 * Meal windows (minutes after midnight): a meal may start between `from` and `to`; the day is
 * arranged so it starts by `preferredBy` when it can (late starts are for late arrivals).
 */
export const MEAL_WINDOWS: Record<
  MealType,
  { from: number; to: number; preferredBy: number; minutes: number }
> = {
  breakfast: { from: 7 * 60, to: 10 * 60, preferredBy: 9 * 60, minutes: 40 },
  lunch: { from: 11 * 60 + 30, to: 14 * 60, preferredBy: 13 * 60, minutes: 60 },
  dinner: { from: 17 * 60 + 30, to: 21 * 60 + 30, preferredBy: 19 * 60, minutes: 75 },
};

/** The day's usable hours by pace. */
export const PACE_DAY: Record<
  Pace,
  { start: number; end: number; visitsPerDay: number; visitFactor: number }
> = {
  relaxed: { start: 9 * 60 + 30, end: 20 * 60 + 30, visitsPerDay: 2, visitFactor: 1.15 },
  moderate: { start: 8 * 60 + 30, end: 21 * 60, visitsPerDay: 3, visitFactor: 1 },
  packed: { start: 8 * 60, end: 21 * 60 + 30, visitsPerDay: 5, visitFactor: 0.85 },
};

/** Assumed when a provider does not know a place's hours (marked as an estimate in the plan). */
const ASSUMED_DAY_HOURS: [number, number][] = [[9 * 60, 18 * 60]];
const ASSUMED_MEAL_HOURS: [number, number][] = [[7 * 60, 22 * 60]];
const DEFAULT_VISIT_MINUTES = 90;
const MAX_WAIT_MINUTES = 60;

/** Meals whose window fits a slot (a meal may start up to 30 minutes before its window closes). */
export function mealsInWindow(start: number, end: number): MealType[] {
  return (Object.keys(MEAL_WINDOWS) as MealType[]).filter((m) => {
    const w = MEAL_WINDOWS[m];
    return start <= w.to - 30 && end >= Math.max(start, w.from) + w.minutes;
  });
}

function norm(s: string): string {
  return s.toLowerCase().replace(/[\s'’·・\-_.()（）]/g, '');
}

/** True when a place matches any of the user's names for it (either language, substring either way). */
export function matchesAnyName(
  a: { name: string; nameZh?: string | undefined; nameEn?: string | undefined },
  wanted: string[],
): boolean {
  const names = [a.name, a.nameZh, a.nameEn].filter((n): n is string => !!n).map(norm);
  return wanted.some((w) => {
    const x = norm(w);
    return (
      x.length > 0 &&
      names.some((n) => n === x || (x.length >= 2 && (n.includes(x) || (x.includes(n) && n.length >= 2))))
    );
  });
}

function interestScore(a: Attraction, interests: string[]): number {
  if (interests.length === 0) return 0;
  const words = new Set([a.category, ...a.tags].map((t) => t.toLowerCase()));
  return interests.filter((i) => words.has(i.toLowerCase())).length / interests.length;
}

/** Visit length used for planning. */
function visitMinutes(a: Attraction, pace: Pace): number {
  return Math.round((a.visitMinutes ?? DEFAULT_VISIT_MINUTES) * PACE_DAY[pace].visitFactor);
}

/**
 * The leg between two points: walk when it takes at most 20 minutes, else public transit unless a
 * taxi saves more than 20 minutes, else taxi.
 */
export function chooseLocalLeg(options: LocalLeg[]): LocalLeg | null {
  const walk = options.find((o) => o.mode === 'walk');
  if (walk && walk.durationMinutes <= 20) return walk;
  const transit = options.find((o) => o.mode === 'transit');
  const taxi = options.find((o) => o.mode === 'taxi');
  if (transit && (!taxi || transit.durationMinutes <= taxi.durationMinutes + 20)) return transit;
  return taxi ?? transit ?? walk ?? options[0] ?? null;
}

function legBetween(
  local: LocalTransitProvider,
  city: CityInfo,
  from: Coordinates | undefined,
  to: Coordinates | undefined,
): LocalLeg | null {
  return chooseLocalLeg(local.legs(city, from, to));
}

/** Restaurant ranking for one meal near a position. Lower is better. */
function restaurantScore(
  r: Restaurant,
  pos: Coordinates | undefined,
  strategy: RestaurantStrategy,
  cheapest: number,
  priciest: number,
): number {
  const span = priciest - cheapest || 1;
  const price = (r.averageCost - cheapest) / span;
  const quality = 1 - (r.rating ?? 3.5) / 5;
  const distance = pos && r.coordinates ? Math.min(1, haversineKm(pos, r.coordinates) / 5) : 0.3;
  if (strategy === 'cheapest') return price * 10 + distance * 0.2;
  if (strategy === 'value') return 0.5 * price + 0.3 * quality + 0.2 * distance;
  return 0.2 * price + 0.5 * quality + 0.3 * distance;
}

function servesMeal(r: Restaurant, meal: MealType): boolean {
  return !r.meals || r.meals.includes(meal);
}

/** Earliest start >= t with [start, start + duration] inside an interval; null when none within `maxWait`. */
function fitInHours(
  intervals: [number, number][],
  t: number,
  duration: number,
  maxWait: number,
): number | null {
  for (const [o, c] of [...intervals].sort((a, b) => a[0] - b[0])) {
    const start = Math.max(t, o);
    if (start - t > maxWait) continue;
    if (start + duration <= c) return start;
  }
  return null;
}

interface SimResult {
  items: ScheduledItem[];
  missedMeals: { meal: MealType; reason: string }[];
  /** Attractions that could not be fitted. */
  dropped: Attraction[];
  travelMinutes: number;
}

/**
 * Simulates one slot: visits in the given order, meals inserted when their window comes up,
 * restaurants chosen on the way. Does not mutate shared sets; returns chosen restaurants in items.
 */
function simulate(
  input: CityItineraryInput,
  slot: DaySlot,
  order: Attraction[],
  reservedRestaurants: Set<string>,
  cuisinesToCover: Set<string>,
): SimResult {
  const { request, local, city } = input;
  const pace = request.pace;
  const items: ScheduledItem[] = [];
  const missedMeals: { meal: MealType; reason: string }[] = [];
  const dropped: Attraction[] = [];
  let t = slot.start;
  let pos = slot.startPoint ?? city.coordinates;
  let travel = 0;
  const mealsLeft = [...slot.meals];
  const costs = input.restaurants.map((r) => r.averageCost);
  const cheapest = Math.min(...costs, Infinity);
  const priciest = Math.max(...costs, 0);

  const pickRestaurant = (
    meal: MealType,
    at: Coordinates | undefined,
    skip: Set<string>,
  ): Restaurant | null => {
    const open = input.restaurants.filter(
      (r) =>
        !skip.has(r.id) &&
        !reservedRestaurants.has(r.id) &&
        !input.usedRestaurants.has(r.id) &&
        servesMeal(r, meal),
    );
    if (open.length === 0) return null;
    const wanted = open.filter((r) => r.cuisines.some((c) => cuisinesToCover.has(c.toLowerCase())));
    const pool = wanted.length > 0 ? wanted : open;
    let best: Restaurant | null = null;
    let bestScore = Infinity;
    for (const r of pool) {
      const s = restaurantScore(r, at, input.options.restaurantStrategy, cheapest, priciest);
      if (s < bestScore || (s === bestScore && best && r.id < best.id)) {
        best = r;
        bestScore = s;
      }
    }
    return best;
  };

  /** Places a meal at the best restaurant whose hours fit (trying a few); false when none fits. */
  const tryMeal = (meal: MealType): boolean => {
    const w = MEAL_WINDOWS[meal];
    const skip = new Set<string>();
    for (let attempt = 0; attempt < 8; attempt++) {
      const r = pickRestaurant(meal, pos, skip);
      if (!r) return false;
      skip.add(r.id);
      const leg = legBetween(local, city, pos, r.coordinates);
      const arrive = t + (leg?.durationMinutes ?? 0);
      const intervals = intervalsOn(r.hours, slot.date) ?? ASSUMED_MEAL_HOURS;
      const windowStart = Math.max(arrive, w.from);
      const start = fitInHours(intervals, windowStart, w.minutes, Math.max(0, w.to - windowStart));
      if (start === null || start + w.minutes > slot.end) continue;
      items.push({
        kind: 'meal',
        meal,
        restaurant: r,
        start,
        end: start + w.minutes,
        leg,
        assumedHours: r.hours === null,
      });
      reservedRestaurants.add(r.id);
      for (const c of r.cuisines) cuisinesToCover.delete(c.toLowerCase());
      travel += leg?.durationMinutes ?? 0;
      t = start + w.minutes;
      pos = r.coordinates ?? pos;
      return true;
    }
    return false;
  };

  const mealDue = (meal: MealType, nextEnd: number) => {
    const w = MEAL_WINDOWS[meal];
    // Due when the next activity would run past the meal's usual time, or the window is open.
    return nextEnd > w.preferredBy || t >= w.from + 15;
  };

  const serveDueMeals = (nextEnd: number) => {
    while (mealsLeft.length > 0 && mealDue(mealsLeft[0]!, nextEnd)) {
      const meal = mealsLeft.shift()!;
      if (t > MEAL_WINDOWS[meal].to - MEAL_WINDOWS[meal].minutes + 30) {
        missedMeals.push({ meal, reason: 'no time left in the meal window' });
        continue;
      }
      if (!tryMeal(meal)) missedMeals.push({ meal, reason: 'no open restaurant left in this city' });
    }
  };

  const queue = [...order];
  for (let i = 0; i < queue.length; i++) {
    let a = queue[i]!;
    let leg = legBetween(local, city, pos, a.coordinates);
    let duration = visitMinutes(a, pace);
    // A long visit would push the next meal ahead and leave an idle gap before its window opens:
    // bring forward a later place that fits before the meal instead (local reordering).
    const next = mealsLeft[0];
    if (
      next &&
      t + 45 < MEAL_WINDOWS[next].from &&
      mealDue(next, t + (leg?.durationMinutes ?? 0) + duration)
    ) {
      const latest = MEAL_WINDOWS[next].to - MEAL_WINDOWS[next].minutes;
      for (let j = i + 1; j < queue.length; j++) {
        const b = queue[j]!;
        const bLeg = legBetween(local, city, pos, b.coordinates);
        if (t + (bLeg?.durationMinutes ?? 0) + visitMinutes(b, pace) <= latest) {
          [queue[i], queue[j]] = [b, a];
          a = b;
          leg = bLeg;
          duration = visitMinutes(b, pace);
          break;
        }
      }
    }
    serveDueMeals(t + (leg?.durationMinutes ?? 0) + duration);
    const legAfterMeal = legBetween(local, city, pos, a.coordinates);
    const arrive = t + (legAfterMeal?.durationMinutes ?? 0);
    const intervals = intervalsOn(a.hours, slot.date) ?? ASSUMED_DAY_HOURS;
    const start = fitInHours(intervals, arrive, duration, MAX_WAIT_MINUTES);
    // Leave room for the meals still to come (and the way to them) before the slot ends.
    const reserve = mealsLeft.reduce((sum, m) => sum + MEAL_WINDOWS[m].minutes + 15, 0);
    if (start === null || start + duration + reserve > slot.end) {
      dropped.push(a);
      continue;
    }
    items.push({
      kind: 'visit',
      attraction: a,
      start,
      end: start + duration,
      leg: legAfterMeal,
      assumedHours: a.hours === null,
      assumedDuration: a.visitMinutes === undefined,
    });
    travel += legAfterMeal?.durationMinutes ?? 0;
    t = start + duration;
    pos = a.coordinates ?? pos;
  }
  // Remaining meals (typically dinner) after the last visit.
  while (mealsLeft.length > 0) {
    const meal = mealsLeft.shift()!;
    const w = MEAL_WINDOWS[meal];
    if (t > w.to - w.minutes + 30) {
      missedMeals.push({ meal, reason: 'no time left in the meal window' });
      continue;
    }
    if (!tryMeal(meal)) missedMeals.push({ meal, reason: 'no open restaurant left in this city' });
  }
  return { items, missedMeals, dropped, travelMinutes: travel };
}

function travelCost(order: Attraction[], start: Coordinates | undefined): number {
  let pos = start;
  let total = 0;
  for (const a of order) {
    if (pos && a.coordinates) total += haversineKm(pos, a.coordinates);
    pos = a.coordinates ?? pos;
  }
  return total;
}

/** Nearest-neighbour order from the start point, then 2-opt until no improving reversal. */
export function routeOrder(places: Attraction[], start: Coordinates | undefined): Attraction[] {
  const remaining = [...places];
  const order: Attraction[] = [];
  let pos = start;
  while (remaining.length > 0) {
    let bestIdx = 0;
    let bestD = Infinity;
    remaining.forEach((a, i) => {
      const d = pos && a.coordinates ? haversineKm(pos, a.coordinates) : 0;
      if (d < bestD) {
        bestD = d;
        bestIdx = i;
      }
    });
    const [next] = remaining.splice(bestIdx, 1);
    order.push(next!);
    pos = next!.coordinates ?? pos;
  }
  let improved = true;
  let guard = 0;
  while (improved && guard++ < 50) {
    improved = false;
    for (let i = 0; i < order.length - 1; i++) {
      for (let j = i + 1; j < order.length; j++) {
        const candidate = [...order.slice(0, i), ...order.slice(i, j + 1).reverse(), ...order.slice(j + 1)];
        if (travelCost(candidate, start) + 1e-9 < travelCost(order, start)) {
          order.splice(0, order.length, ...candidate);
          improved = true;
        }
      }
    }
  }
  return order;
}

function slotCapacity(slot: DaySlot, pace: Pace): number {
  const day = PACE_DAY[pace];
  const full = day.end - day.start;
  const available = Math.max(0, slot.end - slot.start);
  const raw = (day.visitsPerDay * available) / full;
  return Math.max(0, Math.min(day.visitsPerDay, Math.round(raw)));
}

/** Spread of a day: sum of distances from the members to their centroid. */
function spread(places: Attraction[]): number {
  const c = centroid(places.map((p) => p.coordinates));
  if (!c) return 0;
  return places.reduce((s, p) => s + (p.coordinates ? haversineKm(c, p.coordinates) : 0), 0);
}

/** Ranks the city's places for this request (must-visit first). */
export function rankAttractions(
  input: Pick<CityItineraryInput, 'attractions' | 'request' | 'usedAttractions' | 'options'>,
): Attraction[] {
  const { request } = input;
  const candidates = input.attractions.filter(
    (a) => !input.usedAttractions.has(a.id) && !matchesAnyName(a, request.mustAvoid),
  );
  const scored = candidates.map((a) => {
    const must = matchesAnyName(a, request.mustVisit) ? 10 : 0;
    const free = input.options.preferFree && (a.ticketPrice ?? 0) === 0 ? 0.5 : 0;
    const paidPenalty = input.options.preferFree && (a.ticketPrice ?? 0) > 0 ? 0.3 : 0;
    return {
      a,
      s: must + (a.popularity ?? 0.5) + 0.6 * interestScore(a, request.interests) + free - paidPenalty,
    };
  });
  scored.sort((x, y) => y.s - x.s || x.a.id.localeCompare(y.a.id));
  return scored.map((x) => x.a);
}

/** Plans every slot of one city. Mutates the shared used-sets and the cuisines to cover. */
export function planCity(input: CityItineraryInput): SlotSchedule[] {
  const pace = input.request.pace;
  const ranked = rankAttractions(input);
  const capacities = input.slots.map((s) => slotCapacity(s, pace));
  const totalCapacity = capacities.reduce((a, b) => a + b, 0);
  const pool = ranked.slice(0, totalCapacity);
  const spare = ranked.slice(totalCapacity);

  // 2. Clustering by cheapest insertion (must-visits and popular places first).
  const groups: Attraction[][] = input.slots.map(() => []);
  for (const a of pool) {
    let best = -1;
    let bestCost = Infinity;
    input.slots.forEach((slot, i) => {
      if (groups[i]!.length >= capacities[i]!) return;
      const c = centroid(groups[i]!.map((g) => g.coordinates)) ?? slot.startPoint ?? input.city.coordinates;
      let cost = c && a.coordinates ? haversineKm(c, a.coordinates) : 0;
      if (slot.rainy && a.indoor === false) cost += 20; // keep outdoor places off rainy days
      if (slot.rainy && a.indoor === true) cost -= 2;
      cost += groups[i]!.length * 0.5; // balance
      if (cost < bestCost) {
        bestCost = cost;
        best = i;
      }
    });
    if (best >= 0) groups[best]!.push(a);
  }
  // Improvement: pairwise swaps between days while the total spread shrinks.
  for (let pass = 0; pass < 3; pass++) {
    let improved = false;
    for (let i = 0; i < groups.length; i++) {
      for (let j = i + 1; j < groups.length; j++) {
        for (let x = 0; x < groups[i]!.length; x++) {
          for (let y = 0; y < groups[j]!.length; y++) {
            const gi = groups[i]!;
            const gj = groups[j]!;
            const before = spread(gi) + spread(gj);
            const ni = [...gi];
            const nj = [...gj];
            [ni[x], nj[y]] = [gj[y]!, gi[x]!];
            const rainPenalty = (g: Attraction[], s: DaySlot) =>
              s.rainy ? g.filter((p) => p.indoor === false).length * 20 : 0;
            const after =
              spread(ni) + spread(nj) + rainPenalty(ni, input.slots[i]!) + rainPenalty(nj, input.slots[j]!);
            const was = before + rainPenalty(gi, input.slots[i]!) + rainPenalty(gj, input.slots[j]!);
            if (after + 1e-9 < was) {
              groups[i] = ni;
              groups[j] = nj;
              improved = true;
            }
          }
        }
      }
    }
    if (!improved) break;
  }

  // 3 + 4. Route and time each day; re-insert dropped places elsewhere, else use spares.
  const schedules: SlotSchedule[] = [];
  const reserved = new Set<string>();
  const leftovers: Attraction[] = [];
  const results = input.slots.map((slot, i) => {
    const order = routeOrder(groups[i]!, slot.startPoint ?? input.city.coordinates);
    const sim = simulate(input, slot, order, new Set(reserved), new Set(input.cuisinesToCover));
    leftovers.push(...sim.dropped);
    return {
      slot,
      order: sim.items.filter((it): it is ScheduledVisit => it.kind === 'visit').map((v) => v.attraction),
    };
  });
  // Re-insert leftovers (then spares) into days with room where they fit.
  const candidates = [...leftovers, ...spare];
  for (const a of candidates) {
    const mustVisit = matchesAnyName(a, input.request.mustVisit);
    if (!mustVisit && leftovers.indexOf(a) < 0 && results.every((r, i) => r.order.length >= capacities[i]!))
      break;
    let placed = false;
    for (let i = 0; i < results.length && !placed; i++) {
      const r = results[i]!;
      if (r.order.length >= capacities[i]! && !mustVisit) continue;
      if (r.order.some((x) => x.id === a.id)) continue;
      // Cheapest feasible insertion position.
      let bestOrder: Attraction[] | null = null;
      let bestCost = Infinity;
      for (let pos = 0; pos <= r.order.length; pos++) {
        const trial = [...r.order.slice(0, pos), a, ...r.order.slice(pos)];
        const sim = simulate(input, r.slot, trial, new Set(reserved), new Set(input.cuisinesToCover));
        if (sim.dropped.length === 0) {
          const cost = travelCost(trial, r.slot.startPoint);
          if (cost < bestCost) {
            bestCost = cost;
            bestOrder = trial;
          }
        }
      }
      if (bestOrder) {
        r.order = bestOrder;
        placed = true;
      }
    }
  }
  // Final pass: commit restaurants and used places in day order.
  for (const r of results) {
    const sim = simulate(input, r.slot, r.order, reserved, input.cuisinesToCover);
    for (const it of sim.items) {
      if (it.kind === 'visit') input.usedAttractions.add(it.attraction.id);
      else input.usedRestaurants.add(it.restaurant.id);
    }
    schedules.push({
      slot: r.slot,
      items: sim.items.sort((x, y) => x.start - y.start),
      missedMeals: sim.missedMeals,
    });
  }
  return schedules;
}
