/**
 * Login sessions (refresh-token families) and their refresh tokens in DynamoDB.
 *
 * - A session item (`AUTHSESSION#<sid>`) is the family: active or revoked, with an expiry that
 *   slides forward with each rotation. Access tokens carry the sid, and verifying one reads this
 *   item (one consistent GetItem), so logout stops access tokens at once, not at their expiry.
 * - A refresh token is stored only as the SHA-256 of its value (`REFRESH#<hex>`), with TTL.
 * - Rotation is one transaction: the presented token goes from active to used (condition: it is
 *   still active and unexpired), the session is extended (condition: still active), and the next
 *   token is put. A token presented again after it was used is a reuse (it was stolen, or the
 *   legitimate client lost a race with a thief): the whole family is revoked.
 */
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../agents/errors.js';
import type {
  AuthSession,
  AuthSessionRepository,
  RefreshTokenRecord,
  RotateResult,
} from '../../agents/ports/auth.js';
import { ENTITY, keys } from './keys.js';
import {
  cancellationCodes,
  isConditionalCheckFailed,
  rethrowStorageError,
  rethrowTransactionConditions,
} from './items.js';
import type { RepositoryOptions } from './repository-options.js';

function sessionFromItem(item: Record<string, unknown>): AuthSession {
  const reason = item['revoked_reason'];
  return {
    sessionId: String(item['session_id']),
    userId: String(item['user_id']),
    status: item['status'] === 'active' ? 'active' : 'revoked',
    rememberMe: item['remember_me'] === true,
    createdAt: String(item['created_at']),
    expiresAt: Number(item['expires_at']),
    ...(reason === 'logout' || reason === 'reuse' ? { revokedReason: reason } : {}),
  };
}

export class DynamoAuthSessionRepository implements AuthSessionRepository {
  readonly #o: RepositoryOptions;

  constructor(options: RepositoryOptions) {
    this.#o = options;
  }

  #nowDate(): Date {
    return this.#o.now?.() ?? new Date();
  }

  #nowSeconds(): number {
    return Math.floor(this.#nowDate().getTime() / 1000);
  }

  #tokenItem(t: RefreshTokenRecord, createdAt: string): Record<string, unknown> {
    return {
      ...keys.refreshToken(t.tokenHash),
      entity: ENTITY.refreshToken,
      session_id: t.sessionId,
      user_id: t.userId,
      status: 'active',
      created_at: createdAt,
      expires_at: t.expiresAt,
    };
  }

  async start(session: AuthSession, firstToken: RefreshTokenRecord): Promise<void> {
    try {
      await this.#o.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#o.tableName,
                Item: {
                  ...keys.authSession(session.sessionId),
                  entity: ENTITY.authSession,
                  session_id: session.sessionId,
                  user_id: session.userId,
                  status: 'active',
                  remember_me: session.rememberMe,
                  created_at: session.createdAt,
                  expires_at: session.expiresAt,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.#o.tableName,
                Item: this.#tokenItem(firstToken, session.createdAt),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
    } catch (err) {
      const collision = () => new ConflictError('Session or token id collision');
      rethrowTransactionConditions(err, 'start auth session', [
        [0, collision],
        [1, collision],
      ]);
    }
  }

  async #getToken(tokenHash: string): Promise<Record<string, unknown> | undefined> {
    try {
      const out = await this.#o.client.send(
        new GetCommand({
          TableName: this.#o.tableName,
          Key: keys.refreshToken(tokenHash),
          ConsistentRead: true,
        }),
      );
      return out.Item;
    } catch (err) {
      rethrowStorageError(err, 'get refresh token');
    }
  }

  async rotate(
    presentedHash: string,
    next: Omit<RefreshTokenRecord, 'sessionId' | 'userId'>,
  ): Promise<RotateResult> {
    const now = this.#nowSeconds();
    const token = await this.#getToken(presentedHash);
    if (!token || Number(token['expires_at']) <= now) return { outcome: 'invalid' };
    const sessionId = String(token['session_id']);
    const userId = String(token['user_id']);
    if (token['status'] !== 'active') {
      await this.revoke(sessionId, 'reuse');
      return { outcome: 'reused', sessionId, userId };
    }
    const nowIso = this.#nowDate().toISOString();
    try {
      await this.#o.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.#o.tableName,
                Key: keys.refreshToken(presentedHash),
                UpdateExpression: 'SET #status = :used, used_at = :nowIso, replaced_by = :next',
                ConditionExpression: '#status = :active AND expires_at > :now',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':used': 'used',
                  ':active': 'active',
                  ':nowIso': nowIso,
                  ':next': next.tokenHash,
                  ':now': now,
                },
              },
            },
            {
              Update: {
                TableName: this.#o.tableName,
                Key: keys.authSession(sessionId),
                UpdateExpression: 'SET expires_at = :exp, refreshed_at = :nowIso',
                ConditionExpression: '#status = :active AND expires_at > :now AND user_id = :uid',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':active': 'active',
                  ':exp': next.expiresAt,
                  ':nowIso': nowIso,
                  ':now': now,
                  ':uid': userId,
                },
              },
            },
            {
              Put: {
                TableName: this.#o.tableName,
                Item: this.#tokenItem({ ...next, sessionId, userId }, nowIso),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
    } catch (err) {
      const codes = cancellationCodes(err);
      if (!codes) rethrowStorageError(err, 'rotate refresh token');
      // The token changed between our read and the write: another request used it first.
      if (codes[0] === 'ConditionalCheckFailed' || codes[0] === 'TransactionConflict') {
        const again = await this.#getToken(presentedHash);
        if (again && again['status'] !== 'active') {
          await this.revoke(sessionId, 'reuse');
          return { outcome: 'reused', sessionId, userId };
        }
        return { outcome: 'invalid' };
      }
      if (codes[1] === 'ConditionalCheckFailed') return { outcome: 'invalid' };
      if (codes[2] === 'ConditionalCheckFailed') throw new ConflictError('Refresh token collision');
      rethrowStorageError(err, 'rotate refresh token');
    }
    const session = await this.get(sessionId);
    if (!session) return { outcome: 'invalid' };
    return { outcome: 'rotated', session };
  }

  async sessionOfToken(tokenHash: string): Promise<{ sessionId: string; userId: string } | null> {
    const token = await this.#getToken(tokenHash);
    if (!token) return null;
    return { sessionId: String(token['session_id']), userId: String(token['user_id']) };
  }

  async get(sessionId: string): Promise<AuthSession | null> {
    try {
      const out = await this.#o.client.send(
        new GetCommand({
          TableName: this.#o.tableName,
          Key: keys.authSession(sessionId),
          ConsistentRead: true,
        }),
      );
      return out.Item ? sessionFromItem(out.Item) : null;
    } catch (err) {
      rethrowStorageError(err, 'get auth session');
    }
  }

  async isActive(sessionId: string, userId: string): Promise<boolean> {
    try {
      const out = await this.#o.client.send(
        new GetCommand({
          TableName: this.#o.tableName,
          Key: keys.authSession(sessionId),
          ConsistentRead: true,
          ProjectionExpression: '#status, user_id, expires_at',
          ExpressionAttributeNames: { '#status': 'status' },
        }),
      );
      const item = out.Item;
      return (
        !!item &&
        item['status'] === 'active' &&
        item['user_id'] === userId &&
        Number(item['expires_at']) > this.#nowSeconds()
      );
    } catch (err) {
      rethrowStorageError(err, 'check auth session');
    }
  }

  async revoke(sessionId: string, reason: 'logout' | 'reuse'): Promise<void> {
    try {
      await this.#o.client.send(
        new UpdateCommand({
          TableName: this.#o.tableName,
          Key: keys.authSession(sessionId),
          UpdateExpression: 'SET #status = :revoked, revoked_reason = :reason, revoked_at = :now',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':revoked': 'revoked',
            ':reason': reason,
            ':now': this.#nowDate().toISOString(),
          },
        }),
      );
    } catch (err) {
      if (isConditionalCheckFailed(err)) return; // no such session: nothing to revoke
      rethrowStorageError(err, 'revoke auth session');
    }
  }
}
