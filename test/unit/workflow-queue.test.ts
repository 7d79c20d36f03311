/**
 * The WorkflowQueue adapters: SQS sends one JSON message per enqueue to the configured queue; the
 * disabled queue (no queue URL configured) drops messages and says so once.
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import type { BookingFollowUpMessage } from '../../agents/workflows/messages.js';
import { DisabledWorkflowQueue, SqsWorkflowQueue } from '../../functions/workflows/sqs-workflow-queue.js';

const message: BookingFollowUpMessage = {
  type: 'booking_follow_up',
  userId: 'user_1',
  planId: 'plan_1',
  version: 2,
};

describe('workflow queue adapters', () => {
  it('SQS: one SendMessage with the JSON message to the queue URL; failures reject', async () => {
    const sent: unknown[] = [];
    const client = {
      send: async (command: unknown) => {
        sent.push(command);
        return {};
      },
    } as unknown as SQSClient;
    const queueUrl = 'http://localhost:9324/000000000000/booking-follow-up';
    await new SqsWorkflowQueue<BookingFollowUpMessage>({ client, queueUrl }).enqueue(message);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toBeInstanceOf(SendMessageCommand);
    const input = (sent[0] as SendMessageCommand).input;
    expect(input.QueueUrl).toBe(queueUrl);
    expect(JSON.parse(input.MessageBody!)).toEqual(message);

    const failing = {
      send: async () => {
        throw new Error('throttled');
      },
    } as unknown as SQSClient;
    await expect(new SqsWorkflowQueue({ client: failing, queueUrl }).enqueue(message)).rejects.toThrow(
      'throttled',
    );
  });

  it('disabled: drops messages and logs that once', async () => {
    const logged: string[] = [];
    const queue = new DisabledWorkflowQueue<BookingFollowUpMessage>({
      name: 'booking follow-up',
      env: 'BOOKING_FOLLOW_UP_QUEUE_URL',
      log: (m) => logged.push(m),
    });
    await queue.enqueue(message);
    await queue.enqueue(message);
    expect(logged).toEqual([
      'booking follow-up queue not configured (BOOKING_FOLLOW_UP_QUEUE_URL unset): messages are dropped',
    ]);
  });
});
