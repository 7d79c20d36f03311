/**
 * The one converter from a contract's zod schema to JSON Schema (draft 2020-12), for every reader:
 * LLM tool parameters and structured output (input side, domain names), the OpenAPI document and
 * the MCP tools (wire snake_case names, tuples readable by OpenAPI tools), and API Gateway's
 * request models (infra, derived from the OpenAPI form).
 */
import { z } from 'zod';
import { camelToSnake } from './wire.js';

type Json = Record<string, unknown>;

export interface JsonSchemaOptions {
  /**
   * `input` (default): what `schema.parse` accepts — fields with defaults are optional; `output`:
   * what it produces.
   */
  io?: 'input' | 'output';
  /** Declared property names in the wire's snake_case (not free-form map keys). Default false. */
  wire?: boolean;
  /**
   * Tuples also carry a plain `items` schema (the union of their members) beside `prefixItems`,
   * with `minItems`/`maxItems` fixing the length, so OpenAPI tools that ignore `prefixItems` can
   * read them. Default false.
   */
  plainTupleItems?: boolean;
}

/** Renames declared object properties (not free-form map keys) to snake_case, recursively. */
function toWireNames(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toWireNames);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    if (k === 'properties' && v && typeof v === 'object') {
      out[k] = Object.fromEntries(
        Object.entries(v as Json).map(([p, s]) => [camelToSnake(p), toWireNames(s)]),
      );
    } else if (k === 'required' && Array.isArray(v)) {
      out[k] = v.map((p) => (typeof p === 'string' ? camelToSnake(p) : p));
    } else {
      out[k] = toWireNames(v);
    }
  }
  return out;
}

/** Gives every tuple (`prefixItems`) a plain `items` schema: its member, or the union of them. */
function withPlainTupleItems(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withPlainTupleItems);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) out[k] = withPlainTupleItems(v);
  const prefix = out['prefixItems'];
  if (Array.isArray(prefix) && (out['items'] === false || out['items'] === undefined)) {
    const unique = [...new Map(prefix.map((p) => [JSON.stringify(p), p])).values()];
    out['items'] = unique.length === 1 ? unique[0] : { anyOf: unique };
  }
  return out;
}

/** JSON Schema of `schema`, without the `$schema` marker. */
export function jsonSchemaOf(schema: z.ZodType, options: JsonSchemaOptions = {}): Json {
  // unrepresentable: 'any' keeps refinements/transforms from throwing; zod still validates them.
  const json = z.toJSONSchema(schema, { io: options.io ?? 'input', unrepresentable: 'any' }) as Json;
  delete json['$schema'];
  let out: unknown = json;
  if (options.wire) out = toWireNames(out);
  if (options.plainTupleItems) out = withPlainTupleItems(out);
  return out as Json;
}

/** The form the OpenAPI document and MCP tools use: wire names, tuples with plain `items`. */
export function wireJsonSchemaOf(schema: z.ZodType, io: 'input' | 'output' = 'input'): Json {
  return jsonSchemaOf(schema, { io, wire: true, plainTupleItems: true });
}
