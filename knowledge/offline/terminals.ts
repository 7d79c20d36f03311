/**
 * Offline airports and stations (knowledge/transport/hubs.json) and intercity rail links
 * (knowledge/transport/rail-links.json), validated once per process.
 *
 * - A covered city's airport (by IATA code) or station (by id or name, else its first listed
 *   station) comes from the curated file: transfers to the centre with typical minutes and fares,
 *   and buffers (after arrival: baggage, immigration; before departure: check-in, security).
 * - Any other airport known to OpenFlights gets an estimated terminal: taxi and public transport
 *   legs from the local-transit estimator between the airport and the city centre, and default
 *   buffers (30/60 min after a domestic/international arrival, 90/150 min before departure).
 * - A station of an uncovered city is assumed central: one local transit ride, default buffers
 *   (15 min after arrival, 30 before departure).
 * Every figure is labelled an editorial estimate.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type {
  CityInfo,
  LocalTransitProvider,
  Terminal,
  TerminalProvider,
  TransferOption,
} from '../../agents/ports/providers.js';
import {
  DatasetHubs,
  DatasetRailLinks,
  type DatasetHub,
  type DatasetRailLink,
} from '../dataset/transport.js';
import { AIRPORTS_SOURCE, airportByIata } from './airports.js';
import type { CuratedCatalog } from './curated-catalog.js';
import { normalizeName } from './place-names.js';
import { estimate, systemClock, type Clock } from './provenance.js';

export const HUBS_SOURCE = 'curated:knowledge/transport/hubs.json';
export const RAIL_LINKS_SOURCE = 'curated:knowledge/transport/rail-links.json';
const DIR = fileURLToPath(new URL('../transport/', import.meta.url));

let cache: { hubs: DatasetHub[]; links: DatasetRailLink[] } | undefined;

/** The validated transport files (cached per process). */
export function transportData(): { hubs: DatasetHub[]; links: DatasetRailLink[] } {
  if (cache) return cache;
  const read = (name: string): unknown => JSON.parse(readFileSync(`${DIR}${name}`, 'utf8'));
  cache = {
    hubs: DatasetHubs.parse(read('hubs.json')).hubs,
    links: DatasetRailLinks.parse(read('rail-links.json')).links,
  };
  return cache;
}

const sameName = (a: string | undefined, b: string | undefined) =>
  !!a && !!b && normalizeName(a) === normalizeName(b);

/** True when a rail link end names this city (English or Chinese name, same country). */
function endIs(end: DatasetRailLink['from'], city: CityInfo): boolean {
  if (end.country !== city.country) return false;
  return [city.nameEn, city.name, city.nameZh].some(
    (n) => sameName(n, end.city_en) || sameName(n, end.city_zh),
  );
}

/** The rail link between two cities in either direction (ends swapped when travelled backwards). */
export function railLinkBetween(
  from: CityInfo,
  to: CityInfo,
): { link: DatasetRailLink; from: DatasetRailLink['from']; to: DatasetRailLink['to'] } | undefined {
  for (const link of transportData().links) {
    if (endIs(link.from, from) && endIs(link.to, to)) return { link, from: link.from, to: link.to };
    if (endIs(link.to, from) && endIs(link.from, to)) return { link, from: link.to, to: link.from };
  }
  return undefined;
}

const DEFAULT_AIRPORT = {
  arrival: { domestic: 30, international: 60 },
  departure: { domestic: 90, international: 150 },
};
const DEFAULT_STATION = {
  arrival: { domestic: 15, international: 15 },
  departure: { domestic: 30, international: 30 },
};

export interface OfflineTerminalOptions {
  catalog: CuratedCatalog;
  local: LocalTransitProvider;
  clock?: Clock | undefined;
}

/** `name (a, b)` with the parts that are set; the bare name when none is. */
function bracketed(
  name: string,
  parts: (string | null | undefined)[],
  open: string,
  sep: string,
  close: string,
): string {
  const set = parts.filter((x): x is string => !!x && !name.includes(x));
  return set.length > 0 ? `${name}${open}${set.join(sep)}${close}` : name;
}

export class OfflineTerminalProvider implements TerminalProvider {
  private readonly clock: Clock;

  constructor(private readonly options: OfflineTerminalOptions) {
    this.clock = options.clock ?? systemClock;
  }

  private readonly memo = new Map<string, Terminal | null>();

  terminal(city: CityInfo, kind: Terminal['kind'], ref?: string): Terminal | null {
    const key = `${city.id}|${kind}|${ref ?? ''}`;
    if (this.memo.has(key)) return this.memo.get(key)!;
    const found = this.lookup(city, kind, ref);
    this.memo.set(key, found);
    return found;
  }

  private lookup(city: CityInfo, kind: Terminal['kind'], ref?: string): Terminal | null {
    const covered = this.options.catalog.forCity(city)?.data.city.id;
    const hubs = transportData().hubs.filter((h) => h.city === covered && h.kind === kind);
    const hit =
      kind === 'airport'
        ? hubs.find((h) => h.code === ref?.toUpperCase())
        : (hubs.find((h) => h.id === ref || sameName(h.name_en, ref) || sameName(h.name_zh, ref)) ?? hubs[0]);
    if (hit) return this.fromDataset(hit);
    return kind === 'airport' ? this.estimatedAirport(city, ref) : this.estimatedStation(city, ref);
  }

  private fromDataset(h: DatasetHub): Terminal {
    const note = `${h.source}; last checked ${h.last_checked}`;
    return {
      id: h.id,
      kind: h.kind,
      code: h.code ?? undefined,
      // `Kansai International Airport (KIX, Osaka)`: the place is named when it is another city.
      name: {
        en: bracketed(h.name_en, [h.code, h.located_in?.en], ' (', ', ', ')'),
        zh: bracketed(h.name_zh, [h.code, h.located_in?.zh], '（', '，', '）'),
      },
      ...(h.located_in ? { locatedIn: { ...h.located_in } } : {}),
      coordinates: [h.coordinates[0], h.coordinates[1]],
      arrivalBuffer: h.buffers.arrival,
      departureBuffer: h.buffers.departure,
      transfers: h.transfers.map((t): TransferOption => ({
        mode: t.mode,
        name: { en: t.name_en, zh: t.name_zh },
        durationMinutes: t.minutes,
        cost: t.fare,
        currency: t.currency,
        unit: t.unit,
        capacity: t.capacity,
        provenance: estimate(
          this.clock,
          HUBS_SOURCE,
          `${h.id}:${t.mode}:${t.name_en}`,
          `Typical time and fare to the city centre: ${note}.`,
        ),
      })),
      provenance: estimate(
        this.clock,
        HUBS_SOURCE,
        h.id,
        `Buffers and transfers are typical figures: ${note}.`,
      ),
    };
  }

  /** Transfers from the local-transit estimator between a point and the city centre. */
  private estimatedTransfers(city: CityInfo, from: [number, number] | undefined): TransferOption[] {
    const legs = this.options.local.legs(city, from, city.coordinates).filter((l) => l.mode !== 'walk');
    return legs.map((l) => ({
      mode: l.mode === 'taxi' ? 'taxi' : 'transit',
      name: l.mode === 'taxi' ? { en: 'Taxi', zh: '出租车' } : { en: 'Public transport', zh: '公共交通' },
      durationMinutes: l.durationMinutes,
      cost: l.cost,
      currency: l.currency,
      unit: l.unit,
      capacity: l.capacity,
      provenance: l.provenance,
    }));
  }

  private estimatedAirport(city: CityInfo, ref: string | undefined): Terminal | null {
    const airport = ref ? airportByIata(ref) : undefined;
    if (!airport) return null;
    const transfers = this.estimatedTransfers(city, [airport.coordinates[0], airport.coordinates[1]]);
    if (transfers.length === 0) return null;
    return {
      id: `airport:${airport.iata}`,
      kind: 'airport',
      code: airport.iata,
      name: { en: `${airport.name} (${airport.iata})`, zh: `${airport.name}（${airport.iata}）` },
      coordinates: [airport.coordinates[0], airport.coordinates[1]],
      arrivalBuffer: DEFAULT_AIRPORT.arrival,
      departureBuffer: DEFAULT_AIRPORT.departure,
      transfers,
      provenance: estimate(
        this.clock,
        AIRPORTS_SOURCE,
        airport.iata,
        'Airport position from OpenFlights; transfer times and fares estimated from the distance to the city centre; default buffers.',
      ),
    };
  }

  private estimatedStation(city: CityInfo, ref: string | undefined): Terminal {
    const transfers = this.estimatedTransfers(city, undefined);
    const name = ref ?? `${city.nameEn} station`;
    return {
      id: `station:${city.id}`,
      kind: 'station',
      name: { en: name, zh: ref ?? `${city.nameZh ?? city.name}站` },
      coordinates: city.coordinates,
      arrivalBuffer: DEFAULT_STATION.arrival,
      departureBuffer: DEFAULT_STATION.departure,
      transfers,
      provenance: estimate(
        this.clock,
        'offline:station-estimator',
        city.id,
        'Station assumed near the city centre; one local ride; default buffers.',
      ),
    };
  }
}
