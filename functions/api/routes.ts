/**
 * The contract table: the single source of truth for the REST API. Each route declares, next to
 * its method and path, the zod schemas of its body, query and response (path parameters come from
 * the `{param}` placeholders) and the error statuses it answers beyond the pipeline's own. From it:
 * - the handlers (functions/api/http.ts) get their input types inferred and the pipeline composed
 *   per route (functions/api/middleware/);
 * - the CDK API stack creates one resource + method per route and one Lambda per `fn`;
 * - the local API Gateway emulation mounts the same handlers;
 * - the OpenAPI document (functions/api/openapi.ts) is generated.
 * Adding a route is one entry here, one operation in the function's handler file (the compiler
 * names it missing) and, for a new `fn`, a line in FUNCTIONS, handlers/registry.ts and
 * infra FUNCTION_PROFILES.
 */
import { z } from 'zod';
import { TravelPlan } from '../../agents/schemas/travel-plan.js';
import { UserPreferences } from '../../agents/schemas/user.js';
import { KnowledgeSearchQuery, KnowledgeSearchResponse } from '../../agents/schemas/knowledge.js';
import {
  LoginBody,
  LogoutBody,
  LogoutView,
  OAuthCallbackBody,
  OAuthStartBody,
  OAuthStartView,
  RefreshBody,
  RegisterBody,
  TokenGrantView,
} from './auth/auth-schemas.js';
import {
  ConversationDetail,
  ConversationPage,
  ConversationView,
  CreateConversationBody,
  ListConversationsQuery,
  PostedMessageView,
  CreatePlanBody,
  CreateSessionBody,
  DeletePlanQuery,
  FlightSearchBody,
  FlightSearchView,
  HotelSearchBody,
  HotelSearchView,
  ListMessagesQuery,
  ListPlansQuery,
  MessagePage,
  OptimizationResult,
  OptimizePlanBody,
  PlanDeleted,
  PlanPage,
  PostMessageBody,
  PreferencesPatch,
  ProfileView,
  RecommendationsQuery,
  RecommendationsView,
  SessionCreatedView,
  SessionStatusView,
  ShareView,
  SharedPlanView,
  UpdatePlanBody,
} from './route-schemas.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** The Lambda functions, one per domain. */
export const FUNCTIONS = [
  'system',
  'auth',
  'users',
  'conversations',
  'plans',
  'search',
  'recommendations',
  'agents',
] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

/**
 * Error statuses a route may declare beyond those of the pipeline (400, 429, 500, 503 on every
 * route; 401/403 on authenticated ones; 413 with a body; 409 with an Idempotency-Key).
 */
export type RouteErrorStatus = 401 | 403 | 404 | 409;

/** One route of the contract table (its key is the operation id). */
export interface RouteSpec {
  method: HttpMethod;
  /** API Gateway resource path, with `{param}` placeholders. */
  path: string;
  fn: FunctionName;
  /** Who may call it. */
  auth: 'none' | 'user' | 'admin';
  summary: string;
  /** Creating POSTs honour an Idempotency-Key header. */
  idempotent?: boolean;
  /** Body schema (domain camelCase; the wire form is snake_case). */
  body?: z.ZodType;
  /** The body may be left out (validated as `{}`). */
  optionalBody?: boolean;
  /** Query schema (wire names, strings coerced). */
  query?: z.ZodType;
  /** Response `data` schema (domain camelCase). */
  response?: z.ZodType;
  /** Success status code (default 200). */
  status?: number;
  /** Errors the operation itself answers with (see {@link RouteErrorStatus}). */
  errors?: readonly RouteErrorStatus[];
  /** The operation's result is the whole body, without the envelope (the OpenAPI document). */
  raw?: boolean;
}

/** A route with its operation id, as the pipeline, CDK, the local gateway and OpenAPI see it. */
export type RouteDef = RouteSpec & {
  /** Operation id (unique), also the handler key inside the function. */
  operation: string;
  /** Path parameters schema, derived from the path's `{param}` placeholders. */
  params: z.ZodType<Record<string, string>>;
};

/** The contract table, keyed by operation id. */
export const CONTRACT = {
  health: {
    method: 'GET',
    path: '/health',
    fn: 'system',
    auth: 'none',
    summary: 'Liveness and dependency status',
  },
  openapi: {
    method: 'GET',
    path: '/v1/openapi.json',
    fn: 'system',
    auth: 'none',
    summary: 'This OpenAPI 3.1 document (the bare document, not in the success envelope)',
    raw: true,
  },
  register: {
    method: 'POST',
    path: '/v1/auth/register',
    fn: 'auth',
    auth: 'none',
    summary: 'Create an account',
    status: 201,
    body: RegisterBody,
    response: TokenGrantView,
    errors: [409],
  },
  login: {
    method: 'POST',
    path: '/v1/auth/login',
    fn: 'auth',
    auth: 'none',
    summary: 'Sign in',
    body: LoginBody,
    response: TokenGrantView,
    errors: [401],
  },
  refresh: {
    method: 'POST',
    path: '/v1/auth/refresh',
    fn: 'auth',
    auth: 'none',
    summary: 'Rotate a refresh token',
    body: RefreshBody,
    response: TokenGrantView,
    errors: [401],
  },
  logout: {
    method: 'POST',
    path: '/v1/auth/logout',
    fn: 'auth',
    auth: 'user',
    summary: 'Revoke the session',
    body: LogoutBody,
    optionalBody: true,
    response: LogoutView,
  },
  oauthStart: {
    method: 'POST',
    path: '/v1/auth/oauth/{provider}/start',
    fn: 'auth',
    auth: 'none',
    summary: 'Start an OAuth2/OIDC sign-in (PKCE): the authorization URL',
    body: OAuthStartBody,
    optionalBody: true,
    response: OAuthStartView,
    errors: [404],
  },
  oauthCallback: {
    method: 'POST',
    path: '/v1/auth/oauth/{provider}/callback',
    fn: 'auth',
    auth: 'none',
    summary: 'OAuth2/OIDC authorization-code callback',
    body: OAuthCallbackBody,
    response: TokenGrantView,
    errors: [401, 404, 409],
  },
  getProfile: {
    method: 'GET',
    path: '/v1/users/profile',
    fn: 'users',
    auth: 'user',
    summary: 'The caller and travel stats',
    response: ProfileView,
    errors: [404],
  },
  updatePreferences: {
    method: 'PUT',
    path: '/v1/users/preferences',
    fn: 'users',
    auth: 'user',
    summary: 'Update travel preferences',
    body: PreferencesPatch,
    response: UserPreferences,
    errors: [404],
  },
  createConversation: {
    method: 'POST',
    path: '/v1/conversations',
    fn: 'conversations',
    auth: 'user',
    summary: 'Start a conversation',
    idempotent: true,
    status: 201,
    body: CreateConversationBody,
    response: ConversationView,
  },
  postMessage: {
    method: 'POST',
    path: '/v1/conversations/{id}/messages',
    fn: 'conversations',
    auth: 'user',
    summary: 'Send a message',
    idempotent: true,
    status: 201,
    body: PostMessageBody,
    response: PostedMessageView,
    errors: [404],
  },
  listConversations: {
    method: 'GET',
    path: '/v1/conversations',
    fn: 'conversations',
    auth: 'user',
    summary: "The caller's conversations, most recently active first",
    query: ListConversationsQuery,
    response: ConversationPage,
  },
  getConversation: {
    method: 'GET',
    path: '/v1/conversations/{id}',
    fn: 'conversations',
    auth: 'user',
    summary: 'One conversation with its current plan and trip-request slots',
    response: ConversationDetail,
    errors: [404],
  },
  listMessages: {
    method: 'GET',
    path: '/v1/conversations/{id}/messages',
    fn: 'conversations',
    auth: 'user',
    summary: 'Messages, newest first',
    query: ListMessagesQuery,
    response: MessagePage,
    errors: [404],
  },
  createPlan: {
    method: 'POST',
    path: '/v1/travel-plans',
    fn: 'plans',
    auth: 'user',
    summary: 'Create a plan',
    idempotent: true,
    status: 201,
    body: CreatePlanBody,
    response: TravelPlan,
  },
  listPlans: {
    method: 'GET',
    path: '/v1/travel-plans',
    fn: 'plans',
    auth: 'user',
    summary: "The caller's plans",
    query: ListPlansQuery,
    response: PlanPage,
  },
  getPlan: {
    method: 'GET',
    path: '/v1/travel-plans/{id}',
    fn: 'plans',
    auth: 'user',
    summary: 'One plan',
    response: TravelPlan,
    errors: [404],
  },
  updatePlan: {
    method: 'PUT',
    path: '/v1/travel-plans/{id}',
    fn: 'plans',
    auth: 'user',
    summary: 'Update a plan (optimistic versioning)',
    body: UpdatePlanBody,
    response: TravelPlan,
    errors: [404, 409],
  },
  deletePlan: {
    method: 'DELETE',
    path: '/v1/travel-plans/{id}',
    fn: 'plans',
    auth: 'user',
    summary: 'Delete a plan',
    query: DeletePlanQuery,
    response: PlanDeleted,
    errors: [404, 409],
  },
  optimizePlan: {
    method: 'PUT',
    path: '/v1/travel-plans/{id}/optimize',
    fn: 'plans',
    auth: 'user',
    summary: 'Re-plan under new constraints',
    body: OptimizePlanBody,
    response: OptimizationResult,
    errors: [404, 409],
  },
  sharePlan: {
    method: 'POST',
    path: '/v1/travel-plans/{id}/share',
    fn: 'plans',
    auth: 'user',
    summary: 'Create a read-only share token',
    response: ShareView,
    errors: [404, 409],
  },
  getSharedPlan: {
    method: 'GET',
    path: '/v1/shared/{token}',
    fn: 'plans',
    auth: 'none',
    summary: 'A shared plan, read-only',
    response: SharedPlanView,
    errors: [404],
  },
  searchFlights: {
    method: 'POST',
    path: '/v1/search/flights',
    fn: 'search',
    auth: 'user',
    summary: 'Search flights',
    body: FlightSearchBody,
    response: FlightSearchView,
  },
  searchHotels: {
    method: 'POST',
    path: '/v1/search/hotels',
    fn: 'search',
    auth: 'user',
    summary: 'Search hotels',
    body: HotelSearchBody,
    response: HotelSearchView,
  },
  searchKnowledge: {
    method: 'GET',
    path: '/v1/knowledge/search',
    fn: 'search',
    auth: 'user',
    summary: 'Search the knowledge base: bilingual passages with the document ids to cite',
    query: KnowledgeSearchQuery,
    response: KnowledgeSearchResponse,
  },
  recommendDestinations: {
    method: 'GET',
    path: '/v1/recommendations/destinations',
    fn: 'recommendations',
    auth: 'user',
    summary: 'Destination recommendations',
    query: RecommendationsQuery,
    response: RecommendationsView,
  },
  createSession: {
    method: 'POST',
    path: '/v1/agents/sessions',
    fn: 'agents',
    auth: 'user',
    summary: 'Start a planning session',
    idempotent: true,
    status: 202,
    body: CreateSessionBody,
    response: SessionCreatedView,
    errors: [404],
  },
  getSessionStatus: {
    method: 'GET',
    path: '/v1/agents/sessions/{id}/status',
    fn: 'agents',
    auth: 'user',
    summary: 'Progress of a planning session',
    response: SessionStatusView,
    errors: [404],
  },
  cancelSession: {
    method: 'POST',
    path: '/v1/agents/sessions/{id}/cancel',
    fn: 'agents',
    auth: 'user',
    summary: 'Cancel a planning session: stops its run; 409 once it completed or failed',
    response: SessionStatusView,
    errors: [404, 409],
  },
} as const satisfies Record<string, RouteSpec>;

/** The table's type: handlers infer their input and output types from it. */
export type Contract = typeof CONTRACT;
export type OperationId = keyof Contract;

/** Path parameter names of a route path: `/v1/travel-plans/{id}` -> `['id']`. */
export function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}

/** The path parameters of a template as a schema: each a non-empty string. */
function paramsSchema(path: string): z.ZodType<Record<string, string>> {
  return z.object(Object.fromEntries(pathParameters(path).map((p) => [p, z.string().min(1)])));
}

/** The route table as a list, in declaration order. */
export const ROUTES: readonly RouteDef[] = Object.entries(CONTRACT).map(
  ([operation, spec]: [string, RouteSpec]) => ({ ...spec, operation, params: paramsSchema(spec.path) }),
);

/** Compiles a route path to a matcher: `/v1/travel-plans/{id}` -> params `{ id }`. */
export function matchPath(template: string, path: string): Record<string, string> | null {
  const t = template.split('/');
  const p = path.split('/');
  if (t.length !== p.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < t.length; i++) {
    const seg = t[i]!;
    if (seg.startsWith('{') && seg.endsWith('}')) {
      if (!p[i]) return null;
      try {
        params[seg.slice(1, -1)] = decodeURIComponent(p[i]!);
      } catch {
        return null; // malformed percent-encoding matches no route
      }
    } else if (seg !== p[i]) return null;
  }
  return params;
}
