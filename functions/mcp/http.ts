/**
 * The MCP Streamable HTTP transport at `/mcp`, behind the API's own edge: every request counts
 * against the per-IP limit, carries the API's bearer token (functions/edge/authenticate.ts: the
 * same verification and revocation check as REST) and counts against the per-user limit — the
 * very limiter of the REST pipeline (`runtime.rateLimit`). Each MCP server is bound to the
 * authenticated user, so tools and resources only see that user's plans and profile.
 *
 * - On the local stack (`npm start`): sessions per the SDK (`Mcp-Session-Id`), one server per
 *   session; a request naming another user's session is answered like an unknown session (404).
 * - In Lambda (functions/mcp/handler.ts): stateless, one server per request, JSON responses.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { AppError, RateLimitedError } from '../../agents/errors.js';
import type { PromptLang } from '../../agents/llm/prompt-engine.js';
import type { ApiRuntime } from '../api/runtime.js';
import type { AccessClaims } from '../api/auth/tokens.js';
import { authenticateBearer } from '../edge/authenticate.js';
import { createTravelToolsRuntime, type TravelToolsRuntime } from './deps.js';
import { createTravelMcpServer } from './server.js';

/** Largest MCP request body read (a whole plan passed to verify_plan fits many times over). */
export const MCP_BODY_LIMIT_BYTES = 1024 * 1024;

/** An HTTP answer outside the protocol (auth, limits): status, headers, JSON-RPC error body. */
export interface EdgeRefusal {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** JSON-RPC error body for an HTTP-level refusal (no request id is known yet). */
export function jsonRpcError(code: number, message: string, data?: Record<string, unknown>): string {
  return JSON.stringify({ jsonrpc: '2.0', id: null, error: { code, message, ...(data ? { data } : {}) } });
}

/** The refusal for an error thrown at the edge (auth, rate limit); rethrows anything else. */
export function refusalOf(err: unknown, lang: PromptLang): EdgeRefusal {
  if (!(err instanceof AppError) || err.fault !== 'user') throw err;
  const message = err.text?.[lang] ?? err.message;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (err.httpStatus === 401) headers['www-authenticate'] = 'Bearer realm="ai-travel-planner"';
  if (err instanceof RateLimitedError) headers['retry-after'] = String(err.retryAfterSeconds);
  return { status: err.httpStatus, headers, body: jsonRpcError(-32001, message, { code: err.code }) };
}

/** zh when the client prefers Chinese (Accept-Language), else en. */
export function languageOf(acceptLanguage: string | undefined | null): PromptLang {
  return /^\s*zh/i.test(acceptLanguage ?? '') ? 'zh' : 'en';
}

/** Per-IP limit, bearer token (verification + revocation), per-user limit: what REST does. */
export async function authenticateMcpRequest(
  rt: Pick<ApiRuntime, 'tokens' | 'rateLimit'>,
  authorization: string | undefined,
  sourceIp: string,
): Promise<AccessClaims> {
  await rt.rateLimit([`ip:${sourceIp}`]);
  const claims = await authenticateBearer(rt.tokens, authorization, 'user');
  await rt.rateLimit([`user:${claims.userId}`]);
  return claims;
}

let toolsRuntime: { rt: ApiRuntime; tools: TravelToolsRuntime } | undefined;

/** The travel tools over the API runtime's providers and repositories (built once per runtime). */
export function travelToolsOf(rt: ApiRuntime): TravelToolsRuntime {
  if (toolsRuntime?.rt !== rt) {
    toolsRuntime = {
      rt,
      tools: createTravelToolsRuntime({
        providers: rt.providers,
        plans: rt.repos.plans,
        users: rt.repos.users,
        now: rt.now,
      }),
    };
  }
  return toolsRuntime.tools;
}

function readJsonBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MCP_BODY_LIMIT_BYTES) {
        reject(Object.assign(new Error('payload too large'), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (chunks.length === 0) return resolve(undefined);
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(Object.assign(new Error('invalid JSON'), { status: 400 }));
      }
    });
    req.on('error', reject);
  });
}

interface Session {
  transport: StreamableHTTPServerTransport;
  userId: string;
  lastSeen: number;
}

export interface LocalMcpHttp {
  /** Handles one request to `/mcp`. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Open sessions. */
  readonly sessions: number;
  close(): Promise<void>;
}

/**
 * The stateful Streamable HTTP endpoint of the local stack. `runtime` is read per request (the
 * stack may rebuild it); idle sessions close after `idleMs` (default 30 minutes).
 */
export function createLocalMcpHttp(options: { runtime: () => ApiRuntime; idleMs?: number }): LocalMcpHttp {
  const sessions = new Map<string, Session>();
  const idleMs = options.idleMs ?? 30 * 60_000;
  const sweep = setInterval(() => {
    const cutoff = Date.now() - idleMs;
    for (const [id, s] of sessions) {
      if (s.lastSeen < cutoff) {
        sessions.delete(id);
        void s.transport.close();
      }
    }
  }, 60_000);
  sweep.unref();

  const send = (res: ServerResponse, refusal: EdgeRefusal) => {
    res.writeHead(refusal.status, refusal.headers);
    res.end(refusal.body);
  };

  return {
    get sessions() {
      return sessions.size;
    },
    async handle(req, res) {
      const lang = languageOf(req.headers['accept-language']);
      const rt = options.runtime();
      let claims: AccessClaims;
      try {
        const ip = req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? 'unknown';
        claims = await authenticateMcpRequest(rt, req.headers.authorization, ip);
      } catch (err) {
        return send(res, refusalOf(err, lang));
      }
      let body: unknown;
      try {
        body = req.method === 'POST' ? await readJsonBody(req) : undefined;
      } catch (err) {
        const status = (err as { status?: number }).status ?? 400;
        return send(res, {
          status,
          headers: { 'content-type': 'application/json' },
          body: jsonRpcError(status === 413 ? -32600 : -32700, (err as Error).message),
        });
      }
      const sessionId = req.headers['mcp-session-id'];
      const id = Array.isArray(sessionId) ? sessionId[0] : sessionId;
      if (id) {
        const session = sessions.get(id);
        // Another user's session is answered like an unknown one.
        if (!session || session.userId !== claims.userId) {
          return send(res, {
            status: 404,
            headers: { 'content-type': 'application/json' },
            body: jsonRpcError(-32001, 'Session not found; initialize a new session'),
          });
        }
        session.lastSeen = Date.now();
        return session.transport.handleRequest(req, res, body);
      }
      if (req.method !== 'POST' || !isInitializeRequest(body)) {
        return send(res, {
          status: 400,
          headers: { 'content-type': 'application/json' },
          body: jsonRpcError(-32000, 'Bad Request: no Mcp-Session-Id; send initialize first'),
        });
      }
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (newId) => {
          sessions.set(newId, { transport, userId: claims.userId, lastSeen: Date.now() });
        },
        onsessionclosed: (closedId) => {
          sessions.delete(closedId);
        },
      });
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
      };
      const server = createTravelMcpServer({
        ...travelToolsOf(rt),
        userId: claims.userId,
        lang,
        onToolFailure: (tool, cause) => rt.logger.error('mcp tool failed', { tool, error: String(cause) }),
      });
      await server.connect(transport);
      await transport.handleRequest(req, res, body);
    },
    async close() {
      clearInterval(sweep);
      const open = [...sessions.values()];
      sessions.clear();
      await Promise.all(open.map((s) => s.transport.close()));
    },
  };
}
