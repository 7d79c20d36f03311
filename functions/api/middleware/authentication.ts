/** The bearer token (functions/edge/authenticate.ts, shared with WebSocket and MCP) and the route's role. */
import { authenticateBearer } from '../../edge/authenticate.js';
import type { RouteDef } from '../routes.js';
import { stateOf, type ApiMiddleware, type RuntimeSource } from './state.js';

export function authenticationMiddleware(runtime: RuntimeSource, role: RouteDef['auth']): ApiMiddleware {
  return {
    before: async (request) => {
      if (role === 'none') return;
      const headers = (request.event.headers ?? {}) as Record<string, string>;
      stateOf(request.event).auth = await authenticateBearer(
        runtime().tokens,
        headers['authorization'],
        role,
      );
    },
  };
}
