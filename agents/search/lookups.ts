/**
 * Provider look-ups that turn into field-level validation errors: a city that must resolve, a
 * currency the exchange-rate table must know. Shared by REST handlers and travel tools.
 */
import { ValidationError } from '../errors.js';
import type { CityInfo, ExchangeRateProvider, GeoProvider } from '../ports/providers.js';
import { round2 } from '../rounding.js';

/** Throws VALIDATION_ERROR on `field` unless the exchange-rate provider knows the currency. */
export function assertKnownCurrency(rates: ExchangeRateProvider, currency: string, field: string): void {
  try {
    rates.convert(1, currency, 'USD');
  } catch {
    throw new ValidationError('Unknown currency', {
      details: [{ field, message: `unknown currency ${currency}` }],
    });
  }
}

/** Converts, or returns null when either currency is unknown. */
export function convertOrNull(
  rates: ExchangeRateProvider,
  amount: number,
  from: string,
  to: string,
): number | null {
  try {
    return rates.convert(amount, from, to);
  } catch {
    return null;
  }
}

/** Resolves a city by name, or throws VALIDATION_ERROR on `field`. */
export async function resolveCityOrFail(
  geo: GeoProvider,
  name: string,
  field: string,
  hint?: { country?: string | null },
): Promise<CityInfo> {
  const city = await geo.resolveCity(name, hint);
  if (!city) {
    throw new ValidationError('Unknown city', {
      details: [{ field, message: `unknown city "${name}" / 无法识别的城市` }],
      text: { zh: `无法识别城市"${name}"`, en: `Unknown city "${name}"` },
    });
  }
  return city;
}

/** Rounds to cents. */
export { round2 };
