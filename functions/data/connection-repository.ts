/**
 * WebSocket connections per user, with DynamoDB TTL. TTL deletion is lazy (it can lag by a day or
 * two), so reads also filter out records whose `expires_at` has passed.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '../../agents/errors.js';
import type { ConnectionRecord, ConnectionRepository } from '../../agents/ports/repositories.js';
import { ENTITY, keys } from './keys.js';
import { isConditionalCheckFailed, rethrowStorageError } from './items.js';
import type { RepositoryOptions } from './repository-options.js';
import { GSI1 } from './table-definition.js';

function toRecord(item: Record<string, unknown>): ConnectionRecord {
  return {
    connectionId: String(item['connection_id']),
    userId: String(item['user_id']),
    connectedAt: String(item['connected_at']),
    expiresAt: Number(item['expires_at']),
  };
}

export class DynamoConnectionRepository implements ConnectionRepository {
  readonly #o: RepositoryOptions;

  constructor(options: RepositoryOptions) {
    this.#o = options;
  }

  #nowSeconds(): number {
    return Math.floor((this.#o.now?.() ?? new Date()).getTime() / 1000);
  }

  async put(c: ConnectionRecord): Promise<void> {
    try {
      await this.#o.client.send(
        new PutCommand({
          TableName: this.#o.tableName,
          Item: {
            ...keys.connection(c.connectionId),
            ...keys.connectionIndexes(c.userId, c.connectionId, c.connectedAt),
            entity: ENTITY.connection,
            connection_id: c.connectionId,
            user_id: c.userId,
            connected_at: c.connectedAt,
            expires_at: c.expiresAt,
          },
        }),
      );
    } catch (err) {
      rethrowStorageError(err, 'put connection');
    }
  }

  async get(connectionId: string): Promise<ConnectionRecord | null> {
    try {
      const out = await this.#o.client.send(
        new GetCommand({ TableName: this.#o.tableName, Key: keys.connection(connectionId) }),
      );
      if (!out.Item || Number(out.Item['expires_at']) <= this.#nowSeconds()) return null;
      return toRecord(out.Item);
    } catch (err) {
      rethrowStorageError(err, 'get connection');
    }
  }

  async delete(connectionId: string): Promise<void> {
    try {
      await this.#o.client.send(
        new DeleteCommand({ TableName: this.#o.tableName, Key: keys.connection(connectionId) }),
      );
    } catch (err) {
      rethrowStorageError(err, 'delete connection');
    }
  }

  async listByUser(userId: string): Promise<ConnectionRecord[]> {
    const out: ConnectionRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    try {
      do {
        const page = await this.#o.client.send(
          new QueryCommand({
            TableName: this.#o.tableName,
            IndexName: GSI1,
            KeyConditionExpression: 'gsi1pk = :pk',
            FilterExpression: 'expires_at > :now',
            ExpressionAttributeValues: { ':pk': keys.connectionsOfUser(userId), ':now': this.#nowSeconds() },
            ExclusiveStartKey: startKey,
          }),
        );
        out.push(...(page.Items ?? []).map(toRecord));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return out;
    } catch (err) {
      rethrowStorageError(err, 'list connections');
    }
  }

  async touch(connectionId: string, expiresAt: number): Promise<void> {
    try {
      await this.#o.client.send(
        new UpdateCommand({
          TableName: this.#o.tableName,
          Key: keys.connection(connectionId),
          UpdateExpression: 'SET expires_at = :exp',
          ConditionExpression: 'attribute_exists(pk) AND expires_at > :now',
          ExpressionAttributeValues: { ':exp': expiresAt, ':now': this.#nowSeconds() },
        }),
      );
    } catch (err) {
      if (isConditionalCheckFailed(err))
        throw new NotFoundError('Connection not found', { context: { connectionId } });
      rethrowStorageError(err, 'touch connection');
    }
  }
}
