/**
 * Offline attractions: the curated places of a city (knowledge/destinations), with opening hours
 * parsed from the records' OSM-style strings. The place itself is as curated, but its hours, ticket
 * price and visit length are editorial typical values rather than a live source, so every entity is
 * labelled an estimate. Prices are in the city's currency. A city without curated data has none.
 */
import type { Attraction, AttractionProvider, CityInfo } from '../../agents/ports/providers.js';
import { parseOpeningHours } from '../../agents/planning/opening-hours.js';
import { CuratedCatalog } from './curated-catalog.js';
import type { OfflineCatalogOptions } from './hotels.js';
import { estimate, systemClock, type Clock } from './provenance.js';

export class OfflineAttractionProvider implements AttractionProvider {
  private readonly catalog: CuratedCatalog;
  private readonly clock: Clock;

  constructor(options: OfflineCatalogOptions = {}) {
    this.catalog = options.catalog ?? new CuratedCatalog({ dir: options.datasetDir });
    this.clock = options.clock ?? systemClock;
  }

  async attractions(city: CityInfo): Promise<Attraction[]> {
    const entry = this.catalog.forCity(city);
    if (!entry) return [];
    const { city: c } = entry.data;
    return entry.data.attractions.map((a) => ({
      id: a.id,
      name: CuratedCatalog.displayName(c.country, a.name_zh, a.name_en),
      nameZh: a.name_zh,
      nameEn: a.name_en,
      city: c.id,
      coordinates: [a.coordinates[0], a.coordinates[1]],
      category: a.category,
      tags: [...a.tags],
      indoor: a.indoor,
      visitMinutes: a.visit_minutes,
      hours: parseOpeningHours(a.hours),
      ticketPrice: a.ticket_price,
      currency: c.currency,
      popularity: a.popularity,
      provenance: estimate(
        this.clock,
        entry.source,
        a.id,
        `Curated place (${a.source}, last checked ${a.last_checked}); opening hours "${a.hours}", ticket price and visit length are typical values, not live.`,
      ),
    }));
  }
}
