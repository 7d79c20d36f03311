/**
 * Users in DynamoDB. E-mail (and username) uniqueness is enforced by lock items written in the
 * same transaction as the user: `EMAIL#<address>` can exist once, so of N concurrent
 * registrations with one address exactly one transaction succeeds.
 */
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError } from '../../agents/errors.js';
import type { UserChanges, UserRepository } from '../../agents/ports/repositories.js';
import { User } from '../../agents/schemas/user.js';
import { toWire } from '../../agents/schemas/wire.js';
import { ENTITY, keys } from './keys.js';
import {
  cancellationCodes,
  fromItem,
  updateExpressionFor,
  isConditionalCheckFailed,
  rethrowStorageError,
  rethrowTransactionConditions,
  toItem,
} from './items.js';
import type { RepositoryOptions } from './repository-options.js';

export class DynamoUserRepository implements UserRepository {
  readonly #o: RepositoryOptions;

  constructor(options: RepositoryOptions) {
    this.#o = options;
  }

  #now(): string {
    return (this.#o.now?.() ?? new Date()).toISOString();
  }

  async create(user: User): Promise<User> {
    const valid = User.parse(user);
    const email = valid.email.trim().toLowerCase();
    const stored: User = { ...valid, email };
    try {
      await this.#o.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#o.tableName,
                Item: toItem(User, stored, { ...keys.user(stored.id), entity: ENTITY.user }),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.#o.tableName,
                Item: { ...keys.emailLock(email), entity: ENTITY.emailLock, user_id: stored.id },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.#o.tableName,
                Item: {
                  ...keys.usernameLock(stored.username),
                  entity: ENTITY.usernameLock,
                  user_id: stored.id,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return stored;
    } catch (err) {
      const codes = cancellationCodes(err);
      if (codes) {
        const details = [];
        if (codes[0] === 'ConditionalCheckFailed')
          details.push({ field: 'id', message: 'user id already exists' });
        if (codes[1] === 'ConditionalCheckFailed')
          details.push({
            field: 'email',
            message: 'this e-mail address is already registered / 该邮箱已注册',
          });
        if (codes[2] === 'ConditionalCheckFailed')
          details.push({ field: 'username', message: 'this username is taken / 该用户名已被使用' });
        if (details.length > 0) throw new ConflictError('User already exists', { details, cause: err });
      }
      rethrowStorageError(err, 'create user');
    }
  }

  async getById(userId: string): Promise<User | null> {
    try {
      const out = await this.#o.client.send(
        new GetCommand({ TableName: this.#o.tableName, Key: keys.user(userId), ConsistentRead: true }),
      );
      return out.Item ? fromItem(User, out.Item) : null;
    } catch (err) {
      rethrowStorageError(err, 'get user');
    }
  }

  async getByEmail(email: string): Promise<User | null> {
    try {
      const lock = await this.#o.client.send(
        new GetCommand({ TableName: this.#o.tableName, Key: keys.emailLock(email), ConsistentRead: true }),
      );
      const userId = lock.Item?.['user_id'];
      return typeof userId === 'string' ? this.getById(userId) : null;
    } catch (err) {
      rethrowStorageError(err, 'get user by email');
    }
  }

  async update(userId: string, changes: UserChanges): Promise<User> {
    const wire = toWire(User, changes as User) as Record<string, unknown>;
    const update = updateExpressionFor(wire, this.#now());
    // Validate the merged result before writing, so a bad change is a 400, not a corrupt item.
    const current = await this.getById(userId);
    if (!current) throw new NotFoundError('User not found', { context: { userId } });
    User.parse({ ...current, ...changes });
    try {
      const out = await this.#o.client.send(
        new UpdateCommand({
          TableName: this.#o.tableName,
          Key: keys.user(userId),
          UpdateExpression: update.expression,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: update.names,
          ExpressionAttributeValues: update.values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return fromItem(User, out.Attributes ?? {});
    } catch (err) {
      if (isConditionalCheckFailed(err)) throw new NotFoundError('User not found', { context: { userId } });
      rethrowStorageError(err, 'update user');
    }
  }

  async changeEmail(userId: string, newEmail: string): Promise<User> {
    const current = await this.getById(userId);
    if (!current) throw new NotFoundError('User not found', { context: { userId } });
    const email = newEmail.trim().toLowerCase();
    const next = User.parse({ ...current, email, updatedAt: this.#now() });
    if (email === current.email) return current;
    try {
      await this.#o.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#o.tableName,
                Item: { ...keys.emailLock(email), entity: ENTITY.emailLock, user_id: userId },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Delete: {
                TableName: this.#o.tableName,
                Key: keys.emailLock(current.email),
                ConditionExpression: 'user_id = :uid',
                ExpressionAttributeValues: { ':uid': userId },
              },
            },
            {
              Update: {
                TableName: this.#o.tableName,
                Key: keys.user(userId),
                UpdateExpression: 'SET email = :email, updated_at = :now',
                ConditionExpression: 'email = :old',
                ExpressionAttributeValues: { ':email': email, ':now': next.updatedAt, ':old': current.email },
              },
            },
          ],
        }),
      );
      return next;
    } catch (err) {
      rethrowTransactionConditions(
        err,
        'change email',
        [
          [
            0,
            () =>
              new ConflictError('E-mail already registered', {
                details: [
                  { field: 'email', message: 'this e-mail address is already registered / 该邮箱已注册' },
                ],
                cause: err,
              }),
          ],
        ],
        () => new ConflictError('User changed concurrently; retry', { cause: err }),
      );
    }
  }
}
