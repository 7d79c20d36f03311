/**
 * Idempotency-Key on creating POSTs: the first request with a key runs and its response is stored
 * (per user and operation, with a hash of the body: the same key with another body is a 409);
 * a repeat gets the stored response again with `idempotent-replayed: true`, without running the
 * operation. A failed request releases its key so the client can retry.
 */
import { createHash } from 'node:crypto';
import type { RouteDef } from '../routes.js';
import { peekState, stateOf, type ApiMiddleware, type RuntimeSource } from './state.js';

export function idempotencyMiddleware(runtime: RuntimeSource, route: RouteDef): ApiMiddleware {
  return {
    before: async (request) => {
      const state = stateOf(request.event);
      const key = (request.event.headers ?? {})['idempotency-key'];
      if (!key || !state.auth) return;
      const rt = runtime();
      const scope = `${state.auth.userId}#${route.operation}`;
      const hash = createHash('sha256')
        .update(request.event.body ?? '')
        .digest('hex');
      const begun = await rt.repos.idempotency.begin(scope, key, hash, rt.config.IDEMPOTENCY_TTL_SECONDS);
      if (begun.state === 'completed') {
        state.replay = {
          ...begun.response,
          headers: { ...begun.response.headers, 'idempotent-replayed': 'true' },
        };
      } else {
        state.idempotency = { scope, key };
      }
    },
    after: async (request) => {
      const held = stateOf(request.event).idempotency;
      const response = request.response;
      if (!held || !response) return;
      await runtime().repos.idempotency.complete(held.scope, held.key, {
        statusCode: response.statusCode,
        body: response.body,
        headers: response.headers as Record<string, string>,
      });
    },
    onError: async (request) => {
      const held = peekState(request.event)?.idempotency;
      if (held)
        await runtime()
          .repos.idempotency.release(held.scope, held.key)
          .catch(() => undefined);
    },
  };
}
