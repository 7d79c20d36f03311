/**
 * Structured output: ask the model for JSON matching a zod schema (sent as `response_format`
 * json_schema, which vLLM enforces with guided decoding), validate the answer with the same zod
 * schema, retry ONCE with the validation errors fed back, then fall back to the deterministic
 * path (e.g. the request parser). The LLM can only improve on the fallback, never block it:
 * upstream failures (timeout, HTTP errors) also fall back. Only cancellation propagates.
 */
import type { z } from 'zod';
import { DependencyFailedError } from '../errors.js';
import { STRUCTURED_RETRY } from '../prompts/structured-output.js';
import { LlmCancelledError } from './errors.js';
import type { ChatMessage, ChatResult, LlmClient, LlmUsage } from './port.js';
import { promptRef, renderTemplate, type PromptRef } from './prompt-template.js';

export interface StructuredRequest<S extends z.ZodType> {
  messages: ChatMessage[];
  /** The contract's zod schema: sent as JSON Schema and used to validate the reply. */
  schema: S;
  /** Schema name sent to the server, `^[a-zA-Z0-9_-]{1,64}$`. */
  name: string;
  description?: string;
}

export interface StructuredOptions<T> {
  /** The deterministic answer, used when the model fails twice or is unreachable. */
  fallback: () => T | Promise<T>;
  /**
   * Extra checks on a schema-valid value (e.g. the parser cross-checking the LLM's reading of the
   * request). Problems returned count as invalid output: they are fed back on the retry.
   */
  check?: (value: T) => string[];
  temperature?: number;
  maxTokens?: number;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export type StructuredSource = 'llm' | 'llm-retry' | 'fallback';

export interface StructuredResult<T> {
  value: T;
  source: StructuredSource;
  /** LLM calls made, including failed ones (0..2). */
  attempts: number;
  /** Tokens over all attempts (zeros when the server reported none). */
  usage: LlmUsage;
  /** Why each failed attempt failed, in order (validation problems, upstream failures). */
  problems: string[];
  /** Every completed call, for recording on the Message (model, tokens, latency). */
  calls: ChatResult[];
  /** Templates used beyond the caller's messages (the retry prompt), with versions. */
  prompts: PromptRef[];
}

const MAX_PROBLEMS = 12;
const MAX_ECHO_CHARS = 4000;

/** Strips what models wrap JSON in despite instructions: think blocks and code fences. */
export function extractJsonText(content: string): string {
  let text = content.replace(/<think>[\s\S]*?<\/think>/g, '').trim();
  const fenced = /^```(?:json)?\s*([\s\S]*?)\s*```$/i.exec(text);
  if (fenced?.[1] !== undefined) text = fenced[1].trim();
  return text;
}

/** `path: message` lines for a zod error, capped. */
export function formatIssues(error: z.ZodError): string[] {
  const lines = error.issues.slice(0, MAX_PROBLEMS).map((issue) => {
    const path = issue.path.map(String).join('.');
    return `${path === '' ? '(root)' : path}: ${issue.message}`;
  });
  if (error.issues.length > MAX_PROBLEMS) lines.push(`... and ${error.issues.length - MAX_PROBLEMS} more`);
  return lines;
}

type Checked<T> = { ok: true; value: T } | { ok: false; problems: string[] };

function validate<S extends z.ZodType>(
  content: string,
  schema: S,
  check: ((value: z.output<S>) => string[]) | undefined,
): Checked<z.output<S>> {
  const text = extractJsonText(content);
  if (text === '') return { ok: false, problems: ['the reply was empty'] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, problems: [`the reply is not valid JSON (${(err as Error).message})`] };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, problems: formatIssues(parsed.error) };
  const extra = check?.(parsed.data) ?? [];
  if (extra.length > 0) return { ok: false, problems: extra.slice(0, MAX_PROBLEMS) };
  return { ok: true, value: parsed.data };
}

function addUsage(total: LlmUsage, call: ChatResult): void {
  if (!call.usage) return;
  total.promptTokens += call.usage.promptTokens;
  total.completionTokens += call.usage.completionTokens;
}

/**
 * Asks for a value of `request.schema`; see the module comment for the retry/fallback policy.
 * Throws only {@link LlmCancelledError} (the caller's signal) and programming errors.
 */
export async function generateStructured<S extends z.ZodType>(
  client: LlmClient,
  request: StructuredRequest<S>,
  options: StructuredOptions<z.output<S>>,
): Promise<StructuredResult<z.output<S>>> {
  const usage: LlmUsage = { promptTokens: 0, completionTokens: 0 };
  const problems: string[] = [];
  const calls: ChatResult[] = [];
  const prompts: PromptRef[] = [];
  const responseFormat = {
    name: request.name,
    schema: request.schema,
    ...(request.description === undefined ? {} : { description: request.description }),
  };
  let messages = request.messages;
  let attempts = 0;

  for (let attempt = 1; attempt <= 2; attempt++) {
    attempts = attempt;
    let result: ChatResult;
    try {
      result = await client.chat({
        messages,
        responseFormat,
        temperature: options.temperature ?? 0,
        ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      });
    } catch (err) {
      if (err instanceof LlmCancelledError) throw err;
      if (!(err instanceof DependencyFailedError)) throw err;
      // The endpoint is failing: asking again would double the wait for the same outcome.
      problems.push(`attempt ${attempt}: ${err.message}`);
      break;
    }
    calls.push(result);
    addUsage(usage, result);
    const checked = validate(result.content, request.schema, options.check);
    if (checked.ok) {
      return {
        value: checked.value,
        source: attempt === 1 ? 'llm' : 'llm-retry',
        attempts: attempt,
        usage,
        problems,
        calls,
        prompts,
      };
    }
    const why =
      result.finishReason === 'length'
        ? ['the reply was cut off at the token limit', ...checked.problems]
        : checked.problems;
    problems.push(...why.map((p) => `attempt ${attempt}: ${p}`));
    if (attempt === 1) {
      prompts.push(promptRef(STRUCTURED_RETRY));
      messages = [
        ...request.messages,
        { role: 'assistant', content: result.content.slice(0, MAX_ECHO_CHARS) },
        {
          role: 'user',
          content: renderTemplate(STRUCTURED_RETRY, {
            name: request.name,
            problems: why.map((p) => `- ${p}`).join('\n'),
          }),
        },
      ];
    }
  }

  if (options.signal?.aborted) throw new LlmCancelledError();
  const value = await options.fallback();
  return { value, source: 'fallback', attempts, usage, problems, calls, prompts };
}
