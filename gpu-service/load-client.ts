/**
 * A load client for any OpenAI-compatible chat endpoint (vLLM in production; `npm run bench:llm`
 * prints its figures). Uses `fetch` and parses the SSE stream itself, so the figures include as
 * little client work as possible:
 *
 * - {@link runLoadLevel}: N streaming chat completions with C concurrent streams; per request the
 *   time to first token (first content delta), the whole request time and the completion tokens
 *   (the server's `usage` when it reports it, else the number of content deltas); per level the
 *   aggregate output tokens/s, TTFT p50/p99 and request p50/p99.
 * - {@link checkToolCall} and {@link checkJsonSchema}: one request each whose answer must be
 *   well-formed — a tool call naming the offered tool with arguments that parse and carry the
 *   required fields; JSON content matching the requested schema's required fields and types.
 */
import { z } from 'zod';

/** Where to send requests. */
export interface Endpoint {
  /** OpenAI-compatible base URL ending in `/v1`. */
  readonly baseUrl: string;
  readonly model: string;
  readonly apiKey?: string;
}

/** One streamed request's figures. */
export interface StreamSample {
  readonly ttftMs: number;
  readonly totalMs: number;
  readonly completionTokens: number;
  readonly ok: boolean;
  readonly error?: string;
}

/** One concurrency level's figures. */
export interface LevelResult {
  readonly concurrency: number;
  readonly requests: number;
  readonly failed: number;
  readonly wallSeconds: number;
  /** Output tokens per second over the level (all streams together). */
  readonly tokensPerSecond: number;
  /** Median output tokens per second of one stream (after its first token). */
  readonly streamTokensPerSecondP50: number;
  readonly ttftP50Ms: number;
  readonly ttftP99Ms: number;
  readonly requestP50Ms: number;
  readonly requestP99Ms: number;
}

/** Nearest-rank percentile of unsorted values. */
export function percentileOf(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

function headers(endpoint: Endpoint): Record<string, string> {
  return {
    'content-type': 'application/json',
    authorization: `Bearer ${endpoint.apiKey ?? 'EMPTY'}`,
  };
}

/** Qwen3 thinks by default; the product switches it off per request (as functions/llm does). */
function modelExtras(model: string): Record<string, unknown> {
  return /qwen3/i.test(model) ? { chat_template_kwargs: { enable_thinking: false } } : {};
}

/** The prompts of the load test: short travel questions, different so prefix caching is fair. */
export function loadPrompt(i: number): string {
  const cities = ['Paris', 'Kyoto', 'Chengdu', 'Lisbon', 'Istanbul', 'Hangzhou', 'Vienna', 'Hanoi'];
  return `Request ${i}: describe a relaxed three-day itinerary in ${cities[i % cities.length]} with one museum a day.`;
}

/** One streaming chat completion, timed. Never throws: failures are samples with `ok: false`. */
export async function streamOnce(
  endpoint: Endpoint,
  prompt: string,
  maxTokens: number,
  timeoutMs = 120_000,
): Promise<StreamSample> {
  const started = performance.now();
  let ttft = NaN;
  let deltas = 0;
  let usageTokens: number | undefined;
  try {
    const res = await fetch(`${endpoint.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: headers(endpoint),
      signal: AbortSignal.timeout(timeoutMs),
      body: JSON.stringify({
        model: endpoint.model,
        messages: [{ role: 'user', content: prompt }],
        max_tokens: maxTokens,
        temperature: 0,
        stream: true,
        stream_options: { include_usage: true },
        ...modelExtras(endpoint.model),
      }),
    });
    if (!res.ok || !res.body) {
      return {
        ttftMs: NaN,
        totalMs: performance.now() - started,
        completionTokens: 0,
        ok: false,
        error: `HTTP ${res.status}`,
      };
    }
    const decoder = new TextDecoder();
    let buffer = '';
    let done = false;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let newline: number;
      while ((newline = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        for (const line of event.split('\n')) {
          if (!line.startsWith('data:')) continue;
          const data = line.slice(5).trim();
          if (data === '[DONE]') {
            done = true;
            continue;
          }
          const parsed = JSON.parse(data) as {
            choices?: { delta?: { content?: string | null } }[];
            usage?: { completion_tokens?: number } | null;
          };
          const content = parsed.choices?.[0]?.delta?.content;
          if (content) {
            if (Number.isNaN(ttft)) ttft = performance.now() - started;
            deltas += 1;
          }
          if (typeof parsed.usage?.completion_tokens === 'number')
            usageTokens = parsed.usage.completion_tokens;
        }
      }
    }
    const totalMs = performance.now() - started;
    if (!done)
      return {
        ttftMs: ttft,
        totalMs,
        completionTokens: deltas,
        ok: false,
        error: 'stream ended without [DONE]',
      };
    return { ttftMs: ttft, totalMs, completionTokens: usageTokens ?? deltas, ok: !Number.isNaN(ttft) };
  } catch (err) {
    return {
      ttftMs: ttft,
      totalMs: performance.now() - started,
      completionTokens: deltas,
      ok: false,
      error: (err as Error).message,
    };
  }
}

/** Options of {@link runLoadLevel}. */
export interface LevelOptions {
  readonly concurrency: number;
  readonly requests: number;
  readonly maxTokens: number;
}

/** Runs `requests` streams, `concurrency` at a time, and summarises them. */
export async function runLoadLevel(endpoint: Endpoint, options: LevelOptions): Promise<LevelResult> {
  const samples: StreamSample[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= options.requests) return;
        samples.push(await streamOnce(endpoint, loadPrompt(i), options.maxTokens));
      }
    }),
  );
  const wallSeconds = (performance.now() - started) / 1000;
  const ok = samples.filter((s) => s.ok);
  const tokens = ok.reduce((sum, s) => sum + s.completionTokens, 0);
  const perStream = ok
    .filter((s) => s.totalMs > s.ttftMs && s.completionTokens > 1)
    .map((s) => (s.completionTokens - 1) / ((s.totalMs - s.ttftMs) / 1000));
  return {
    concurrency: options.concurrency,
    requests: options.requests,
    failed: samples.length - ok.length,
    wallSeconds,
    tokensPerSecond: tokens / wallSeconds,
    streamTokensPerSecondP50: percentileOf(perStream, 50),
    ttftP50Ms: percentileOf(
      ok.map((s) => s.ttftMs),
      50,
    ),
    ttftP99Ms: percentileOf(
      ok.map((s) => s.ttftMs),
      99,
    ),
    requestP50Ms: percentileOf(
      ok.map((s) => s.totalMs),
      50,
    ),
    requestP99Ms: percentileOf(
      ok.map((s) => s.totalMs),
      99,
    ),
  };
}

/** The outcome of a well-formedness check. */
export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly ms: number;
}

async function complete(
  endpoint: Endpoint,
  body: Record<string, unknown>,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${endpoint.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: headers(endpoint),
    signal: AbortSignal.timeout(120_000),
    body: JSON.stringify({ model: endpoint.model, temperature: 0, ...modelExtras(endpoint.model), ...body }),
  });
  const text = await res.text();
  try {
    return { status: res.status, json: JSON.parse(text) as unknown };
  } catch {
    return { status: res.status, json: text };
  }
}

const ToolCallResponse = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({
          tool_calls: z
            .array(
              z.object({
                type: z.literal('function'),
                function: z.object({ name: z.string(), arguments: z.string() }),
              }),
            )
            .min(1),
        }),
      }),
    )
    .min(1),
});

/** The tool the check offers, and the arguments it must receive. */
export const WEATHER_TOOL = {
  type: 'function',
  function: {
    name: 'get_weather_forecast',
    description: 'Daily weather forecast for a city on a date.',
    parameters: {
      type: 'object',
      properties: {
        city: { type: 'string', description: 'City name in English' },
        date: { type: 'string', description: 'ISO date, YYYY-MM-DD' },
      },
      required: ['city', 'date'],
      additionalProperties: false,
    },
  },
} as const;

const WeatherArgs = z.object({ city: z.string().min(1), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });

/** Asks for a forecast with the weather tool offered; the answer must call it with valid arguments. */
export async function checkToolCall(endpoint: Endpoint): Promise<CheckResult> {
  const started = performance.now();
  const name = 'tool call (hermes parser)';
  try {
    const { status, json } = await complete(endpoint, {
      messages: [{ role: 'user', content: 'What will the weather be in Kyoto on 2026-12-24? Use the tool.' }],
      tools: [WEATHER_TOOL],
      tool_choice: 'auto',
      max_tokens: 200,
    });
    const ms = performance.now() - started;
    if (status !== 200) return { name, ok: false, detail: `HTTP ${status}`, ms };
    const parsed = ToolCallResponse.safeParse(json);
    if (!parsed.success) return { name, ok: false, detail: 'no tool_calls in the answer', ms };
    const call = parsed.data.choices[0]!.message.tool_calls[0]!.function;
    if (call.name !== WEATHER_TOOL.function.name)
      return { name, ok: false, detail: `called ${call.name}`, ms };
    let args: unknown;
    try {
      args = JSON.parse(call.arguments);
    } catch {
      return { name, ok: false, detail: `arguments are not JSON: ${call.arguments.slice(0, 80)}`, ms };
    }
    const valid = WeatherArgs.safeParse(args);
    return valid.success
      ? { name, ok: true, detail: `${call.name}(${call.arguments})`, ms }
      : { name, ok: false, detail: `arguments do not match the schema: ${call.arguments.slice(0, 80)}`, ms };
  } catch (err) {
    return { name, ok: false, detail: (err as Error).message, ms: performance.now() - started };
  }
}

/** The JSON schema the structured-output check requests. */
export const TRIP_SUMMARY_SCHEMA = {
  type: 'object',
  properties: {
    destination: { type: 'string' },
    days: { type: 'integer', minimum: 1, maximum: 30 },
    highlights: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 5 },
  },
  required: ['destination', 'days', 'highlights'],
  additionalProperties: false,
} as const;

const TripSummary = z
  .object({
    destination: z.string().min(1),
    days: z.number().int().min(1).max(30),
    highlights: z.array(z.string()).min(1).max(5),
  })
  .strict();

const ContentResponse = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string() }) })).min(1),
});

/** Asks for a trip summary with `response_format: json_schema`; the content must match it. */
export async function checkJsonSchema(endpoint: Endpoint): Promise<CheckResult> {
  const started = performance.now();
  const name = 'JSON schema (structured output)';
  try {
    const { status, json } = await complete(endpoint, {
      messages: [{ role: 'user', content: 'Summarise a four-day trip to Lisbon as JSON.' }],
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'trip_summary', schema: TRIP_SUMMARY_SCHEMA, strict: true },
      },
      max_tokens: 300,
    });
    const ms = performance.now() - started;
    if (status !== 200) return { name, ok: false, detail: `HTTP ${status}`, ms };
    const parsed = ContentResponse.safeParse(json);
    if (!parsed.success) return { name, ok: false, detail: 'no content in the answer', ms };
    let value: unknown;
    try {
      value = JSON.parse(parsed.data.choices[0]!.message.content);
    } catch {
      return { name, ok: false, detail: 'content is not JSON', ms };
    }
    const valid = TripSummary.safeParse(value);
    return valid.success
      ? { name, ok: true, detail: JSON.stringify(valid.data).slice(0, 100), ms }
      : { name, ok: false, detail: `does not match the schema: ${valid.error.issues[0]?.message ?? ''}`, ms };
  } catch (err) {
    return { name, ok: false, detail: (err as Error).message, ms: performance.now() - started };
  }
}
