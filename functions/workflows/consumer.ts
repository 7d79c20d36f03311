/**
 * A generic SQS consumer: parses each record, runs it at most once per unit of work (an
 * idempotency record keyed by the message's dedupe key) and reports partial batch failures
 * (`batchItemFailures`, with ReportBatchItemFailures on the event source) so only failed records
 * return to the queue — and, after `maxReceiveCount` receives, to its dead-letter queue.
 */
import { createHash } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { ConflictError } from '../../agents/errors.js';
import type { IdempotencyRepository } from '../../agents/ports/repositories.js';
import { WorkflowMessage, dedupeKey } from '../../agents/workflows/messages.js';
import type { WorkflowOutcome } from '../../agents/workflows/workflows.js';

/** How long a finished unit of work is remembered (a duplicate after that runs again). */
export const IDEMPOTENCY_TTL_SECONDS = 7 * 24 * 3600;

export interface ConsumerOptions {
  /** Consumer name (idempotency scope). */
  name: string;
  idempotency: IdempotencyRepository;
  process(message: WorkflowMessage): Promise<WorkflowOutcome>;
  log?: (level: 'info' | 'warn' | 'error', message: string, data: Record<string, unknown>) => void;
}

/** Per-record result, for logs and tests. */
export type RecordResult = 'processed' | 'duplicate' | 'failed';

export function createSqsConsumer(options: ConsumerOptions) {
  const log = options.log ?? (() => undefined);

  async function handleRecord(record: SQSRecord): Promise<RecordResult> {
    let message: WorkflowMessage;
    try {
      message = WorkflowMessage.parse(JSON.parse(record.body));
    } catch (err) {
      // Poison: retried until maxReceiveCount moves it to the DLQ, where it can be inspected.
      log('error', 'invalid message', { messageId: record.messageId, error: (err as Error).message });
      return 'failed';
    }
    const unit = dedupeKey(message);
    const key = createHash('sha256').update(unit).digest('hex');
    const hash = createHash('sha256').update(JSON.stringify(message)).digest('hex');
    try {
      const begun = await options.idempotency.begin(options.name, key, hash, IDEMPOTENCY_TTL_SECONDS);
      if (begun.state === 'completed') {
        log('info', 'duplicate delivery skipped', { messageId: record.messageId, unit });
        return 'duplicate';
      }
    } catch (err) {
      // In flight elsewhere (or same key, other payload): let the queue retry it later.
      log('warn', 'could not claim the message', {
        messageId: record.messageId,
        unit,
        reason: err instanceof ConflictError ? err.message : 'storage error',
      });
      return 'failed';
    }
    try {
      const outcome = await options.process(message);
      await options.idempotency.complete(options.name, key, {
        statusCode: 200,
        body: JSON.stringify(outcome),
      });
      log('info', 'processed', { messageId: record.messageId, unit, status: outcome.status });
      return 'processed';
    } catch (err) {
      await options.idempotency.release(options.name, key).catch(() => undefined);
      log('error', 'processing failed', { messageId: record.messageId, unit, error: (err as Error).name });
      return 'failed';
    }
  }

  /** The Lambda handler. Records run one after another (SQS standard queues do not order them). */
  async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      if ((await handleRecord(record)) === 'failed') {
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  }

  return { handler, handleRecord };
}
