/**
 * LLM endpoint configuration, read once from the environment and validated (convention 5).
 * `LLM_BASE_URL` unset or empty means offline mode: no client is created and every feature uses
 * its deterministic path.
 *
 * | variable              | default                      | meaning                                          |
 * |-----------------------|------------------------------|--------------------------------------------------|
 * | `LLM_BASE_URL`        | (unset: offline)             | OpenAI-compatible base URL, e.g. `http://vllm:8000/v1` (a bare origin gets `/v1`) |
 * | `LLM_API_KEY`         | `EMPTY`                      | bearer token (vLLM accepts anything unless started with `--api-key`) |
 * | `LLM_MODEL`           | `Qwen/Qwen2.5-7B-Instruct`   | served model name                                |
 * | `LLM_TIMEOUT_MS`      | `30000`                      | default whole-call deadline                      |
 * | `LLM_MAX_RETRIES`     | `1`                          | SDK retries on connection errors, 408/409/429/5xx |
 * | `LLM_ENABLE_THINKING` | unset                        | `true`/`false`: sent as `chat_template_kwargs.enable_thinking` (Qwen3); unset sends `false` for Qwen3 models and nothing otherwise |
 */
import { z } from 'zod';

export const LlmConfig = z.object({
  baseURL: z.url({ protocol: /^https?$/ }),
  apiKey: z.string().min(1).default('EMPTY'),
  model: z.string().min(1).default('Qwen/Qwen2.5-7B-Instruct'),
  timeoutMs: z.number().int().positive().max(600_000).default(30_000),
  maxRetries: z.number().int().min(0).max(5).default(1),
  /** Qwen3 thinking switch; undefined: off for Qwen3, not sent for other models. */
  enableThinking: z.boolean().optional(),
});
export type LlmConfig = z.infer<typeof LlmConfig>;
export type LlmConfigInput = z.input<typeof LlmConfig>;

/** A bare origin (`http://vllm:8000`) gets the `/v1` prefix the OpenAI API lives under. */
export function normalizeBaseUrl(url: string): string {
  const u = new URL(url);
  if (u.pathname === '/' || u.pathname === '') u.pathname = '/v1';
  return u.toString().replace(/\/+$/, '');
}

function envNumber(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return Number(value);
}

function envBoolean(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^(true|1|yes)$/i.test(value)) return true;
  if (/^(false|0|no)$/i.test(value)) return false;
  throw new Error(`invalid LLM configuration: ${name} must be true or false`);
}

/**
 * The configuration from the environment, or null in offline mode (`LLM_BASE_URL` unset).
 * Throws on invalid values, so a misconfigured deployment fails at start rather than at first use.
 */
export function llmConfigFromEnv(env: Record<string, string | undefined> = process.env): LlmConfig | null {
  const baseURL = env['LLM_BASE_URL']?.trim();
  if (!baseURL) return null;
  const parsed = LlmConfig.safeParse({
    baseURL,
    apiKey: env['LLM_API_KEY']?.trim() || undefined,
    model: env['LLM_MODEL']?.trim() || undefined,
    timeoutMs: envNumber(env['LLM_TIMEOUT_MS']),
    maxRetries: envNumber(env['LLM_MAX_RETRIES']),
    enableThinking: envBoolean('LLM_ENABLE_THINKING', env['LLM_ENABLE_THINKING']),
  });
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new Error(`invalid LLM configuration (${fields})`);
  }
  return { ...parsed.data, baseURL: normalizeBaseUrl(parsed.data.baseURL) };
}
