/** Sends per-trip check messages to a queue (SendMessageBatch, at most ten per call). */
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { TripCheckMessage } from '../../agents/workflows/messages.js';
import type { CheckQueue } from '../../agents/workflows/workflows.js';

export class SqsCheckQueue implements CheckQueue {
  constructor(private readonly options: { client: SQSClient; queueUrl: string }) {}

  async enqueue(messages: TripCheckMessage[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 10) {
      const chunk = messages.slice(i, i + 10);
      const out = await this.options.client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.options.queueUrl,
          Entries: chunk.map((m, j) => ({ Id: String(j), MessageBody: JSON.stringify(m) })),
        }),
      );
      if (out.Failed && out.Failed.length > 0) {
        throw new Error(`SQS rejected ${out.Failed.length} check message(s): ${out.Failed[0]?.Code ?? ''}`);
      }
    }
  }
}
