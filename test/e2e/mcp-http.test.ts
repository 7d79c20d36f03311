/**
 * The MCP Streamable HTTP endpoint of the local stack (`/mcp` on the API Gateway emulation), with
 * the SDK's own client over real HTTP: the API's bearer token (401 without or with a revoked one),
 * sessions bound to their user (another user's session id is unknown to them), the caller's plans
 * only, and plan -> edit -> verify -> read as a resource.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as mcpLambda } from '../../functions/mcp/handler.js';
import { daysFromNow, registerUser, startApi, type TestApi, type TestUser } from './api-support.js';

let api: TestApi;
let alice: TestUser;
let bob: TestUser;
const clients: Client[] = [];

async function connect(
  token: string,
  lang = 'en',
): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(api.gateway.mcpUrl), {
    requestInit: { headers: { authorization: `Bearer ${token}`, 'accept-language': lang } },
  });
  const client = new Client({ name: 'e2e', version: '1.0.0' });
  await client.connect(transport);
  clients.push(client);
  return { client, transport };
}

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};
const post = (headers: Record<string, string>, body: unknown = initialize) =>
  fetch(api.gateway.mcpUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  api = await startApi();
  alice = await registerUser(api, 'alice');
  bob = await registerUser(api, 'bob');
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  await api?.close();
});

describe('MCP over Streamable HTTP on the local stack', () => {
  it('refuses a request without a token or with a bad one (401, WWW-Authenticate)', async () => {
    const none = await post({});
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const body = (await none.json()) as { error: { code: number; data: { code: string } } };
    expect(body.error.data.code).toBe('AUTH_FAILED');
    expect((await post({ authorization: 'Bearer not.a.jwt' })).status).toBe(401);
  });

  it('plans, edits, verifies and reads the plan as a resource for the signed-in user', async () => {
    const { client } = await connect(alice.token);
    expect((await client.listTools()).tools).toHaveLength(11);
    const planned = (await client.callTool({
      name: 'plan_itinerary',
      arguments: {
        request: {
          origin: { name: 'Shanghai' },
          destinations: [{ name: 'Beijing' }],
          start_date: daysFromNow(30),
          days: 3,
          travelers: { adults: 2 },
          language: 'en',
        },
      },
    })) as CallToolResult;
    const out = planned.structuredContent as {
      status: string;
      saved: boolean;
      plan: { id: string; user_id: string };
    };
    expect(out).toMatchObject({ status: 'planned', saved: true, plan: { user_id: alice.id } });
    const planId = out.plan.id;

    // The plan is the caller's through REST too.
    const rest = await api.call('GET', `/v1/travel-plans/${planId}`, { token: alice.token });
    expect(rest.status).toBe(200);
    expect(rest.body.data.version).toBe(1);

    const edited = (await client.callTool({
      name: 'edit_plan',
      arguments: { plan_id: planId, version: 1, op: { op: 'replace_hotel', criterion: 'cheaper' } },
    })) as CallToolResult;
    expect(edited.isError ?? false).toBe(false);
    expect(edited.structuredContent).toMatchObject({ plan: { version: 2 } });
    const verified = (await client.callTool({
      name: 'verify_plan',
      arguments: { plan_id: planId },
    })) as CallToolResult;
    expect(verified.structuredContent).toMatchObject({ plan_id: planId, version: 2 });
    const resource = await client.readResource({ uri: `travel://plans/${planId}` });
    expect(JSON.parse((resource.contents[0] as { text: string }).text)).toMatchObject({
      id: planId,
      version: 2,
    });
    const prefs = await client.readResource({ uri: 'travel://user/preferences' });
    expect(JSON.parse((prefs.contents[0] as { text: string }).text)).toHaveProperty('currency');

    // Another user: the plan does not exist for them, as a tool or a resource.
    const { client: other } = await connect(bob.token);
    const stolen = (await other.callTool({
      name: 'get_plan',
      arguments: { plan_id: planId },
    })) as CallToolResult;
    expect(stolen.isError).toBe(true);
    expect(JSON.parse((stolen.content[1] as { text: string }).text).error.reason).toBe('NOT_FOUND');
    await expect(other.readResource({ uri: `travel://plans/${planId}` })).rejects.toThrow(/not found/i);
    const edit = (await other.callTool({
      name: 'edit_plan',
      arguments: { plan_id: planId, op: { op: 'remove_place', place: 'anything' } },
    })) as CallToolResult;
    expect(edit.isError).toBe(true);
    expect(
      (await api.call('GET', `/v1/travel-plans/${planId}`, { token: alice.token })).body.data.version,
    ).toBe(2);
  });

  it("binds a session to its user: another user's token on it gets 404", async () => {
    const { transport } = await connect(alice.token);
    const sessionId = transport.sessionId!;
    expect(sessionId).toBeTruthy();
    const list = { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} };
    const asBob = await post(
      {
        authorization: `Bearer ${bob.token}`,
        'mcp-session-id': sessionId,
        'mcp-protocol-version': '2025-06-18',
      },
      list,
    );
    expect(asBob.status).toBe(404);
    const asAlice = await post(
      {
        authorization: `Bearer ${alice.token}`,
        'mcp-session-id': sessionId,
        'mcp-protocol-version': '2025-06-18',
      },
      list,
    );
    expect(asAlice.status).toBe(200);
  });

  it('a token whose session was revoked (logout) is refused on the next request', async () => {
    const carol = await registerUser(api, 'carol');
    const { client } = await connect(carol.token);
    await client.callTool({ name: 'get_weather', arguments: { city: 'Beijing', date: daysFromNow(3) } });
    expect((await api.call('POST', '/v1/auth/logout', { token: carol.token, body: {} })).status).toBeLessThan(
      300,
    );
    const after = await post({ authorization: `Bearer ${carol.token}` });
    expect(after.status).toBe(401);
  });
});

describe('the MCP Lambda handler (stateless, as behind API Gateway)', () => {
  const event = (body: unknown, headers: Record<string, string>): APIGatewayProxyEvent =>
    ({
      resource: '/mcp',
      path: '/mcp',
      httpMethod: 'POST',
      headers: { 'content-type': 'application/json', host: 'api.example.com', ...headers },
      multiValueHeaders: {},
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      pathParameters: null,
      stageVariables: null,
      body: JSON.stringify(body),
      isBase64Encoded: false,
      requestContext: { identity: { sourceIp: '198.51.100.7' } },
    }) as unknown as APIGatewayProxyEvent;

  it('answers initialize and tools/call without a session, and 401 without a token', async () => {
    expect((await mcpLambda(event(initialize, {}))).statusCode).toBe(401);
    const auth = { authorization: `Bearer ${alice.token}`, accept: 'application/json, text/event-stream' };
    const init = await mcpLambda(event(initialize, auth));
    expect(init.statusCode).toBe(200);
    expect(init.headers?.['mcp-session-id']).toBeUndefined();
    expect(JSON.parse(init.body).result.serverInfo.name).toBe('ai-travel-planner');
    const call = await mcpLambda(
      event(
        {
          jsonrpc: '2.0',
          id: 2,
          method: 'tools/call',
          params: { name: 'get_weather', arguments: { city: 'Beijing', date: daysFromNow(4) } },
        },
        { ...auth, 'mcp-protocol-version': '2025-06-18' },
      ),
    );
    expect(call.statusCode).toBe(200);
    const result = JSON.parse(call.body).result as CallToolResult;
    expect(result.structuredContent).toMatchObject({ city: { name_en: 'Beijing' } });
  });
});
