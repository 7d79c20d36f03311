/**
 * Workflow queue port: how request handlers hand work to the async workflows (SQS in AWS, fauxqs
 * locally). Adapters live in functions/workflows (SQS, and a disabled queue for when no queue is
 * configured). Consumers are idempotent per unit of work (agents/workflows/messages.ts
 * `dedupeKey`), so sending a message again is always safe.
 */
import type { BookingFollowUpMessage, WorkflowMessage } from '../workflows/messages.js';

/** Sends messages of one kind to one workflow queue. */
export interface WorkflowQueue<M extends WorkflowMessage = WorkflowMessage> {
  /** Sends one message; rejects when the queue did not accept it. */
  enqueue(message: M): Promise<void>;
}

/** The booking follow-up queue: one message per confirmed plan version. */
export type BookingFollowUpQueue = WorkflowQueue<BookingFollowUpMessage>;
