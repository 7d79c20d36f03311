/**
 * The travel MCP server through the SDK's own client over the in-memory transport: every tool,
 * resource and prompt; output schemas validated by the client; bad arguments and failing providers
 * as error results; user scoping; plans stored in DynamoDB Local.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../agents/ids.js';
import { addDays } from '../../agents/planning/calendar.js';
import type { Providers } from '../../agents/ports/providers.js';
import { TRAVEL_TOOL_NAMES } from '../../agents/tools/travel-tools.js';
import { createTravelToolsRuntime, type TravelToolsRuntime } from '../../functions/mcp/deps.js';
import { createTravelMcpServer } from '../../functions/mcp/server.js';
import { createOfflineProviders } from '../../knowledge/offline/providers.js';
import { createTestTable, type TestTable } from '../support/dynamo.js';

const today = new Date().toISOString().slice(0, 10);
const inDays = (n: number) => addDays(today, n);

let table: TestTable;
let runtime: TravelToolsRuntime;
const clients: Client[] = [];

async function connect(options: { userId?: string; lang?: 'zh' | 'en'; rt?: TravelToolsRuntime } = {}) {
  const rt = options.rt ?? runtime;
  const server = createTravelMcpServer({ ...rt, userId: options.userId, lang: options.lang ?? 'en' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  const client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(b);
  clients.push(client);
  return client;
}

const text = (r: CallToolResult) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

let alice: string;
beforeAll(async () => {
  table = await createTestTable('mcp');
  runtime = createTravelToolsRuntime({ plans: table.repos.plans, users: table.repos.users });
  const now = new Date().toISOString();
  const user = await table.repos.users.create({
    id: newId('user'),
    username: `alice${Date.now()}`,
    email: `alice${Date.now()}@example.com`,
    isVerified: true,
    isPremium: false,
    preferences: { language: 'en-us', currency: 'USD', travelStyle: 'family' },
    travelHistory: [],
    loyaltyPrograms: [],
    paymentMethods: [],
    createdAt: now,
    updatedAt: now,
  } as never);
  alice = user.id;
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
});

describe('travel MCP server (in-memory transport)', () => {
  it('lists the eleven tools with wire input schemas, output schemas and annotations', async () => {
    const client = await connect();
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual([...TRAVEL_TOOL_NAMES]);
    const flights = tools.find((t) => t.name === 'search_flights')!;
    expect(Object.keys(flights.inputSchema.properties ?? {})).toContain('departure_date');
    expect(flights.outputSchema?.type).toBe('object');
    expect(flights.annotations).toMatchObject({
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
    });
    const edit = tools.find((t) => t.name === 'edit_plan')!;
    expect(edit.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
  });

  it('every public tool answers with structuredContent the client validated and a text summary', async () => {
    const client = await connect();
    const calls: [string, Record<string, unknown>][] = [
      [
        'search_flights',
        { departure: { city: 'Shanghai' }, arrival: { city: 'Beijing' }, departure_date: inDays(15) },
      ],
      ['search_hotels', { destination: '北京', check_in: inDays(15), check_out: inDays(17), guests: 2 }],
      ['get_weather', { city: 'Beijing', date: inDays(15), days: 2 }],
      ['get_local_attractions', { city: 'Beijing', limit: 3 }],
      ['recommend_destinations', { season: 'spring', limit: 3 }],
      ['search_knowledge', { query: 'metro subway', city: 'Beijing' }],
      ['calculate_budget', { destination: 'Beijing', days: 3, travelers: 2 }],
      ['plan_itinerary', { text: 'From Shanghai to Beijing for 3 days, 2 people, budget 9000 CNY' }],
    ];
    for (const [name, args] of calls) {
      // callTool validates structuredContent against the advertised outputSchema (throws if not).
      const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
      expect(r.isError ?? false, `${name}: ${text(r)}`).toBe(false);
      expect(r.structuredContent, name).toBeDefined();
      expect(r.content[0]?.type).toBe('text');
      expect(JSON.parse((r.content.at(-1) as { text: string }).text)).toEqual(r.structuredContent);
    }
  });

  it('plan_itinerary then verify_plan with the inline plan, without a store or user', async () => {
    const client = await connect({ rt: createTravelToolsRuntime({ providers: runtime.providers }) });
    const planned = (await client.callTool({
      name: 'plan_itinerary',
      arguments: { text: '下个月从上海去成都玩四天，两个人' },
    })) as CallToolResult;
    const out = planned.structuredContent as {
      status: string;
      saved: boolean;
      plan: Record<string, unknown>;
    };
    expect(out.status).toBe('planned');
    expect(out.saved).toBe(false);
    const verified = (await client.callTool({
      name: 'verify_plan',
      arguments: { plan: out.plan },
    })) as CallToolResult;
    expect(verified.isError ?? false, text(verified)).toBe(false);
    expect(verified.structuredContent).toMatchObject({ plan_id: out.plan['id'] });
    const getPlan = (await client.callTool({
      name: 'get_plan',
      arguments: { plan_id: out.plan['id'] },
    })) as CallToolResult;
    expect(getPlan.isError).toBe(true);
    expect(text(getPlan)).toMatch(/signed-in user/);
  });

  it('bad arguments give isError with field-level details (zh and en)', async () => {
    const client = await connect({ lang: 'zh' });
    const r = (await client.callTool({
      name: 'search_flights',
      arguments: {
        departure: { city: 'Shanghai', airport: 'TOOLONG' },
        arrival: {},
        departure_date: '2020-13-40',
      },
    })) as CallToolResult;
    expect(r.isError).toBe(true);
    const { error } = JSON.parse((r.content[1] as { text: string }).text) as {
      error: { code: string; details: { field: string }[] };
    };
    expect(error.code).toBe('INVALID_ARGUMENTS');
    expect(error.details.map((d) => d.field)).toEqual(
      expect.arrayContaining(['departure.airport', 'arrival.city', 'departure_date']),
    );
    expect(text(r)).toMatch(/修正/);
    const en = (await client.callTool({
      name: 'get_weather',
      arguments: { city: 'Beijing', date: inDays(1), days: 99, language: 'en' },
    })) as CallToolResult;
    expect(en.isError).toBe(true);
    expect(text(en)).toMatch(/- days:/);
  });

  it('an unknown tool is a protocol error; a failing provider is an error result, never a crash', async () => {
    const broken: Providers = {
      ...createOfflineProviders(),
      flights: {
        search: () => Promise.reject(new Error('upstream 503 with secret internals')),
      },
    };
    const client = await connect({ rt: createTravelToolsRuntime({ providers: broken }) });
    await expect(client.callTool({ name: 'book_everything', arguments: {} })).rejects.toThrow(/Unknown tool/);
    const r = (await client.callTool({
      name: 'search_flights',
      arguments: { departure: { city: 'Shanghai' }, arrival: { city: 'Beijing' }, departure_date: inDays(5) },
    })) as CallToolResult;
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/The tool failed/);
    expect(text(r)).not.toMatch(/secret internals/);
    // The server is still up.
    const ok = (await client.callTool({
      name: 'get_weather',
      arguments: { city: 'Beijing', date: inDays(5) },
    })) as CallToolResult;
    expect(ok.isError ?? false).toBe(false);
  });

  it('user tools and resources: plan, read, edit, verify, list; other users and anonymous get nothing', async () => {
    const client = await connect({ userId: alice });
    const planned = (await client.callTool({
      name: 'plan_itinerary',
      arguments: {
        request: {
          origin: { name: 'Shanghai' },
          destinations: [{ name: 'Beijing' }],
          start_date: inDays(40),
          days: 3,
          language: 'en',
        },
      },
    })) as CallToolResult;
    const plan = (planned.structuredContent as { plan: { id: string; version: number } }).plan;
    expect((planned.structuredContent as { saved: boolean }).saved).toBe(true);

    const got = (await client.callTool({
      name: 'get_plan',
      arguments: { plan_id: plan.id },
    })) as CallToolResult;
    expect(got.structuredContent).toMatchObject({ id: plan.id, user_id: alice });
    const edited = (await client.callTool({
      name: 'edit_plan',
      arguments: { plan_id: plan.id, version: 1, op: { op: 'replace_hotel', criterion: 'cheaper' } },
    })) as CallToolResult;
    expect(edited.isError ?? false, text(edited)).toBe(false);
    expect(edited.structuredContent).toMatchObject({ previous_version: 1, plan: { version: 2 } });
    expect(text(edited)).toMatch(/Edited \(version 2\)/);
    const verified = (await client.callTool({
      name: 'verify_plan',
      arguments: { plan_id: plan.id },
    })) as CallToolResult;
    expect(verified.structuredContent).toMatchObject({ plan_id: plan.id, version: 2 });

    const resources = await client.listResources();
    expect(resources.resources.map((r) => r.uri)).toEqual(
      expect.arrayContaining([
        'travel://destinations/popular',
        'travel://user/preferences',
        `travel://plans/${plan.id}`,
      ]),
    );
    const planRes = await client.readResource({ uri: `travel://plans/${plan.id}` });
    expect(JSON.parse((planRes.contents[0] as { text: string }).text)).toMatchObject({
      id: plan.id,
      version: 2,
    });
    const prefs = await client.readResource({ uri: 'travel://user/preferences' });
    expect(JSON.parse((prefs.contents[0] as { text: string }).text)).toMatchObject({
      currency: 'USD',
      language: 'en-us',
    });

    const bob = await connect({ userId: newId('user') });
    await expect(bob.readResource({ uri: `travel://plans/${plan.id}` })).rejects.toThrow(/not found/i);
    const bobGet = (await bob.callTool({
      name: 'get_plan',
      arguments: { plan_id: plan.id },
    })) as CallToolResult;
    expect(bobGet.isError).toBe(true);
    expect(JSON.parse((bobGet.content[1] as { text: string }).text).error.reason).toBe('NOT_FOUND');
    expect((await bob.listResources()).resources.some((r) => r.uri.startsWith('travel://plans/'))).toBe(
      false,
    );

    const anonymous = await connect();
    await expect(anonymous.readResource({ uri: 'travel://user/preferences' })).rejects.toThrow(
      /signed-in user/,
    );
  });

  it('destination resources: popular list, the template and its listing, one destination', async () => {
    const client = await connect();
    const templates = await client.listResourceTemplates();
    expect(templates.resourceTemplates.map((t) => t.uriTemplate)).toEqual(
      expect.arrayContaining(['travel://destinations/{id}', 'travel://plans/{id}']),
    );
    const popular = await client.readResource({ uri: 'travel://destinations/popular' });
    const list = JSON.parse((popular.contents[0] as { text: string }).text) as {
      destinations: { id: string; uri: string }[];
    };
    expect(list.destinations.length).toBeGreaterThan(3);
    const listed = await client.listResources();
    expect(listed.resources.map((r) => r.uri)).toEqual(
      expect.arrayContaining(list.destinations.map((d) => d.uri)),
    );
    const one = await client.readResource({ uri: list.destinations.find((d) => d.id === 'beijing')!.uri });
    const beijing = JSON.parse((one.contents[0] as { text: string }).text) as {
      name_en: string;
      attractions: unknown[];
    };
    expect(beijing.name_en).toBe('Beijing');
    expect(beijing.attractions.length).toBeGreaterThan(0);
    await expect(client.readResource({ uri: 'travel://destinations/atlantis' })).rejects.toThrow(
      /not found/i,
    );
  });

  it('prompts plan_trip and refine_plan render through the prompt engine in zh and en', async () => {
    const client = await connect({ lang: 'zh' });
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(['plan_trip', 'refine_plan']);
    const zh = await client.getPrompt({
      name: 'plan_trip',
      arguments: { request: '去北京玩三天', origin: '上海' },
    });
    const zhText = (zh.messages[0]!.content as { text: string }).text;
    expect(zhText).toContain('去北京玩三天（出发地：上海）');
    expect(zhText).toContain('plan_itinerary');
    expect(zh.description).toMatch(/mcp\.plan-trip v1 \(zh\)/);
    const en = await client.getPrompt({
      name: 'refine_plan',
      arguments: { plan_id: 'plan_X', change: 'a cheaper hotel', language: 'en' },
    });
    const enText = (en.messages[0]!.content as { text: string }).text;
    expect(enText).toContain('Please change my plan plan_X: a cheaper hotel');
    expect(enText).toContain('edit_plan');
  });
});
