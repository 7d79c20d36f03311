/**
 * Turns a completed LLM call into the fields the conversation's Message records: model name,
 * token counts, tool calls, and latency (in metadata, which the Message schema keeps as data).
 */
import type { JsonObject } from '../schemas/common.js';
import type { Message, ToolCall } from '../schemas/conversation.js';
import type { PromptRef } from './prompt-template.js';
import type { ChatResult, FinishReason, LlmUsage, ToolCallRequest } from './port.js';
import type { ToolResult } from './tools.js';

/** What a finished call (a chat result or a stream's `done` event) carries. */
export interface CompletedCall {
  model: string;
  usage: LlmUsage | null;
  latencyMs: number;
  finishReason: FinishReason;
  toolCalls: ToolCallRequest[];
}

export type LlmMessageFields = Pick<
  Message,
  'modelName' | 'promptTokens' | 'completionTokens' | 'toolCalls'
> & {
  metadata: JsonObject;
};

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Message fields of a call. Token counts are left unset when the server reported none (rather
 * than recorded as 0). Tool results, when given, complete the matching tool calls.
 */
export function messageFieldsOf(
  call: CompletedCall | ChatResult,
  extras: { toolResults?: readonly ToolResult[]; prompt?: PromptRef } = {},
): LlmMessageFields {
  const results = new Map((extras.toolResults ?? []).map((r) => [r.toolCallId, r]));
  const toolCalls: ToolCall[] = call.toolCalls.map((tc) => {
    const r = results.get(tc.id);
    const valid = tc.argumentsError === undefined && isJsonObject(tc.arguments);
    const base: ToolCall = {
      id: tc.id,
      toolName: tc.name,
      // Arguments that are not a JSON object cannot be stored as one; the call is marked failed.
      arguments: valid ? (tc.arguments as JsonObject) : {},
      status: valid ? 'pending' : 'failed',
    };
    if (!valid)
      base.result = JSON.stringify({ error: 'invalid arguments', raw: tc.rawArguments.slice(0, 500) });
    if (r) {
      base.result = r.content;
      base.executionTime = Math.round(r.durationMs) / 1000;
      base.status = r.isError ? 'failed' : 'completed';
    }
    return base;
  });
  const metadata: JsonObject = {
    latency_ms: Math.round(call.latencyMs),
    finish_reason: call.finishReason,
  };
  if (extras.prompt) metadata['prompt'] = { ...extras.prompt };
  return {
    modelName: call.model,
    promptTokens: call.usage?.promptTokens ?? null,
    completionTokens: call.usage?.completionTokens ?? null,
    toolCalls,
    metadata,
  };
}
