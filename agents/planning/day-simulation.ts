/**
 * Day simulation: walks one slot in order with real legs, waits for opening, visit lengths and
 * meal windows, choosing restaurants on the way; reports what could not be fitted.
 */
import type { Attraction, Restaurant } from '../ports/providers.js';
import type { CityInfo, LocalLeg, LocalTransitProvider } from '../ports/providers.js';
import type { Coordinates } from '../schemas/common.js';
import type { MealType } from '../schemas/travel-plan.js';
import type { CityItineraryInput, DaySlot, ScheduledItem } from './itinerary-types.js';
import {
  ASSUMED_DAY_HOURS,
  ASSUMED_MEAL_HOURS,
  EVENING_END,
  EVENING_START,
  MAX_WAIT_MINUTES,
  PACE_DAY,
  visitMinutes,
} from './itinerary-types.js';
import { addDays } from './calendar.js';
import { intervalsOn } from './opening-hours.js';
import { legWithDayTrips } from './routing.js';
import { PART_DAY_CORE, shortestVisit } from './attraction-selection.js';
import { haversineKm } from './geo.js';
import {
  chooseRestaurant,
  mealWindowClosed,
  mealWindowsFor,
  nearFarSight,
  servesMeal,
  splurgeIds,
  drinkingPlaceIds,
  unavoidableDishes,
  splurgesToAvoid,
  partyAvoidsSplurges,
  priceTargetFor,
} from './meal-rules.js';
import { cuisineMet, dishesOf, hoursOn, isProperMeal } from './sights.js';

/** With this few restaurants left in a city, breakfast is eaten at the hotel (they are kept for lunch and dinner). */
const LAST_RESTAURANTS = 3;

/** An evening outing lasts at most this long (the show, not the whole theme park), minutes. */
const EVENING_MAX_MINUTES = 120;

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

/** A day that starts before this has a morning for a morning sight (minutes after midnight). */
export const MORNING_UNTIL = 11 * 60;

/** A visit at least this long (minutes) may be shortened to the closing time. */
const LONG_VISIT = 180;
/** Minutes of sights at most on the light afternoon after a long journey (a slot with a rest). */
export const LIGHT_ARRIVAL_MINUTES = 180;
/** A visit this long (minutes) fills the day (a theme park): lunch inside it, whatever the split. */
const WHOLE_DAY_VISIT = 360;
/** Each part of a visit split by lunch is at least this long (minutes). */
const MIN_PART = 60;
/** On a compact day, visits at least this long (minutes) are shortened to their core. */
const COMPACT_FROM = 120;
/** A visit at least this long (minutes) that runs over lunchtime has lunch in the middle of it. */
const LUNCH_INSIDE = 150;

export interface SimResult {
  items: ScheduledItem[];
  missedMeals: { meal: MealType; reason: string }[];
  /** Attractions that could not be fitted. */
  dropped: Attraction[];
  travelMinutes: number;
}

/**
 * Simulates one slot: visits in the given order, meals inserted when their window comes up,
 * restaurants chosen on the way. Does not mutate shared sets; returns chosen restaurants in items.
 * `compact`: a tight day, where two-to-three-hour visits are cut to their worthwhile core.
 */
export function simulate(
  input: CityItineraryInput,
  slot: DaySlot,
  order: Attraction[],
  reservedRestaurants: Set<string>,
  cuisinesToCover: Set<string>,
  evening: Attraction | null = null,
  compact = false,
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
  const dishesToday = new Set<string>(input.dishesByDate?.get(slot.date) ?? []);
  // Yesterday's dishes are avoided only while restaurants are plentiful (half as many again as the
  // meals still to come here): else the deferred dishes pile up on the last days, twice a day.
  const mealsAhead = input.slots
    .filter((s) => s.date >= slot.date)
    .reduce((n, s) => n + s.meals.filter((m) => m !== 'breakfast').length, 0);
  const properLeft = input.restaurants.filter(
    (r) => !reservedRestaurants.has(r.id) && !input.usedRestaurants.has(r.id) && isProperMeal(r, 'dinner'),
  ).length;
  const dishesYesterday =
    properLeft >= 1.5 * mealsAhead ? input.dishesByDate?.get(addDays(slot.date, -1)) : undefined;
  const items: ScheduledItem[] = [];
  const missedMeals: { meal: MealType; reason: string }[] = [];
  const dropped: Attraction[] = [];
  let t = slot.start;
  let pos = slot.startPoint ?? city.coordinates;
  let travel = 0;
  /** Minutes of daytime visits scheduled so far (capped on a light arrival afternoon). */
  let sightMinutes = 0;
  /** Daytime minutes left on a light slot: the evening outing, if any, counts in the few hours. */
  const lightLeft = () =>
    LIGHT_ARRIVAL_MINUTES -
    sightMinutes -
    (evening ? Math.min(visitMinutes(evening, pace), EVENING_MAX_MINUTES) : 0);
  /** Schedules a visit from `start` to `end`, reached by `leg`, and moves the clock and position there. */
  const visit = (
    a: Attraction,
    start: number,
    end: number,
    leg: LocalLeg | null,
    resumed = false,
    isEveningOuting = false,
  ): void => {
    // The light slot after a long journey: no part of a visit goes past the hours left for sights.
    if (slot.restUntil !== undefined && !isEveningOuting)
      end = Math.max(start, Math.min(end, start + lightLeft()));
    items.push({
      kind: 'visit',
      attraction: a,
      start,
      end,
      leg,
      assumedHours: a.hours === null,
      assumedDuration: a.visitMinutes === undefined,
      ...(resumed ? { resumed: true } : {}),
      ...(isEveningOuting ? { evening: true } : {}),
    });
    travel += leg?.durationMinutes ?? 0;
    if (!isEveningOuting) sightMinutes += end - start;
    t = end;
    pos = a.coordinates ?? pos;
  };
  const mealsLeft = [...slot.meals];
  const costs = input.restaurants.map((r) => r.averageCost);
  const cheapest = Math.min(...costs, Infinity);
  const priciest = Math.max(...costs, 0);

  const freeRestaurants = (skip: Set<string>) =>
    input.restaurants.filter(
      (r) => !skip.has(r.id) && !reservedRestaurants.has(r.id) && !input.usedRestaurants.has(r.id),
    );
  const splurges = splurgeIds(input.restaurants);
  const avoidSplurges = partyAvoidsSplurges(input.request);
  // A family with children is not sent to a bar for a meal while another place is free.
  const bars = input.request.travelers.children > 0 ? drinkingPlaceIds(input.restaurants) : new Set<string>();
  // Dishes a lunch by a far sight cannot avoid (its only restaurants serve them): the other meals
  // of the day leave them to it, so the same dish is not eaten twice.
  const lunchDishes = new Set<string>();
  if (slot.meals.includes('lunch')) {
    for (const a of order) {
      if (!a.dayTrip) continue;
      for (const d of unavoidableDishes(
        nearFarSight(freeRestaurants(new Set()), a.coordinates, city, 'lunch'),
      ))
        lunchDishes.add(d);
    }
  }
  // Each restaurant's place in the city's price ranking (0 cheapest .. 1 dearest).
  const byCost = [...input.restaurants].sort((x, y) => x.averageCost - y.averageCost);
  const rankOf = new Map(byCost.map((r, k) => [r.id, byCost.length > 1 ? k / (byCost.length - 1) : 0.5]));
  const position = (r: Restaurant): number => rankOf.get(r.id) ?? 0.5;
  const pickRestaurant = (
    meal: MealType,
    at: Coordinates | undefined,
    skip: Set<string>,
  ): Restaurant | null =>
    chooseRestaurant({
      meal,
      city,
      at,
      home: slot.endPoint ?? slot.startPoint ?? city.coordinates,
      free: freeRestaurants(skip).filter((r) => servesMeal(r, meal)),
      cuisinesToCover,
      dishesTaken: meal === 'lunch' ? dishesToday : new Set([...dishesToday, ...lunchDishes]),
      dishesRecent: dishesYesterday,
      priceTarget: (() => {
        const at = priceTargetFor(input.request, meal);
        return at === undefined ? undefined : { at, position };
      })(),
      strategy: input.options.restaurantStrategy,
      avoid: new Set([
        ...splurgesToAvoid(splurges, avoidSplurges || meal === 'breakfast', [
          ...reservedRestaurants,
          ...input.usedRestaurants,
        ]),
        ...bars,
      ]),
      cheapest,
      priciest,
    });

  /** Places a meal at the best restaurant whose hours fit (trying a few); false when none fits. */
  const tryMeal = (meal: MealType): boolean => {
    const w = MEAL_WINDOWS[meal];
    // The city's last few restaurants are kept for lunch and dinner, and a morning sight is reached
    // early: breakfast is at the hotel.
    if (
      meal === 'breakfast' &&
      (freeRestaurants(new Set()).filter((r) => isProperMeal(r, 'dinner')).length <= LAST_RESTAURANTS ||
        earlyStart)
    )
      return true;
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
      if (windowStart > w.to) continue;
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
      for (const c of [...cuisinesToCover]) if (cuisineMet(c, r.cuisines)) cuisinesToCover.delete(c);
      travel += leg?.durationMinutes ?? 0;
      t = start + w.minutes;
      pos = r.coordinates ?? pos;
      return true;
    }
    return false;
  };

  /**
   * The shorter length of a long visit starting at `arrive` that would otherwise run through the
   * whole lunch window: it ends in time for lunch when at least 70% of it (and an hour) is left;
   * null when it needs no change or cannot give way.
   */
  const shortenedForLunch = (a: Attraction, arrive: number, duration: number): number | null => {
    if (mealsLeft[0] !== 'lunch') return null;
    const w = MEAL_WINDOWS.lunch;
    if (arrive >= w.from || arrive + duration <= w.to - w.minutes + 30) return null;
    // Time to reach the likely lunch place from the sight (far from town, the way back in).
    const lunchAt = pickRestaurant('lunch', a.coordinates, new Set());
    const way = lunchAt
      ? (legBetween(local, city, a.coordinates, lunchAt.coordinates)?.durationMinutes ?? 0)
      : 15;
    const endBy = w.to - 30 - way;
    const trimmed = endBy - arrive;
    return trimmed >= Math.max(60, 0.7 * duration) && trimmed < duration ? trimmed : null;
  };

  const mealDue = (meal: MealType, nextEnd: number) => {
    const w = MEAL_WINDOWS[meal];
    // Due when the window is open, or the next activity would run past the latest start; past the
    // usual time only when the window is near (early in the morning a long visit comes first and
    // lunch after it, rather than lunch at 11:30 and the visit squeezed before closing).
    const latest = w.to - w.minutes + 30;
    return t >= w.from + 15 || nextEnd > latest || (nextEnd > w.preferredBy && t + 45 >= w.from);
  };

  /**
   * Serves the meals due before something that takes `span` minutes from now (breakfast only when
   * asked); a function span is measured again after each meal (the clock and place have moved).
   */
  const serveDueMeals = (span: number | (() => number), breakfastOnly = false) => {
    while (
      mealsLeft.length > 0 &&
      (!breakfastOnly || mealsLeft[0] === 'breakfast') &&
      mealDue(mealsLeft[0]!, t + (typeof span === 'number' ? span : span()))
    ) {
      const meal = mealsLeft.shift()!;
      if (mealWindowClosed(MEAL_WINDOWS[meal], t)) {
        missedMeals.push({ meal, reason: 'no time left in the meal window' });
        continue;
      }
      if (!tryMeal(meal)) missedMeals.push({ meal, reason: 'no open restaurant left in this city' });
    }
  };

  /** True when a restaurant for lunch is close to the sight (a split visit eats there, not across town). */
  const lunchNear = (a: Attraction): boolean => {
    if (!a.coordinates) return false;
    const km = a.dayTrip ? 8 : 2;
    return input.restaurants.some(
      (r) =>
        !reservedRestaurants.has(r.id) &&
        !input.usedRestaurants.has(r.id) &&
        servesMeal(r, 'lunch') &&
        isProperMeal(r, 'lunch') &&
        !!r.coordinates &&
        haversineKm(a.coordinates!, r.coordinates) <= km,
    );
  };

  /**
   * Minutes from now to the end of a visit of `duration`: the way there, then the visit, which a
   * long one ends at closing time (a theme park from after lunch to its closing), so a meal is not
   * brought forward for time the visit never takes (dinner at 17:30 before a theme park).
   */
  const expectedSpan = (a: Attraction, duration: number): number => {
    const way = legBetween(local, city, pos, a.coordinates)?.durationMinutes ?? 0;
    if (duration < LONG_VISIT) return way + duration;
    const arrive = t + way;
    const intervals = intervalsOn(hoursOn(a, slot.date), slot.date) ?? ASSUMED_DAY_HOURS;
    const close = [...intervals].sort((x, y) => x[0] - y[0]).find(([, c]) => c > arrive)?.[1];
    return close === undefined ? way + duration : way + Math.min(duration, Math.max(0, close - arrive));
  };

  /**
   * On a compact day (two headline sights that would not both fit otherwise) a visit of two to
   * three hours keeps only its worthwhile core; longer ones are already cut to closing time.
   */
  const compactVisit = (_a: Attraction, d: number): number =>
    compact && d >= COMPACT_FROM && d < LONG_VISIT ? shortestVisit(_a, d) : d;

  /**
   * True when leaving a sight in town for lunch and going back is worth it: an hour or more on
   * each side of lunch, the closing time counted (not 40 minutes back in the Grand Palace before it
   * closes at 15:30: lunch first, then the whole visit), or no other way to fit the visit. A day
   * trip or a theme park always is.
   */
  const worthSplitting = (a: Attraction, arrive: number, duration: number): boolean => {
    if (a.dayTrip || duration >= WHOLE_DAY_VISIT) return true;
    const lw = MEAL_WINDOWS.lunch;
    const intervals = intervalsOn(hoursOn(a, slot.date), slot.date) ?? ASSUMED_DAY_HOURS;
    const open = [...intervals].sort((x, y) => x[0] - y[0]).find(([, c]) => c > arrive);
    if (!open) return false;
    const start = Math.max(arrive, open[0]);
    const lunchAt = Math.min(Math.max(start + duration / 2, lw.from), lw.to - lw.minutes);
    const before = lunchAt - start;
    const resume = lunchAt + lw.minutes + 30;
    const after = Math.min(duration - before, open[1] - resume);
    if (before >= MIN_PART && after >= MIN_PART) return true;
    // Not worth it when the whole visit still fits after lunch; else a split visit beats none.
    const afterLunch = Math.max(arrive, lw.from) + lw.minutes + 30;
    const fitsAfterLunch =
      afterLunch + duration <= open[1] ||
      (duration >= LONG_VISIT && open[1] - afterLunch >= shortestVisit(a, duration));
    return !fitsAfterLunch;
  };

  // A morning sight (pandas are active in the morning) is the day's first visit when the day has a
  // morning; the others keep their order.
  const queue =
    slot.start < MORNING_UNTIL
      ? [...order.filter((a) => a.bestTime === 'morning'), ...order.filter((a) => a.bestTime !== 'morning')]
      : [...order];
  const earlyStart = queue[0]?.bestTime === 'morning' && slot.start < MORNING_UNTIL;
  for (let i = 0; i < queue.length; i++) {
    let a = queue[i]!;
    let leg = legBetween(local, city, pos, a.coordinates);
    let duration = compactVisit(a, visitMinutes(a, pace));
    // A long visit would push the next meal ahead and leave an idle gap before its window opens:
    // bring forward a later place that fits before the meal instead (local reordering).
    const next = mealsLeft[0];
    if (
      a.bestTime !== 'morning' &&
      next &&
      t + 45 < MEAL_WINDOWS[next].from &&
      mealDue(next, t + (leg?.durationMinutes ?? 0) + duration)
    ) {
      const latest = MEAL_WINDOWS[next].to - MEAL_WINDOWS[next].minutes;
      for (let j = i + 1; j < queue.length; j++) {
        const b = queue[j]!;
        const bLeg = legBetween(local, city, pos, b.coordinates);
        if (t + (bLeg?.durationMinutes ?? 0) + compactVisit(b, visitMinutes(b, pace)) <= latest) {
          [queue[i], queue[j]] = [b, a];
          a = b;
          leg = bLeg;
          duration = compactVisit(b, visitMinutes(b, pace));
          break;
        }
      }
    }
    // After a long journey the afternoon stays light: a few hours of sights at most.
    if (slot.restUntil !== undefined) {
      if (lightLeft() < MIN_PART) {
        dropped.push(a);
        continue;
      }
    }
    // A long visit (a day-trip sight, a theme park, a great museum): lunch is eaten there, in the
    // middle of the visit, not back in town or before a late start.
    // Only when the visit starts before the latest lunch time; else lunch comes first.
    const lunchLatest = MEAL_WINDOWS.lunch.to - MEAL_WINDOWS.lunch.minutes;
    const lunchThere =
      duration >= LUNCH_INSIDE &&
      mealsLeft.includes('lunch') &&
      // (A day trip reached by the latest lunch time still has lunch there, not back in town.)
      t + (mealsLeft[0] === 'breakfast' ? 60 : 0) + (leg?.durationMinutes ?? 0) <
        lunchLatest - (a.dayTrip ? 0 : 30) &&
      (!!a.dayTrip || t + (leg?.durationMinutes ?? 0) + duration > MEAL_WINDOWS.lunch.preferredBy) &&
      worthSplitting(
        a,
        t + (mealsLeft[0] === 'breakfast' ? 60 : 0) + (leg?.durationMinutes ?? 0),
        duration,
      ) &&
      lunchNear(a);
    if (!lunchThere) {
      // Breakfast first, then: a long visit that would run through the whole lunch window gives
      // way to lunch (shortened to end in time for it) rather than lunch at 11:30 after an idle
      // wait, or no lunch at all.
      serveDueMeals((leg?.durationMinutes ?? 0) + duration, true);
      const trimmed = shortenedForLunch(
        a,
        t + (legBetween(local, city, pos, a.coordinates)?.durationMinutes ?? 0),
        duration,
      );
      if (trimmed !== null) duration = trimmed;
    }
    serveDueMeals(() => expectedSpan(a, duration), lunchThere);
    let legAfterMeal = legBetween(local, city, pos, a.coordinates);
    const intervals = intervalsOn(hoursOn(a, slot.date), slot.date) ?? ASSUMED_DAY_HOURS;
    let start: number | null = null;
    const fitStart = () => {
      // No sightseeing before the rest after a long flight (meals may come first).
      const arrive = Math.max(t + (legAfterMeal?.durationMinutes ?? 0), slot.restUntil ?? 0);
      start = fitInHours(intervals, arrive, duration, MAX_WAIT_MINUTES);
      // A long visit the hours cut short is shortened to the closing time when enough of it is
      // left (a theme park from 10:00 to closing, the Great Wall until the last cable car).
      if (start === null && duration >= LONG_VISIT) {
        // A full-day sight on a part-day keeps its core (an afternoon on the Great Wall).
        const least =
          a.dayTrip && !slot.fullDay
            ? Math.min(duration, PART_DAY_CORE)
            : shortestVisit(a, duration, compact);
        for (const [o, c] of [...intervals].sort((x, y) => x[0] - y[0])) {
          const s = Math.max(arrive, o);
          if (s - arrive > MAX_WAIT_MINUTES || c - s < least) continue;
          start = s;
          duration = c - s;
          break;
        }
      }
    };
    fitStart();
    // Leave room for the meals still to come (and the way to them) before the slot ends.
    let reserve = mealsLeft.reduce((sum, m) => sum + MEAL_WINDOWS[m].minutes + 15, 0);
    const lw = MEAL_WINDOWS.lunch;
    const splitAt = (s: number) => {
      const lunchAt = Math.min(Math.max(s + duration / 2, lw.from), lw.to - lw.minutes);
      const before = Math.round(Math.max(45, lunchAt - s));
      const close = intervals.find(([o, c]) => s >= o && s < c)?.[1] ?? slot.end;
      // At least 45 minutes more after lunch before closing, and the rest of the day still fits.
      const afterLunch = s + before + lw.minutes + 15;
      const fits =
        afterLunch + 45 <= close &&
        afterLunch + 45 + reserve - (lw.minutes + 15) <= Math.min(slot.end, visitLimit);
      return { before, close, fits };
    };
    const split = lunchThere && start !== null && start < lw.to - lw.minutes ? splitAt(start) : null;
    // No room for the rest after lunch: a day trip is not worth it; a place in town is visited in
    // one go (shortened when need be), after lunch while its window is open (else lunch would be
    // lost to the visit), or with lunch after it.
    if (split && !split.fits && a.dayTrip) {
      dropped.push(a);
      continue;
    }
    if (split && !split.fits && !mealWindowClosed(lw, t) && t + 30 >= lw.from) {
      mealsLeft.splice(mealsLeft.indexOf('lunch'), 1);
      if (tryMeal('lunch')) {
        legAfterMeal = legBetween(local, city, pos, a.coordinates);
        fitStart();
        reserve = mealsLeft.reduce((sum, m) => sum + MEAL_WINDOWS[m].minutes + 15, 0);
      } else missedMeals.push({ meal: 'lunch', reason: 'no open restaurant left in this city' });
    }
    if (split && split.fits && start !== null) {
      const { before, close } = split;
      visit(a, start, start + before, legAfterMeal);
      mealsLeft.splice(mealsLeft.indexOf('lunch'), 1);
      if (!tryMeal('lunch')) missedMeals.push({ meal: 'lunch', reason: 'no open restaurant near the sight' });
      // The rest of the visit after lunch, shortened to the closing time when need be, and so
      // that dinner (back in town after a day trip) is still at a usual hour.
      const back = legBetween(local, city, pos, a.coordinates);
      const resume = t + (back?.durationMinutes ?? 0);
      const restReserve = reserve - (lw.minutes + 15);
      let end = Math.min(resume + (duration - before), close, visitLimit - restReserve);
      if (mealsLeft.includes('dinner')) {
        const dw = MEAL_WINDOWS.dinner;
        const wayBack = a.dayTrip?.minutesEachWay ?? 0;
        end = Math.min(end, Math.max(resume + 60, dw.preferredBy - 15 - wayBack));
      }
      if (end - resume >= 30) {
        visit(a, resume, end, back, true);
      }
      continue;
    }
    const dinnerReserve = mealsLeft.includes('dinner') ? MEAL_WINDOWS.dinner.minutes + 15 : 0;
    const limitReserve = visitLimit < slot.end ? reserve - dinnerReserve : reserve;
    // A long visit that would run into the end of the slot ends earlier when enough of it is left.
    if (start !== null && duration >= 90 && start + duration + limitReserve > visitLimit) {
      const cut = visitLimit - limitReserve - 15 - start;
      if (cut >= shortestVisit(a, duration, compact)) duration = cut;
    }
    if (start === null || start + duration + limitReserve > visitLimit) {
      dropped.push(a);
      continue;
    }
    // The light afternoon after a long journey: the visit is cut to the hours left for sights.
    if (slot.restUntil !== undefined) duration = Math.min(duration, lightLeft());
    visit(a, start, start + duration, legAfterMeal);
  }
  // The evening thing (a show, a night market, a night view): after dinner, or before it when it
  // ends too early for after (a 18:00 show, dinner at 19:00); at most two hours of a long visit.
  const eveningSpan = evening ? Math.min(visitMinutes(evening, pace), EVENING_MAX_MINUTES) : 0;
  const eveningStart = (from: number, fromVenue = false): number | null => {
    if (!evening || slot.end < PACE_DAY[pace].end) return null;
    // After dinner the party is by the venue (dinner is chosen near it).
    const leg = fromVenue ? null : legBetween(input.local, city, pos, evening.coordinates);
    const arrive = Math.max(from + (fromVenue ? 10 : (leg?.durationMinutes ?? 0)), EVENING_START);
    const intervals = intervalsOn(hoursOn(evening, slot.date), slot.date) ?? [[18 * 60, 22 * 60]];
    const start = fitInHours(intervals, arrive, eveningSpan, 180);
    return start === null || start + eveningSpan > dayEnd ? null : start;
  };
  let eveningDone = false;
  const placeEvening = (start: number) => {
    const leg = legBetween(input.local, city, pos, evening!.coordinates);
    visit(evening!, start, start + eveningSpan, leg, false, true);
    eveningDone = true;
  };
  if (evening && mealsLeft.length === 1 && mealsLeft[0] === 'dinner') {
    const dw = MEAL_WINDOWS.dinner;
    const afterDinner = eveningStart(Math.max(t + 10, dw.from) + dw.minutes, true);
    const before = afterDinner === null ? eveningStart(t) : null;
    // Before dinner only when dinner still comes at a usual hour after it.
    if (before !== null && before + eveningSpan + 15 <= Math.min(dw.to - 10, dw.preferredBy + 60))
      placeEvening(before);
  }
  // Remaining meals (typically dinner) after the last visit.
  while (mealsLeft.length > 0) {
    const meal = mealsLeft.shift()!;
    const w = MEAL_WINDOWS[meal];
    if (mealWindowClosed(w, t)) {
      missedMeals.push({ meal, reason: 'no time left in the meal window' });
      continue;
    }
    if (!tryMeal(meal)) missedMeals.push({ meal, reason: 'no open restaurant left in this city' });
  }
  if (evening && !eveningDone) {
    const start = eveningStart(t);
    if (start === null) dropped.push(evening);
    else placeEvening(start);
  }
  return { items, missedMeals, dropped, travelMinutes: travel };
}
