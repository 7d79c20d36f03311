/**
 * Offline exchange rates: a bundled table of approximate mid-market reference rates against USD,
 * as of {@link RATES_AS_OF}. They are reference figures for budgeting, not live or bookable rates;
 * an online adapter replaces them. Amounts are converted through USD and not rounded.
 */
import type { ExchangeRateProvider } from '../../agents/ports/providers.js';

/** Date the table describes (approximate reference rates around that day). */
export const RATES_AS_OF = '2025-07-01';

/** Units of each currency per 1 USD (approximate, rounded to 3-4 significant figures). */
export const USD_RATES: Readonly<Record<string, number>> = {
  USD: 1,
  CNY: 7.17,
  EUR: 0.85,
  JPY: 144.5,
  THB: 32.6,
  SGD: 1.275,
  GBP: 0.73,
  HKD: 7.85,
  KRW: 1360,
  AUD: 1.525,
  MOP: 8.08,
  TWD: 29.3,
  CAD: 1.365,
  NZD: 1.65,
  CHF: 0.795,
  SEK: 9.55,
  NOK: 10.1,
  DKK: 6.35,
  ISK: 122,
  CZK: 21.1,
  HUF: 341,
  PLN: 3.62,
  TRY: 39.8,
  RUB: 78.5,
  AED: 3.6725,
  QAR: 3.64,
  SAR: 3.75,
  ILS: 3.37,
  EGP: 49.6,
  MAD: 9.0,
  ZAR: 17.7,
  INR: 85.7,
  NPR: 137,
  LKR: 300,
  MVR: 15.4,
  MYR: 4.22,
  IDR: 16200,
  VND: 26100,
  PHP: 56.5,
  KHR: 4010,
  LAK: 21600,
  MMK: 2100,
  MNT: 3580,
  MXN: 18.8,
  BRL: 5.45,
  ARS: 1200,
  CLP: 935,
  PEN: 3.55,
};

/** Raised by {@link OfflineExchangeRates.convert} for a currency the table lacks. */
export class UnknownCurrencyError extends Error {
  constructor(readonly currency: string) {
    super(`no offline exchange rate for currency "${currency}"`);
    this.name = 'UnknownCurrencyError';
  }
}

export class OfflineExchangeRates implements ExchangeRateProvider {
  readonly asOf = RATES_AS_OF;
  /** Provenance source of figures derived from this table. */
  readonly source = `offline:exchange-rates@${RATES_AS_OF}`;

  constructor(private readonly rates: Readonly<Record<string, number>> = USD_RATES) {}

  /** True when the currency is in the table. */
  has(currency: string): boolean {
    return Object.hasOwn(this.rates, currency.toUpperCase());
  }

  /** Currencies in the table. */
  currencies(): string[] {
    return Object.keys(this.rates);
  }

  private rate(currency: string): number {
    const code = currency.toUpperCase();
    const rate = Object.hasOwn(this.rates, code) ? this.rates[code] : undefined;
    if (rate === undefined) throw new UnknownCurrencyError(currency);
    return rate;
  }

  convert(amount: number, from: string, to: string): number {
    const fromRate = this.rate(from);
    const toRate = this.rate(to);
    if (from.toUpperCase() === to.toUpperCase()) return amount;
    return (amount / fromRate) * toRate;
  }
}

/** Currencies without minor units in everyday prices. */
const ZERO_DECIMAL = new Set([
  'JPY',
  'KRW',
  'VND',
  'IDR',
  'CLP',
  'ISK',
  'HUF',
  'KHR',
  'LAK',
  'MMK',
  'MNT',
  'TWD',
]);

/** Rounds a price sensibly: whole units for zero-decimal currencies and amounts >= 100, else cents. */
export function roundMoney(amount: number, currency: string): number {
  if (ZERO_DECIMAL.has(currency) || amount >= 100) return Math.round(amount);
  return Math.round(amount * 100) / 100;
}

/**
 * An amount given in `from`, quoted in `preferred` when the table knows both currencies, else in
 * USD (or left in `from` when even that is impossible). Rounded with {@link roundMoney}.
 */
export function quote(
  rates: OfflineExchangeRates,
  amount: number,
  from: string,
  preferred: string,
): { amount: number; currency: string } {
  if (from === preferred) return { amount: roundMoney(amount, from), currency: from };
  if (!rates.has(from)) return { amount: roundMoney(amount, from), currency: from };
  const target = rates.has(preferred) ? preferred : 'USD';
  return { amount: roundMoney(rates.convert(amount, from, target), target), currency: target };
}
