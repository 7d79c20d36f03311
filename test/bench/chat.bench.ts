/**
 * `npm run bench:chat`: the travel agent's latencies on this machine, printed (never asserted).
 *
 * 1. Offline, over a real WebSocket on the local stack: time from sending `user_message` to the
 *    first `stream_chunk` and to the final one, for question turns and for planning turns.
 * 2. Edit latency: applyEdit + verification of a plan (pure; the providers' data gathered once),
 *    per op, and the gathering itself.
 * 3. With the scripted OpenAI-compatible server: a turn through the turn engine, its first and
 *    final chunk, and the overhead over the LLM's own latency.
 * 4. 200 concurrent sessions (200 connections, one turn each): p50/p99 first chunk, replies lost.
 * Targets: offline first chunk p50 < 150 ms; an edit applied and verified < 300 ms; 200
 * concurrent sessions with nothing lost.
 */
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

import { randomBytes } from 'node:crypto';
import { applyEdit, gatherEditData, type EditContext } from '../../agents/conversation/apply-edit.js';
import type { EditOp } from '../../agents/conversation/edit-ops.js';
import { initialChatState, runTurn, type ToolRunner } from '../../agents/conversation/turn-engine.js';
import { ToolRegistry } from '../../agents/llm/tools.js';
import { createJiebaSegmenter } from '../../agents/nlu/segmenter.js';
import { planTrip } from '../../agents/planning/coordinator.js';
import { TripRequest } from '../../agents/schemas/trip-request.js';
import { createTravelTools } from '../../agents/tools/travel-tools.js';
import { runningChatTurns } from '../../functions/ws/chat-dispatch.js';
import { chinesePlaceNames, loadGazetteer } from '../../knowledge/gazetteer/load.js';
import { createOfflineProviders } from '../../knowledge/offline/providers.js';
import { ChatClient } from '../support/chat-client.js';
import { startScriptedLlmServer } from '../support/llm-server.js';
import { scriptedClient } from '../support/llm/client.js';
import { startBenchApi } from './local-api.js';
import { percentile } from './stats.js';

const fmt = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `p50 ${percentile(s, 50).toFixed(1)} ms, p99 ${percentile(s, 99).toFixed(1)} ms (n=${s.length})`;
};

async function register(base: string, prefix: string): Promise<{ id: string; token: string }> {
  const username = `${prefix}_${randomBytes(5).toString('hex')}`;
  const res = await fetch(`${base}/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, email: `${username}@example.com`, password: 'Secure-pass-2027' }),
  });
  const body = (await res.json()) as { data: { user: { id: string }; access_token: string } };
  return { id: body.data.user.id, token: body.data.access_token };
}

async function conversation(base: string, token: string): Promise<string> {
  const res = await fetch(`${base}/v1/conversations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ title: 'bench' }),
  });
  return ((await res.json()) as { data: { id: string } }).data.id;
}

async function main(): Promise<void> {
  const api = await startBenchApi({ tablePrefix: 'bench-chat', rateLimitPerMinute: 10_000_000 });
  const ws = api.gateway.wsUrl;
  try {
    // 1. Offline over WebSocket.
    const user = await register(api.base, 'bench');
    const client = await ChatClient.connect(ws, user.id, user.token);
    const qFirst: number[] = [];
    const qFinal: number[] = [];
    for (let i = 0; i < 30; i++) {
      const conv = await conversation(api.base, user.token);
      const r = await client.say(conv, i % 2 ? 'I want to visit Shanghai' : '我想去上海玩');
      qFirst.push(r.firstChunkAt! - r.sentAt);
      qFinal.push(r.finalAt - r.sentAt);
    }
    const pFirst: number[] = [];
    const pFinal: number[] = [];
    const eFinal: number[] = [];
    for (let i = 0; i < 8; i++) {
      const conv = await conversation(api.base, user.token);
      const r = await client.say(conv, '我们两个人从北京去上海玩4天，预算2万');
      pFirst.push(r.firstChunkAt! - r.sentAt);
      pFinal.push(r.finalAt - r.sentAt);
      const e = await client.say(conv, i % 2 ? '第二天轻松一点' : '换一个便宜点的酒店');
      eFinal.push(e.finalAt - e.sentAt);
    }
    await client.close();
    console.log('offline, WebSocket, question turn: first chunk', fmt(qFirst), '| final', fmt(qFinal));
    console.log('offline, WebSocket, planning turn: first chunk', fmt(pFirst), '| final', fmt(pFinal));
    console.log('offline, WebSocket, edit turn (whole turn, final chunk):', fmt(eFinal));

    // 2. Edit latency (apply + verify), in-process.
    const providers = createOfflineProviders();
    const now = () => new Date('2026-12-01T10:00:00Z');
    const request = TripRequest.parse({
      origin: { name: '北京' },
      destinations: [{ name: '上海' }],
      startDate: '2027-03-10',
      days: 4,
      travelers: { adults: 2 },
      budget: { amount: 20000, currency: 'CNY' },
      language: 'zh',
    });
    const plan = (await planTrip(request, { providers, now })).plan!;
    const gatherMs: number[] = [];
    let data = await gatherEditData(plan, request, providers);
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      data = await gatherEditData(plan, request, providers);
      gatherMs.push(performance.now() - t);
    }
    const ctx: EditContext = {
      request,
      data,
      legs: (c, a, b) => providers.local.legs(c, a, b),
      rates: providers.rates,
      now,
    };
    const ops: EditOp[] = [
      { op: 'replace_hotel', criterion: 'cheaper' },
      { op: 'adjust_day', day: 2, direction: 'lighter' },
      { op: 'adjust_day', day: 3, direction: 'fuller' },
      {
        op: 'remove_place',
        place: plan.itinerary[1]!.activities.find((a) => a.type === 'sightseeing')!.name,
      },
    ];
    console.log('edit data gathering (providers, per edit):', fmt(gatherMs));
    const all: number[] = [];
    for (const op of ops) {
      const ms: number[] = [];
      for (let i = 0; i < 20; i++) {
        const t = performance.now();
        applyEdit(plan, op, ctx);
        ms.push(performance.now() - t);
      }
      all.push(...ms);
      console.log(
        `edit ${op.op}${'criterion' in op ? `:${op.criterion}` : ''}${'direction' in op ? `:${op.direction}` : ''} apply+verify:`,
        fmt(ms),
      );
    }
    console.log(
      'edit apply+verify, all ops:',
      fmt(all),
      '| with gathering, p50 ~',
      (
        percentile(
          [...all].sort((a, b) => a - b),
          50,
        ) +
        percentile(
          [...gatherMs].sort((a, b) => a - b),
          50,
        )
      ).toFixed(1),
      'ms',
    );

    // 3. With the scripted LLM: the engine's overhead over the model's own latency.
    const llm = await startScriptedLlmServer();
    const gazetteer = loadGazetteer();
    const segmenter = createJiebaSegmenter(chinesePlaceNames());
    const registry = new ToolRegistry(createTravelTools({ providers, now }));
    const allowed = new Set(['get_weather']);
    const tools: ToolRunner = {
      allowed,
      specs: () => registry.toolSpecs([...allowed]),
      call: (c) => registry.dispatch(c, { allow: allowed }),
    };
    const client2 = scriptedClient(llm, { timeoutMs: 10_000 });
    const lFirst: number[] = [];
    const lFinal: number[] = [];
    const lOver: number[] = [];
    for (let i = 0; i < 15; i++) {
      llm.enqueue([
        { reply: { content: '好的，请问您打算玩几天？从哪个城市出发？', chunkSize: 4, chunkDelayMs: 5 } },
      ]);
      let first: number | null = null;
      const t = performance.now();
      const out = await runTurn(initialChatState('zh'), '我想去上海玩', {
        gazetteer,
        segmenter,
        today: '2026-12-01',
        tools,
        loadPlan: async () => null,
        emit: (e) => {
          if (e.type === 'chunk' && first === null) first = performance.now() - t;
        },
        llm: client2,
      });
      const total = performance.now() - t;
      lFirst.push(first ?? total);
      lFinal.push(total);
      lOver.push(total - (out.llm?.latencyMs ?? 0));
    }
    await llm.close();
    console.log(
      'scripted LLM turn: first chunk',
      fmt(lFirst),
      '| final',
      fmt(lFinal),
      '| overhead over the LLM',
      fmt(lOver),
    );

    // 4. 200 concurrent sessions.
    const users: { id: string; token: string }[] = [];
    for (let i = 0; i < 40; i += 4)
      users.push(...(await Promise.all([0, 1, 2, 3].map(() => register(api.base, 'load')))));
    const sessions = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const u = users[i % users.length]!;
        return {
          conv: await conversation(api.base, u.token),
          client: await ChatClient.connect(ws, u.id, u.token),
          u,
        };
      }),
    );
    const results = await Promise.allSettled(
      sessions.map((s, i) =>
        s.client.say(s.conv, i % 2 ? 'I want to visit Tokyo for 3 days' : '我想去北京玩3天', 180_000),
      ),
    );
    const ok = results
      .filter((r) => r.status === 'fulfilled')
      .map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<ChatClient['say']>>>).value);
    let complete = 0;
    for (const [i, r] of results.entries()) {
      if (r.status !== 'fulfilled') continue;
      const s = sessions[i]!;
      const res = await fetch(`${api.base}/v1/conversations/${s.conv}/messages?limit=5`, {
        headers: { authorization: `Bearer ${s.u.token}` },
      });
      const body = (await res.json()) as { data: { messages: { id: string; content: string }[] } };
      if (body.data.messages.find((m) => m.id === r.value.messageId)?.content === r.value.text) complete++;
    }
    console.log(
      '200 concurrent sessions: first chunk',
      fmt(ok.map((r) => r.firstChunkAt! - r.sentAt)),
      '| final',
      fmt(ok.map((r) => r.finalAt - r.sentAt)),
      `| replies complete and stored ${complete}/200, lost ${200 - complete}`,
    );
    await Promise.all(sessions.map((s) => s.client.close()));
    await runningChatTurns();
  } finally {
    await api.close();
  }
}

await main();
process.exit(0);
