/**
 * Our {@link TravelPlan} -> TravelPlanner's plan format (one object per day: current_city,
 * transportation, breakfast, attraction, lunch, dinner, accommodation).
 *
 * Read from the plan: each day's activities (type, mealType, city, name, start time), the day's
 * accommodationId (else the stay whose check-in..check-out covers the night), the flights
 * (flightNumber, departureCity/arrivalCity, local times) and the intercity legs of transportation
 * activities (travelLeg: mode, from, to, minutes, km, cost for the party, vehicles).
 */
import type {
  AccommodationBooking,
  FlightBooking,
  ItineraryActivity,
  ItineraryDay,
  TravelLeg,
  TravelPlan,
} from '../../../agents/schemas/travel-plan.js';
import { formatCost, formatDistance, formatDuration, normalizeCity, type BenchPlanDay } from './format.js';

const INTERCITY_MODES = new Set<TravelLeg['mode']>(['flight', 'self_driving', 'train', 'bus']);

interface DayLeg {
  mode: TravelLeg['mode'];
  from: string;
  to: string;
  text: string;
  /** Departure instant (ms) when known, for ordering. */
  at: number;
}

const key = (s: string | null | undefined) => normalizeCity(String(s ?? '')).toLowerCase();
/** Local `YYYY-MM-DD` and `HH:MM` of an ISO date-time written with the local offset. */
const localDate = (iso: string) => iso.slice(0, 10);
const localClock = (iso: string) => iso.slice(11, 16);
/** "tp:Dallas" -> "Dallas" (a city id written where a name was expected). */
const cityLabel = (s: string | null | undefined) => normalizeCity(String(s ?? '').replace(/^[a-z]+:/i, ''));

function flightText(f: FlightBooking, from: string, to: string): string {
  return `Flight Number: ${f.flightNumber}, from ${from} to ${to}, Departure Time: ${localClock(f.departureTime)}, Arrival Time: ${localClock(f.arrivalTime)}`;
}

function groundText(leg: TravelLeg, from: string, to: string): string {
  const label =
    leg.mode === 'self_driving' ? 'Self-driving' : leg.mode.charAt(0).toUpperCase() + leg.mode.slice(1);
  const perUnit = leg.units > 0 ? leg.cost / leg.units : leg.cost;
  return `${label}, from ${from} to ${to}, duration: ${formatDuration(leg.durationMinutes)}, distance: ${formatDistance(leg.distanceKm)}, cost: ${formatCost(perUnit)}`;
}

function mealOf(a: ItineraryActivity): 'breakfast' | 'lunch' | 'dinner' | null {
  if (a.mealType) return a.mealType;
  if (!a.startTime) return null;
  const hour = Number(a.startTime.slice(11, 13));
  return hour < 11 ? 'breakfast' : hour < 16 ? 'lunch' : 'dinner';
}

const startOf = (a: ItineraryActivity) => (a.startTime ? Date.parse(a.startTime) : NaN);

const ATTRACTION_TYPES = new Set<ItineraryActivity['type']>(['sightseeing', 'shopping', 'other']);

/** Converts a plan; days in dayNumber order. */
export function toBenchPlan(plan: TravelPlan): BenchPlanDay[] {
  const knownCities = new Set<string>(
    [
      plan.origin,
      ...plan.destinations.flatMap((d) => [d.city, d.name]),
      ...plan.flights.flatMap((f) => [f.departureCity, f.arrivalCity]),
      ...plan.accommodations.map((a) => a.city),
      ...plan.itinerary.flatMap((d) => d.activities.map((a) => a.city)),
    ]
      .filter((c): c is string => !!c)
      .map(key),
  );
  const isIntercity = (leg: TravelLeg) =>
    key(leg.from) !== key(leg.to) &&
    (INTERCITY_MODES.has(leg.mode) ||
      (leg.mode === 'taxi' && knownCities.has(key(leg.from)) && knownCities.has(key(leg.to))));
  const usedFlights = new Set<string>();
  const stayById = new Map(plan.accommodations.map((a) => [a.id, a]));
  const stayFor = (day: ItineraryDay): AccommodationBooking | undefined => {
    if (day.accommodationId) return stayById.get(day.accommodationId);
    if (day.accommodationId === null) return undefined;
    return plan.accommodations.find((a) => a.checkInDate <= day.date && day.date < a.checkOutDate);
  };

  let here = cityLabel(plan.origin);
  const days = [...plan.itinerary].sort((a, b) => a.dayNumber - b.dayNumber);
  return days.map((day, i): BenchPlanDay => {
    const legs: DayLeg[] = [];
    const addFlight = (f: FlightBooking, from: string, to: string) => {
      usedFlights.add(f.id);
      legs.push({ mode: 'flight', from, to, text: flightText(f, from, to), at: Date.parse(f.departureTime) });
    };
    const flightsToday = plan.flights.filter((f) => localDate(f.departureTime) === day.date);
    for (const a of day.activities) {
      const leg = a.travelLeg;
      if (!leg || !isIntercity(leg)) continue;
      const from = knownCities.has(key(leg.from)) ? cityLabel(leg.from) : here;
      const to = knownCities.has(key(leg.to)) ? cityLabel(leg.to) : cityLabel(a.city ?? leg.to);
      if (legs.some((l) => l.mode === leg.mode && key(l.from) === key(from) && key(l.to) === key(to)))
        continue;
      if (leg.mode === 'flight') {
        const booking =
          flightsToday.find(
            (f) =>
              !usedFlights.has(f.id) && key(f.departureCity) === key(from) && key(f.arrivalCity) === key(to),
          ) ??
          plan.flights.find(
            (f) => !usedFlights.has(f.id) && (f.id === a.placeId || a.name.includes(f.flightNumber)),
          );
        if (booking) {
          addFlight(booking, from, to);
          continue;
        }
        const number = /\b[A-Z]{1,2}\d{3,}\b/.exec(a.name)?.[0] ?? a.name;
        const times =
          a.startTime && a.endTime
            ? `, Departure Time: ${localClock(a.startTime)}, Arrival Time: ${localClock(a.endTime)}`
            : '';
        legs.push({
          mode: 'flight',
          from,
          to,
          text: `Flight Number: ${number}, from ${from} to ${to}${times}`,
          at: startOf(a),
        });
        continue;
      }
      legs.push({ mode: leg.mode, from, to, text: groundText(leg, from, to), at: startOf(a) });
    }
    for (const f of flightsToday) {
      if (usedFlights.has(f.id)) continue;
      const from = cityLabel(f.departureCity ?? f.departureAirport);
      const to = cityLabel(f.arrivalCity ?? f.arrivalAirport);
      if (legs.some((l) => l.mode === 'flight' && key(l.from) === key(from) && key(l.to) === key(to)))
        continue;
      addFlight(f, from, to);
    }
    // Stable: legs without a time keep the activities' order.
    legs.sort((a, b) => (Number.isNaN(a.at) || Number.isNaN(b.at) ? 0 : a.at - b.at));

    const stay = stayFor(day);
    const stayCity = stay ? cityLabel(stay.city ?? stay.address) : undefined;
    let currentCity: string;
    let endCity: string;
    if (legs.length > 0) {
      const from = legs[0]!.from;
      endCity = legs[legs.length - 1]!.to;
      currentCity = `from ${from} to ${endCity}`;
    } else {
      const activityCities = day.activities.map((a) => a.city).filter((c): c is string => !!c);
      endCity =
        stayCity ??
        (activityCities[0] ? cityLabel(activityCities[0]) : i === 0 ? cityLabel(day.destination) : here);
      currentCity = endCity;
    }
    here = endCity;

    const cityOf = (a: ItineraryActivity) => (a.city ? cityLabel(a.city) : endCity);
    const meals: Record<'breakfast' | 'lunch' | 'dinner', string> = {
      breakfast: '-',
      lunch: '-',
      dinner: '-',
    };
    for (const a of day.activities) {
      if (a.type !== 'dining') continue;
      const slot = mealOf(a);
      if (slot && meals[slot] === '-') meals[slot] = `${a.name}, ${cityOf(a)}`;
    }
    const sights = day.activities
      .filter((a) => ATTRACTION_TYPES.has(a.type))
      .map((a) => `${a.name}, ${cityOf(a)};`);

    return {
      days: i + 1,
      current_city: currentCity,
      transportation: legs.length > 0 ? legs.map((l) => l.text).join('; ') : '-',
      breakfast: meals.breakfast,
      attraction: sights.length > 0 ? sights.join('') : '-',
      lunch: meals.lunch,
      dinner: meals.dinner,
      accommodation: stay ? `${stay.name}, ${stayCity ?? endCity}` : '-',
    };
  });
}
