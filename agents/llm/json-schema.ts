/**
 * JSON Schema from the contract's zod schema (convention 3: one zod schema per contract), for
 * tool parameters and structured output. The input side is used: it is what the model must
 * produce and what `schema.parse` accepts (fields with defaults are optional).
 */
import { z } from 'zod';

/** JSON Schema (draft 2020-12) of what `schema` accepts, without the `$schema` marker. */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  // unrepresentable: 'any' keeps refinements/transforms from throwing; zod still validates them.
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const { $schema: _ignored, ...rest } = json;
  return rest;
}

/** Names the OpenAI API accepts for functions and response schemas. */
export const API_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
