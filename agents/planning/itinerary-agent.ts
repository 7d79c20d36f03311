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
import {
  DEFAULT_MEAL_WINDOWS,
  dishesOf,
  hoursOn,
  isEvening,
  isFullDaySight,
  isHeadline,
  isProperMeal,
  kmFromCentre,
  mealWindowsFor,
  nameMatches,
  namesOf,
} from './sights.js';

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
  /** The rest of a visit resumed after lunch at the sight (a day trip). */
  resumed?: boolean | undefined;
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
> = DEFAULT_MEAL_WINDOWS;

/** Evening things may run this late on a day that ends in town (minutes after midnight). */
const EVENING_END = 23 * 60 + 30;
/** Evening things start no earlier than this. */
const EVENING_START = 17 * 60 + 30;

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

/**
 * True when a place matches any of the user's names for it: any of its names or aliases, in either
 * language, equal or a shorter or longer form of it.
 */
export function matchesAnyName(
  a: {
    name: string;
    nameZh?: string | undefined;
    nameEn?: string | undefined;
    aliases?: string[] | undefined;
  },
  wanted: string[],
): boolean {
  const names = namesOf(a);
  return wanted.some((w) => nameMatches(names, w));
}

/**
 * The places the must-visit wishes pick: for each wish, the best of the places it matches (one
 * section of the Great Wall for "长城", not all three). Wishes that match nothing are left out.
 */
export function mustVisitPicks(attractions: Attraction[], wishes: string[]): Map<string, Attraction> {
  const picks = new Map<string, Attraction>();
  for (const wish of wishes) {
    const hits = attractions.filter((a) => matchesAnyName(a, [wish]));
    if (hits.length === 0) continue;
    // An exact name beats an alias; then popularity.
    const exact = hits.filter((a) =>
      [a.name, a.nameZh, a.nameEn].some((n) => n && n.toLowerCase() === wish.toLowerCase()),
    );
    const pool = exact.length > 0 ? exact : hits;
    const best = [...pool].sort(
      (x, y) => (y.popularity ?? 0.5) - (x.popularity ?? 0.5) || x.id.localeCompare(y.id),
    )[0]!;
    picks.set(wish, best);
  }
  return picks;
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
  evening: Attraction | null = null,
): SimResult {
  const { request, city, local } = input;
  const pace = request.pace;
  const MEAL_WINDOWS = mealWindowsFor(city.country);
  // A day that ends in town may run into the evening (dinner at local time, a show after it).
  const dayEnd = slot.end >= PACE_DAY[pace].end ? Math.max(slot.end, EVENING_END) : slot.end;
  const legBetween = (
    _local: LocalTransitProvider,
    _city: CityInfo,
    from: Coordinates | undefined,
    to: Coordinates | undefined,
  ) => legWithDayTrips(input, from, to);
  // A show with a set start: the day's visits end in time for dinner and the way there.
  let visitLimit = slot.end;
  if (evening && slot.meals.includes('dinner')) {
    const need = visitMinutes(evening, pace);
    const opens = (intervalsOn(hoursOn(evening, slot.date), slot.date) ?? [])
      .filter(([o, c]) => c - Math.max(o, EVENING_START) >= need)
      .map(([o]) => Math.max(o, EVENING_START));
    const showAt = opens.length > 0 ? Math.min(...opens) : EVENING_START;
    if (showAt > EVENING_START + 30) {
      visitLimit = Math.min(slot.end, showAt - 30 - mealWindowsFor(city.country).dinner.minutes - 15);
    }
  }
  /** Specific dishes eaten in this slot (no peking duck twice a day). */
  const dishesToday = new Set<string>();
  const items: ScheduledItem[] = [];
  const missedMeals: { meal: MealType; reason: string }[] = [];
  const dropped: Attraction[] = [];
  let t = slot.start;
  let pos = slot.startPoint ?? city.coordinates;
  let travel = 0;
  /** Schedules a visit from `start` to `end`, reached by `leg`, and moves the clock and position there. */
  const visit = (a: Attraction, start: number, end: number, leg: LocalLeg | null, resumed = false): void => {
    items.push({
      kind: 'visit',
      attraction: a,
      start,
      end,
      leg,
      assumedHours: a.hours === null,
      assumedDuration: a.visitMinutes === undefined,
      ...(resumed ? { resumed: true } : {}),
    });
    travel += leg?.durationMinutes ?? 0;
    t = end;
    pos = a.coordinates ?? pos;
  };
  const mealsLeft = [...slot.meals];
  const costs = input.restaurants.map((r) => r.averageCost);
  const cheapest = Math.min(...costs, Infinity);
  const priciest = Math.max(...costs, 0);

  const pickRestaurant = (
    meal: MealType,
    at: Coordinates | undefined,
    skip: Set<string>,
  ): Restaurant | null => {
    const free = input.restaurants.filter(
      (r) =>
        !skip.has(r.id) &&
        !reservedRestaurants.has(r.id) &&
        !input.usedRestaurants.has(r.id) &&
        servesMeal(r, meal),
    );
    if (free.length === 0) return null;
    // A cuisine the traveller asked for comes first (even a dessert place: they asked for it).
    const asked = free.filter((r) => r.cuisines.some((c) => cuisinesToCover.has(c.toLowerCase())));
    // Lunch and dinner are meals: no dessert shop, café or snack stall (unless nothing else is left).
    const meals = free.filter((r) => isProperMeal(r, meal));
    const proper = asked.length > 0 ? asked : meals.length > 0 ? meals : free;
    // Far from the centre (a day trip), eat near the sight when there is a place there; never
    // travel out of town for a meal (a restaurant by a far sight is for that sight's day).
    let here = proper;
    let scoreFrom = at;
    if (at && kmFromCentre({ coordinates: at }, city) > 15) {
      const near = proper.filter((r) => r.coordinates && haversineKm(at, r.coordinates) <= 8);
      if (near.length > 0) here = near;
      else scoreFrom = slot.endPoint ?? slot.startPoint ?? city.coordinates;
    }
    // Not the same dish twice in a day (unless the budget leaves nothing but the cheapest).
    const varied =
      input.options.restaurantStrategy === 'cheapest'
        ? here
        : here.filter((r) => !dishesOf(r).some((d) => dishesToday.has(d)));
    let pool = varied.length > 0 ? varied : here;
    if (pool.length > 1) {
      const inTown = pool.filter(
        (r) =>
          !r.coordinates ||
          kmFromCentre({ coordinates: r.coordinates }, city) <= 15 ||
          (at !== undefined && haversineKm(at, r.coordinates) <= 8),
      );
      if (inTown.length > 0) pool = inTown;
    }
    let best: Restaurant | null = null;
    let bestScore = Infinity;
    for (const r of pool) {
      const s = restaurantScore(r, scoreFrom, input.options.restaurantStrategy, cheapest, priciest);
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
      // Dinner before an evening show: near the venue.
      const near = meal === 'dinner' && evening?.coordinates ? evening.coordinates : pos;
      const r = pickRestaurant(meal, near, skip);
      if (!r) return false;
      skip.add(r.id);
      const leg = legBetween(local, city, pos, r.coordinates);
      const arrive = t + (leg?.durationMinutes ?? 0);
      const intervals = intervalsOn(r.hours, slot.date) ?? ASSUMED_MEAL_HOURS;
      const windowStart = Math.max(arrive, w.from);
      const start = fitInHours(intervals, windowStart, w.minutes, Math.max(0, w.to - windowStart));
      if (start === null || start + w.minutes > (meal === 'dinner' ? dayEnd : slot.end)) continue;
      for (const d of dishesOf(r)) dishesToday.add(d);
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
    // Due when the window is open, or the next activity would run past the latest start; past the
    // usual time only when the window is near (early in the morning a long visit comes first and
    // lunch after it, rather than lunch at 11:30 and the visit squeezed before closing).
    const latest = w.to - w.minutes + 30;
    return t >= w.from + 15 || nextEnd > latest || (nextEnd > w.preferredBy && t + 45 >= w.from);
  };

  /** Serves the meals due before something that takes `span` minutes from now (breakfast only when asked). */
  const serveDueMeals = (span: number, breakfastOnly = false) => {
    while (
      mealsLeft.length > 0 &&
      (!breakfastOnly || mealsLeft[0] === 'breakfast') &&
      mealDue(mealsLeft[0]!, t + span)
    ) {
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
    // A long day-trip sight: lunch is eaten there, in the middle of the visit, not back in town.
    const lunchThere = !!a.dayTrip && duration >= 180 && mealsLeft.includes('lunch');
    serveDueMeals((leg?.durationMinutes ?? 0) + duration, lunchThere);
    const legAfterMeal = legBetween(local, city, pos, a.coordinates);
    const arrive = t + (legAfterMeal?.durationMinutes ?? 0);
    const intervals = intervalsOn(hoursOn(a, slot.date), slot.date) ?? ASSUMED_DAY_HOURS;
    const start = fitInHours(intervals, arrive, duration, MAX_WAIT_MINUTES);
    // Leave room for the meals still to come (and the way to them) before the slot ends.
    const reserve = mealsLeft.reduce((sum, m) => sum + MEAL_WINDOWS[m].minutes + 15, 0);
    const lw = MEAL_WINDOWS.lunch;
    if (lunchThere && start !== null && start < lw.to - lw.minutes) {
      const lunchAt = Math.min(Math.max(start + duration / 2, lw.from), lw.to - lw.minutes);
      const before = Math.round(Math.max(45, lunchAt - start));
      const close = intervals.find(([o, c]) => start >= o && start < c)?.[1] ?? slot.end;
      if (start + before + lw.minutes + 60 + reserve - (lw.minutes + 15) > Math.min(close, slot.end)) {
        dropped.push(a);
        continue;
      }
      visit(a, start, start + before, legAfterMeal);
      mealsLeft.splice(mealsLeft.indexOf('lunch'), 1);
      if (!tryMeal('lunch')) missedMeals.push({ meal: 'lunch', reason: 'no open restaurant near the sight' });
      // The rest of the visit after lunch, shortened to the closing time when need be.
      const back = legBetween(local, city, pos, a.coordinates);
      const resume = t + (back?.durationMinutes ?? 0);
      const end = Math.min(resume + (duration - before), close);
      if (end - resume >= 30) {
        visit(a, resume, end, back, true);
      }
      continue;
    }
    const dinnerReserve = mealsLeft.includes('dinner') ? MEAL_WINDOWS.dinner.minutes + 15 : 0;
    const limitReserve = visitLimit < slot.end ? reserve - dinnerReserve : reserve;
    if (start === null || start + duration + limitReserve > visitLimit) {
      dropped.push(a);
      continue;
    }
    visit(a, start, start + duration, legAfterMeal);
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
  // The evening thing (a show, a night market, a night view) after dinner.
  if (evening) {
    const leg = legBetween(input.local, city, pos, evening.coordinates);
    const arrive = Math.max(t + (leg?.durationMinutes ?? 0), EVENING_START);
    const duration = visitMinutes(evening, pace);
    const intervals = intervalsOn(hoursOn(evening, slot.date), slot.date) ?? [[18 * 60, 22 * 60]];
    const start = fitInHours(intervals, arrive, duration, 180);
    if (start === null || start + duration > dayEnd || slot.end < PACE_DAY[pace].end) dropped.push(evening);
    else visit(evening, start, start + duration, leg);
  }
  return { items, missedMeals, dropped, travelMinutes: travel };
}

/**
 * The leg between two points, using a day-trip sight's curated way (tourist bus, suburban train)
 * when one end is at such a sight and the other back in town, instead of a long taxi estimate.
 */
function legWithDayTrips(
  input: CityItineraryInput,
  from: Coordinates | undefined,
  to: Coordinates | undefined,
): LocalLeg | null {
  if (from && to) {
    for (const a of input.attractions) {
      if (!a.dayTrip || !a.coordinates) continue;
      const dFrom = haversineKm(a.coordinates, from);
      const dTo = haversineKm(a.coordinates, to);
      if ((dFrom <= 8 && dTo > 15) || (dTo <= 8 && dFrom > 15)) {
        return {
          mode: a.dayTrip.mode === 'taxi' ? 'taxi' : 'transit',
          durationMinutes: a.dayTrip.minutesEachWay,
          distanceKm: haversineKm(from, to),
          cost: a.dayTrip.costPerPerson,
          currency: a.currency,
          unit: 'person',
          provenance: {
            ...a.provenance,
            kind: 'estimate',
            note: `${a.dayTrip.howEn} (typical time and fare, not live)`,
          },
        };
      }
    }
  }
  return chooseLocalLeg(input.local.legs(input.city, from, to));
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
  const picks = new Set([...mustVisitPicks(candidates, request.mustVisit).values()].map((a) => a.id));
  const scored = candidates.map((a) => {
    const must = picks.has(a.id) ? 10 : isHeadline(a) ? 0.5 : 0;
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

/** True for a curated sight outside the centre that is visited as a trip of its own. */
function isDayTrip(a: Attraction, city: CityInfo): boolean {
  const curated = a.dayTrip !== undefined || a.tags.some((t) => t === 'day-trip' || t === 'day trip');
  return curated && isFullDaySight(a, city);
}

/**
 * Sets aside what does not belong in an ordinary day:
 * - full-day sights outside the centre: the wished-for ones, then the city's headline ones (about
 *   one per three full days, at least one when there is a full day), each on a full day when it is
 *   open (dry weather for outdoor sights), with at most one nearby companion place; one section
 *   of a sight group (one Great Wall section) only;
 * - evening things: the wished-for ones, then about one every other evening (every third when
 *   relaxed), each after dinner on a day that ends in town.
 * Full-day sights and evening things not chosen are left out of the ordinary days (a night
 * market at 09:44 or a 115-minute taxi in the middle of a city day helps nobody).
 */
function setAside(
  input: CityItineraryInput,
  ranked: Attraction[],
  must: Set<string>,
): { dayTrips: Map<number, Attraction[]>; evenings: Map<number, Attraction>; ranked: Attraction[] } {
  const { city, slots } = input;
  const pace = input.request.pace;
  const full = ranked.filter((a) => isDayTrip(a, city));
  const fullSlots = slots.map((s, i) => ({ s, i })).filter((x) => x.s.fullDay);
  const allowance = fullSlots.length === 0 ? 0 : Math.max(1, Math.floor(fullSlots.length / 3));
  const chosen: Attraction[] = [];
  const aliasKeys = (a: Attraction) => new Set((a.aliases ?? []).map((x) => x.toLowerCase()));
  const sameGroup = (a: Attraction) => chosen.some((c) => [...aliasKeys(c)].some((k) => aliasKeys(a).has(k)));
  for (const a of full) {
    if (chosen.length >= fullSlots.length) break;
    if (must.has(a.id) || (isHeadline(a) && chosen.length < allowance && !sameGroup(a))) chosen.push(a);
  }
  const dayTrips = new Map<number, Attraction[]>();
  const taken = new Set<string>();
  for (const a of chosen) {
    let best: { i: number; score: number } | null = null;
    for (const { s, i } of fullSlots) {
      if (dayTrips.has(i)) continue;
      const open = intervalsOn(hoursOn(a, s.date), s.date);
      const longest = open ? Math.max(0, ...open.map(([o, c]) => c - o)) : 600;
      let score = i * 0.1;
      if (longest < Math.min(a.visitMinutes ?? 180, 240)) score += 100;
      if (s.rainy && a.indoor === false) score += 10;
      if (!best || score < best.score) best = { i, score };
    }
    if (!best || best.score >= 100) continue;
    const trip = [a];
    taken.add(a.id);
    // One nearby companion (the Huaqing Palace beside the Terracotta Army).
    const companion = ranked.find(
      (b) =>
        !taken.has(b.id) &&
        !full.includes(b) &&
        !isEvening(b) &&
        b.coordinates &&
        a.coordinates &&
        haversineKm(a.coordinates, b.coordinates) <= 12 &&
        (b.visitMinutes ?? 90) <= 150,
    );
    if (companion) {
      trip.push(companion);
      taken.add(companion.id);
    }
    dayTrips.set(best.i, trip);
  }

  // Evenings.
  const eveningSlots = slots
    .map((s, i) => ({ s, i }))
    .filter((x) => x.s.end >= PACE_DAY[pace].end && !dayTrips.has(x.i));
  const eveningCandidates = ranked.filter((a) => isEvening(a) && !taken.has(a.id) && !full.includes(a));
  const wantedEvenings = eveningCandidates.filter((a) => must.has(a.id));
  const quota = pace === 'relaxed' ? Math.floor(eveningSlots.length / 3) : Math.ceil(eveningSlots.length / 2);
  const others = eveningCandidates
    .filter((a) => !must.has(a.id))
    .slice(0, Math.max(0, quota - wantedEvenings.length));
  const evenings = new Map<number, Attraction>();
  const picks = [...wantedEvenings, ...others];
  picks.forEach((a, k) => {
    // Spread over the stay: the k-th pick on an evening k/len of the way through.
    const order = eveningSlots.map(
      (_, j) => (j + Math.floor((k * eveningSlots.length) / Math.max(1, picks.length))) % eveningSlots.length,
    );
    for (const j of order) {
      const { s, i } = eveningSlots[j]!;
      if (evenings.has(i)) continue;
      const open = intervalsOn(hoursOn(a, s.date), s.date);
      if (open && !open.some(([, c]) => c >= 19 * 60)) continue;
      evenings.set(i, a);
      taken.add(a.id);
      break;
    }
  });
  const rest = ranked.filter(
    (a) => !taken.has(a.id) && (must.has(a.id) || (!full.includes(a) && !isEvening(a))),
  );
  return { dayTrips, evenings, ranked: rest };
}

/** Plans every slot of one city. Mutates the shared used-sets and the cuisines to cover. */
export function planCity(input: CityItineraryInput): SlotSchedule[] {
  const pace = input.request.pace;
  const allRanked = rankAttractions(input);
  const must = new Set([...mustVisitPicks(allRanked, input.request.mustVisit).values()].map((a) => a.id));
  const { dayTrips, evenings, ranked } = setAside(input, allRanked, must);
  // Headline sights are never silently dropped when there is room: like wishes, they may take
  // the place of an ordinary one (the three most popular of the city that are left).
  const keep = new Set(must);
  for (const a of ranked.filter((x) => isHeadline(x) && !isEvening(x)).slice(0, 3)) keep.add(a.id);
  const capacities = input.slots.map((s, i) => (dayTrips.has(i) ? 0 : slotCapacity(s, pace)));
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
  const eveningLeft: Attraction[] = [];
  for (const [i, trip] of dayTrips) groups[i] = trip;
  const results = input.slots.map((slot, i) => {
    const order = dayTrips.has(i)
      ? groups[i]!
      : routeOrder(groups[i]!, slot.startPoint ?? input.city.coordinates);
    const sim = simulate(
      input,
      slot,
      order,
      new Set(reserved),
      new Set(input.cuisinesToCover),
      evenings.get(i) ?? null,
    );
    const evening = evenings.get(i) ?? null;
    const eveningPlaced = !!evening && !sim.dropped.includes(evening);
    leftovers.push(...sim.dropped.filter((a) => a !== evening));
    if (evening && !eveningPlaced && must.has(evening.id)) eveningLeft.push(evening);
    return {
      slot,
      order: sim.items
        .filter((it): it is ScheduledVisit => it.kind === 'visit' && it.attraction !== evening)
        .map((v) => v.attraction),
      evening: eveningPlaced ? evening : null,
    };
  });
  // A wished-for evening that did not fit its evening: another free evening.
  for (const a of eveningLeft) {
    for (const r of results) {
      if (r.evening || r.slot.end < PACE_DAY[pace].end) continue;
      const sim = simulate(input, r.slot, r.order, new Set(reserved), new Set(input.cuisinesToCover), a);
      if (!sim.dropped.includes(a)) {
        r.evening = a;
        break;
      }
    }
  }
  // Re-insert leftovers (then spares) into days with room where they fit.
  const candidates = [...leftovers, ...spare];
  for (const a of candidates) {
    const mustVisit = keep.has(a.id);
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
        const sim = simulate(
          input,
          r.slot,
          trial,
          new Set(reserved),
          new Set(input.cuisinesToCover),
          r.evening,
        );
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
    // A wished-for place that fits nowhere takes the place of a place nobody asked for.
    for (let i = 0; i < results.length && !placed && mustVisit; i++) {
      const r = results[i]!;
      if (dayTrips.has(i)) continue;
      for (let k = r.order.length - 1; k >= 0 && !placed; k--) {
        if (keep.has(r.order[k]!.id)) continue;
        const without = [...r.order.slice(0, k), ...r.order.slice(k + 1)];
        for (let pos = 0; pos <= without.length && !placed; pos++) {
          const trial = [...without.slice(0, pos), a, ...without.slice(pos)];
          const sim = simulate(
            input,
            r.slot,
            trial,
            new Set(reserved),
            new Set(input.cuisinesToCover),
            r.evening,
          );
          if (sim.dropped.length === 0) {
            r.order = trial;
            placed = true;
          }
        }
      }
    }
  }
  // Final pass: commit restaurants and used places in day order.
  for (const r of results) {
    const sim = simulate(input, r.slot, r.order, reserved, input.cuisinesToCover, r.evening);
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
