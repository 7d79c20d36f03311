/**
 * Idempotency records for creating POSTs (Idempotency-Key header), expiring by TTL.
 * A claim is a conditional put; an in-flight claim holds a short lock of its own, so a handler
 * that crashed mid-request does not block retries until the whole record expires.
 */
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError, ValidationError } from '../../agents/errors.js';
import type {
  IdempotencyBegin,
  IdempotencyRepository,
  StoredResponse,
} from '../../agents/ports/repositories.js';
import { ENTITY, keys } from './keys.js';
import { isConditionalCheckFailed, oldItemOf, rethrowStorageError } from './items.js';
import type { RepositoryOptions } from './repository-options.js';

export interface IdempotencyOptions extends RepositoryOptions {
  /** Seconds an in-progress claim blocks others before it is considered abandoned (default 60). */
  inProgressLockSeconds?: number;
}

const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;

export class DynamoIdempotencyRepository implements IdempotencyRepository {
  readonly #o: IdempotencyOptions;

  constructor(options: IdempotencyOptions) {
    this.#o = options;
  }

  #nowSeconds(): number {
    return Math.floor((this.#o.now?.() ?? new Date()).getTime() / 1000);
  }

  async begin(
    scope: string,
    key: string,
    requestHash: string,
    ttlSeconds: number,
  ): Promise<IdempotencyBegin> {
    if (!KEY_PATTERN.test(key)) {
      throw new ValidationError('Invalid idempotency key', {
        details: [{ field: 'Idempotency-Key', message: '8-128 characters of A-Z a-z 0-9 _ . : -' }],
      });
    }
    const now = this.#nowSeconds();
    try {
      await this.#o.client.send(
        new PutCommand({
          TableName: this.#o.tableName,
          Item: {
            ...keys.idempotency(scope, key),
            entity: ENTITY.idempotency,
            status: 'in_progress',
            request_hash: requestHash,
            lock_expires_at: now + (this.#o.inProgressLockSeconds ?? 60),
            expires_at: now + ttlSeconds,
          },
          ConditionExpression:
            'attribute_not_exists(pk) OR expires_at <= :now OR (#status = :in_progress AND lock_expires_at <= :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':now': now, ':in_progress': 'in_progress' },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { state: 'started' };
    } catch (err) {
      if (!isConditionalCheckFailed(err)) rethrowStorageError(err, 'begin idempotent request');
      const old = oldItemOf(err) ?? {};
      if (old['request_hash'] !== requestHash) {
        throw new ConflictError('Idempotency key reused with a different request', {
          details: [{ field: 'Idempotency-Key', message: 'already used for a different request body' }],
        });
      }
      if (old['status'] === 'completed') {
        return { state: 'completed', response: JSON.parse(String(old['response'])) as StoredResponse };
      }
      throw new ConflictError('The same request is still being processed', {
        details: [{ field: 'Idempotency-Key', message: 'a request with this key is in progress' }],
      });
    }
  }

  async complete(scope: string, key: string, response: StoredResponse): Promise<void> {
    try {
      await this.#o.client.send(
        new UpdateCommand({
          TableName: this.#o.tableName,
          Key: keys.idempotency(scope, key),
          UpdateExpression: 'SET #status = :completed, #response = :response REMOVE lock_expires_at',
          ConditionExpression: '#status = :in_progress',
          ExpressionAttributeNames: { '#status': 'status', '#response': 'response' },
          ExpressionAttributeValues: {
            ':completed': 'completed',
            ':in_progress': 'in_progress',
            ':response': JSON.stringify(response),
          },
        }),
      );
    } catch (err) {
      if (isConditionalCheckFailed(err)) {
        throw new NotFoundError('No in-progress idempotent request for this key', { context: { scope } });
      }
      rethrowStorageError(err, 'complete idempotent request');
    }
  }

  async release(scope: string, key: string): Promise<void> {
    try {
      await this.#o.client.send(
        new DeleteCommand({
          TableName: this.#o.tableName,
          Key: keys.idempotency(scope, key),
          ConditionExpression: '#status = :in_progress',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':in_progress': 'in_progress' },
        }),
      );
    } catch (err) {
      if (isConditionalCheckFailed(err)) return; // already completed or gone: nothing to release
      rethrowStorageError(err, 'release idempotent request');
    }
  }
}
