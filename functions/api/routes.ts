/**
 * The route table: the single source of truth for the REST API. The CDK API stack creates one
 * resource + method per route and one Lambda per `fn`; the local API Gateway emulation mounts the
 * same handlers from this table; the OpenAPI document is generated from it.
 */
import type { z } from 'zod';

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

export interface RouteDef {
  method: HttpMethod;
  /** API Gateway resource path, with `{param}` placeholders. */
  path: string;
  fn: FunctionName;
  /** Operation id (unique), also the handler key inside the function. */
  operation: string;
  /** Who may call it. */
  auth: 'none' | 'user' | 'admin';
  summary: string;
  /** Creating POSTs honour an Idempotency-Key header. */
  idempotent?: boolean;
  /** Body schema (domain camelCase; the wire form is snake_case). */
  body?: z.ZodType;
  /** Query schema (wire names, strings coerced). */
  query?: z.ZodType;
  /** Response `data` schema (domain camelCase). */
  response?: z.ZodType;
  /** Success status code (default 200). */
  status?: number;
}

/** Route definitions without schemas; schemas are attached by functions/api/route-schemas.ts. */
export const ROUTE_LIST: Omit<RouteDef, 'body' | 'query' | 'response'>[] = [
  {
    method: 'GET',
    path: '/health',
    fn: 'system',
    operation: 'health',
    auth: 'none',
    summary: 'Liveness and dependency status',
  },
  {
    method: 'GET',
    path: '/v1/openapi.json',
    fn: 'system',
    operation: 'openapi',
    auth: 'none',
    summary: 'OpenAPI 3.1 document',
  },

  {
    method: 'POST',
    path: '/v1/auth/register',
    fn: 'auth',
    operation: 'register',
    auth: 'none',
    summary: 'Create an account',
    status: 201,
  },
  {
    method: 'POST',
    path: '/v1/auth/login',
    fn: 'auth',
    operation: 'login',
    auth: 'none',
    summary: 'Sign in',
  },
  {
    method: 'POST',
    path: '/v1/auth/refresh',
    fn: 'auth',
    operation: 'refresh',
    auth: 'none',
    summary: 'Rotate a refresh token',
  },
  {
    method: 'POST',
    path: '/v1/auth/logout',
    fn: 'auth',
    operation: 'logout',
    auth: 'user',
    summary: 'Revoke the session',
  },
  {
    method: 'POST',
    path: '/v1/auth/oauth/{provider}/start',
    fn: 'auth',
    operation: 'oauthStart',
    auth: 'none',
    summary: 'Start an OAuth2/OIDC sign-in (PKCE): the authorization URL',
  },
  {
    method: 'POST',
    path: '/v1/auth/oauth/{provider}/callback',
    fn: 'auth',
    operation: 'oauthCallback',
    auth: 'none',
    summary: 'OAuth2/OIDC authorization-code callback',
  },

  {
    method: 'GET',
    path: '/v1/users/profile',
    fn: 'users',
    operation: 'getProfile',
    auth: 'user',
    summary: 'The caller and travel stats',
  },
  {
    method: 'PUT',
    path: '/v1/users/preferences',
    fn: 'users',
    operation: 'updatePreferences',
    auth: 'user',
    summary: 'Update travel preferences',
  },

  {
    method: 'POST',
    path: '/v1/conversations',
    fn: 'conversations',
    operation: 'createConversation',
    auth: 'user',
    summary: 'Start a conversation',
    idempotent: true,
    status: 201,
  },
  {
    method: 'GET',
    path: '/v1/conversations',
    fn: 'conversations',
    operation: 'listConversations',
    auth: 'user',
    summary: "The caller's conversations, most recently active first",
  },
  {
    method: 'GET',
    path: '/v1/conversations/{id}',
    fn: 'conversations',
    operation: 'getConversation',
    auth: 'user',
    summary: 'One conversation with its current plan and trip-request slots',
  },
  {
    method: 'POST',
    path: '/v1/conversations/{id}/messages',
    fn: 'conversations',
    operation: 'postMessage',
    auth: 'user',
    summary: 'Send a message',
    idempotent: true,
    status: 201,
  },
  {
    method: 'GET',
    path: '/v1/conversations/{id}/messages',
    fn: 'conversations',
    operation: 'listMessages',
    auth: 'user',
    summary: 'Messages, newest first',
  },

  {
    method: 'POST',
    path: '/v1/travel-plans',
    fn: 'plans',
    operation: 'createPlan',
    auth: 'user',
    summary: 'Create a plan',
    idempotent: true,
    status: 201,
  },
  {
    method: 'GET',
    path: '/v1/travel-plans',
    fn: 'plans',
    operation: 'listPlans',
    auth: 'user',
    summary: "The caller's plans",
  },
  {
    method: 'GET',
    path: '/v1/travel-plans/{id}',
    fn: 'plans',
    operation: 'getPlan',
    auth: 'user',
    summary: 'One plan',
  },
  {
    method: 'PUT',
    path: '/v1/travel-plans/{id}',
    fn: 'plans',
    operation: 'updatePlan',
    auth: 'user',
    summary: 'Update a plan (optimistic versioning)',
  },
  {
    method: 'DELETE',
    path: '/v1/travel-plans/{id}',
    fn: 'plans',
    operation: 'deletePlan',
    auth: 'user',
    summary: 'Delete a plan',
  },
  {
    method: 'PUT',
    path: '/v1/travel-plans/{id}/optimize',
    fn: 'plans',
    operation: 'optimizePlan',
    auth: 'user',
    summary: 'Re-plan under new constraints',
  },
  {
    method: 'POST',
    path: '/v1/travel-plans/{id}/share',
    fn: 'plans',
    operation: 'sharePlan',
    auth: 'user',
    summary: 'Create a read-only share token',
  },
  {
    method: 'GET',
    path: '/v1/shared/{token}',
    fn: 'plans',
    operation: 'getSharedPlan',
    auth: 'none',
    summary: 'A shared plan, read-only',
  },

  {
    method: 'POST',
    path: '/v1/search/flights',
    fn: 'search',
    operation: 'searchFlights',
    auth: 'user',
    summary: 'Search flights',
  },
  {
    method: 'POST',
    path: '/v1/search/hotels',
    fn: 'search',
    operation: 'searchHotels',
    auth: 'user',
    summary: 'Search hotels',
  },

  {
    method: 'GET',
    path: '/v1/recommendations/destinations',
    fn: 'recommendations',
    operation: 'recommendDestinations',
    auth: 'user',
    summary: 'Destination recommendations',
  },

  {
    method: 'POST',
    path: '/v1/agents/sessions',
    fn: 'agents',
    operation: 'createSession',
    auth: 'user',
    summary: 'Start a planning session',
    idempotent: true,
    status: 202,
  },
  {
    method: 'GET',
    path: '/v1/agents/sessions/{id}/status',
    fn: 'agents',
    operation: 'getSessionStatus',
    auth: 'user',
    summary: 'Progress of a planning session',
  },
  {
    method: 'POST',
    path: '/v1/agents/sessions/{id}/cancel',
    fn: 'agents',
    operation: 'cancelSession',
    auth: 'user',
    summary: 'Cancel a planning session: stops its run; 409 once it completed or failed',
  },
];

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
