/**
 * Travel-plan domain (seed "数据模型设计 / 2. 旅行计划域模型"): the plan, its destinations,
 * travellers, budget, bookings and day-by-day itinerary.
 *
 * Keys are camelCase; wire.ts maps each one to the seed's snake_case field name. Seed
 * `Optional[X] = None` fields are `.nullish()`: they may be omitted or `null` (pydantic emits `null`).
 * Money, prices and costs are non-negative ({@link Money}); durations are whole minutes
 * ({@link Minutes}); `rating` fields are on a 0..5 scale throughout (sources on a 10-point scale
 * must be halved before storing).
 *
 * Cross-field rules live in `.superRefine` and report camelCase paths such as `['endDate']`, which
 * wire.ts turns into `end_date` in the error details. They only compare values that are themselves
 * valid, so a malformed date is reported once, as a format error.
 */
import { z } from 'zod';
import {
  Coordinates,
  IsoDate,
  IsoDateTime,
  Minutes,
  Money,
  EntityId,
  NonEmpty,
  HttpUrl,
  isValidDate,
  CurrencyCode,
} from './common.js';
import { SeatClass, TimeZone } from './user.js';

/** A review score on the 0..5 scale. */
const Rating = z.number().min(0).max(5);
const MS_PER_DAY = 86_400_000;

/** Milliseconds since the epoch of a valid ISO date-time (offset-aware), else undefined. */
function instant(value: unknown): number | undefined {
  return IsoDateTime.safeParse(value).success ? Date.parse(value as string) : undefined;
}

/** Whole days from `from` to `to` (both valid `YYYY-MM-DD`). */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / MS_PER_DAY);
}

/** Lifecycle of a plan (seed `PlanStatus`). */
export const PlanStatus = z.enum([
  'drafting',
  'planning',
  'optimizing',
  'confirmed',
  'booked',
  'in_progress',
  'completed',
  'cancelled',
]);
export type PlanStatus = z.infer<typeof PlanStatus>;

/** Booking state of a flight, stay or activity (seed comment: selected, booked, cancelled). */
export const BookingStatus = z.enum(['selected', 'booked', 'cancelled']);
export type BookingStatus = z.infer<typeof BookingStatus>;

/**
 * One stop of a trip (seed `Destination`). visit_order >= 0; coordinates in range; timezone a real
 * IANA zone; departure_date must not be before arrival_date (same day is a day trip).
 */
export const Destination = z
  .object({
    id: EntityId,
    name: NonEmpty,
    country: NonEmpty,
    city: NonEmpty,
    coordinates: Coordinates,
    timezone: TimeZone,
    visitOrder: z.number().int().nonnegative(),
    arrivalDate: IsoDate,
    departureDate: IsoDate,
    isPrimary: z.boolean().default(false),
  })
  .superRefine((d, ctx) => {
    if (isValidDate(d.arrivalDate) && isValidDate(d.departureDate) && d.departureDate < d.arrivalDate) {
      ctx.addIssue({
        code: 'custom',
        path: ['departureDate'],
        message: 'departure_date must not be before arrival_date',
      });
    }
  });
export type Destination = z.infer<typeof Destination>;

/**
 * One traveller (seed `TravelerInfo`). age 0..130 (an addition: the seed has a bare int);
 * passport_country an upper-case ISO 3166-1 alpha-2 code as in the seed's example (`CN`).
 */
export const TravelerInfo = z.object({
  name: NonEmpty,
  age: z.number().int().min(0).max(130),
  gender: z.string().min(1).nullish(),
  passportCountry: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code such as CN'),
  specialNeeds: z.array(NonEmpty).default(() => []),
  isPrimary: z.boolean().default(false),
});
export type TravelerInfo = z.infer<typeof TravelerInfo>;

/**
 * Budget split by category (seed `BudgetBreakdown`). Every amount is non-negative. The categories
 * are not required to sum to total_budget: an over-budget plan is a state to report, not bad input.
 */
export const BudgetBreakdown = z.object({
  totalBudget: Money,
  flights: Money.default(0),
  accommodation: Money.default(0),
  activities: Money.default(0),
  food: Money.default(0),
  transportation: Money.default(0),
  shopping: Money.default(0),
  insurance: Money.default(0),
  emergency: Money.default(0),
});
export type BudgetBreakdown = z.infer<typeof BudgetBreakdown>;

/** A connection stop (seed `Layover`); duration in minutes, >= 0. */
/**
 * Where a plan item came from (extension to the seed): every flight, stay, place, meal, leg and
 * forecast in a generated plan carries one, so the verifier can reject anything no provider returned
 * and a traveller can see whether a figure is verified data or an estimate.
 */
export const Provenance = z.object({
  /** Provider / data set, e.g. `curated:knowledge/destinations/beijing.json` or `travelplanner:ref-info`. */
  source: NonEmpty,
  /** When the provider returned it (or when the bundled record was last checked). */
  retrievedAt: IsoDateTime,
  /** `verified`: a provider's record as is; `estimate`: derived (great-circle fares, assumed hours, ...). */
  kind: z.enum(['verified', 'estimate']),
  /** The provider's own id of the entity. */
  reference: z.string().nullish(),
  /** Why it is an estimate, in plain words. */
  note: z.string().nullish(),
});
export type Provenance = z.infer<typeof Provenance>;

/** How a traveller moves (extension): within a city and between cities. */
export const TransportMode = z.enum(['walk', 'transit', 'taxi', 'self_driving', 'flight', 'train', 'bus']);
export type TransportMode = z.infer<typeof TransportMode>;

/**
 * A price as the provider quoted it (extension), kept beside the plan-currency amount so the text
 * can print both: "1,020 CNY (130 EUR)". Absent when the provider quoted the plan's currency.
 */
export const OriginalPrice = z.object({ amount: Money, currency: NonEmpty });
export type OriginalPrice = z.infer<typeof OriginalPrice>;

/**
 * The journey before an activity, or between cities (extension): mode, minutes, distance and cost
 * for the whole party (`cost` is already multiplied out by people or vehicles).
 */
export const TravelLeg = z.object({
  mode: TransportMode,
  from: NonEmpty,
  to: NonEmpty,
  durationMinutes: Minutes,
  distanceKm: z.number().nonnegative(),
  cost: Money,
  /** Vehicles (taxi, self-driving) or tickets the cost covers. */
  units: z.number().int().min(0).default(0),
  provenance: Provenance,
  /** `cost` as the provider quoted it, when in another currency than the plan's. */
  originalCost: OriginalPrice.nullish(),
});
export type TravelLeg = z.infer<typeof TravelLeg>;

/**
 * The airport or station end of a journey (extension), on the activity that takes the party
 * between the hub and the city (or on the flight or train itself): which hub, which way, how, and
 * the buffer it includes (baggage and immigration after arrival, check-in before departure).
 */
export const TransferInfo = z.object({
  direction: z.enum(['arrival', 'departure']),
  /** Display name of the airport or station, with its code when it has one. */
  hub: NonEmpty,
  hubKind: z.enum(['airport', 'station']),
  /** How the transfer is made, e.g. "Airport Express + metro", "taxi". */
  option: NonEmpty,
  /** Buffer (minutes) at the hub included in the plan's timing. */
  bufferMinutes: Minutes,
});
export type TransferInfo = z.infer<typeof TransferInfo>;

/** A flight the plan did not pick, for comparison (extension): price per person in the plan currency. */
export const FlightAlternative = z.object({
  from: NonEmpty,
  to: NonEmpty,
  date: IsoDate,
  flightNumber: NonEmpty,
  airline: NonEmpty,
  departureTime: z.string().regex(/^\d{2}:\d{2}$/),
  arrivalTime: z.string().regex(/^\d{2}:\d{2}$/),
  /** Local arrival date when it is not `date` (an overnight flight: the text prints "+1"). */
  arrivalDate: IsoDate.nullish(),
  durationMinutes: Minutes,
  stops: z.number().int().min(0),
  pricePerPerson: Money,
  /** On the Pareto front of price, duration, stops and departure window. */
  pareto: z.boolean(),
  provenance: Provenance,
});
export type FlightAlternative = z.infer<typeof FlightAlternative>;

/** A stay the plan did not pick, for comparison (extension): amounts in the plan currency. */
export const HotelAlternative = z.object({
  city: NonEmpty,
  name: NonEmpty,
  starRating: z.number().int().min(1).max(5).nullish(),
  rating: z.number().min(0).max(5).nullish(),
  pricePerNight: Money,
  totalPrice: Money,
  rooms: z.number().int().min(1),
  provenance: Provenance,
});
export type HotelAlternative = z.infer<typeof HotelAlternative>;

/** Meal slot of a dining activity (extension). */
export const MealType = z.enum(['breakfast', 'lunch', 'dinner']);
export type MealType = z.infer<typeof MealType>;

/** Something the plan could not satisfy, said plainly in both languages (extension). */
export const PlanWarning = z.object({
  /** Stable machine code, e.g. `BUDGET_EXCEEDED`, `OPENING_HOURS`, `CUISINE_NOT_AVAILABLE`. */
  code: NonEmpty,
  message: NonEmpty,
  messageZh: NonEmpty,
  /** Day it concerns, when it concerns one. */
  dayNumber: z.number().int().min(1).nullish(),
});
export type PlanWarning = z.infer<typeof PlanWarning>;

export const Layover = z.object({
  airport: NonEmpty,
  duration: Minutes,
  isOvernight: z.boolean().default(false),
});
export type Layover = z.infer<typeof Layover>;

/**
 * A selected or booked flight (seed `FlightBooking`). price >= 0; flight_duration in minutes >= 0;
 * seat_class and booking_status are enums; arrival_time must be after departure_time (compared as
 * instants, so differing UTC offsets are handled).
 */
export const FlightBooking = z
  .object({
    id: EntityId,
    flightNumber: NonEmpty,
    airline: NonEmpty,
    aircraftType: z.string().min(1).nullish(),

    departureAirport: NonEmpty,
    arrivalAirport: NonEmpty,
    departureTime: IsoDateTime,
    arrivalTime: IsoDateTime,
    flightDuration: Minutes,

    price: Money,
    seatClass: SeatClass,
    seatNumber: z.string().min(1).nullish(),
    baggageAllowance: z.string(),

    bookingReference: z.string().min(1).nullish(),
    bookingStatus: BookingStatus.default('selected'),
    bookingUrl: HttpUrl.nullish(),

    layovers: z.array(Layover).default(() => []),
    amenities: z.array(NonEmpty).default(() => []),
    cancellationPolicy: z.string().nullish(),

    // Extensions: the cities served (some sources name no airport), the party size the fare is for
    // (price is per person), and provenance.
    departureCity: z.string().min(1).nullish(),
    arrivalCity: z.string().min(1).nullish(),
    passengers: z.number().int().min(1).nullish(),
    provenance: Provenance.nullish(),
    /** `price` (per person) as the provider quoted it, when in another currency than the plan's. */
    originalPrice: OriginalPrice.nullish(),
  })
  .superRefine((f, ctx) => {
    const dep = instant(f.departureTime);
    const arr = instant(f.arrivalTime);
    if (dep !== undefined && arr !== undefined && arr <= dep) {
      ctx.addIssue({
        code: 'custom',
        path: ['arrivalTime'],
        message: 'arrival_time must be after departure_time',
      });
    }
  });
export type FlightBooking = z.infer<typeof FlightBooking>;

/**
 * Kind of stay (seed comment: hotel, apartment, hostel, resort). Added: `guesthouse` (民宿), a
 * common lodging type in China that none of the seed's values describes.
 */
export const AccommodationType = z.enum(['hotel', 'apartment', 'hostel', 'resort', 'guesthouse']);
export type AccommodationType = z.infer<typeof AccommodationType>;

/**
 * A selected or booked stay (seed `AccommodationBooking`). Prices >= 0; max_occupancy >= 1;
 * room_size > 0 m²; star_rating 1..5; rating 0..5; reviews_count >= 0; check_out_date must be after
 * check_in_date and `nights` must equal the number of nights between them. `policies` keys are data.
 */
export const AccommodationBooking = z
  .object({
    id: EntityId,
    name: NonEmpty,
    type: AccommodationType,
    brand: z.string().min(1).nullish(),

    address: NonEmpty,
    /** Relaxed from the seed: some providers (and data sets) give no coordinates for a stay. */
    coordinates: Coordinates.nullish(),
    district: z.string().min(1).nullish(),

    roomType: NonEmpty,
    bedConfiguration: NonEmpty,
    maxOccupancy: z.number().int().min(1),
    roomSize: z.number().int().positive().nullish(),

    checkInDate: IsoDate,
    checkOutDate: IsoDate,
    nights: z.number().int().min(1),
    pricePerNight: Money,
    totalPrice: Money,

    starRating: z.number().int().min(1).max(5).nullish(),
    amenities: z.array(NonEmpty).default(() => []),
    policies: z.record(z.string(), z.string()).default(() => ({})),

    bookingReference: z.string().min(1).nullish(),
    bookingStatus: BookingStatus.default('selected'),
    bookingUrl: HttpUrl.nullish(),

    rating: Rating.nullish(),
    reviewsCount: z.number().int().nonnegative().nullish(),

    // Extensions: city, rooms booked for the party (total_price covers all of them), the
    // provider's minimum stay, and provenance.
    city: z.string().min(1).nullish(),
    rooms: z.number().int().min(1).default(1),
    minimumNights: z.number().int().min(1).nullish(),
    provenance: Provenance.nullish(),
    /** `pricePerNight` as the provider quoted it, when in another currency than the plan's. */
    originalPricePerNight: OriginalPrice.nullish(),
  })
  .superRefine((a, ctx) => {
    if (!isValidDate(a.checkInDate) || !isValidDate(a.checkOutDate)) return;
    const span = daysBetween(a.checkInDate, a.checkOutDate);
    if (span <= 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['checkOutDate'],
        message: 'check_out_date must be after check_in_date',
      });
    } else if (Number.isInteger(a.nights) && a.nights !== span) {
      ctx.addIssue({
        code: 'custom',
        path: ['nights'],
        message: `nights must equal the days between check_in_date and check_out_date (${span})`,
      });
    }
  });
export type AccommodationBooking = z.infer<typeof AccommodationBooking>;

/**
 * Kind of itinerary entry (seed comment: sightseeing, dining, shopping, transportation, rest).
 * Added: `other`, for entries (a show, a class) that fit none of the seed's values.
 */
export const ItineraryActivityType = z.enum([
  'sightseeing',
  'dining',
  'shopping',
  'transportation',
  'rest',
  'other',
]);
export type ItineraryActivityType = z.infer<typeof ItineraryActivityType>;

/**
 * One entry of a day (seed `ItineraryActivity`). duration in minutes; estimated_cost >= 0;
 * popularity_score >= 0; rating 0..5; difficulty_level 1..5; end_time must not be before start_time.
 */
export const ItineraryActivity = z
  .object({
    id: EntityId,
    name: NonEmpty,
    type: ItineraryActivityType,

    startTime: IsoDateTime.nullish(),
    endTime: IsoDateTime.nullish(),
    duration: Minutes,

    location: NonEmpty,
    address: z.string().min(1).nullish(),
    coordinates: Coordinates.nullish(),

    estimatedCost: Money.default(0),
    bookingRequired: z.boolean().default(false),
    bookingUrl: HttpUrl.nullish(),

    description: z.string().nullish(),
    tips: z.array(NonEmpty).default(() => []),
    photos: z.array(NonEmpty).default(() => []),

    popularityScore: z.number().nonnegative().nullish(),
    rating: Rating.nullish(),
    difficultyLevel: z.number().int().min(1).max(5).nullish(),

    // Extensions: the provider's place id, city, meal slot and cuisines of a dining entry, indoor
    // flag (rainy-day alternatives), the leg travelled to get here, and provenance.
    placeId: z.string().min(1).nullish(),
    city: z.string().min(1).nullish(),
    mealType: MealType.nullish(),
    cuisines: z.array(NonEmpty).default(() => []),
    isIndoor: z.boolean().nullish(),
    travelLeg: TravelLeg.nullish(),
    provenance: Provenance.nullish(),
    // Extensions for journeys: the airport/station transfer this activity is (or the hub a flight or
    // train uses), and how many days after the start date the activity ends in local time (1 for a
    // flight landing the next day: print "+1").
    transfer: TransferInfo.nullish(),
    endDayOffset: z.number().int().min(0).nullish(),
    /** `estimatedCost` as the provider quoted it, when in another currency than the plan's. */
    originalCost: OriginalPrice.nullish(),
  })
  .superRefine((a, ctx) => {
    const start = instant(a.startTime);
    const end = instant(a.endTime);
    if (start !== undefined && end !== undefined && end < start) {
      ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'end_time must not be before start_time' });
    }
  });
export type ItineraryActivity = z.infer<typeof ItineraryActivity>;

/** Kind of bookable activity (seed comment: tour, experience, ticket, transport). */
export const ActivityCategory = z.enum(['tour', 'experience', 'ticket', 'transport']);
export type ActivityCategory = z.infer<typeof ActivityCategory>;

/**
 * A selected or booked activity (seed `ActivityBooking`). Prices >= 0; participants >= 1; duration
 * in minutes; category and booking_status are enums.
 */
export const ActivityBooking = z.object({
  id: EntityId,
  activityId: EntityId,
  name: NonEmpty,
  category: ActivityCategory,

  date: IsoDate,
  startTime: IsoDateTime.nullish(),
  duration: Minutes,

  pricePerPerson: Money,
  totalPrice: Money,
  participants: z.number().int().min(1),

  bookingReference: z.string().min(1).nullish(),
  bookingStatus: BookingStatus.default('selected'),
  confirmationRequired: z.boolean().default(false),
  cancellationDeadline: IsoDateTime.nullish(),

  provider: NonEmpty,
  meetingPoint: z.string().min(1).nullish(),
  whatToBring: z.array(NonEmpty).default(() => []),
  included: z.array(NonEmpty).default(() => []),
  excluded: z.array(NonEmpty).default(() => []),
});
export type ActivityBooking = z.infer<typeof ActivityBooking>;

/**
 * Sky condition (seed comment: sunny, cloudy, rainy, snowy). Added: `foggy` (fog and haze, 雾/霾)
 * and `stormy` (thunderstorms), which forecasts report and the seed's four values cannot express.
 */
export const WeatherCondition = z.enum(['sunny', 'cloudy', 'rainy', 'snowy', 'foggy', 'stormy']);
export type WeatherCondition = z.infer<typeof WeatherCondition>;

/**
 * A day's forecast (seed `WeatherInfo`). Temperatures in whole °C within -90..60 with
 * temperature_high >= temperature_low; humidity and precipitation_chance are percentages 0..100;
 * wind_speed in km/h >= 0; uv_index 0..20.
 */
export const WeatherInfo = z
  .object({
    date: IsoDate,
    temperatureHigh: z.number().int().min(-90).max(60),
    temperatureLow: z.number().int().min(-90).max(60),
    condition: WeatherCondition,
    humidity: z.number().int().min(0).max(100),
    windSpeed: z.number().int().nonnegative(),
    precipitationChance: z.number().int().min(0).max(100),
    uvIndex: z.number().int().min(0).max(20),
  })
  .superRefine((w, ctx) => {
    if (
      Number.isFinite(w.temperatureHigh) &&
      Number.isFinite(w.temperatureLow) &&
      w.temperatureHigh < w.temperatureLow
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['temperatureHigh'],
        message: 'temperature_high must not be below temperature_low',
      });
    }
  });
export type WeatherInfo = z.infer<typeof WeatherInfo>;

/**
 * One day of the itinerary (seed `ItineraryDay`). day_number >= 1; total_cost >= 0;
 * total_walking_distance in km >= 0; estimated_duration in minutes; a weather_forecast, when
 * present, must be for this day's date.
 */
export const ItineraryDay = z
  .object({
    dayNumber: z.number().int().min(1),
    date: IsoDate,
    destination: NonEmpty,
    theme: z.string().min(1).nullish(),

    activities: z.array(ItineraryActivity).default(() => []),

    totalCost: Money.default(0),
    totalWalkingDistance: z.number().nonnegative().default(0),
    estimatedDuration: Minutes.default(0),

    weatherForecast: WeatherInfo.nullish(),
    transportationNotes: z.string().nullish(),
    tips: z.array(NonEmpty).default(() => []),

    // Extensions: the stay of this night (an accommodations[].id; null on the last day) and where
    // the forecast came from.
    accommodationId: z.string().min(1).nullish(),
    weatherProvenance: Provenance.nullish(),
  })
  .superRefine((d, ctx) => {
    const forecastDate = d.weatherForecast?.date;
    if (isValidDate(d.date) && isValidDate(forecastDate) && forecastDate !== d.date) {
      ctx.addIssue({
        code: 'custom',
        path: ['weatherForecast', 'date'],
        message: "weather_forecast.date must equal the day's date",
      });
    }
  });
export type ItineraryDay = z.infer<typeof ItineraryDay>;

/**
 * A trip plan (seed `TravelPlan`). Beyond types: title 1..200 chars; total_budget >= 0;
 * traveler_count >= 1 and not fewer than the traveler_details given; completion_percentage 0..100;
 * version >= 1; end_date not before start_date; every destination's stay and every itinerary day
 * within [start_date, end_date]. budget_breakdown.total_budget is not forced to equal total_budget.
 */
/**
 * Entry and visa guidance for one destination country and the travellers' passport (extension):
 * general guidance from the knowledge base, dated, never a verified rule. `passportAssumed` is true
 * when the request named no passport and the origin's country was assumed.
 */
export const EntryNote = z.object({
  /** ISO 3166-1 alpha-2 of the destination. */
  country: NonEmpty,
  /** ISO 3166-1 alpha-2 of the passport the note is for. */
  passportCountry: NonEmpty,
  passportAssumed: z.boolean(),
  title: NonEmpty,
  text: NonEmpty,
  /** `YYYY-MM-DD` the guidance was last checked. */
  lastChecked: NonEmpty,
  source: NonEmpty,
  /** The knowledge-base document it cites. */
  docId: NonEmpty,
});
export type EntryNote = z.infer<typeof EntryNote>;

export const TravelPlan = z
  .object({
    id: EntityId,
    userId: EntityId,
    title: z.string().min(1).max(200),
    description: z.string().nullish(),

    destinations: z.array(Destination),
    startDate: IsoDate,
    endDate: IsoDate,
    totalBudget: Money,
    travelerCount: z.number().int().min(1).default(1),
    travelerDetails: z.array(TravelerInfo).default(() => []),

    status: PlanStatus.default('drafting'),
    completionPercentage: z.number().min(0).max(100).default(0),

    flights: z.array(FlightBooking).default(() => []),
    accommodations: z.array(AccommodationBooking).default(() => []),
    itinerary: z.array(ItineraryDay).default(() => []),
    activities: z.array(ActivityBooking).default(() => []),

    budgetBreakdown: BudgetBreakdown,

    tags: z.array(NonEmpty).default(() => []),
    isPublic: z.boolean().default(false),
    shareToken: z.string().min(1).nullish(),
    version: z.number().int().min(1).default(1),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
    confirmedAt: IsoDateTime.nullish(),

    // Extensions for generated plans: where the trip starts and ends, the currency of every amount
    // in the plan, what could not be met, and practical tips.
    origin: z.string().min(1).nullish(),
    currency: CurrencyCode.default('CNY'),
    warnings: z.array(PlanWarning).default(() => []),
    tips: z.array(NonEmpty).default(() => []),
    /** Entry and visa notes for the travellers' passport, one per destination country. */
    entryNotes: z.array(EntryNote).nullish(),
    /** The top alternatives the plan did not pick, per leg and per city. */
    alternatives: z
      .object({ flights: z.array(FlightAlternative), hotels: z.array(HotelAlternative) })
      .nullish(),
  })
  .superRefine((p, ctx) => {
    const start = isValidDate(p.startDate) ? p.startDate : undefined;
    const end = isValidDate(p.endDate) ? p.endDate : undefined;
    if (start && end && end < start) {
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'end_date must not be before start_date' });
    }
    if (
      Array.isArray(p.travelerDetails) &&
      Number.isInteger(p.travelerCount) &&
      p.travelerDetails.length > p.travelerCount
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['travelerDetails'],
        message: 'traveler_details must not list more travellers than traveler_count',
      });
    }
    if (!start || !end || end < start) return;
    if (Array.isArray(p.destinations)) {
      p.destinations.forEach((d, i) => {
        if (isValidDate(d?.arrivalDate) && d.arrivalDate < start) {
          ctx.addIssue({
            code: 'custom',
            path: ['destinations', i, 'arrivalDate'],
            message: 'arrival_date must not be before the plan start_date',
          });
        }
        if (isValidDate(d?.departureDate) && d.departureDate > end) {
          ctx.addIssue({
            code: 'custom',
            path: ['destinations', i, 'departureDate'],
            message: 'departure_date must not be after the plan end_date',
          });
        }
      });
    }
    if (Array.isArray(p.itinerary)) {
      p.itinerary.forEach((day, i) => {
        if (isValidDate(day?.date) && (day.date < start || day.date > end)) {
          ctx.addIssue({
            code: 'custom',
            path: ['itinerary', i, 'date'],
            message: 'itinerary day must fall between start_date and end_date',
          });
        }
      });
    }
  });
export type TravelPlan = z.infer<typeof TravelPlan>;

/**
 * The fields of a stored plan that plan lists show, read without the rest of the item (itinerary,
 * bookings, alternatives): repositories fetch only these attributes for list pages. Field rules
 * are the plan's own; destinations carry only what a list shows.
 */
export const TravelPlanListing = z.object({
  id: EntityId,
  userId: EntityId,
  title: z.string().min(1).max(200),
  status: PlanStatus,
  destinations: z.array(z.object({ name: NonEmpty, visitOrder: z.number().int().nonnegative() })),
  startDate: IsoDate,
  endDate: IsoDate,
  totalBudget: Money,
  currency: CurrencyCode.default('CNY'),
  travelerCount: z.number().int().min(1).default(1),
  completionPercentage: z.number().min(0).max(100).default(0),
  version: z.number().int().min(1).default(1),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type TravelPlanListing = z.infer<typeof TravelPlanListing>;
