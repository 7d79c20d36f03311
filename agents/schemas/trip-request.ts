/**
 * What a traveller asks for: the planner's input. Produced by the request parser (Chinese or
 * English text), by the REST API (`POST /v1/agents/sessions` requirements) or by hand.
 * The wire form (snake_case) is also the parser's batch output format.
 */
import { z } from 'zod';
import { CurrencyCode, IsoDate, NonEmpty, isValidDate } from './common.js';
import { SeatClass, TravelStyle } from './user.js';

/** A place named in a request, before it is resolved against the gazetteer. */
export const PlaceRef = z.object({
  name: NonEmpty,
  nameEn: z.string().min(1).nullish(),
  nameZh: z.string().min(1).nullish(),
  /** ISO 3166-1 alpha-2 when known. */
  country: z.string().min(1).nullish(),
  /** State or province, e.g. `Texas`, `云南`. */
  region: z.string().min(1).nullish(),
  /** Days the traveller gives this destination (`北京3天西安2天`, `3 days in Paris`), when stated. */
  days: z.number().int().min(1).max(60).nullish(),
});
export type PlaceRef = z.infer<typeof PlaceRef>;

/** Modes a traveller can rule out or prefer between cities. */
export const IntercityMode = z.enum(['flight', 'train', 'bus', 'self_driving', 'taxi']);
export type IntercityMode = z.infer<typeof IntercityMode>;

/** Room kinds (TravelPlanner's vocabulary, which covers the seed's hotel and home stays). */
export const RoomType = z.enum(['entire_room', 'private_room', 'shared_room', 'not_shared_room']);
export type RoomType = z.infer<typeof RoomType>;

/** Things the party needs a stay to allow. */
export const HouseRule = z.enum(['smoking', 'parties', 'children_under_10', 'visitors', 'pets']);
export type HouseRule = z.infer<typeof HouseRule>;

/** How full the days should be. */
export const Pace = z.enum(['relaxed', 'moderate', 'packed']);
export type Pace = z.infer<typeof Pace>;

/** A spending level stated without a number (`预算有限`, `住好一点`, `luxury`, `mid-range`). */
export const PriceTier = z.enum(['budget', 'mid_range', 'luxury']);
export type PriceTier = z.infer<typeof PriceTier>;

/** A hotel's comfort level as a traveller states it (PriceTier plus `upscale`). */
export const HotelTier = z.enum(['budget', 'mid_range', 'upscale', 'luxury']);
export type HotelTier = z.infer<typeof HotelTier>;

/** A month without a day, `YYYY-MM`. */
export const IsoMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM');

/** A time of day, `HH:MM` (24 h). */
export const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h)');

/**
 * An evening wish: a kind of evening outing (a show, a night view, a night market, a night
 * cruise), about a named place when the request ties it to one ("外滩夜景", "the Gardens at night").
 */
export const EveningWish = z.object({
  kind: z.enum(['show', 'night_view', 'night_market', 'night_cruise']),
  place: NonEmpty.nullish(),
});
export type EveningWish = z.infer<typeof EveningWish>;

export const TripRequest = z
  .object({
    origin: PlaceRef,
    /** Explicit destinations in visiting order; may be empty when `region` is given. */
    destinations: z
      .array(PlaceRef)
      .max(20)
      .default(() => []),
    /** "2 cities in Texas", "云南三个城市": the planner picks `cityCount` cities of the region. */
    region: z.object({ name: NonEmpty, cityCount: z.number().int().min(1).max(10) }).nullish(),

    startDate: IsoDate.nullish(),
    /**
     * The month of departure when no day is given (`4月`, `in April`, `暑假`, `next spring`: the
     * season's first month). Absent when `startDate` is set.
     */
    startMonth: IsoMonth.nullish(),
    /** Which part of `startMonth` (`4月下旬`, `late April`, `mid-May`, `月初`): the plan starts then. */
    startMonthPart: z.enum(['early', 'mid', 'late']).nullish(),
    endDate: IsoDate.nullish(),
    /** Trip length in days, counting the first and the last day. */
    days: z.number().int().min(1).max(60).nullish(),
    /** A month named without a day ("4月", "in April"): planned in that month when no date is given. */
    travelMonth: z.number().int().min(1).max(12).nullish(),

    travelers: z
      .object({
        adults: z.number().int().min(1).max(50).default(1),
        children: z.number().int().min(0).max(50).default(0),
        childAges: z.array(z.number().int().min(0).max(17)).default(() => []),
        /** Adults of 60 or more among `adults` (senior tickets where the data has them). */
        seniors: z.number().int().min(0).max(50).nullish(),
      })
      .default(() => ({ adults: 1, children: 0, childAges: [] })),

    budget: z
      .object({
        amount: z.number().finite().nonnegative(),
        currency: CurrencyCode.default('CNY'),
        /** True when the amount is per person rather than for the whole party. */
        perPerson: z.boolean().default(false),
        /** Lower bound of a range (`5000到8000`); `amount` is then the upper bound. */
        minAmount: z.number().finite().nonnegative().nullish(),
      })
      .nullish(),
    /** How tight the money is when no amount is given (`预算有限`, `on a shoestring`). */
    budgetLevel: PriceTier.nullish(),

    mustVisit: z.array(NonEmpty).default(() => []),
    mustAvoid: z.array(NonEmpty).default(() => []),
    transport: z
      .object({
        avoid: z.array(IntercityMode).default(() => []),
        prefer: z.array(IntercityMode).default(() => []),
        /**
         * When the journey home should leave (local HH:MM, earliest to latest), as stated: "回程晚上走",
         * "fly back in the evening", "return train after 3pm". The last day is planned around it.
         */
        returnWindow: z.tuple([ClockTime, ClockTime]).nullish(),
      })
      .default(() => ({ avoid: [], prefer: [] })),
    cuisines: z.array(NonEmpty).default(() => []),
    dietaryRestrictions: z.array(NonEmpty).default(() => []),
    accommodation: z
      .object({
        roomType: RoomType.nullish(),
        houseRules: z.array(HouseRule).default(() => []),
        stars: z.tuple([z.number().int().min(1).max(5), z.number().int().min(1).max(5)]).nullish(),
        amenities: z.array(NonEmpty).default(() => []),
        /** Highest acceptable nightly price per room, in the budget currency. */
        maxPricePerNight: z.number().nonnegative().nullish(),
        /**
         * Hotel tier as stated: `经济实惠`/"cheap" budget, "mid-range" mid_range, `住好一点`/"a nice
         * hotel" upscale (4 stars and up), `豪华`/"luxury" luxury (5 stars).
         */
        tier: HotelTier.nullish(),
      })
      .default(() => ({ houseRules: [], amenities: [] })),
    flight: z
      .object({
        cabinClass: SeatClass.default('economy'),
        maxLayovers: z.number().int().min(0).max(3).default(1),
        preferredAirlines: z.array(NonEmpty).default(() => []),
        departureWindow: z.tuple([ClockTime, ClockTime]).nullish(),
      })
      .default(() => ({ cabinClass: 'economy' as const, maxLayovers: 1, preferredAirlines: [] })),
    pace: Pace.default('moderate'),
    interests: z.array(NonEmpty).default(() => []),
    /** What the traveller wants to do after dark; planned in the evening, after dinner. */
    evenings: z.array(EveningWish).default(() => []),
    travelStyle: TravelStyle.nullish(),
    /**
     * The travellers' passport country (ISO 3166-1 alpha-2), only when the request or the profile
     * states it ("持美国护照", "UK passport holders"). Entry notes otherwise assume the origin's
     * country and say so.
     */
    passportCountry: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code, e.g. CN, US')
      .nullish(),
    /**
     * When no destination has local data (sights, restaurants, hotels): true accepts a
     * transport-and-stay-only outline, clearly labelled, instead of the plain "not covered" answer.
     */
    outlineIfUncovered: z.boolean().nullish(),
    /** Language of the request, and of the plan's text by default. */
    language: z.enum(['zh', 'en']).default('zh'),
  })
  .superRefine((r, ctx) => {
    if (isValidDate(r.startDate) && isValidDate(r.endDate) && r.endDate < r.startDate) {
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'end_date must not be before start_date' });
    }
    if (r.destinations.length === 0 && !r.region) {
      ctx.addIssue({
        code: 'custom',
        path: ['destinations'],
        message: 'name at least one destination, or a region and a number of cities',
      });
    }
    if (r.travelers.childAges.length > r.travelers.children) {
      ctx.addIssue({
        code: 'custom',
        path: ['travelers', 'childAges'],
        message: 'more child ages than children',
      });
    }
    if (r.budget?.minAmount != null && r.budget.minAmount > r.budget.amount) {
      ctx.addIssue({
        code: 'custom',
        path: ['budget', 'minAmount'],
        message: 'budget min_amount above amount',
      });
    }
    if (r.accommodation.stars && r.accommodation.stars[0] > r.accommodation.stars[1]) {
      ctx.addIssue({
        code: 'custom',
        path: ['accommodation', 'stars'],
        message: 'min stars above max stars',
      });
    }
  });
export type TripRequest = z.infer<typeof TripRequest>;
export type TripRequestInput = z.input<typeof TripRequest>;

/** People in the party. */
export function partySize(r: Pick<TripRequest, 'travelers'>): number {
  return r.travelers.adults + r.travelers.children;
}
