/**
 * LLM request understanding on the phrasing classes of issue 15 (relations, location clauses,
 * holidays and months, vague lengths, budget scope and ranges, tiers), against the scripted
 * OpenAI-compatible server: the request the model is sent, the validation of its answer, and the
 * parser's cross-check. The deterministic parser stays the safety net.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { understandRequest } from '../../agents/llm/request-understanding.js';
import type { OpenAiLlmClient } from '../../functions/llm/openai-client.js';
import { loadGazetteer } from '../../knowledge/gazetteer/load.js';
import { scriptedClient } from '../support/llm/client.js';
import { llmReply, startScriptedLlmServer, type ScriptedLlmServer } from '../support/llm-server.js';

let server: ScriptedLlmServer;
let llm: OpenAiLlmClient;
const gazetteer = loadGazetteer();
/** The reference date of test/fixtures/nlu-fresh. */
const today = '2026-12-01';

beforeAll(async () => {
  server = await startScriptedLlmServer();
  llm = scriptedClient(server);
});
afterEach(() => {
  server.assertDone();
  server.reset();
});
afterAll(() => server.close());

const zh = (name: string, en: string) => ({ name, nameZh: name, nameEn: en });
const en = (name: string) => ({ name, nameEn: name });

describe('LLM understanding of the issue-15 classes', () => {
  it('sends the TripRequest schema with the new fields and accepts an answer that uses them', async () => {
    const text = '我跟闺蜜打算国庆去厦门浪一下，5天，我们从长沙出发，人均3000到4000，住中档的酒店';
    server.enqueue({
      expect: { responseFormat: 'trip_request', lastUserIncludes: '<user_request>' },
      reply: llmReply.json({
        origin: zh('长沙', 'Changsha'),
        destinations: [zh('厦门', 'Xiamen')],
        startDate: '2027-10-01',
        days: 5,
        travelers: { adults: 2, children: 0 },
        budget: { amount: 4000, minAmount: 3000, currency: 'CNY', perPerson: true },
        accommodation: { tier: 'mid_range' },
        language: 'zh',
      }),
    });
    const r = await understandRequest(text, { llm, gazetteer, today });
    const format = server.chatRequests()[0]!.body!.response_format!;
    expect(format.type).toBe('json_schema');
    const schema = JSON.stringify(format.json_schema!.schema);
    for (const field of [/start_?[mM]onth/, /budget_?[lL]evel/, /min_?[aA]mount/, /mid_range/])
      expect(schema).toMatch(field);
    expect(r.source).toBe('llm');
    expect(r.disagreements).toEqual([]);
    expect(r.request).toMatchObject({
      startDate: '2027-10-01',
      budget: { amount: 4000, minAmount: 3000, perPerson: true },
      accommodation: { tier: 'mid_range' },
    });
    // The parser read the same request the same way.
    expect(r.parse.request).toMatchObject({
      startDate: '2027-10-01',
      days: 5,
      travelers: { adults: 2, children: 0 },
      budget: { amount: 4000, minAmount: 3000, perPerson: true },
      accommodation: { tier: 'mid_range' },
    });
  });

  it('retries when the answer breaks the schema (a 13th month, an unknown tier) and takes the second', async () => {
    const text = 'Based in London, 3 days in Edinburgh in April with my girlfriend, luxury hotel';
    server.enqueue([
      {
        reply: llmReply.json({
          origin: en('London'),
          destinations: [en('Edinburgh')],
          startMonth: '2027-13',
          days: 3,
          travelers: { adults: 2, children: 0 },
          accommodation: { tier: 'posh' },
          language: 'en',
        }),
      },
      {
        reply: llmReply.json({
          origin: en('London'),
          destinations: [en('Edinburgh')],
          startMonth: '2027-04',
          days: 3,
          travelers: { adults: 2, children: 0 },
          accommodation: { tier: 'luxury' },
          language: 'en',
        }),
      },
    ]);
    const r = await understandRequest(text, { llm, gazetteer, today });
    expect(r.source).toBe('llm-retry');
    expect(r.request).toMatchObject({ startMonth: '2027-04', accommodation: { tier: 'luxury' } });
    // The retry tells the model what was wrong.
    const retry = server
      .chatRequests()[1]!
      .body!.messages!.map((m) => String(m.content))
      .join('\n');
    expect(retry).toMatch(/startMonth|start_month|tier/);
  });

  it('keeps the parser reading of a relation party and a location-clause origin over the model', async () => {
    const text =
      "I'm in Wuhan right now and me and my buddy want to check out Chengdu for 4 days. Budget around 5000 yuan total.";
    server.enqueue({
      reply: llmReply.json({
        destinations: [en('Chengdu')],
        days: 4,
        travelers: { adults: 1, children: 0 },
        budget: { amount: 5000, currency: 'CNY', perPerson: false },
        language: 'en',
      }),
    });
    const r = await understandRequest(text, { llm, gazetteer, today });
    expect(r.source).toBe('llm');
    expect(r.request.origin?.nameEn).toBe('Wuhan');
    expect(r.request.travelers).toMatchObject({ adults: 2, children: 0 });
    expect(r.disagreements.map((d) => d.field)).toEqual(['travelers']);
    expect(r.missing).not.toContain('origin');
  });

  it('drops a trip length the model invented for a vague one (几天), so it is asked for', async () => {
    const text = '我跟我男朋友想去南京玩几天，从合肥出发，想去夫子庙';
    server.enqueue({
      reply: llmReply.json({
        origin: zh('合肥', 'Hefei'),
        destinations: [zh('南京', 'Nanjing')],
        days: 3,
        travelers: { adults: 2, children: 0 },
        mustVisit: ['夫子庙'],
        language: 'zh',
      }),
    });
    const r = await understandRequest(text, { llm, gazetteer, today });
    expect(r.request.days).toBeUndefined();
    expect(r.missing).toContain('days');
    expect(r.parse.vague).toContain('days');
    expect(r.disagreements).toContainEqual({ field: 'days', llm: 3, parser: null, kept: 'parser' });
    expect(r.request.mustVisit).toEqual(['夫子庙']);
  });

  it('keeps a per-person budget the model read as a total', async () => {
    const text =
      'Two couples from Seattle want a road trip to Portland this weekend, 2 days, about $300 each.';
    server.enqueue({
      reply: llmReply.json({
        origin: en('Seattle'),
        destinations: [en('Portland')],
        startDate: '2026-12-05',
        days: 2,
        travelers: { adults: 4, children: 0 },
        budget: { amount: 300, currency: 'USD', perPerson: false },
        language: 'en',
      }),
    });
    const r = await understandRequest(text, { llm, gazetteer, today });
    expect(r.request.budget).toMatchObject({ amount: 300, currency: 'USD', perPerson: true });
    expect(r.disagreements.map((d) => d.field)).toEqual(['budget']);
    // Fields without a cross-check come from the model; the parser's reading is kept beside them.
    expect(r.parse.request.transport?.prefer).toContain('self_driving');
  });

  it('drops a budget amount the model made up for 预算有限 and keeps the level', async () => {
    const text = '有没有人一起？我现在在厦门，想去潮州吃吃吃，2天，就我一个人，预算有限';
    server.enqueue({
      reply: llmReply.json({
        origin: zh('厦门', 'Xiamen'),
        destinations: [zh('潮州', 'Chaozhou')],
        days: 2,
        travelers: { adults: 1, children: 0 },
        budget: { amount: 1000, currency: 'CNY', perPerson: false },
        budgetLevel: 'budget',
        language: 'zh',
      }),
    });
    const r = await understandRequest(text, { llm, gazetteer, today });
    expect(r.request.budget).toBeUndefined();
    expect(r.request.budgetLevel).toBe('budget');
    expect(r.missing).toContain('budget');
  });

  it('falls back to the parser after two invalid answers, with its month and holiday readings', async () => {
    const text = '出发地：南京\n目的地：黄山\n日期：4月\n天数：3天\n人数：2人';
    server.enqueue([{ reply: llmReply.text('not json') }, { reply: llmReply.json({ days: 'three' }) }]);
    const r = await understandRequest(text, { llm, gazetteer, today });
    expect(r.source).toBe('fallback');
    expect(r.request).toMatchObject({
      origin: { nameEn: 'Nanjing' },
      destinations: [{ nameEn: 'Huangshan' }],
      startMonth: '2027-04',
      days: 3,
      travelers: { adults: 2, children: 0 },
    });
  });

  it('sends evenings and the upscale tier in the schema, and accepts an answer that uses them', async () => {
    const text = '我和老公从南京去上海，3天，晚上想看演出，住好一点';
    server.enqueue({
      expect: { responseFormat: 'trip_request' },
      reply: llmReply.json({
        origin: zh('南京', 'Nanjing'),
        destinations: [zh('上海', 'Shanghai')],
        days: 3,
        travelers: { adults: 2, children: 0 },
        evenings: [{ kind: 'show' }],
        accommodation: { tier: 'upscale' },
        language: 'zh',
      }),
    });
    const r = await understandRequest(text, { llm, gazetteer, today });
    const schema = JSON.stringify(server.chatRequests()[0]!.body!.response_format!.json_schema!.schema);
    expect(schema).toMatch(/evenings/);
    expect(schema).toMatch(/night_view/);
    expect(schema).toMatch(/upscale/);
    expect(r.source).toBe('llm');
    expect(r.request).toMatchObject({ evenings: [{ kind: 'show' }], accommodation: { tier: 'upscale' } });
    // The parser reads the same.
    expect(r.parse.request).toMatchObject({
      evenings: [{ kind: 'show' }],
      accommodation: { tier: 'upscale' },
    });
  });

  it('moves an evening wish the model put among the must-visits to the evening wishes', async () => {
    const text = 'Hong Kong from Guangzhou, 3 days, 2 of us, want to see the Big Buddha and a night view';
    server.enqueue({
      reply: llmReply.json({
        origin: en('Guangzhou'),
        destinations: [en('Hong Kong')],
        days: 3,
        travelers: { adults: 2, children: 0 },
        mustVisit: ['Big Buddha', 'night view'],
        language: 'en',
      }),
    });
    const r = await understandRequest(text, { llm, gazetteer, today });
    expect(r.request.mustVisit).toEqual(['Big Buddha']);
    expect(r.request.evenings).toEqual([{ kind: 'night_view' }]);
  });

  it('keeps the parser party for a request made for others when the model counts the writer', async () => {
    const text = '帮我爸妈规划一下：他们从济南去青岛玩4天，住好一点';
    server.enqueue({
      reply: llmReply.json({
        origin: zh('济南', 'Jinan'),
        destinations: [zh('青岛', 'Qingdao')],
        days: 4,
        travelers: { adults: 3, children: 0 },
        language: 'zh',
      }),
    });
    const r = await understandRequest(text, { llm, gazetteer, today });
    expect(r.request.travelers).toMatchObject({ adults: 2, children: 0 });
    expect(r.disagreements.map((d) => d.field)).toEqual(['travelers']);
    // The model left the tier out; the parser's reading is beside it, not forced in.
    expect(r.parse.request.accommodation?.tier).toBe('upscale');
  });
});
