/**
 * Storing a traveller's message in a conversation, shared by REST (POST
 * /v1/conversations/{id}/messages, and the initial message of POST /v1/conversations) and the
 * WebSocket API's `user_message` frame, so both accept, build and store a message the same way.
 * The assistant's reply is not generated yet (chat is a later issue).
 */
import { newId } from '../../../agents/ids.js';
import { Message, type MessageAttachment } from '../../../agents/schemas/conversation.js';
import type { AttachmentInput, PostMessageBody } from '../route-schemas.js';
import type { ApiRuntime } from '../runtime.js';

/** What a stored message is answered with until the chat issue generates replies. */
export const NO_REPLY = {
  zh: '消息已保存；助手回复功能将在后续版本提供',
  en: "Message stored; the assistant's reply is not generated yet (coming in a later release)",
} as const;

/** Last path segment of a URL, decoded when well-formed. */
function fileName(url: string): string {
  const segment = new URL(url).pathname.split('/').pop() ?? '';
  try {
    return decodeURIComponent(segment).trim().slice(0, 255);
  } catch {
    return segment.slice(0, 255);
  }
}

function attachment(a: AttachmentInput): MessageAttachment {
  const fromUrl = fileName(a.url);
  return {
    id: newId('attachment'),
    type: a.type,
    name: a.name ?? (fromUrl || a.type),
    url: a.url,
    size: a.size ?? null,
    mimeType: a.mimeType ?? null,
  };
}

/** A new user message (validated), not yet stored. */
export function userMessage(
  conversationId: string,
  content: string,
  attachments: AttachmentInput[],
  at: string,
): Message {
  return Message.parse({
    id: newId('message'),
    conversationId,
    role: 'user',
    content,
    attachments: attachments.map(attachment),
    timestamp: at,
  });
}

/**
 * Appends the user's message to their conversation. NOT_FOUND when the conversation is missing or
 * another user's (checked in the same transaction as the write).
 */
export async function postUserMessage(
  rt: Pick<ApiRuntime, 'repos' | 'now'>,
  userId: string,
  conversationId: string,
  body: PostMessageBody,
): Promise<Message> {
  const message = userMessage(conversationId, body.content, body.attachments, rt.now().toISOString());
  return rt.repos.conversations.appendMessage(userId, message);
}
