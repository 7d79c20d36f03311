/**
 * Field rules shared by request contracts (REST bodies, MCP tool inputs): bounded, trimmed text,
 * money and coordinates rounded before they can reach the table.
 *
 * Numbers a request can get stored are bounded and rounded here: DynamoDB rejects numbers outside
 * 1e-130..1e126 (a denormal such as 5e-324 included), and no request may reach the table with one.
 */
import { z } from 'zod';

/** Rounds to `digits` decimals. */
export const roundTo = (digits: number) => (n: number) => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};
/** An amount of money in a request: 0..1e12, rounded to cents. */
export const MoneyInput = z.number().min(0).max(1e12).transform(roundTo(2));
/** `[lat, lon]` in a request, rounded to 6 decimals (~0.1 m). */
export const CoordinatesInput = z.tuple([
  z.number().min(-90).max(90).transform(roundTo(6)),
  z.number().min(-180).max(180).transform(roundTo(6)),
]);
export const ShortText = (max: number) => z.string().trim().min(1).max(max);
export const TextList = (maxItems: number, maxLength = 100) => z.array(ShortText(maxLength)).max(maxItems);
/** Keys of free-form maps in requests (DynamoDB map keys must be non-empty). */
export const MapKey = z.string().regex(/^[\w.-]{1,64}$/, 'letters, digits, _ . - (1-64 characters)');
/** A place name in a request (city, attraction, origin). */
export const PlaceName = ShortText(100);
