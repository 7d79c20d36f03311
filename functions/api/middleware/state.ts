/**
 * What the middlewares of one REST request learn and hand on (request id, language, caller,
 * validated input, ...), kept beside the event: middy hands the handler only the event, so the
 * state is looked up by it. One state per invocation; nothing survives the request.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type middy from '@middy/core';
import type { Lang } from '../../../agents/schemas/wire.js';
import type { AccessClaims } from '../auth/tokens.js';
import type { FunctionName, RouteDef } from '../routes.js';
import type { ApiRuntime } from '../runtime.js';

export interface RequestState {
  fn: FunctionName;
  /** The matched route; undefined for a request no route of the function matches. */
  route: RouteDef | undefined;
  requestId: string;
  lang: Lang;
  startedMs: number;
  sourceIp: string;
  /** What precedes the route's path in the URL the client called (see http.ts basePathOf). */
  basePath: string;
  auth: AccessClaims | null;
  /** Validated body / query / path parameters (camelCase), once the validation middleware ran. */
  body: unknown;
  query: unknown;
  params: Record<string, string>;
  /** A stored response the idempotency middleware replays instead of running the operation. */
  replay?: APIGatewayProxyResult;
  /** The idempotency record this request holds, to complete or release. */
  idempotency?: { scope: string; key: string };
}

export type ApiEvent = APIGatewayProxyEvent;
export type ApiResponse = APIGatewayProxyResult;
export type ApiMiddleware = middy.MiddlewareObj<ApiEvent, ApiResponse, Error, Context>;
/** How middlewares reach the runtime: built lazily (tests rebuild it between suites). */
export type RuntimeSource = () => ApiRuntime;

const states = new WeakMap<ApiEvent, RequestState>();

/** The state of a request (created by the request-id middleware, which runs first). */
export function stateOf(event: ApiEvent): RequestState {
  const state = states.get(event);
  if (!state) throw new Error('request state missing: the request-id middleware must run first');
  return state;
}

/** The state, or undefined before the request-id middleware ran (errors that early). */
export function peekState(event: ApiEvent): RequestState | undefined {
  return states.get(event);
}

export function setState(event: ApiEvent, state: RequestState): void {
  states.set(event, state);
}

/** A JSON response with the pipeline's content type. */
export function respond(status: number, body: unknown, headers: Record<string, string> = {}): ApiResponse {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}
