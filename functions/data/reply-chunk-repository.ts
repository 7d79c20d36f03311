/**
 * The chunks of an assistant reply while it streams, one item each (`REPLY#<message id>` /
 * `CHUNK#<index>`), with DynamoDB TTL (`expires_at`, a day): what a `resume` frame reads when it
 * arrives on another connection or another Lambda instance than the one producing the reply (the
 * in-process buffer only serves the same instance). Once the reply is stored the message itself
 * (content and chunk lengths) answers a resume, and these items simply expire.
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ReplyChunkRepository } from '../../agents/ports/repositories.js';
import { rethrowStorageError } from './items.js';
import type { RepositoryOptions } from './repository-options.js';

/** How long chunks are kept (seconds). */
export const REPLY_CHUNK_TTL_SECONDS = 24 * 3600;

const pk = (messageId: string) => `REPLY#${messageId}`;
const sk = (index: number) => `CHUNK#${String(index).padStart(6, '0')}`;

export class DynamoReplyChunkRepository implements ReplyChunkRepository {
  readonly #o: RepositoryOptions;

  constructor(options: RepositoryOptions) {
    this.#o = options;
  }

  #nowSeconds(): number {
    return Math.floor((this.#o.now?.() ?? new Date()).getTime() / 1000);
  }

  async put(userId: string, conversationId: string, messageId: string, index: number, chunk: string) {
    try {
      await this.#o.client.send(
        new PutCommand({
          TableName: this.#o.tableName,
          Item: {
            pk: pk(messageId),
            sk: sk(index),
            entity: 'ReplyChunk',
            user_id: userId,
            conversation_id: conversationId,
            chunk_index: index,
            chunk,
            expires_at: this.#nowSeconds() + REPLY_CHUNK_TTL_SECONDS,
          },
        }),
      );
    } catch (err) {
      rethrowStorageError(err, 'put reply chunk');
    }
  }

  async list(userId: string, conversationId: string, messageId: string): Promise<string[]> {
    const out: string[] = [];
    let start: Record<string, unknown> | undefined;
    try {
      do {
        const page = await this.#o.client.send(
          new QueryCommand({
            TableName: this.#o.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :chunk)',
            ExpressionAttributeValues: { ':pk': pk(messageId), ':chunk': 'CHUNK#' },
            ConsistentRead: true,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        for (const item of page.Items ?? []) {
          // Another user's (or conversation's) reply behaves as a missing one.
          if (item['user_id'] !== userId || item['conversation_id'] !== conversationId) return [];
          if (Number(item['expires_at']) <= this.#nowSeconds()) continue;
          if (Number(item['chunk_index']) !== out.length) break; // a gap: only the contiguous prefix
          out.push(String(item['chunk']));
        }
        start = page.LastEvaluatedKey;
      } while (start);
    } catch (err) {
      rethrowStorageError(err, 'list reply chunks');
    }
    return out;
  }
}
