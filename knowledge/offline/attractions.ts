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
    const headlineIds = entry.data.headlines?.ids ?? [];
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
      aliases: a.aliases ? [...a.aliases] : undefined,
      headlineRank: headlineIds.includes(a.id) ? headlineIds.indexOf(a.id) + 1 : undefined,
      seasonalHours: a.seasonal_hours?.map((s) => ({
        from: s.from,
        to: s.to,
        hours: parseOpeningHours(s.hours),
      })),
      booking:
        a.booking !== undefined
          ? { required: a.booking.required, howZh: a.booking.how_zh, howEn: a.booking.how_en }
          : a.tags.includes('reservation-required') || a.tags.includes('reservation')
            ? {
                required: true,
                howZh: '需提前在官方渠道预约',
                howEn: 'book ahead through the official channel',
              }
            : undefined,
      childPrice: a.child_price,
      seniorPrice: a.senior_price,
      dayTrip: a.day_trip
        ? {
            mode: a.day_trip.mode,
            minutesEachWay: a.day_trip.minutes_each_way,
            costPerPerson: a.day_trip.cost_per_person,
            howZh: a.day_trip.how_zh,
            howEn: a.day_trip.how_en,
          }
        : undefined,
      evening: a.evening,
      bestTime: a.best_time,
      provenance: estimate(
        this.clock,
        entry.source,
        a.id,
        `Curated place (${a.source}, last checked ${a.last_checked}); opening hours "${a.hours}"${a.seasonal_hours?.length ? ' (seasonal hours applied by date)' : ''}, ticket price and visit length are typical values, not live.`,
      ),
    }));
  }
}
