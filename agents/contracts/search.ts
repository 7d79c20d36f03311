/**
 * Search and recommendation contracts: the bodies of POST /v1/search/flights and
 * POST /v1/search/hotels, the query of GET /v1/recommendations/destinations, and their views. One
 * zod schema per contract: the REST handlers validate with these, the OpenAPI document describes
 * them, and the travel tools (agents/tools/, served by the MCP server and called by the chat
 * agent's LLM) take the very same schemas as their input and output.
 */
import { z } from 'zod';
import { Coordinates, CurrencyCode, IsoDate } from '../schemas/common.js';
import { Provenance } from '../schemas/travel-plan.js';
import { ClockTime } from '../schemas/trip-request.js';
import { Season, SeatClass } from '../schemas/user.js';
import { checkNotPast } from '../schemas/date-rule.js';
import { MoneyInput, PlaceName, ShortText, TextList } from './fields.js';

// --- search ----------------------------------------------------------------------------------

const CityInput = z.object({
  city: PlaceName,
  airport: z
    .string()
    .regex(/^[A-Za-z]{3}$/, 'must be a 3-letter IATA airport code')
    .transform((s) => s.toUpperCase())
    .nullish(),
});

export const FlightSearchBody = z
  .object({
    departure: CityInput,
    arrival: CityInput,
    departureDate: IsoDate,
    returnDate: IsoDate.nullish(),
    passengers: z.number().int().min(1).max(9).default(1),
    cabinClass: SeatClass.default('economy'),
    filters: z
      .object({
        maxStops: z.number().int().min(0).max(3).nullish(),
        airlines: TextList(20, 64).default(() => []),
        departureTime: z.tuple([ClockTime, ClockTime]).nullish(),
      })
      .default(() => ({ airlines: [] })),
    limit: z.number().int().min(1).max(50).default(20),
    /**
     * Currency of every price returned, both legs alike; default: the departure city's currency.
     * Each offer keeps the provider's own price in `original_price`.
     */
    currency: CurrencyCode.nullish(),
  })
  .superRefine((b, ctx) => {
    checkNotPast(b.departureDate, ctx, ['departureDate'], 'departure_date');
    if (b.returnDate && b.returnDate < b.departureDate) {
      ctx.addIssue({
        code: 'custom',
        path: ['returnDate'],
        message: 'return_date must not be before departure_date',
      });
    }
    const window = b.filters.departureTime;
    if (window && window[0] > window[1]) {
      ctx.addIssue({
        code: 'custom',
        path: ['filters', 'departureTime'],
        message: 'the window must start before it ends',
      });
    }
  });
export type FlightSearchBody = z.infer<typeof FlightSearchBody>;

const PlaceView = z.object({ id: z.string(), name: z.string(), nameEn: z.string(), country: z.string() });
export const FlightOfferView = z.object({
  id: z.string(),
  flightNumber: z.string(),
  airline: z.string(),
  fromAirport: z.string().nullish(),
  toAirport: z.string().nullish(),
  date: IsoDate,
  departureTime: z.string(),
  arrivalTime: z.string(),
  arrivalDate: z.string().nullish(),
  durationMinutes: z.number().int(),
  stops: z.number().int(),
  layovers: z.array(z.object({ airport: z.string(), durationMinutes: z.number().int() })),
  /** Per passenger. */
  price: z.number(),
  /** For all passengers. */
  totalPrice: z.number(),
  currency: z.string(),
  /** The provider's own per-passenger price and currency. */
  originalPrice: z.object({ amount: z.number(), currency: z.string() }),
  cabinClass: SeatClass,
  /** Rank score (lower is better) and whether no other offer beats it on every objective. */
  score: z.number(),
  pareto: z.boolean(),
  provenance: Provenance,
});
export type FlightOfferView = z.infer<typeof FlightOfferView>;

/**
 * Why a search came back empty although the provider had results: the filter (request field)
 * that removed the last of them, in both languages.
 */
export const EmptyReasonView = z.object({
  filter: z.string(),
  /** Results left just before that filter. */
  remainingBefore: z.number().int(),
  message: z.string(),
  messageZh: z.string(),
});
export type EmptyReasonView = z.infer<typeof EmptyReasonView>;
/** The request fields a nearest match misses. */
const MissedFilters = z.array(z.string());
const FlightLegView = z.object({
  from: PlaceView,
  to: PlaceView,
  date: IsoDate,
  offers: z.array(FlightOfferView),
  /** Offers that passed the filters (offers may be cut to `limit`). */
  total: z.number().int(),
  /** Offers removed by the filters. */
  filteredOut: z.number().int(),
  /** Set when the filters removed every offer. */
  emptyReason: EmptyReasonView.nullable(),
  /** When the filters removed every offer: the nearest ones, with the filters each misses. */
  nearest: z.array(FlightOfferView.extend({ missedFilters: MissedFilters })),
});
export type FlightLegView = z.infer<typeof FlightLegView>;
export const FlightSearchView = z.object({ outbound: FlightLegView, return: FlightLegView.nullable() });
export type FlightSearchView = z.infer<typeof FlightSearchView>;

export const HotelSearchBody = z
  .object({
    destination: PlaceName,
    checkIn: IsoDate,
    checkOut: IsoDate,
    guests: z.number().int().min(1).max(20).default(1),
    rooms: z.number().int().min(1).max(10).default(1),
    /** Currency of price_range and of the prices returned. */
    currency: CurrencyCode.default('CNY'),
    filters: z
      .object({
        /** Acceptable star ratings, e.g. [4, 5] (their min..max is used). */
        starRating: z.array(z.number().int().min(1).max(5)).min(1).max(5).nullish(),
        /** Nightly price per room, [min, max], in `currency`. */
        priceRange: z.tuple([MoneyInput, MoneyInput]).nullish(),
        amenities: TextList(20, 64).default(() => []),
        /** Accepted for compatibility; results are ranked by distance to the city centre. */
        location: ShortText(100).nullish(),
      })
      .default(() => ({ amenities: [] })),
    limit: z.number().int().min(1).max(50).default(20),
  })
  .superRefine((b, ctx) => {
    checkNotPast(b.checkIn, ctx, ['checkIn'], 'check_in');
    if (b.checkOut <= b.checkIn) {
      ctx.addIssue({ code: 'custom', path: ['checkOut'], message: 'check_out must be after check_in' });
    } else if ((Date.parse(b.checkOut) - Date.parse(b.checkIn)) / 86_400_000 > 60) {
      ctx.addIssue({ code: 'custom', path: ['checkOut'], message: 'at most 60 nights' });
    }
    const range = b.filters.priceRange;
    if (range && range[0] > range[1]) {
      ctx.addIssue({
        code: 'custom',
        path: ['filters', 'priceRange'],
        message: 'the minimum must not exceed the maximum',
      });
    }
  });
export type HotelSearchBody = z.infer<typeof HotelSearchBody>;

export const HotelView = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  stars: z.number().nullish(),
  rating: z.number().nullish(),
  address: z.string().nullish(),
  coordinates: Coordinates.nullish(),
  roomType: z.string(),
  maxOccupancy: z.number().int(),
  rooms: z.number().int(),
  nights: z.number().int(),
  /** Per room and night, in the requested currency. */
  pricePerNight: z.number(),
  /** All rooms, all nights, in the requested currency. */
  totalPrice: z.number(),
  currency: z.string(),
  /** The provider's own nightly price and currency. */
  originalPrice: z.object({ amount: z.number(), currency: z.string() }),
  amenities: z.array(z.string()),
  distanceKm: z.number().nullish(),
  score: z.number(),
  provenance: Provenance,
});
export type HotelView = z.infer<typeof HotelView>;
export const HotelSearchView = z.object({
  destination: PlaceView,
  checkIn: IsoDate,
  checkOut: IsoDate,
  nights: z.number().int(),
  hotels: z.array(HotelView),
  total: z.number().int(),
  filteredOut: z.number().int(),
  /** Set when the filters removed every stay. */
  emptyReason: EmptyReasonView.nullable(),
  /** When the filters removed every stay: the nearest ones, with the filters each misses. */
  nearest: z.array(HotelView.extend({ missedFilters: MissedFilters })),
});
export type HotelSearchView = z.infer<typeof HotelSearchView>;

// --- recommendations -------------------------------------------------------------------------

export const RecommendationsQuery = z.object({
  season: Season.optional(),
  budget: z.coerce.number().min(0).max(1e12).optional(),
  style: ShortText(50).optional(),
  duration: z.coerce.number().int().min(1).max(60).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  currency: CurrencyCode.optional(),
});
export type RecommendationsQuery = z.infer<typeof RecommendationsQuery>;

export const RecommendationsView = z.object({
  recommendations: z.array(
    z.object({
      destination: z.string(),
      country: z.string(),
      confidenceScore: z.number(),
      matchReasons: z.array(z.string()),
      estimatedBudget: z.number(),
      currency: z.string(),
      bestSeason: z.string(),
      highlights: z.array(z.string()),
      photos: z.array(z.string()),
      summary: z.string(),
      source: z.string(),
    }),
  ),
});
