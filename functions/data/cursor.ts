/**
 * Signed pagination cursors. A cursor carries DynamoDB's LastEvaluatedKey, base64url-encoded and
 * signed with HMAC-SHA256 over the key AND the query it belongs to (entity, owner, index, filter).
 * A cursor taken from one user's query therefore fails verification in any other query — another
 * user's, another index's — and cannot be forged or edited to start reading someone else's items.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '../../agents/errors.js';

export type KeyMap = Record<string, unknown>;

export class CursorCodec {
  readonly #secret: Buffer;

  constructor(secret: string | Buffer) {
    const buf = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
    if (buf.length < 16) throw new Error('Cursor secret must be at least 16 bytes');
    this.#secret = buf;
  }

  #sign(payload: string, queryContext: string): Buffer {
    return createHmac('sha256', this.#secret).update(queryContext).update('\n').update(payload).digest();
  }

  /** Encodes a LastEvaluatedKey for the given query; null in, null out. */
  encode(lastKey: KeyMap | undefined, queryContext: string): string | null {
    if (!lastKey) return null;
    const payload = Buffer.from(JSON.stringify(lastKey), 'utf8').toString('base64url');
    return `${payload}.${this.#sign(payload, queryContext).toString('base64url')}`;
  }

  /**
   * Verifies and decodes a cursor for the given query. Throws VALIDATION_ERROR (field `cursor`)
   * for anything not produced by {@link encode} for this very query.
   */
  decode(cursor: string | undefined, queryContext: string): KeyMap | undefined {
    if (cursor === undefined || cursor === '') return undefined;
    const invalid = () =>
      new ValidationError('Invalid cursor', {
        details: [{ field: 'cursor', message: 'invalid or expired pagination cursor' }],
      });
    const dot = cursor.indexOf('.');
    if (dot <= 0 || cursor.length > 2048) throw invalid();
    const payload = cursor.slice(0, dot);
    const given = Buffer.from(cursor.slice(dot + 1), 'base64url');
    const expected = this.#sign(payload, queryContext);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
    try {
      const key: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      if (typeof key !== 'object' || key === null || Array.isArray(key)) throw invalid();
      return key as KeyMap;
    } catch {
      throw invalid();
    }
  }
}
