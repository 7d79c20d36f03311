/**
 * The OpenAPI 3.1 document, generated from the contract table (routes.ts) and its zod schemas
 * (never written by hand), with the repository's one JSON Schema converter
 * (agents/schemas/json-schema.ts: wire snake_case names, tuples with plain `items`).
 * Each operation lists the statuses it really answers: those of the pipeline (400, 429, 500,
 * 503; 401/403 when authenticated; 413 with a body; 409 with an Idempotency-Key) and those the
 * route declares; every error response is the zod ErrorEnvelope.
 */
import { z } from 'zod';
import { ErrorEnvelope, SuccessEnvelope } from '../../agents/schemas/envelope.js';
import { wireJsonSchemaOf } from '../../agents/schemas/json-schema.js';
import { ROUTES, pathParameters, type RouteDef } from './routes.js';

type Json = Record<string, unknown>;

/** What each error status means, for its response description. */
const ERROR_STATUS_TEXT: Record<number, string> = {
  400: 'Validation failed (field details), or the body is not JSON',
  401: 'Missing, invalid, expired or revoked credentials',
  403: 'The caller lacks the role',
  404: 'Not found (or not the caller’s)',
  409: 'Conflict: version moved on, already exists, or an Idempotency-Key reused with another body',
  413: 'Body larger than the limit',
  429: 'Rate limited (Retry-After header)',
  500: 'Internal error (no internals in the body)',
  503: 'A dependency (database, OAuth provider, workflow) is unavailable',
};

/** The error statuses of a route, ascending. */
export function errorStatuses(r: RouteDef): number[] {
  const statuses = new Set<number>([400, 429, 500, 503, ...(r.errors ?? [])]);
  if (r.auth !== 'none') statuses.add(401).add(403);
  if (r.body) statuses.add(413);
  if (r.idempotent) statuses.add(409);
  return [...statuses].sort((a, b) => a - b);
}

const errorResponse = (status: number): Json => ({
  description: ERROR_STATUS_TEXT[status] ?? 'Error envelope',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } },
});

/** The success response of a route: the envelope around its response schema, or the raw document. */
function successResponse(r: RouteDef): Json {
  if (r.raw) {
    return {
      description: 'This OpenAPI 3.1 document itself (the bare document, not in the success envelope)',
      content: {
        'application/json': {
          schema: {
            type: 'object',
            required: ['openapi', 'info', 'paths'],
            properties: { openapi: { type: 'string' }, info: { type: 'object' }, paths: { type: 'object' } },
          },
        },
      },
    };
  }
  return {
    description: 'Success envelope',
    content: {
      'application/json': { schema: wireJsonSchemaOf(SuccessEnvelope(r.response ?? z.unknown()), 'output') },
    },
  };
}

export function buildOpenApi(serverUrl?: string): Json {
  const paths: Record<string, Json> = {};
  for (const r of ROUTES) {
    const params: Json[] = pathParameters(r.path).map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string', minLength: 1 },
    }));
    if (r.query) {
      const q = wireJsonSchemaOf(r.query);
      const props = (q['properties'] ?? {}) as Json;
      const required = new Set((q['required'] as string[] | undefined) ?? []);
      for (const [name, schema] of Object.entries(props))
        params.push({ name, in: 'query', required: required.has(name), schema });
    }
    if (r.idempotent) {
      params.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        schema: { type: 'string', minLength: 8, maxLength: 128 },
      });
    }
    const responses: Json = { [String(r.status ?? 200)]: successResponse(r) };
    for (const status of errorStatuses(r)) responses[String(status)] = errorResponse(status);
    const op: Json = {
      operationId: r.operation,
      summary: r.summary,
      tags: [r.fn],
      ...(r.auth === 'none' ? { security: [] } : {}),
      parameters: params,
      responses,
    };
    if (r.body)
      op['requestBody'] = {
        required: !r.optionalBody,
        content: { 'application/json': { schema: wireJsonSchemaOf(r.body) } },
      };
    const path = (paths[r.path] ??= {});
    path[r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'AI Travel Planner API',
      version: '1.0.0',
      description:
        'Feasible, grounded travel plans in Chinese and English. Bodies use snake_case field names.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { ErrorEnvelope: wireJsonSchemaOf(ErrorEnvelope, 'output') },
    },
    security: [{ bearer: [] }],
    paths,
  };
}
