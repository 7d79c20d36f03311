/**
 * First in every pipeline: the request id (the caller's `x-request-id` when well-formed, else a
 * new one, kept on the normalised headers and answered in the response), the language of
 * user-facing messages (Accept-Language, zh by default), the source IP and the start time.
 */
import { newRequestId } from '../../../agents/schemas/envelope.js';
import type { Lang } from '../../../agents/schemas/wire.js';
import type { FunctionName, RouteDef } from '../routes.js';
import { setState, type ApiEvent, type ApiMiddleware } from './state.js';

const REQUEST_ID = /^req_[0-9a-f]{16}$/;

/** Language of user-facing messages: from Accept-Language (zh default). */
export function languageOf(headers: Record<string, string | undefined>): Lang {
  const accept = headers['accept-language'] ?? '';
  return /^\s*en/i.test(accept) ? 'en' : 'zh';
}

/** The URL prefix before the resource path: requestContext.path is the path as the client sent it. */
export function basePathOf(event: ApiEvent): string {
  const full = event.requestContext?.path ?? '';
  const own = event.path ?? '';
  return own && full.length > own.length && full.endsWith(own) ? full.slice(0, full.length - own.length) : '';
}

export function requestIdMiddleware(fn: FunctionName, route: RouteDef | undefined): ApiMiddleware {
  return {
    before: (request) => {
      const event = request.event;
      const headers = (event.headers ??= {}) as Record<string, string>;
      const given = headers['x-request-id'];
      const requestId = given && REQUEST_ID.test(given) ? given : newRequestId();
      headers['x-request-id'] = requestId;
      setState(event, {
        fn,
        route,
        requestId,
        lang: languageOf(headers),
        startedMs: performance.now(),
        sourceIp: event.requestContext?.identity?.sourceIp ?? 'unknown',
        basePath: basePathOf(event),
        auth: null,
        body: undefined,
        query: {},
        params: {},
      });
    },
    after: (request) => {
      const response = request.response;
      // A replayed response keeps the request id it was first answered with.
      if (response && !response.headers?.['x-request-id']) {
        response.headers = { ...response.headers, 'x-request-id': headerId(request.event) };
      }
    },
  };
}

function headerId(event: ApiEvent): string {
  return (event.headers?.['x-request-id'] as string | undefined) ?? newRequestId();
}
