/**
 * The middy stack every REST handler shares. A domain's Lambda is `createFunctionHandler(fn, ops)`:
 * the route (from the route table) is found from the proxy event's resource and method, then
 *   header normalisation -> request id -> CORS -> body size limit and JSON parsing -> JWT auth and
 *   roles -> rate limits -> zod validation (field details) -> idempotency -> the operation
 * and the result is wrapped in the design's envelope; any error becomes the error envelope, with
 * internals of system faults kept to the logs. Operations are one call into agents/ code.
 */
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  AuthFailedError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  ValidationError,
  toAppError,
  type AppError,
} from '../../agents/errors.js';
import {
  ErrorEnvelope,
  SuccessEnvelope,
  errorEnvelope,
  newRequestId,
  successEnvelope,
} from '../../agents/schemas/envelope.js';
import { parseWire, toWire, type Lang } from '../../agents/schemas/wire.js';
import type { AccessClaims } from './auth/tokens.js';
import { ROUTES } from './route-schemas.js';
import type { FunctionName, RouteDef } from './routes.js';
import { getRuntime, type ApiRuntime } from './runtime.js';
import { maskPii } from '../edge/pii.js';
import { resolveSecrets } from '../edge/secrets.js';

export interface ApiRequest<B = unknown, Q = unknown> {
  route: RouteDef;
  requestId: string;
  /** Language of user-facing messages: from Accept-Language (zh default). */
  lang: Lang;
  /** Validated body (camelCase) when the route has a body schema, else the raw parsed JSON. */
  body: B;
  /** Validated query (camelCase) when the route has a query schema. */
  query: Q;
  params: Record<string, string>;
  headers: Record<string, string>;
  auth: AccessClaims | null;
  sourceIp: string;
  /**
   * What precedes the route's path in the URL the client called: `/prod` on an execute-api host
   * (the stage), a custom domain's base path mapping, or '' at a domain's root.
   */
  basePath: string;
}

export interface ApiResult {
  status?: number;
  /** Already in wire form (snake_case) unless the route has a response schema. */
  data: unknown;
  message?: string;
  headers?: Record<string, string>;
  /** Send `data` as the whole body, without the envelope (the OpenAPI document). */
  raw?: boolean;
}

export type Operation = (req: ApiRequest<any, any>, rt: ApiRuntime) => Promise<ApiResult>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SUCCESS_TEXT = { zh: '操作成功', en: 'OK' } as const;

/** Envelope schemas for the wire conversion (the data inside is already in wire form). */
const SUCCESS_WIRE = SuccessEnvelope(z.unknown());

function languageOf(headers: Record<string, string>): Lang {
  const accept = headers['accept-language'] ?? '';
  return /^\s*en/i.test(accept) ? 'en' : 'zh';
}

function corsHeaders(rt: ApiRuntime, origin: string | undefined): Record<string, string> {
  const allowed = rt.config.CORS_ORIGINS.split(',').map((s) => s.trim());
  const allow = allowed.includes('*') ? '*' : origin && allowed.includes(origin) ? origin : allowed[0]!;
  return {
    'access-control-allow-origin': allow,
    'access-control-allow-headers': 'authorization,content-type,idempotency-key,x-request-id,accept-language',
    'access-control-allow-methods': 'GET,POST,PUT,DELETE,OPTIONS',
    'access-control-expose-headers': 'x-request-id,retry-after',
    ...(allow !== '*' ? { vary: 'Origin' } : {}),
  };
}

function respond(status: number, body: unknown, headers: Record<string, string>): APIGatewayProxyResult {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

function findRoute(fn: FunctionName, event: APIGatewayProxyEvent): RouteDef | undefined {
  return ROUTES.find((r) => r.fn === fn && r.method === event.httpMethod && r.path === event.resource);
}

async function authenticate(
  rt: ApiRuntime,
  route: RouteDef,
  headers: Record<string, string>,
): Promise<AccessClaims | null> {
  if (route.auth === 'none') return null;
  const m = /^Bearer\s+(\S+)$/i.exec(headers['authorization'] ?? '');
  if (!m) throw new AuthFailedError('Missing bearer token');
  const claims = await rt.tokens.verify(m[1]!);
  if (route.auth === 'admin' && claims.role !== 'admin') throw new ForbiddenError('Admin role required');
  return claims;
}

function parseBody(rt: ApiRuntime, event: APIGatewayProxyEvent): unknown {
  if (event.body === null || event.body === undefined || event.body === '') return undefined;
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(raw) > rt.config.BODY_LIMIT_BYTES) {
    throw new PayloadTooLargeError('Body too large', { context: { limit: rt.config.BODY_LIMIT_BYTES } });
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new ValidationError('Body is not valid JSON', {
      details: [{ field: '(body)', message: 'invalid JSON' }],
    });
  }
}

function validate(
  schema: z.ZodType | undefined,
  value: unknown,
  lang: Lang,
  what: 'body' | 'query',
): unknown {
  if (!schema) return value;
  if (what === 'body' && (value === undefined || value === null)) {
    throw new ValidationError('Body required', {
      details: [{ field: '(body)', message: 'a JSON body is required' }],
    });
  }
  return parseWire(schema, value ?? {}, lang);
}

/** The URL prefix before the resource path: requestContext.path is the path as the client sent it. */
export function basePathOf(event: APIGatewayProxyEvent): string {
  const full = event.requestContext?.path ?? '';
  const own = event.path ?? '';
  return own && full.length > own.length && full.endsWith(own) ? full.slice(0, full.length - own.length) : '';
}

function requestIdOf(event: APIGatewayProxyEvent): string {
  return (event.headers ?? {})['x-request-id'] ?? newRequestId();
}

/**
 * Builds the Lambda handler of one domain function from its operations (keyed by operation id).
 */
export function createFunctionHandler(fn: FunctionName, operations: Record<string, Operation>) {
  const missing = ROUTES.filter((r) => r.fn === fn && !operations[r.operation]).map((r) => r.operation);
  if (missing.length > 0) throw new Error(`Function ${fn} lacks operations: ${missing.join(', ')}`);

  /** Request id: the caller's when well-formed, else a new one; kept on the normalised headers. */
  const requestIdMiddleware: middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> = {
    before: async (request) => {
      // Signing keys come from Secrets Manager in AWS (once per cold start).
      await resolveSecrets();
      const headers = (request.event.headers ??= {}) as Record<string, string>;
      const given = headers['x-request-id'];
      headers['x-request-id'] = given && /^req_[0-9a-f]{16}$/.test(given) ? given : newRequestId();
    },
  };

  const errorMiddleware: middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> = {
    onError: (request) => {
      const rt = getRuntime();
      const headers = (request.event.headers ?? {}) as Record<string, string>;
      const requestId = requestIdOf(request.event);
      const err: AppError = toAppError(request.error);
      const extra: Record<string, string> = {
        'x-request-id': requestId,
        ...corsHeaders(rt, headers['origin']),
      };
      if (err instanceof RateLimitedError) extra['retry-after'] = String(err.retryAfterSeconds);
      const log = { requestId, fn, path: request.event.resource, status: err.httpStatus, code: err.code };
      if (err.fault === 'system') {
        const cause = (err.cause as Error | undefined) ?? err;
        rt.logger.error('request failed', { ...log, error: maskPii(String(cause.stack ?? cause.message)) });
      } else {
        rt.logger.info('request rejected', log);
      }
      request.response = respond(
        err.httpStatus,
        toWire(ErrorEnvelope, errorEnvelope(err, { requestId, lang: languageOf(headers) })),
        extra,
      );
    },
  };

  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(httpHeaderNormalizer())
    .use(requestIdMiddleware)
    .use(errorMiddleware)
    .handler(async (event) => {
      const started = performance.now();
      const rt = getRuntime();
      const headers = (event.headers ?? {}) as Record<string, string>;
      const requestId = requestIdOf(event);
      const lang = languageOf(headers);
      const route = findRoute(fn, event);
      if (!route) throw new NotFoundError(`No route ${event.httpMethod} ${event.resource}`);
      const sourceIp = event.requestContext?.identity?.sourceIp ?? 'unknown';
      // The per-IP limit comes before authentication, so floods of bad tokens are counted too.
      await rt.rateLimit([`ip:${sourceIp}`]);
      const auth = await authenticate(rt, route, headers);
      if (auth) await rt.rateLimit([`user:${auth.userId}`]);
      const rawBody = parseBody(rt, event);
      const req: ApiRequest = {
        route,
        requestId,
        lang,
        body: validate(route.body, rawBody, lang, 'body'),
        query: validate(route.query, event.queryStringParameters ?? {}, lang, 'query'),
        params: (event.pathParameters ?? {}) as Record<string, string>,
        headers,
        auth,
        sourceIp,
        basePath: basePathOf(event),
      };
      const run = async (): Promise<APIGatewayProxyResult> => {
        const result = await operations[route.operation]!(req, rt);
        if (result.raw) {
          return respond(result.status ?? 200, result.data, {
            'x-request-id': requestId,
            ...corsHeaders(rt, headers['origin']),
          });
        }
        const data = route.response ? toWire(route.response, result.data as never) : result.data;
        const envelope = successEnvelope(data, { requestId, message: result.message ?? SUCCESS_TEXT[lang] });
        return respond(result.status ?? route.status ?? 200, toWire(SUCCESS_WIRE, envelope), {
          'x-request-id': requestId,
          ...corsHeaders(rt, headers['origin']),
          ...result.headers,
        });
      };
      const key = headers['idempotency-key'];
      let response: APIGatewayProxyResult;
      if (route.idempotent && key && auth) {
        const scope = `${auth.userId}#${route.operation}`;
        const hash = createHash('sha256')
          .update(event.body ?? '')
          .digest('hex');
        const begun = await rt.repos.idempotency.begin(scope, key, hash, rt.config.IDEMPOTENCY_TTL_SECONDS);
        if (begun.state === 'completed') {
          response = {
            ...begun.response,
            headers: { ...begun.response.headers, 'idempotent-replayed': 'true' },
          };
        } else {
          try {
            response = await run();
            await rt.repos.idempotency.complete(scope, key, {
              statusCode: response.statusCode,
              body: response.body,
              headers: response.headers as Record<string, string>,
            });
          } catch (err) {
            await rt.repos.idempotency.release(scope, key).catch(() => undefined);
            throw err;
          }
        }
      } else {
        response = await run();
      }
      rt.logger.info('request', {
        requestId,
        fn,
        operation: route.operation,
        status: response.statusCode,
        latencyMs: Math.round(performance.now() - started),
        userId: auth?.userId,
      });
      return response;
    });
}
