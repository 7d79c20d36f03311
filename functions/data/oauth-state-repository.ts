/**
 * OAuth authorization-code flows in progress: the start step stores the PKCE code_verifier, the
 * nonce and the redirect URI under the SHA-256 of `state`, with a TTL; the callback consumes the
 * item with a conditional delete, so a state (and its verifier) can be used exactly once.
 */
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../agents/errors.js';
import type { OAuthFlowState, OAuthStateRepository } from '../../agents/ports/auth.js';
import { ENTITY, keys } from './keys.js';
import { isConditionalCheckFailed, rethrowStorageError, rethrowPutIfAbsent } from './items.js';
import type { RepositoryOptions } from './repository-options.js';

export class DynamoOAuthStateRepository implements OAuthStateRepository {
  readonly #o: RepositoryOptions;

  constructor(options: RepositoryOptions) {
    this.#o = options;
  }

  async put(s: OAuthFlowState): Promise<void> {
    try {
      await this.#o.client.send(
        new PutCommand({
          TableName: this.#o.tableName,
          Item: {
            ...keys.oauthState(s.stateHash),
            entity: ENTITY.oauthState,
            provider: s.provider,
            code_verifier: s.codeVerifier,
            nonce: s.nonce,
            redirect_uri: s.redirectUri,
            created_at: s.createdAt,
            expires_at: s.expiresAt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (err) {
      rethrowPutIfAbsent(err, () => new ConflictError('OAuth state collision'), 'put oauth state');
    }
  }

  async consume(stateHash: string): Promise<OAuthFlowState | null> {
    try {
      const out = await this.#o.client.send(
        new DeleteCommand({
          TableName: this.#o.tableName,
          Key: keys.oauthState(stateHash),
          ConditionExpression: 'attribute_exists(pk)',
          ReturnValues: 'ALL_OLD',
        }),
      );
      const item = out.Attributes;
      const now = Math.floor((this.#o.now?.() ?? new Date()).getTime() / 1000);
      if (!item || Number(item['expires_at']) <= now) return null;
      return {
        stateHash,
        provider: String(item['provider']),
        codeVerifier: String(item['code_verifier']),
        nonce: String(item['nonce']),
        redirectUri: String(item['redirect_uri']),
        createdAt: String(item['created_at']),
        expiresAt: Number(item['expires_at']),
      };
    } catch (err) {
      if (isConditionalCheckFailed(err)) return null;
      rethrowStorageError(err, 'consume oauth state');
    }
  }
}
