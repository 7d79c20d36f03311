/**
 * Counters with expiry, for request rate limits and login backoff.
 *
 * Rate limits use fixed windows: one item per key and window (`RATE#<key>#<window start>`),
 * counted with an atomic `ADD` whose condition refuses the increment once the limit is reached,
 * so N concurrent requests can never all pass; the item expires (TTL) shortly after its window.
 * Login failures are one item per key with a failure count, a lock time and a TTL that restarts
 * with each failure.
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CounterRepository, FailureState, WindowHit } from '../../agents/ports/auth.js';
import { ENTITY, keys } from './keys.js';
import { isConditionalCheckFailed, rethrowStorageError } from './items.js';
import type { RepositoryOptions } from './repository-options.js';

/** Seconds a window item outlives its window (TTL deletion is lazy anyway). */
const WINDOW_GRACE_SECONDS = 60;

export class DynamoCounterRepository implements CounterRepository {
  readonly #o: RepositoryOptions;

  constructor(options: RepositoryOptions) {
    this.#o = options;
  }

  #nowSeconds(): number {
    return Math.floor((this.#o.now?.() ?? new Date()).getTime() / 1000);
  }

  async hit(key: string, limit: number, windowSeconds: number, amount = 1): Promise<WindowHit> {
    const now = this.#nowSeconds();
    const windowStart = now - (now % windowSeconds);
    const windowEndsAt = windowStart + windowSeconds;
    const resetInSeconds = windowEndsAt - now;
    if (!Number.isInteger(amount) || amount < 1) throw new Error('amount must be a positive integer');
    if (amount > limit) return { allowed: false, count: limit, resetInSeconds, windowEndsAt };
    try {
      const out = await this.#o.client.send(
        new UpdateCommand({
          TableName: this.#o.tableName,
          Key: keys.rateWindow(key, windowStart),
          UpdateExpression:
            'ADD #count :amount SET expires_at = if_not_exists(expires_at, :exp), entity = if_not_exists(entity, :entity)',
          ConditionExpression: 'attribute_not_exists(#count) OR #count <= :room',
          ExpressionAttributeNames: { '#count': 'request_count' },
          ExpressionAttributeValues: {
            ':amount': amount,
            ':room': limit - amount,
            ':exp': windowStart + windowSeconds + WINDOW_GRACE_SECONDS,
            ':entity': ENTITY.rateWindow,
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      const count = Number(out.Attributes?.['request_count'] ?? amount);
      return { allowed: true, count, resetInSeconds, windowEndsAt };
    } catch (err) {
      if (isConditionalCheckFailed(err))
        return { allowed: false, count: limit, resetInSeconds, windowEndsAt };
      rethrowStorageError(err, 'count request');
    }
  }

  async failures(keyList: string[]): Promise<FailureState[]> {
    const now = this.#nowSeconds();
    try {
      return await Promise.all(
        keyList.map(async (key) => {
          const out = await this.#o.client.send(
            new GetCommand({
              TableName: this.#o.tableName,
              Key: keys.loginFailures(key),
              ConsistentRead: true,
            }),
          );
          const item = out.Item;
          if (!item || Number(item['expires_at']) <= now) return { failures: 0, lockedUntilMs: 0 };
          return {
            failures: Number(item['failures'] ?? 0),
            lockedUntilMs: Number(item['locked_until_ms'] ?? 0),
          };
        }),
      );
    } catch (err) {
      rethrowStorageError(err, 'read login failures');
    }
  }

  async addFailure(key: string, ttlSeconds: number): Promise<number> {
    const now = this.#nowSeconds();
    try {
      const out = await this.#o.client.send(
        new UpdateCommand({
          TableName: this.#o.tableName,
          Key: keys.loginFailures(key),
          UpdateExpression: 'ADD failures :one SET expires_at = :exp, entity = :entity',
          // An expired record (TTL deletion lags) must not keep counting: start it over instead.
          ConditionExpression: 'attribute_not_exists(pk) OR expires_at > :now',
          ExpressionAttributeValues: {
            ':one': 1,
            ':exp': now + ttlSeconds,
            ':now': now,
            ':entity': ENTITY.loginFailures,
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(out.Attributes?.['failures'] ?? 1);
    } catch (err) {
      if (!isConditionalCheckFailed(err)) rethrowStorageError(err, 'record login failure');
    }
    try {
      await this.#o.client.send(
        new PutCommand({
          TableName: this.#o.tableName,
          Item: {
            ...keys.loginFailures(key),
            entity: ENTITY.loginFailures,
            failures: 1,
            expires_at: now + ttlSeconds,
          },
        }),
      );
      return 1;
    } catch (err) {
      rethrowStorageError(err, 'record login failure');
    }
  }

  async lock(key: string, lockedUntilMs: number, ttlSeconds: number): Promise<void> {
    try {
      await this.#o.client.send(
        new UpdateCommand({
          TableName: this.#o.tableName,
          Key: keys.loginFailures(key),
          UpdateExpression: 'SET locked_until_ms = :until, expires_at = :exp',
          ExpressionAttributeValues: {
            ':until': lockedUntilMs,
            ':exp': Math.ceil(lockedUntilMs / 1000) + ttlSeconds,
          },
        }),
      );
    } catch (err) {
      rethrowStorageError(err, 'lock login');
    }
  }

  async clearFailures(key: string): Promise<void> {
    try {
      await this.#o.client.send(
        new DeleteCommand({ TableName: this.#o.tableName, Key: keys.loginFailures(key) }),
      );
    } catch (err) {
      rethrowStorageError(err, 'clear login failures');
    }
  }
}
