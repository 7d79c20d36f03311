/**
 * JSON Schema from the contract's zod schema (convention 3: one zod schema per contract), for
 * tool parameters and structured output. The input side is used: it is what the model must
 * produce and what `schema.parse` accepts (fields with defaults are optional).
 */
import { z } from 'zod';

/**
 * JSON Schema dialect: 2020-12 by default; `draft-7` for validators that read draft-07 (Ajv's
 * default, used by MCP clients: a 2020-12 tuple's `items: false` would reject every tuple there).
 */
export type JsonSchemaTarget = 'draft-2020-12' | 'draft-7';

/** JSON Schema (draft 2020-12 unless `target` says otherwise) of what `schema` accepts, without the `$schema` marker. */
export function jsonSchemaOf(schema: z.ZodType, target?: JsonSchemaTarget): Record<string, unknown> {
  // unrepresentable: 'any' keeps refinements/transforms from throwing; zod still validates them.
  const json = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    ...(target ? { target } : {}),
  }) as Record<string, unknown>;
  const { $schema: _ignored, ...rest } = json;
  return rest;
}

/** JSON Schema of what `schema` produces (its parsed output), without the `$schema` marker. */
export function outputJsonSchemaOf(schema: z.ZodType, target?: JsonSchemaTarget): Record<string, unknown> {
  const json = z.toJSONSchema(schema, {
    io: 'output',
    unrepresentable: 'any',
    ...(target ? { target } : {}),
  }) as Record<string, unknown>;
  const { $schema: _ignored, ...rest } = json;
  return rest;
}

const camelToSnake = (key: string) => key.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);
/** Keywords whose value is a map of property names to schemas. */
const PROPERTY_MAPS = new Set(['properties']);
/** Keywords whose value is one schema or a list of schemas. */
const SUBSCHEMAS = new Set([
  'items',
  'prefixItems',
  'additionalItems',
  'additionalProperties',
  'anyOf',
  'oneOf',
  'allOf',
  'not',
  'contains',
  'if',
  'then',
  'else',
]);

/**
 * The same JSON Schema with object property names in the wire form (snake_case), the way the
 * wire codec (agents/schemas/wire.ts) renames declared keys. Map keys (`additionalProperties`)
 * and `$defs` names are data and stay as they are.
 */
export function wireJsonSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== 'object' || node === null) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (PROPERTY_MAPS.has(key) && typeof value === 'object' && value !== null) {
        out[key] = Object.fromEntries(
          Object.entries(value as Record<string, unknown>).map(([k, v]) => [camelToSnake(k), walk(v)]),
        );
      } else if (key === 'required' && Array.isArray(value)) {
        out[key] = value.map((k) => (typeof k === 'string' ? camelToSnake(k) : k));
      } else if (SUBSCHEMAS.has(key) || key === '$defs' || key === 'definitions') {
        out[key] =
          key === '$defs' || key === 'definitions'
            ? Object.fromEntries(
                Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, walk(v)]),
              )
            : walk(value);
      } else {
        out[key] = value;
      }
    }
    return out;
  };
  return walk(schema) as Record<string, unknown>;
}

/** Names the OpenAI API accepts for functions and response schemas. */
export const API_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
