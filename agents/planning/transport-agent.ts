/**
 * Transport agent: the cost of ground options for the party, when a ground leg departs, and the
 * choice of a way for every leg of the trip under the trip-wide rules, plus the buffers a leg
 * needs at either end.
 */
import type { CityInfo, GroundOption, Terminal, TransferOption } from '../ports/providers.js';
import type { BudgetLevel } from './budget-agent.js';
import { daysBetween, utcOffsetMinutes } from './calendar.js';
import { LIGHT_ARRIVAL_MINUTES } from './day-simulation.js';
import { PACE_DAY } from './itinerary-types.js';
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
 * A day's driving: a self-drive or taxi ride longer than this is not offered where a train or
 * coach serves the leg (nobody drives 34 hours to Beijing), unless the traveller asked for it.
 */
export const MAX_DRIVE_MINUTES = 720;
/** Sitting in one vehicle beyond this is tiring: the extra minutes weigh more in the choice. */
export const TIRING_RIDE_MINUTES = 300;

/**
 * Extra minutes charged for a long ride: every minute in the vehicle beyond
 * {@link TIRING_RIDE_MINUTES} counts once more, twice more for a party that travels slowly
 * (seniors, small children, a relaxed pace), so a 3-hour flight beats an 8-hour train for
 * grandparents while a 4-hour high-speed train still beats flying.
 */
export function tiringMinutes(inVehicleMinutes: number, r: Pick<Resolved, 'request'>): number {
  return Math.max(0, inVehicleMinutes - TIRING_RIDE_MINUTES) * (gentleParty(r) ? 2 : 1);
}

/** A party that travels slowly: seniors, children under 6, or a relaxed pace asked for. */
export function gentleParty(r: Pick<Resolved, 'request'>): boolean {
  const t = r.request.travelers;
  return r.request.pace === 'relaxed' || (t.seniors ?? 0) > 0 || (t.childAges ?? []).some((a) => a < 6);
}

/** Lost minutes charged per minute a journey home leaves outside the time asked for. */
const RETURN_WINDOW_WEIGHT = 4;

const clockMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Rail with at least this many departures a day can be taken at any reasonable hour. */
const FREQUENT_RAIL = 10;
/** Leaving the hotel before this, or being free only after {@link LATEST_FREE}, is charged as lost time. */
const EARLIEST_START = 6 * 60 + 30;
const LATEST_FREE = 23 * 60;

/** Departure times tried for a ground leg: the default, and for frequent trains a few through the day. */
function groundDepartures(
  leg: Leg,
  lastDay: number,
  g: GroundOption,
  returnWindow?: readonly [string, string] | null,
): number[] {
  const base = groundDeparture(leg, lastDay, g.durationMinutes);
  // The way home at the time asked for, when the traveller drives or a train runs often.
  const asked = leg.dayNumber === lastDay && returnWindow ? clockMinutes(returnWindow[0]) : null;
  const frequent = g.mode === 'train' && (g.departuresPerDay ?? 0) >= FREQUENT_RAIL;
  if (!frequent) return asked !== null && g.mode === 'self_driving' ? [base, asked] : [base];
  const times = new Set([
    base,
    9 * 60,
    11 * 60,
    14 * 60,
    17 * 60,
    19 * 60,
    ...(asked !== null ? [asked] : []),
  ]);
  // In time for dinner where the trip goes on; home the same evening on the last day.
  const latestArrival = leg.dayNumber === lastDay ? 22 * 60 : 19 * 60 + 30;
  return [...times].filter((t) => t === base || t + g.durationMinutes <= latestArrival).sort((a, b) => a - b);
}

/** One end of a journey at an airport or station: the transfer to or from the centre and the buffer there. */
export interface HubEnd {
  terminal: Terminal;
  transfer: TransferOption;
  /** Party cost of the transfer in the plan currency, and the tickets or vehicles it covers. */
  cost: number;
  units: number;
  /** Minutes at the hub: baggage and immigration after arrival, check-in and security before departure. */
  buffer: number;
}

/** A chosen way for a leg with its timing and both hub ends. */
export interface LegPlan {
  choice: LegChoice;
  timing: LegTiming;
  /** The hub of the city being left (null for a car, or when no hub is known). */
  departure: HubEnd | null;
  /** The hub of the city reached. */
  arrival: HubEnd | null;
  /** Minutes after midnight of the leg's day until which the traveller is free before leaving. */
  freeUntil: number;
  /** Minutes after midnight of the leg's day (past 1440 on a later day) from which the traveller is free again. */
  freeFrom: number;
  /** Cost of the journey and its transfers for the party, plan currency. */
  cost: number;
  /** A long journey (a flight, train or coach of 8 h, a drive of 12 h or more): the arrival afternoon is kept light. */
  longHaul: boolean;
}

/** Before the transfer to a hub: back to the hotel to collect the luggage. */
export const LUGGAGE_MINUTES = 30;

/** Flights of at least this many minutes leave the traveller tired: a light arrival afternoon. */
export const LONG_HAUL_MINUTES = 480;
/**
 * A train or coach ride this long (an overnight sleeper, a 10-hour ride) tires as much as a long
 * flight: the traveller has slept badly or sat all day, and the arrival day stays light.
 */
export const LONG_RIDE_MINUTES = 480;
/**
 * At the wheel (or in a taxi) only a whole day's travel of 12 hours or more does the same: a
 * road trip's driving days are its days, and the day after a long drive stays usable.
 */
export const LONG_GROUND_MINUTES = 720;

/** A journey long enough that the arrival afternoon is kept light. */
export function isLongJourney(choice: LegChoice): boolean {
  if (choice.kind === 'flight') return choice.flight.durationMinutes >= LONG_HAUL_MINUTES;
  const o = choice.option;
  const ride = o.mode === 'train' || o.mode === 'bus';
  return o.durationMinutes >= (ride ? LONG_RIDE_MINUTES : LONG_GROUND_MINUTES);
}

function hubEnd(
  city: CityInfo,
  kind: Terminal['kind'],
  ref: string | undefined,
  direction: 'arrival' | 'departure',
  international: boolean,
  r: Resolved,
  deps: PlannerDeps,
  strategy: BudgetLevel['transport'],
): HubEnd | null {
  const terminal = deps.providers.terminals?.terminal(city, kind, ref);
  if (!terminal || terminal.transfers.length === 0) return null;
  const timeValue = timeValuePerMinute(r, deps);
  let best: { t: TransferOption; cost: number; units: number; score: number } | null = null;
  for (const t of terminal.transfers) {
    const units = t.unit === 'person' ? r.people : vehicles(r.people, t.capacity);
    const cost = deps.providers.rates.convert(t.cost * units, t.currency, r.currency);
    const score = cost + t.durationMinutes * timeValue * (strategy === 'cheapest' ? 0.25 : 1);
    if (!best || score < best.score) best = { t, cost, units, score };
  }
  const buffers = direction === 'arrival' ? terminal.arrivalBuffer : terminal.departureBuffer;
  return {
    terminal,
    transfer: best!.t,
    cost: best!.cost,
    units: best!.units,
    buffer: international ? buffers.international : buffers.domestic,
  };
}

/** What travel time is worth for the party, plan currency per minute (USD 20 an hour each). */
function timeValuePerMinute(r: Resolved, deps: PlannerDeps): number {
  return deps.providers.rates.convert(20 / 60, 'USD', r.currency) * r.people;
}

/** Timing, hub ends and cost of travelling a leg one way. */
export function planLeg(
  leg: Leg,
  choice: LegChoice,
  r: Resolved,
  deps: PlannerDeps,
  strategy: BudgetLevel['transport'] = 'balanced',
): LegPlan {
  const timing = legTiming(choice, leg);
  const international = leg.from.country !== leg.to.country;
  let departure: HubEnd | null = null;
  let arrival: HubEnd | null = null;
  let cost: number;
  if (choice.kind === 'flight') {
    const f = choice.flight;
    departure = hubEnd(leg.from, 'airport', f.fromAirport, 'departure', international, r, deps, strategy);
    arrival = hubEnd(leg.to, 'airport', f.toAirport, 'arrival', international, r, deps, strategy);
    cost = deps.providers.rates.convert(f.price * r.people, f.currency, r.currency);
  } else {
    const o = choice.option;
    if (o.mode === 'train') {
      departure = hubEnd(leg.from, 'station', o.fromStation, 'departure', international, r, deps, strategy);
      arrival = hubEnd(leg.to, 'station', o.toStation, 'arrival', international, r, deps, strategy);
    }
    cost = groundCost(o, r, deps).cost;
  }
  const freeUntil =
    timing.depart -
    (departure
      ? departure.buffer + departure.transfer.durationMinutes + LUGGAGE_MINUTES
      : bufferBefore(choice));
  const freeFrom =
    timing.arrive + (arrival ? arrival.buffer + arrival.transfer.durationMinutes : bufferAfter(choice));
  return {
    choice,
    timing,
    departure,
    arrival,
    freeUntil,
    freeFrom,
    cost: cost + (departure?.cost ?? 0) + (arrival?.cost ?? 0),
    longHaul: isLongJourney(choice),
  };
}

/** A chosen way for every leg of the trip. */
export interface TransportChoice {
  choices: LegChoice[];
  plans: LegPlan[];
  family: string;
  /** Legs where the mode the traveller asked for is not offered at all (another way is used). */
  unmet: { leg: Leg; modes: string[] }[];
}

/**
 * Chooses a way for every leg, door to door: the journey, the check-in and arrival buffers and the
 * transfers between the hubs and the centre, in time and money, plus the sightseeing time the
 * timing costs at either end (an early return flight throws the last day away). Modes the request
 * prefers win wherever a leg offers them. Trip-wide rule: self-driving is never mixed with flights
 * (the car would be left behind); both families are tried and the better one wins.
 */
export function chooseTransport(
  legs: Leg[],
  r: Resolved,
  deps: PlannerDeps,
  strategy: BudgetLevel['transport'],
): TransportChoice | null {
  const timeValue = timeValuePerMinute(r, deps);
  // A car is driven from home and back: it is never mixed with flights, trains or coaches (the
  // car would be left behind, or be missing for the way home); taxis may fill in.
  const families: { name: string; allowFlight: boolean; allowDrive: boolean; allowPublic: boolean }[] = [
    { name: 'no-self-driving', allowFlight: true, allowDrive: false, allowPublic: true },
    { name: 'no-flight', allowFlight: false, allowDrive: true, allowPublic: false },
  ];
  const pace = PACE_DAY[r.request.pace];
  const prefer = new Set<string>(r.request.transport.prefer);
  const window = pace.end - pace.start;
  const gentle = gentleParty(r);
  const stated = r.request.transport.returnWindow;
  const returnWindow = stated ? ([clockMinutes(stated[0]), clockMinutes(stated[1])] as const) : null;
  /**
   * Sightseeing minutes the leg costs that day: the day's window minus the free time before leaving
   * and after arriving (only the side away from home counts on the first and last day), plus an
   * inconvenience charge for leaving before 06:30 or being free only after 23:00.
   */
  const lostMinutes = (leg: Leg, p: LegPlan): number => {
    const before = Math.max(0, Math.min(p.freeUntil, pace.end) - pace.start);
    // Landing on a later day loses every day until then.
    const laterDays = Math.max(0, Math.floor(p.freeFrom / 1440));
    const free = p.freeFrom - 1440 * laterDays;
    const after = Math.max(0, pace.end - Math.max(free, pace.start));
    const fromHome = leg.from.id === r.origin.id;
    const toHome = leg.to.id === r.origin.id;
    const span = (laterDays + 1) * window;
    let lost =
      fromHome && toHome ? 0 : fromHome ? span - after : toHome ? window - before : span - before - after;
    lost = Math.max(0, lost);
    // A dawn start (leaving before 06:30) is harder on a gentle party.
    lost += (gentle ? 5 : 3) * Math.max(0, EARLIEST_START - p.freeUntil);
    // Free (or home) only in the small hours: a short night.
    lost += 3 * Math.max(0, (laterDays > 0 && free < 9 * 60 ? free + 1440 : free) - LATEST_FREE);
    // The time the traveller asked to leave for home at ("回程晚上走"): every minute outside it weighs.
    if (toHome && returnWindow) {
      const dep = p.timing.depart;
      lost += RETURN_WINDOW_WEIGHT * Math.max(0, returnWindow[0] - dep, dep - returnWindow[1]);
    }
    return lost;
  };
  const lostWeight = strategy === 'cheapest' ? 0.3 : 1;
  /**
   * Sightseeing minutes of the whole days in a city between two legs, plus the free part of the
   * arrival day (a few hours after a long journey); the leg days themselves are left out.
   */
  const stayMinutes = (arrivalDay: number, freeFromClock: number, tired: boolean, leaveDay: number) => {
    if (leaveDay <= arrivalDay) return 0;
    const arrivalPart = Math.max(0, pace.end - Math.max(freeFromClock, pace.start));
    return (
      Math.max(0, leaveDay - arrivalDay - 1) * window +
      (tired ? Math.min(arrivalPart, LIGHT_ARRIVAL_MINUTES) : arrivalPart)
    );
  };
  /**
   * Between two destinations, the city with much less time for sights than the other (a first
   * city reached tired off a long-haul flight) gets the leg day's free hours: a later train or
   * flight out of it, or an earlier one into it, so its headline sights keep their room.
   * Returns +1 when the city being left is the short one, -1 when the city reached is, else 0.
   */
  const scarceSide = (idx: number, prev: LegPlan | undefined): number => {
    const leg = legs[idx]!;
    const before = legs[idx - 1];
    const next = legs[idx + 1];
    if (!before || !prev || !next || before.to.id !== leg.from.id || next.from.id !== leg.to.id) return 0;
    const lateDays = Math.floor(prev.freeFrom / 1440);
    const fromMinutes = stayMinutes(
      before.dayNumber + lateDays,
      prev.freeFrom - 1440 * lateDays,
      prev.longHaul,
      leg.dayNumber,
    );
    const toMinutes = Math.max(0, next.dayNumber - leg.dayNumber - 1) * window;
    if (fromMinutes < SCARCE_SHARE * toMinutes) return 1;
    if (toMinutes < SCARCE_SHARE * fromMinutes) return -1;
    return 0;
  };
  let best: {
    choices: LegChoice[];
    plans: LegPlan[];
    score: number;
    family: string;
    honoured: number;
    unmet: { leg: Leg; modes: string[] }[];
  } | null = null;
  for (const fam of families) {
    const choices: LegChoice[] = [];
    const plans: LegPlan[] = [];
    const unmet: { leg: Leg; modes: string[] }[] = [];
    let score = 0;
    let honoured = 0;
    let ok = true;
    for (const [idx, leg] of legs.entries()) {
      const scarce = scarceSide(idx, plans[idx - 1]);
      const options: { choice: LegChoice; mode: string; rankScore: number }[] = [];
      if (fam.allowFlight) {
        for (const f of leg.flights.slice(0, 12))
          options.push({ choice: { kind: 'flight', flight: f.offer }, mode: 'flight', rankScore: f.score });
      }
      const railOrCoach = leg.ground.some((g) => g.mode === 'train' || g.mode === 'bus');
      for (const g of leg.ground) {
        if (g.mode === 'self_driving' && !fam.allowDrive) continue;
        if ((g.mode === 'train' || g.mode === 'bus') && !fam.allowPublic) continue;
        const road = g.mode === 'self_driving' || g.mode === 'taxi';
        if (road && railOrCoach && g.durationMinutes > MAX_DRIVE_MINUTES && !prefer.has(g.mode)) continue;
        for (const depart of groundDepartures(
          leg,
          r.days,
          g,
          leg.to.id === r.origin.id ? r.request.transport.returnWindow : null,
        ))
          options.push({ choice: { kind: 'ground', option: g, depart }, mode: g.mode, rankScore: 0 });
      }
      const legPrefer = legPreference(leg, prefer, r);
      const preferred = options.filter((o) => legPrefer.has(o.mode));
      if (preferred.length > 0) honoured++;
      // A ground mode asked for that this leg does not offer at all (no railway, no road).
      const missing = [...legPrefer].filter((m) => m !== 'flight' && !leg.ground.some((g) => g.mode === m));
      if (missing.length > 0 && preferred.length === 0) unmet.push({ leg, modes: missing });
      let bestLeg: { plan: LegPlan; score: number } | null = null;
      for (const o of preferred.length > 0 ? preferred : options) {
        const p = planLeg(leg, o.choice, r, deps, strategy);
        // The short stay's free minutes on the leg day count half as much again, as long as the
        // traveller still reaches the next city in time for dinner.
        const scarceBonus =
          SCARCE_BONUS *
          (scarce > 0 && p.freeFrom <= LATEST_SCARCE_ARRIVAL
            ? Math.max(0, Math.min(p.freeUntil, pace.end) - pace.start)
            : scarce < 0
              ? Math.max(0, pace.end - Math.max(p.freeFrom, pace.start))
              : 0);
        const doorToDoor =
          p.timing.arrive -
          p.timing.depart +
          (p.timing.depart - p.freeUntil) +
          (p.freeFrom - p.timing.arrive);
        let s =
          strategy === 'cheapest'
            ? p.cost + lostWeight * lostMinutes(leg, p) * timeValue
            : p.cost +
              (0.5 * doorToDoor +
                lostMinutes(leg, p) -
                scarceBonus +
                tiringMinutes(p.timing.arrive - p.timing.depart, r)) *
                timeValue +
              o.rankScore * 10;
        // A wish to fly that does not bind this leg still leans towards flying.
        const lean =
          o.mode === 'flight' && prefer.has('flight') && !legPrefer.has('flight') ? FLIGHT_LEAN : 1;
        s *= lean;
        if (!bestLeg || s < bestLeg.score) bestLeg = { plan: p, score: s };
      }
      if (!bestLeg) {
        ok = false;
        break;
      }
      choices.push(bestLeg.plan.choice);
      plans.push(bestLeg.plan);
      score += bestLeg.score;
    }
    // The family that honours the traveller's wishes on more legs wins ("自驾" keeps the car
    // even where the train is quicker); among equals, the better score.
    if (ok && (!best || honoured > best.honoured || (honoured === best.honoured && score < best.score)))
      best = { choices, plans, score, family: fam.name, honoured, unmet };
  }
  return best ? { choices: best.choices, plans: best.plans, family: best.family, unmet: best.unmet } : null;
}

/** A city has little time for sights when it has less than this share of the next city's. */
const SCARCE_SHARE = 0.75;
/** Weight of the short stay's free minutes on a leg day, on top of the ordinary lost-time charge. */
const SCARCE_BONUS = 0.5;
/** Leaving the short stay later is worth it only when the next city is reached by then (minutes). */
const LATEST_SCARCE_ARRIVAL = 20 * 60;

/** Score factor for flights on a leg where the traveller's wish to fly does not bind. */
const FLIGHT_LEAN = 0.9;

/**
 * The modes a request prefers, as they bind one leg. Ground wishes ("by train", "self-drive")
 * bind every leg. A wish to fly is nearly always about getting there and back ("flying from
 * Sydney", "从上海飞东京"): it binds the legs from and to home, while between two destinations a
 * flight must still win door to door (a Shinkansen or high-speed train beats a short hop).
 */
export function legPreference(
  leg: Leg,
  prefer: ReadonlySet<string>,
  r: Pick<Resolved, 'origin'>,
): Set<string> {
  const out = new Set(prefer);
  const touchesHome = leg.from.id === r.origin.id || leg.to.id === r.origin.id;
  if (!touchesHome) out.delete('flight');
  return out;
}

/** When a leg departs and arrives, minutes after midnight of its day (arrival may exceed 1440). */
export interface LegTiming {
  /** Local time of the city being left. */
  depart: number;
  /** Local time of the city reached; past 1440 when the arrival is on a later day. */
  arrive: number;
}

/** Departure and arrival of a chosen leg (ground arrivals in the destination's zone when the leg is given). */
export function legTiming(choice: LegChoice, leg?: Leg): LegTiming {
  if (choice.kind === 'flight') {
    const depart = parseClockTime(choice.flight.departureTime);
    let arrive = parseClockTime(choice.flight.arrivalTime);
    if (choice.flight.arrivalDate && choice.flight.arrivalDate !== choice.flight.date)
      arrive += 1440 * daysBetween(choice.flight.date, choice.flight.arrivalDate);
    else if (arrive < depart) arrive += 1440;
    return { depart, arrive };
  }
  const shift =
    leg && leg.from.timezone !== leg.to.timezone
      ? utcOffsetMinutes(leg.to.timezone, leg.date) - utcOffsetMinutes(leg.from.timezone, leg.date)
      : 0;
  return { depart: choice.depart, arrive: choice.depart + choice.option.durationMinutes + shift };
}

/** Buffers around intercity travel when no hub is known (minutes): airports need more than stations; a car leaves from the door. */
const BEFORE_FLIGHT = 120;
const BEFORE_GROUND = 45;
const BEFORE_DRIVE = 10;
const AFTER_ARRIVAL = 45;
const AFTER_DRIVE = 15;

/** Minutes to be at the airport or station before the leg departs (no hub known). */
export function bufferBefore(choice: LegChoice): number {
  if (choice.kind === 'flight') return BEFORE_FLIGHT;
  return choice.option.mode === 'self_driving' || choice.option.mode === 'taxi'
    ? BEFORE_DRIVE
    : BEFORE_GROUND;
}

/** Minutes from the leg's arrival until the traveller is free in the city (no hub known). */
export function bufferAfter(choice: LegChoice): number {
  if (choice.kind === 'flight') return AFTER_ARRIVAL;
  return choice.option.mode === 'self_driving' || choice.option.mode === 'taxi' ? AFTER_DRIVE : AFTER_ARRIVAL;
}
