/**
 * Typical ground-transport prices per country, in that country's currency, used by the intercity
 * and local-transit estimators. They are rounded editorial figures (typical city taxi tariffs,
 * single metro/bus fares, fuel plus tolls per km for a mid-size car, second-class rail and coach
 * fares per km), not live prices: everything computed from them is labelled an estimate.
 */
import { countryCurrency } from './countries.js';

export interface GroundCosts {
  currency: string;
  /** Taxi flag fall and price per km. */
  taxiFlagFall: number;
  taxiPerKm: number;
  /** A single urban transit (metro/bus) ride. */
  transitFare: number;
  /** Fuel and tolls per vehicle-km for a 5-seat car. */
  drivePerKm: number;
  /** Conventional / regional rail: fare per km and average speed including stops; undefined: no intercity rail estimate. */
  railPerKm?: number | undefined;
  railKmh?: number | undefined;
  /** Intercity coach fare per km. */
  busPerKm: number;
}

const c = (
  currency: string,
  taxiFlagFall: number,
  taxiPerKm: number,
  transitFare: number,
  drivePerKm: number,
  busPerKm: number,
  railPerKm?: number,
  railKmh?: number,
): GroundCosts => ({
  currency,
  taxiFlagFall,
  taxiPerKm,
  transitFare,
  drivePerKm,
  busPerKm,
  railPerKm,
  railKmh,
});

/** Per country (ISO alpha-2). Rail for CN is the high-speed estimate in intercity.ts. */
const BY_COUNTRY: Record<string, GroundCosts> = {
  CN: c('CNY', 13, 2.5, 3, 1.0, 0.35, 0.2, 90),
  HK: c('HKD', 29, 10, 10, 2.5, 0.6, 1.0, 80),
  MO: c('MOP', 21, 8, 6, 2.5, 0.6),
  TW: c('TWD', 85, 25, 30, 4, 1.3, 3.2, 200),
  JP: c('JPY', 500, 400, 210, 40, 13, 25, 200),
  KR: c('KRW', 4800, 1200, 1500, 150, 60, 140, 180),
  TH: c('THB', 35, 8, 40, 4, 1.2, 1.5, 60),
  SG: c('SGD', 4.4, 0.8, 1.9, 0.3, 0.1),
  MY: c('MYR', 4, 1.6, 3, 0.5, 0.12, 0.3, 100),
  US: c('USD', 3.5, 1.8, 2.75, 0.14, 0.09, 0.18, 90),
  CA: c('CAD', 4, 2.0, 3.3, 0.18, 0.1, 0.2, 90),
  AU: c('AUD', 4.2, 2.3, 4.5, 0.2, 0.12, 0.2, 90),
  NZ: c('NZD', 4, 2.8, 4, 0.2, 0.12),
  GB: c('GBP', 3.8, 2.2, 2.8, 0.16, 0.07, 0.25, 130),
  CH: c('CHF', 6.6, 3.8, 3.5, 0.2, 0.2, 0.3, 110),
};

/** Euro-area default (FR, DE, IT, ES, NL, ...). */
const EURO = c('EUR', 4, 2.0, 2.2, 0.17, 0.06, 0.14, 140);

/** Anywhere else, in USD. */
export const GENERIC_COSTS = c('USD', 3, 1.2, 1.5, 0.12, 0.05, 0.08, 80);

/** Ground prices of a country; the euro-area or generic table when it has none of its own. */
export function groundCosts(country: string): GroundCosts {
  const own = BY_COUNTRY[country];
  if (own) return own;
  if (countryCurrency(country) === 'EUR') return EURO;
  return GENERIC_COSTS;
}

/** Whether the table is specific to the country (else a regional/generic default). */
export function hasOwnCosts(country: string): boolean {
  return country in BY_COUNTRY || countryCurrency(country) === 'EUR';
}
