/**
 * The OpenAPI 3.1 document, generated from the route table and its zod schemas (never written by
 * hand). Schemas are converted to JSON Schema and their property names to the wire's snake_case.
 */
import { z } from 'zod';
import { camelToSnake } from '../../agents/schemas/wire.js';
import { ROUTES } from './route-schemas.js';

type Json = Record<string, unknown>;

/** Renames declared object properties (not free-form map keys) to snake_case, recursively. */
export function toWireJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toWireJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    if (k === 'properties' && v && typeof v === 'object') {
      out[k] = Object.fromEntries(
        Object.entries(v as Json).map(([p, s]) => [camelToSnake(p), toWireJsonSchema(s)]),
      );
    } else if (k === 'required' && Array.isArray(v)) {
      out[k] = v.map((p) => (typeof p === 'string' ? camelToSnake(p) : p));
    } else {
      out[k] = toWireJsonSchema(v);
    }
  }
  return out;
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const js = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  delete js['$schema'];
  return toWireJsonSchema(js) as Json;
}

const ERROR_RESPONSE = {
  description: 'Error envelope',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        required: ['success', 'error', 'timestamp', 'request_id'],
        properties: {
          success: { const: false },
          error: {
            type: 'object',
            required: ['code', 'message', 'details'],
            properties: {
              code: { type: 'string' },
              message: { type: 'string' },
              details: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { field: { type: 'string' }, message: { type: 'string' } },
                },
              },
            },
          },
          timestamp: { type: 'string', format: 'date-time' },
          request_id: { type: 'string' },
        },
      },
    },
  },
};

export function buildOpenApi(serverUrl?: string): Json {
  const paths: Record<string, Json> = {};
  for (const r of ROUTES) {
    const params: Json[] = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (r.query) {
      const q = jsonSchema(r.query, 'input');
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
    const op: Json = {
      operationId: r.operation,
      summary: r.summary,
      tags: [r.fn],
      ...(r.auth === 'none' ? { security: [] } : {}),
      parameters: params,
      responses: {
        [String(r.status ?? 200)]: {
          description: 'Success envelope',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['success', 'data', 'message', 'code', 'timestamp', 'request_id'],
                properties: {
                  success: { const: true },
                  data: r.response ? jsonSchema(r.response, 'output') : {},
                  message: { type: 'string' },
                  code: { const: 'SUCCESS' },
                  timestamp: { type: 'string', format: 'date-time' },
                  request_id: { type: 'string', pattern: '^req_[0-9a-f]{16}$' },
                },
              },
            },
          },
        },
        '400': ERROR_RESPONSE,
        ...(r.auth !== 'none' ? { '401': ERROR_RESPONSE, '403': ERROR_RESPONSE } : {}),
        '404': ERROR_RESPONSE,
        '429': ERROR_RESPONSE,
        '500': ERROR_RESPONSE,
      },
    };
    if (r.body)
      op['requestBody'] = {
        required: true,
        content: { 'application/json': { schema: jsonSchema(r.body, 'input') } },
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
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
