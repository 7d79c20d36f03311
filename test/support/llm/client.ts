/**
 * The real OpenAI adapter pointed at the scripted server, with test-friendly defaults: no SDK
 * retries (each script step answers exactly one request) and a short deadline.
 */
import { OpenAiLlmClient } from '../../../functions/llm/openai-client.js';
import type { LlmConfigInput } from '../../../functions/llm/config.js';
import type { ScriptedLlmServer } from '../llm-server.js';

export function scriptedClient(
  server: ScriptedLlmServer,
  overrides: Partial<LlmConfigInput> = {},
): OpenAiLlmClient {
  return new OpenAiLlmClient({ baseURL: server.url, maxRetries: 0, timeoutMs: 5_000, ...overrides });
}
