/**
 * The LLM port (agents/llm/port.ts) over the `openai` package, against any OpenAI-compatible
 * endpoint: vLLM's server with Qwen in production (`--enable-auto-tool-choice --tool-call-parser
 * hermes`), the scripted server in tests.
 *
 * - Chat completions and SSE streaming; streamed tool-call deltas are assembled by index.
 * - Structured output: `response_format: {type: 'json_schema', json_schema: {name, schema,
 *   strict: true}}` with the JSON Schema of the contract's zod schema (vLLM: guided decoding).
 * - One deadline per call covering headers, body and every stream chunk (the SDK's own timeout
 *   stops at the headers), and the caller's AbortSignal; both abort the HTTP request.
 * - Usage, model name and latency captured on every result.
 * - Errors mapped to the port's typed errors (DependencyFailedError subclasses; cancellation a
 *   ProcessingFailedError). Nothing from the SDK leaks past this file.
 */
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
  ChatCompletionMessageParam,
  ChatCompletionTool,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions';
import { AppError } from '../../agents/errors.js';
import {
  LlmBadResponseError,
  LlmCancelledError,
  LlmTimeoutError,
  LlmUpstreamError,
} from '../../agents/llm/errors.js';
import { jsonSchemaOf } from '../../agents/llm/json-schema.js';
import type {
  ChatMessage,
  ChatRequest,
  ChatResult,
  FinishReason,
  LlmClient,
  LlmUsage,
  StreamEvent,
  ToolCallRequest,
} from '../../agents/llm/port.js';
import { LlmConfig, llmConfigFromEnv, normalizeBaseUrl, type LlmConfigInput } from './config.js';

/** Extra body fields vLLM understands and the SDK's types do not declare. */
interface VllmExtras {
  chat_template_kwargs?: { enable_thinking: boolean };
}

const FINISH_REASONS = new Set<FinishReason>([
  'stop',
  'length',
  'tool_calls',
  'content_filter',
  'function_call',
]);

function finishReasonOf(value: unknown): FinishReason {
  return typeof value === 'string' && FINISH_REASONS.has(value as FinishReason)
    ? (value as FinishReason)
    : 'unknown';
}

/** A tool call from its parts; broken JSON arguments are reported, not thrown. */
export function toolCallOf(id: string, name: string, rawArguments: string): ToolCallRequest {
  const raw = rawArguments.trim() === '' ? '{}' : rawArguments;
  try {
    return { id, name, arguments: JSON.parse(raw) as unknown, rawArguments };
  } catch (err) {
    return { id, name, arguments: undefined, rawArguments, argumentsError: (err as Error).message };
  }
}

function usageOf(
  usage: { prompt_tokens?: unknown; completion_tokens?: unknown } | null | undefined,
): LlmUsage | null {
  if (!usage || typeof usage.prompt_tokens !== 'number' || typeof usage.completion_tokens !== 'number')
    return null;
  return { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens };
}

function toOpenAiMessage(m: ChatMessage): ChatCompletionMessageParam {
  switch (m.role) {
    case 'system':
      return { role: 'system', content: m.content };
    case 'user':
      return { role: 'user', content: m.content };
    case 'tool':
      return { role: 'tool', tool_call_id: m.toolCallId, content: m.content };
    case 'assistant':
      return {
        role: 'assistant',
        content: m.content,
        ...(m.toolCalls && m.toolCalls.length > 0
          ? {
              tool_calls: m.toolCalls.map((tc) => ({
                id: tc.id,
                type: 'function' as const,
                function: { name: tc.name, arguments: tc.rawArguments || JSON.stringify(tc.arguments ?? {}) },
              })),
            }
          : {}),
      };
  }
}

/** Assembles streamed tool-call fragments (id and name first, arguments in pieces) by index. */
class ToolCallAssembler {
  private readonly parts = new Map<number, { id: string; name: string; args: string }>();

  add(delta: ChatCompletionChunk.Choice.Delta.ToolCall): void {
    const index = typeof delta.index === 'number' ? delta.index : this.parts.size;
    const part = this.parts.get(index) ?? { id: '', name: '', args: '' };
    if (delta.id) part.id = delta.id;
    if (delta.function?.name) part.name += delta.function.name;
    if (delta.function?.arguments) part.args += delta.function.arguments;
    this.parts.set(index, part);
  }

  calls(): ToolCallRequest[] {
    return [...this.parts.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, p]) => toolCallOf(p.id || `call_${index}`, p.name, p.args));
  }
}

/** One call's cancellation scope: the deadline and the caller's signal, combined. */
class CallScope {
  readonly controller = new AbortController();
  private timedOutFlag = false;
  private cancelledFlag = false;
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly onCallerAbort = () => {
    if (!this.timedOutFlag) this.cancelledFlag = true;
    this.controller.abort();
  };

  constructor(
    readonly timeoutMs: number,
    private readonly callerSignal: AbortSignal | undefined,
  ) {
    this.timer = setTimeout(() => {
      if (!this.cancelledFlag) this.timedOutFlag = true;
      this.controller.abort();
    }, timeoutMs);
    if (callerSignal?.aborted) this.onCallerAbort();
    else callerSignal?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The typed error for an aborted scope, or undefined if it was not aborted. */
  abortError(cause?: unknown): AppError | undefined {
    const options = cause === undefined ? {} : { cause };
    if (this.cancelledFlag) return new LlmCancelledError(options);
    if (this.timedOutFlag) return new LlmTimeoutError(this.timeoutMs, options);
    return undefined;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
    // Releases the connection if the call ended early (e.g. the consumer stopped reading a stream).
    this.controller.abort();
  }
}

/** The port's typed error for anything a call threw. */
function mapError(err: unknown, scope: CallScope): AppError {
  const aborted = scope.abortError(err);
  if (aborted) return aborted;
  if (err instanceof AppError) return err;
  if (err instanceof APIConnectionTimeoutError) return new LlmTimeoutError(scope.timeoutMs, { cause: err });
  if (err instanceof APIUserAbortError) return new LlmCancelledError({ cause: err });
  if (err instanceof APIError && typeof err.status === 'number') {
    return new LlmUpstreamError(`LLM endpoint answered HTTP ${err.status}`, err.status, { cause: err });
  }
  if (err instanceof APIConnectionError)
    return new LlmUpstreamError('LLM endpoint unreachable', undefined, { cause: err });
  if (err instanceof APIError)
    return new LlmBadResponseError('the LLM endpoint reported an error in the stream', { cause: err });
  if (err instanceof SyntaxError)
    return new LlmBadResponseError('the LLM endpoint sent invalid JSON', { cause: err });
  // undici's "terminated" (socket closed mid-body) and similar transport failures.
  return new LlmUpstreamError('LLM connection failed', undefined, { cause: err });
}

export interface OpenAiLlmClientDeps {
  /** A fetch implementation (defaults to the global one). */
  fetch?: typeof fetch;
}

/** {@link LlmClient} over the `openai` package. */
export class OpenAiLlmClient implements LlmClient {
  readonly model: string;
  readonly config: LlmConfig;
  private readonly sdk: OpenAI;

  constructor(config: LlmConfigInput, deps: OpenAiLlmClientDeps = {}) {
    const parsed = LlmConfig.parse(config);
    this.config = { ...parsed, baseURL: normalizeBaseUrl(parsed.baseURL) };
    this.model = this.config.model;
    this.sdk = new OpenAI({
      baseURL: this.config.baseURL,
      apiKey: this.config.apiKey,
      maxRetries: this.config.maxRetries,
      // Our own deadline (CallScope) governs; the SDK's is only a backstop that must not fire first.
      timeout: this.config.timeoutMs + 5_000,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
  }

  private requestBody(req: ChatRequest): ChatCompletionCreateParamsNonStreaming & VllmExtras {
    const body: ChatCompletionCreateParamsNonStreaming & VllmExtras = {
      model: this.model,
      messages: req.messages.map(toOpenAiMessage),
    };
    if (req.tools && req.tools.length > 0) {
      body.tools = req.tools.map((t): ChatCompletionTool => ({
        type: 'function',
        function: { name: t.name, description: t.description, parameters: t.parameters },
      }));
    }
    if (req.toolChoice !== undefined) {
      body.tool_choice =
        typeof req.toolChoice === 'string'
          ? req.toolChoice
          : ({
              type: 'function',
              function: { name: req.toolChoice.name },
            } satisfies ChatCompletionToolChoiceOption);
    }
    if (req.responseFormat) {
      body.response_format = {
        type: 'json_schema',
        json_schema: {
          name: req.responseFormat.name,
          schema: jsonSchemaOf(req.responseFormat.schema),
          strict: true,
          ...(req.responseFormat.description === undefined
            ? {}
            : { description: req.responseFormat.description }),
        },
      };
    }
    if (req.temperature !== undefined) body.temperature = req.temperature;
    if (req.maxTokens !== undefined) body.max_tokens = req.maxTokens;
    const thinking = this.config.enableThinking ?? (/qwen3/i.test(this.model) ? false : undefined);
    if (thinking !== undefined) body.chat_template_kwargs = { enable_thinking: thinking };
    return body;
  }

  private scope(req: ChatRequest): CallScope {
    return new CallScope(req.timeoutMs ?? this.config.timeoutMs, req.signal);
  }

  async chat(req: ChatRequest): Promise<ChatResult> {
    const scope = this.scope(req);
    const started = performance.now();
    try {
      if (scope.signal.aborted) throw scope.abortError() ?? new LlmCancelledError();
      const completion: ChatCompletion = await this.sdk.chat.completions.create(this.requestBody(req), {
        signal: scope.signal,
      });
      const choice = (completion as Partial<ChatCompletion> | null | undefined)?.choices?.[0];
      if (!choice || typeof choice.message !== 'object' || choice.message === null) {
        throw new LlmBadResponseError('the LLM endpoint answered without a choice');
      }
      const toolCalls = (choice.message.tool_calls ?? []).flatMap((tc, i) =>
        tc.type === 'function'
          ? [toolCallOf(tc.id || `call_${i}`, tc.function.name, tc.function.arguments ?? '')]
          : [],
      );
      return {
        content: choice.message.content ?? '',
        toolCalls,
        usage: usageOf(completion.usage),
        model: completion.model || this.model,
        latencyMs: performance.now() - started,
        finishReason: finishReasonOf(choice.finish_reason),
      };
    } catch (err) {
      throw mapError(err, scope);
    } finally {
      scope.dispose();
    }
  }

  stream(req: ChatRequest): AsyncIterable<StreamEvent> {
    return this.streamEvents(req);
  }

  private async *streamEvents(req: ChatRequest): AsyncGenerator<StreamEvent> {
    const scope = this.scope(req);
    const started = performance.now();
    let firstTokenMs: number | null = null;
    const markFirst = () => {
      firstTokenMs ??= performance.now() - started;
    };
    try {
      if (scope.signal.aborted) throw scope.abortError() ?? new LlmCancelledError();
      const body: ChatCompletionCreateParamsStreaming & VllmExtras = {
        ...this.requestBody(req),
        stream: true,
        stream_options: { include_usage: true },
      };
      const chunks = await this.sdk.chat.completions.create(body, { signal: scope.signal });
      const assembler = new ToolCallAssembler();
      let content = '';
      let model = this.model;
      let usage: LlmUsage | null = null;
      let finish: FinishReason | null = null;
      for await (const chunk of chunks) {
        if (chunk.model) model = chunk.model;
        usage = usageOf(chunk.usage) ?? usage;
        const choice = chunk.choices?.[0];
        if (!choice) continue;
        const delta = choice.delta ?? {};
        for (const tc of delta.tool_calls ?? []) {
          markFirst();
          assembler.add(tc);
        }
        if (typeof delta.content === 'string' && delta.content !== '') {
          markFirst();
          content += delta.content;
          yield { type: 'delta', content: delta.content };
        }
        if (choice.finish_reason) finish = finishReasonOf(choice.finish_reason);
      }
      // The SDK ends the iteration quietly when the request is aborted: say why.
      const aborted = scope.abortError();
      if (aborted) throw aborted;
      if (finish === null)
        throw new LlmBadResponseError('the LLM stream ended before the completion finished');
      const toolCalls = assembler.calls();
      for (const call of toolCalls) yield { type: 'tool_call', call };
      yield {
        type: 'done',
        content,
        toolCalls,
        usage,
        model,
        latencyMs: performance.now() - started,
        firstTokenMs,
        finishReason: finish,
      };
    } catch (err) {
      throw mapError(err, scope);
    } finally {
      scope.dispose();
    }
  }
}

/** The client for this environment, or null in offline mode (`LLM_BASE_URL` unset). */
export function createLlmClientFromEnv(
  env: Record<string, string | undefined> = process.env,
  deps: OpenAiLlmClientDeps = {},
): LlmClient | null {
  const config = llmConfigFromEnv(env);
  return config ? new OpenAiLlmClient(config, deps) : null;
}
