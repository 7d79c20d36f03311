/**
 * The REST pipeline. A domain's Lambda is `createFunctionHandler(fn, operations)`: the route is
 * found from the proxy event's resource and method, and each route runs its own middy pipeline,
 * composed from its declaration in the contract table (routes.ts), one middleware per concern
 * (functions/api/middleware/):
 *
 *   header normalisation -> secrets -> request id -> CORS -> error envelope -> per-IP limit
 *   -> [authentication -> per-user limit]   (routes with `auth` other than 'none')
 *   -> validation (body size, JSON, body/query/path schemas)
 *   -> [idempotency]                        (routes with `idempotent`)
 *   -> access log -> the operation
 *
 * The operation's result is wrapped in the design's envelope (converted to the wire with the
 * route's response schema); any error becomes the error envelope. Operations get their input
 * types inferred from the table: `req.body` is the output of the route's body schema, and so on.
 * A request no route of the function matches answers 404 in the error envelope.
 */
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { NotFoundError } from '../../agents/errors.js';
import { SuccessEnvelope, successEnvelope } from '../../agents/schemas/envelope.js';
import { toWire, type Lang } from '../../agents/schemas/wire.js';
import type { AccessClaims } from './auth/tokens.js';
import { accessLogMiddleware } from './middleware/access-log.js';
import { authenticationMiddleware } from './middleware/authentication.js';
import { corsMiddleware } from './middleware/cors.js';
import { errorEnvelopeMiddleware } from './middleware/error-envelope.js';
import { idempotencyMiddleware } from './middleware/idempotency.js';
import { ipRateLimitMiddleware, userRateLimitMiddleware } from './middleware/rate-limit.js';
import { requestIdMiddleware } from './middleware/request-id.js';
import { secretsMiddleware } from './middleware/secrets.js';
import { respond, stateOf, type ApiEvent, type ApiResponse } from './middleware/state.js';
import { validationMiddleware } from './middleware/validation.js';
import { ROUTES, type Contract, type FunctionName, type RouteDef, type RouteSpec } from './routes.js';
import { getRuntime, type ApiRuntime } from './runtime.js';
import { observe } from '../observability.js';

type Output<S> = S extends z.ZodType ? z.output<S> : undefined;
type Input<S> = S extends z.ZodType ? z.input<S> : unknown;

/** `/v1/travel-plans/{id}` -> `{ id: string }`. */
type PathParams<P extends string> = string extends P
  ? Record<string, string>
  : P extends `${string}{${infer K}}${infer Rest}`
    ? { [k in K]: string } & PathParams<Rest>
    : unknown;

/** What an operation is given: the request, validated against the route's schemas. */
export interface ApiRequest<R extends RouteSpec = RouteSpec> {
  route: RouteDef;
  requestId: string;
  /** Language of user-facing messages: from Accept-Language (zh default). */
  lang: Lang;
  /** The validated body (camelCase), `undefined` on routes without a body schema. */
  body: Output<R['body']>;
  /** The validated query (camelCase); the raw string map on routes without a query schema. */
  query: R['query'] extends z.ZodType ? z.output<R['query']> : Record<string, string>;
  params: PathParams<R['path']>;
  headers: Record<string, string>;
  /** The verified caller; null only on `auth: 'none'` routes. */
  auth: R['auth'] extends 'none' ? AccessClaims | null : AccessClaims;
  sourceIp: string;
  /**
   * What precedes the route's path in the URL the client called: `/prod` on an execute-api host
   * (the stage), a custom domain's base path mapping, or '' at a domain's root.
   */
  basePath: string;
}

/** What an operation answers. */
export interface ApiResult<D = unknown> {
  status?: number;
  /** Domain form (camelCase) of the route's response schema; already wire form without one. */
  data: D;
  message?: string | undefined;
  headers?: Record<string, string>;
}

/** The operation of one route: input and output types from its declaration. */
export type Operation<R extends RouteSpec> = (
  req: ApiRequest<R>,
  rt: ApiRuntime,
) => Promise<ApiResult<Input<R['response']>>>;

/** The operations a function must implement: exactly its routes of the table. */
export type Operations<F extends FunctionName> = {
  [K in keyof Contract as Contract[K]['fn'] extends F ? K : never]: Operation<Contract[K]>;
};

const SUCCESS_TEXT = { zh: '操作成功', en: 'OK' } as const;

/** Envelope schemas for the wire conversion (the data inside is already in wire form). */
const SUCCESS_WIRE = SuccessEnvelope(z.unknown());

/** The last step of a route's pipeline: the operation, its result in the envelope. */
function operationStep(route: RouteDef, operation: Operation<RouteSpec>, runtime: () => ApiRuntime) {
  return async (event: ApiEvent): Promise<ApiResponse> => {
    const state = stateOf(event);
    if (state.replay) return state.replay;
    const req: ApiRequest = {
      route,
      requestId: state.requestId,
      lang: state.lang,
      body: state.body as undefined,
      query: state.query as Record<string, string>,
      params: state.params,
      headers: (event.headers ?? {}) as Record<string, string>,
      auth: state.auth as AccessClaims,
      sourceIp: state.sourceIp,
      basePath: state.basePath,
    };
    const result = await operation(req, runtime());
    const headers = { 'x-request-id': state.requestId, ...result.headers };
    if (route.raw) return respond(result.status ?? 200, result.data, headers);
    const data = route.response ? toWire(route.response, result.data as never) : result.data;
    const envelope = successEnvelope(data, {
      requestId: state.requestId,
      message: result.message ?? SUCCESS_TEXT[state.lang],
    });
    return respond(result.status ?? route.status ?? 200, toWire(SUCCESS_WIRE, envelope), headers);
  };
}

/** The middlewares every pipeline starts with (the unmatched-route pipeline has only these). */
function basePipeline(fn: FunctionName, route: RouteDef | undefined, runtime: () => ApiRuntime) {
  return middy<ApiEvent, ApiResponse, Error, Context>()
    .use(httpHeaderNormalizer())
    .use(secretsMiddleware())
    .use(requestIdMiddleware(fn, route))
    .use(corsMiddleware(runtime))
    .use(errorEnvelopeMiddleware(fn, runtime));
}

/** The pipeline of one route, composed from its declaration. */
export function routePipeline(
  fn: FunctionName,
  route: RouteDef,
  operation: Operation<RouteSpec>,
  runtime: () => ApiRuntime = getRuntime,
) {
  const pipeline = basePipeline(fn, route, runtime).use(ipRateLimitMiddleware(runtime));
  if (route.auth !== 'none') {
    pipeline.use(authenticationMiddleware(runtime, route.auth)).use(userRateLimitMiddleware(runtime));
  }
  pipeline.use(validationMiddleware(runtime, route));
  if (route.idempotent) pipeline.use(idempotencyMiddleware(runtime, route));
  return pipeline.use(accessLogMiddleware(runtime)).handler(operationStep(route, operation, runtime));
}

/**
 * Builds the Lambda handler of one domain function from its operations (keyed by operation id;
 * the type demands exactly the function's routes).
 */
export function createFunctionHandler<F extends FunctionName>(fn: F, operations: Operations<F>) {
  const given = operations as unknown as Record<string, Operation<RouteSpec> | undefined>;
  const routes = ROUTES.filter((r) => r.fn === fn);
  const missing = routes.filter((r) => !given[r.operation]).map((r) => r.operation);
  if (missing.length > 0) throw new Error(`Function ${fn} lacks operations: ${missing.join(', ')}`);
  const pipelines = new Map<string, ReturnType<typeof routePipeline>>(
    routes.map((r) => [`${r.method} ${r.path}`, routePipeline(fn, r, given[r.operation]!)]),
  );
  const unmatched = basePipeline(fn, undefined, getRuntime).handler((event: ApiEvent) => {
    throw new NotFoundError(`No route ${event.httpMethod} ${event.resource}`);
  });
  // Metrics, X-Ray and the ambient request id (functions/observability.ts) around every route.
  return observe(`api.${fn}`, (event: ApiEvent, context: Context = {} as Context): Promise<ApiResponse> =>
    (pipelines.get(`${event.httpMethod} ${event.resource}`) ?? unmatched)(event, context),
  );
}
