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
import { UserFaultError } from '../errors.js';
import { API_NAME, jsonSchemaOf } from './json-schema.js';
import type { ChatMessage, ToolCallRequest, ToolSpec } from './port.js';
import { formatIssues } from './structured.js';

/** What a tool's `run` receives besides its arguments. */
export interface ToolContext {
  signal?: AbortSignal;
  /** The user the call is made for, when known (tools that read profiles or plans scope by it). */
  userId?: string;
}

/** A tool: name, description for the model, zod input schema, implementation. */
export interface ToolDefinition<S extends z.ZodType = z.ZodType, R = unknown> {
  /** `^[a-zA-Z0-9_-]{1,64}$`. */
  name: string;
  description: string;
  /** The arguments' schema; must describe a JSON object. */
  input: S;
  run(args: z.output<S>, context: ToolContext): R | Promise<R>;
}

/** Typed helper: infers `run`'s argument type from `input`. */
export function defineTool<S extends z.ZodType, R>(definition: ToolDefinition<S, R>): ToolDefinition<S, R> {
  return definition;
}

export type ToolErrorCode = 'UNKNOWN_TOOL' | 'NOT_ALLOWED' | 'INVALID_ARGUMENTS' | 'TOOL_FAILED';

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
  error?: { code: ToolErrorCode; message: string; issues?: string[] };
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
    if (jsonSchemaOf(definition.input)['type'] !== 'object') {
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
      return { name: tool.name, description: tool.description, parameters: jsonSchemaOf(tool.input) };
    });
  }

  /** Validates and, when allowed, runs one call. Never throws for anything the model sent. */
  async dispatch(
    call: Pick<ToolCallRequest, 'id' | 'name' | 'arguments' | 'argumentsError'>,
    options: DispatchOptions = {},
  ): Promise<ToolResult> {
    const started = performance.now();
    const refuse = (code: ToolErrorCode, message: string, issues?: string[]): ToolResult => {
      const error = issues === undefined ? { code, message } : { code, message, issues };
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
    const parsed = tool.input.safeParse(call.arguments ?? {});
    if (!parsed.success) {
      return refuse(
        'INVALID_ARGUMENTS',
        'The arguments do not match the tool schema.',
        formatIssues(parsed.error),
      );
    }

    const context: ToolContext = {};
    if (options.signal !== undefined) context.signal = options.signal;
    if (options.userId !== undefined) context.userId = options.userId;
    try {
      const data = await tool.run(parsed.data, context);
      // Serialised inside the try: a result that is not JSON (cycles, BigInt) is a tool failure.
      const content = resultContent(data);
      return {
        toolCallId: call.id,
        name: call.name,
        isError: false,
        executed: true,
        content,
        data,
        durationMs: performance.now() - started,
      };
    } catch (err) {
      // A user-fault error is safe to explain; anything else is internal and stays in the logs.
      const message = err instanceof UserFaultError ? err.message : 'The tool failed.';
      const error = { code: 'TOOL_FAILED' as const, message };
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

/** The `tool` message answering a call. */
export function toolResultMessage(result: ToolResult): ChatMessage {
  return { role: 'tool', toolCallId: result.toolCallId, content: result.content };
}
