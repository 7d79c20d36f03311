/**
 * The body (size limit, JSON), query and path parameters validated against the route's schemas
 * (wire snake_case in, camelCase out; field details in the request's language), with the
 * runtime's clock for the contracts' date rule (agents/schemas/date-rule.ts).
 */
import { PayloadTooLargeError, ValidationError } from '../../../agents/errors.js';
import { withContractClock } from '../../../agents/schemas/date-rule.js';
import { parseWire, type Lang } from '../../../agents/schemas/wire.js';
import type { RouteDef } from '../routes.js';
import { stateOf, type ApiEvent, type ApiMiddleware, type RuntimeSource } from './state.js';

function parseBody(event: ApiEvent, limit: number): unknown {
  if (event.body === null || event.body === undefined || event.body === '') return undefined;
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(raw) > limit) {
    throw new PayloadTooLargeError('Body too large', { context: { limit } });
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new ValidationError('Body is not valid JSON', {
      details: [{ field: '(body)', message: 'invalid JSON' }],
    });
  }
}

function validateBody(route: RouteDef, value: unknown, lang: Lang): unknown {
  if (!route.body) return value;
  if (value === undefined || value === null) {
    if (route.optionalBody) return parseWire(route.body, {}, lang);
    throw new ValidationError('Body required', {
      details: [{ field: '(body)', message: 'a JSON body is required' }],
    });
  }
  return parseWire(route.body, value, lang);
}

export function validationMiddleware(runtime: RuntimeSource, route: RouteDef): ApiMiddleware {
  return {
    before: (request) => {
      const rt = runtime();
      const state = stateOf(request.event);
      const raw = parseBody(request.event, rt.config.BODY_LIMIT_BYTES);
      withContractClock(rt.now, () => {
        state.body = validateBody(route, raw, state.lang);
        const query = request.event.queryStringParameters ?? {};
        state.query = route.query ? parseWire(route.query, query, state.lang) : query;
        state.params = parseWire(route.params, request.event.pathParameters ?? {}, state.lang);
      });
    },
  };
}
