/**
 * Conversations and messages in DynamoDB. A conversation's messages live in their own partition
 * sorted by their ULID ids (time order), so "the 20 messages before msg_X" is a single Query with
 * `sk < MSG#msg_X`. Appending a message and updating the conversation's counters is one transaction.
 */
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError, ValidationError } from '../../agents/errors.js';
import type {
  ConversationChanges,
  ConversationRepository,
  MessageListQuery,
  Page,
  PageRequest,
} from '../../agents/ports/repositories.js';
import { Conversation, Message, type ConversationStatus } from '../../agents/schemas/conversation.js';
import { toWire } from '../../agents/schemas/wire.js';
import { ENTITY, keys } from './keys.js';
import {
  fromItem,
  isConditionalCheckFailed,
  rethrowStorageError,
  toItem,
  updateExpressionFor,
  rethrowPutIfAbsent,
  rethrowTransactionConditions,
} from './items.js';
import { queryPage } from './query-page.js';
import type { RepositoryOptions } from './repository-options.js';
import { GSI1 } from './table-definition.js';

export class DynamoConversationRepository implements ConversationRepository {
  readonly #o: RepositoryOptions;

  constructor(options: RepositoryOptions) {
    this.#o = options;
  }

  #now(): string {
    return (this.#o.now?.() ?? new Date()).toISOString();
  }

  async create(conversation: Conversation): Promise<Conversation> {
    const valid = Conversation.parse(conversation);
    try {
      await this.#o.client.send(
        new PutCommand({
          TableName: this.#o.tableName,
          Item: toItem(Conversation, valid, {
            ...keys.conversation(valid.id),
            ...keys.conversationIndexes(valid.userId, valid.id, valid.lastMessageAt ?? valid.createdAt),
            entity: ENTITY.conversation,
          }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return valid;
    } catch (err) {
      rethrowPutIfAbsent(
        err,
        () =>
          new ConflictError('Conversation id already exists', {
            details: [{ field: 'id', message: 'already exists' }],
          }),
        'create conversation',
      );
    }
  }

  async get(userId: string, conversationId: string): Promise<Conversation | null> {
    try {
      const out = await this.#o.client.send(
        new GetCommand({
          TableName: this.#o.tableName,
          Key: keys.conversation(conversationId),
          ConsistentRead: true,
        }),
      );
      if (!out.Item || out.Item['user_id'] !== userId) return null;
      return fromItem(Conversation, out.Item);
    } catch (err) {
      rethrowStorageError(err, 'get conversation');
    }
  }

  async update(userId: string, conversationId: string, changes: ConversationChanges): Promise<Conversation> {
    const current = await this.get(userId, conversationId);
    if (!current) throw new NotFoundError('Conversation not found', { context: { conversationId } });
    Conversation.parse({ ...current, ...changes });
    const wire = toWire(Conversation, changes as Conversation) as Record<string, unknown>;
    const update = updateExpressionFor(wire, this.#now());
    try {
      const out = await this.#o.client.send(
        new UpdateCommand({
          TableName: this.#o.tableName,
          Key: keys.conversation(conversationId),
          UpdateExpression: update.expression,
          ConditionExpression: 'attribute_exists(pk) AND user_id = :uid',
          ExpressionAttributeNames: update.names,
          ExpressionAttributeValues: { ...update.values, ':uid': userId },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return fromItem(Conversation, out.Attributes ?? {});
    } catch (err) {
      if (isConditionalCheckFailed(err))
        throw new NotFoundError('Conversation not found', { context: { conversationId } });
      rethrowStorageError(err, 'update conversation');
    }
  }

  async list(
    userId: string,
    page: PageRequest & { status?: ConversationStatus },
  ): Promise<Page<Conversation>> {
    const result = await queryPage(this.#o, {
      indexName: GSI1,
      partitionValue: keys.conversationsOfUser(userId),
      filter: page.status
        ? {
            expression: '#status = :status',
            names: { '#status': 'status' },
            values: { ':status': page.status },
          }
        : undefined,
      order: 'desc',
      limit: page.limit,
      cursor: page.cursor,
      context: `conversations|${page.status ?? '*'}`,
    });
    return { items: result.items.map((i) => fromItem(Conversation, i)), nextCursor: result.nextCursor };
  }

  async appendMessage(userId: string, message: Message): Promise<Message> {
    const valid = Message.parse(message);
    const tokens = (valid.promptTokens ?? 0) + (valid.completionTokens ?? 0);
    const at = valid.timestamp;
    try {
      await this.#o.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#o.tableName,
                Item: toItem(Message, valid, {
                  ...keys.message(valid.conversationId, valid.id),
                  entity: ENTITY.message,
                }),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.#o.tableName,
                Key: keys.conversation(valid.conversationId),
                UpdateExpression:
                  'SET message_count = message_count + :one, total_tokens = total_tokens + :tokens, ' +
                  'last_message_at = :at, updated_at = :now, gsi1sk = :gsi1sk',
                ConditionExpression: 'attribute_exists(pk) AND user_id = :uid',
                ExpressionAttributeValues: {
                  ':one': 1,
                  ':tokens': tokens,
                  ':at': at,
                  ':now': this.#now(),
                  ':uid': userId,
                  ':gsi1sk': keys.conversationIndexes(userId, valid.conversationId, at).gsi1sk,
                },
              },
            },
          ],
        }),
      );
      return valid;
    } catch (err) {
      rethrowTransactionConditions(err, 'append message', [
        [
          1,
          () =>
            new NotFoundError('Conversation not found', {
              context: { conversationId: valid.conversationId },
            }),
        ],
        [
          0,
          () =>
            new ConflictError('Message id already exists', {
              details: [{ field: 'id', message: 'already exists' }],
            }),
        ],
      ]);
    }
  }

  async getMessage(userId: string, conversationId: string, messageId: string): Promise<Message | null> {
    const conversation = await this.get(userId, conversationId);
    if (!conversation) return null;
    try {
      const out = await this.#o.client.send(
        new GetCommand({
          TableName: this.#o.tableName,
          Key: keys.message(conversationId, messageId),
          ConsistentRead: true,
        }),
      );
      return out.Item ? fromItem(Message, out.Item) : null;
    } catch (err) {
      rethrowStorageError(err, 'get message');
    }
  }

  async listMessages(q: MessageListQuery): Promise<Page<Message>> {
    const conversation = await this.get(q.userId, q.conversationId);
    if (!conversation)
      throw new NotFoundError('Conversation not found', { context: { conversationId: q.conversationId } });
    if (q.beforeMessageId !== undefined && !/^msg_[0-9A-HJKMNP-TV-Z]{26}$/.test(q.beforeMessageId)) {
      throw new ValidationError('Invalid before_message_id', {
        details: [{ field: 'before_message_id', message: 'not a message id' }],
      });
    }
    const result = await queryPage(this.#o, {
      partitionValue: keys.messagePartition(q.conversationId),
      sortCondition: q.beforeMessageId
        ? { expression: '#sk < :before', values: { ':before': keys.messageSortKey(q.beforeMessageId) } }
        : undefined,
      order: q.order ?? 'desc',
      limit: q.limit,
      cursor: q.cursor,
      context: `messages|${q.userId}|${q.beforeMessageId ?? '*'}`,
    });
    return { items: result.items.map((i) => fromItem(Message, i)), nextCursor: result.nextCursor };
  }
}
