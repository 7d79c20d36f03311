/**
 * Conversation domain (seed "数据模型设计 / 3. 对话域模型"): conversations, their messages,
 * attachments and tool calls.
 *
 * Keys are camelCase; wire.ts maps each one to the seed's snake_case field name. Seed
 * `Optional[X] = None` fields are `.nullish()`: they may be omitted or `null` (pydantic emits `null`).
 * Seed bug: `Dict[str, Any]` is used without importing `Any` (a NameError in Python); those fields
 * (`context`, `metadata`, tool `arguments`) are {@link JsonObject}, whose keys are data and are
 * never renamed by wire.ts.
 */
import { z } from 'zod';
import { IsoDateTime, JsonObject, EntityId, NonEmpty, HttpUrl, Count } from './common.js';

/** Conversation state (seed `ConversationStatus`). */
export const ConversationStatus = z.enum(['active', 'paused', 'completed', 'archived']);
export type ConversationStatus = z.infer<typeof ConversationStatus>;

/** Author of a message (seed `MessageRole`). */
export const MessageRole = z.enum(['user', 'assistant', 'system', 'tool']);
export type MessageRole = z.infer<typeof MessageRole>;

/** Kind of attachment (seed comment: image, file, location, contact). */
export const AttachmentType = z.enum(['image', 'file', 'location', 'contact']);
export type AttachmentType = z.infer<typeof AttachmentType>;

/** A file or item attached to a message (seed `MessageAttachment`). url is http(s); size in bytes >= 0. */
export const MessageAttachment = z.object({
  id: EntityId,
  type: AttachmentType,
  name: NonEmpty,
  url: HttpUrl,
  size: Count.nullish(),
  mimeType: z
    .string()
    .regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a MIME type such as image/jpeg')
    .nullish(),
});
export type MessageAttachment = z.infer<typeof MessageAttachment>;

/** State of a tool call (seed comment: pending, completed, failed). */
export const ToolCallStatus = z.enum(['pending', 'completed', 'failed']);
export type ToolCallStatus = z.infer<typeof ToolCallStatus>;

/**
 * One tool invocation by the assistant (seed `ToolCall`). `arguments` is a JSON object whose keys
 * are the tool's own and are never renamed; execution_time is in seconds, >= 0.
 */
export const ToolCall = z.object({
  id: EntityId,
  toolName: NonEmpty,
  arguments: JsonObject,
  result: z.string().nullish(),
  executionTime: z.number().nonnegative().nullish(),
  status: ToolCallStatus.default('pending'),
});
export type ToolCall = z.infer<typeof ToolCall>;

/**
 * One message (seed `Message`). Token counts >= 0; a `tool` message must carry the tool_call_id it
 * answers. `content` may be empty (an assistant turn that only calls tools).
 */
export const Message = z
  .object({
    id: EntityId,
    conversationId: EntityId,
    role: MessageRole,
    content: z.string(),

    metadata: JsonObject.default(() => ({})),
    attachments: z.array(MessageAttachment).default(() => []),

    modelName: z.string().min(1).nullish(),
    promptTokens: Count.nullish(),
    completionTokens: Count.nullish(),

    toolCalls: z.array(ToolCall).default(() => []),
    toolCallId: EntityId.nullish(),

    timestamp: IsoDateTime,
    editedAt: IsoDateTime.nullish(),

    isDeleted: z.boolean().default(false),
    isEdited: z.boolean().default(false),
  })
  .superRefine((m, ctx) => {
    if (m.role === 'tool' && (m.toolCallId === undefined || m.toolCallId === null)) {
      ctx.addIssue({ code: 'custom', path: ['toolCallId'], message: 'a tool message needs tool_call_id' });
    }
  });
export type Message = z.infer<typeof Message>;

/**
 * A conversation (seed `Conversation`). title 1..200 chars (default `新对话`, as in the seed);
 * message_count and total_tokens >= 0. `context` and `metadata` keys are data.
 */
export const Conversation = z.object({
  id: EntityId,
  userId: EntityId,
  title: z.string().min(1).max(200).default('新对话'),

  status: ConversationStatus.default('active'),
  context: JsonObject.default(() => ({})),
  metadata: JsonObject.default(() => ({})),

  travelPlanId: EntityId.nullish(),
  agentSessionId: EntityId.nullish(),

  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  lastMessageAt: IsoDateTime.nullish(),

  messageCount: Count.default(0),
  totalTokens: Count.default(0),
});
export type Conversation = z.infer<typeof Conversation>;
