/**
 * WebSocket frames (seed: `{"type": ..., "data": {...}}`): the schemas of what clients send and
 * the builders of what the `$default` route answers. Every text a person reads is in Chinese
 * (`message`, as in the seed) and English (`message_en`).
 *
 * In:  `ping`; `auth` `{token}`; `user_message` `{conversation_id, content, attachments?, message_id?}`
 *      (the body of POST /v1/conversations/{id}/messages plus the conversation and the client's
 *      own id for the message).
 * Out: `pong`; `auth_ok`; `message_stored` `{conversation_id, message_id, client_message_id,
 *      timestamp}`; `error` `{code, message, message_en, details}`; `message_error` `{message_id,
 *      error_code, error_message, error_message_en, details}`. `agent_status` and `notification`
 *      frames are pushed by the planner and the workflows (agents/planning/agent-status.ts,
 *      functions/notify/websocket-in-app-sender.ts).
 */
import { z } from 'zod';
import {
  DEFAULT_MESSAGES,
  RateLimitedError,
  ValidationError,
  type AppError,
  type LocalizedText,
} from '../../agents/errors.js';
import type { RealtimeFrame } from '../../agents/ports/realtime.js';
import { EntityId } from '../../agents/schemas/common.js';
import type { Message } from '../../agents/schemas/conversation.js';
import { parseWire } from '../../agents/schemas/wire.js';
import { PostMessageBody } from '../api/route-schemas.js';

/** Any inbound frame: a type, and data whose shape the type decides. */
export const InboundFrame = z.object({
  type: z.string().min(1).max(64),
  data: z.unknown().optional(),
});
export type InboundFrame = z.infer<typeof InboundFrame>;

/** `auth`: a (refreshed) access token for this connection. */
export const AuthFrameData = z.object({ token: z.string().min(1).max(4096) });

/** `user_message`: POST /v1/conversations/{id}/messages's body, the conversation, the client's id. */
export const UserMessageFrameData = PostMessageBody.extend({
  conversationId: EntityId,
  /** The client's own id of the message, echoed in `message_stored` / `message_error`. */
  messageId: z.string().trim().min(1).max(128).nullish(),
});
export type UserMessageFrameData = z.infer<typeof UserMessageFrameData>;

/** `resume`: after a reconnect, the chunks of a reply after `last_chunk_index` are sent again. */
export const ResumeFrameData = z.object({
  conversationId: EntityId,
  messageId: EntityId,
  /** The last chunk_index received (-1 or absent: none). */
  lastChunkIndex: z.number().int().min(-1).max(1_000_000).nullish(),
});

/** One field problem, in both languages. */
export interface FrameDetail {
  field: string;
  message: string;
  message_en: string;
}

/** A frame (or its data) that does not match its schema; carries bilingual field details. */
export class InvalidFrameError extends ValidationError {
  constructor(
    readonly frameDetails: FrameDetail[],
    text: LocalizedText = { zh: '消息格式有误', en: 'The frame is not valid' },
  ) {
    super('Invalid frame', { text, details: frameDetails.map(({ field, message }) => ({ field, message })) });
  }
}

/** Validates a frame's `data` (wire names, snake_case) into the domain shape, or throws {@link InvalidFrameError}. */
export function parseFrameData<S extends z.ZodType>(
  schema: S,
  data: unknown,
  text?: LocalizedText,
): z.output<S> {
  try {
    return parseWire(schema, data ?? {}, 'zh');
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    let english: { field: string; message: string }[] = [];
    try {
      parseWire(schema, data ?? {}, 'en');
    } catch (enErr) {
      if (enErr instanceof ValidationError) english = enErr.details;
    }
    throw new InvalidFrameError(
      err.details.map((d, i) => ({
        field: d.field,
        message: d.message,
        message_en: english[i]?.message ?? d.message,
      })),
      text,
    );
  }
}

/** A frame problem without a schema behind it (not JSON, unknown type). */
export function invalidFrame(text: LocalizedText, field: string, zh: string, en: string): InvalidFrameError {
  return new InvalidFrameError([{ field, message: zh, message_en: en }], text);
}

function textOf(err: AppError): LocalizedText {
  // System faults are shown generically: their own message is for the logs.
  return err.fault === 'user'
    ? { zh: err.localizedMessage('zh'), en: err.localizedMessage('en') }
    : DEFAULT_MESSAGES[err.code];
}

function detailsOf(err: AppError): FrameDetail[] {
  if (err instanceof InvalidFrameError) return err.frameDetails;
  if (err.fault !== 'user') return [];
  return err.details.map((d) => ({ field: d.field, message: d.message, message_en: d.message }));
}

/** `error`: the connection's problem (authentication, a frame that cannot be read). */
/** Seconds to wait before trying again, on a rate-limit refusal (REST sends Retry-After). */
function retryOf(err: AppError): { retry_after_seconds?: number } {
  return err instanceof RateLimitedError ? { retry_after_seconds: err.retryAfterSeconds } : {};
}

export function errorFrame(err: AppError): RealtimeFrame {
  const text = textOf(err);
  return {
    type: 'error',
    data: { code: err.code, message: text.zh, message_en: text.en, details: detailsOf(err), ...retryOf(err) },
  };
}

/** `message_error`: a `user_message` that could not be stored. */
export function messageErrorFrame(clientMessageId: string | null, err: AppError): RealtimeFrame {
  const text = textOf(err);
  return {
    type: 'message_error',
    data: {
      message_id: clientMessageId,
      error_code: err.code,
      error_message: text.zh,
      error_message_en: text.en,
      details: detailsOf(err),
      ...retryOf(err),
    },
  };
}

/** `message_stored`: the message is in the conversation (the assistant's reply comes with the chat issue). */
export function messageStoredFrame(
  stored: Message,
  clientMessageId: string | null,
  assistantMessageId?: string,
): RealtimeFrame {
  return {
    type: 'message_stored',
    data: {
      conversation_id: stored.conversationId,
      message_id: stored.id,
      client_message_id: clientMessageId,
      timestamp: stored.timestamp,
      // The id of the reply's stream_chunk frames (for `resume` after a reconnect).
      ...(assistantMessageId ? { reply_message_id: assistantMessageId } : {}),
    },
  };
}

/** `pong`: the answer to `ping`. */
export function pongFrame(now: Date): RealtimeFrame {
  return { type: 'pong', data: { timestamp: now.toISOString() } };
}

/** `auth_ok`: the connection now runs on the new token until `expires_at`. */
export function authOkFrame(userId: string, expiresAtSeconds: number): RealtimeFrame {
  return {
    type: 'auth_ok',
    data: { user_id: userId, expires_at: new Date(expiresAtSeconds * 1000).toISOString() },
  };
}
