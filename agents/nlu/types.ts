/** Result types of the request parser. */
import { z } from 'zod';
import type { TripRequest } from '../schemas/trip-request.js';

/** Names wished for (`include`) or ruled out (`exclude`); `anyOf`: one of `include` is enough. */
export const NameWishes = z.object({
  include: z.array(z.string()).default(() => []),
  exclude: z.array(z.string()).default(() => []),
  anyOf: z.boolean().default(false),
});
export type NameWishes = z.infer<typeof NameWishes>;

const Leg = z.object({ mode: z.string(), avoid: z.boolean() });

/**
 * Fine-grained wishes that a {@link TripRequest} has no field for (or holds only in part), as
 * ChinaTravel-style requests state them: per-category budgets, the mode of each intercity leg,
 * named restaurants and hotels, hotel features, attraction categories, time windows.
 */
export const ParsedConstraints = z.object({
  /** The request lists alternatives ("要求满足以下任意一个"): any one of the wishes will do. */
  anyOf: z.boolean().default(false),
  /** Budgets per spending category, in the request's currency. */
  categoryBudgets: z
    .object({
      meals: z.number().nullish(),
      accommodation: z.number().nullish(),
      attractions: z.number().nullish(),
      intercityTransport: z.number().nullish(),
      innerCityTransport: z.number().nullish(),
    })
    .default(() => ({})),
  /** Only attractions without an entrance fee. */
  freeAttractionsOnly: z.boolean().default(false),
  /** The mode wished (or ruled out) for the outbound and the return leg. */
  legs: z.object({ outbound: Leg.nullish(), return: Leg.nullish() }).default(() => ({})),
  /** Inner-city transport: modes ruled out, and the distance above which to take a taxi. */
  innerCity: z
    .object({ avoid: z.array(z.string()).default(() => []), taxiAboveKm: z.number().nullish() })
    .default(() => ({ avoid: [] })),
  attractions: NameWishes.default(() => ({ include: [], exclude: [], anyOf: false })),
  attractionTypes: NameWishes.default(() => ({ include: [], exclude: [], anyOf: false })),
  restaurants: NameWishes.default(() => ({ include: [], exclude: [], anyOf: false })),
  /** Restaurant types or cuisines as written (`川菜`, `火锅`); `TripRequest.cuisines` has them in English. */
  restaurantTypes: NameWishes.default(() => ({ include: [], exclude: [], anyOf: false })),
  hotels: NameWishes.default(() => ({ include: [], exclude: [], anyOf: false })),
  /** Hotel features or types as written (`免费停车`, `民宿`). */
  hotelFeatures: NameWishes.default(() => ({ include: [], exclude: [], anyOf: false })),
  /** Beds per room: 1 (单床房, one big bed) or 2 (双床房, twin). */
  roomBeds: z.number().int().nullish(),
  /** Stay within `km` of a place. */
  stayNear: z.object({ place: z.string(), km: z.number().nullish() }).nullish(),
  /** Time wishes: visit a place within a window, leave not before, arrive not after, stay at least. */
  schedule: z
    .array(
      z.object({
        kind: z.enum(['visit_between', 'leave_after', 'arrive_before', 'stay_at_least', 'order']),
        place: z.string(),
        /** The second place, for `order` (visit `place` first). */
        then: z.string().nullish(),
        from: z.string().nullish(),
        to: z.string().nullish(),
        minutes: z.number().nullish(),
      }),
    )
    .default(() => []),
  /** Cuisines ruled out, in lower-case English (`TripRequest.cuisines` holds the wished ones). */
  cuisinesAvoid: z.array(z.string()).default(() => []),
});
export type ParsedConstraints = z.infer<typeof ParsedConstraints>;

/** The fields of a {@link TripRequest} the parser could fill. */
export type TripRequestDraft = Partial<TripRequest>;

/** Fields reported in `missing` when the text does not give them. */
export type MissingField = 'origin' | 'destinations' | 'dates' | 'days' | 'travelers' | 'budget';

export interface ParseResult {
  request: TripRequestDraft;
  /** 0..1 per field the parser looked for (0 when not found). */
  confidence: Record<string, number>;
  missing: MissingField[];
  /** Fields of `missing` the text names vaguely (`几天`, `a few days`, `预算有限`): ask, do not guess. */
  vague: MissingField[];
  /** What the parser assumed, approximated, truncated or could not resolve, for the user. */
  notes: string[];
  constraints: ParsedConstraints;
}

/** The constraints of a request that states none (the schema's defaults, built without parsing). */
export function emptyConstraints(): ParsedConstraints {
  const wishes = (): NameWishes => ({ include: [], exclude: [], anyOf: false });
  return {
    anyOf: false,
    categoryBudgets: {},
    freeAttractionsOnly: false,
    legs: {},
    innerCity: { avoid: [] },
    attractions: wishes(),
    attractionTypes: wishes(),
    restaurants: wishes(),
    restaurantTypes: wishes(),
    hotels: wishes(),
    hotelFeatures: wishes(),
    schedule: [],
    cuisinesAvoid: [],
  };
}
