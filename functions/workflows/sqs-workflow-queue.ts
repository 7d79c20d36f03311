/**
 * Adapters of the WorkflowQueue port (agents/ports/workflow-queue.ts): SQS SendMessage, and a
 * disabled queue for processes without a queue URL (unit tests, a bare local run).
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { WorkflowQueue } from '../../agents/ports/workflow-queue.js';
import type { WorkflowMessage } from '../../agents/workflows/messages.js';

/** Sends each message as one SQS message (JSON body). The client is created once and injected. */
export class SqsWorkflowQueue<M extends WorkflowMessage> implements WorkflowQueue<M> {
  constructor(private readonly options: { client: SQSClient; queueUrl: string }) {}

  async enqueue(message: M): Promise<void> {
    await this.options.client.send(
      new SendMessageCommand({ QueueUrl: this.options.queueUrl, MessageBody: JSON.stringify(message) }),
    );
  }
}

/** A queue that is not configured: drops every message, saying so once (on the first message). */
export class DisabledWorkflowQueue<M extends WorkflowMessage> implements WorkflowQueue<M> {
  #warned = false;

  constructor(private readonly options: { name: string; env: string; log: (message: string) => void }) {}

  async enqueue(_message: M): Promise<void> {
    if (this.#warned) return;
    this.#warned = true;
    this.options.log(
      `${this.options.name} queue not configured (${this.options.env} unset): messages are dropped`,
    );
  }
}
