/**
 * Day slots: the free windows of every day in each city, around the chosen transport (the morning
 * before leaving a city, the afternoon after arriving, the whole day when nobody travels).
 */
import { addDays } from './calendar.js';
import type { HotelCandidate } from './hotel-agent.js';
import { mealWindowsFor, mealsInSpan } from './meal-rules.js';
import { PACE_DAY, mealsInWindow, type DaySlot } from './itinerary-types.js';
import type { LegPlan } from './transport-agent.js';
import type { CityStay, Gathered, Resolved } from './trip-context.js';

/** After a long-haul flight the afternoon starts no earlier than this (rest, hotel check-in). */
const LONG_HAUL_REST_UNTIL = 15 * 60;

/** The stay whose night `day` is (none on the last day or a day without a night). */
export function stayOfNightOn(stays: CityStay[], day: number): CityStay | undefined {
  return stays.find((s) => day >= s.arrivalDay && day < s.arrivalDay + s.nights);
}

/** Free windows of every day for the itinerary agent, in day order. */
export function daySlots(
  r: Resolved,
  g: Gathered,
  transport: { plans: LegPlan[] } | null,
  hotelChoices: Map<string, HotelCandidate | null>,
): DaySlot[] {
  const pace = PACE_DAY[r.request.pace];
  const plans = transport?.plans ?? [];
  const slots: DaySlot[] = [];
  const rainyOn = (date: string) => {
    const w = g.weather.get(date);
    return !!w && (w.condition === 'rainy' || w.condition === 'stormy' || w.precipitationChance >= 70);
  };
  const stayOfNight = (day: number) => stayOfNightOn(g.stays, day);
  const hotelOf = (s: CityStay | undefined) =>
    s ? hotelChoices.get(s.city.id)?.offer.coordinates : undefined;
  /**
   * Free window after an arrival: after a long flight, lunch when it is lunchtime, then a rest
   * (check-in is usually from about 15:00) before an easy afternoon and dinner at the local hour.
   */
  const arrivalWindow = (
    p: LegPlan,
    freeFrom: number,
    end: number,
    city: CityStay['city'],
  ): [number, number, number | undefined] => {
    const start = Math.max(pace.start, freeFrom);
    if (!p.longHaul) return [start, end, undefined];
    // After a long ride (an overnight or 8-hour train, a whole day's drive) there is no hotel rest to wait for: the evening
    // stays open, with a few hours of sights at most (a rest "until now" marks the light slot).
    if (p.choice.kind !== 'flight') return [start, end, start];
    const rest = Math.max(start + 60, LONG_HAUL_REST_UNTIL);
    const dinner = mealWindowsFor(city.country).dinner;
    const lastOut = Math.min(end, Math.max(rest + 90, 19 * 60 + 30, dinner.from + dinner.minutes));
    // Lunch before the rest only when it is lunchtime on landing; else the day starts after the rest.
    const lunchFirst = mealsInSpan(start, rest, city.country).includes('lunch');
    return [lunchFirst ? start : rest, lastOut, lunchFirst ? rest : undefined];
  };
  // Arrivals that land on a later day than they leave (long-haul, overnight): that day starts after landing.
  const lateArrivals = new Map<number, { plan: LegPlan; freeFrom: number }>();
  const inTransit = new Set<number>();
  g.legs.forEach((l, i) => {
    const p = plans[i];
    if (!p || l.to.id === r.origin.id || p.freeFrom < 1440) return;
    const offset = Math.floor(p.freeFrom / 1440);
    lateArrivals.set(l.dayNumber + offset, { plan: p, freeFrom: p.freeFrom - 1440 * offset });
    // Whole days in between are spent travelling.
    for (let d = l.dayNumber + 1; d < l.dayNumber + offset; d++) inTransit.add(d);
  });
  for (let day = 1; day <= r.days; day++) {
    const date = addDays(r.startDate, day - 1);
    const legsToday = g.legs.map((l, i) => ({ l, i })).filter((x) => x.l.dayNumber === day);
    if (legsToday.length === 0) {
      if (inTransit.has(day)) continue;
      const stay = stayOfNight(day)!;
      const late = lateArrivals.get(day);
      const [start, end, restUntil] = late
        ? arrivalWindow(late.plan, late.freeFrom, pace.end, stay.city)
        : [pace.start, pace.end, undefined];
      if (end - start < 45) continue;
      slots.push({
        dayNumber: day,
        date,
        city: stay.city,
        start,
        end,
        startPoint: hotelOf(stay) ?? stay.city.coordinates,
        meals: mealsInWindow(start, end, stay.city.country),
        restUntil,
        rainy: rainyOn(date),
        fullDay: !late,
      });
      continue;
    }
    for (const { l, i } of legsToday) {
      const p = plans[i];
      if (!p) continue;
      // Morning part in the city being left (not on day 1: that is the origin), until the transfer to the hub.
      if (day > 1 && l.from.id !== r.origin.id) {
        const end = Math.min(pace.end, p.freeUntil);
        const previous = stayOfNight(day - 1);
        // An early start is worth it on a travel day: breakfast before leaving.
        const start = Math.min(pace.start, Math.max(7 * 60 + 15, end - 60));
        if (end - start >= 40) {
          slots.push({
            dayNumber: day,
            date,
            city: l.from,
            start,
            end,
            startPoint: hotelOf(previous) ?? l.from.coordinates,
            meals: mealsInWindow(start, end, l.from.country),
            rainy: rainyOn(date),
            fullDay: false,
          });
        }
      }
      // Afternoon in the city reached, after the buffer and the transfer (the next day's slot when it lands later).
      if (l.to.id !== r.origin.id && p.freeFrom < 1440) {
        // A day trip returns the same day: stop before the return leg.
        const ret = legsToday.find((x) => x.l.from.id === l.to.id);
        const retPlan = ret ? plans[ret.i] : undefined;
        // A late arrival still gets dinner (restaurants serve until about 22:00).
        const latest = retPlan ? Math.min(pace.end, retPlan.freeUntil) : Math.max(pace.end, 22 * 60);
        const [start, end, restUntil] = arrivalWindow(p, p.freeFrom, latest, l.to);
        if (end - start >= 45) {
          const night = stayOfNight(day);
          slots.push({
            dayNumber: day,
            date,
            city: l.to,
            start,
            end,
            startPoint: (night?.city.id === l.to.id ? hotelOf(night) : undefined) ?? l.to.coordinates,
            meals: mealsInWindow(start, end, l.to.country),
            restUntil,
            rainy: rainyOn(date),
            fullDay: false,
          });
        }
      }
    }
  }
  return slots;
}
