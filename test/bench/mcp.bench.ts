/**
 * `npm run bench:mcp`: tools/call latency of the travel MCP server, seen by the SDK client, for
 * search_flights and plan_itinerary over stdio (spawning `npm run -s mcp`, as an MCP client does)
 * and over Streamable HTTP on the local stack (bearer token, session). Calls run one at a time
 * (an MCP client waits for its answer), after a warm-up. Target: search tools p99 < 50 ms over
 * stdio. Figures are printed, never asserted.
 *
 * Options (environment): MCP_BENCH_SEARCH (default 300 calls), MCP_BENCH_PLAN (default 40 calls).
 */
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { addDays } from '../../agents/planning/calendar.js';
import { startBenchApi } from './local-api.js';
import { formatSummary, measure } from './stats.js';

const SEARCH_CALLS = Number(process.env['MCP_BENCH_SEARCH'] ?? 300);
const PLAN_CALLS = Number(process.env['MCP_BENCH_PLAN'] ?? 40);
const today = new Date().toISOString().slice(0, 10);
const CITIES = ['北京', 'Shanghai', '成都', 'Guangzhou', '西安', 'Hangzhou'];

function searchArgs(i: number) {
  const from = CITIES[i % CITIES.length]!;
  const to = CITIES[(i + 1 + (i % 3)) % CITIES.length]!;
  return {
    departure: { city: from },
    arrival: { city: to },
    departure_date: addDays(today, 10 + (i % 40)),
    limit: 5,
  };
}
function planArgs(i: number) {
  const to = ['Beijing', 'Chengdu', "Xi'an", 'Hangzhou'][i % 4]!;
  return {
    request: {
      origin: { name: 'Shanghai' },
      destinations: [{ name: to }],
      start_date: addDays(today, 20 + (i % 30)),
      days: 3,
      language: 'en',
    },
    save: false,
  };
}

async function run(label: string, client: Client): Promise<void> {
  const call = async (name: string, args: Record<string, unknown>) => {
    const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
    if (r.isError) throw new Error(`${name} failed: ${JSON.stringify(r.content)}`);
  };
  for (let i = 0; i < 20; i++) await call('search_flights', searchArgs(i));
  for (let i = 0; i < 3; i++) await call('plan_itinerary', planArgs(i));
  console.log(
    formatSummary(
      `${label} search_flights`,
      await measure(SEARCH_CALLS, 1, (i) => call('search_flights', searchArgs(i))),
    ),
  );
  console.log(
    formatSummary(
      `${label} plan_itinerary`,
      await measure(PLAN_CALLS, 1, (i) => call('plan_itinerary', planArgs(i))),
    ),
  );
}

async function main(): Promise<void> {
  console.log(
    `MCP tools/call latency (sequential, SDK client; ${SEARCH_CALLS} searches, ${PLAN_CALLS} plans)`,
  );
  const stdio = new Client({ name: 'bench', version: '1' });
  await stdio.connect(
    new StdioClientTransport({ command: 'npm', args: ['run', '-s', 'mcp'], stderr: 'ignore' }),
  );
  await run('stdio', stdio);
  await stdio.close();

  const api = await startBenchApi({ tablePrefix: 'bench-mcp', rateLimitPerMinute: 1_000_000 });
  try {
    const res = await fetch(`${api.base}/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: `bench${Date.now()}`,
        email: `bench${Date.now()}@example.com`,
        password: 'Secure-pass-2027',
      }),
    });
    const token = ((await res.json()) as { data: { access_token: string } }).data.access_token;
    const http = new Client({ name: 'bench', version: '1' });
    await http.connect(
      new StreamableHTTPClientTransport(new URL(api.gateway.mcpUrl), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    await run('http ', http);
    await http.close();
  } finally {
    await api.close();
  }
}

await main();
