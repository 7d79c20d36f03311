/**
 * Offline flight offers. There is no open fare or schedule data, so this provider generates a
 * deterministic, plausible schedule between the two cities' airports and labels every offer an
 * estimate. The same route, date and cabin always give the same offers.
 *
 * - Airports: the curated city's `airports` list (on an international route without the airports
 *   hubs.json marks domestic-only), else OpenFlights airports serving the city
 *   (airports.ts); coordinates from OpenFlights, else the city centre. Slots alternate between a
 *   city's airports; routes over 4,000 km use each city's first (primary) airport only.
 * - No flights when the cities are under 300 km apart, when either has no airport, or when both
 *   resolve to the same airport.
 * - Duration = great-circle km / 800 km/h + 40 min (taxi, climb, approach), rounded to 5 min;
 *   routes over 12,000 km get one stop at the carrier's hub (or the global hub with the least detour
 *   when that hub is an end of the route or over 30 % off it): both legs flown + a 120-min layover.
 * - 3 to 6 departures a day (from a hash of the route), spread between 07:00 and 21:30 local time
 *   with up to +-25 min of jitter; arrival in the destination's local time (IANA zones via Intl).
 * - Economy fare per passenger in USD = 25 + 0.10 x min(km, 1500) + 0.06 x max(0, km - 1500);
 *   x cabin factor (premium economy 1.6, business 3.5, first 6); x time-of-day factor (0.85 before
 *   08:00 or after 20:00, 1.15 for 08:00-09:59 and 17:00-19:59, else 1); x 1.08 on Fridays and
 *   Sundays; x a per-flight factor in [0.9, 1.1]. Converted at the bundled reference rates into the
 *   ORIGIN city's currency (USD when the table lacks it) and rounded.
 * - Airlines: the domestic carriers of the country for domestic routes (CA/MU/CZ/... in China),
 *   else the international carriers of both countries (or of their continents; no domestic-only
 *   carriers, no low-cost carriers beyond 4,000 km); flight numbers are derived from
 *   never invented: an offer is named `<carrier>-est-<HHMM>` (carrier code and estimated departure),
 *   so it cannot be mistaken for a real flight.
 */
import type { CityInfo, FlightOffer, FlightProvider, FlightSearch } from '../../agents/ports/providers.js';
import type { Coordinates } from '../../agents/schemas/common.js';
import { AIRPORTS_SOURCE, airportByIata, airportsServing, type Airport } from './airports.js';
import { countryFacts } from './countries.js';
import { CuratedCatalog } from './curated-catalog.js';
import { OfflineExchangeRates, quote } from './exchange-rates.js';
import { addDays, greatCircleKm, utcOffsetMinutes } from './geodesy.js';
import { estimate, systemClock, type Clock } from './provenance.js';
import { hashString, seededRandom } from './seeded-random.js';
import { transportData } from './terminals.js';

/** Airports of covered cities with domestic flights only (knowledge/transport/hubs.json). */
const DOMESTIC_AIRPORTS = new Set(
  transportData()
    .hubs.filter((h) => h.domestic_only && h.code)
    .map((h) => h.code!),
);

export const FLIGHTS_SOURCE = 'offline:flight-estimator';
export const MIN_FLIGHT_KM = 300;
export const CRUISE_KMH = 800;
export const OVERHEAD_MINUTES = 40;
const ONE_STOP_KM = 12_000;
const LAYOVER_MINUTES = 120;
export const CABIN_FACTOR: Record<FlightOffer['cabinClass'], number> = {
  economy: 1,
  premium_economy: 1.6,
  business: 3.5,
  first: 6,
};

/** Economy base fare in USD for a great-circle distance (before time, day and per-flight factors). */
export function baseFareUsd(km: number): number {
  return 25 + 0.1 * Math.min(km, 1500) + 0.06 * Math.max(0, km - 1500);
}

/** Block time for a flown distance, rounded to 5 minutes. */
export function flightMinutes(km: number): number {
  return Math.round(((km / CRUISE_KMH) * 60 + OVERHEAD_MINUTES) / 5) * 5;
}

const AIRLINE_NAMES: Record<string, string> = {
  CA: 'Air China',
  MU: 'China Eastern Airlines',
  CZ: 'China Southern Airlines',
  HU: 'Hainan Airlines',
  '3U': 'Sichuan Airlines',
  ZH: 'Shenzhen Airlines',
  MF: 'Xiamen Airlines',
  HO: 'Juneyao Air',
  CX: 'Cathay Pacific',
  HX: 'Hong Kong Airlines',
  NX: 'Air Macau',
  CI: 'China Airlines',
  BR: 'EVA Air',
  NH: 'All Nippon Airways',
  JL: 'Japan Airlines',
  BC: 'Skymark Airlines',
  KE: 'Korean Air',
  OZ: 'Asiana Airlines',
  '7C': 'Jeju Air',
  TG: 'Thai Airways',
  FD: 'Thai AirAsia',
  SQ: 'Singapore Airlines',
  TR: 'Scoot',
  MH: 'Malaysia Airlines',
  AK: 'AirAsia',
  GA: 'Garuda Indonesia',
  VN: 'Vietnam Airlines',
  VJ: 'VietJet Air',
  PR: 'Philippine Airlines',
  AI: 'Air India',
  '6E': 'IndiGo',
  EK: 'Emirates',
  QR: 'Qatar Airways',
  EY: 'Etihad Airways',
  TK: 'Turkish Airlines',
  AA: 'American Airlines',
  DL: 'Delta Air Lines',
  UA: 'United Airlines',
  WN: 'Southwest Airlines',
  AS: 'Alaska Airlines',
  B6: 'JetBlue',
  AC: 'Air Canada',
  WS: 'WestJet',
  AM: 'Aeromexico',
  LA: 'LATAM Airlines',
  AV: 'Avianca',
  BA: 'British Airways',
  AF: 'Air France',
  KL: 'KLM',
  LH: 'Lufthansa',
  LX: 'Swiss',
  OS: 'Austrian Airlines',
  IB: 'Iberia',
  VY: 'Vueling',
  AZ: 'ITA Airways',
  TP: 'TAP Air Portugal',
  SK: 'SAS',
  AY: 'Finnair',
  U2: 'easyJet',
  FR: 'Ryanair',
  SU: 'Aeroflot',
  QF: 'Qantas',
  VA: 'Virgin Australia',
  NZ: 'Air New Zealand',
  ET: 'Ethiopian Airlines',
  MS: 'EgyptAir',
  SA: 'South African Airways',
};

/** Carriers by country: domestic network carriers first. */
const CARRIERS_BY_COUNTRY: Record<string, string[]> = {
  CN: ['CA', 'MU', 'CZ', 'HU', '3U', 'ZH', 'MF', 'HO'],
  HK: ['CX', 'HX'],
  MO: ['NX'],
  TW: ['CI', 'BR'],
  JP: ['NH', 'JL', 'BC'],
  KR: ['KE', 'OZ', '7C'],
  TH: ['TG', 'FD'],
  SG: ['SQ', 'TR'],
  MY: ['MH', 'AK'],
  ID: ['GA'],
  VN: ['VN', 'VJ'],
  PH: ['PR'],
  IN: ['AI', '6E'],
  AE: ['EK', 'EY'],
  QA: ['QR'],
  TR: ['TK'],
  US: ['AA', 'DL', 'UA', 'WN', 'AS', 'B6'],
  CA: ['AC', 'WS'],
  MX: ['AM'],
  BR: ['LA'],
  CL: ['LA'],
  PE: ['LA'],
  CO: ['AV'],
  GB: ['BA', 'U2'],
  FR: ['AF', 'U2'],
  NL: ['KL'],
  DE: ['LH'],
  CH: ['LX'],
  AT: ['OS'],
  ES: ['IB', 'VY'],
  IT: ['AZ', 'FR'],
  PT: ['TP'],
  SE: ['SK'],
  NO: ['SK'],
  DK: ['SK'],
  FI: ['AY'],
  IE: ['FR'],
  RU: ['SU'],
  AU: ['QF', 'VA'],
  NZ: ['NZ'],
  ET: ['ET'],
  EG: ['MS'],
  ZA: ['SA'],
};

/** Carriers serving a continent (countries-list continent codes), for countries not in the table. */
const CARRIERS_BY_CONTINENT: Record<string, string[]> = {
  AS: ['SQ', 'CX', 'TG', 'EK'],
  EU: ['LH', 'AF', 'BA', 'KL', 'TK'],
  NA: ['AA', 'UA', 'DL'],
  SA: ['LA', 'AV'],
  AF: ['ET', 'EK', 'MS'],
  OC: ['QF', 'NZ'],
  AN: ['QF'],
};

/** Hub of each carrier, for one-stop itineraries. */
const HUBS: Record<string, string> = {
  CA: 'PEK',
  MU: 'PVG',
  CZ: 'CAN',
  HU: 'PEK',
  '3U': 'CTU',
  ZH: 'SZX',
  MF: 'XMN',
  HO: 'PVG',
  CX: 'HKG',
  HX: 'HKG',
  NX: 'MFM',
  CI: 'TPE',
  BR: 'TPE',
  NH: 'NRT',
  JL: 'HND',
  BC: 'HND',
  KE: 'ICN',
  OZ: 'ICN',
  '7C': 'ICN',
  TG: 'BKK',
  FD: 'DMK',
  SQ: 'SIN',
  TR: 'SIN',
  MH: 'KUL',
  AK: 'KUL',
  GA: 'CGK',
  VN: 'HAN',
  VJ: 'SGN',
  PR: 'MNL',
  AI: 'DEL',
  '6E': 'DEL',
  EK: 'DXB',
  QR: 'DOH',
  EY: 'AUH',
  TK: 'IST',
  AA: 'DFW',
  DL: 'ATL',
  UA: 'ORD',
  WN: 'DAL',
  AS: 'SEA',
  B6: 'JFK',
  AC: 'YYZ',
  WS: 'YYC',
  AM: 'MEX',
  LA: 'SCL',
  AV: 'BOG',
  BA: 'LHR',
  AF: 'CDG',
  KL: 'AMS',
  LH: 'FRA',
  LX: 'ZRH',
  OS: 'VIE',
  IB: 'MAD',
  VY: 'BCN',
  AZ: 'FCO',
  TP: 'LIS',
  SK: 'CPH',
  AY: 'HEL',
  U2: 'LGW',
  FR: 'STN',
  SU: 'SVO',
  QF: 'SYD',
  VA: 'BNE',
  NZ: 'AKL',
  ET: 'ADD',
  MS: 'CAI',
  SA: 'JNB',
};

interface RoutePoint {
  iata: string;
  coordinates: Coordinates;
  timezone?: string | undefined;
}

export interface OfflineFlightOptions {
  catalog?: CuratedCatalog | undefined;
  datasetDir?: string | undefined;
  clock?: Clock | undefined;
  rates?: OfflineExchangeRates | undefined;
}

/** Carriers that fly (almost) only domestic routes. */
const DOMESTIC_ONLY = new Set(['WN', 'AS', 'B6', 'BC', 'ZH', 'HO', '3U', 'MF', 'HX']);
/** Low-cost carriers, not offered on long-haul routes. */
const LOW_COST = new Set(['7C', 'FD', 'TR', 'AK', 'VJ', '6E', 'U2', 'FR', 'VY', 'WS', 'VA']);
const LONG_HAUL_KM = 4000;

function carriersFor(country: string): string[] {
  const own = CARRIERS_BY_COUNTRY[country];
  if (own) return own;
  const continent = countryFacts(country)?.continent;
  return (continent && CARRIERS_BY_CONTINENT[continent]) || ['EK', 'TK'];
}

/** Plausible operators of a route. */
export function routeCarriers(fromCountry: string, toCountry: string, km: number): string[] {
  if (fromCountry === toCountry) {
    const domestic = carriersFor(fromCountry);
    return km > LONG_HAUL_KM ? domestic.filter((c) => !LOW_COST.has(c)) : domestic;
  }
  const both = [...new Set([...carriersFor(fromCountry), ...carriersFor(toCountry)])];
  const eligible = both.filter((c) => !DOMESTIC_ONLY.has(c) && !(km > LONG_HAUL_KM && LOW_COST.has(c)));
  return eligible.length > 0 ? eligible : ['EK', 'TK'];
}

/** Hubs considered when the carrier's own hub is an end of the route or far off it. */
const GLOBAL_HUBS = ['DXB', 'DOH', 'SIN', 'HKG', 'IST', 'FRA', 'ICN', 'LAX', 'ATL', 'CDG'];

/** Where a one-stop itinerary connects: the carrier's hub when it is on the way, else the best global hub. */
function connectingHub(carrier: string, dep: RoutePoint, arr: RoutePoint): Airport | undefined {
  const direct = greatCircleKm(dep.coordinates, arr.coordinates);
  const via = (a: Airport) =>
    greatCircleKm(dep.coordinates, a.coordinates) + greatCircleKm(a.coordinates, arr.coordinates);
  const usable = (a: Airport | undefined): a is Airport => !!a && a.iata !== dep.iata && a.iata !== arr.iata;
  const own = airportByIata(HUBS[carrier] ?? '');
  if (usable(own) && via(own) <= direct * 1.3) return own;
  const candidates = GLOBAL_HUBS.map((c) => airportByIata(c)).filter(usable);
  return candidates.sort((a, b) => via(a) - via(b))[0];
}

function clock(minutes: number): string {
  const m = ((Math.round(minutes) % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export class OfflineFlightProvider implements FlightProvider {
  private readonly catalog: CuratedCatalog;
  private readonly clock: Clock;
  private readonly rates: OfflineExchangeRates;

  constructor(options: OfflineFlightOptions = {}) {
    this.catalog = options.catalog ?? new CuratedCatalog({ dir: options.datasetDir });
    this.clock = options.clock ?? systemClock;
    this.rates = options.rates ?? new OfflineExchangeRates();
  }

  /** The airports a city is served by (curated list first, then OpenFlights). */
  airportsOf(city: CityInfo): RoutePoint[] {
    const curated = this.catalog.forCity(city);
    if (curated) {
      const centre = curated.data.city.coordinates;
      return curated.data.city.airports.map((code) => {
        const a = airportByIata(code);
        return {
          iata: code,
          coordinates: a?.coordinates ?? [centre[0], centre[1]],
          timezone: a?.timezone ?? curated.data.city.timezone,
        };
      });
    }
    if (!city.coordinates) return [];
    return airportsServing(city.nameEn, city.coordinates).map((a: Airport) => ({
      iata: a.iata,
      coordinates: a.coordinates,
      timezone: a.timezone ?? city.timezone,
    }));
  }

  async search(query: FlightSearch): Promise<FlightOffer[]> {
    const { from, to, date, cabinClass } = query;
    if (from.id === to.id) return [];
    // An international route uses only the airports with international flights.
    const international = from.country !== to.country;
    let origins = this.airportsOf(from).filter((a) => !international || !DOMESTIC_AIRPORTS.has(a.iata));
    let destinations = this.airportsOf(to).filter((a) => !international || !DOMESTIC_AIRPORTS.has(a.iata));
    const origin = origins[0];
    const destination = destinations[0];
    if (!origin || !destination || origin.iata === destination.iata) return [];
    const cityKm =
      from.coordinates && to.coordinates ? greatCircleKm(from.coordinates, to.coordinates) : undefined;
    const directKm = greatCircleKm(origin.coordinates, destination.coordinates);
    if ((cityKm ?? directKm) < MIN_FLIGHT_KM || directKm < MIN_FLIGHT_KM) return [];
    // Long-haul flights use each city's primary (first-listed) airport only.
    if (directKm > LONG_HAUL_KM) {
      origins = [origin];
      destinations = [destination];
    }

    const carriers = routeCarriers(from.country, to.country, directKm);
    const routeKey = `${from.id}>${to.id}`;
    const count = 3 + (hashString(routeKey) % 4);
    const rand = seededRandom(`${routeKey}|${date}|${cabinClass}`);
    const fromOffset = this.offset(origin, from, date);
    const toOffset = this.offset(destination, to, date);
    const first = 7 * 60;
    const last = 21 * 60 + 30;
    const offers: FlightOffer[] = [];

    for (let slot = 0; slot < count; slot++) {
      // Different slots may use the second airport of a city, when it has one.
      const dep = origins[slot % origins.length] ?? origin;
      const arr = destinations[Math.floor(slot / 2) % destinations.length] ?? destination;
      if (dep.iata === arr.iata) continue;
      const carrier = carriers[hashString(`${routeKey}|${slot}`) % carriers.length]!;
      const legKm = greatCircleKm(dep.coordinates, arr.coordinates);
      let flownKm = legKm;
      let durationMinutes = flightMinutes(legKm);
      const layovers: FlightOffer['layovers'] = [];
      if (legKm > ONE_STOP_KM) {
        const hub = connectingHub(carrier, dep, arr);
        if (hub) {
          const a = greatCircleKm(dep.coordinates, hub.coordinates);
          const b = greatCircleKm(hub.coordinates, arr.coordinates);
          flownKm = a + b;
          durationMinutes = flightMinutes(a) + LAYOVER_MINUTES + flightMinutes(b);
          layovers.push({ airport: hub.iata, durationMinutes: LAYOVER_MINUTES });
        }
      }
      const spread = count > 1 ? ((last - first) * slot) / (count - 1) : 0;
      const jitter = Math.round((rand() * 50 - 25) / 5) * 5;
      const depMinutes = Math.min(last, Math.max(first, Math.round((first + spread + jitter) / 5) * 5));
      const arrLocal = depMinutes + durationMinutes + (toOffset - fromOffset);
      const dayShift = Math.floor(arrLocal / 1440);

      const hour = depMinutes / 60;
      const timeFactor =
        hour < 8 || hour >= 20 ? 0.85 : (hour >= 8 && hour < 10) || (hour >= 17 && hour < 20) ? 1.15 : 1;
      const dayFactor = [0, 5].includes(weekday(date)) ? 1.08 : 1;
      const flightFactor = 0.9 + rand() * 0.2;
      const usd = baseFareUsd(directKm) * CABIN_FACTOR[cabinClass] * timeFactor * dayFactor * flightFactor;
      const price = quote(this.rates, usd, 'USD', from.currency);

      // Not a real flight number: the carrier and the estimated departure, marked as an estimate.
      const flightNumber = `${carrier}-est-${clock(depMinutes).replace(':', '')}`;
      const id = `offline-flight:${dep.iata}-${arr.iata}:${date}:${flightNumber}:${cabinClass}`;
      offers.push({
        id,
        flightNumber,
        airline: AIRLINE_NAMES[carrier] ?? carrier,
        fromCity: from.id,
        toCity: to.id,
        fromAirport: dep.iata,
        toAirport: arr.iata,
        date,
        departureTime: clock(depMinutes),
        arrivalTime: clock(arrLocal),
        arrivalDate: dayShift !== 0 ? addDays(date, dayShift) : undefined,
        durationMinutes,
        stops: layovers.length,
        layovers,
        price: price.amount,
        currency: price.currency,
        cabinClass,
        distanceKm: Math.round(flownKm),
        provenance: estimate(
          this.clock,
          FLIGHTS_SOURCE,
          id,
          `Estimated schedule — check the airline. Not a live timetable or bookable price: duration = ${Math.round(flownKm)} km / ${CRUISE_KMH} km/h + ${OVERHEAD_MINUTES} min${layovers.length ? ` per leg + ${LAYOVER_MINUTES} min layover` : ''}; fare from distance and cabin class (economy USD 25 + 0.10/km up to 1500 km + 0.06/km beyond, x cabin, time-of-day and day-of-week factors), converted at reference rates (${this.rates.asOf}). Airports: ${AIRPORTS_SOURCE}.`,
        ),
      });
    }
    return offers.sort((a, b) => a.departureTime.localeCompare(b.departureTime) || a.id.localeCompare(b.id));
  }

  /** UTC offset at the airport (its zone, else the city's, else from longitude). */
  private offset(point: RoutePoint, city: CityInfo, date: string): number {
    for (const tz of [point.timezone, city.timezone]) {
      if (!tz) continue;
      const off = utcOffsetMinutes(tz, date);
      if (off !== undefined) return off;
    }
    return Math.round(point.coordinates[1] / 15) * 60;
  }
}
