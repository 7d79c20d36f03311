/**
 * CORS headers on every response, errors included, with @middy/http-cors: the caller's Origin when
 * `CORS_ORIGINS` lists it, `*` when the list has `*`, else the first listed origin (so a browser
 * on another origin is refused); `Vary: Origin` unless the answer is `*`. Preflight (OPTIONS) is
 * answered by API Gateway (and the local gateway), never by a function.
 */
import httpCors from '@middy/http-cors';
import type { ApiMiddleware, RuntimeSource } from './state.js';

/** Request headers browsers may send (infra/stacks/api-stack.ts answers preflight with the same). */
export const CORS_ALLOW_HEADERS = [
  'authorization',
  'content-type',
  'idempotency-key',
  'x-request-id',
  'accept-language',
] as const;
export const CORS_EXPOSE_HEADERS = ['x-request-id', 'retry-after'] as const;

/** The origin answered to `origin` under the configured list. */
export function allowedOrigin(allowed: readonly string[], origin: string | undefined): string {
  if (allowed.includes('*')) return '*';
  return origin && allowed.includes(origin) ? origin : allowed[0]!;
}

function corsFor(originsSetting: string): ApiMiddleware {
  const allowed = originsSetting.split(',').map((s) => s.trim());
  return httpCors({
    getOrigin: (incoming: string | undefined) => allowedOrigin(allowed, incoming),
    headers: CORS_ALLOW_HEADERS.join(','),
    methods: 'GET,POST,PUT,DELETE,OPTIONS',
    exposeHeaders: CORS_EXPOSE_HEADERS.join(','),
    ...(allowed.includes('*') ? {} : { vary: 'Origin' }),
  }) as ApiMiddleware;
}

export function corsMiddleware(runtime: RuntimeSource): ApiMiddleware {
  // The origins come from the runtime's configuration, which tests rebuild: one instance per setting.
  let built: { setting: string; middleware: ApiMiddleware } | null = null;
  const current = (): ApiMiddleware => {
    const setting = runtime().config.CORS_ORIGINS;
    if (built?.setting !== setting) built = { setting, middleware: corsFor(setting) };
    return built.middleware;
  };
  return {
    after: (request) => current().after!(request),
    onError: (request) => current().onError!(request),
  };
}
