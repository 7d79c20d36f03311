/**
 * `$disconnect`: forgets the connection. API Gateway calls it on a best-effort basis; a connection
 * it misses expires with its token, and a push to it that API Gateway reports gone deletes it too.
 */
import { getRuntime } from '../api/runtime.js';
import { resolveSecrets } from '../edge/secrets.js';
import type { WebSocketEvent, WebSocketResult } from './events.js';
import { observe } from '../observability.js';

async function handle(event: WebSocketEvent): Promise<WebSocketResult> {
  await resolveSecrets();
  const rt = getRuntime();
  const { connectionId } = event.requestContext;
  try {
    await rt.repos.connections.delete(connectionId);
    rt.logger.info('websocket disconnected', { connectionId });
    return { statusCode: 200 };
  } catch (err) {
    rt.logger.error('websocket disconnect failed', {
      connectionId,
      error: String((err as Error)?.stack ?? err),
    });
    return { statusCode: 500 };
  }
}

/** The route's Lambda handler (metrics, tracing and request id: functions/observability.ts). */
export const handler = observe('ws.disconnect', handle);
