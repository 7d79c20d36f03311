/**
 * The LLM port: what the domain needs from a chat model, independent of any vendor SDK.
 *
 * One adapter implements it today (functions/llm/openai-client.ts: the `openai` package against
 * vLLM's OpenAI-compatible server with Qwen, or any compatible endpoint). Without an endpoint the
 * product runs offline and never constructs a client: every caller of this port has a
 * deterministic path (parser, templates) and uses the LLM only to improve on it.
 *
 * Errors: implementations throw the typed errors of ./errors.ts — {@link LlmTimeoutError},
 * {@link LlmCancelledError}, {@link LlmUpstreamError}, {@link LlmBadResponseError} — which are
 * subclasses of the shared classes in agents/errors.ts (DependencyFailedError for upstream
 * failures), so handlers map them without knowing about LLMs.
 */
import type { z } from 'zod';

/** One message of the conversation sent to the model. */
export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | {
      role: 'assistant';
      /** May be null or empty when the turn only calls tools. */
      content: string | null;
      toolCalls?: ToolCallRequest[];
    }
  | { role: 'tool'; toolCallId: string; content: string };

/** A function the model may call, as the chat completions API describes one. */
export interface ToolSpec {
  /** `^[a-zA-Z0-9_-]{1,64}$`, as the OpenAI API requires. */
  name: string;
  description: string;
  /** JSON Schema of the arguments object (generated from the tool's zod schema). */
  parameters: Record<string, unknown>;
}

/** `auto` (default when tools are given), `none`, `required`, or one named tool. */
export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

/** Ask for JSON matching a schema (vLLM: guided decoding; OpenAI: structured outputs). */
export interface ResponseFormat {
  /** Schema name sent to the server, `^[a-zA-Z0-9_-]{1,64}$`. */
  name: string;
  /** The contract's one zod schema; the adapter sends its JSON Schema (input side). */
  schema: z.ZodType;
  description?: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  tools?: ToolSpec[];
  toolChoice?: ToolChoice;
  responseFormat?: ResponseFormat;
  temperature?: number;
  maxTokens?: number;
  /** Cancels the call; the call then rejects with {@link LlmCancelledError}. */
  signal?: AbortSignal;
  /** Whole-call deadline (headers, body and, for streams, every chunk); overrides the client default. */
  timeoutMs?: number;
}

/** A tool call the model asked for. */
export interface ToolCallRequest {
  /** The id the tool message must answer (`tool_call_id`). */
  id: string;
  name: string;
  /** Parsed JSON arguments; `undefined` when {@link argumentsError} is set. */
  arguments: unknown;
  /** The arguments exactly as the model produced them. */
  rawArguments: string;
  /** Set when `rawArguments` is not valid JSON (models sometimes emit broken JSON). */
  argumentsError?: string;
}

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
}

/** Why generation stopped, as the server reported it (`stop`, `length`, `tool_calls`, ...). */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call' | 'unknown';

export interface ChatResult {
  /** The assistant's text ('' when it only called tools). */
  content: string;
  toolCalls: ToolCallRequest[];
  /** Token counts the server reported; null when it reported none. */
  usage: LlmUsage | null;
  /** The model that answered, as the server names it. */
  model: string;
  /** Wall time of the call, ms. */
  latencyMs: number;
  finishReason: FinishReason;
}

/** Events of a streamed completion, in order: deltas, then assembled tool calls, then `done`. */
export type StreamEvent =
  | { type: 'delta'; content: string }
  | { type: 'tool_call'; call: ToolCallRequest }
  | {
      type: 'done';
      /** The whole text, concatenated. */
      content: string;
      toolCalls: ToolCallRequest[];
      usage: LlmUsage | null;
      model: string;
      latencyMs: number;
      /** Time to the first content or tool-call delta, ms (null if none came). */
      firstTokenMs: number | null;
      finishReason: FinishReason;
    };

/** A chat model. */
export interface LlmClient {
  /** The default model name requests go to (the answer's `model` may differ). */
  readonly model: string;
  chat(request: ChatRequest): Promise<ChatResult>;
  /**
   * Streams a completion. Errors (timeout, cancellation, upstream failure, a stream cut before
   * its end) are thrown from the iterator; breaking out of the loop cancels the request.
   */
  stream(request: ChatRequest): AsyncIterable<StreamEvent>;
}
