/**
 * One real stdio round trip: the SDK client spawns `npm run -s mcp` (as an MCP client configured
 * from the README does), lists the tools, calls one, reads a resource, and checks that nothing but
 * protocol messages reached stdout (the client would fail to parse anything else).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, describe, expect, it } from 'vitest';
import { addDays } from '../../agents/planning/calendar.js';

const client = new Client({ name: 'stdio-e2e', version: '1.0.0' });
afterAll(async () => {
  await client.close();
});

describe('npm run -s mcp (stdio)', () => {
  it('serves the tools and resources on stdin/stdout, with user tools explaining what they need', async () => {
    const stderr: string[] = [];
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env))
      if (v !== undefined && k !== 'TRAVEL_ACCESS_TOKEN') env[k] = v;
    const transport = new StdioClientTransport({
      command: 'npm',
      args: ['run', '-s', 'mcp'],
      env: { ...env, TRAVEL_MCP_LANG: 'en' },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (c: Buffer) => stderr.push(c.toString()));
    const protocolErrors: Error[] = [];
    client.onerror = (e) => protocolErrors.push(e);
    await client.connect(transport);
    expect(client.getServerVersion()?.name).toBe('ai-travel-planner');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain('plan_itinerary');
    const today = new Date().toISOString().slice(0, 10);
    const r = (await client.callTool({
      name: 'search_flights',
      arguments: {
        departure: { city: '上海' },
        arrival: { city: '北京' },
        departure_date: addDays(today, 20),
        limit: 2,
      },
    })) as CallToolResult;
    expect(r.isError ?? false).toBe(false);
    expect((r.structuredContent as { outbound: { offers: unknown[] } }).outbound.offers).toHaveLength(2);
    const popular = await client.readResource({ uri: 'travel://destinations/popular' });
    expect(popular.contents[0]!.mimeType).toBe('application/json');
    const mine = (await client.callTool({
      name: 'get_plan',
      arguments: { plan_id: 'plan_x' },
    })) as CallToolResult;
    expect(mine.isError).toBe(true);
    expect((mine.content[0] as { text: string }).text).toMatch(/TRAVEL_ACCESS_TOKEN/);
    // Logs went to stderr; stdout carried only JSON-RPC (no parse errors on the client).
    expect(stderr.join('')).toMatch(/ready on stdio/);
    expect(protocolErrors).toEqual([]);
  }, 60_000);
});
