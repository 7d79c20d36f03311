/**
 * Transport agent: the cost of ground options for the party, when a ground leg departs, and the
 * choice of a way for every leg of the trip under the trip-wide rules, plus the buffers a leg
 * needs at either end.
 */
import type { GroundOption } from '../ports/providers.js';
import type { BudgetLevel } from './budget-agent.js';
import { daysBetween } from './calendar.js';
import { PACE_DAY } from './itinerary-agent.js';
import { parseClockTime } from './opening-hours.js';
import type { Leg, LegChoice, Resolved } from './trip-context.js';
import type { PlannerDeps } from './types.js';

/** Vehicles needed for the party (a taxi or car takes `capacity` people, 4 by default). */
export function vehicles(people: number, capacity: number | undefined): number {
  return Math.max(1, Math.ceil(people / Math.max(1, capacity ?? 4)));
}

/** Cost of a ground option for the party in the plan currency. */
export function groundCost(o: GroundOption, r: Resolved, deps: PlannerDeps): { cost: number; units: number } {
  const units = o.unit === 'person' ? r.people : vehicles(r.people, o.capacity);
  return { cost: deps.providers.rates.convert(o.cost * units, o.currency, r.currency), units };
}

/**
 * Departure time chosen for a ground leg (minutes after midnight): early enough to arrive for
 * dinner on long drives, after breakfast otherwise, and on transfer and return days after the
 * morning when the journey is short.
 */
export function groundDeparture(leg: Leg, lastDay: number, durationMinutes: number): number {
  if (leg.dayNumber === 1) return durationMinutes > 720 ? 6 * 60 : durationMinutes > 600 ? 7 * 60 : 8 * 60;
  if (leg.dayNumber === lastDay)
    return durationMinutes <= 240 ? 16 * 60 : durationMinutes <= 600 ? 10 * 60 : 8 * 60 + 30;
  return durationMinutes > 240 ? 8 * 60 + 30 : 14 * 60;
}

/**
 * Chooses a way for every leg. Trip-wide rule: self-driving is never mixed with flights (the car
 * would be left behind). Both families are tried; the cheaper (or, balanced, the cheaper after
 * valuing travel time) wins.
 */
export function chooseTransport(
  legs: Leg[],
  r: Resolved,
  deps: PlannerDeps,
  strategy: BudgetLevel['transport'],
): { choices: LegChoice[]; family: string } | null {
  const timeValuePerMinute = deps.providers.rates.convert(20 / 60, 'USD', r.currency) * r.people;
  const families: { name: string; allowFlight: boolean; allowDrive: boolean }[] = [
    { name: 'no-self-driving', allowFlight: true, allowDrive: false },
    { name: 'no-flight', allowFlight: false, allowDrive: true },
  ];
  const pace = PACE_DAY[r.request.pace];
  /** Sightseeing minutes a leg's timing costs at either end (late arrival, early departure). */
  const lostMinutes = (leg: Leg, t: LegTiming): number => {
    let lost = 0;
    if (leg.to.id !== r.origin.id) lost += Math.max(0, Math.min(t.arrive, pace.end) - pace.start);
    if (leg.from.id !== r.origin.id) lost += Math.max(0, pace.end - Math.max(t.depart, pace.start));
    return lost;
  };
  let best: { choices: LegChoice[]; score: number; family: string } | null = null;
  for (const fam of families) {
    const choices: LegChoice[] = [];
    let score = 0;
    let ok = true;
    for (const leg of legs) {
      let bestLeg: { choice: LegChoice; score: number } | null = null;
      if (fam.allowFlight) {
        for (const f of leg.flights.slice(0, 12)) {
          const cost = deps.providers.rates.convert(f.offer.price * r.people, f.offer.currency, r.currency);
          const lost = lostMinutes(leg, legTiming({ kind: 'flight', flight: f.offer }));
          const s =
            strategy === 'cheapest'
              ? cost
              : cost + (f.offer.durationMinutes + 0.5 * lost) * timeValuePerMinute + f.score * 10;
          if (!bestLeg || s < bestLeg.score)
            bestLeg = { choice: { kind: 'flight', flight: f.offer }, score: s };
        }
      }
      for (const g of leg.ground) {
        if (g.mode === 'self_driving' && !fam.allowDrive) continue;
        const { cost } = groundCost(g, r, deps);
        const choice: LegChoice = {
          kind: 'ground',
          option: g,
          depart: groundDeparture(leg, r.days, g.durationMinutes),
        };
        const lost = lostMinutes(leg, legTiming(choice));
        const s =
          strategy === 'cheapest' ? cost : cost + (g.durationMinutes + 0.5 * lost) * timeValuePerMinute;
        if (!bestLeg || s < bestLeg.score) bestLeg = { choice, score: s };
      }
      if (!bestLeg) {
        ok = false;
        break;
      }
      choices.push(bestLeg.choice);
      score += bestLeg.score;
    }
    if (ok && (!best || score < best.score)) best = { choices, score, family: fam.name };
  }
  return best ? { choices: best.choices, family: best.family } : null;
}

/** When a leg departs and arrives, minutes after midnight of its day (arrival may exceed 1440). */
export interface LegTiming {
  depart: number;
  /** Past 1440 when the arrival is on a later day. */
  arrive: number;
}

/** Departure and arrival of a chosen leg. */
export function legTiming(choice: LegChoice): LegTiming {
  if (choice.kind === 'flight') {
    const depart = parseClockTime(choice.flight.departureTime);
    let arrive = parseClockTime(choice.flight.arrivalTime);
    if (choice.flight.arrivalDate && choice.flight.arrivalDate !== choice.flight.date)
      arrive += 1440 * daysBetween(choice.flight.date, choice.flight.arrivalDate);
    else if (arrive < depart) arrive += 1440;
    return { depart, arrive };
  }
  return { depart: choice.depart, arrive: choice.depart + choice.option.durationMinutes };
}

/** Buffers around intercity travel (minutes): airports need more than stations; a car leaves from the door. */
const BEFORE_FLIGHT = 120;
const BEFORE_GROUND = 45;
const BEFORE_DRIVE = 10;
const AFTER_ARRIVAL = 45;
const AFTER_DRIVE = 15;

/** Minutes to be at the airport or station before the leg departs. */
export function bufferBefore(choice: LegChoice): number {
  if (choice.kind === 'flight') return BEFORE_FLIGHT;
  return choice.option.mode === 'self_driving' || choice.option.mode === 'taxi'
    ? BEFORE_DRIVE
    : BEFORE_GROUND;
}

/** Minutes from the leg's arrival until the traveller is free in the city. */
export function bufferAfter(choice: LegChoice): number {
  if (choice.kind === 'flight') return AFTER_ARRIVAL;
  return choice.option.mode === 'self_driving' || choice.option.mode === 'taxi' ? AFTER_DRIVE : AFTER_ARRIVAL;
}
