/**
 * The chat worker Lambda: consumes turn jobs from the chat SQS queue (functions/ws/chat-dispatch.ts)
 * and runs each turn, pushing its frames with postToConnection. A job that fails is reported as a
 * batch item failure, so SQS retries it (and moves it to the dead-letter queue after three tries);
 * a job that cannot be read is dropped with a log line (retrying cannot fix it).
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { getRuntime } from '../api/runtime.js';
import { resolveSecrets } from '../edge/secrets.js';
import { ChatTurnJob, runChatTurnJob } from './chat-dispatch.js';

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  await resolveSecrets();
  const rt = getRuntime();
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    let job: ChatTurnJob;
    try {
      job = ChatTurnJob.parse(JSON.parse(record.body));
    } catch {
      rt.logger.error('chat worker: unreadable job dropped', { messageId: record.messageId });
      continue;
    }
    try {
      await runChatTurnJob(rt, job);
    } catch (err) {
      rt.logger.error('chat worker: turn failed', { messageId: record.messageId, error: String(err) });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
