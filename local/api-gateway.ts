/**
 * A local API Gateway (REST, Lambda proxy integration): a real HTTP server that matches requests
 * against the route table the CDK stack is built from, builds the proxy event the way API Gateway
 * does (resource, path, headers and multi-value headers, query strings, path parameters,
 * requestContext with a request id and the source IP), invokes the real handler and writes its
 * response. No line of handler code differs from AWS.
 *
 * The same server (same port) is the WebSocket API — upgrades on `/v1/ws/chat/{user_id}` and the
 * management API's `/@connections/{id}` (local/websocket-gateway.ts): point `WEBSOCKET_ENDPOINT`
 * at {@link LocalApiGateway.managementEndpoint} and the handlers' postToConnection reaches it.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import type { ErrorCode } from '../agents/errors.js';
import { newRequestId } from '../agents/schemas/envelope.js';
import { loadHandler, type ApiHandler } from '../functions/api/handlers/registry.js';
import { ROUTES, matchPath, type FunctionName, type RouteDef } from '../functions/api/routes.js';
import { WS_CHAT_PATH } from '../functions/ws/routes.js';
import { getRuntime } from '../functions/api/runtime.js';
import { createLocalMcpHttp } from '../functions/mcp/http.js';
import { createLocalWebSocketApi, type LocalWebSocketApi } from './websocket-gateway.js';

/** API Gateway's own payload limit. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

export interface LocalApiGateway {
  url: string;
  port: number;
  server: Server;
  /** Base of the WebSocket URL: connect to `${wsUrl}/{user_id}?token={jwt}`. */
  wsUrl: string;
  /** The management API's endpoint (what `WEBSOCKET_ENDPOINT` is set to locally). */
  managementEndpoint: string;
  websocket: LocalWebSocketApi;
  /** The MCP Streamable HTTP endpoint (functions/mcp/http.ts), bearer token required. */
  mcpUrl: string;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_PAYLOAD_BYTES) {
        reject(new Error('payload too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(chunks.length ? Buffer.concat(chunks) : null));
    req.on('error', reject);
  });
}

/** The error code of each status the gateway itself answers. */
const GATEWAY_CODES: Record<number, ErrorCode> = {
  404: 'NOT_FOUND',
  405: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  502: 'INTERNAL_ERROR',
};

/**
 * The gateway's own errors (no route, method not allowed, too large, a failed function) in the
 * application's error envelope, like the CDK stack's gateway responses.
 */
function gatewayError(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
  res.end(
    JSON.stringify({
      success: false,
      error: { code: GATEWAY_CODES[status] ?? 'INTERNAL_ERROR', message, details: [] },
      timestamp: new Date().toISOString(),
      request_id: newRequestId(),
    }),
  );
}

/** Builds the REST API proxy event for a request matched to a route. */
export function buildProxyEvent(
  req: IncomingMessage,
  url: URL,
  route: RouteDef,
  pathParameters: Record<string, string>,
  body: Buffer | null,
): APIGatewayProxyEvent {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    const value = req.rawHeaders[i + 1]!;
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  const query: Record<string, string> = {};
  const multiQuery: Record<string, string[]> = {};
  for (const [k, v] of url.searchParams) {
    query[k] = v;
    (multiQuery[k] ??= []).push(v);
  }
  const text = body ? body.toString('utf8') : null;
  const binary = body !== null && Buffer.from(text!, 'utf8').compare(body) !== 0;
  const now = Date.now();
  return {
    resource: route.path,
    path: url.pathname,
    httpMethod: route.method,
    headers,
    multiValueHeaders,
    queryStringParameters: Object.keys(query).length ? query : null,
    multiValueQueryStringParameters: Object.keys(multiQuery).length ? multiQuery : null,
    pathParameters: Object.keys(pathParameters).length ? pathParameters : null,
    stageVariables: null,
    body: body === null ? null : binary ? body.toString('base64') : text,
    isBase64Encoded: binary,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: null,
      protocol: `HTTP/${req.httpVersion}`,
      httpMethod: route.method,
      // The local server is like a custom domain at its root: no stage in the client's path.
      path: url.pathname,
      stage: 'local',
      requestId: randomUUID(),
      requestTimeEpoch: now,
      resourceId: 'local',
      resourcePath: route.path,
      identity: {
        sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
        userAgent: req.headers['user-agent'] ?? null,
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        user: null,
        userArn: null,
      },
    },
  };
}

/** A Lambda context for one invocation of the function named `local-<fn>`. */
export function lambdaContext(fn: string): Context {
  const deadline = Date.now() + 29_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `local-${fn}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:local-${fn}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/local-${fn}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Starts the gateway; handlers are loaded once per function on first use. */
export async function startApiGateway(
  options: { port?: number; host?: string } = {},
): Promise<LocalApiGateway> {
  const handlers = new Map<FunctionName, Promise<ApiHandler>>();
  const handlerFor = (fn: FunctionName) => {
    let h = handlers.get(fn);
    if (!h) {
      h = loadHandler(fn);
      handlers.set(fn, h);
    }
    return h;
  };
  let domainName = '127.0.0.1';
  const websocket = createLocalWebSocketApi({ domainName: () => domainName, context: lambdaContext });
  const mcp = createLocalMcpHttp({ runtime: getRuntime });
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
      if (websocket.handleManagement(req, res, url)) return;
      if (url.pathname === '/mcp') {
        return mcp.handle(req, res).catch((err: unknown) => {
          process.stderr.write(`mcp: ${err instanceof Error ? err.stack : String(err)}\n`);
          if (!res.headersSent) gatewayError(res, 500, 'Internal Server Error');
          else res.end();
        });
      }
      const method = (req.method ?? 'GET').toUpperCase();
      const candidates = ROUTES.map((r) => ({ r, params: matchPath(r.path, url.pathname) })).filter(
        (x) => x.params,
      );
      if (method === 'OPTIONS' && candidates.length > 0) {
        res.writeHead(204, {
          'access-control-allow-origin': '*',
          'access-control-allow-headers':
            'authorization,content-type,idempotency-key,x-request-id,accept-language',
          'access-control-allow-methods':
            [...new Set(candidates.map((c) => c.r.method))].join(',') + ',OPTIONS',
          'access-control-max-age': '600',
        });
        res.end();
        return;
      }
      const match = candidates.find((c) => c.r.method === method);
      if (!match)
        return gatewayError(
          res,
          candidates.length ? 405 : 404,
          candidates.length ? 'Method Not Allowed' : 'Not Found',
        );
      let body: Buffer | null;
      try {
        body = await readBody(req);
      } catch {
        return gatewayError(res, 413, 'Request Entity Too Large');
      }
      try {
        const handler = await handlerFor(match.r.fn);
        const event = buildProxyEvent(req, url, match.r, match.params!, body);
        const result = await handler(event, lambdaContext(match.r.fn));
        const headers: Record<string, string | string[]> = { ...(result.headers as Record<string, string>) };
        for (const [k, v] of Object.entries(result.multiValueHeaders ?? {})) headers[k] = v.map(String);
        res.writeHead(result.statusCode, headers);
        res.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
      } catch (err) {
        // A handler that throws is a Lambda error: API Gateway answers 502.
        console.error(`[api-gateway] ${match.r.fn} failed:`, (err as Error).message);
        gatewayError(res, 502, 'Internal server error');
      }
    })();
  });
  server.on('upgrade', (req, socket, head) => websocket.handleUpgrade(req, socket, head));
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  domainName = `127.0.0.1:${port}`;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    wsUrl: `ws://127.0.0.1:${port}${WS_CHAT_PATH.replace('/{user_id}', '')}`,
    managementEndpoint: `http://127.0.0.1:${port}`,
    websocket,
    mcpUrl: `http://127.0.0.1:${port}/mcp`,
    close: async () => {
      await mcp.close();
      await websocket.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
