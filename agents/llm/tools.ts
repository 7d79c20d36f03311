/**
 * Tools the model may call: definitions built from zod schemas (convention 3 — the same
 * definitions are registered with the MCP server), and a dispatcher that is the only way a tool
 * call from a model gets executed.
 *
 * The dispatcher's guarantees, whatever the model (or text injected into its context) asks for:
 * - only a registered tool, and only one in the call's allow-list when one is given, is run;
 * - its arguments are parsed with the tool's own zod schema first, and a call whose arguments do
 *   not validate is never run;
 * - every refusal or failure becomes an error result (`isError: true`) to send back to the model,
 *   not an exception; a failing tool's internal error message is never passed on.
 */
import type { z } from 'zod';
import { AppError, UserFaultError, type ErrorCode, type ErrorDetail } from '../errors.js';
import { issuesToDetails, parseWire, toWire } from '../schemas/wire.js';
import { wireJsonSchemaOf } from '../schemas/json-schema.js';
import { API_NAME, jsonSchemaOf } from './json-schema.js';
import type { ChatMessage, ToolCallRequest, ToolSpec } from './port.js';
import { formatIssues } from './structured.js';

/** What a tool's `run` receives besides its arguments. */
export interface ToolContext {
  signal?: AbortSignal;
  /** The user the call is made for, when known (tools that read profiles or plans scope by it). */
  userId?: string;
  /** Language of the caller (error messages, summaries); default `zh`. */
  lang?: 'zh' | 'en';
}

/**
 * Hints about a tool's behaviour (the MCP tool annotations): clients use them to decide whether
 * a call needs the user's confirmation. They are hints, never a security boundary.
 */
export interface ToolAnnotations {
  /** Reads only; changes nothing anywhere. */
  readOnlyHint?: boolean;
  /** May delete or overwrite data (meaningful when not read-only). */
  destructiveHint?: boolean;
  /** Calling it twice with the same arguments has no further effect. */
  idempotentHint?: boolean;
  /** Talks to an open world of external data (providers) rather than a closed set. */
  openWorldHint?: boolean;
}

/** A tool: name, description for the model, zod input schema, implementation. */
export interface ToolDefinition<S extends z.ZodType = z.ZodType, R = unknown> {
  /** `^[a-zA-Z0-9_-]{1,64}$`. */
  name: string;
  description: string;
  /** The arguments' schema; must describe a JSON object. */
  input: S;
  run(args: z.output<S>, context: ToolContext): R | Promise<R>;
  /** A human-readable title (MCP `title`). */
  title?: string;
  /** The schema of what `run` returns (domain form); gives MCP's `outputSchema`. */
  output?: z.ZodType<R>;
  annotations?: ToolAnnotations;
  /**
   * True when arguments and results travel in the wire form (snake_case field names, as the REST
   * API's bodies): arguments are renamed with the input schema before validation, the JSON Schema
   * advertised uses wire names, issues name wire paths, and results are renamed with `output`.
   */
  wire?: boolean;
  /** A short readable text of a result (a sentence or a few lines) in the caller's language. */
  summarize?(result: R, lang: 'zh' | 'en'): string;
}

/** Typed helper: infers `run`'s argument type from `input`. */
export function defineTool<S extends z.ZodType, R>(definition: ToolDefinition<S, R>): ToolDefinition<S, R> {
  return definition;
}

export type ToolErrorCode = 'UNKNOWN_TOOL' | 'NOT_ALLOWED' | 'INVALID_ARGUMENTS' | 'TOOL_FAILED';

/** Why a call gave no result. */
export interface ToolError {
  code: ToolErrorCode;
  message: string;
  /** `path: message` lines (invalid arguments). */
  issues?: string[];
  /** Field-level problems: the argument's path (wire names for wire tools) and what is wrong. */
  details?: ErrorDetail[];
  /** The application error code of a failure the caller can fix (NOT_FOUND, CONFLICT, ...). */
  reason?: ErrorCode;
}

/** The outcome of one tool call, ready to go back to the model. */
export interface ToolResult {
  toolCallId: string;
  name: string;
  isError: boolean;
  /** Whether the tool's `run` was invoked. False for every refusal. */
  executed: boolean;
  /** The tool message content sent back to the model (JSON text, capped). */
  content: string;
  /** The tool's return value, on success. */
  data?: unknown;
  error?: ToolError;
  /** The tool's {@link ToolDefinition.summarize} text of the result, on success. */
  summary?: string;
  /** What the tool threw, for the logs only (never sent to the model or the user). */
  cause?: unknown;
  durationMs: number;
}

export interface DispatchOptions extends ToolContext {
  /** Tools this conversation may use; others are refused even if registered. Default: all. */
  allow?: Iterable<string>;
}

/** Tool results longer than this are replaced by a truncated preview (keeps the context bounded). */
export const MAX_TOOL_RESULT_CHARS = 16_000;

function resultContent(data: unknown): string {
  const text = JSON.stringify(data ?? null) ?? 'null';
  if (text.length <= MAX_TOOL_RESULT_CHARS) return text;
  return JSON.stringify({ truncated: true, preview: text.slice(0, MAX_TOOL_RESULT_CHARS - 100) });
}

/** The registry of tools; also the dispatcher. */
export class ToolRegistry {
  private readonly tools = new Map<string, ToolDefinition>();

  constructor(definitions: Iterable<ToolDefinition> = []) {
    for (const d of definitions) this.register(d);
  }

  /** Adds a tool. Throws on a bad or duplicate name, or an input schema that is not an object. */
  register<S extends z.ZodType, R>(definition: ToolDefinition<S, R>): this {
    if (!API_NAME.test(definition.name))
      throw new Error(`invalid tool name: ${JSON.stringify(definition.name)}`);
    if (this.tools.has(definition.name)) throw new Error(`tool already registered: ${definition.name}`);
    if (inputJsonSchema(definition as unknown as ToolDefinition)['type'] !== 'object') {
      throw new Error(`tool ${definition.name}: the input schema must describe a JSON object`);
    }
    this.tools.set(definition.name, definition as unknown as ToolDefinition);
    return this;
  }

  has(name: string): boolean {
    return this.tools.has(name);
  }

  get(name: string): ToolDefinition | undefined {
    return this.tools.get(name);
  }

  /** Every registered tool, in registration order. */
  list(): ToolDefinition[] {
    return [...this.tools.values()];
  }

  /** Chat-completions tool specs (JSON Schema from the zod input), for all or the named tools. */
  toolSpecs(names?: Iterable<string>): ToolSpec[] {
    const wanted = names === undefined ? [...this.tools.keys()] : [...names];
    return wanted.map((name) => {
      const tool = this.tools.get(name);
      if (!tool) throw new Error(`unknown tool: ${name}`);
      return { name: tool.name, description: tool.description, parameters: inputJsonSchema(tool) };
    });
  }

  /** Validates and, when allowed, runs one call. Never throws for anything the model sent. */
  async dispatch(
    call: Pick<ToolCallRequest, 'id' | 'name' | 'arguments' | 'argumentsError'>,
    options: DispatchOptions = {},
  ): Promise<ToolResult> {
    const started = performance.now();
    const refuse = (
      code: ToolErrorCode,
      message: string,
      issues?: string[],
      details?: ErrorDetail[],
    ): ToolResult => {
      const error: ToolError = { code, message };
      if (issues !== undefined) error.issues = issues;
      if (details !== undefined) error.details = details;
      return {
        toolCallId: call.id,
        name: call.name,
        isError: true,
        executed: false,
        content: JSON.stringify({ error }),
        error,
        durationMs: performance.now() - started,
      };
    };

    const tool = this.tools.get(call.name);
    if (!tool) return refuse('UNKNOWN_TOOL', `There is no tool named ${JSON.stringify(call.name)}.`);
    if (options.allow !== undefined && !new Set(options.allow).has(call.name)) {
      return refuse('NOT_ALLOWED', `The tool ${call.name} is not available here.`);
    }
    if (call.argumentsError !== undefined) {
      return refuse('INVALID_ARGUMENTS', 'The arguments are not valid JSON.', [call.argumentsError]);
    }
    // Messages are English for a model unless the caller names a language.
    const lang = options.lang ?? 'en';
    let args: unknown;
    if (tool.wire) {
      try {
        args = parseWire(tool.input, call.arguments ?? {}, lang);
      } catch (err) {
        const details = err instanceof AppError ? err.details : [];
        return refuse(
          'INVALID_ARGUMENTS',
          invalidMessage(lang),
          details.map((d) => `${d.field}: ${d.message}`),
          details,
        );
      }
    } else {
      const parsed = tool.input.safeParse(call.arguments ?? {});
      if (!parsed.success) {
        return refuse(
          'INVALID_ARGUMENTS',
          'The arguments do not match the tool schema.',
          formatIssues(parsed.error),
          issuesToDetails(tool.input, parsed.error.issues),
        );
      }
      args = parsed.data;
    }

    const context: ToolContext = {};
    if (options.lang !== undefined) context.lang = options.lang;
    if (options.signal !== undefined) context.signal = options.signal;
    if (options.userId !== undefined) context.userId = options.userId;
    try {
      const data = await tool.run(args as never, context);
      // Serialised inside the try: a result that is not JSON (cycles, BigInt) is a tool failure.
      const content = resultContent(tool.wire && tool.output ? toWire(tool.output, data as never) : data);
      const result: ToolResult = {
        toolCallId: call.id,
        name: call.name,
        isError: false,
        executed: true,
        content,
        data,
        durationMs: performance.now() - started,
      };
      if (tool.summarize) {
        try {
          result.summary = tool.summarize(data, options.lang ?? 'zh');
        } catch {
          // A summary is a convenience: the result stands without it.
        }
      }
      return result;
    } catch (err) {
      // A user-fault error is safe to explain; anything else is internal and stays in the logs.
      const error: ToolError = { code: 'TOOL_FAILED', message: 'The tool failed.' };
      if (err instanceof UserFaultError) {
        error.message = (options.lang !== undefined ? err.text?.[lang] : undefined) ?? err.message;
        error.reason = err.code;
        if (err.details.length > 0) error.details = err.details;
      } else if (options.lang === 'zh') {
        error.message = '工具执行失败。';
      }
      return {
        toolCallId: call.id,
        name: call.name,
        isError: true,
        executed: true,
        content: JSON.stringify({ error }),
        error,
        cause: err,
        durationMs: performance.now() - started,
      };
    }
  }

  /** Dispatches calls one after another, in the order the model made them. */
  async dispatchAll(
    calls: readonly Pick<ToolCallRequest, 'id' | 'name' | 'arguments' | 'argumentsError'>[],
    options: DispatchOptions = {},
  ): Promise<ToolResult[]> {
    const results: ToolResult[] = [];
    for (const call of calls) results.push(await this.dispatch(call, options));
    return results;
  }
}

function invalidMessage(lang: 'zh' | 'en'): string {
  return lang === 'zh' ? '参数不符合工具的输入格式。' : 'The arguments do not match the tool schema.';
}

/**
 * Who reads a tool's JSON Schema: `llm` (chat-completions tool specs: names as the tool takes
 * them) or `mcp` (MCP clients: the same, and tuples with a plain `items` beside `prefixItems`, so
 * draft-07 validators such as Ajv's default accept them).
 */
export type SchemaReader = 'llm' | 'mcp';

function schemaFor(tool: ToolDefinition, schema: z.ZodType, io: 'input' | 'output', reader: SchemaReader) {
  if (tool.wire) return wireJsonSchemaOf(schema, io);
  return jsonSchemaOf(schema, { io, plainTupleItems: reader === 'mcp' });
}

/** The JSON Schema of a tool's arguments, as advertised (wire names for wire tools). */
export function inputJsonSchema(tool: ToolDefinition, reader: SchemaReader = 'llm'): Record<string, unknown> {
  return schemaFor(tool, tool.input, 'input', reader);
}

/** The JSON Schema of a tool's results (wire names for wire tools), when it declares one. */
export function outputJsonSchema(
  tool: ToolDefinition,
  reader: SchemaReader = 'llm',
): Record<string, unknown> | undefined {
  return tool.output ? schemaFor(tool, tool.output, 'output', reader) : undefined;
}

/** A successful result as sent to clients: wire form for wire tools. */
export function resultPayload(tool: ToolDefinition, data: unknown): unknown {
  return tool.wire && tool.output ? toWire(tool.output, data as never) : data;
}

/** The `tool` message answering a call. */
export function toolResultMessage(result: ToolResult): ChatMessage {
  return { role: 'tool', toolCallId: result.toolCallId, content: result.content };
}
