/**
 * Domain-model schemas: every model parses a seed-like wire (snake_case) example and round-trips
 * back to the identical wire JSON; field names match the seed; defaults match the seed; bad input
 * is rejected with field details that name the wire path.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ValidationError, type ErrorDetail } from '../../agents/errors.js';
import { camelToSnake, parseDomain, parseWire, toWire } from '../../agents/schemas/wire.js';
import {
  LoyaltyProgram,
  PaymentMethod,
  TravelRecord,
  User,
  UserPreferences,
} from '../../agents/schemas/user.js';
import {
  AccommodationBooking,
  ActivityBooking,
  BudgetBreakdown,
  Destination,
  FlightBooking,
  ItineraryActivity,
  ItineraryDay,
  Layover,
  TravelerInfo,
  TravelPlan,
  WeatherInfo,
} from '../../agents/schemas/travel-plan.js';
import { Conversation, Message, MessageAttachment, ToolCall } from '../../agents/schemas/conversation.js';
import {
  KnowledgeDocument,
  UserVector,
  VectorSearchQuery,
  VectorSearchResult,
} from '../../agents/schemas/knowledge.js';
import { AgentInteraction, AgentSession, TaskResult } from '../../agents/schemas/agent.js';

type Wire = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Seed-like wire fixtures (snake_case, every field present so the round trip is exact).
// ---------------------------------------------------------------------------------------------

const SEED_PREFERENCE_DEFAULTS: Wire = {
  language: 'zh-cn',
  currency: 'CNY',
  timezone: 'Asia/Shanghai',
  budget_range: [1000, 10000],
  budget_flexibility: 0.2,
  travel_style: 'family',
  preferred_season: ['spring', 'autumn'],
  trip_duration_preference: [3, 7],
  preferred_airlines: [],
  seat_class_preference: 'economy',
  max_layovers: 1,
  departure_time_preference: ['morning'],
  hotel_star_rating: [3, 5],
  room_type_preference: 'standard',
  amenities_importance: { wifi: 5, breakfast: 4, gym: 2, pool: 3, spa: 2 },
  dietary_restrictions: [],
  cuisine_preferences: [],
  food_adventurousness: 3,
  activity_preferences: [],
  interest_categories: [],
  physical_activity_level: 3,
  notification_preferences: { email: true, sms: false, push: true, price_alerts: true },
};

const PREFERENCES: Wire = {
  ...SEED_PREFERENCE_DEFAULTS,
  budget_range: [8000, 20000],
  preferred_airlines: ['CA', 'MU'],
  hotel_star_rating: [4, 5],
  amenities_importance: { wifi: 5, breakfast: 4, free_parking: 1 },
  dietary_restrictions: ['vegetarian'],
  activity_preferences: ['culture', 'nature', 'food'],
};

const TRAVEL_RECORD: Wire = {
  plan_id: 'plan_001',
  destination: '京都',
  country: '日本',
  start_date: '2024-04-01',
  end_date: '2024-04-05',
  rating: 4.5,
};

const LOYALTY: Wire = {
  program_name: '国航知音',
  membership_number: 'CA12345678',
  tier_status: 'silver',
  points_balance: 12000,
};

const PAYMENT_CARD: Wire = {
  id: 'pm_1',
  type: 'card',
  masked_info: '**** 1234',
  is_default: true,
  is_verified: true,
};
const PAYMENT_ALIPAY: Wire = {
  id: 'pm_2',
  type: 'alipay',
  masked_info: 'alipay:138****8000',
  is_default: false,
  is_verified: false,
};

const USER: Wire = {
  id: 'user_123',
  username: 'travel_lover',
  email: 'user@example.com',
  phone: '+86-13800138000',
  avatar_url: 'https://cdn.example.com/avatars/123.jpg',
  preferences: PREFERENCES,
  travel_history: [TRAVEL_RECORD],
  loyalty_programs: [LOYALTY],
  payment_methods: [PAYMENT_CARD, PAYMENT_ALIPAY],
  is_verified: true,
  is_premium: false,
  created_at: '2025-01-27T10:30:00Z',
  updated_at: '2025-01-27T10:30:00Z',
  last_login: null,
};

const DESTINATION: Wire = {
  id: 'dest_1',
  name: '巴黎',
  country: '法国',
  city: '巴黎',
  coordinates: [48.8566, 2.3522],
  timezone: 'Europe/Paris',
  visit_order: 1,
  arrival_date: '2025-06-01',
  departure_date: '2025-06-07',
  is_primary: true,
};

const TRAVELER_1: Wire = {
  name: '张三',
  age: 28,
  gender: null,
  passport_country: 'CN',
  special_needs: [],
  is_primary: true,
};
const TRAVELER_2: Wire = {
  name: '李四',
  age: 26,
  gender: 'female',
  passport_country: 'CN',
  special_needs: ['vegetarian_meal'],
  is_primary: false,
};

const BUDGET: Wire = {
  total_budget: 15000,
  flights: 7000,
  accommodation: 4200,
  activities: 1200,
  food: 1500,
  transportation: 400,
  shopping: 300,
  insurance: 200,
  emergency: 200,
};

const LAYOVER: Wire = { airport: 'HEL', duration: 95, is_overnight: false };

const FLIGHT: Wire = {
  id: 'flt_1',
  flight_number: 'CA933',
  airline: '中国国际航空',
  aircraft_type: 'Boeing 777-300ER',
  departure_airport: 'PEK',
  arrival_airport: 'CDG',
  departure_time: '2025-06-01T13:40:00+08:00',
  arrival_time: '2025-06-01T19:05:00+02:00',
  flight_duration: 685,
  price: 3500,
  seat_class: 'economy',
  seat_number: null,
  baggage_allowance: '2 x 23kg',
  booking_reference: null,
  booking_status: 'selected',
  booking_url: 'https://www.airchina.com.cn/booking/CA933',
  layovers: [],
  amenities: ['wifi', 'meal'],
  cancellation_policy: '起飞前24小时可免费取消',
};

const ACCOMMODATION: Wire = {
  id: 'acc_1',
  name: 'Hôtel du Louvre',
  type: 'hotel',
  brand: 'Hyatt',
  address: 'Place André Malraux, 75001 Paris',
  coordinates: [48.8635, 2.3355],
  district: '1er arrondissement',
  room_type: 'deluxe',
  bed_configuration: '1 king',
  max_occupancy: 2,
  room_size: 28,
  check_in_date: '2025-06-01',
  check_out_date: '2025-06-07',
  nights: 6,
  price_per_night: 700,
  total_price: 4200,
  star_rating: 5,
  amenities: ['wifi', 'breakfast'],
  policies: { check_in: '15:00', check_out: '12:00', pets_allowed: 'no' },
  booking_reference: null,
  booking_status: 'selected',
  booking_url: null,
  rating: 4.6,
  reviews_count: 2310,
  rooms: 1,
};

const WEATHER: Wire = {
  date: '2025-06-02',
  temperature_high: 24,
  temperature_low: 14,
  condition: 'sunny',
  humidity: 55,
  wind_speed: 12,
  precipitation_chance: 10,
  uv_index: 7,
};

const ITINERARY_ACTIVITY: Wire = {
  id: 'act_1',
  name: '卢浮宫',
  type: 'sightseeing',
  start_time: '2025-06-02T09:00:00+02:00',
  end_time: '2025-06-02T12:00:00+02:00',
  duration: 180,
  location: 'Musée du Louvre',
  address: 'Rue de Rivoli, 75001 Paris',
  coordinates: [48.8606, 2.3376],
  estimated_cost: 150,
  booking_required: true,
  booking_url: 'https://www.louvre.fr/en/visit',
  description: '世界最大的艺术博物馆之一',
  tips: ['提前预约'],
  photos: ['https://cdn.example.com/louvre.jpg'],
  popularity_score: 98.5,
  rating: 4.7,
  difficulty_level: 2,
  cuisines: [],
};

const ITINERARY_DAY: Wire = {
  day_number: 2,
  date: '2025-06-02',
  destination: '巴黎',
  theme: '艺术之旅',
  activities: [ITINERARY_ACTIVITY],
  total_cost: 150,
  total_walking_distance: 6.5,
  estimated_duration: 480,
  weather_forecast: WEATHER,
  transportation_notes: '地铁1号线',
  tips: [],
};

const ACTIVITY_BOOKING: Wire = {
  id: 'bkg_1',
  activity_id: 'act_2',
  name: '塞纳河游船',
  category: 'tour',
  date: '2025-06-03',
  start_time: '2025-06-03T20:00:00+02:00',
  duration: 60,
  price_per_person: 120,
  total_price: 240,
  participants: 2,
  booking_reference: 'BM-778',
  booking_status: 'booked',
  confirmation_required: false,
  cancellation_deadline: '2025-06-02T20:00:00+02:00',
  provider: 'Bateaux Mouches',
  meeting_point: 'Pont de l’Alma',
  what_to_bring: ['外套'],
  included: ['游船'],
  excluded: ['餐饮'],
};

const PLAN: Wire = {
  id: 'plan_123',
  user_id: 'user_123',
  title: '巴黎浪漫7日游',
  description: null,
  destinations: [DESTINATION],
  start_date: '2025-06-01',
  end_date: '2025-06-07',
  total_budget: 15000,
  traveler_count: 2,
  traveler_details: [TRAVELER_1, TRAVELER_2],
  status: 'planning',
  completion_percentage: 85,
  flights: [FLIGHT],
  accommodations: [ACCOMMODATION],
  itinerary: [ITINERARY_DAY],
  activities: [ACTIVITY_BOOKING],
  budget_breakdown: BUDGET,
  tags: ['浪漫', '文化'],
  is_public: false,
  share_token: null,
  version: 3,
  created_at: '2025-01-27T10:30:00Z',
  updated_at: '2025-01-27T10:35:00Z',
  confirmed_at: null,
  currency: 'CNY',
  warnings: [],
  tips: [],
};

const ATTACHMENT: Wire = {
  id: 'att_1',
  type: 'image',
  name: 'preference.jpg',
  url: 'https://cdn.example.com/uploads/preference.jpg',
  size: 204800,
  mime_type: 'image/jpeg',
};

const TOOL_CALL: Wire = {
  id: 'call_1',
  tool_name: 'search_flights',
  arguments: { from: 'BJS', to: 'CDG', departure_date: '2025-06-01', cabin_class: 'economy' },
  result: '找到3个航班选项...',
  execution_time: 1.42,
  status: 'completed',
};

const MESSAGE: Wire = {
  id: 'msg_124',
  conversation_id: 'conv_123',
  role: 'assistant',
  content: '很高兴为您规划巴黎之旅！...',
  metadata: { source_channel: 'web' },
  attachments: [ATTACHMENT],
  model_name: 'qwen2.5-7b-instruct',
  prompt_tokens: 812,
  completion_tokens: 240,
  tool_calls: [TOOL_CALL],
  tool_call_id: null,
  timestamp: '2025-01-27T10:30:15Z',
  edited_at: null,
  is_deleted: false,
  is_edited: false,
};

const CONVERSATION: Wire = {
  id: 'conv_123',
  user_id: 'user_123',
  title: '巴黎7日游规划',
  status: 'active',
  context: { trip_length_days: 7, budget_cny: 15000 },
  metadata: { client_version: '1.2.0' },
  travel_plan_id: 'plan_123',
  agent_session_id: 'session_123',
  created_at: '2025-01-27T10:30:00Z',
  updated_at: '2025-01-27T10:30:15Z',
  last_message_at: '2025-01-27T10:30:15Z',
  message_count: 2,
  total_tokens: 1052,
};

const KNOWLEDGE_DOC: Wire = {
  id: 'doc_1',
  title: '卢浮宫参观指南',
  content: '卢浮宫位于巴黎市中心……',
  category: 'guide',
  subcategory: 'museum',
  embedding_vector: [0.12, -0.4, 0.33],
  embedding_model: 'bge-m3',
  locations: ['巴黎'],
  coordinates: [48.8606, 2.3376],
  tags: ['博物馆'],
  language: 'zh-cn',
  source: 'manual',
  source_url: 'https://www.louvre.fr/',
  author: null,
  quality_score: 0.9,
  popularity_score: 120,
  relevance_score: 0.8,
  version: 2,
  created_at: '2025-01-01T00:00:00Z',
  updated_at: '2025-01-10T00:00:00Z',
  last_verified: '2025-01-10T00:00:00Z',
  view_count: 42,
  reference_count: 7,
};

const SEARCH_QUERY: Wire = {
  query_text: '巴黎适合亲子的博物馆',
  query_vector: null,
  filters: { category: 'guide', min_quality_score: 0.5 },
  limit: 5,
  threshold: 0.75,
};

const SEARCH_RESULT: Wire = {
  document_id: 'doc_1',
  document: KNOWLEDGE_DOC,
  similarity_score: 0.87,
  rank: 1,
};

const USER_VECTOR: Wire = {
  user_id: 'user_123',
  preference_vector: [0.1, 0.2],
  travel_history_vector: [0.3, 0.4],
  interaction_vector: [0.5, 0.6],
  combined_vector: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
  last_updated: '2025-01-27T10:30:00Z',
};

const INTERACTION: Wire = {
  id: 'ix_1',
  session_id: 'session_123',
  from_agent: 'coordinator',
  to_agent: 'flight',
  interaction_type: 'delegation',
  content: { task_name: 'flight_search', max_price: 4000 },
  timestamp: '2025-01-27T10:31:00Z',
};

const AGENT_SESSION: Wire = {
  id: 'session_123',
  conversation_id: 'conv_123',
  user_id: 'user_123',
  active_agents: ['flight', 'hotel', 'itinerary'],
  status: 'processing',
  current_task: 'comprehensive_planning',
  task_progress: {
    overall: 65,
    flight_search: 100,
    hotel_search: 80,
    itinerary_planning: 30,
    budget_optimization: 0,
  },
  shared_context: { destination_city: '巴黎', traveler_count: 2 },
  agent_interactions: [INTERACTION],
  created_at: '2025-01-27T10:30:00Z',
  updated_at: '2025-01-27T10:33:00Z',
};

const TASK_RESULT: Wire = {
  task_id: 'task_1',
  agent_type: 'flight',
  result_type: 'partial',
  data: { flight_options: [{ flight_number: 'CA933', price: 3500 }] },
  confidence_score: 0.82,
  execution_time: 3.7,
  created_at: '2025-01-27T10:32:00Z',
};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** A deep copy of a fixture, so a test can break it without touching the original. */
function clone<T>(value: T): T {
  return structuredClone(value);
}

/** The field details of the ValidationError that parsing `input` must throw. */
function detailsOf(schema: z.core.$ZodType, input: unknown): ErrorDetail[] {
  try {
    parseWire(schema, input);
  } catch (err) {
    if (err instanceof ValidationError) return err.details;
    throw err;
  }
  throw new Error('expected the input to be rejected');
}

function fieldsOf(schema: z.core.$ZodType, input: unknown): string[] {
  return detailsOf(schema, input).map((d) => d.field);
}

/** Sets a value at a dotted path inside a cloned wire object. */
function withValue(base: Wire, path: string, value: unknown): Wire {
  const copy = clone(base);
  const parts = path.split('.');
  let node: Record<string, unknown> | unknown[] = copy;
  for (const part of parts.slice(0, -1)) {
    node = (node as Record<string, unknown>)[part] as Record<string, unknown>;
  }
  (node as Record<string, unknown>)[parts[parts.length - 1]!] = value;
  return copy;
}

// ---------------------------------------------------------------------------------------------
// Round trips
// ---------------------------------------------------------------------------------------------

const MODELS: [string, z.core.$ZodType, Wire][] = [
  ['UserPreferences', UserPreferences, PREFERENCES],
  ['LoyaltyProgram', LoyaltyProgram, LOYALTY],
  ['PaymentMethod', PaymentMethod, PAYMENT_CARD],
  ['TravelRecord', TravelRecord, TRAVEL_RECORD],
  ['User', User, USER],
  ['Destination', Destination, DESTINATION],
  ['TravelerInfo', TravelerInfo, TRAVELER_2],
  ['BudgetBreakdown', BudgetBreakdown, BUDGET],
  ['Layover', Layover, LAYOVER],
  ['FlightBooking', FlightBooking, { ...FLIGHT, layovers: [LAYOVER] }],
  ['AccommodationBooking', AccommodationBooking, ACCOMMODATION],
  ['ItineraryActivity', ItineraryActivity, ITINERARY_ACTIVITY],
  ['ActivityBooking', ActivityBooking, ACTIVITY_BOOKING],
  ['WeatherInfo', WeatherInfo, WEATHER],
  ['ItineraryDay', ItineraryDay, ITINERARY_DAY],
  ['TravelPlan', TravelPlan, PLAN],
  ['MessageAttachment', MessageAttachment, ATTACHMENT],
  ['ToolCall', ToolCall, TOOL_CALL],
  ['Message', Message, MESSAGE],
  ['Conversation', Conversation, CONVERSATION],
  ['KnowledgeDocument', KnowledgeDocument, KNOWLEDGE_DOC],
  ['VectorSearchQuery', VectorSearchQuery, SEARCH_QUERY],
  ['VectorSearchResult', VectorSearchResult, SEARCH_RESULT],
  ['UserVector', UserVector, USER_VECTOR],
  ['AgentInteraction', AgentInteraction, INTERACTION],
  ['AgentSession', AgentSession, AGENT_SESSION],
  ['TaskResult', TaskResult, TASK_RESULT],
];

describe('wire round trip', () => {
  it.each(MODELS)('%s parses from wire JSON and returns to identical wire JSON', (_name, schema, wire) => {
    const json = JSON.parse(JSON.stringify(wire)) as unknown;
    const domain = parseWire(schema, json);
    const back = JSON.parse(JSON.stringify(toWire(schema, domain))) as unknown;
    expect(back).toStrictEqual(json);
    // The domain value has no snake_case keys at its top level (map-valued fields aside).
    for (const key of Object.keys(domain as object)) expect(key).not.toMatch(/_/);
  });

  it('exposes camelCase keys on the domain side', () => {
    const plan = parseWire(TravelPlan, PLAN);
    expect(plan.travelerCount).toBe(2);
    expect(plan.budgetBreakdown.totalBudget).toBe(15000);
    expect(plan.destinations[0]!.departureDate).toBe('2025-06-07');
    expect(plan.itinerary[0]!.weatherForecast!.uvIndex).toBe(7);
    expect((plan as Record<string, unknown>).traveler_count).toBeUndefined();
  });

  it('accepts the seed REST example of PUT /v1/users/preferences (omitted fields get defaults)', () => {
    const prefs = parseWire(UserPreferences, {
      language: 'zh-cn',
      currency: 'CNY',
      travel_style: 'family',
      budget_range: [8000, 20000],
      preferred_airlines: ['CA', 'MU'],
      hotel_star_rating: [4, 5],
      dietary_restrictions: ['vegetarian'],
      activity_preferences: ['culture', 'nature', 'food'],
    });
    expect(prefs.budgetRange).toEqual([8000, 20000]);
    expect(prefs.timezone).toBe('Asia/Shanghai');
    expect(prefs.maxLayovers).toBe(1);
  });

  it('accepts null for seed Optional fields and omitted defaulted fields', () => {
    const minimal = parseWire(TravelPlan, {
      id: 'plan_1',
      user_id: 'user_1',
      title: 't',
      destinations: [],
      start_date: '2025-06-01',
      end_date: '2025-06-01',
      total_budget: 0,
      budget_breakdown: { total_budget: 0 },
      created_at: '2025-01-27T10:30:00Z',
      updated_at: '2025-01-27T10:30:00+08:00',
      description: null,
    });
    expect(minimal.travelerCount).toBe(1);
    expect(minimal.status).toBe('drafting');
    expect(minimal.completionPercentage).toBe(0);
    expect(minimal.version).toBe(1);
    expect(minimal.budgetBreakdown.emergency).toBe(0);
    expect(minimal.description).toBeNull();
    expect(parseWire(AgentSession, { ...AGENT_SESSION, status: undefined }).status).toBe('pending');
    expect(parseWire(Conversation, { ...CONVERSATION, title: undefined }).title).toBe('新对话');
    const q = parseWire(VectorSearchQuery, { query_text: 'x' });
    expect([q.limit, q.threshold, q.filters]).toEqual([10, 0.7, {}]);
  });
});

// ---------------------------------------------------------------------------------------------
// Field names against the seed
// ---------------------------------------------------------------------------------------------

/** Field names exactly as the seed's pydantic models spell them. */
const SEED_FIELDS: [string, { shape: Record<string, unknown> }, string[]][] = [
  [
    'User',
    User,
    'id username email phone avatar_url preferences travel_history loyalty_programs payment_methods is_verified is_premium created_at updated_at last_login'.split(
      ' ',
    ),
  ],
  ['UserPreferences', UserPreferences, Object.keys(SEED_PREFERENCE_DEFAULTS)],
  ['LoyaltyProgram', LoyaltyProgram, 'program_name membership_number tier_status points_balance'.split(' ')],
  ['PaymentMethod', PaymentMethod, 'id type masked_info is_default is_verified'.split(' ')],
  ['TravelRecord', TravelRecord, 'plan_id destination country start_date end_date rating'.split(' ')],
  [
    'TravelPlan',
    TravelPlan,
    'id user_id title description destinations start_date end_date total_budget traveler_count traveler_details status completion_percentage flights accommodations itinerary activities budget_breakdown tags is_public share_token version created_at updated_at confirmed_at'.split(
      ' ',
    ),
  ],
  [
    'Destination',
    Destination,
    'id name country city coordinates timezone visit_order arrival_date departure_date is_primary'.split(' '),
  ],
  ['TravelerInfo', TravelerInfo, 'name age gender passport_country special_needs is_primary'.split(' ')],
  [
    'BudgetBreakdown',
    BudgetBreakdown,
    'total_budget flights accommodation activities food transportation shopping insurance emergency'.split(
      ' ',
    ),
  ],
  [
    'FlightBooking',
    FlightBooking,
    'id flight_number airline aircraft_type departure_airport arrival_airport departure_time arrival_time flight_duration price seat_class seat_number baggage_allowance booking_reference booking_status booking_url layovers amenities cancellation_policy'.split(
      ' ',
    ),
  ],
  ['Layover', Layover, 'airport duration is_overnight'.split(' ')],
  [
    'AccommodationBooking',
    AccommodationBooking,
    'id name type brand address coordinates district room_type bed_configuration max_occupancy room_size check_in_date check_out_date nights price_per_night total_price star_rating amenities policies booking_reference booking_status booking_url rating reviews_count'.split(
      ' ',
    ),
  ],
  [
    'ItineraryDay',
    ItineraryDay,
    'day_number date destination theme activities total_cost total_walking_distance estimated_duration weather_forecast transportation_notes tips'.split(
      ' ',
    ),
  ],
  [
    'ItineraryActivity',
    ItineraryActivity,
    'id name type start_time end_time duration location address coordinates estimated_cost booking_required booking_url description tips photos popularity_score rating difficulty_level'.split(
      ' ',
    ),
  ],
  [
    'ActivityBooking',
    ActivityBooking,
    'id activity_id name category date start_time duration price_per_person total_price participants booking_reference booking_status confirmation_required cancellation_deadline provider meeting_point what_to_bring included excluded'.split(
      ' ',
    ),
  ],
  [
    'WeatherInfo',
    WeatherInfo,
    'date temperature_high temperature_low condition humidity wind_speed precipitation_chance uv_index'.split(
      ' ',
    ),
  ],
  [
    'Conversation',
    Conversation,
    'id user_id title status context metadata travel_plan_id agent_session_id created_at updated_at last_message_at message_count total_tokens'.split(
      ' ',
    ),
  ],
  [
    'Message',
    Message,
    'id conversation_id role content metadata attachments model_name prompt_tokens completion_tokens tool_calls tool_call_id timestamp edited_at is_deleted is_edited'.split(
      ' ',
    ),
  ],
  ['MessageAttachment', MessageAttachment, 'id type name url size mime_type'.split(' ')],
  ['ToolCall', ToolCall, 'id tool_name arguments result execution_time status'.split(' ')],
  [
    'KnowledgeDocument',
    KnowledgeDocument,
    'id title content category subcategory embedding_vector embedding_model locations coordinates tags language source source_url author quality_score popularity_score relevance_score version created_at updated_at last_verified view_count reference_count'.split(
      ' ',
    ),
  ],
  ['VectorSearchQuery', VectorSearchQuery, 'query_text query_vector filters limit threshold'.split(' ')],
  ['VectorSearchResult', VectorSearchResult, 'document_id document similarity_score rank'.split(' ')],
  [
    'UserVector',
    UserVector,
    'user_id preference_vector travel_history_vector interaction_vector combined_vector last_updated'.split(
      ' ',
    ),
  ],
  [
    'AgentSession',
    AgentSession,
    // `status` is our documented extension (the seed's REST API returns it).
    'id conversation_id user_id active_agents current_task task_progress shared_context agent_interactions created_at updated_at status'.split(
      ' ',
    ),
  ],
  [
    'AgentInteraction',
    AgentInteraction,
    'id session_id from_agent to_agent interaction_type content timestamp'.split(' '),
  ],
  [
    'TaskResult',
    TaskResult,
    'task_id agent_type result_type data confidence_score execution_time created_at'.split(' '),
  ],
];

/** Fields added beyond the seed for generated plans (provenance, legs, meals, warnings), documented in travel-plan.ts. */
const EXTENSION_FIELDS: Record<string, string[]> = {
  TravelPlan: ['origin', 'currency', 'warnings', 'tips', 'entry_notes', 'alternatives'],
  FlightBooking: ['departure_city', 'arrival_city', 'passengers', 'provenance', 'original_price'],
  AccommodationBooking: ['city', 'rooms', 'minimum_nights', 'provenance', 'original_price_per_night'],
  ItineraryDay: ['accommodation_id', 'weather_provenance'],
  ItineraryActivity: [
    'place_id',
    'city',
    'meal_type',
    'cuisines',
    'is_indoor',
    'travel_leg',
    'provenance',
    'transfer',
    'end_day_offset',
    'original_cost',
  ],
};

describe('field names', () => {
  it.each(SEED_FIELDS)(
    '%s declares exactly the seed fields plus documented extensions',
    (name, schema, seedFields) => {
      const wireNames = Object.keys(schema.shape).map(camelToSnake);
      expect([...wireNames].sort()).toEqual([...seedFields, ...(EXTENSION_FIELDS[name] ?? [])].sort());
    },
  );
});

// ---------------------------------------------------------------------------------------------
// Defaults
// ---------------------------------------------------------------------------------------------

describe('UserPreferences defaults', () => {
  it('equal the seed defaults exactly', () => {
    const prefs = parseWire(UserPreferences, {});
    expect(toWire(UserPreferences, prefs)).toStrictEqual(SEED_PREFERENCE_DEFAULTS);
    expect(prefs).toStrictEqual({
      language: 'zh-cn',
      currency: 'CNY',
      timezone: 'Asia/Shanghai',
      budgetRange: [1000, 10000],
      budgetFlexibility: 0.2,
      travelStyle: 'family',
      preferredSeason: ['spring', 'autumn'],
      tripDurationPreference: [3, 7],
      preferredAirlines: [],
      seatClassPreference: 'economy',
      maxLayovers: 1,
      departureTimePreference: ['morning'],
      hotelStarRating: [3, 5],
      roomTypePreference: 'standard',
      amenitiesImportance: { wifi: 5, breakfast: 4, gym: 2, pool: 3, spa: 2 },
      dietaryRestrictions: [],
      cuisinePreferences: [],
      foodAdventurousness: 3,
      activityPreferences: [],
      interestCategories: [],
      physicalActivityLevel: 3,
      notificationPreferences: { email: true, sms: false, push: true, price_alerts: true },
    });
  });

  it('are fresh objects on every parse (no shared mutable defaults)', () => {
    const a = parseWire(UserPreferences, {});
    a.amenitiesImportance.wifi = 0;
    a.budgetRange[0] = 1;
    a.preferredSeason.push('winter');
    a.notificationPreferences.sms = true;
    a.preferredAirlines.push('CA');
    const b = parseWire(UserPreferences, {});
    expect(b.amenitiesImportance.wifi).toBe(5);
    expect(b.budgetRange).toEqual([1000, 10000]);
    expect(b.preferredSeason).toEqual(['spring', 'autumn']);
    expect(b.notificationPreferences.sms).toBe(false);
    expect(b.preferredAirlines).toEqual([]);
    const u1 = parseWire(User, { ...USER, travel_history: undefined });
    u1.travelHistory.push(parseWire(TravelRecord, TRAVEL_RECORD));
    expect(parseWire(User, { ...USER, travel_history: undefined }).travelHistory).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Map keys are data
// ---------------------------------------------------------------------------------------------

describe('map keys are never renamed', () => {
  it('keeps task_progress keys such as flight_search on both sides', () => {
    const session = parseWire(AgentSession, AGENT_SESSION);
    expect(session.taskProgress).toStrictEqual({
      overall: 65,
      flight_search: 100,
      hotel_search: 80,
      itinerary_planning: 30,
      budget_optimization: 0,
    });
    expect(Object.keys(session.taskProgress)).not.toContain('flightSearch');
    const wire = toWire(AgentSession, session) as Wire;
    expect(wire.task_progress).toStrictEqual(AGENT_SESSION.task_progress);
    expect(wire.shared_context).toStrictEqual({ destination_city: '巴黎', traveler_count: 2 });
  });

  it('keeps amenities_importance and notification_preferences keys', () => {
    const prefs = parseWire(UserPreferences, PREFERENCES);
    expect(prefs.amenitiesImportance).toStrictEqual({ wifi: 5, breakfast: 4, free_parking: 1 });
    expect(prefs.notificationPreferences.price_alerts).toBe(true);
    expect(Object.keys(prefs.notificationPreferences)).not.toContain('priceAlerts');
    // And camelCase data keys are not snake-cased on the way out.
    const out = toWire(UserPreferences, { ...prefs, amenitiesImportance: { freeParking: 2 } }) as Wire;
    expect(out.amenities_importance).toStrictEqual({ freeParking: 2 });
  });

  it('keeps JSON-object keys (tool arguments, metadata, context, policies, data)', () => {
    const message = parseWire(Message, MESSAGE);
    expect(message.toolCalls[0]!.arguments).toStrictEqual(TOOL_CALL.arguments);
    expect(message.metadata).toStrictEqual({ source_channel: 'web' });
    expect(parseWire(Conversation, CONVERSATION).context).toStrictEqual({
      trip_length_days: 7,
      budget_cny: 15000,
    });
    expect(parseWire(AccommodationBooking, ACCOMMODATION).policies.pets_allowed).toBe('no');
    expect(parseWire(TaskResult, TASK_RESULT).data).toStrictEqual(TASK_RESULT.data);
    expect(parseWire(VectorSearchQuery, SEARCH_QUERY).filters).toStrictEqual({
      category: 'guide',
      min_quality_score: 0.5,
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Rejections with wire-path details
// ---------------------------------------------------------------------------------------------

describe('TravelPlan validation', () => {
  it('rejects traveler_count 0', () => {
    expect(fieldsOf(TravelPlan, { ...PLAN, traveler_count: 0, traveler_details: [] })).toEqual([
      'traveler_count',
    ]);
  });

  it('rejects end_date before start_date', () => {
    expect(fieldsOf(TravelPlan, { ...PLAN, end_date: '2025-05-31' })).toEqual(['end_date']);
  });

  it('accepts a same-day trip', () => {
    const oneDay = { ...PLAN, end_date: '2025-06-01', destinations: [], itinerary: [] };
    expect(parseWire(TravelPlan, oneDay).endDate).toBe('2025-06-01');
  });

  it('rejects a destination leaving before it is reached', () => {
    const fields = fieldsOf(TravelPlan, withValue(PLAN, 'destinations.0.departure_date', '2025-05-30'));
    expect(fields).toContain('destinations.0.departure_date');
  });

  it('rejects a destination stay outside the plan dates', () => {
    expect(fieldsOf(TravelPlan, withValue(PLAN, 'destinations.0.departure_date', '2025-06-09'))).toEqual([
      'destinations.0.departure_date',
    ]);
    expect(fieldsOf(TravelPlan, withValue(PLAN, 'destinations.0.arrival_date', '2025-05-30'))).toEqual([
      'destinations.0.arrival_date',
    ]);
  });

  it('rejects an itinerary day outside the plan dates', () => {
    const day = { ...ITINERARY_DAY, date: '2025-06-09', weather_forecast: null };
    expect(fieldsOf(TravelPlan, { ...PLAN, itinerary: [day] })).toEqual(['itinerary.0.date']);
  });

  it('rejects more traveler_details than traveler_count', () => {
    expect(fieldsOf(TravelPlan, { ...PLAN, traveler_count: 1 })).toEqual(['traveler_details']);
  });

  it('rejects negative budgets', () => {
    expect(fieldsOf(TravelPlan, { ...PLAN, total_budget: -1 })).toEqual(['total_budget']);
    expect(fieldsOf(TravelPlan, withValue(PLAN, 'budget_breakdown.flights', -100))).toEqual([
      'budget_breakdown.flights',
    ]);
    expect(fieldsOf(TravelPlan, withValue(PLAN, 'flights.0.price', -0.01))).toEqual(['flights.0.price']);
    expect(fieldsOf(TravelPlan, withValue(PLAN, 'itinerary.0.activities.0.estimated_cost', -5))).toEqual([
      'itinerary.0.activities.0.estimated_cost',
    ]);
  });

  it('rejects unknown enum values', () => {
    expect(fieldsOf(TravelPlan, { ...PLAN, status: 'done' })).toEqual(['status']);
    expect(fieldsOf(TravelPlan, withValue(PLAN, 'flights.0.booking_status', 'pending'))).toEqual([
      'flights.0.booking_status',
    ]);
    expect(fieldsOf(TravelPlan, withValue(PLAN, 'flights.0.seat_class', 'cattle'))).toEqual([
      'flights.0.seat_class',
    ]);
    expect(fieldsOf(TravelPlan, withValue(PLAN, 'accommodations.0.type', 'castle'))).toEqual([
      'accommodations.0.type',
    ]);
    expect(fieldsOf(TravelPlan, withValue(PLAN, 'itinerary.0.activities.0.type', 'skydiving'))).toEqual([
      'itinerary.0.activities.0.type',
    ]);
    expect(fieldsOf(TravelPlan, withValue(PLAN, 'activities.0.category', 'cruise'))).toEqual([
      'activities.0.category',
    ]);
    expect(
      fieldsOf(TravelPlan, withValue(PLAN, 'itinerary.0.weather_forecast.condition', 'meteors')),
    ).toEqual(['itinerary.0.weather_forecast.condition']);
  });

  it('rejects wrong types', () => {
    expect(fieldsOf(TravelPlan, { ...PLAN, traveler_count: '2' })).toEqual(['traveler_count']);
    expect(fieldsOf(TravelPlan, { ...PLAN, destinations: '巴黎' })).toEqual(['destinations']);
    expect(fieldsOf(TravelPlan, { ...PLAN, start_date: '2025/06/01' })).toEqual(['start_date']);
    expect(fieldsOf(TravelPlan, { ...PLAN, start_date: '2025-02-30' })).toEqual(['start_date']);
    expect(fieldsOf(TravelPlan, { ...PLAN, created_at: '2025-01-27 10:30:00' })).toEqual(['created_at']);
    expect(fieldsOf(TravelPlan, { ...PLAN, traveler_count: 1.5, traveler_details: [] })).toEqual([
      'traveler_count',
    ]);
    expect(fieldsOf(TravelPlan, withValue(PLAN, 'destinations.0.coordinates', [95, 2.35]))).toEqual([
      'destinations.0.coordinates.0',
    ]);
  });

  it('reports a missing required field by its wire name', () => {
    const { budget_breakdown: _dropped, ...rest } = PLAN;
    expect(fieldsOf(TravelPlan, rest)).toEqual(['budget_breakdown']);
  });

  it('enforces title 1..200 and completion_percentage 0..100', () => {
    expect(fieldsOf(TravelPlan, { ...PLAN, title: '' })).toEqual(['title']);
    expect(fieldsOf(TravelPlan, { ...PLAN, title: 'x'.repeat(201) })).toEqual(['title']);
    expect(parseWire(TravelPlan, { ...PLAN, title: 'x'.repeat(200) }).title).toHaveLength(200);
    expect(fieldsOf(TravelPlan, { ...PLAN, completion_percentage: 100.5 })).toEqual([
      'completion_percentage',
    ]);
    expect(fieldsOf(TravelPlan, { ...PLAN, completion_percentage: -1 })).toEqual(['completion_percentage']);
  });

  it('reports several problems at once', () => {
    const fields = fieldsOf(TravelPlan, {
      ...PLAN,
      traveler_count: 0,
      traveler_details: [],
      total_budget: -5,
    });
    expect(fields.sort()).toEqual(['total_budget', 'traveler_count']);
  });

  it('reports a cross-field problem with a Chinese message when asked', () => {
    try {
      parseWire(TravelPlan, { ...PLAN, traveler_count: 'two' }, 'zh');
      expect.unreachable();
    } catch (err) {
      expect((err as ValidationError).details[0]!.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('booking and itinerary validation', () => {
  it('Destination: departure_date before arrival_date', () => {
    expect(fieldsOf(Destination, { ...DESTINATION, departure_date: '2025-05-31' })).toEqual([
      'departure_date',
    ]);
    expect(fieldsOf(Destination, { ...DESTINATION, timezone: 'Mars/Olympus' })).toEqual(['timezone']);
    expect(fieldsOf(Destination, { ...DESTINATION, visit_order: -1 })).toEqual(['visit_order']);
  });

  it('FlightBooking: arrival must be after departure, compared as instants', () => {
    // String order says "earlier", the instants say 4h20m later (05:40Z -> 10:00Z): accepted.
    const eastbound = { ...FLIGHT, arrival_time: '2025-06-01T12:00:00+02:00' };
    expect(parseWire(FlightBooking, eastbound).arrivalTime).toBe('2025-06-01T12:00:00+02:00');
    // String order says "later", the instant is earlier (07:00Z < 10:00Z): rejected.
    const impossible = {
      ...FLIGHT,
      departure_time: '2025-06-01T10:00:00Z',
      arrival_time: '2025-06-01T15:00:00+08:00',
    };
    expect(fieldsOf(FlightBooking, impossible)).toEqual(['arrival_time']);
    expect(fieldsOf(FlightBooking, { ...FLIGHT, arrival_time: FLIGHT.departure_time })).toEqual([
      'arrival_time',
    ]);
    expect(fieldsOf(FlightBooking, { ...FLIGHT, flight_duration: -5 })).toEqual(['flight_duration']);
    expect(fieldsOf(FlightBooking, { ...FLIGHT, layovers: [{ airport: 'HEL', duration: 30.5 }] })).toEqual([
      'layovers.0.duration',
    ]);
    expect(fieldsOf(FlightBooking, { ...FLIGHT, booking_url: 'javascript:alert(1)' })).toEqual([
      'booking_url',
    ]);
  });

  it('AccommodationBooking: check_out after check_in, nights consistent', () => {
    expect(fieldsOf(AccommodationBooking, { ...ACCOMMODATION, check_out_date: '2025-06-01' })).toEqual([
      'check_out_date',
    ]);
    expect(fieldsOf(AccommodationBooking, { ...ACCOMMODATION, check_out_date: '2025-05-30' })).toEqual([
      'check_out_date',
    ]);
    expect(fieldsOf(AccommodationBooking, { ...ACCOMMODATION, nights: 5 })).toEqual(['nights']);
    // Across a month end: 2025-06-29 -> 2025-07-02 is 3 nights.
    const acrossMonth = {
      ...ACCOMMODATION,
      check_in_date: '2025-06-29',
      check_out_date: '2025-07-02',
      nights: 3,
    };
    expect(parseWire(AccommodationBooking, acrossMonth).nights).toBe(3);
    expect(fieldsOf(AccommodationBooking, { ...ACCOMMODATION, total_price: -1 })).toEqual(['total_price']);
  });

  it('AccommodationBooking: rating ranges (star_rating 1..5 integer, rating 0..5)', () => {
    expect(fieldsOf(AccommodationBooking, { ...ACCOMMODATION, star_rating: 6 })).toEqual(['star_rating']);
    expect(fieldsOf(AccommodationBooking, { ...ACCOMMODATION, star_rating: 0 })).toEqual(['star_rating']);
    expect(fieldsOf(AccommodationBooking, { ...ACCOMMODATION, star_rating: 4.5 })).toEqual(['star_rating']);
    expect(fieldsOf(AccommodationBooking, { ...ACCOMMODATION, rating: 8.7 })).toEqual(['rating']);
    expect(fieldsOf(AccommodationBooking, { ...ACCOMMODATION, rating: -0.1 })).toEqual(['rating']);
    expect(fieldsOf(AccommodationBooking, { ...ACCOMMODATION, max_occupancy: 0 })).toEqual(['max_occupancy']);
  });

  it('ItineraryActivity: end_time not before start_time; difficulty 1..5', () => {
    expect(
      fieldsOf(ItineraryActivity, { ...ITINERARY_ACTIVITY, end_time: '2025-06-02T08:00:00+02:00' }),
    ).toEqual(['end_time']);
    expect(fieldsOf(ItineraryActivity, { ...ITINERARY_ACTIVITY, difficulty_level: 6 })).toEqual([
      'difficulty_level',
    ]);
    expect(fieldsOf(ItineraryActivity, { ...ITINERARY_ACTIVITY, rating: 5.1 })).toEqual(['rating']);
  });

  it('ActivityBooking: participants >= 1, prices >= 0', () => {
    expect(fieldsOf(ActivityBooking, { ...ACTIVITY_BOOKING, participants: 0 })).toEqual(['participants']);
    expect(fieldsOf(ActivityBooking, { ...ACTIVITY_BOOKING, price_per_person: -1 })).toEqual([
      'price_per_person',
    ]);
  });

  it('WeatherInfo: humidity and precipitation 0..100, high >= low', () => {
    expect(fieldsOf(WeatherInfo, { ...WEATHER, humidity: 101 })).toEqual(['humidity']);
    expect(fieldsOf(WeatherInfo, { ...WEATHER, humidity: -1 })).toEqual(['humidity']);
    expect(fieldsOf(WeatherInfo, { ...WEATHER, precipitation_chance: 120 })).toEqual([
      'precipitation_chance',
    ]);
    expect(fieldsOf(WeatherInfo, { ...WEATHER, temperature_high: 10 })).toEqual(['temperature_high']);
    expect(fieldsOf(WeatherInfo, { ...WEATHER, uv_index: -2 })).toEqual(['uv_index']);
  });

  it('ItineraryDay: forecast must be for the same day; day_number >= 1', () => {
    expect(fieldsOf(ItineraryDay, withValue(ITINERARY_DAY, 'weather_forecast.date', '2025-06-03'))).toEqual([
      'weather_forecast.date',
    ]);
    expect(fieldsOf(ItineraryDay, { ...ITINERARY_DAY, day_number: 0 })).toEqual(['day_number']);
    expect(fieldsOf(ItineraryDay, { ...ITINERARY_DAY, total_walking_distance: -1 })).toEqual([
      'total_walking_distance',
    ]);
  });

  it('TravelerInfo: age 0..130, passport_country alpha-2', () => {
    expect(parseWire(TravelerInfo, { ...TRAVELER_1, age: 0 }).age).toBe(0);
    expect(fieldsOf(TravelerInfo, { ...TRAVELER_1, age: 131 })).toEqual(['age']);
    expect(fieldsOf(TravelerInfo, { ...TRAVELER_1, age: -1 })).toEqual(['age']);
    expect(fieldsOf(TravelerInfo, { ...TRAVELER_1, passport_country: 'China' })).toEqual([
      'passport_country',
    ]);
  });
});

describe('User validation', () => {
  it('rejects a malformed email', () => {
    for (const email of [
      'not-an-email',
      'user@',
      '@example.com',
      'user@example',
      'a b@example.com',
      'x@@y.com',
    ]) {
      expect(fieldsOf(User, { ...USER, email }), email).toEqual(['email']);
    }
  });

  it('enforces username length 3..50', () => {
    expect(fieldsOf(User, { ...USER, username: 'ab' })).toEqual(['username']);
    expect(fieldsOf(User, { ...USER, username: 'x'.repeat(51) })).toEqual(['username']);
    expect(parseWire(User, { ...USER, username: 'abc' }).username).toBe('abc');
  });

  it('reports nested preference problems by wire path', () => {
    expect(fieldsOf(User, withValue(USER, 'preferences.travel_style', 'party'))).toEqual([
      'preferences.travel_style',
    ]);
    expect(fieldsOf(User, withValue(USER, 'preferences.budget_flexibility', 1.5))).toEqual([
      'preferences.budget_flexibility',
    ]);
    expect(fieldsOf(User, withValue(USER, 'preferences.amenities_importance', { wifi: 9 }))).toEqual([
      'preferences.amenities_importance.wifi',
    ]);
    expect(fieldsOf(User, withValue(USER, 'preferences.budget_range', [-1, 500]))).toEqual([
      'preferences.budget_range.0',
    ]);
    expect(fieldsOf(User, withValue(USER, 'preferences.budget_range', [9000, 500]))).toEqual([
      'preferences.budget_range',
    ]);
    expect(fieldsOf(User, withValue(USER, 'preferences.hotel_star_rating', [3, 6]))).toEqual([
      'preferences.hotel_star_rating.1',
    ]);
    expect(fieldsOf(User, withValue(USER, 'preferences.food_adventurousness', 0))).toEqual([
      'preferences.food_adventurousness',
    ]);
    expect(fieldsOf(User, withValue(USER, 'preferences.physical_activity_level', 6))).toEqual([
      'preferences.physical_activity_level',
    ]);
    expect(fieldsOf(User, withValue(USER, 'preferences.language', 'fr-fr'))).toEqual([
      'preferences.language',
    ]);
    expect(fieldsOf(User, withValue(USER, 'preferences.currency', 'rmb'))).toEqual(['preferences.currency']);
    expect(fieldsOf(User, withValue(USER, 'preferences.max_layovers', -1))).toEqual([
      'preferences.max_layovers',
    ]);
    expect(fieldsOf(User, withValue(USER, 'preferences.notification_preferences', { sms: 'yes' }))).toEqual([
      'preferences.notification_preferences.sms',
    ]);
  });

  it('rejects a travel record that ends before it starts (TravelRecord is our definition)', () => {
    expect(fieldsOf(User, withValue(USER, 'travel_history.0.end_date', '2024-03-01'))).toEqual([
      'travel_history.0.end_date',
    ]);
    expect(fieldsOf(User, withValue(USER, 'travel_history.0.rating', 7))).toEqual([
      'travel_history.0.rating',
    ]);
    expect(
      parseWire(TravelRecord, { ...TRAVEL_RECORD, plan_id: undefined, rating: undefined }).planId,
    ).toBeUndefined();
  });

  it('keeps payment data masked', () => {
    for (const masked of ['**** 1234', 'alipay:138****8000', 'wechat ****8000', 'paypal u***@example.com']) {
      expect(parseWire(PaymentMethod, { ...PAYMENT_CARD, masked_info: masked }).maskedInfo).toBe(masked);
    }
    for (const full of [
      '4111111111111111',
      '4111 1111 1111 1111',
      '4111-1111-1111-1111',
      'card 622202123456789012',
    ]) {
      expect(fieldsOf(PaymentMethod, { ...PAYMENT_CARD, masked_info: full }), full).toEqual(['masked_info']);
    }
    expect(fieldsOf(PaymentMethod, { ...PAYMENT_CARD, type: 'bitcoin' })).toEqual(['type']);
  });

  it('allows only one default payment method', () => {
    const twoDefaults = { ...USER, payment_methods: [PAYMENT_CARD, { ...PAYMENT_ALIPAY, is_default: true }] };
    expect(fieldsOf(User, twoDefaults)).toEqual(['payment_methods.1.is_default']);
  });

  it('rejects a non-http avatar_url and wrong types', () => {
    expect(fieldsOf(User, { ...USER, avatar_url: 'javascript:alert(1)' })).toEqual(['avatar_url']);
    expect(fieldsOf(User, { ...USER, is_premium: 'yes' })).toEqual(['is_premium']);
    expect(fieldsOf(User, withValue(USER, 'loyalty_programs.0.points_balance', -10))).toEqual([
      'loyalty_programs.0.points_balance',
    ]);
  });
});

describe('conversation validation', () => {
  it('rejects unknown role, attachment type and tool-call status', () => {
    expect(fieldsOf(Message, { ...MESSAGE, role: 'bot' })).toEqual(['role']);
    expect(fieldsOf(Message, withValue(MESSAGE, 'attachments.0.type', 'video'))).toEqual([
      'attachments.0.type',
    ]);
    expect(fieldsOf(Message, withValue(MESSAGE, 'tool_calls.0.status', 'done'))).toEqual([
      'tool_calls.0.status',
    ]);
    expect(fieldsOf(Message, withValue(MESSAGE, 'tool_calls.0.execution_time', -1))).toEqual([
      'tool_calls.0.execution_time',
    ]);
  });

  it('requires tool_call_id on a tool message', () => {
    expect(fieldsOf(Message, { ...MESSAGE, role: 'tool', tool_calls: [] })).toEqual(['tool_call_id']);
    expect(
      parseWire(Message, { ...MESSAGE, role: 'tool', tool_calls: [], tool_call_id: 'call_1' }).role,
    ).toBe('tool');
  });

  it('rejects a bad conversation status, title and counters', () => {
    expect(fieldsOf(Conversation, { ...CONVERSATION, status: 'deleted' })).toEqual(['status']);
    expect(fieldsOf(Conversation, { ...CONVERSATION, title: '' })).toEqual(['title']);
    expect(fieldsOf(Conversation, { ...CONVERSATION, message_count: -1 })).toEqual(['message_count']);
    expect(fieldsOf(Conversation, { ...CONVERSATION, context: [] })).toEqual(['context']);
  });
});

describe('knowledge validation', () => {
  it('bounds VectorSearchQuery limit 1..100 and threshold 0..1', () => {
    expect(fieldsOf(VectorSearchQuery, { ...SEARCH_QUERY, limit: 0 })).toEqual(['limit']);
    expect(fieldsOf(VectorSearchQuery, { ...SEARCH_QUERY, limit: 101 })).toEqual(['limit']);
    expect(parseWire(VectorSearchQuery, { ...SEARCH_QUERY, limit: 100 }).limit).toBe(100);
    expect(fieldsOf(VectorSearchQuery, { ...SEARCH_QUERY, threshold: 1.01 })).toEqual(['threshold']);
    expect(fieldsOf(VectorSearchQuery, { ...SEARCH_QUERY, threshold: -0.1 })).toEqual(['threshold']);
    expect(fieldsOf(VectorSearchQuery, { ...SEARCH_QUERY, query_text: '  ' })).toEqual(['query_text']);
    expect(
      parseWire(VectorSearchQuery, { ...SEARCH_QUERY, query_text: '', query_vector: [0.1] }).queryText,
    ).toBe('');
  });

  it('rejects unknown category/source/language and inconsistent documents', () => {
    expect(fieldsOf(KnowledgeDocument, { ...KNOWLEDGE_DOC, category: 'museum' })).toEqual(['category']);
    expect(fieldsOf(KnowledgeDocument, { ...KNOWLEDGE_DOC, source: 'rumour' })).toEqual(['source']);
    expect(fieldsOf(KnowledgeDocument, { ...KNOWLEDGE_DOC, language: 'fr-fr' })).toEqual(['language']);
    expect(fieldsOf(KnowledgeDocument, { ...KNOWLEDGE_DOC, quality_score: 1.5 })).toEqual(['quality_score']);
    expect(fieldsOf(KnowledgeDocument, { ...KNOWLEDGE_DOC, embedding_model: null })).toEqual([
      'embedding_model',
    ]);
    expect(fieldsOf(KnowledgeDocument, { ...KNOWLEDGE_DOC, embedding_vector: [0.1, 'x'] })).toEqual([
      'embedding_vector.1',
    ]);
    expect(fieldsOf(VectorSearchResult, { ...SEARCH_RESULT, document_id: 'doc_2' })).toEqual(['document_id']);
    expect(fieldsOf(VectorSearchResult, withValue(SEARCH_RESULT, 'document.category', 'museum'))).toEqual([
      'document.category',
    ]);
    expect(fieldsOf(UserVector, { ...USER_VECTOR, combined_vector: 'vec' })).toEqual(['combined_vector']);
  });
});

describe('agent validation', () => {
  it('rejects unknown agent types, statuses and interaction types', () => {
    expect(fieldsOf(AgentSession, { ...AGENT_SESSION, active_agents: ['flight', 'weather'] })).toEqual([
      'active_agents.1',
    ]);
    expect(fieldsOf(AgentSession, { ...AGENT_SESSION, status: 'running' })).toEqual(['status']);
    expect(fieldsOf(AgentInteraction, { ...INTERACTION, interaction_type: 'gossip' })).toEqual([
      'interaction_type',
    ]);
    expect(fieldsOf(TaskResult, { ...TASK_RESULT, result_type: 'ok' })).toEqual(['result_type']);
  });

  it('bounds task_progress to percentages, keeping the map key in the path', () => {
    expect(fieldsOf(AgentSession, withValue(AGENT_SESSION, 'task_progress.flight_search', 120))).toEqual([
      'task_progress.flight_search',
    ]);
  });

  it('requires interactions to belong to the session', () => {
    expect(
      fieldsOf(AgentSession, withValue(AGENT_SESSION, 'agent_interactions.0.session_id', 'session_9')),
    ).toEqual(['agent_interactions.0.session_id']);
  });

  it('bounds TaskResult confidence_score 0..1 and execution_time >= 0', () => {
    expect(fieldsOf(TaskResult, { ...TASK_RESULT, confidence_score: 1.2 })).toEqual(['confidence_score']);
    expect(fieldsOf(TaskResult, { ...TASK_RESULT, confidence_score: -0.2 })).toEqual(['confidence_score']);
    expect(fieldsOf(TaskResult, { ...TASK_RESULT, execution_time: -1 })).toEqual(['execution_time']);
    expect(fieldsOf(TaskResult, { ...TASK_RESULT, data: 'x' })).toEqual(['data']);
  });
});

describe('parseDomain', () => {
  it('validates camelCase values and still reports wire paths', () => {
    const plan = parseWire(TravelPlan, PLAN);
    expect(parseDomain(TravelPlan, plan)).toStrictEqual(plan);
    try {
      parseDomain(TravelPlan, { ...plan, endDate: '2025-05-01' });
      expect.unreachable();
    } catch (err) {
      expect((err as ValidationError).details.map((d) => d.field)).toEqual(['end_date']);
    }
  });
});
