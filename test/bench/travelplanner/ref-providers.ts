/**
 * A {@link Providers} bundle over ONE TravelPlanner query's reference information (its sandbox):
 * the planner sees exactly the cities, flights, stays, attractions, restaurants and ground legs
 * the benchmark gives for that query, and nothing else. Everything is labelled with provenance
 * `travelplanner:reference-info` (`verified`), except the local-transit legs, which the benchmark
 * does not have and which are estimated here (and say so).
 *
 * Benchmark: TravelPlanner (Xie et al., ICML 2024), data CC-BY-4.0.
 */
import type {
  Attraction,
  AttractionProvider,
  CityInfo,
  ExchangeRateProvider,
  FlightOffer,
  FlightProvider,
  GeoProvider,
  GroundOption,
  HotelOffer,
  HotelProvider,
  IntercityProvider,
  KnowledgeProvider,
  LocalLeg,
  LocalTransitProvider,
  Providers,
  Restaurant,
  RestaurantProvider,
  WeatherProvider,
} from '../../../agents/ports/providers.js';
import type { Coordinates } from '../../../agents/schemas/common.js';
import type { Provenance } from '../../../agents/schemas/travel-plan.js';
import { loadCityStates } from './data.js';
import {
  ReferenceIndex,
  clockMinutes,
  cuisinesOf,
  houseRulesOf,
  parseDurationText,
  roomTypeOf,
  type GroundMode,
  type RefAccommodation,
  type RefInfo,
} from './reference.js';
import { timezoneOf } from './timezones.js';

export const REF_SOURCE = 'travelplanner:reference-info';
const CURRENCY = 'USD';
const KM_PER_MILE = 1.609344;
/** Vehicle capacity of the benchmark's ground modes (paper: a car takes up to 5, a taxi up to 4). */
export const GROUND_CAPACITY: Record<GroundMode, number> = { self_driving: 5, taxi: 4 };

export interface RefProvidersOptions {
  /** City -> state (default: the data set's citySet_with_states.txt). */
  cityStates?: Map<string, string>;
  /** `retrievedAt` of every provenance (default: a fixed instant, so runs are reproducible). */
  retrievedAt?: string;
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** UTC offset of a zone on a date, minutes east; 0 when unknown. */
function offsetMinutes(timeZone: string | undefined, date: string): number {
  if (!timeZone) return 0;
  const at = new Date(`${date}T12:00:00Z`);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return Math.round(
    (Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) - at.getTime()) / 60_000,
  );
}

function haversineKm(a: Coordinates, b: Coordinates): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const h =
    Math.sin(rad(b[0] - a[0]) / 2) ** 2 +
    Math.cos(rad(a[0])) * Math.cos(rad(b[0])) * Math.sin(rad(b[1] - a[1]) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Attraction category from its name (the data has none). */
function categoryOf(name: string): string {
  const n = name.toLowerCase();
  const rules: [RegExp, string][] = [
    [/museum|gallery|art center|heritage|historic|history/, 'museum'],
    [/zoo|aquarium|wildlife|arboretum|botanic|garden|conservatory/, 'nature'],
    [/park|trail|lake|beach|falls|river|island|canyon|preserve|forest|mountain|springs?\b/, 'park'],
    [/theat|opera|cinema|arena|stadium|casino|amusement|escape|bowling/, 'entertainment'],
    [/mall|market|shop|outlet/, 'shopping'],
    [/church|cathedral|temple|mission|chapel|basilica/, 'temple'],
  ];
  return rules.find(([re]) => re.test(n))?.[1] ?? 'landmark';
}

const STAY_TYPE: Record<ReturnType<typeof roomTypeOf>, HotelOffer['type']> = {
  entire_room: 'apartment',
  private_room: 'guesthouse',
  shared_room: 'hostel',
};

/** Builds the providers over one query's reference information. */
export function createRefProviders(
  ref: RefInfo | ReferenceIndex,
  options: RefProvidersOptions = {},
): Providers {
  const index = ref instanceof ReferenceIndex ? ref : new ReferenceIndex(ref);
  const states = options.cityStates ?? loadCityStates();
  const retrievedAt = options.retrievedAt ?? '2024-02-01T00:00:00Z';
  const provenance = (
    reference: string,
    kind: Provenance['kind'] = 'verified',
    note?: string,
  ): Provenance => ({
    source: REF_SOURCE,
    retrievedAt,
    kind,
    reference,
    ...(note ? { note } : {}),
  });

  const cityInfos = new Map<string, CityInfo>();
  for (const name of index.cities) {
    const coords = (index.attractions.get(name) ?? [])
      .map((a) => [a.Latitude, a.Longitude] as Coordinates)
      .filter(([lat, lon]) => Number.isFinite(lat) && Number.isFinite(lon));
    const centre: Coordinates | undefined =
      coords.length > 0
        ? [
            coords.reduce((s, c) => s + c[0], 0) / coords.length,
            coords.reduce((s, c) => s + c[1], 0) / coords.length,
          ]
        : undefined;
    const region = states.get(name);
    cityInfos.set(name, {
      id: `tp:${name}`,
      name,
      nameEn: name,
      country: 'US',
      region,
      coordinates: centre,
      timezone: timezoneOf(name, region),
      currency: CURRENCY,
      provenance: provenance(`city:${name}`),
    });
  }
  const cityByKey = new Map<string, CityInfo>();
  for (const info of cityInfos.values()) {
    cityByKey.set(info.name.toLowerCase(), info);
    cityByKey.set(info.id.toLowerCase(), info);
  }
  const cityName = (c: CityInfo) =>
    cityByKey.get(c.id.toLowerCase())?.name ?? cityByKey.get(c.name.toLowerCase())?.name ?? c.name;

  const geo: GeoProvider = {
    async resolveCity(name) {
      const key = name
        .trim()
        .replace(/\s*\([^()]*\)\s*$/, '')
        .toLowerCase();
      return cityByKey.get(key) ?? cityByKey.get(key.split(',')[0]!.trim()) ?? null;
    },
    async citiesInRegion(region) {
      const r = region
        .trim()
        .toLowerCase()
        .replace(/\s+state$/, '');
      const all = ['us', 'usa', 'united states', 'united states of america'].includes(r);
      return index.destinationCities
        .filter((c) => index.accommodations.has(c) && (all || states.get(c)?.toLowerCase() === r))
        .map((c) => cityInfos.get(c)!);
    },
  };

  const flights: FlightProvider = {
    async search(q) {
      const from = cityName(q.from);
      const to = cityName(q.to);
      const zoneFrom = cityInfos.get(from)?.timezone;
      const zoneTo = cityInfos.get(to)?.timezone;
      return index.flights(from, to, q.date).map((f): FlightOffer => {
        const duration = parseDurationText(f.ActualElapsedTime) ?? 0;
        const dep = clockMinutes(f.DepTime);
        const arr = clockMinutes(f.ArrTime);
        // Arrival date: departure (in UTC minutes of the day) + elapsed time, read in the arrival zone.
        const arrivalUtc = dep - offsetMinutes(zoneFrom, q.date) + duration;
        const arrivalLocal = arrivalUtc + offsetMinutes(zoneTo, q.date);
        let dayShift = Math.floor(arrivalLocal / 1440);
        // Unknown zones: trust the clock times (an arrival "before" departure is the next day).
        if (!zoneFrom || !zoneTo) dayShift = arr < dep ? 1 : 0;
        const arrivalDate = dayShift !== 0 ? addDays(q.date, dayShift) : undefined;
        return {
          id: `tp:flight:${f['Flight Number']}`,
          flightNumber: f['Flight Number'],
          airline: 'unknown',
          fromCity: from,
          toCity: to,
          date: f.FlightDate,
          departureTime: f.DepTime,
          arrivalTime: f.ArrTime,
          ...(arrivalDate ? { arrivalDate } : {}),
          durationMinutes: duration,
          stops: 0,
          layovers: [],
          price: f.Price,
          currency: CURRENCY,
          cabinClass: 'economy',
          distanceKm: Math.round(f.Distance * KM_PER_MILE),
          provenance: provenance(`Flight from ${from} to ${to} on ${q.date}: ${f['Flight Number']}`),
        };
      });
    },
  };

  const hotelOffer = (city: string, a: RefAccommodation, i: number): HotelOffer => {
    const roomType = roomTypeOf(a['room type']);
    const rating = Number(a['review rate number']);
    return {
      id: `tp:stay:${slug(city)}:${i}`,
      name: a.NAME,
      city,
      type: STAY_TYPE[roomType],
      roomType,
      pricePerNight: a.price,
      currency: CURRENCY,
      maxOccupancy: Math.max(1, Math.round(a['maximum occupancy'])),
      minimumNights: Math.max(1, Math.round(a['minimum nights'])),
      houseRules: houseRulesOf(a.house_rules),
      ...(Number.isFinite(rating) && rating >= 0 && rating <= 5 ? { rating } : {}),
      amenities: [],
      provenance: provenance(`Accommodations in ${city}#${i}: ${a.NAME}`),
    };
  };
  const hotels: HotelProvider = {
    async search(q) {
      const city = cityName(q.city);
      return (index.accommodations.get(city) ?? []).map((a, i) => hotelOffer(city, a, i));
    },
  };

  const attractions: AttractionProvider = {
    async attractions(c) {
      const city = cityName(c);
      return (index.attractions.get(city) ?? []).map((a, i): Attraction => ({
        id: `tp:attraction:${slug(city)}:${i}`,
        name: a.Name,
        nameEn: a.Name,
        city,
        ...(Number.isFinite(a.Latitude) && Number.isFinite(a.Longitude)
          ? { coordinates: [a.Latitude, a.Longitude] as Coordinates }
          : {}),
        ...(a.Address && a.Address !== 'Unknown' ? { address: a.Address } : {}),
        category: categoryOf(a.Name),
        tags: [],
        hours: null,
        currency: CURRENCY,
        provenance: provenance(`Attractions in ${city}#${i}: ${a.Name}`),
      }));
    },
  };

  const restaurants: RestaurantProvider = {
    async restaurants(c) {
      const city = cityName(c);
      return (index.restaurants.get(city) ?? []).map((r, i): Restaurant => {
        const rating = Number(r['Aggregate Rating']);
        return {
          id: `tp:restaurant:${slug(city)}:${i}`,
          name: r.Name,
          nameEn: r.Name,
          city,
          cuisines: cuisinesOf(r.Cuisines),
          averageCost: r['Average Cost'],
          currency: CURRENCY,
          // 0.0 is the source's "not rated".
          ...(rating > 0 && rating <= 5 ? { rating } : {}),
          hours: null,
          provenance: provenance(`Restaurants in ${city}#${i}: ${r.Name}`),
        };
      });
    },
  };

  const intercity: IntercityProvider = {
    async options(fromCity, toCity) {
      const from = cityName(fromCity);
      const to = cityName(toCity);
      const out: GroundOption[] = [];
      for (const mode of ['self_driving', 'taxi'] as const) {
        const g = index.groundOption(mode, from, to);
        if (!g) continue;
        out.push({
          mode,
          durationMinutes: g.durationMinutes,
          distanceKm: g.distanceKm,
          cost: g.cost,
          currency: CURRENCY,
          unit: 'vehicle',
          capacity: GROUND_CAPACITY[mode],
          provenance: provenance(`${mode === 'taxi' ? 'Taxi' : 'Self-driving'} from ${from} to ${to}`),
        });
      }
      return out;
    },
  };

  const localNote =
    'the data set has no local transport: time estimated from straight-line distance (x1.3 detour); fares not modelled';
  const local: LocalTransitProvider = {
    legs(_city, from, to) {
      const km = from && to ? haversineKm(from, to) * 1.3 : 3;
      const distanceKm = Math.round(km * 10) / 10;
      const legs: LocalLeg[] = [];
      if (km <= 1.5) {
        legs.push({
          mode: 'walk',
          durationMinutes: Math.max(1, Math.round((km / 4.5) * 60)),
          distanceKm,
          cost: 0,
          currency: CURRENCY,
          unit: 'person',
          provenance: provenance('local:walk', 'estimate', localNote),
        });
      }
      legs.push({
        mode: 'transit',
        durationMinutes: Math.max(5, Math.round(8 + (km / 25) * 60)),
        distanceKm,
        cost: 0,
        currency: CURRENCY,
        unit: 'person',
        provenance: provenance('local:transit', 'estimate', localNote),
      });
      return legs;
    },
  };

  const weather: WeatherProvider = {
    async forecast() {
      return null;
    },
  };

  const rates: ExchangeRateProvider = {
    asOf: '2022-03-01',
    convert(amount, from, to) {
      if (from.toUpperCase() === CURRENCY && to.toUpperCase() === CURRENCY) return amount;
      throw new Error(`no exchange rate ${from} -> ${to}: this data set is in USD only`);
    },
  };

  const knowledge: KnowledgeProvider = {
    async search() {
      return [];
    },
    async destinations() {
      return [];
    },
  };

  return { geo, flights, hotels, attractions, restaurants, intercity, local, weather, rates, knowledge };
}
