/**
 * Local stand-in for Lambda's SQS event source mapping: long-polls a queue on fauxqs, hands each
 * batch to the real consumer handler as an SQSEvent, deletes the records the handler did not list
 * in `batchItemFailures`, and leaves the failed ones to reappear after the visibility timeout —
 * so the queue's redrive policy moves a poison message to its DLQ exactly as in AWS.
 */
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

export type SqsHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

export interface PollerOptions {
  client: SQSClient;
  queueUrl: string;
  queueArn: string;
  handler: SqsHandler;
  batchSize?: number;
  /** Long-poll wait per receive, seconds (default 1). */
  waitSeconds?: number;
  region?: string;
  onError?: (err: Error) => void;
}

export function toRecord(m: Message, queueArn: string, region: string): SQSRecord {
  return {
    messageId: m.MessageId ?? '',
    receiptHandle: m.ReceiptHandle ?? '',
    body: m.Body ?? '',
    attributes: {
      ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
      SentTimestamp: m.Attributes?.SentTimestamp ?? String(Date.now()),
      SenderId: m.Attributes?.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: m.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: m.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

/** Receives one batch and runs it; returns how many records were received. */
export async function pollOnce(o: PollerOptions): Promise<number> {
  const out = await o.client.send(
    new ReceiveMessageCommand({
      QueueUrl: o.queueUrl,
      MaxNumberOfMessages: o.batchSize ?? 10,
      WaitTimeSeconds: o.waitSeconds ?? 1,
      MessageSystemAttributeNames: ['All'],
    }),
  );
  const messages = out.Messages ?? [];
  if (messages.length === 0) return 0;
  const records = messages.map((m) => toRecord(m, o.queueArn, o.region ?? 'us-east-1'));
  let failed: Set<string>;
  try {
    const response = await o.handler({ Records: records });
    failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
  } catch (err) {
    // A thrown handler fails the whole batch, as in Lambda.
    o.onError?.(err as Error);
    failed = new Set(records.map((r) => r.messageId));
  }
  const done = records.filter((r) => !failed.has(r.messageId));
  if (done.length > 0) {
    await o.client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: o.queueUrl,
        Entries: done.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })),
      }),
    );
  }
  return records.length;
}

/** Polls until stopped. */
export function startPoller(o: PollerOptions): { stop: () => Promise<void> } {
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        await pollOnce(o);
      } catch (err) {
        o.onError?.(err as Error);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
  };
}
