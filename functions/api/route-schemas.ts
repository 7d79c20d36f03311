/**
 * Request and response schemas per operation, attached to the route table. One zod schema per
 * contract: the same schema validates the request in the handler and describes it in the OpenAPI
 * document (and, for the MCP server, the tool input).
 */
import { z } from 'zod';
import { AgentSessionStatus, AgentType } from '../../agents/schemas/agent.js';
import {
  Coordinates,
  CurrencyCode,
  EntityId,
  HttpUrl,
  IsoDate,
  IsoDateTime,
  intRange,
} from '../../agents/schemas/common.js';
import { AttachmentType, Conversation, Message } from '../../agents/schemas/conversation.js';
import { PlanStatus, PlanWarning, Provenance, TravelPlan } from '../../agents/schemas/travel-plan.js';
import { ClockTime, Pace } from '../../agents/schemas/trip-request.js';
import {
  DepartureTimeSlot,
  Language,
  Season,
  SeatClass,
  TimeZone,
  TravelRecord,
  TravelStyle,
  UserPreferences,
} from '../../agents/schemas/user.js';
import {
  LoginBody,
  LogoutView,
  OAuthCallbackBody,
  OAuthStartView,
  RefreshBody,
  RegisterBody,
  TokenGrantView,
} from './auth/auth-schemas.js';
import { ROUTE_LIST, type RouteDef } from './routes.js';

type Schemas = Pick<RouteDef, 'body' | 'query' | 'response'>;

// ---------------------------------------------------------------------------------------------
// Users, conversations, travel plans, search, recommendations, agents.
//
// Numbers a request can get stored are bounded and rounded here: DynamoDB rejects numbers outside
// 1e-130..1e126 (a denormal such as 5e-324 included), and no request may reach the table with one.
// Responses are described by domain schemas (camelCase; toWire renames them on the way out).
// ---------------------------------------------------------------------------------------------

const roundTo = (digits: number) => (n: number) => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};
/** An amount of money in a request: 0..1e12, rounded to cents. */
const MoneyInput = z.number().min(0).max(1e12).transform(roundTo(2));
/** `[lat, lon]` in a request, rounded to 6 decimals (~0.1 m). */
const CoordinatesInput = z.tuple([
  z.number().min(-90).max(90).transform(roundTo(6)),
  z.number().min(-180).max(180).transform(roundTo(6)),
]);
const ShortText = (max: number) => z.string().trim().min(1).max(max);
const TextList = (maxItems: number, maxLength = 100) => z.array(ShortText(maxLength)).max(maxItems);
/** Keys of free-form maps in requests (DynamoDB map keys must be non-empty). */
const MapKey = z.string().regex(/^[\w.-]{1,64}$/, 'letters, digits, _ . - (1-64 characters)');
const MESSAGE_ID = /^msg_[0-9A-HJKMNP-TV-Z]{26}$/;

/** Query paging shared by the lists: page numbers (cursors internally) or a `cursor` from `next_cursor`. */
const pageQuery = (defaultLimit: number) => ({
  page: z.coerce.number().int().min(1).max(1000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(defaultLimit),
  cursor: z.string().min(1).max(2048).optional(),
});
/** Deep pages are walked through cursors; beyond this many items use `next_cursor`. */
const MAX_PAGE_DEPTH = 5000;
const pageDepthRule = (
  q: { page: number; limit: number; cursor?: string | undefined },
  ctx: z.RefinementCtx,
) => {
  if (q.cursor === undefined && (q.page - 1) * q.limit > MAX_PAGE_DEPTH) {
    ctx.addIssue({
      code: 'custom',
      path: ['page'],
      message: `page too deep: page x limit must stay within ${MAX_PAGE_DEPTH}; follow next_cursor instead`,
    });
  }
};

export const Pagination = z.object({
  page: z.number().int(),
  limit: z.number().int(),
  total: z.number().int(),
  hasNext: z.boolean(),
});
export type Pagination = z.infer<typeof Pagination>;

// --- users -----------------------------------------------------------------------------------

export const TravelStats = z.object({
  tripsPlanned: z.number().int(),
  countriesVisited: z.number().int(),
  totalSavings: z.number(),
  /** Currency of total_savings (the user's preferred currency). */
  currency: z.string(),
});
export type TravelStats = z.infer<typeof TravelStats>;

/** The caller without secrets (no payment methods, no credentials) plus travel stats. */
export const ProfileView = z.object({
  id: EntityId,
  username: z.string(),
  email: z.string(),
  phone: z.string().nullish(),
  avatarUrl: z.string().nullish(),
  isVerified: z.boolean(),
  isPremium: z.boolean(),
  preferences: UserPreferences,
  travelHistory: z.array(TravelRecord),
  travelStats: TravelStats,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  lastLogin: IsoDateTime.nullish(),
});
export type ProfileView = z.infer<typeof ProfileView>;

/** PUT /users/preferences: any subset of the preferences; what is given replaces the stored value. */
export const PreferencesPatch = z
  .strictObject({
    language: Language.optional(),
    currency: CurrencyCode.optional(),
    timezone: TimeZone.optional(),
    budgetRange: intRange(0, 1e12).optional(),
    budgetFlexibility: z.number().min(0).max(1).transform(roundTo(4)).optional(),
    travelStyle: TravelStyle.optional(),
    preferredSeason: z.array(Season).max(4).optional(),
    tripDurationPreference: intRange(1, 365).optional(),
    preferredAirlines: TextList(20, 64).optional(),
    seatClassPreference: SeatClass.optional(),
    maxLayovers: z.number().int().min(0).max(5).optional(),
    departureTimePreference: z.array(DepartureTimeSlot).max(4).optional(),
    hotelStarRating: intRange(1, 5).optional(),
    roomTypePreference: ShortText(64).optional(),
    amenitiesImportance: z
      .record(MapKey, z.number().int().min(0).max(5))
      .refine((m) => Object.keys(m).length <= 50, 'at most 50 amenities')
      .optional(),
    dietaryRestrictions: TextList(20, 64).optional(),
    cuisinePreferences: TextList(20, 64).optional(),
    foodAdventurousness: z.number().int().min(1).max(5).optional(),
    activityPreferences: TextList(30, 64).optional(),
    interestCategories: TextList(30, 64).optional(),
    physicalActivityLevel: z.number().int().min(1).max(5).optional(),
    notificationPreferences: z
      .record(MapKey, z.boolean())
      .refine((m) => Object.keys(m).length <= 20, 'at most 20 channels')
      .optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'give at least one preference to change');
export type PreferencesPatch = z.infer<typeof PreferencesPatch>;

// --- conversations ---------------------------------------------------------------------------

/** An attachment as a client sends it (the seed's `{type, url}`; name and size optional). */
const AttachmentInput = z.object({
  type: AttachmentType,
  url: HttpUrl.max(2048),
  name: ShortText(255).nullish(),
  size: z.number().int().min(0).max(1e12).nullish(),
  mimeType: z
    .string()
    .regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a MIME type such as image/jpeg')
    .max(127)
    .nullish(),
});
export type AttachmentInput = z.infer<typeof AttachmentInput>;

export const CreateConversationBody = z.object({
  title: ShortText(200).optional(),
  initialMessage: z.string().trim().min(1).max(10_000).nullish(),
});
export type CreateConversationBody = z.infer<typeof CreateConversationBody>;

export const PostMessageBody = z.object({
  content: z.string().trim().min(1).max(10_000),
  attachments: z
    .array(AttachmentInput)
    .max(10)
    .default(() => []),
});
export type PostMessageBody = z.infer<typeof PostMessageBody>;

export const ListMessagesQuery = z
  .object({
    ...pageQuery(20),
    beforeMessageId: z.string().regex(MESSAGE_ID, 'must be a message id (msg_...)').optional(),
  })
  .superRefine(pageDepthRule);
export type ListMessagesQuery = z.infer<typeof ListMessagesQuery>;

export const ConversationView = Conversation.extend({ messages: z.array(Message) });
export const MessagePage = z.object({
  messages: z.array(Message),
  pagination: Pagination,
  nextCursor: z.string().nullable(),
});

// --- travel plans ----------------------------------------------------------------------------

/**
 * A destination as a client sends it (the seed's POST /travel-plans shape). Coordinates, time zone
 * and country may be left out when the city is known to the geo provider.
 */
const DestinationInput = z
  .object({
    name: ShortText(200),
    country: ShortText(100).nullish(),
    city: ShortText(200).nullish(),
    coordinates: CoordinatesInput.nullish(),
    timezone: TimeZone.nullish(),
    arrivalDate: IsoDate,
    departureDate: IsoDate,
    isPrimary: z.boolean().default(false),
  })
  .superRefine((d, ctx) => {
    if (d.departureDate < d.arrivalDate) {
      ctx.addIssue({
        code: 'custom',
        path: ['departureDate'],
        message: 'departure_date must not be before arrival_date',
      });
    }
  });
export type DestinationInput = z.infer<typeof DestinationInput>;

const TravelerInput = z.object({
  name: ShortText(100),
  age: z.number().int().min(0).max(130),
  gender: ShortText(32).nullish(),
  passportCountry: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code such as CN'),
  specialNeeds: TextList(10, 200).default(() => []),
  isPrimary: z.boolean().default(false),
});

const BudgetBreakdownInput = z.object({
  flights: MoneyInput.optional(),
  accommodation: MoneyInput.optional(),
  activities: MoneyInput.optional(),
  food: MoneyInput.optional(),
  transportation: MoneyInput.optional(),
  shopping: MoneyInput.optional(),
  insurance: MoneyInput.optional(),
  emergency: MoneyInput.optional(),
});
export type BudgetBreakdownInput = z.infer<typeof BudgetBreakdownInput>;

const PlanTitle = ShortText(200);
const PlanDescription = z.string().max(2000).nullish();
const PlanTags = TextList(20, 50);
const PlaceName = ShortText(100);

export const CreatePlanBody = z.object({
  title: PlanTitle,
  description: PlanDescription,
  destinations: z.array(DestinationInput).min(1).max(20),
  startDate: IsoDate,
  endDate: IsoDate,
  totalBudget: MoneyInput,
  currency: CurrencyCode.default('CNY'),
  travelerCount: z.number().int().min(1).max(50).default(1),
  travelerDetails: z
    .array(TravelerInput)
    .max(50)
    .default(() => []),
  /** Where the trip starts (needed later to re-plan with /optimize). */
  origin: PlaceName.nullish(),
  tags: PlanTags.default(() => []),
  budgetBreakdown: BudgetBreakdownInput.optional(),
});
export type CreatePlanBody = z.infer<typeof CreatePlanBody>;

export const UpdatePlanBody = z
  .object({
    /** The version the client read; the update is refused (CONFLICT) when the plan has moved on. */
    version: z.number().int().min(1).max(1e9),
    title: PlanTitle.optional(),
    description: PlanDescription,
    destinations: z.array(DestinationInput).min(1).max(20).optional(),
    startDate: IsoDate.optional(),
    endDate: IsoDate.optional(),
    totalBudget: MoneyInput.optional(),
    travelerCount: z.number().int().min(1).max(50).optional(),
    travelerDetails: z.array(TravelerInput).max(50).optional(),
    status: PlanStatus.optional(),
    origin: PlaceName.nullish(),
    tags: PlanTags.optional(),
    budgetBreakdown: BudgetBreakdownInput.optional(),
  })
  .refine((b) => Object.keys(b).some((k) => k !== 'version'), 'give at least one field to change');
export type UpdatePlanBody = z.infer<typeof UpdatePlanBody>;

export const PLAN_SORTS = ['created_at_desc', 'created_at_asc', 'updated_at_desc', 'updated_at_asc'] as const;
export const ListPlansQuery = z
  .object({
    ...pageQuery(10),
    status: PlanStatus.optional(),
    sort: z.enum(PLAN_SORTS).default('created_at_desc'),
  })
  .superRefine(pageDepthRule);
export type ListPlansQuery = z.infer<typeof ListPlansQuery>;

export const DeletePlanQuery = z.object({
  /** Optional: delete only if the plan is still at this version. */
  version: z.coerce.number().int().min(1).max(1e9).optional(),
});

export const OPTIMIZATION_TYPES = ['budget', 'time', 'comfort'] as const;
export const OptimizePlanBody = z.object({
  optimizationType: z.enum(OPTIMIZATION_TYPES),
  constraints: z
    .object({
      maxBudget: MoneyInput.nullish(),
      mustInclude: TextList(20).default(() => []),
      preferences: z
        .object({
          accommodationType: z.enum(['hotel', 'apartment', 'hostel', 'resort', 'guesthouse']).nullish(),
          transportPreference: z.enum(['public', 'flight', 'train', 'driving', 'taxi', 'any']).nullish(),
        })
        .default(() => ({})),
    })
    .default(() => ({ mustInclude: [], preferences: {} })),
  /** Departure city when the plan has none yet. */
  origin: PlaceName.nullish(),
  /** Optional optimistic check: re-plan only if the plan is still at this version. */
  version: z.number().int().min(1).max(1e9).optional(),
});
export type OptimizePlanBody = z.infer<typeof OptimizePlanBody>;

export const PlanSummary = z.object({
  id: EntityId,
  title: z.string(),
  status: PlanStatus,
  /** Destination names, in visiting order. */
  destinations: z.array(z.string()),
  startDate: IsoDate,
  endDate: IsoDate,
  totalBudget: z.number(),
  currency: z.string(),
  travelerCount: z.number().int(),
  completionPercentage: z.number(),
  version: z.number().int(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type PlanSummary = z.infer<typeof PlanSummary>;
export const PlanPage = z.object({
  plans: z.array(PlanSummary),
  pagination: Pagination,
  nextCursor: z.string().nullable(),
});

export const PlanDeleted = z.object({ id: EntityId, deleted: z.literal(true) });

export const OptimizationResult = z.object({
  plan: TravelPlan,
  optimization: z.object({
    type: z.enum(OPTIMIZATION_TYPES),
    previousVersion: z.number().int(),
    previousCost: z.number(),
    newCost: z.number(),
    currency: z.string(),
    /** previous_cost - new_cost (negative when the new plan costs more, e.g. for comfort). */
    savings: z.number(),
    warnings: z.array(PlanWarning),
    /** What changed (stays, flights, places, total), in both languages. */
    changes: z.object({ en: z.array(z.string()), zh: z.array(z.string()) }).optional(),
  }),
});
export type OptimizationResult = z.infer<typeof OptimizationResult>;

export const ShareView = z.object({
  planId: EntityId,
  shareToken: z.string(),
  shareUrl: z.string(),
  version: z.number().int(),
});

/** What a share link shows: the plan without its owner, travellers' personal details or token. */
const {
  userId: _owner,
  travelerDetails: _travellers,
  shareToken: _token,
  ...publicPlanShape
} = TravelPlan.shape;
export const SharedPlanView = z.object({ ...publicPlanShape, readOnly: z.literal(true) });
export type SharedPlanView = z.infer<typeof SharedPlanView>;

// --- search ----------------------------------------------------------------------------------

/** Dates searched must not be in the past (one day of slack for time zones ahead of UTC). */
function notPast(date: string): boolean {
  return date >= new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
}

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
  })
  .superRefine((b, ctx) => {
    if (!notPast(b.departureDate)) {
      ctx.addIssue({ code: 'custom', path: ['departureDate'], message: 'departure_date is in the past' });
    }
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
  cabinClass: SeatClass,
  /** Rank score (lower is better) and whether no other offer beats it on every objective. */
  score: z.number(),
  pareto: z.boolean(),
  provenance: Provenance,
});
export type FlightOfferView = z.infer<typeof FlightOfferView>;
const FlightLegView = z.object({
  from: PlaceView,
  to: PlaceView,
  date: IsoDate,
  offers: z.array(FlightOfferView),
  /** Offers that passed the filters (offers may be cut to `limit`). */
  total: z.number().int(),
  /** Offers removed by the filters. */
  filteredOut: z.number().int(),
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
    if (!notPast(b.checkIn)) {
      ctx.addIssue({ code: 'custom', path: ['checkIn'], message: 'check_in is in the past' });
    }
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

// --- agents ----------------------------------------------------------------------------------

export const TASK_TYPES = ['comprehensive_planning'] as const;

/** What the traveller asks for (the seed's `requirements`), turned into a TripRequest. */
const Requirements = z
  .object({
    origin: PlaceName.nullish(),
    destination: PlaceName.nullish(),
    destinations: z.array(PlaceName).min(1).max(10).nullish(),
    startDate: IsoDate.nullish(),
    endDate: IsoDate.nullish(),
    /** Days, counting the first and the last. */
    duration: z.number().int().min(1).max(30).nullish(),
    budget: MoneyInput.nullish(),
    currency: CurrencyCode.default('CNY'),
    budgetPerPerson: z.boolean().default(false),
    /** Party size, or adults and children. */
    travelers: z
      .union([
        z.number().int().min(1).max(20),
        z.object({
          adults: z.number().int().min(1).max(20).default(1),
          children: z.number().int().min(0).max(20).default(0),
          childAges: z
            .array(z.number().int().min(0).max(17))
            .max(20)
            .default(() => []),
        }),
      ])
      .default(1),
    travelStyle: TravelStyle.nullish(),
    pace: Pace.nullish(),
    interests: TextList(20).default(() => []),
    mustVisit: TextList(20).default(() => []),
    mustAvoid: TextList(20).default(() => []),
    cabinClass: SeatClass.nullish(),
    language: z.enum(['zh', 'en']).nullish(),
  })
  .superRefine((r, ctx) => {
    if (!r.destination && !r.destinations) {
      ctx.addIssue({ code: 'custom', path: ['destination'], message: 'name a destination' });
    }
    if (!r.duration && !(r.startDate && r.endDate)) {
      ctx.addIssue({
        code: 'custom',
        path: ['duration'],
        message: 'give a duration in days, or start_date and end_date',
      });
    }
    if (r.startDate && r.endDate) {
      if (r.endDate < r.startDate) {
        ctx.addIssue({
          code: 'custom',
          path: ['endDate'],
          message: 'end_date must not be before start_date',
        });
      } else if ((Date.parse(r.endDate) - Date.parse(r.startDate)) / 86_400_000 >= 30) {
        ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'at most 30 days' });
      }
    }
    if (r.startDate && !notPast(r.startDate)) {
      ctx.addIssue({ code: 'custom', path: ['startDate'], message: 'start_date is in the past' });
    }
  });
export type Requirements = z.infer<typeof Requirements>;

export const CreateSessionBody = z.object({
  conversationId: EntityId,
  taskType: z.enum(TASK_TYPES).default('comprehensive_planning'),
  requirements: Requirements,
});
export type CreateSessionBody = z.infer<typeof CreateSessionBody>;

export const SessionCreatedView = z.object({
  sessionId: EntityId,
  status: AgentSessionStatus,
  conversationId: EntityId,
  taskType: z.string(),
  estimatedCompletion: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
});
export type SessionCreatedView = z.infer<typeof SessionCreatedView>;

export const SessionStatusView = z.object({
  sessionId: EntityId,
  status: AgentSessionStatus,
  progress: z.object({
    overall: z.number(),
    flightSearch: z.number(),
    hotelSearch: z.number(),
    itineraryPlanning: z.number(),
    budgetOptimization: z.number(),
  }),
  activeAgents: z.array(AgentType),
  estimatedCompletion: IsoDateTime.nullable(),
  currentTask: z.string().nullish(),
  conversationId: EntityId,
  /** The plan, once the session completed. */
  planId: EntityId.nullish(),
  /** When the session was cancelled (POST /v1/agents/sessions/{id}/cancel), if it was. */
  cancelledAt: IsoDateTime.nullish(),
  /** Why the session failed, when it did. */
  error: z.object({ code: z.string(), message: z.string() }).nullish(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type SessionStatusView = z.infer<typeof SessionStatusView>;

/** Schemas by operation id. Operations without an entry take no body and no query. */
export const SCHEMAS: Record<string, Schemas> = {
  register: { body: RegisterBody, response: TokenGrantView },
  login: { body: LoginBody, response: TokenGrantView },
  refresh: { body: RefreshBody, response: TokenGrantView },
  // logout and oauthStart take an optional body, parsed by the handler (LogoutBody, OAuthStartBody).
  logout: { response: LogoutView },
  oauthStart: { response: OAuthStartView },
  oauthCallback: { body: OAuthCallbackBody, response: TokenGrantView },

  // Users, conversations, plans, search, recommendations, agents.
  getProfile: { response: ProfileView },
  updatePreferences: { body: PreferencesPatch, response: UserPreferences },
  createConversation: { body: CreateConversationBody, response: ConversationView },
  postMessage: { body: PostMessageBody, response: Message },
  listMessages: { query: ListMessagesQuery, response: MessagePage },
  createPlan: { body: CreatePlanBody, response: TravelPlan },
  listPlans: { query: ListPlansQuery, response: PlanPage },
  getPlan: { response: TravelPlan },
  updatePlan: { body: UpdatePlanBody, response: TravelPlan },
  deletePlan: { query: DeletePlanQuery, response: PlanDeleted },
  optimizePlan: { body: OptimizePlanBody, response: OptimizationResult },
  sharePlan: { response: ShareView },
  getSharedPlan: { response: SharedPlanView },
  searchFlights: { body: FlightSearchBody, response: FlightSearchView },
  searchHotels: { body: HotelSearchBody, response: HotelSearchView },
  recommendDestinations: { query: RecommendationsQuery, response: RecommendationsView },
  createSession: { body: CreateSessionBody, response: SessionCreatedView },
  getSessionStatus: { response: SessionStatusView },
  cancelSession: { response: SessionStatusView },
};

/** The route table with its schemas: what handlers, the local gateway, CDK and OpenAPI use. */
export const ROUTES: RouteDef[] = ROUTE_LIST.map((r) => ({ ...r, ...(SCHEMAS[r.operation] ?? {}) }));
