/**
 * Offline restaurants: the curated restaurants of a city (knowledge/destinations), with opening
 * hours parsed from the records' OSM-style strings. The average spend and hours are typical
 * curated values, not live, so every entity is labelled an estimate. Prices are in the city's
 * currency. A city without curated data has none.
 */
import type { CityInfo, Restaurant, RestaurantProvider } from '../../agents/ports/providers.js';
import { parseOpeningHours } from '../../agents/planning/opening-hours.js';
import { CuratedCatalog } from './curated-catalog.js';
import type { OfflineCatalogOptions } from './hotels.js';
import { estimate, systemClock, type Clock } from './provenance.js';

export class OfflineRestaurantProvider implements RestaurantProvider {
  private readonly catalog: CuratedCatalog;
  private readonly clock: Clock;

  constructor(options: OfflineCatalogOptions = {}) {
    this.catalog = options.catalog ?? new CuratedCatalog({ dir: options.datasetDir });
    this.clock = options.clock ?? systemClock;
  }

  async restaurants(city: CityInfo): Promise<Restaurant[]> {
    const entry = this.catalog.forCity(city);
    if (!entry) return [];
    const { city: c } = entry.data;
    return entry.data.restaurants.map((r) => ({
      id: r.id,
      name: CuratedCatalog.displayName(c.country, r.name_zh, r.name_en),
      nameZh: r.name_zh,
      nameEn: r.name_en,
      city: c.id,
      coordinates: [r.coordinates[0], r.coordinates[1]],
      cuisines: [...r.cuisines],
      averageCost: r.average_cost,
      currency: c.currency,
      rating: r.rating,
      meals: [...r.meals],
      kind: r.kind,
      hours: parseOpeningHours(r.hours),
      provenance: estimate(
        this.clock,
        entry.source,
        r.id,
        `Curated restaurant (${r.source}, last checked ${r.last_checked}); average spend per person and opening hours "${r.hours}" are typical values, not live.`,
      ),
    }));
  }
}
