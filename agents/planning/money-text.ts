/**
 * Amounts as a plan prints them: one currency per output (the plan's, i.e. the user's), with the
 * provider's own price beside it in brackets when it was quoted in another currency:
 * `1,020 CNY (130 EUR)`.
 */
import type { OriginalPrice } from '../schemas/travel-plan.js';

/** `1,020 CNY`: rounded to whole units, thousands separated. */
export function moneyText(amount: number, currency: string): string {
  return `${Math.round(amount).toLocaleString('en-US')} ${currency}`;
}

/** `1,020 CNY (130 EUR)`, or `1,020 CNY` when there is no original in another currency. */
export function priceText(amount: number, currency: string, original?: OriginalPrice | null): string {
  const main = moneyText(amount, currency);
  if (!original || original.currency === currency) return main;
  // Small originals keep their cents (a 3.50 SGD bus fare is not "4 SGD").
  const digits = original.amount < 100 ? 2 : 0;
  const orig = original.amount.toLocaleString('en-US', { maximumFractionDigits: digits });
  return `${main} (${orig} ${original.currency})`;
}
