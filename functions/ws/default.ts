/**
 * `$default`: every frame a client sends (the route selection expression is the frame's `type`,
 * and no route is keyed by a type). Each frame is answered with one frame, sent back with
 * postToConnection (frames.ts lists them):
 * - `ping` -> `pong`;
 * - `auth` -> the token is verified like at `$connect` (same user only) and the connection runs
 *   on it until it expires -> `auth_ok`, or `error`;
 * - `user_message` -> stored in the conversation exactly as POST /v1/conversations/{id}/messages
 *   stores it -> `message_stored` (with the id the reply will have), or `message_error`; then the
 *   turn is handed to the chat worker (functions/ws/chat-dispatch.ts), whose `stream_chunk` and
 *   `tool_call_status` frames reach every open connection of the user;
 * - `resume` `{conversation_id, message_id, last_chunk_index}` -> the chunks of that reply after
 *   `last_chunk_index` (and its final frame once stored), then `resume_ok`; or `error`;
 * - anything else (not JSON, no type, an unknown type) -> `error`.
 * Every frame counts against the per-IP rate limit and a `user_message` against the per-user one
 * as well (the REST limits, `RATE_LIMIT_PER_MINUTE`): over it, an `error` / `message_error` frame
 * with code RATE_LIMITED.
 * Nothing a client sends makes the function fail: unexpected errors are logged and answered
 * with a generic `error` frame.
 */
import {
  ForbiddenError,
  PayloadTooLargeError,
  TokenExpiredError,
  toAppError,
  type AppError,
} from '../../agents/errors.js';
import type { RealtimeFrame } from '../../agents/ports/realtime.js';
import { maskPii } from '../edge/pii.js';
import { getRuntime, type ApiRuntime } from '../api/runtime.js';
import { resolveSecrets } from '../edge/secrets.js';
import { postUserMessage } from '../api/services/conversations.js';
import { profileLanguage, resumeFrames } from '../api/services/chat.js';
import { newId } from '../../agents/ids.js';
import { NotFoundError } from '../../agents/errors.js';
import { dispatchChatTurn } from './chat-dispatch.js';
import { verifyConnectionToken } from './connection-auth.js';
import type { WebSocketEvent, WebSocketResult } from './events.js';
import {
  AuthFrameData,
  InboundFrame,
  ResumeFrameData,
  UserMessageFrameData,
  authOkFrame,
  errorFrame,
  invalidFrame,
  messageErrorFrame,
  messageStoredFrame,
  parseFrameData,
  pongFrame,
} from './frames.js';
import { WS_MAX_MESSAGE_BYTES } from './routes.js';
import { observe } from '../observability.js';

function logFailure(rt: ApiRuntime, message: string, connectionId: string, err: unknown): void {
  const e = err as Error | undefined;
  rt.logger.error(message, { connectionId, error: maskPii(String(e?.stack ?? e?.message ?? err)) });
}

/** The inbound frame, or the `error` frame answering what cannot be read. */
function readFrame(event: WebSocketEvent): { frame: InboundFrame } | { error: RealtimeFrame } {
  const body = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
  if (Buffer.byteLength(text) > WS_MAX_MESSAGE_BYTES) {
    return {
      error: errorFrame(
        new PayloadTooLargeError('Frame too large', { context: { limit: WS_MAX_MESSAGE_BYTES } }),
      ),
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      error: errorFrame(
        invalidFrame(
          { zh: '消息帧不是有效的 JSON', en: 'The frame is not valid JSON' },
          '(frame)',
          '需要 JSON 对象，如 {"type":"ping"}',
          'a JSON object is expected, e.g. {"type":"ping"}',
        ),
      ),
    };
  }
  const parsed = InboundFrame.safeParse(json);
  if (!parsed.success) {
    return {
      error: errorFrame(
        invalidFrame(
          { zh: '消息帧缺少类型', en: 'The frame has no type' },
          'type',
          '需要字符串字段 type',
          'a string field "type" is required',
        ),
      ),
    };
  }
  return { frame: parsed.data };
}

/** The client's id of a `user_message`, when it sent a usable one (echoed in the answer). */
function clientMessageId(data: unknown): string | null {
  const id = (data as Record<string, unknown> | null | undefined)?.['message_id'];
  return typeof id === 'string' && id.length > 0 && id.length <= 128 ? id : null;
}

async function onAuth(rt: ApiRuntime, connectionId: string, data: unknown): Promise<RealtimeFrame> {
  try {
    const { token } = parseFrameData(AuthFrameData, data);
    const { claims, expiresAt } = await verifyConnectionToken(rt, token);
    const current = await rt.repos.connections.get(connectionId);
    if (current && current.userId !== claims.userId) {
      throw new ForbiddenError('auth frame of another user', {
        text: { zh: '令牌属于其他用户', en: 'The token belongs to another user' },
      });
    }
    await rt.repos.connections.put({
      connectionId,
      userId: claims.userId,
      connectedAt: current?.connectedAt ?? rt.now().toISOString(),
      expiresAt,
    });
    return authOkFrame(claims.userId, expiresAt);
  } catch (err) {
    const e = toAppError(err);
    if (e.fault === 'system') logFailure(rt, 'websocket auth failed', connectionId, err);
    return errorFrame(e);
  }
}

/** The answer to a frame, and work to run once the answer has been sent. */
interface Answer {
  frame: RealtimeFrame;
  after?: () => Promise<void>;
}

async function onUserMessage(rt: ApiRuntime, connectionId: string, data: unknown): Promise<Answer> {
  const clientId = clientMessageId(data);
  const connection = await rt.repos.connections.get(connectionId);
  if (!connection) {
    // Expired with its token (or never stored): the client must authenticate again first.
    return {
      frame: errorFrame(
        new TokenExpiredError('Connection not authenticated', {
          text: {
            zh: '连接的登录已过期，请发送 auth 消息更新令牌',
            en: 'The connection is no longer authenticated; send an auth frame with a fresh token',
          },
        }),
      ),
    };
  }
  try {
    // A stored message is work done for the user: it counts against the user's limit too.
    await rt.rateLimit([`user:${connection.userId}`]);
    const input = parseFrameData(UserMessageFrameData, data, {
      zh: '消息内容有误',
      en: 'The message is not valid',
    });
    const stored = await postUserMessage(rt, connection.userId, input.conversationId, {
      content: input.content,
      attachments: input.attachments,
    });
    rt.logger.info('websocket message stored', {
      connectionId,
      userId: connection.userId,
      conversationId: stored.conversationId,
      messageId: stored.id,
    });
    const assistantMessageId = newId('message');
    const job = {
      userId: connection.userId,
      conversationId: stored.conversationId,
      userMessageId: stored.id,
      assistantMessageId,
      fallbackLanguage: await profileLanguage(rt, connection.userId, 'zh'),
    };
    return {
      frame: messageStoredFrame(stored, clientId, assistantMessageId),
      after: () => dispatchChatTurn(rt, job),
    };
  } catch (err) {
    const e: AppError = toAppError(err);
    if (e.fault === 'system') logFailure(rt, 'websocket message failed', connectionId, err);
    return { frame: messageErrorFrame(clientId, e) };
  }
}

async function onResume(rt: ApiRuntime, connectionId: string, data: unknown): Promise<Answer> {
  try {
    const connection = await rt.repos.connections.get(connectionId);
    if (!connection) throw new TokenExpiredError('Connection not authenticated');
    const input = parseFrameData(ResumeFrameData, data, {
      zh: 'resume 消息有误',
      en: 'The resume frame is not valid',
    });
    const frames = await resumeFrames(
      rt,
      connection.userId,
      input.conversationId,
      input.messageId,
      input.lastChunkIndex ?? -1,
    );
    // Another user's conversation reads exactly like a missing one.
    if (!frames)
      throw new NotFoundError('Message not found', {
        text: { zh: '找不到这条回复', en: 'That reply was not found' },
      });
    for (const f of frames) await rt.realtime?.sendToConnection(connectionId, f);
    const final = frames.some((f) => f.type === 'stream_chunk' && f.data['is_final'] === true);
    return {
      frame: {
        type: 'resume_ok',
        data: {
          conversation_id: input.conversationId,
          message_id: input.messageId,
          resent: frames.filter((f) => f.data['is_final'] !== true).length,
          complete: final,
        },
      },
    };
  } catch (err) {
    const e = toAppError(err);
    if (e.fault === 'system') logFailure(rt, 'websocket resume failed', connectionId, err);
    return { frame: errorFrame(e) };
  }
}

async function answer(rt: ApiRuntime, event: WebSocketEvent): Promise<Answer> {
  const frame = await answerFrame(rt, event);
  return 'frame' in frame ? frame : { frame };
}

async function answerFrame(rt: ApiRuntime, event: WebSocketEvent): Promise<RealtimeFrame | Answer> {
  const { connectionId } = event.requestContext;
  // Every frame counts against the caller's address, as every REST request does.
  try {
    await rt.rateLimit([`ip:${event.requestContext.identity?.sourceIp ?? 'unknown'}`]);
  } catch (err) {
    return errorFrame(toAppError(err));
  }
  const read = readFrame(event);
  if ('error' in read) return read.error;
  const { frame } = read;
  switch (frame.type) {
    case 'ping':
      return pongFrame(rt.now());
    case 'auth':
      return onAuth(rt, connectionId, frame.data);
    case 'user_message':
      return onUserMessage(rt, connectionId, frame.data);
    case 'resume':
      return onResume(rt, connectionId, frame.data);
    default:
      return errorFrame(
        invalidFrame(
          { zh: '不支持的消息类型', en: 'Unsupported frame type' },
          'type',
          `未知类型 "${frame.type}"；支持 ping、auth、user_message、resume`,
          `unknown type "${frame.type}"; supported: ping, auth, user_message, resume`,
        ),
      );
  }
}

async function handle(event: WebSocketEvent): Promise<WebSocketResult> {
  await resolveSecrets();
  const rt = getRuntime();
  const { connectionId } = event.requestContext;
  let reply: RealtimeFrame;
  let after: (() => Promise<void>) | undefined;
  let status = 200;
  try {
    const a = await answer(rt, event);
    reply = a.frame;
    after = a.after;
  } catch (err) {
    logFailure(rt, 'websocket frame failed', connectionId, err);
    reply = errorFrame(toAppError(err));
    status = 500;
  }
  if (!rt.realtime) {
    rt.logger.error('websocket reply not sent: WEBSOCKET_ENDPOINT is not set', { connectionId });
    return { statusCode: 500 };
  }
  try {
    await rt.realtime.sendToConnection(connectionId, reply);
  } catch (err) {
    logFailure(rt, 'websocket reply failed', connectionId, err);
    status = 500;
  }
  // The acknowledgement is out: now the turn (its frames follow the acknowledgement).
  if (after) {
    try {
      await after();
    } catch (err) {
      logFailure(rt, 'chat turn dispatch failed', connectionId, err);
    }
  }
  return { statusCode: status };
}

/** The route's Lambda handler (metrics, tracing and request id: functions/observability.ts). */
export const handler = observe('ws.default', handle);
