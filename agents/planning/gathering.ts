/**
 * Step 2, gathering: flights and ground options per leg, places, restaurants, stays, weather and
 * local tips, fetched concurrently from the providers.
 */
import type { Attraction, CityInfo, FlightOffer, KnowledgeSnippet, Restaurant } from '../ports/providers.js';
import type { EntryNote } from '../schemas/travel-plan.js';
import { addDays } from './calendar.js';
import { rankFlights } from './flight-agent.js';
import { centroid } from './geo.js';
import { filterHotels } from './hotel-agent.js';
import { rankAttractions } from './attraction-selection.js';
import { flightSearchSummary, hotelSearchSummary } from './progress-summary.js';
import type { TaskLog } from './task-log.js';
import type { CityStay, Gathered, Leg, Resolved } from './trip-context.js';
import type { PlannerDeps } from './types.js';
import type { GroundingRegistry } from './verifier.js';

/** Flights and ground options for every leg between the stays (and from and back to the origin). */
export async function gatherLegs(deps: PlannerDeps, r: Resolved, stays: CityStay[]): Promise<Leg[]> {
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

/**
 * Entry and visa notes (local guide agent): one per destination country outside the passport's
 * own, for the stated passport or, failing that, the origin's country (marked as assumed).
 */
export async function gatherEntryNotes(
  deps: PlannerDeps,
  r: Resolved,
  stays: CityStay[],
): Promise<EntryNote[]> {
  const lookup = deps.providers.knowledge.entryNote?.bind(deps.providers.knowledge);
  const passport = r.request.passportCountry ?? r.origin.country;
  if (!lookup || !passport) return [];
  const countries = [...new Set(stays.map((s) => s.city.country.toUpperCase()))];
  const notes: EntryNote[] = [];
  for (const country of countries) {
    const n = await lookup({
      destinationCountry: country,
      passportCountry: passport,
      language: r.request.language,
    });
    if (!n) continue;
    notes.push({
      country,
      passportCountry: passport.toUpperCase(),
      passportAssumed: !r.request.passportCountry,
      title: n.title,
      text: n.text,
      lastChecked: n.citation?.lastChecked ?? n.provenance.retrievedAt.slice(0, 10),
      source: n.citation?.source ?? n.provenance.source,
      docId: n.citation?.docId ?? n.id,
    });
  }
  return notes;
}

/** Step 2: everything the providers return for a resolved trip, fetched concurrently. */
export async function gather(
  deps: PlannerDeps,
  r: Resolved,
  stays: CityStay[],
  log: TaskLog,
): Promise<Gathered> {
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
  const entryP = gatherEntryNotes(deps, r, stays);
  await placesP;
  const hotelsP = gatherHotels(deps, r, stays, attractions, log);
  const [legs, weather, tips, hotels, entryNotes] = await Promise.all([
    legsP,
    weatherP,
    guideP,
    hotelsP,
    entryP,
  ]);
  deps.onProgress?.('flight_search', 100, flightSearchSummary(legs));
  deps.onProgress?.('hotel_search', 100, hotelSearchSummary(hotels.values()));
  return { stays, legs, attractions, restaurants, hotels, weather, tips, entryNotes };
}

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
