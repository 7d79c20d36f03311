/**
 * The coordinator: turns a TripRequest into a verified TravelPlan.
 *
 * 1. Decompose: resolve cities, dates, party and budget; split the nights over the cities.
 * 2. Fan out concurrently: flights and ground options for every leg (flight agent), stays for every
 *    city (hotel agent), places and restaurants, weather, and local tips (local guide agent).
 * 3. Build: choose transport under the trip-wide rules, stays, then the itinerary (itinerary agent).
 * 4. Budget loop (budget agent): rebuild at cheaper levels until the total fits, bounded.
 * 5. Verify (verifier) and repair; what cannot be met becomes a warning in the plan.
 * Every step is recorded as a TaskResult and AgentInteractions.
 */
import { newId } from '../ids.js';
import type {
  Attraction,
  CityInfo,
  FlightOffer,
  GroundOption,
  KnowledgeSnippet,
  LocalLeg,
  Restaurant,
} from '../ports/providers.js';
import type {
  AccommodationBooking,
  Destination,
  FlightBooking,
  ItineraryActivity,
  ItineraryDay,
  PlanWarning,
  Provenance,
  TravelLeg,
  TravelPlan,
  WeatherInfo,
} from '../schemas/travel-plan.js';
import { TravelPlan as TravelPlanSchema } from '../schemas/travel-plan.js';
import { TripRequest, partySize } from '../schemas/trip-request.js';
import { BUDGET_LEVELS, budgetBreakdown, costPlan, type BudgetLevel } from './budget-agent.js';
import { addDays, daysBetween, epochOf, isoInZone, localIso } from './calendar.js';
import { rankFlights, type RankedFlight } from './flight-agent.js';
import {
  budgetSummary,
  flightSearchSummary,
  hotelSearchSummary,
  itinerarySummary,
} from './progress-summary.js';
import { centroid } from './geo.js';
import { filterHotels, type HotelCandidate } from './hotel-agent.js';
import {
  PACE_DAY,
  mealsInWindow,
  planCity,
  rankAttractions,
  type DaySlot,
  type ScheduledItem,
  type SlotSchedule,
} from './itinerary-agent.js';
import { parseClockTime } from './opening-hours.js';
import { TaskLog } from './task-log.js';
import type { PlanFailure, PlanOutcome, PlannerDeps, Violation } from './types.js';
import { verifyPlan, type GroundingRegistry } from './verifier.js';

/** A stay in one city. */
export interface CityStay {
  city: CityInfo;
  /** 1-based day of arrival. */
  arrivalDay: number;
  nights: number;
  checkIn: string;
  checkOut: string;
}

/** A journey between two cities on one day. */
export interface Leg {
  from: CityInfo;
  to: CityInfo;
  dayNumber: number;
  date: string;
  flights: RankedFlight[];
  ground: GroundOption[];
}

type LegChoice =
  { kind: 'flight'; flight: FlightOffer } | { kind: 'ground'; option: GroundOption; depart: number };

/** Everything the providers returned for a trip. */
export interface Gathered {
  stays: CityStay[];
  legs: Leg[];
  attractions: Map<string, Attraction[]>;
  restaurants: Map<string, Restaurant[]>;
  hotels: Map<string, { candidates: HotelCandidate[]; rejected: Record<string, number>; offers: number }>;
  weather: Map<string, (WeatherInfo & { provenance: Provenance }) | null>;
  tips: Map<string, KnowledgeSnippet[]>;
}

/** A request with its cities, dates, party and budget resolved. */
export interface Resolved {
  request: TripRequest;
  origin: CityInfo;
  cities: CityInfo[];
  startDate: string;
  days: number;
  people: number;
  currency: string;
  budget: number | null;
  warnings: PlanWarning[];
}

/** An impossible request (carries the PlanFailure). */
export class PlanningFailure extends Error {
  constructor(readonly failure: PlanFailure) {
    super(failure.message);
  }
}

const fail = (
  code: PlanFailure['code'],
  message: string,
  messageZh: string,
  details?: Record<string, unknown>,
) => new PlanningFailure({ code, message, messageZh, details });

const round2 = (n: number) => Math.round(n * 100) / 100;

/** A city's name in the plan's language. */
function cityName(city: CityInfo, lang: 'zh' | 'en'): string {
  return lang === 'zh' ? (city.nameZh ?? city.name) : city.nameEn;
}

// ---------------------------------------------------------------------------------------------
// 1. Decompose
// ---------------------------------------------------------------------------------------------

async function resolveRequest(
  request: TripRequest,
  deps: PlannerDeps,
  today: string,
): Promise<Omit<Resolved, 'cities'> & { cities: CityInfo[]; candidates: CityInfo[] | null }> {
  const { geo } = deps.providers;
  const warnings: PlanWarning[] = [];
  const origin = await geo.resolveCity(request.origin.name, request.origin);
  if (!origin) {
    throw fail(
      'UNKNOWN_CITY',
      `Unknown departure city "${request.origin.name}".`,
      `无法识别出发城市"${request.origin.name}"。`,
      {
        city: request.origin.name,
      },
    );
  }
  const cities: CityInfo[] = [];
  for (const d of request.destinations) {
    const c = await geo.resolveCity(d.name, d);
    if (!c) {
      throw fail('UNKNOWN_CITY', `Unknown destination "${d.name}".`, `无法识别目的地"${d.name}"。`, {
        city: d.name,
      });
    }
    if (!cities.some((x) => x.id === c.id)) cities.push(c);
  }
  let candidates: CityInfo[] | null = null;
  if (cities.length === 0 && request.region) {
    const inRegion = (await geo.citiesInRegion(request.region.name)).filter((c) => c.id !== origin.id);
    if (inRegion.length < request.region.cityCount) {
      throw fail(
        'UNKNOWN_CITY',
        `Only ${inRegion.length} plannable cities found in ${request.region.name}, ${request.region.cityCount} requested.`,
        `在${request.region.name}只找到${inRegion.length}个可规划的城市，少于要求的${request.region.cityCount}个。`,
      );
    }
    candidates = inRegion.slice(0, Math.max(request.region.cityCount, Math.min(6, inRegion.length)));
  }

  // Dates.
  let startDate = request.startDate ?? null;
  let days = request.days ?? null;
  if (request.startDate && request.endDate) {
    const span = daysBetween(request.startDate, request.endDate) + 1;
    if (span < 1)
      throw fail('INVALID_DATES', 'The end date is before the start date.', '结束日期早于开始日期。');
    if (days && days !== span) {
      warnings.push({
        code: 'DAYS_MISMATCH',
        message: `The dates span ${span} days, not ${days}; the dates were used.`,
        messageZh: `日期跨度为${span}天而不是${days}天，已按日期规划。`,
      });
    }
    days = span;
  } else if (!startDate && request.endDate && days) {
    startDate = addDays(request.endDate, -(days - 1));
  }
  if (days !== null && days < 1)
    throw fail('INVALID_DATES', 'A trip needs at least one day.', '行程至少需要一天。');
  if (!days)
    throw fail(
      'NO_DATES',
      'How many days is the trip? Give dates or a duration.',
      '请告诉我行程天数或具体日期。',
    );
  if (!startDate) {
    startDate = addDays(today, 14);
    warnings.push({
      code: 'ASSUMED_START_DATE',
      message: `No start date was given; the plan assumes ${startDate}.`,
      messageZh: `未提供出发日期，本计划假设${startDate}出发。`,
    });
  }
  const people = partySize(request);
  const currency = request.budget?.currency ?? origin.currency ?? 'CNY';
  let budget: number | null = null;
  if (request.budget) {
    const total = request.budget.perPerson ? request.budget.amount * people : request.budget.amount;
    budget = round2(deps.providers.rates.convert(total, request.budget.currency, currency));
  }
  return { request, origin, cities, candidates, startDate, days, people, currency, budget, warnings };
}

/** Splits the trip's nights over the cities as evenly as possible (earlier cities get the remainder). */
function splitNights(totalNights: number, cityCount: number): number[] {
  const base = Math.floor(totalNights / cityCount);
  const extra = totalNights % cityCount;
  return Array.from({ length: cityCount }, (_, i) => base + (i < extra ? 1 : 0));
}

export function staysFor(cities: CityInfo[], startDate: string, days: number): CityStay[] {
  const nights = splitNights(Math.max(0, days - 1), cities.length);
  let day = 1;
  return cities.map((city, i) => {
    const stay: CityStay = {
      city,
      arrivalDay: day,
      nights: nights[i]!,
      checkIn: addDays(startDate, day - 1),
      checkOut: addDays(startDate, day - 1 + nights[i]!),
    };
    day += nights[i]!;
    return stay;
  });
}

// ---------------------------------------------------------------------------------------------
// 2. Gather (concurrently)
// ---------------------------------------------------------------------------------------------

async function gatherLegs(deps: PlannerDeps, r: Resolved, stays: CityStay[]): Promise<Leg[]> {
  const { flights, intercity } = deps.providers;
  const avoid = new Set(r.request.transport.avoid);
  const specs: { from: CityInfo; to: CityInfo; dayNumber: number }[] = [];
  specs.push({ from: r.origin, to: stays[0]!.city, dayNumber: 1 });
  for (let i = 1; i < stays.length; i++) {
    specs.push({ from: stays[i - 1]!.city, to: stays[i]!.city, dayNumber: stays[i]!.arrivalDay });
  }
  specs.push({ from: stays[stays.length - 1]!.city, to: r.origin, dayNumber: r.days });
  return Promise.all(
    specs.map(async (s) => {
      const date = addDays(r.startDate, s.dayNumber - 1);
      const [offers, ground] = await Promise.all([
        avoid.has('flight')
          ? Promise.resolve([] as FlightOffer[])
          : flights.search({
              from: s.from,
              to: s.to,
              date,
              passengers: r.people,
              cabinClass: r.request.flight.cabinClass,
            }),
        intercity.options(s.from, s.to, date),
      ]);
      return {
        ...s,
        date,
        flights: rankFlights(offers, r.request.flight),
        ground: ground.filter((g) => !avoid.has(g.mode)),
      };
    }),
  );
}

/** Flights and ground options for every leg (flight agent). */
export function gatherFlights(
  deps: PlannerDeps,
  r: Resolved,
  stays: CityStay[],
  log: TaskLog,
): Promise<Leg[]> {
  return log.run(
    'flight',
    'flight_search',
    { legs: stays.length + 1, passengers: r.people },
    () => gatherLegs(deps, r, stays),
    (legs) => ({
      resultType: legs.every((l) => l.flights.length + l.ground.length > 0) ? 'success' : 'partial',
      confidence: legs.every(
        (l) => l.flights.length > 0 && l.flights[0]!.offer.provenance.kind === 'verified',
      )
        ? 0.9
        : 0.6,
      data: {
        legs: legs.map((l) => ({
          from: l.from.nameEn,
          to: l.to.nameEn,
          date: l.date,
          flights: l.flights.length,
          pareto: l.flights.filter((f) => f.pareto).length,
          ground: l.ground.map((g) => g.mode),
        })),
      },
    }),
  );
}

/** Places and restaurants of one city. */
export async function gatherPlaces(
  deps: PlannerDeps,
  city: CityInfo,
): Promise<{ attractions: Attraction[]; restaurants: Restaurant[] }> {
  const [attractions, restaurants] = await Promise.all([
    deps.providers.attractions.attractions(city),
    deps.providers.restaurants.restaurants(city),
  ]);
  return { attractions, restaurants };
}

/** Weather for every day of the trip, keyed by date. */
export function gatherWeather(
  deps: PlannerDeps,
  r: Resolved,
  stays: CityStay[],
  log: TaskLog,
): Promise<Gathered['weather']> {
  const weather: Gathered['weather'] = new Map();
  return log.run(
    'itinerary',
    'weather',
    { days: r.days },
    async () => {
      for (let d = 1; d <= r.days; d++) {
        const date = addDays(r.startDate, d - 1);
        const stay =
          stays.find((s) => d >= s.arrivalDay && d < s.arrivalDay + Math.max(1, s.nights)) ??
          stays[stays.length - 1]!;
        weather.set(date, await deps.providers.weather.forecast(stay.city, date));
      }
      return weather;
    },
    (w) => ({
      resultType: [...w.values()].every((x) => x) ? 'success' : 'partial',
      confidence: 0.5,
      data: { days_with_weather: [...w.values()].filter((x) => x).length },
    }),
  );
}

/** A local tip as the plan shows it: its text and, from the knowledge base, the document it cites. */
function citedTip(t: KnowledgeSnippet): string {
  return t.citation ? `${t.text} [${t.citation.docId}]` : t.text;
}

/** Local tips per city (local guide agent). */
export function gatherTips(
  deps: PlannerDeps,
  r: Resolved,
  stays: CityStay[],
  log: TaskLog,
): Promise<Gathered['tips']> {
  const tips = new Map<string, KnowledgeSnippet[]>();
  return log.run(
    'local_guide',
    'local_tips',
    { cities: stays.map((s) => s.city.nameEn) },
    async () => {
      for (const s of stays) {
        tips.set(
          s.city.id,
          await deps.providers.knowledge.search({
            text: s.city.nameEn,
            city: s.city.id,
            language: r.request.language,
            limit: 3,
          }),
        );
      }
      return tips;
    },
    (t) => ({
      resultType: 'success',
      confidence: 0.7,
      data: { tips: [...t.values()].reduce((n, x) => n + x.length, 0) },
    }),
  );
}

/** Eligible stays per city (hotel agent), ranked near the city's top places. */
export function gatherHotels(
  deps: PlannerDeps,
  r: Resolved,
  stays: CityStay[],
  attractions: Map<string, Attraction[]>,
  log: TaskLog,
): Promise<Gathered['hotels']> {
  const hotels: Gathered['hotels'] = new Map();
  return log.run(
    'hotel',
    'hotel_search',
    { cities: stays.filter((s) => s.nights > 0).map((s) => s.city.nameEn) },
    async () => {
      await Promise.all(
        stays
          .filter((s) => s.nights > 0)
          .map(async (s) => {
            const offers = await deps.providers.hotels.search({
              city: s.city,
              checkIn: s.checkIn,
              checkOut: s.checkOut,
              guests: r.people,
            });
            const top = rankAttractions({
              attractions: attractions.get(s.city.id) ?? [],
              request: r.request,
              usedAttractions: new Set(),
              options: { restaurantStrategy: 'quality', preferFree: false },
            }).slice(0, 6);
            const centre = centroid(top.map((a) => a.coordinates)) ?? s.city.coordinates;
            const filtered = filterHotels(offers, r.request, r.people, s.nights, centre);
            hotels.set(s.city.id, { ...filtered, offers: offers.length });
          }),
      );
      return hotels;
    },
    (h) => ({
      resultType: [...h.values()].every((x) => x.candidates.length > 0) ? 'success' : 'partial',
      confidence: 0.8,
      data: Object.fromEntries(
        [...h.entries()].map(([k, v]) => [
          k,
          { offers: v.offers, eligible: v.candidates.length, rejected: v.rejected },
        ]),
      ),
    }),
  );
}

async function gather(deps: PlannerDeps, r: Resolved, log: TaskLog): Promise<Gathered> {
  const stays = staysFor(r.cities, r.startDate, r.days);
  const attractions = new Map<string, Attraction[]>();
  const restaurants = new Map<string, Restaurant[]>();
  const legsP = gatherFlights(deps, r, stays, log);
  const placesP = Promise.all(
    stays.map(async (s) => {
      const places = await gatherPlaces(deps, s.city);
      attractions.set(s.city.id, places.attractions);
      restaurants.set(s.city.id, places.restaurants);
    }),
  );
  const weatherP = gatherWeather(deps, r, stays, log);
  const guideP = gatherTips(deps, r, stays, log);
  await placesP;
  const hotelsP = gatherHotels(deps, r, stays, attractions, log);
  const [legs, weather, tips, hotels] = await Promise.all([legsP, weatherP, guideP, hotelsP]);
  deps.onProgress?.('flight_search', 100, flightSearchSummary(legs));
  deps.onProgress?.('hotel_search', 100, hotelSearchSummary(hotels.values()));
  return { stays, legs, attractions, restaurants, hotels, weather, tips };
}

// ---------------------------------------------------------------------------------------------
// 3. Build
// ---------------------------------------------------------------------------------------------

function vehicles(people: number, capacity: number | undefined): number {
  return Math.max(1, Math.ceil(people / Math.max(1, capacity ?? 4)));
}

/** Cost of a ground option for the party in the plan currency. */
function groundCost(o: GroundOption, r: Resolved, deps: PlannerDeps): { cost: number; units: number } {
  const units = o.unit === 'person' ? r.people : vehicles(r.people, o.capacity);
  return { cost: deps.providers.rates.convert(o.cost * units, o.currency, r.currency), units };
}

/**
 * Departure time chosen for a ground leg (minutes after midnight): early enough to arrive for
 * dinner on long drives, after breakfast otherwise, and on transfer and return days after the
 * morning when the journey is short.
 */
function groundDeparture(leg: Leg, lastDay: number, durationMinutes: number): number {
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
function chooseTransport(
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

function pickHotel(
  candidates: HotelCandidate[],
  strategy: BudgetLevel['hotel'],
  r: Resolved,
  deps: PlannerDeps,
): HotelCandidate | null {
  if (candidates.length === 0) return null;
  const inPlan = (c: HotelCandidate) => deps.providers.rates.convert(c.total, c.offer.currency, r.currency);
  if (strategy === 'best') {
    // Comfort first: rating and stars, then closeness (the hotel agent's score), price a little.
    const totals = candidates.map(inPlan);
    const min = Math.min(...totals);
    const span = Math.max(...totals) - min || 1;
    const quality = (c: HotelCandidate) =>
      0.15 * ((inPlan(c) - min) / span) +
      0.35 * (1 - (c.offer.rating ?? 3.5) / 5) +
      0.25 * (1 - (c.offer.stars ?? 3) / 5) +
      0.25 * c.score +
      0.5 * c.softMisses.length;
    return [...candidates].sort(
      (a, b) => quality(a) - quality(b) || a.offer.id.localeCompare(b.offer.id),
    )[0]!;
  }
  if (strategy === 'cheapest')
    return [...candidates].sort((a, b) => inPlan(a) - inPlan(b) || a.offer.id.localeCompare(b.offer.id))[0]!;
  const totals = candidates.map(inPlan);
  const min = Math.min(...totals);
  const span = Math.max(...totals) - min || 1;
  return [...candidates].sort((a, b) => {
    const va = 0.7 * ((inPlan(a) - min) / span) + 0.3 * (1 - (a.offer.rating ?? 3) / 5);
    const vb = 0.7 * ((inPlan(b) - min) / span) + 0.3 * (1 - (b.offer.rating ?? 3) / 5);
    return va - vb || a.offer.id.localeCompare(b.offer.id);
  })[0]!;
}

interface LegTiming {
  depart: number;
  arrive: number;
  /** Arrival day offset when past midnight. */
}

function legTiming(choice: LegChoice): LegTiming {
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

function bufferBefore(choice: LegChoice): number {
  if (choice.kind === 'flight') return BEFORE_FLIGHT;
  return choice.option.mode === 'self_driving' || choice.option.mode === 'taxi'
    ? BEFORE_DRIVE
    : BEFORE_GROUND;
}

function bufferAfter(choice: LegChoice): number {
  if (choice.kind === 'flight') return AFTER_ARRIVAL;
  return choice.option.mode === 'self_driving' || choice.option.mode === 'taxi' ? AFTER_DRIVE : AFTER_ARRIVAL;
}

/** A plan built at one budget level. */
export interface BuiltPlan {
  plan: TravelPlan;
  schedules: SlotSchedule[];
  hotelChoices: Map<string, HotelCandidate | null>;
  transport: { choices: LegChoice[]; family: string } | null;
  level: BudgetLevel;
}

function provenanceOf(p: Provenance, estimateNote?: string): Provenance {
  if (!estimateNote || p.kind === 'estimate') return p;
  return { ...p, kind: 'estimate', note: estimateNote };
}

export function build(
  deps: PlannerDeps,
  r: Resolved,
  g: Gathered,
  level: BudgetLevel,
  nowIso: string,
): BuiltPlan {
  const rates = deps.providers.rates;
  const conv = (amount: number, from: string) => round2(rates.convert(amount, from, r.currency));
  const warnings: PlanWarning[] = [...r.warnings];
  const pace = PACE_DAY[r.request.pace];
  const lang = r.request.language;

  const transport = chooseTransport(g.legs, r, deps, level.transport);
  const hotelChoices = new Map<string, HotelCandidate | null>();
  for (const s of g.stays) {
    if (s.nights === 0) continue;
    hotelChoices.set(s.city.id, pickHotel(g.hotels.get(s.city.id)?.candidates ?? [], level.hotel, r, deps));
  }

  // Day slots per city.
  const legTimes = transport?.choices.map(legTiming) ?? [];
  const slots: DaySlot[] = [];
  const rainyOn = (date: string) => {
    const w = g.weather.get(date);
    return !!w && (w.condition === 'rainy' || w.condition === 'stormy' || w.precipitationChance >= 70);
  };
  const stayOfNight = (day: number) =>
    g.stays.find((s) => day >= s.arrivalDay && day < s.arrivalDay + s.nights);
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

  // Itinerary per city (in trip order, so used-sets are filled in day order).
  const usedAttractions = new Set<string>();
  const usedRestaurants = new Set<string>();
  const cuisinesToCover = new Set(r.request.cuisines.map((c) => c.toLowerCase()));
  const schedules: SlotSchedule[] = [];
  const cityOrder = g.stays.map((s) => s.city);
  for (const city of cityOrder) {
    const citySlots = slots.filter((s) => s.city.id === city.id);
    if (citySlots.length === 0) continue;
    schedules.push(
      ...planCity({
        city,
        slots: citySlots,
        attractions: g.attractions.get(city.id) ?? [],
        restaurants: g.restaurants.get(city.id) ?? [],
        request: r.request,
        local: deps.providers.local,
        usedAttractions,
        usedRestaurants,
        cuisinesToCover,
        options: { restaurantStrategy: level.restaurants, preferFree: level.preferFree },
      }),
    );
  }

  // Assemble the seed's TravelPlan.
  const flights: FlightBooking[] = [];
  const transportActivities = new Map<number, ItineraryActivity[]>();
  if (transport) {
    transport.choices.forEach((choice, i) => {
      const leg = g.legs[i]!;
      const t = legTimes[i]!;
      const list = transportActivities.get(leg.dayNumber) ?? [];
      if (choice.kind === 'flight') {
        const f = choice.flight;
        const departIso = localIso(leg.date, t.depart, leg.from.timezone);
        const departEpoch = epochOf(leg.date, t.depart, leg.from.timezone);
        const arriveIso = isoInZone(departEpoch + f.durationMinutes * 60_000, leg.to.timezone);
        const priceEach = conv(f.price, f.currency);
        const id = newId('flight');
        flights.push({
          id,
          flightNumber: f.flightNumber,
          airline: f.airline,
          departureAirport: f.fromAirport ?? f.fromCity,
          arrivalAirport: f.toAirport ?? f.toCity,
          departureTime: departIso,
          arrivalTime: arriveIso,
          flightDuration: f.durationMinutes,
          price: priceEach,
          seatClass: f.cabinClass,
          baggageAllowance: 'per airline policy',
          bookingStatus: 'selected',
          layovers: f.layovers.map((l) => ({
            airport: l.airport,
            duration: l.durationMinutes,
            isOvernight: false,
          })),
          amenities: [],
          departureCity: cityName(leg.from, lang),
          arrivalCity: cityName(leg.to, lang),
          passengers: r.people,
          provenance: f.provenance,
        });
        list.push({
          id: newId('activity'),
          name: `${f.flightNumber} ${cityName(leg.from, lang)} → ${cityName(leg.to, lang)}`,
          type: 'transportation',
          startTime: departIso,
          endTime: arriveIso,
          duration: f.durationMinutes,
          location: cityName(leg.from, lang),
          estimatedCost: 0,
          bookingRequired: true,
          tips: [],
          photos: [],
          placeId: f.id,
          city: cityName(leg.from, lang),
          cuisines: [],
          travelLeg: {
            mode: 'flight',
            from: cityName(leg.from, lang),
            to: cityName(leg.to, lang),
            durationMinutes: f.durationMinutes,
            distanceKm: f.distanceKm ?? 0,
            cost: 0, // counted in plan.flights
            units: r.people,
            provenance: f.provenance,
          },
          provenance: f.provenance,
        });
      } else {
        const o = choice.option;
        const { cost, units } = groundCost(o, r, deps);
        const departIso = localIso(leg.date, t.depart, leg.from.timezone);
        const arriveIso = isoInZone(
          epochOf(leg.date, t.depart, leg.from.timezone) + o.durationMinutes * 60_000,
          leg.to.timezone,
        );
        const modeName = { train: 'Train', bus: 'Bus', self_driving: 'Self-driving', taxi: 'Taxi' }[o.mode];
        list.push({
          id: newId('activity'),
          name: `${modeName} ${cityName(leg.from, lang)} → ${cityName(leg.to, lang)}`,
          type: 'transportation',
          startTime: departIso,
          endTime: arriveIso,
          duration: o.durationMinutes,
          location: cityName(leg.from, lang),
          estimatedCost: 0,
          bookingRequired: o.mode === 'train' || o.mode === 'bus',
          tips: [],
          photos: [],
          placeId: `ground:${leg.from.id}:${leg.to.id}:${o.mode}`,
          city: cityName(leg.from, lang),
          cuisines: [],
          travelLeg: {
            mode: o.mode,
            from: cityName(leg.from, lang),
            to: cityName(leg.to, lang),
            durationMinutes: o.durationMinutes,
            distanceKm: o.distanceKm,
            cost: round2(cost),
            units,
            provenance: o.provenance,
          },
          provenance: o.provenance,
        });
      }
      transportActivities.set(leg.dayNumber, list);
    });
  } else {
    warnings.push({
      code: 'NO_ROUTE',
      message: 'No allowed way to travel between some of the cities was found.',
      messageZh: '部分城市之间没有找到符合要求的交通方式。',
    });
  }

  const accommodations: AccommodationBooking[] = [];
  const accommodationIdByCity = new Map<string, string>();
  for (const s of g.stays) {
    if (s.nights === 0) continue;
    const c = hotelChoices.get(s.city.id);
    if (!c) {
      const info = g.hotels.get(s.city.id);
      warnings.push({
        code: 'NO_ACCOMMODATION',
        message: `No stay in ${s.city.nameEn} meets the requirements (${
          Object.entries(info?.rejected ?? {})
            .map(([k, v]) => `${v} rejected for ${k}`)
            .join(', ') || 'no offers'
        }).`,
        messageZh: `${s.city.nameZh ?? s.city.name}没有符合要求的住宿。`,
      });
      continue;
    }
    const o = c.offer;
    const id = newId('accommodation');
    accommodationIdByCity.set(s.city.id, id);
    accommodations.push({
      id,
      name: o.name,
      type: o.type,
      address: o.address ?? o.city,
      coordinates: o.coordinates ?? null,
      roomType: o.roomType,
      bedConfiguration: o.roomType === 'entire_room' ? 'entire place' : 'standard',
      maxOccupancy: o.maxOccupancy,
      checkInDate: s.checkIn,
      checkOutDate: s.checkOut,
      nights: s.nights,
      pricePerNight: conv(o.pricePerNight, o.currency),
      totalPrice: conv(o.pricePerNight * c.rooms * s.nights, o.currency),
      starRating: o.stars ?? null,
      amenities: o.amenities,
      policies: Object.fromEntries(
        Object.entries(o.houseRules).map(([k, v]) => [k, v ? 'allowed' : 'not allowed']),
      ),
      bookingStatus: 'selected',
      rating: o.rating ?? null,
      city: cityName(s.city, lang),
      rooms: c.rooms,
      minimumNights: o.minimumNights,
      provenance: o.provenance,
    });
    if (c.softMisses.length > 0) {
      warnings.push({
        code: 'ACCOMMODATION_PREFERENCE',
        message: `The stay in ${s.city.nameEn} misses these wishes: ${c.softMisses.join(', ')}.`,
        messageZh: `${s.city.nameZh ?? s.city.name}的住宿未能满足：${c.softMisses.join('、')}。`,
      });
    }
  }

  const itinerary: ItineraryDay[] = [];
  for (let day = 1; day <= r.days; day++) {
    const date = addDays(r.startDate, day - 1);
    const daySchedules = schedules.filter((s) => s.slot.dayNumber === day);
    const activities: ItineraryActivity[] = [];
    for (const sched of daySchedules) {
      for (const item of sched.items) activities.push(toActivity(item, sched.slot, r, deps, conv));
      for (const missed of sched.missedMeals) {
        warnings.push({
          code: 'MEAL_MISSING',
          message: `Day ${day}: no ${missed.meal} planned in ${sched.slot.city.nameEn} (${missed.reason}).`,
          messageZh: `第${day}天：在${cityName(sched.slot.city, 'zh')}未能安排${{ breakfast: '早餐', lunch: '午餐', dinner: '晚餐' }[missed.meal]}。`,
          dayNumber: day,
        });
      }
    }
    activities.push(...(transportActivities.get(day) ?? []));
    activities.sort((a, b) => Date.parse(a.startTime ?? '') - Date.parse(b.startTime ?? ''));
    const night = stayOfNight(day);
    const stayCity = night?.city ?? (day === r.days ? r.origin : g.stays[g.stays.length - 1]!.city);
    const w = g.weather.get(date) ?? null;
    const cost = activities.reduce((s, a) => s + a.estimatedCost + (a.travelLeg?.cost ?? 0), 0);
    const walking = activities.reduce(
      (s, a) => s + (a.travelLeg?.mode === 'walk' ? a.travelLeg.distanceKm : 0),
      0,
    );
    const tips = (g.tips.get(stayCity.id) ?? []).slice(0, day === 1 ? 2 : 0).map(citedTip);
    const { provenance: weatherProvenance, ...weatherInfo } = w ?? { provenance: null };
    itinerary.push({
      dayNumber: day,
      date,
      destination: (() => {
        const moves = g.legs.filter((l) => l.dayNumber === day);
        if (moves.length === 0) return cityName(stayCity, lang);
        return [cityName(moves[0]!.from, lang), ...moves.map((l) => cityName(l.to, lang))].join(' → ');
      })(),
      activities,
      totalCost: round2(cost),
      totalWalkingDistance: round2(walking),
      estimatedDuration: activities.reduce((s, a) => s + a.duration, 0),
      weatherForecast: w ? (weatherInfo as WeatherInfo) : null,
      weatherProvenance: weatherProvenance ?? null,
      tips,
      accommodationId: night ? (accommodationIdByCity.get(night.city.id) ?? null) : null,
    });
  }

  const destinations: Destination[] = g.stays.map((s, i) => ({
    id: newId('destination'),
    name: cityName(s.city, lang),
    country: s.city.country,
    city: s.city.nameEn,
    coordinates: s.city.coordinates ??
      centroid((g.attractions.get(s.city.id) ?? []).map((a) => a.coordinates)) ?? [0, 0],
    timezone: s.city.timezone ?? 'UTC',
    visitOrder: i + 1,
    arrivalDate: s.checkIn,
    departureDate: s.nights > 0 ? s.checkOut : s.checkIn,
    isPrimary: i === 0,
  }));

  const cost = costPlan({ flights, accommodations, itinerary });
  const endDate = addDays(r.startDate, r.days - 1);
  const names = g.stays.map((s) =>
    r.request.language === 'zh' ? (s.city.nameZh ?? s.city.name) : s.city.nameEn,
  );
  const plan: TravelPlan = {
    id: newId('plan'),
    userId: deps.userId ?? 'user_local',
    title:
      r.request.language === 'zh'
        ? `${names.join('、')}${r.days}日游`
        : `${r.days} days in ${names.join(', ')}`,
    description: null,
    destinations,
    startDate: r.startDate,
    endDate,
    totalBudget: r.budget ?? cost.total,
    travelerCount: r.people,
    travelerDetails: [],
    status: 'planning',
    completionPercentage: 100,
    flights,
    accommodations,
    itinerary,
    activities: [],
    budgetBreakdown: budgetBreakdown(cost, r.budget),
    tags: [],
    isPublic: false,
    version: 1,
    createdAt: nowIso,
    updatedAt: nowIso,
    origin: cityName(r.origin, lang),
    currency: r.currency,
    warnings,
    tips: [...g.tips.values()].flat().slice(0, 6).map(citedTip),
    alternatives: alternativesOf(g, transport, hotelChoices, conv, lang),
  };
  return { plan, schedules, hotelChoices, transport, level };
}

/** Up to three flights per leg and three stays per city that the plan did not pick. */
function alternativesOf(
  g: Gathered,
  transport: { choices: LegChoice[] } | null,
  hotelChoices: Map<string, HotelCandidate | null>,
  conv: (amount: number, from: string) => number,
  lang: 'zh' | 'en',
): TravelPlan['alternatives'] {
  const flights = g.legs.flatMap((leg, i) => {
    const chosen = transport?.choices[i];
    const chosenId = chosen?.kind === 'flight' ? chosen.flight.id : null;
    return leg.flights
      .filter((f) => f.offer.id !== chosenId)
      .slice(0, 3)
      .map((f) => ({
        from: cityName(leg.from, lang),
        to: cityName(leg.to, lang),
        date: leg.date,
        flightNumber: f.offer.flightNumber,
        airline: f.offer.airline,
        departureTime: f.offer.departureTime,
        arrivalTime: f.offer.arrivalTime,
        durationMinutes: f.offer.durationMinutes,
        stops: f.offer.stops,
        pricePerPerson: conv(f.offer.price, f.offer.currency),
        pareto: f.pareto,
        provenance: f.offer.provenance,
      }));
  });
  const hotels = g.stays.flatMap((s) => {
    const chosen = hotelChoices.get(s.city.id)?.offer.id;
    return (g.hotels.get(s.city.id)?.candidates ?? [])
      .filter((c) => c.offer.id !== chosen)
      .slice(0, 3)
      .map((c) => ({
        city: cityName(s.city, lang),
        name: c.offer.name,
        starRating: c.offer.stars ?? null,
        rating: c.offer.rating ?? null,
        pricePerNight: conv(c.offer.pricePerNight, c.offer.currency),
        totalPrice: conv(c.total, c.offer.currency),
        rooms: c.rooms,
        provenance: c.offer.provenance,
      }));
  });
  return { flights, hotels };
}

function toActivity(
  item: ScheduledItem,
  slot: DaySlot,
  r: Resolved,
  deps: PlannerDeps,
  conv: (amount: number, from: string) => number,
): ItineraryActivity {
  const tz = slot.city.timezone;
  const leg = item.leg ? toTravelLeg(item.leg, item, r, conv) : null;
  if (item.kind === 'visit') {
    const a = item.attraction;
    const notes = [
      item.assumedHours ? 'opening hours unknown; assumed 09:00-18:00' : null,
      item.assumedDuration ? 'visit length assumed' : null,
    ]
      .filter(Boolean)
      .join('; ');
    return {
      id: newId('activity'),
      name: r.request.language === 'zh' ? (a.nameZh ?? a.name) : (a.nameEn ?? a.name),
      type: a.category === 'shopping' || a.category === 'market' ? 'shopping' : 'sightseeing',
      startTime: localIso(slot.date, item.start, tz),
      endTime: localIso(slot.date, item.end, tz),
      duration: item.end - item.start,
      location: a.address ?? cityName(slot.city, r.request.language),
      address: a.address ?? null,
      coordinates: a.coordinates ?? null,
      estimatedCost: conv((a.ticketPrice ?? 0) * r.people, a.currency),
      bookingRequired: false,
      tips: [],
      photos: [],
      popularityScore: a.popularity ?? null,
      rating: a.rating ?? null,
      placeId: a.id,
      city: cityName(slot.city, r.request.language),
      cuisines: [],
      isIndoor: a.indoor ?? null,
      travelLeg: leg,
      provenance: provenanceOf(a.provenance, notes || undefined),
    };
  }
  const rest = item.restaurant;
  void deps;
  return {
    id: newId('activity'),
    name: r.request.language === 'zh' ? (rest.nameZh ?? rest.name) : (rest.nameEn ?? rest.name),
    type: 'dining',
    startTime: localIso(slot.date, item.start, tz),
    endTime: localIso(slot.date, item.end, tz),
    duration: item.end - item.start,
    location: cityName(slot.city, r.request.language),
    coordinates: rest.coordinates ?? null,
    estimatedCost: conv(rest.averageCost * r.people, rest.currency),
    bookingRequired: false,
    tips: [],
    photos: [],
    rating: rest.rating ?? null,
    placeId: rest.id,
    city: cityName(slot.city, r.request.language),
    mealType: item.meal,
    cuisines: rest.cuisines,
    travelLeg: leg,
    provenance: provenanceOf(
      rest.provenance,
      item.assumedHours ? 'opening hours unknown; assumed open for meals' : undefined,
    ),
  };
}

function toTravelLeg(
  leg: LocalLeg,
  item: ScheduledItem,
  r: Resolved,
  conv: (amount: number, from: string) => number,
): TravelLeg {
  const units = leg.unit === 'person' ? r.people : vehicles(r.people, leg.capacity);
  const to = item.kind === 'visit' ? item.attraction.name : item.restaurant.name;
  return {
    mode: leg.mode,
    from: 'previous stop',
    to,
    durationMinutes: leg.durationMinutes,
    distanceKm: round2(leg.distanceKm),
    cost: conv(leg.cost * units, leg.currency),
    units,
    provenance: leg.provenance,
  };
}

// ---------------------------------------------------------------------------------------------
// Orchestration
// ---------------------------------------------------------------------------------------------

export function registryOf(g: Gathered): GroundingRegistry {
  const registry: GroundingRegistry = new Map();
  for (const l of g.legs) {
    for (const f of l.flights)
      registry.set(f.offer.id, { kind: 'flight', name: f.offer.flightNumber, entity: f.offer });
    for (const o of l.ground)
      registry.set(`ground:${l.from.id}:${l.to.id}:${o.mode}`, { kind: 'ground', name: o.mode, entity: o });
  }
  for (const list of g.attractions.values())
    for (const a of list) registry.set(a.id, { kind: 'attraction', name: a.name, entity: a });
  for (const list of g.restaurants.values())
    for (const x of list) registry.set(x.id, { kind: 'restaurant', name: x.name, entity: x });
  for (const h of g.hotels.values())
    for (const c of h.candidates)
      registry.set(c.offer.id, { kind: 'hotel', name: c.offer.name, entity: c.offer });
  return registry;
}

/** Chooses the order of region cities whose legs all have a way to travel (cheapest first). */
async function chooseRegionCities(
  deps: PlannerDeps,
  base: Omit<Resolved, 'cities'> & { candidates: CityInfo[] | null },
  log: TaskLog,
): Promise<CityInfo[]> {
  const candidates = base.candidates!;
  const n = base.request.region!.cityCount;
  const withData: CityInfo[] = [];
  for (const c of candidates) {
    if ((await deps.providers.attractions.attractions(c)).length > 0) withData.push(c);
  }
  const pool = withData.length >= n ? withData : candidates;
  const sequences: CityInfo[][] = [];
  const permute = (prefix: CityInfo[], rest: CityInfo[]) => {
    if (sequences.length >= 120) return;
    if (prefix.length === n) {
      sequences.push(prefix);
      return;
    }
    rest.forEach((c, i) => permute([...prefix, c], [...rest.slice(0, i), ...rest.slice(i + 1)]));
  };
  permute([], pool.slice(0, 6));
  return log.run(
    'coordinator',
    'choose_cities',
    { region: base.request.region!.name, candidates: pool.map((c) => c.nameEn) },
    async () => {
      let best: { seq: CityInfo[]; cost: number } | null = null;
      for (const seq of sequences) {
        const r: Resolved = { ...base, cities: seq };
        const legs = await gatherLegs(deps, r, staysFor(seq, r.startDate, r.days));
        const choice = chooseTransport(legs, r, deps, 'cheapest');
        if (!choice) continue;
        const cost = choice.choices.reduce((s, c, i) => {
          if (c.kind === 'flight')
            return s + deps.providers.rates.convert(c.flight.price * r.people, c.flight.currency, r.currency);
          return s + groundCost(c.option, r, deps).cost + legs[i]!.dayNumber * 0;
        }, 0);
        if (!best || cost < best.cost) best = { seq, cost };
      }
      if (!best) {
        throw fail(
          'NO_ROUTE',
          `No way to travel between ${n} cities of ${base.request.region!.name} was found.`,
          `在${base.request.region!.name}找不到可以连通的${n}个城市。`,
        );
      }
      return best.seq;
    },
    (seq) => ({ resultType: 'success', confidence: 0.8, data: { cities: seq.map((c) => c.nameEn) } }),
  );
}

/**
 * Step 1 on its own: resolves a validated request (cities, region choice, dates, party, budget).
 * @throws PlanningFailure for an impossible request.
 */
export async function resolveTrip(
  request: TripRequest,
  deps: PlannerDeps,
  today: string,
  log: TaskLog,
): Promise<Resolved> {
  const base = await resolveRequest(request, deps, today);
  const cities = base.candidates ? await chooseRegionCities(deps, base, log) : base.cities;
  if (cities.length > Math.max(1, base.days - 1)) {
    throw fail(
      'TOO_MANY_CITIES',
      `${cities.length} cities do not fit in ${base.days} day(s): each city needs at least one night.`,
      `${base.days}天无法游览${cities.length}个城市：每个城市至少需要住一晚。`,
      { cities: cities.length, days: base.days },
    );
  }
  return { ...base, cities };
}

/** Warns about cities without any place or restaurant data (their days stay free). */
export function addDataWarnings(r: Resolved, gathered: Gathered): void {
  for (const s of gathered.stays) {
    if (
      (gathered.attractions.get(s.city.id) ?? []).length === 0 &&
      (gathered.restaurants.get(s.city.id) ?? []).length === 0
    ) {
      r.warnings.push({
        code: 'NO_LOCAL_DATA',
        message: `There is no place or restaurant data for ${s.city.nameEn}; its days are left free.`,
        messageZh: `暂无${s.city.nameZh ?? s.city.name}的景点和餐厅数据，相关日程留空。`,
      });
    }
  }
}

/** Step 5: verifies a built plan against the request and what the providers returned. */
export function verifyBuilt(
  deps: PlannerDeps,
  r: Resolved,
  registry: GroundingRegistry,
  plan: TravelPlan,
  log: TaskLog,
): Promise<Violation[]> {
  return log.run(
    'coordinator',
    'verification',
    {},
    () =>
      verifyPlan(plan, {
        request: r.request,
        registry,
        people: r.people,
        budget: r.budget,
        origin: cityName(r.origin, r.request.language),
        rates: deps.providers.rates,
      }),
    (v) => ({
      resultType: v.some((x) => x.severity === 'hard') ? 'partial' : 'success',
      confidence: 1,
      data: { violations: v.map((x) => x.code) },
    }),
  );
}

/** Adds what verification found to the plan's warnings (once per code and day) and validates it. */
export function finalizePlan(plan: TravelPlan, violations: Violation[]): TravelPlan {
  for (const v of violations) {
    if (plan.warnings.some((w) => w.code === v.code && w.dayNumber === v.dayNumber)) continue;
    plan.warnings.push({
      code: v.code,
      message: v.message,
      messageZh: v.messageZh,
      dayNumber: v.dayNumber ?? null,
    });
  }
  return TravelPlanSchema.parse(plan);
}

/**
 * Plans a trip. Never throws for an impossible request: `failure` says what cannot be met and why.
 * Rejects with `deps.signal`'s reason once the signal is aborted (checked between steps).
 */
export async function planTrip(input: TripRequest, deps: PlannerDeps): Promise<PlanOutcome> {
  const started = performance.now();
  const checkCancelled = () => deps.signal?.throwIfAborted();
  checkCancelled();
  const now = deps.now ?? (() => new Date());
  const log = new TaskLog(deps.sessionId ?? newId('session'), now);
  const empty = (failure: PlanFailure): PlanOutcome => ({
    plan: null,
    failure,
    violations: [],
    taskResults: log.results,
    interactions: log.interactions,
    elapsedMs: performance.now() - started,
  });
  const parsed = TripRequest.safeParse(input);
  if (!parsed.success) {
    return empty({
      code: 'INVALID_REQUEST',
      message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      messageZh:
        '请求内容有误：' + parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('；'),
    });
  }
  const request = parsed.data;
  try {
    const r = await resolveTrip(request, deps, now().toISOString().slice(0, 10), log);
    checkCancelled();
    const gathered = await gather(deps, r, log);
    checkCancelled();
    addDataWarnings(r, gathered);
    const registry = registryOf(gathered);
    const nowIso = now().toISOString();

    // 4. Budget loop (bounded by BUDGET_LEVELS.length rebuilds).
    let chosen: BuiltPlan | null = null;
    let cheapest: BuiltPlan | null = null;
    await log.run(
      'budget',
      'budget_optimization',
      { budget: r.budget, currency: r.currency },
      () => {
        for (const level of BUDGET_LEVELS) {
          checkCancelled();
          const built = build(deps, r, gathered, level, nowIso);
          const total = costPlan(built.plan).total;
          if (!cheapest || total < costPlan(cheapest.plan).total) cheapest = built;
          if (r.budget === null || total <= r.budget) {
            chosen = built;
            break;
          }
        }
        chosen ??= cheapest;
        return chosen!;
      },
      (b) => ({
        resultType: r.budget === null || costPlan(b.plan).total <= r.budget ? 'success' : 'partial',
        confidence: 0.9,
        data: { level: b.level.name, total: costPlan(b.plan).total, budget: r.budget },
      }),
    );
    const built = chosen as BuiltPlan | null;
    deps.onProgress?.('itinerary_planning', 100, built ? itinerarySummary(built.plan) : undefined);
    deps.onProgress?.(
      'budget_optimization',
      100,
      built
        ? budgetSummary({
            total: costPlan(built.plan).total,
            budget: r.budget,
            currency: r.currency,
            level: built.level.name,
          })
        : undefined,
    );
    if (!built) throw fail('NO_ROUTE', 'No plan could be built.', '无法生成计划。');

    // 5. Verify and repair.
    checkCancelled();
    const violations = await verifyBuilt(deps, r, registry, built.plan, log);
    checkCancelled();
    deps.onProgress?.('verification', 100);
    const finalPlan = finalizePlan(built.plan, violations);
    return {
      plan: finalPlan,
      failure: null,
      violations,
      taskResults: log.results,
      interactions: log.interactions,
      elapsedMs: performance.now() - started,
    };
  } catch (err) {
    if (err instanceof PlanningFailure) return empty(err.failure);
    throw err;
  }
}

/** Exposed for tests: the night split rule. */
export { splitNights };
