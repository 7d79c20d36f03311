/**
 * User domain (seed "数据模型设计 / 1. 用户域模型"): the user, their travel preferences, loyalty
 * programs, masked payment methods and past trips.
 *
 * Keys are camelCase; wire.ts maps each one to the seed's snake_case field name. Seed
 * `Optional[X] = None` fields are `.nullish()`: they may be omitted or `null` (pydantic emits `null`).
 */
import { z } from 'zod';
import {
  CurrencyCode,
  IsoDate,
  IsoDateTime,
  intRange,
  EntityId,
  NonEmpty,
  HttpUrl,
  isValidDate,
} from './common.js';

/** Travel style (seed `TravelStyle`). */
export const TravelStyle = z.enum([
  'family',
  'couple',
  'business',
  'solo',
  'group',
  'adventure',
  'luxury',
  'budget',
]);
export type TravelStyle = z.infer<typeof TravelStyle>;

/** UI / content language (seed `Language`). */
export const Language = z.enum(['zh-cn', 'en-us', 'ja-jp', 'ko-kr']);
export type Language = z.infer<typeof Language>;

/**
 * Cabin class. The seed has a free `str` (`seat_class`, `seat_class_preference`, default
 * `"economy"`) with no list; these are the four standard cabins.
 */
export const SeatClass = z.enum(['economy', 'premium_economy', 'business', 'first']);
export type SeatClass = z.infer<typeof SeatClass>;

/** Season (seed `preferred_season: List[str]`, default `["spring", "autumn"]`; the set is closed). */
export const Season = z.enum(['spring', 'summer', 'autumn', 'winter']);
export type Season = z.infer<typeof Season>;

/**
 * Preferred departure time of day (seed `departure_time_preference: List[str]`, default
 * `["morning"]`, values not listed by the seed; this set is ours).
 */
export const DepartureTimeSlot = z.enum(['morning', 'afternoon', 'evening', 'night']);
export type DepartureTimeSlot = z.infer<typeof DepartureTimeSlot>;

/**
 * Zones already known to be valid. Building an Intl.DateTimeFormat costs about a millisecond and
 * every stored plan's destinations carry a zone, so each name is checked once per process.
 */
const validZones = new Set<string>(Intl.supportedValuesOf('timeZone'));

function isTimeZone(value: string): boolean {
  if (validZones.has(value)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
  } catch {
    return false;
  }
  // Names are case-insensitive, so the variants a caller may send are many: keep the set bounded.
  if (validZones.size < 5000) validZones.add(value);
  return true;
}

/** An IANA time zone name known to the runtime, e.g. `Asia/Shanghai`, `Europe/Paris`, `UTC`. */
export const TimeZone = z
  .string()
  .min(1)
  .refine(isTimeZone, { message: 'must be an IANA time zone such as Asia/Shanghai' });

/** Importance of one hotel amenity, 0 (irrelevant) to 5 (essential); the seed's defaults use 2..5. */
const Importance = z.number().int().min(0).max(5);

/**
 * Travel preferences (seed `UserPreferences`); every field has the seed's default, so `{}` parses.
 * Beyond types: budget_range is a non-negative ordered [min, max]; budget_flexibility in [0, 1];
 * trip_duration_preference ordered within 1..365 days; hotel_star_rating ordered within 1..5;
 * max_layovers >= 0; amenities_importance values 0..5; food_adventurousness and
 * physical_activity_level 1..5; currency an ISO-4217 code; timezone a real IANA zone.
 * Map keys (`amenities_importance`, `notification_preferences`) are data, never renamed.
 */
export const UserPreferences = z.object({
  language: Language.default('zh-cn'),
  currency: CurrencyCode.default('CNY'),
  timezone: TimeZone.default('Asia/Shanghai'),

  budgetRange: intRange(0, Number.MAX_SAFE_INTEGER).default((): [number, number] => [1000, 10000]),
  budgetFlexibility: z.number().min(0).max(1).default(0.2),

  travelStyle: TravelStyle.default('family'),
  preferredSeason: z.array(Season).default((): Season[] => ['spring', 'autumn']),
  tripDurationPreference: intRange(1, 365).default((): [number, number] => [3, 7]),

  preferredAirlines: z.array(NonEmpty).default(() => []),
  seatClassPreference: SeatClass.default('economy'),
  maxLayovers: z.number().int().nonnegative().default(1),
  departureTimePreference: z.array(DepartureTimeSlot).default((): DepartureTimeSlot[] => ['morning']),

  hotelStarRating: intRange(1, 5).default((): [number, number] => [3, 5]),
  roomTypePreference: NonEmpty.default('standard'),
  amenitiesImportance: z
    .record(z.string(), Importance)
    .default(() => ({ wifi: 5, breakfast: 4, gym: 2, pool: 3, spa: 2 })),

  dietaryRestrictions: z.array(NonEmpty).default(() => []),
  cuisinePreferences: z.array(NonEmpty).default(() => []),
  foodAdventurousness: z.number().int().min(1).max(5).default(3),

  activityPreferences: z.array(NonEmpty).default(() => []),
  interestCategories: z.array(NonEmpty).default(() => []),
  physicalActivityLevel: z.number().int().min(1).max(5).default(3),

  notificationPreferences: z
    .record(z.string(), z.boolean())
    .default(() => ({ email: true, sms: false, push: true, price_alerts: true })),
});
export type UserPreferences = z.infer<typeof UserPreferences>;

/** Airline / hotel loyalty membership (seed `LoyaltyProgram`); points_balance >= 0 when present. */
export const LoyaltyProgram = z.object({
  programName: NonEmpty,
  membershipNumber: NonEmpty,
  tierStatus: NonEmpty,
  pointsBalance: z.number().int().nonnegative().nullish(),
});
export type LoyaltyProgram = z.infer<typeof LoyaltyProgram>;

/** Payment method kind (seed comment: card, alipay, wechat_pay, paypal). */
export const PaymentMethodType = z.enum(['card', 'alipay', 'wechat_pay', 'paypal']);
export type PaymentMethodType = z.infer<typeof PaymentMethodType>;

/** True when the text, ignoring spaces and dashes, contains a run of 12 or more digits. */
function containsLongDigitRun(text: string): boolean {
  return /\d{12,}/.test(text.replace(/[\s-]/g, ''));
}

/**
 * A stored payment method (seed `PaymentMethod`). Masked info only: `masked_info` such as
 * `**** 1234` or `alipay:138****8000` is accepted, anything that still contains 12+ consecutive
 * digits (spaces and dashes ignored, so `4111 1111 1111 1111` is caught too) is rejected as a
 * probable full card / account number.
 */
export const PaymentMethod = z.object({
  id: EntityId,
  type: PaymentMethodType,
  maskedInfo: z
    .string()
    .min(1)
    .max(64)
    .refine((s) => !containsLongDigitRun(s), {
      message: 'must be masked: a full card or account number is not allowed',
    }),
  isDefault: z.boolean().default(false),
  isVerified: z.boolean().default(false),
});
export type PaymentMethod = z.infer<typeof PaymentMethod>;

/**
 * A past trip. Seed bug: `User.travel_history: List["TravelRecord"]` references a `TravelRecord`
 * the seed never defines; this is our minimal definition. end_date >= start_date; rating 0..5.
 */
export const TravelRecord = z
  .object({
    planId: EntityId.nullish(),
    destination: NonEmpty,
    country: NonEmpty,
    startDate: IsoDate,
    endDate: IsoDate,
    rating: z.number().min(0).max(5).nullish(),
  })
  .superRefine((r, ctx) => {
    if (isValidDate(r.startDate) && isValidDate(r.endDate) && r.endDate < r.startDate) {
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'end_date must not be before start_date' });
    }
  });
export type TravelRecord = z.infer<typeof TravelRecord>;

/**
 * A user account (seed `User`). username 3..50 chars; at most one default payment method.
 * Seed bug: `email: str = Field(..., regex=...)` uses pydantic v1's `regex=` (v2 spells it
 * `pattern=` and rejects `regex=`), and the pattern `^[^@]+@[^@]+\.[^@]+$` accepts spaces and
 * other junk; this uses `z.email()` instead.
 */
export const User = z
  .object({
    id: EntityId,
    username: z.string().min(3).max(50),
    email: z.email(),
    phone: z.string().min(1).max(32).nullish(),
    avatarUrl: HttpUrl.nullish(),
    preferences: UserPreferences,
    travelHistory: z.array(TravelRecord).default(() => []),
    loyaltyPrograms: z.array(LoyaltyProgram).default(() => []),
    paymentMethods: z.array(PaymentMethod).default(() => []),
    isVerified: z.boolean().default(false),
    isPremium: z.boolean().default(false),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
    lastLogin: IsoDateTime.nullish(),
  })
  .superRefine((u, ctx) => {
    if (!Array.isArray(u.paymentMethods)) return;
    let seenDefault = false;
    u.paymentMethods.forEach((pm, i) => {
      if (!pm?.isDefault) return;
      if (seenDefault) {
        ctx.addIssue({
          code: 'custom',
          path: ['paymentMethods', i, 'isDefault'],
          message: 'only one payment method can be the default',
        });
      }
      seenDefault = true;
    });
  });
export type User = z.infer<typeof User>;
