/**
 * Credentials in DynamoDB: one item per user (`USER#<id>` / `CREDENTIAL`), apart from the user
 * profile, so no read of a user can ever carry a password hash into a response. The item holds
 * the role and, for password accounts, the scrypt hash with its salt and parameters. Linked
 * external identities are lock-like items (`IDENTITY#<provider>#<subject>`) holding the user id.
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError } from '../../agents/errors.js';
import type { Credential, CredentialRepository, PasswordHash, Role } from '../../agents/ports/auth.js';
import { ENTITY, keys } from './keys.js';
import { isConditionalCheckFailed, rethrowStorageError, rethrowPutIfAbsent } from './items.js';
import type { RepositoryOptions } from './repository-options.js';

/** A user id that never exists: unknown e-mails read this credential, so both paths do the same reads. */
const NO_USER = '~none~';

function passwordToItem(p: PasswordHash): Record<string, unknown> {
  return {
    algorithm: p.params.algorithm,
    n: p.params.N,
    r: p.params.r,
    p: p.params.p,
    key_length: p.params.keyLength,
    salt: p.salt,
    hash: p.hash,
  };
}

function passwordFromItem(item: unknown): PasswordHash | undefined {
  if (!item || typeof item !== 'object') return undefined;
  const p = item as Record<string, unknown>;
  if (p['algorithm'] !== 'scrypt') return undefined;
  return {
    params: {
      algorithm: 'scrypt',
      N: Number(p['n']),
      r: Number(p['r']),
      p: Number(p['p']),
      keyLength: Number(p['key_length']),
    },
    salt: String(p['salt']),
    hash: String(p['hash']),
  };
}

function fromCredentialItem(item: Record<string, unknown>): Credential {
  return {
    userId: String(item['user_id']),
    role: item['role'] === 'admin' ? 'admin' : 'user',
    password: passwordFromItem(item['password']),
    createdAt: String(item['created_at']),
    updatedAt: String(item['updated_at']),
  };
}

export class DynamoCredentialRepository implements CredentialRepository {
  readonly #o: RepositoryOptions;

  constructor(options: RepositoryOptions) {
    this.#o = options;
  }

  #now(): string {
    return (this.#o.now?.() ?? new Date()).toISOString();
  }

  async create(c: Credential): Promise<void> {
    try {
      await this.#o.client.send(
        new PutCommand({
          TableName: this.#o.tableName,
          Item: {
            ...keys.credential(c.userId),
            entity: ENTITY.credential,
            user_id: c.userId,
            role: c.role,
            ...(c.password ? { password: passwordToItem(c.password) } : {}),
            created_at: c.createdAt,
            updated_at: c.updatedAt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (err) {
      rethrowPutIfAbsent(err, () => new ConflictError('Credential already exists'), 'create credential');
    }
  }

  async get(userId: string): Promise<Credential | null> {
    try {
      const out = await this.#o.client.send(
        new GetCommand({ TableName: this.#o.tableName, Key: keys.credential(userId), ConsistentRead: true }),
      );
      return out.Item ? fromCredentialItem(out.Item) : null;
    } catch (err) {
      rethrowStorageError(err, 'get credential');
    }
  }

  async findByEmail(email: string): Promise<Credential | null> {
    try {
      const lock = await this.#o.client.send(
        new GetCommand({ TableName: this.#o.tableName, Key: keys.emailLock(email), ConsistentRead: true }),
      );
      const userId = lock.Item?.['user_id'];
      // Always a second read, of the sentinel when the address is unknown.
      return await this.get(typeof userId === 'string' ? userId : NO_USER);
    } catch (err) {
      rethrowStorageError(err, 'find credential by email');
    }
  }

  async #update(userId: string, expression: string, values: Record<string, unknown>, what: string) {
    try {
      await this.#o.client.send(
        new UpdateCommand({
          TableName: this.#o.tableName,
          Key: keys.credential(userId),
          UpdateExpression: `${expression}, updated_at = :now`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#v': what },
          ExpressionAttributeValues: { ...values, ':now': this.#now() },
        }),
      );
    } catch (err) {
      if (isConditionalCheckFailed(err))
        throw new NotFoundError('Credential not found', { context: { userId } });
      rethrowStorageError(err, `set ${what}`);
    }
  }

  async setPassword(userId: string, password: PasswordHash): Promise<void> {
    await this.#update(userId, 'SET #v = :v', { ':v': passwordToItem(password) }, 'password');
  }

  async setRole(userId: string, role: Role): Promise<void> {
    await this.#update(userId, 'SET #v = :v', { ':v': role }, 'role');
  }

  async delete(userId: string): Promise<void> {
    try {
      await this.#o.client.send(
        new DeleteCommand({ TableName: this.#o.tableName, Key: keys.credential(userId) }),
      );
    } catch (err) {
      rethrowStorageError(err, 'delete credential');
    }
  }

  async linkIdentity(provider: string, subject: string, userId: string): Promise<void> {
    try {
      await this.#o.client.send(
        new PutCommand({
          TableName: this.#o.tableName,
          Item: {
            ...keys.identity(provider, subject),
            entity: ENTITY.identity,
            provider,
            subject,
            user_id: userId,
            created_at: this.#now(),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (err) {
      rethrowPutIfAbsent(err, () => new ConflictError('Identity already linked'), 'link identity');
    }
  }

  async findIdentity(provider: string, subject: string): Promise<string | null> {
    try {
      const out = await this.#o.client.send(
        new GetCommand({
          TableName: this.#o.tableName,
          Key: keys.identity(provider, subject),
          ConsistentRead: true,
        }),
      );
      const userId = out.Item?.['user_id'];
      return typeof userId === 'string' ? userId : null;
    } catch (err) {
      rethrowStorageError(err, 'find identity');
    }
  }
}
