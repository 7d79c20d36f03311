/**
 * Day slots: the free windows of every day in each city, around the chosen transport (the morning
 * before leaving a city, the afternoon after arriving, the whole day when nobody travels).
 */
import { addDays } from './calendar.js';
import type { HotelCandidate } from './hotel-agent.js';
import { PACE_DAY, mealsInWindow, type DaySlot } from './itinerary-agent.js';
import { bufferAfter, bufferBefore, legTiming } from './transport-agent.js';
import type { CityStay, Gathered, LegChoice, Resolved } from './trip-context.js';

/** The stay whose night `day` is (none on the last day or a day without a night). */
export function stayOfNightOn(stays: CityStay[], day: number): CityStay | undefined {
  return stays.find((s) => day >= s.arrivalDay && day < s.arrivalDay + s.nights);
}

/** Free windows of every day for the itinerary agent, in day order. */
export function daySlots(
  r: Resolved,
  g: Gathered,
  transport: { choices: LegChoice[] } | null,
  hotelChoices: Map<string, HotelCandidate | null>,
): DaySlot[] {
  const pace = PACE_DAY[r.request.pace];
  const legTimes = transport?.choices.map(legTiming) ?? [];
  const slots: DaySlot[] = [];
  const rainyOn = (date: string) => {
    const w = g.weather.get(date);
    return !!w && (w.condition === 'rainy' || w.condition === 'stormy' || w.precipitationChance >= 70);
  };
  const stayOfNight = (day: number) => stayOfNightOn(g.stays, day);
  for (let day = 1; day <= r.days; day++) {
    const date = addDays(r.startDate, day - 1);
    const legsToday = g.legs.map((l, i) => ({ l, i })).filter((x) => x.l.dayNumber === day);
    const hotelOf = (s: CityStay | undefined) =>
      s ? hotelChoices.get(s.city.id)?.offer.coordinates : undefined;
    if (legsToday.length === 0) {
      const stay = stayOfNight(day)!;
      slots.push({
        dayNumber: day,
        date,
        city: stay.city,
        start: pace.start,
        end: pace.end,
        startPoint: hotelOf(stay) ?? stay.city.coordinates,
        meals: mealsInWindow(pace.start, pace.end),
        rainy: rainyOn(date),
        fullDay: true,
      });
      continue;
    }
    // Morning part in the city being left (not on day 1: that is the origin).
    for (const { l, i } of legsToday) {
      const t = legTimes[i];
      if (!t) continue;
      const choice = transport!.choices[i]!;
      if (day > 1 && l.from.id !== r.origin.id) {
        const end = Math.min(pace.end, t.depart - bufferBefore(choice));
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
            meals: mealsInWindow(start, end),
            rainy: rainyOn(date),
            fullDay: false,
          });
        }
      }
      if (l.to.id !== r.origin.id) {
        const start = Math.max(pace.start, t.arrive + bufferAfter(choice));
        // A day trip returns the same day: stop before the return leg.
        const ret = legsToday.find((x) => x.l.from.id === l.to.id);
        const retT = ret ? legTimes[ret.i] : undefined;
        // A late arrival still gets dinner (restaurants serve until about 22:00).
        const end =
          retT && ret
            ? Math.min(pace.end, retT.depart - bufferBefore(transport!.choices[ret.i]!))
            : Math.max(pace.end, 22 * 60);
        if (end - start >= 45 && t.arrive < 1440) {
          slots.push({
            dayNumber: day,
            date,
            city: l.to,
            start,
            end,
            startPoint: l.to.coordinates,
            meals: mealsInWindow(start, end),
            rainy: rainyOn(date),
            fullDay: false,
          });
        }
      }
    }
  }
  return slots;
}
