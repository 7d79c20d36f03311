/**
 * Small helpers the REST handlers share: the caller's id, bilingual text, and the checks that turn
 * provider look-ups (cities, currencies) into field-level validation errors.
 */
import { AuthFailedError, ValidationError } from '../../../agents/errors.js';
import type { CityInfo, ExchangeRateProvider, GeoProvider } from '../../../agents/ports/providers.js';
import type { Lang } from '../../../agents/schemas/wire.js';
import type { ApiRequest } from '../http.js';

/** The authenticated caller's user id (every `auth: 'user'` route has one). */
export function callerId(req: Pick<ApiRequest, 'auth'>): string {
  if (!req.auth) throw new AuthFailedError('Missing authentication');
  return req.auth.userId;
}

/** Picks the text of the request's language. */
export function say(lang: Lang, zh: string, en: string): string {
  return lang === 'zh' ? zh : en;
}

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
