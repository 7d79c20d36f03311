/**
 * Offline in-city travel estimates between two points. Street distance is the great-circle
 * distance x 1.3 (detour factor). Every leg is an estimate:
 *
 * - walk (only up to 1.5 km): 4.5 km/h, free;
 * - transit (over 1 km): 20 km/h door to door for the first 10 km, 35 km/h beyond (the longer
 *   metro and suburban lines stop less often), plus 10 min waiting, one flat fare per person in the
 *   city's currency (cost-tables.ts);
 * - taxi: 25 km/h for the first 6 km (town streets), 40 km/h for the next 9 km (ring roads), 60 km/h
 *   beyond (expressway), plus 5 min pick-up; flag fall + per-km tariff of the country, per vehicle
 *   of 4. A flat town speed would make a ride to a sight 30 km out take well over an hour.
 *
 * With a coordinate missing, a single 20-minute transit ride is assumed and said so.
 */
import type { CityInfo, LocalLeg, LocalTransitProvider } from '../../agents/ports/providers.js';
import type { Coordinates } from '../../agents/schemas/common.js';
import { groundCosts } from './cost-tables.js';
import { OfflineExchangeRates, quote } from './exchange-rates.js';
import { greatCircleKm } from './geodesy.js';
import { estimate, systemClock, type Clock } from './provenance.js';

export const LOCAL_TRANSIT_SOURCE = 'offline:local-transit-estimator';

export const DETOUR_FACTOR = 1.3;
export const WALK_MAX_KM = 1.5;
const WALK_KMH = 4.5;
const TRANSIT_MIN_KM = 1;
const TRANSIT_KMH = 20;
/** Transit speed bands, as {@link TAXI_BANDS}. */
const TRANSIT_BANDS: readonly { km: number; kmh: number }[] = [
  { km: 10, kmh: TRANSIT_KMH },
  { km: Infinity, kmh: 35 },
];
const TRANSIT_WAIT_MIN = 10;
/** Taxi speed bands: up to `km` of street distance (cumulative) at `kmh`; the last band is open. */
const TAXI_BANDS: readonly { km: number; kmh: number }[] = [
  { km: 6, kmh: 25 },
  { km: 15, kmh: 40 },
  { km: Infinity, kmh: 60 },
];
const TAXI_PICKUP_MIN = 5;
const TAXI_CAPACITY = 4;
const UNKNOWN_TRANSIT_MIN = 20;

export interface OfflineLocalTransitOptions {
  clock?: Clock | undefined;
  rates?: OfflineExchangeRates | undefined;
}

export class OfflineLocalTransitProvider implements LocalTransitProvider {
  private readonly clock: Clock;
  private readonly rates: OfflineExchangeRates;

  constructor(options: OfflineLocalTransitOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.rates = options.rates ?? new OfflineExchangeRates();
  }

  legs(city: CityInfo, from: Coordinates | undefined, to: Coordinates | undefined): LocalLeg[] {
    const costs = groundCosts(city.country);
    const fare = quote(this.rates, costs.transitFare, costs.currency, city.currency);
    if (!from || !to) {
      return [
        {
          mode: 'transit',
          durationMinutes: UNKNOWN_TRANSIT_MIN,
          distanceKm: round1(((UNKNOWN_TRANSIT_MIN - TRANSIT_WAIT_MIN) / 60) * TRANSIT_KMH),
          cost: fare.amount,
          currency: fare.currency,
          unit: 'person',
          provenance: estimate(
            this.clock,
            LOCAL_TRANSIT_SOURCE,
            null,
            `A location has no coordinates: assumed one ${UNKNOWN_TRANSIT_MIN}-minute transit ride at the typical single fare.`,
          ),
        },
      ];
    }
    const km = greatCircleKm(from, to) * DETOUR_FACTOR;
    const legs: LocalLeg[] = [];
    if (km <= WALK_MAX_KM) {
      legs.push({
        mode: 'walk',
        durationMinutes: Math.max(1, Math.round((km / WALK_KMH) * 60)),
        distanceKm: round1(km),
        cost: 0,
        currency: city.currency,
        unit: 'person',
        provenance: estimate(
          this.clock,
          LOCAL_TRANSIT_SOURCE,
          null,
          `Walking estimate: straight-line distance x ${DETOUR_FACTOR} at ${WALK_KMH} km/h.`,
        ),
      });
    }
    if (km > TRANSIT_MIN_KM) {
      legs.push({
        mode: 'transit',
        durationMinutes: Math.round(bandedMinutes(km, TRANSIT_BANDS) + TRANSIT_WAIT_MIN),
        distanceKm: round1(km),
        cost: fare.amount,
        currency: fare.currency,
        unit: 'person',
        provenance: estimate(
          this.clock,
          LOCAL_TRANSIT_SOURCE,
          null,
          `Public-transport estimate: distance x ${DETOUR_FACTOR} at ${TRANSIT_KMH} km/h, 35 km/h beyond 10 km, plus ${TRANSIT_WAIT_MIN} min waiting; typical single fare, not a timetable.`,
        ),
      });
    }
    const taxi = quote(this.rates, costs.taxiFlagFall + costs.taxiPerKm * km, costs.currency, city.currency);
    legs.push({
      mode: 'taxi',
      durationMinutes: Math.round(bandedMinutes(km, TAXI_BANDS) + TAXI_PICKUP_MIN),
      distanceKm: round1(km),
      cost: taxi.amount,
      currency: taxi.currency,
      unit: 'vehicle',
      capacity: TAXI_CAPACITY,
      provenance: estimate(
        this.clock,
        LOCAL_TRANSIT_SOURCE,
        null,
        `Taxi estimate: distance x ${DETOUR_FACTOR} at 25 km/h in town, 40 km/h from 6 km, 60 km/h on the expressway beyond 15 km, plus ${TAXI_PICKUP_MIN} min pick-up; fare = ${costs.taxiFlagFall} + ${costs.taxiPerKm}/km (${costs.currency}), typical tariff, not a quote.`,
      ),
    });
    // Walking, when offered, is the reasonable choice; otherwise fastest first.
    const [walk, rest] = [legs.filter((l) => l.mode === 'walk'), legs.filter((l) => l.mode !== 'walk')];
    return [...walk, ...rest.sort((a, b) => a.durationMinutes - b.durationMinutes)];
  }
}

/** Driving minutes for a taxi over `km` of street distance (speed bands: town, ring road, expressway). */
export function taxiDrivingMinutes(km: number): number {
  return bandedMinutes(km, TAXI_BANDS);
}

/** Minutes in the vehicle for a public-transport ride over `km` of street distance. */
export function transitRideMinutes(km: number): number {
  return bandedMinutes(km, TRANSIT_BANDS);
}

/** Minutes over `km` through speed bands (each up to a cumulative distance, the last open). */
function bandedMinutes(km: number, bands: readonly { km: number; kmh: number }[]): number {
  let minutes = 0;
  let from = 0;
  for (const band of bands) {
    if (km <= from) break;
    const stretch = Math.min(km, band.km) - from;
    minutes += (stretch / band.kmh) * 60;
    from = band.km;
  }
  return minutes;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
