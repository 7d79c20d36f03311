/**
 * Offline stays: the curated hotels of a city (knowledge/destinations). Each record is mapped as it
 * is, but its nightly price is a typical curated price, not a live rate for the dates asked, so
 * every offer is labelled an estimate. Prices are in the city's currency. A city without curated
 * data has no offers (the planner reports it).
 */
import type { CityInfo, HotelOffer, HotelProvider, HotelSearch } from '../../agents/ports/providers.js';
import { CuratedCatalog } from './curated-catalog.js';
import { estimate, systemClock, type Clock } from './provenance.js';

export interface OfflineCatalogOptions {
  catalog?: CuratedCatalog | undefined;
  /** Folder of curated files when no catalog is given. */
  datasetDir?: string | undefined;
  clock?: Clock | undefined;
}

export class OfflineHotelProvider implements HotelProvider {
  private readonly catalog: CuratedCatalog;
  private readonly clock: Clock;

  constructor(options: OfflineCatalogOptions = {}) {
    this.catalog = options.catalog ?? new CuratedCatalog({ dir: options.datasetDir });
    this.clock = options.clock ?? systemClock;
  }

  async search(query: HotelSearch): Promise<HotelOffer[]> {
    return this.hotels(query.city);
  }

  /** Every curated stay of the city (dates do not change typical prices offline). */
  hotels(city: CityInfo): HotelOffer[] {
    const entry = this.catalog.forCity(city);
    if (!entry) return [];
    const { city: c } = entry.data;
    return entry.data.hotels.map((h) => ({
      id: h.id,
      name: CuratedCatalog.displayName(c.country, h.name_zh, h.name_en),
      nameZh: h.name_zh,
      nameEn: h.name_en,
      city: c.id,
      type: h.type,
      address: h.address,
      coordinates: [h.coordinates[0], h.coordinates[1]],
      stars: h.stars,
      rating: h.rating,
      roomType: h.room_type,
      pricePerNight: h.price_per_night,
      currency: c.currency,
      maxOccupancy: h.max_occupancy,
      minimumNights: h.minimum_nights,
      houseRules: {
        smoking: h.house_rules.smoking,
        parties: h.house_rules.parties,
        children_under_10: h.house_rules.children_under_10,
        visitors: h.house_rules.visitors,
        pets: h.house_rules.pets,
      },
      amenities: [...h.amenities],
      provenance: estimate(
        this.clock,
        entry.source,
        h.id,
        `Curated hotel record (${h.source}, last checked ${h.last_checked}); typical price, not live: the nightly rate for your dates may differ.`,
      ),
    }));
  }
}
