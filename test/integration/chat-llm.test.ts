/**
 * The turn engine's LLM path against the shared scripted OpenAI-compatible server, through the real
 * adapter: a tool call (streamed, executed through the shared registry, its status frames, the
 * model's answer fact-checked), a failing tool, a tool outside the allow-list, a fact-check failure
 * and a timeout mid-stream — the last two finish offline and say so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  initialChatState,
  runTurn,
  type ToolRunner,
  type TurnEvent,
} from '../../agents/conversation/turn-engine.js';
import { ToolRegistry } from '../../agents/llm/tools.js';
import { createJiebaSegmenter } from '../../agents/nlu/segmenter.js';
import { createTravelTools } from '../../agents/tools/travel-tools.js';
import { chinesePlaceNames, loadGazetteer } from '../../knowledge/gazetteer/load.js';
import { createOfflineProviders } from '../../knowledge/offline/providers.js';
import { startScriptedLlmServer, type ScriptedLlmServer } from '../support/llm-server.js';
import { scriptedClient } from '../support/llm/client.js';

let llm: ScriptedLlmServer;
const gazetteer = loadGazetteer();
const segmenter = createJiebaSegmenter(chinesePlaceNames());
const now = () => new Date('2026-12-01T10:00:00Z');
const registry = new ToolRegistry(createTravelTools({ providers: createOfflineProviders(), now }));
const allowed = new Set(['get_weather', 'search_knowledge']);
const tools: ToolRunner = {
  allowed,
  specs: () => registry.toolSpecs([...allowed]),
  call: (c) => registry.dispatch(c, { allow: allowed, lang: 'zh' }),
};

beforeAll(async () => {
  llm = await startScriptedLlmServer();
});
afterAll(async () => {
  await llm.close();
});

function deps(events: TurnEvent[], timeoutMs = 5_000) {
  return {
    gazetteer,
    segmenter,
    today: '2026-12-01',
    tools,
    loadPlan: async () => null,
    emit: (e: TurnEvent) => void events.push(e),
    llm: scriptedClient(llm, { timeoutMs }),
    llmTimeoutMs: timeoutMs,
  };
}

describe('the LLM path', () => {
  it('streams a tool call, runs it through the registry and fact-checks the answer', async () => {
    llm.enqueue([
      {
        expect: { stream: true, tools: ['get_weather'] },
        reply: {
          toolCalls: [{ name: 'get_weather', arguments: { city: '上海', date: '2027-03-10', days: 1 } }],
        },
      },
      {
        expect: { lastRole: 'tool' },
        reply: (req) => {
          const tool = req.body!.messages!.find((m) => m.role === 'tool')!;
          const f = JSON.parse(String(tool.content)).forecasts[0];
          return {
            content: `上海2027年3月10日的气温在${f.temperature_low}到${f.temperature_high}度之间。`,
            chunkSize: 3,
          };
        },
      },
    ]);
    const events: TurnEvent[] = [];
    const out = await runTurn(initialChatState('zh'), '上海3月10号天气怎么样？', deps(events));
    expect(out.intent).toBe('llm');
    expect(out.fallback).toBeNull();
    expect(out.text).toMatch(/气温在-?\d+到-?\d+度/);
    expect(out.toolCalls).toHaveLength(1);
    expect(out.toolCalls[0]).toMatchObject({ name: 'get_weather', status: 'completed' });
    const statuses = events.filter((e) => e.type === 'tool').map((e) => (e.type === 'tool' ? e.status : ''));
    expect(statuses).toEqual(['queued', 'executing', 'completed']);
    expect(
      events
        .filter((e) => e.type === 'chunk')
        .map((e) => (e.type === 'chunk' ? e.text : ''))
        .join(''),
    ).toBe(out.text);
    expect(out.prompts.map((p) => p.id)).toContain('chat.system');
    expect(out.llm?.usage?.completionTokens).toBeGreaterThan(0);
    llm.assertDone();
  });

  it('a failing tool gives a failed status; a tool outside the allow-list never runs', async () => {
    llm.enqueue([
      {
        reply: {
          toolCalls: [
            { name: 'get_weather', arguments: { city: '亚特兰蒂斯古城', date: '2027-03-10' } },
            { name: 'edit_plan', arguments: { plan_id: 'plan_x', op: {} } },
          ],
        },
      },
      { expect: { lastRole: 'tool' }, reply: { content: '抱歉，这个城市的天气查不到。' } },
    ]);
    const events: TurnEvent[] = [];
    const out = await runTurn(initialChatState('zh'), '亚特兰蒂斯古城天气', deps(events));
    expect(out.toolCalls.map((c) => [c.name, c.status])).toEqual([
      ['get_weather', 'failed'],
      ['edit_plan', 'failed'],
    ]);
    expect(out.toolCalls[1]!.result).toMatch(/NOT_ALLOWED/);
    expect(events.filter((e) => e.type === 'tool' && e.status === 'failed')).toHaveLength(2);
    expect(out.text).toBe('抱歉，这个城市的天气查不到。');
    llm.assertDone();
  });

  it('a reply stating a price no tool returned is replaced by the offline reply', async () => {
    llm.enqueue([{ reply: { content: '去上海玩4天大概要花18888元。' } }]);
    const out = await runTurn(initialChatState('zh'), '我想去上海玩', deps([]));
    expect(out.fallback).toMatch(/fact_check_failed/);
    expect(out.text).not.toMatch(/18888/);
    expect(out.text).toMatch(/几天/);
    llm.assertDone();
  });

  it('a timeout mid-stream finishes the turn offline and says so', async () => {
    llm.enqueue([
      { reply: { content: '好的，我来帮你规划一个很长的回答'.repeat(10), chunkSize: 2, chunkDelayMs: 400 } },
    ]);
    const events: TurnEvent[] = [];
    const started = performance.now();
    const out = await runTurn(initialChatState('zh'), '我想去上海玩', deps(events, 800));
    expect(performance.now() - started).toBeLessThan(4_000);
    expect(out.fallback).toMatch(/llm_failed/);
    expect(out.text).toMatch(/^（语言模型暂时没有响应/);
    expect(out.text).toMatch(/几天/);
    expect(out.intent).toBe('ask');
  });

  it('streams the reply sentence by sentence as the tokens arrive, each one fact-checked first', async () => {
    const content =
      '<think>用户想去上海。</think>\n\n上海很适合短途旅行。告诉我几个人、玩几天，我来排行程！Also tell me your budget.';
    llm.enqueue([{ reply: { content, chunkSize: 3, chunkDelayMs: 40 } }]);
    const events: { e: TurnEvent; at: number }[] = [];
    const d = deps([]);
    const out = await runTurn(initialChatState('zh'), '我想去上海玩', {
      ...d,
      emit: (e: TurnEvent) => void events.push({ e, at: performance.now() }),
    });
    expect(out.fallback).toBeNull();
    expect(out.intent).toBe('llm');
    const chunks = events.filter((x) => x.e.type === 'chunk');
    expect(chunks.map((x) => (x.e as { text: string }).text).join('')).toBe(
      '上海很适合短途旅行。告诉我几个人、玩几天，我来排行程！Also tell me your budget.',
    );
    // The reasoning block never reaches the user; the first sentence goes out long before the last
    // token (the stream takes ~30 chunks x 40 ms), i.e. as it is produced, not after the whole reply.
    expect(out.text).not.toMatch(/think|用户想去/);
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    expect(chunks[chunks.length - 1]!.at - chunks[0]!.at).toBeGreaterThan(400);
    llm.assertDone();
  });

  it('a sentence that fails the check mid-stream stops the model there; the offline reply finishes', async () => {
    llm.enqueue([{ reply: { content: '上海很适合短途旅行。那边的酒店每晚只要8888元。', chunkSize: 4 } }]);
    const out = await runTurn(initialChatState('zh'), '我想去上海玩', deps([]));
    expect(out.fallback).toMatch(/fact_check_failed/);
    expect(out.text.startsWith('上海很适合短途旅行。')).toBe(true);
    expect(out.text).not.toMatch(/8888/);
    // Said so (the checked part was already sent), then the offline manager's question.
    expect(out.text).toMatch(/语言模型/);
    expect(out.text).toMatch(/几天/);
  });

  it('a cold model service: no LLM call, a warming-up notice in the user language, an offline reply', async () => {
    const before = llm.requests.length;
    const out = await runTurn(initialChatState('zh'), 'I want to visit Shanghai', {
      ...deps([]),
      modelService: {
        ensure: async () => ({
          useLlm: false,
          notice: { zh: '智能模型正在预热，请稍候。', en: 'The AI model is warming up.' },
        }),
      },
    });
    expect(llm.requests.length).toBe(before);
    expect(out.text).toMatch(/^The AI model is warming up\. /);
    expect(out.text).toMatch(/days|how many|when/i);
    expect(out.fallback).toBe('model_service_not_ready');
    const zh = await runTurn(initialChatState('zh'), '我想去上海玩', {
      ...deps([]),
      modelService: {
        ensure: async () => ({ useLlm: false, notice: { zh: '智能模型正在预热。', en: 'warming' } }),
      },
    });
    expect(zh.text).toMatch(/^智能模型正在预热。/);
    expect(llm.requests.length).toBe(before);
  });
});
