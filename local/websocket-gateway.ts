/**
 * A local API Gateway WebSocket API on the REST emulation's server (same port): WebSocket
 * upgrades on the seed's path `/v1/ws/chat/{user_id}` and API Gateway's management API
 * (`POST|GET|DELETE /@connections/{connectionId}`), so the postToConnection adapter runs unchanged
 * with only its endpoint pointed here.
 *
 * Events are built the way API Gateway builds them (requestContext.routeKey, eventType,
 * connectionId, domainName, stage, identity; the `$connect` request's headers and query string)
 * and passed to the real handlers of functions/ws/routes.ts. As in AWS: a `$connect` answering
 * non-2xx refuses the handshake with that status; frames go to the route selected by the
 * frame's `type` (only `$default` exists), one at a time per connection; messages above 128 KB
 * close the connection (1009); idle connections close after 10 minutes, all after 2 hours.
 * The `{user_id}` path segment reaches `$connect` as the `user_id` query parameter (see
 * functions/ws/routes.ts for why).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Context } from 'aws-lambda';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { matchPath } from '../functions/api/routes.js';
import type { WebSocketEvent, WebSocketResult } from '../functions/ws/events.js';
import {
  WS_CHAT_PATH,
  WS_MAX_CONNECTION_SECONDS,
  WS_MAX_MESSAGE_BYTES,
  WS_QUERY,
  WS_ROUTES,
  type WsRouteKey,
} from '../functions/ws/routes.js';

type WsHandler = (event: WebSocketEvent, context: Context) => Promise<WebSocketResult>;

/** API Gateway's idle timeout of WebSocket connections. */
const IDLE_TIMEOUT_MS = 10 * 60 * 1000;
const MANAGEMENT_PATH = /^\/@connections\/([^/]+)$/;

interface LocalConnection {
  socket: WebSocket;
  connectedAt: number;
  lastActiveAt: number;
  sourceIp: string;
  userAgent: string | null;
  /** Frames are handled one after another, in order. */
  queue: Promise<unknown>;
  timers: NodeJS.Timeout[];
}

export interface LocalWebSocketApi {
  /** Open connections by id. */
  readonly connections: ReadonlyMap<string, { connectedAt: number; lastActiveAt: number }>;
  /** The server's `upgrade` listener. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Serves the management API; false when the request is not for it. */
  handleManagement(req: IncomingMessage, res: ServerResponse, url: URL): boolean;
  /** Closes every connection (running `$disconnect` for each). */
  close(): Promise<void>;
}

/** API Gateway's connection ids: 16 characters of base64 ending in `=`. */
function newConnectionId(): string {
  return `${randomBytes(11).toString('base64url')}=`;
}

/** `09/Feb/2019:11:39:53 +0000`, as in requestContext.requestTime. */
function requestTime(at: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    `${p(at.getUTCDate())}/${months[at.getUTCMonth()]}/${at.getUTCFullYear()}:` +
    `${p(at.getUTCHours())}:${p(at.getUTCMinutes())}:${p(at.getUTCSeconds())} +0000`
  );
}

function sourceIpOf(req: IncomingMessage): string {
  return req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1';
}

function isLoopback(req: IncomingMessage): boolean {
  const ip = sourceIpOf(req);
  return ip === '::1' || ip.startsWith('127.');
}

/** Answers an upgrade request with a plain HTTP response (refused handshake). */
function refuse(socket: Duplex, status: number, body: string): void {
  const reason = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status];
  socket.end(
    `HTTP/1.1 ${status} ${reason ?? 'Error'}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

function managementError(res: ServerResponse, status: number, type: string, message: string): void {
  // The AWS SDK reads the error's name from this header (restJson1 protocol).
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type });
  res.end(JSON.stringify({ message }));
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        resolve(null);
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Creates the WebSocket API. `domainName()` is the `host:port` the server listens on (known once
 * it listens); `context(name)` builds a Lambda context for a function.
 */
export function createLocalWebSocketApi(options: {
  domainName: () => string;
  context: (name: string) => Context;
  stage?: string;
}): LocalWebSocketApi {
  const stage = options.stage ?? 'local';
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_MESSAGE_BYTES });
  const connections = new Map<string, LocalConnection>();
  const pending = new Set<Promise<unknown>>();
  const handlers = new Map<WsRouteKey, Promise<WsHandler>>();

  const handlerFor = (routeKey: WsRouteKey): Promise<WsHandler> => {
    let h = handlers.get(routeKey);
    if (!h) {
      const route = WS_ROUTES.find((r) => r.routeKey === routeKey)!;
      const url = new URL(`../${route.entry.replace(/\.ts$/, '.js')}`, import.meta.url);
      h = import(url.href).then((m: { handler: WsHandler }) => m.handler);
      handlers.set(routeKey, h);
    }
    return h;
  };

  const baseContext = (
    routeKey: WsRouteKey,
    eventType: 'CONNECT' | 'MESSAGE' | 'DISCONNECT',
    connectionId: string,
    connectedAt: number,
    identity: { sourceIp: string; userAgent: string | null },
  ) => {
    const now = new Date();
    return {
      routeKey,
      eventType,
      messageId: eventType === 'MESSAGE' ? randomBytes(11).toString('base64url') + '=' : undefined,
      extendedRequestId: randomUUID(),
      requestTime: requestTime(now),
      messageDirection: 'IN' as const,
      stage,
      connectedAt,
      requestTimeEpoch: now.getTime(),
      requestId: randomUUID(),
      domainName: options.domainName(),
      connectionId,
      apiId: 'local',
      identity: { sourceIp: identity.sourceIp, userAgent: identity.userAgent },
    };
  };

  /** Runs a route's handler; a throwing handler is a Lambda error (API Gateway: 500). */
  const invoke = async (routeKey: WsRouteKey, event: WebSocketEvent): Promise<WebSocketResult> => {
    const run = (async () => {
      try {
        const handler = await handlerFor(routeKey);
        return await handler(event, options.context(`ws-${routeKey.slice(1)}`));
      } catch (err) {
        console.error(`[websocket] ${routeKey} failed:`, (err as Error).message);
        return { statusCode: 500 };
      }
    })();
    pending.add(run);
    void run.finally(() => pending.delete(run));
    return run;
  };

  const routeOf = (text: string | null): WsRouteKey => {
    // Route selection `$request.body.type`: a route keyed by the type, else `$default`.
    try {
      const type = (JSON.parse(text ?? '') as { type?: unknown } | null)?.type;
      const route = WS_ROUTES.find((r) => r.routeKey === type && !r.routeKey.startsWith('$'));
      if (route) return route.routeKey;
    } catch {
      /* not JSON: $default */
    }
    return '$default';
  };

  const disconnect = (connectionId: string, code: number, reason: string) => {
    const c = connections.get(connectionId);
    if (!c) return;
    connections.delete(connectionId);
    for (const t of c.timers) clearTimeout(t);
    const identity = { sourceIp: c.sourceIp, userAgent: c.userAgent };
    const event: WebSocketEvent = {
      requestContext: {
        ...baseContext('$disconnect', 'DISCONNECT', connectionId, c.connectedAt, identity),
        disconnectStatusCode: code,
        disconnectReason: reason,
      } as WebSocketEvent['requestContext'],
      isBase64Encoded: false,
    };
    // After the frames still queued, as API Gateway delivers them before the disconnect.
    const run = c.queue.then(() => invoke('$disconnect', event));
    pending.add(run);
    void run.finally(() => pending.delete(run));
  };

  const accept = (connectionId: string, socket: WebSocket, req: IncomingMessage, connectedAt: number) => {
    const c: LocalConnection = {
      socket,
      connectedAt,
      lastActiveAt: connectedAt,
      sourceIp: sourceIpOf(req),
      userAgent: req.headers['user-agent'] ?? null,
      queue: Promise.resolve(),
      timers: [],
    };
    connections.set(connectionId, c);
    const idle = () => {
      const timer = setTimeout(() => socket.close(1001, 'Going away'), IDLE_TIMEOUT_MS);
      timer.unref();
      return timer;
    };
    const max = setTimeout(() => socket.close(1001, 'Going away'), WS_MAX_CONNECTION_SECONDS * 1000);
    max.unref();
    c.timers = [max, idle()];
    socket.on('message', (data: RawData, isBinary: boolean) => {
      c.lastActiveAt = Date.now();
      clearTimeout(c.timers[1]);
      c.timers[1] = idle();
      const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      const text = isBinary ? null : buffer.toString('utf8');
      const routeKey = routeOf(text);
      const identity = { sourceIp: c.sourceIp, userAgent: c.userAgent };
      const event: WebSocketEvent = {
        requestContext: baseContext(
          routeKey,
          'MESSAGE',
          connectionId,
          c.connectedAt,
          identity,
        ) as WebSocketEvent['requestContext'],
        body: text ?? buffer.toString('base64'),
        isBase64Encoded: text === null,
      };
      c.queue = c.queue.then(() => invoke(routeKey, event));
    });
    socket.on('close', (code: number, reason: Buffer) => disconnect(connectionId, code, reason.toString()));
    socket.on('error', () => socket.terminate());
  };

  return {
    connections,

    handleUpgrade(req, socket, head) {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const params = matchPath(WS_CHAT_PATH, url.pathname);
        if (!params) return refuse(socket, 404, JSON.stringify({ message: 'Not Found' }));
        const connectionId = newConnectionId();
        const connectedAt = Date.now();
        const headers: Record<string, string> = {};
        const multiValueHeaders: Record<string, string[]> = {};
        for (let i = 0; i < req.rawHeaders.length; i += 2) {
          headers[req.rawHeaders[i]!] = req.rawHeaders[i + 1]!;
          (multiValueHeaders[req.rawHeaders[i]!] ??= []).push(req.rawHeaders[i + 1]!);
        }
        const query: Record<string, string> = {};
        const multiQuery: Record<string, string[]> = {};
        for (const [k, v] of url.searchParams) {
          query[k] = v;
          (multiQuery[k] ??= []).push(v);
        }
        // What a path-rewriting front does in AWS: the path's user id becomes a query parameter.
        query[WS_QUERY.userId] = params['user_id']!;
        multiQuery[WS_QUERY.userId] = [params['user_id']!];
        const identity = { sourceIp: sourceIpOf(req), userAgent: req.headers['user-agent'] ?? null };
        const result = await invoke('$connect', {
          requestContext: baseContext(
            '$connect',
            'CONNECT',
            connectionId,
            connectedAt,
            identity,
          ) as WebSocketEvent['requestContext'],
          headers,
          multiValueHeaders,
          queryStringParameters: query,
          multiValueQueryStringParameters: multiQuery,
          isBase64Encoded: false,
        });
        if (result.statusCode < 200 || result.statusCode > 299) {
          return refuse(socket, result.statusCode, result.body ?? '');
        }
        wss.handleUpgrade(req, socket, head, (ws) => accept(connectionId, ws, req, connectedAt));
      })().catch((err: unknown) => {
        console.error('[websocket] upgrade failed:', (err as Error).message);
        socket.destroy();
      });
    },

    handleManagement(req, res, url) {
      const m = MANAGEMENT_PATH.exec(url.pathname);
      if (!m) return false;
      void (async () => {
        // API Gateway demands IAM-signed calls; here only processes on this machine may call.
        if (!isLoopback(req)) return managementError(res, 403, 'ForbiddenException', 'Forbidden');
        let connectionId: string;
        try {
          connectionId = decodeURIComponent(m[1]!);
        } catch {
          return managementError(res, 400, 'BadRequestException', 'Invalid connection id');
        }
        const c = connections.get(connectionId);
        const method = (req.method ?? 'GET').toUpperCase();
        if (!['POST', 'GET', 'DELETE'].includes(method)) {
          return managementError(res, 405, 'MethodNotAllowedException', 'Method Not Allowed');
        }
        if (method === 'POST') {
          const body = await readBody(req, WS_MAX_MESSAGE_BYTES);
          if (body === null)
            return managementError(res, 413, 'PayloadTooLargeException', 'Payload too large');
          if (!c || c.socket.readyState !== c.socket.OPEN) {
            return managementError(res, 410, 'GoneException', `Connection ${connectionId} is gone`);
          }
          await new Promise<void>((resolve, reject) =>
            c.socket.send(body.toString('utf8'), (err) => (err ? reject(err) : resolve())),
          ).catch(() => undefined);
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.end();
        }
        req.resume();
        if (!c) return managementError(res, 410, 'GoneException', `Connection ${connectionId} is gone`);
        if (method === 'DELETE') {
          c.socket.close(1000, 'Closed by the server');
          res.writeHead(204);
          return res.end();
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            connectedAt: new Date(c.connectedAt).toISOString(),
            lastActiveAt: new Date(c.lastActiveAt).toISOString(),
            identity: { sourceIp: c.sourceIp, userAgent: c.userAgent },
          }),
        );
      })().catch((err: unknown) => {
        console.error('[websocket] management call failed:', (err as Error).message);
        if (!res.headersSent) managementError(res, 500, 'InternalServerErrorException', 'Internal error');
        else res.destroy();
      });
      return true;
    },

    async close() {
      await Promise.all(
        [...connections.values()].map(
          (c) =>
            new Promise<void>((resolve) => {
              // The connection's own close listener (registered first) starts its $disconnect.
              c.socket.once('close', () => resolve());
              c.socket.terminate();
            }),
        ),
      );
      // Let the $disconnect handlers finish (bounded: a hung handler must not block shutdown).
      const all = Promise.allSettled([...pending]);
      await Promise.race([all, new Promise((r) => setTimeout(r, 2_000).unref())]);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
