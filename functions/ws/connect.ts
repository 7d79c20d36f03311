/**
 * `$connect`: the token from the `token` query parameter is verified like a REST bearer token
 * (signature, claims, session not revoked) and the `user_id` parameter (the seed's `{user_id}`
 * path segment) must be its subject; then the connection is stored for the user. A refusal is a
 * non-2xx status, which API Gateway turns into a refused handshake: 401 for a missing, invalid,
 * expired or revoked token, 403 for another user's id, 429 over the per-IP rate limit.
 */
import { ForbiddenError, ValidationError, toAppError } from '../../agents/errors.js';
import { getRuntime } from '../api/runtime.js';
import { resolveSecrets } from '../edge/secrets.js';
import { verifyConnectionToken } from './connection-auth.js';
import type { WebSocketEvent, WebSocketResult } from './events.js';
import { errorFrame } from './frames.js';
import { WS_QUERY } from './routes.js';
import { observe } from '../observability.js';

async function handle(event: WebSocketEvent): Promise<WebSocketResult> {
  await resolveSecrets();
  const rt = getRuntime();
  const { connectionId } = event.requestContext;
  const query = event.queryStringParameters ?? {};
  try {
    // Counted before the token is checked, so floods of bad tokens are limited too (as in REST).
    await rt.rateLimit([`ip:${event.requestContext.identity?.sourceIp ?? 'unknown'}`]);
    const { claims, expiresAt } = await verifyConnectionToken(rt, query[WS_QUERY.token]);
    const userId = query[WS_QUERY.userId];
    if (!userId) {
      throw new ValidationError('Missing user id', {
        details: [{ field: WS_QUERY.userId, message: 'the user id of the URL is required' }],
      });
    }
    if (userId !== claims.userId) {
      throw new ForbiddenError('user_id is not the token subject', {
        text: {
          zh: '令牌与连接地址中的用户不一致',
          en: 'The token belongs to another user than the URL names',
        },
      });
    }
    await rt.repos.connections.put({
      connectionId,
      userId,
      connectedAt: rt.now().toISOString(),
      expiresAt,
    });
    rt.logger.info('websocket connected', { connectionId, userId });
    return { statusCode: 200 };
  } catch (err) {
    const e = toAppError(err);
    if (e.fault === 'system') {
      rt.logger.error('websocket connect failed', {
        connectionId,
        error: String((err as Error)?.stack ?? err),
      });
    } else {
      rt.logger.info('websocket connection refused', { connectionId, code: e.code });
    }
    return { statusCode: e.httpStatus, body: JSON.stringify(errorFrame(e)) };
  }
}

/** The route's Lambda handler (metrics, tracing and request id: functions/observability.ts). */
export const handler = observe('ws.connect', handle);
