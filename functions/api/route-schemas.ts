/**
 * Request and response schemas of the REST contracts, declared by the contract table (routes.ts).
 * Longer than the ~600-line guide on purpose: it is a table of schemas without logic, grouped by
 * domain, and splitting it would only scatter the contracts. One zod schema per
 * contract: the same schema validates the request in the handler and describes it in the OpenAPI
 * document (and, for the MCP server, the tool input).
 */
import { z } from 'zod';
import { checkNotPast } from '../../agents/schemas/date-rule.js';
import { AgentSessionStatus, AgentType } from '../../agents/schemas/agent.js';
import {
  CurrencyCode,
  EntityId,
  HttpUrl,
  IsoDate,
  IsoDateTime,
  intRange,
} from '../../agents/schemas/common.js';
import { AttachmentType, Conversation, Message } from '../../agents/schemas/conversation.js';
import { PlanStatus, PlanWarning, TravelPlan } from '../../agents/schemas/travel-plan.js';
import { Pace } from '../../agents/schemas/trip-request.js';
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
  CoordinatesInput,
  MapKey,
  MoneyInput,
  PlaceName,
  ShortText,
  TextList,
  roundTo,
} from '../../agents/contracts/fields.js';
import {
  FlightOfferView,
  FlightSearchBody,
  FlightSearchView,
  HotelSearchBody,
  HotelSearchView,
  HotelView,
  RecommendationsQuery,
  RecommendationsView,
  type FlightLegView,
} from '../../agents/contracts/search.js';

// Search and recommendation contracts live in agents/contracts/ (the travel tools share them).
export {
  FlightOfferView,
  FlightSearchBody,
  FlightSearchView,
  HotelSearchBody,
  HotelSearchView,
  HotelView,
  RecommendationsQuery,
  RecommendationsView,
  type FlightLegView,
};

// ---------------------------------------------------------------------------------------------
// Users, conversations, travel plans, search, recommendations, agents.
//
// Numbers a request can get stored are bounded and rounded (agents/contracts/fields.ts).
// Responses are described by domain schemas (camelCase; toWire renames them on the way out).
// ---------------------------------------------------------------------------------------------

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

/** POST .../messages: the stored user message and the assistant's reply to it. */
export const PostedMessageView = Message.extend({ reply: Message.nullish() });

export const ListConversationsQuery = z
  .object({ ...pageQuery(20), status: z.enum(['active', 'paused', 'completed', 'archived']).optional() })
  .superRefine(pageDepthRule);
export type ListConversationsQuery = z.infer<typeof ListConversationsQuery>;

/** One conversation with the chat's state: the current plan and the trip request's slots. */
export const ConversationDetail = Conversation.extend({
  currentPlanId: z.string().nullable(),
  currentPlanVersion: z.number().int().nullable(),
  /** The TripRequest slots gathered so far (domain keys, kept as data). */
  slots: z.record(z.string(), z.unknown()),
  /** Essentials still missing: destinations, dates, origin, travelers, budget. */
  missingSlots: z.array(z.string()),
  language: z.enum(['zh', 'en']),
});
export const ConversationPage = z.object({
  conversations: z.array(Conversation),
  pagination: z.object({ page: z.number().int(), limit: z.number().int(), hasNext: z.boolean() }),
  nextCursor: z.string().nullable(),
});
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

export const CreatePlanBody = z
  .object({
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
  })
  .superRefine((b, ctx) => checkNotPast(b.startDate, ctx, ['startDate'], 'start_date'));
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
    /** Machine-readable diff from the previous version (items added, removed, changed; budget). */
    diff: z.record(z.string(), z.unknown()).optional(),
    /** What changed, in one or two sentences (null when the planner made the days for the first time). */
    summary: z.object({ zh: z.string(), en: z.string() }).nullish(),
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
    /** The travellers' passport (ISO alpha-2) for entry and visa notes; default: the origin's country. */
    passportCountry: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code, e.g. CN, US')
      .nullish(),
    /** Accept a transport-and-stay-only outline when no destination has local data. */
    outlineIfUncovered: z.boolean().nullish(),
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
    checkNotPast(r.startDate, ctx, ['startDate'], 'start_date');
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
