/**
 * Index over the curated destination files: finds a city's file by id or by any of its names and
 * aliases (Chinese or English, case-insensitive, with or without suffixes such as 市), and turns
 * the file's `city` block into a {@link CityInfo}. Shared by every offline provider.
 */
import type { CityInfo } from '../../agents/ports/providers.js';
import { loadDestinations, type LoadedDestination } from './dataset-loader.js';
import type { Clock } from './provenance.js';
import { verified } from './provenance.js';
import { cityNameKeys, normalizeName } from './place-names.js';

/** Countries whose places the offline providers name in Chinese by default. */
const CHINESE_NAMED = new Set(['CN', 'HK', 'MO', 'TW']);

export class CuratedCatalog {
  readonly entries: readonly LoadedDestination[];
  private readonly byId = new Map<string, LoadedDestination>();
  private readonly byName = new Map<string, LoadedDestination[]>();

  constructor(options: { dir?: string | undefined } = {}) {
    this.entries = loadDestinations({ dir: options.dir });
    for (const entry of this.entries) {
      const c = entry.data.city;
      this.byId.set(c.id, entry);
      for (const n of [c.id, c.name_en, c.name_zh, ...c.aliases]) {
        const key = normalizeName(n);
        const list = this.byName.get(key) ?? [];
        if (!list.includes(entry)) list.push(entry);
        this.byName.set(key, list);
      }
    }
  }

  /** Curated cities called `name` (exact key first, then without suffixes). */
  find(name: string): LoadedDestination[] {
    for (const key of cityNameKeys(name)) {
      const hit = this.byName.get(key);
      if (hit) return hit;
    }
    return [];
  }

  byCityId(id: string): LoadedDestination | undefined {
    return this.byId.get(id);
  }

  /** The curated file of a city from any geo provider: by id, else by name within the same country. */
  forCity(
    city: Pick<CityInfo, 'id' | 'name' | 'nameEn' | 'nameZh' | 'country'>,
  ): LoadedDestination | undefined {
    const direct = this.byId.get(city.id);
    if (direct) return direct;
    for (const n of [city.nameEn, city.name, city.nameZh]) {
      if (!n) continue;
      const hit = this.find(n).find((e) => e.data.city.country === city.country);
      if (hit) return hit;
    }
    return undefined;
  }

  /** The display name of a curated record: Chinese in Chinese-speaking places, else English. */
  static displayName(country: string, zh: string, en: string): string {
    return CHINESE_NAMED.has(country) ? zh : en;
  }

  cityInfo(entry: LoadedDestination, clock: Clock): CityInfo {
    const c = entry.data.city;
    return {
      id: c.id,
      name: CuratedCatalog.displayName(c.country, c.name_zh, c.name_en),
      nameEn: c.name_en,
      nameZh: c.name_zh,
      country: c.country,
      region: c.region,
      coordinates: [c.coordinates[0], c.coordinates[1]],
      timezone: c.timezone,
      currency: c.currency,
      provenance: verified(
        clock,
        entry.source,
        c.id,
        `curated city record (${c.source}, last checked ${c.last_checked})`,
      ),
    };
  }
}
