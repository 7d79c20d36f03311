/**
 * JSON Schema for tool parameters and structured output (convention 3: one zod schema per
 * contract). The converter is the repository's one (agents/schemas/json-schema.ts), used here on
 * the input side with domain names: what the model must produce and what `schema.parse` accepts.
 */
export { jsonSchemaOf } from '../schemas/json-schema.js';

/** Names the OpenAI API accepts for functions and response schemas. */
export const API_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
