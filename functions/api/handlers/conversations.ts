/**
 * The conversations function: POST /v1/conversations, POST and GET /v1/conversations/{id}/messages.
 * The assistant's reply is not generated here yet (chat is a later issue): a posted message is
 * stored and returned, and the response message says so. Messages are stored through
 * services/conversations.ts, shared with the WebSocket API's `user_message` frame.
 */
import { NotFoundError } from '../../../agents/errors.js';
import { newId } from '../../../agents/ids.js';
import { Conversation } from '../../../agents/schemas/conversation.js';
import { createFunctionHandler } from '../http.js';
import { callerId, say } from '../services/common.js';
import { NO_REPLY, postUserMessage, userMessage } from '../services/conversations.js';
import { pageByNumber, pagination } from '../services/paging.js';

export const handler = createFunctionHandler('conversations', {
  createConversation: async (req, rt) => {
    const userId = callerId(req);
    const now = rt.now().toISOString();
    const conversation = Conversation.parse({
      id: newId('conversation'),
      userId,
      ...(req.body.title ? { title: req.body.title } : {}),
      createdAt: now,
      updatedAt: now,
    });
    // Built (and validated) before anything is written, so a bad message cannot leave a conversation behind.
    const first = req.body.initialMessage
      ? userMessage(conversation.id, req.body.initialMessage, [], now)
      : null;
    await rt.repos.conversations.create(conversation);
    const messages = first ? [await rt.repos.conversations.appendMessage(userId, first)] : [];
    const stored = first
      ? { ...conversation, messageCount: 1, lastMessageAt: first.timestamp }
      : conversation;
    return {
      data: { ...stored, messages },
      message: first ? say(req.lang, NO_REPLY.zh, NO_REPLY.en) : undefined,
    };
  },

  postMessage: async (req, rt) => {
    // NOT_FOUND when the conversation is missing or another user's (checked in the same transaction).
    const stored = await postUserMessage(rt, callerId(req), req.params.id, req.body);
    return { data: stored, message: say(req.lang, NO_REPLY.zh, NO_REPLY.en) };
  },

  listMessages: async (req, rt) => {
    const userId = callerId(req);
    const conversationId = req.params.id;
    const q = req.query;
    const conversation = await rt.repos.conversations.get(userId, conversationId);
    if (!conversation) throw new NotFoundError('Conversation not found', { context: { conversationId } });
    const page = await pageByNumber(
      (cursor) =>
        rt.repos.conversations.listMessages({
          userId,
          conversationId,
          limit: q.limit,
          cursor,
          beforeMessageId: q.beforeMessageId,
        }),
      q.page,
      q.cursor,
    );
    return {
      data: {
        messages: page.items,
        // `total` counts the conversation's messages (not only those before before_message_id).
        pagination: pagination(q.page, q.limit, conversation.messageCount, page),
        nextCursor: page.nextCursor,
      },
    };
  },
});
