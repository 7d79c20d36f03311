/**
 * Handing a chat turn to the worker. The WebSocket `$default` function only stores the message and
 * acknowledges it (well inside API Gateway's 29-second limit); the turn runs elsewhere:
 * - in AWS (`CHAT_TURN_QUEUE_URL` set): one SQS message per turn, consumed by the chat worker
 *   Lambda (functions/ws/chat-worker.ts; a dead-letter queue keeps what fails three times), which
 *   pushes the frames with postToConnection;
 * - locally (no queue): in the background of the same process — the same worker code, no wait.
 */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import type { ApiRuntime } from '../api/runtime.js';
import { runChatTurn } from '../api/services/chat.js';

/** One turn to run: the stored user message and the id the reply will have. */
export const ChatTurnJob = z.object({
  userId: z.string().min(1),
  conversationId: z.string().min(1),
  userMessageId: z.string().min(1),
  assistantMessageId: z.string().min(1),
  fallbackLanguage: z.enum(['zh', 'en']).default('zh'),
});
export type ChatTurnJob = z.infer<typeof ChatTurnJob>;

export const CHAT_TURN_QUEUE_ENV = 'CHAT_TURN_QUEUE_URL';

let sqs: SQSClient | undefined;

/** In-process turns of this process (tests and the bench wait on them). */
const running = new Set<Promise<unknown>>();
export function runningChatTurns(): Promise<unknown> {
  return Promise.allSettled([...running]);
}

/** Runs a job: loads the user message and runs the turn. Throws when storage fails (SQS retries). */
export async function runChatTurnJob(rt: ApiRuntime, job: ChatTurnJob): Promise<void> {
  const message = await rt.repos.conversations.getMessage(job.userId, job.conversationId, job.userMessageId);
  if (!message) {
    rt.logger.warn('chat turn: user message not found', { conversationId: job.conversationId });
    return;
  }
  // A redelivered job whose reply is stored already has nothing left to do.
  const done = await rt.repos.conversations.getMessage(
    job.userId,
    job.conversationId,
    job.assistantMessageId,
  );
  if (done) return;
  await runChatTurn(rt, {
    userId: job.userId,
    conversationId: job.conversationId,
    userMessage: message,
    assistantMessageId: job.assistantMessageId,
    fallbackLanguage: job.fallbackLanguage,
  });
}

/** Hands the job to the worker (see the module comment). */
export async function dispatchChatTurn(rt: ApiRuntime, job: ChatTurnJob): Promise<void> {
  const queueUrl = process.env[CHAT_TURN_QUEUE_ENV];
  if (queueUrl) {
    sqs ??= new SQSClient({
      region: rt.config.AWS_REGION,
      ...(rt.config.SQS_ENDPOINT
        ? {
            endpoint: rt.config.SQS_ENDPOINT,
            credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          }
        : {}),
    });
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(job) }));
    return;
  }
  const work = runChatTurnJob(rt, job).catch((err: unknown) =>
    rt.logger.error('chat turn failed', { conversationId: job.conversationId, error: String(err) }),
  );
  running.add(work);
  void work.finally(() => running.delete(work));
  // A Lambda may be frozen once it returns: without a queue, it waits for the turn.
  if (process.env['AWS_LAMBDA_FUNCTION_NAME']) await work;
}
