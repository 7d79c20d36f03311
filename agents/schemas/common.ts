/**
 * Primitive schemas shared by the domain model. All timestamps and dates travel as ISO-8601 strings
 * (the wire format and DynamoDB both store them as strings, and string order is time order).
 */
import { z } from 'zod';

/** An instant with an explicit offset, e.g. `2025-01-27T10:30:00Z`. */
export const IsoDateTime = z.iso.datetime({ offset: true });

/** A calendar date, `YYYY-MM-DD`, validated as a real date (no 2025-02-30). */
export const IsoDate = z.iso.date();

/** `[latitude, longitude]` in degrees, as the seed's `tuple[float, float]`. */
export const Coordinates = z.tuple([z.number().min(-90).max(90), z.number().min(-180).max(180)]);
export type Coordinates = z.infer<typeof Coordinates>;

/** ISO-4217 currency code, upper case: CNY, USD, EUR. */
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO-4217 code such as CNY');

/** A non-negative, finite amount of money. */
export const Money = z.number().finite().nonnegative();

/** A non-negative whole number of minutes. */
export const Minutes = z.number().int().nonnegative();

/**
 * A free-form JSON object. The seed writes `Dict[str, Any]` without importing `Any` (a NameError
 * in Python); the intended meaning is "any JSON value", which is `unknown` here.
 */
export const JsonObject = z.record(z.string(), z.unknown());
export type JsonObject = z.infer<typeof JsonObject>;

/** Inclusive `[min, max]` integer range with min <= max, as the seed's `tuple[int, int]` preferences. */
export function intRange(min: number, max: number) {
  return z
    .tuple([z.number().int().min(min).max(max), z.number().int().min(min).max(max)])
    .refine(([lo, hi]) => lo <= hi, { message: 'the first value must not exceed the second' });
}

/** An entity id: non-empty, at most 128 characters (ours are `<prefix>_<ULID>`, see agents/ids.ts). */
export const EntityId = z.string().min(1).max(128);

/** A string that must not be empty. */
export const NonEmpty = z.string().min(1);

/** Absolute http(s) URL; other schemes (`javascript:`, `data:`) are rejected. */
export const HttpUrl = z.url({ protocol: /^https?$/ });

/** A non-negative whole count (tokens, messages, views). */
export const Count = z.number().int().nonnegative();

/** True when the value is a real `YYYY-MM-DD` date (used by cross-field refinements). */
export function isValidDate(value: unknown): value is string {
  return IsoDate.safeParse(value).success;
}
