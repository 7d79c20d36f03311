/**
 * Offline ground options between two cities, estimated from the great-circle distance (no route
 * or timetable data is bundled). Road km = great-circle x 1.25, rail km = great-circle x 1.2.
 * Prices come from cost-tables.ts in the origin country's currency and are quoted in the origin
 * city's currency. Every option is an estimate whose note carries its formula.
 *
 * - self_driving: same country, neither end on an island region without a road link
 *   (Hawaii, Okinawa); road km at 80 km/h plus a 15-min break per full 2 h; fuel + tolls per km,
 *   per vehicle of 5.
 * - taxi: same country, road km <= 300; 70 km/h plus 10 min; flag fall + per-km tariff with a
 *   50 % empty-return surcharge on the km beyond 25; per vehicle of 4.
 * - train: China high-speed rail when both ends are in mainland China / Hong Kong and the
 *   great-circle distance is 100-2500 km (250 km/h + 15 min; CNY 0.46 per rail km, 2nd class);
 *   not to Tibet, nor between Hainan and the mainland.
 *   Elsewhere a generic rail estimate only within one country with a rail table, great-circle
 *   < 1000 km (and >= 30 km): the country's average speed + 15 min, its fare per rail km.
 * - train from the rail-link table (knowledge/transport/rail-links.json) when the two cities have a
 *   link there (also across borders, e.g. Eurostar): its typical minutes, typical fare, service,
 *   stations and daily departures; it replaces the estimates above.
 * - bus: same country, road km < 800 (and great-circle >= 30 km): 60 km/h plus 15 min; coach
 *   fare per km, at least two urban fares.
 */
import type { CityInfo, GroundOption, IntercityProvider } from '../../agents/ports/providers.js';
import { resolveRegion } from './geo.js';
import { groundCosts } from './cost-tables.js';
import { OfflineExchangeRates, quote } from './exchange-rates.js';
import { greatCircleKm } from './geodesy.js';
import { estimate, systemClock, type Clock } from './provenance.js';
import { RAIL_LINKS_SOURCE, railLinkBetween } from './terminals.js';

export const INTERCITY_SOURCE = 'offline:intercity-estimator';

export const ROAD_FACTOR = 1.25;
export const RAIL_FACTOR = 1.2;
const DRIVE_KMH = 80;
const TAXI_KMH = 70;
export const TAXI_MAX_ROAD_KM = 300;
const TAXI_SURCHARGE_AFTER_KM = 25;
const HSR_KMH = 250;
const HSR_CNY_PER_KM = 0.46;
export const HSR_RANGE_KM: readonly [number, number] = [100, 2500];
export const RAIL_MAX_KM = 1000;
export const BUS_MAX_ROAD_KM = 800;
const BUS_KMH = 60;
const MIN_KM = 30;

/** First-level regions with no road link to the rest of their country. */
const ISLAND_REGIONS = new Set(['US:HI', 'JP:47']);
/** Places on the Chinese high-speed network. */
const HSR_COUNTRIES = new Set(['CN', 'HK']);
/** Regions of China off the high-speed network: Tibet; Hainan's line does not reach the mainland. */
const NO_HSR_REGION = 'CN:14';
const HAINAN = 'CN:31';

export interface OfflineIntercityOptions {
  clock?: Clock | undefined;
  rates?: OfflineExchangeRates | undefined;
}

/** `CN:29` for a city in Yunnan; undefined when the region is not in the tables. */
function regionKey(city: CityInfo): string | undefined {
  if (!city.region) return undefined;
  const region = resolveRegion(city.region, city.country);
  return region?.admin1 ? `${region.country}:${region.admin1}` : undefined;
}

function isIsland(city: CityInfo): boolean {
  const key = regionKey(city);
  return !!key && ISLAND_REGIONS.has(key);
}

/** Both ends on the Chinese high-speed network, and connected by it. */
function onHighSpeedNetwork(from: CityInfo, to: CityInfo): boolean {
  if (!HSR_COUNTRIES.has(from.country) || !HSR_COUNTRIES.has(to.country)) return false;
  const [a, b] = [regionKey(from), regionKey(to)];
  if (a === NO_HSR_REGION || b === NO_HSR_REGION) return false;
  return (a === HAINAN) === (b === HAINAN);
}

export class OfflineIntercityProvider implements IntercityProvider {
  private readonly clock: Clock;
  private readonly rates: OfflineExchangeRates;

  constructor(options: OfflineIntercityOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.rates = options.rates ?? new OfflineExchangeRates();
  }

  async options(from: CityInfo, to: CityInfo, _date: string): Promise<GroundOption[]> {
    if (!from.coordinates || !to.coordinates || from.id === to.id) return [];
    const gc = greatCircleKm(from.coordinates, to.coordinates);
    if (gc < 1) return [];
    const roadKm = gc * ROAD_FACTOR;
    const railKm = gc * RAIL_FACTOR;
    const sameCountry = from.country === to.country;
    const costs = groundCosts(from.country);
    const out: GroundOption[] = [];
    const make = (
      mode: GroundOption['mode'],
      minutes: number,
      km: number,
      amount: number,
      currency: string,
      unit: GroundOption['unit'],
      capacity: number | undefined,
      note: string,
    ): GroundOption => {
      const price = quote(this.rates, amount, currency, from.currency);
      return {
        mode,
        durationMinutes: Math.round(minutes),
        distanceKm: Math.round(km),
        cost: price.amount,
        currency: price.currency,
        unit,
        capacity,
        provenance: estimate(this.clock, INTERCITY_SOURCE, `${from.id}->${to.id}:${mode}`, note),
      };
    };

    if (sameCountry && !isIsland(from) && !isIsland(to)) {
      const hours = roadKm / DRIVE_KMH;
      const minutes = hours * 60 + Math.floor(hours / 2) * 15;
      out.push(
        make(
          'self_driving',
          minutes,
          roadKm,
          costs.drivePerKm * roadKm,
          costs.currency,
          'vehicle',
          5,
          `Driving estimate: great-circle ${Math.round(gc)} km x ${ROAD_FACTOR} road factor at ${DRIVE_KMH} km/h plus 15 min per 2 h; fuel and tolls ${costs.drivePerKm} ${costs.currency}/km per car (5 seats). Not a route plan.`,
        ),
      );
      if (roadKm <= TAXI_MAX_ROAD_KM) {
        const surchargeKm = Math.max(0, roadKm - TAXI_SURCHARGE_AFTER_KM);
        const fare = costs.taxiFlagFall + costs.taxiPerKm * roadKm + 0.5 * costs.taxiPerKm * surchargeKm;
        out.push(
          make(
            'taxi',
            (roadKm / TAXI_KMH) * 60 + 10,
            roadKm,
            fare,
            costs.currency,
            'vehicle',
            4,
            `Taxi estimate: ${Math.round(roadKm)} road km at ${TAXI_KMH} km/h plus 10 min; fare = ${costs.taxiFlagFall} + ${costs.taxiPerKm}/km + 50% empty-return surcharge beyond ${TAXI_SURCHARGE_AFTER_KM} km (${costs.currency}), per car of 4. Typical tariff, not a quote.`,
          ),
        );
      }
    }

    const rail = railLinkBetween(from, to);
    if (rail) {
      const price = quote(this.rates, rail.link.fare, rail.link.currency, from.currency);
      out.push({
        mode: 'train',
        durationMinutes: rail.link.minutes,
        distanceKm: Math.round(railKm),
        cost: price.amount,
        currency: price.currency,
        unit: 'person',
        service: { en: rail.link.service_en, zh: rail.link.service_zh },
        fromStation: rail.from.hub ?? rail.from.station_en,
        toStation: rail.to.hub ?? rail.to.station_en,
        departuresPerDay: rail.link.departures_per_day,
        provenance: estimate(
          this.clock,
          RAIL_LINKS_SOURCE,
          rail.link.id,
          `Typical ${rail.link.service_en} journey ${rail.from.station_en} - ${rail.to.station_en} (${rail.link.minutes} min, fastest ${rail.link.fastest_minutes}; about ${rail.link.departures_per_day} departures a day; ${rail.link.fare_class_en} about ${rail.link.fare} ${rail.link.currency}). ${rail.link.booking_en} ${rail.link.source}; last checked ${rail.link.last_checked}.`,
        ),
      });
    } else if (onHighSpeedNetwork(from, to) && gc >= HSR_RANGE_KM[0] && gc <= HSR_RANGE_KM[1]) {
      out.push(
        make(
          'train',
          (railKm / HSR_KMH) * 60 + 15,
          railKm,
          HSR_CNY_PER_KM * railKm,
          'CNY',
          'person',
          undefined,
          `High-speed rail estimate: great-circle ${Math.round(gc)} km x ${RAIL_FACTOR} rail factor at ${HSR_KMH} km/h plus 15 min; second class at CNY ${HSR_CNY_PER_KM}/km. Not a timetable; check 12306 for trains and fares.`,
        ),
      );
    } else if (
      sameCountry &&
      !HSR_COUNTRIES.has(from.country) &&
      costs.railPerKm &&
      costs.railKmh &&
      gc >= MIN_KM &&
      gc < RAIL_MAX_KM
    ) {
      out.push(
        make(
          'train',
          (railKm / costs.railKmh) * 60 + 15,
          railKm,
          costs.railPerKm * railKm,
          costs.currency,
          'person',
          undefined,
          `Rail estimate: great-circle ${Math.round(gc)} km x ${RAIL_FACTOR} at ${costs.railKmh} km/h plus 15 min; ${costs.railPerKm} ${costs.currency}/km. Assumes a rail link exists; not a timetable.`,
        ),
      );
    }

    if (sameCountry && gc >= MIN_KM && roadKm < BUS_MAX_ROAD_KM && !isIsland(from) && !isIsland(to)) {
      out.push(
        make(
          'bus',
          (roadKm / BUS_KMH) * 60 + 15,
          roadKm,
          Math.max(costs.busPerKm * roadKm, 2 * costs.transitFare),
          costs.currency,
          'person',
          undefined,
          `Coach estimate: ${Math.round(roadKm)} road km at ${BUS_KMH} km/h plus 15 min; ${costs.busPerKm} ${costs.currency}/km (at least two urban fares). Assumes a coach service exists.`,
        ),
      );
    }
    return out.sort((a, b) => a.durationMinutes - b.durationMinutes);
  }
}
