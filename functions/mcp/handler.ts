/**
 * The MCP Lambda function behind the REST API's `/mcp` resource (Lambda proxy integration):
 * Streamable HTTP in the SDK's stateless mode (no `Mcp-Session-Id`; each request gets its own
 * server bound to the authenticated user, answers are JSON, not SSE), because consecutive requests
 * of one client may reach different execution environments. Before the protocol: the per-IP
 * limit, the API's bearer verification with its revocation check and the per-user limit
 * (functions/mcp/http.ts, the same pieces the REST pipeline uses).
 */
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { getRuntime } from '../api/runtime.js';
import { resolveSecrets } from '../edge/secrets.js';
import {
  MCP_BODY_LIMIT_BYTES,
  authenticateMcpRequest,
  jsonRpcError,
  languageOf,
  refusalOf,
  travelToolsOf,
} from './http.js';
import { createTravelMcpServer } from './server.js';

function header(event: APIGatewayProxyEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(event.headers ?? {}))
    if (k.toLowerCase() === wanted) return v ?? undefined;
  return undefined;
}

function plain(status: number, body: string, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return { statusCode: status, headers: { 'content-type': 'application/json', ...headers }, body };
}

export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  await resolveSecrets();
  const rt = getRuntime();
  const lang = languageOf(header(event, 'accept-language'));
  let userId: string;
  try {
    const ip = event.requestContext?.identity?.sourceIp ?? 'unknown';
    userId = (await authenticateMcpRequest(rt, header(event, 'authorization'), ip)).userId;
  } catch (err) {
    const refusal = refusalOf(err, lang);
    return plain(refusal.status, refusal.body, refusal.headers);
  }
  if (event.httpMethod !== 'POST') {
    // Stateless: no server-initiated stream (GET) and no session to end (DELETE).
    return plain(405, jsonRpcError(-32000, 'Method not allowed: POST JSON-RPC messages'), { allow: 'POST' });
  }
  const raw = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body
    : '';
  if (Buffer.byteLength(raw) > MCP_BODY_LIMIT_BYTES)
    return plain(413, jsonRpcError(-32600, 'Request too large'));
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return plain(400, jsonRpcError(-32700, 'Parse error: the body is not JSON'));
  }

  const headers = new Headers();
  for (const [k, v] of Object.entries(event.headers ?? {})) if (v !== undefined) headers.set(k, v);
  headers.set('accept', 'application/json, text/event-stream');
  const request = new Request(`https://${header(event, 'host') ?? 'localhost'}${event.path}`, {
    method: 'POST',
    headers,
    body: raw,
  });
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  const server = createTravelMcpServer({
    ...travelToolsOf(rt),
    userId,
    lang,
    onToolFailure: (tool, cause) => rt.logger.error('mcp tool failed', { tool, error: String(cause) }),
  });
  try {
    await server.connect(transport);
    const response = await transport.handleRequest(request, { parsedBody: body });
    const out: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      out[key] = value;
    });
    return { statusCode: response.status, headers: out, body: await response.text() };
  } finally {
    await server.close();
  }
}
