/**
 * The conversations function: POST and GET /v1/conversations, GET /v1/conversations/{id}, POST and
 * GET /v1/conversations/{id}/messages. A posted message (and an initial message) is stored through
 * services/conversations.ts (shared with the WebSocket `user_message` frame) and answered by the
 * chat turn engine (services/chat.ts): the reply is in the response (`reply`, or the second of
 * `messages`) and in GET .../messages; its frames also reach the user's open WebSocket connections.
 */
import { NotFoundError } from '../../../agents/errors.js';
import { newId } from '../../../agents/ids.js';
import { Conversation } from '../../../agents/schemas/conversation.js';
import { createFunctionHandler } from '../http.js';
import { chatStateFrom } from '../../../agents/conversation/turn-engine.js';
import { profileLanguage, runChatTurn } from '../services/chat.js';
import { callerId } from '../services/common.js';
import { postUserMessage, userMessage } from '../services/conversations.js';
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
    if (first) {
      messages.push(
        await runChatTurn(rt, {
          userId,
          conversationId: conversation.id,
          userMessage: first,
          fallbackLanguage: await profileLanguage(rt, userId, req.lang),
        }),
      );
    }
    const stored = (await rt.repos.conversations.get(userId, conversation.id)) ?? conversation;
    return { data: { ...stored, messages } };
  },

  postMessage: async (req, rt) => {
    const userId = callerId(req);
    // NOT_FOUND when the conversation is missing or another user's (checked in the same transaction).
    const stored = await postUserMessage(rt, userId, req.params.id, req.body);
    const reply = await runChatTurn(rt, {
      userId,
      conversationId: stored.conversationId,
      userMessage: stored,
      fallbackLanguage: await profileLanguage(rt, userId, req.lang),
    });
    return { data: { ...stored, reply } };
  },

  listConversations: async (req, rt) => {
    const userId = callerId(req);
    const q = req.query;
    const page = await pageByNumber(
      (cursor) =>
        rt.repos.conversations.list(userId, {
          limit: q.limit,
          ...(cursor ? { cursor } : {}),
          ...(q.status ? { status: q.status } : {}),
        }),
      q.page,
      q.cursor,
    );
    return {
      data: {
        conversations: page.items,
        pagination: { page: q.page, limit: q.limit, hasNext: page.nextCursor !== null },
        nextCursor: page.nextCursor,
      },
    };
  },

  getConversation: async (req, rt) => {
    const userId = callerId(req);
    const conversationId = req.params.id;
    const conversation = await rt.repos.conversations.get(userId, conversationId);
    if (!conversation) throw new NotFoundError('Conversation not found', { context: { conversationId } });
    const state = chatStateFrom(conversation.context, req.lang);
    return {
      data: {
        ...conversation,
        currentPlanId: state.planId ?? conversation.travelPlanId ?? null,
        currentPlanVersion: state.planVersion,
        slots: JSON.parse(JSON.stringify(state.slots.draft)) as Record<string, unknown>,
        missingSlots: state.slots.missing,
        language: state.language,
      },
    };
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
