/**
 * The shared travel tool registry (agents/tools/) through its dispatcher, over the offline
 * providers, the real request parser and plan repositories on DynamoDB Local: wire-form arguments
 * and results, field-level errors, user scoping, and plan -> edit -> verify.
 */
import { searchSharedKnowledge } from '../../knowledge/rag/shared.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../agents/ids.js';
import { resultPayload, type ToolRegistry, type ToolResult } from '../../agents/llm/tools.js';
import { createJiebaSegmenter } from '../../agents/nlu/segmenter.js';
import { addDays } from '../../agents/planning/calendar.js';
import type { TravelPlan } from '../../agents/schemas/travel-plan.js';
import type { EditPlanView, PlanItineraryView, VerifyPlanView } from '../../agents/tools/travel-tools.js';
import { createTravelToolRegistry, TRAVEL_TOOL_NAMES } from '../../agents/tools/travel-tools.js';
import { chinesePlaceNames, loadGazetteer } from '../../knowledge/gazetteer/load.js';
import { createOfflineProviders } from '../../knowledge/offline/providers.js';
import { createTestTable, type TestTable } from '../support/dynamo.js';

// Search bodies refuse past dates against the real clock, so dates are relative to it.
const started = new Date();
const today = started.toISOString().slice(0, 10);
const inDays = (n: number) => addDays(today, n);

let table: TestTable;
let tools: ToolRegistry;
const alice = newId('user');
const bob = newId('user');

const call = (
  name: string,
  args: Record<string, unknown>,
  opts: { userId?: string; lang?: 'zh' | 'en' } = {},
) => tools.dispatch({ id: newId('toolCall'), name, arguments: args }, opts);
const wire = (r: ToolResult) => resultPayload(tools.get(r.name)!, r.data) as Record<string, unknown>;

beforeAll(async () => {
  table = await createTestTable('tools');
  tools = createTravelToolRegistry({
    providers: createOfflineProviders(),
    now: () => started,
    nlu: { gazetteer: loadGazetteer(), segmenter: createJiebaSegmenter(chinesePlaceNames()) },
    plans: table.repos.plans,
    users: table.repos.users,
  });
});

describe('travel tool registry', () => {
  it('registers the eleven tools with object input schemas in wire names and output schemas', () => {
    expect(tools.list().map((t) => t.name)).toEqual([...TRAVEL_TOOL_NAMES]);
    const specs = tools.toolSpecs();
    const flights = specs.find((s) => s.name === 'search_flights')!.parameters as {
      properties: Record<string, unknown>;
      required: string[];
    };
    expect(Object.keys(flights.properties)).toEqual(
      expect.arrayContaining(['departure', 'arrival', 'departure_date', 'return_date', 'cabin_class']),
    );
    expect(flights.required).toContain('departure_date');
    for (const t of tools.list()) {
      expect(t.output, t.name).toBeDefined();
      expect(t.annotations?.readOnlyHint, t.name).toBeTypeOf('boolean');
      expect(t.summarize, t.name).toBeTypeOf('function');
    }
  });

  it('search_flights takes the REST body (snake_case) and returns wire results with a summary', async () => {
    const r = await call(
      'search_flights',
      {
        departure: { city: '上海' },
        arrival: { city: 'Beijing' },
        departure_date: inDays(20),
        passengers: 2,
        limit: 3,
      },
      { lang: 'en' },
    );
    expect(r.isError).toBe(false);
    const out = wire(r) as { outbound: { offers: { total_price: number; price: number }[] } };
    expect(out.outbound.offers.length).toBeGreaterThan(0);
    expect(out.outbound.offers.length).toBeLessThanOrEqual(3);
    expect(out.outbound.offers[0]!.total_price).toBeCloseTo(out.outbound.offers[0]!.price * 2, 2);
    expect(r.summary).toMatch(/Shanghai → Beijing/);
  });

  it('bad arguments give INVALID_ARGUMENTS with field-level wire paths, in the caller language', async () => {
    const r = await call(
      'search_hotels',
      { destination: 'Beijing', check_in: inDays(10), check_out: inDays(9), guests: 0 },
      { lang: 'en' },
    );
    expect(r).toMatchObject({ isError: true, executed: false, error: { code: 'INVALID_ARGUMENTS' } });
    const fields = r.error!.details!.map((d) => d.field);
    expect(fields).toContain('guests');
    const zh = await call('get_weather', { city: '北京', date: 'tomorrow' }, { lang: 'zh' });
    expect(zh.error!.details).toEqual([{ field: 'date', message: expect.stringMatching(/日期/) }]);
  });

  it('a provider failure (unknown city) is an error result with the field, not an exception', async () => {
    const r = await call('get_local_attractions', { city: 'Atlantisville' }, { lang: 'en' });
    expect(r).toMatchObject({
      isError: true,
      executed: true,
      error: { code: 'TOOL_FAILED', reason: 'VALIDATION_ERROR' },
    });
    expect(r.error!.details![0]!.field).toBe('city');
  });

  it('search_knowledge runs the knowledge base retrieval (offline BM25) and cites its sources', async () => {
    const kbTools = createTravelToolRegistry({
      providers: createOfflineProviders(),
      now: () => started,
      knowledgeBase: (q) => searchSharedKnowledge(q, {}),
    });
    const r = await kbTools.dispatch(
      {
        id: newId('toolCall'),
        name: 'search_knowledge',
        arguments: { query: '机场 交通 市区', city: '北京', limit: 3 },
      },
      { lang: 'zh' },
    );
    expect(r.isError, JSON.stringify(r.error)).toBe(false);
    const out = resultPayload(kbTools.get('search_knowledge')!, r.data) as {
      no_answer: boolean;
      results: {
        doc_id: string;
        source: string;
        last_checked: string;
        score: number;
        city: string | null;
        lang: string;
      }[];
    };
    expect(out.no_answer).toBe(false);
    expect(out.results.length).toBeGreaterThan(0);
    for (const hit of out.results) {
      expect(hit.doc_id).toBeTruthy();
      expect(hit.source).toBeTruthy();
      expect(hit.last_checked).toMatch(/^\d{4}-\d{2}/);
      // Scored by the retriever (the curated fallback has no scores), filtered to the city.
      expect(hit.score).toBeGreaterThan(0);
      expect(hit.city).toBe('beijing');
    }
    expect((r as { summary?: string }).summary).toContain(out.results[0]!.doc_id);
    // Something the base does not cover is said so, not padded with unrelated passages.
    const none = await kbTools.dispatch(
      { id: newId('toolCall'), name: 'search_knowledge', arguments: { query: 'qwxzv blorft' } },
      { lang: 'en' },
    );
    expect(
      (resultPayload(kbTools.get('search_knowledge')!, none.data) as { results: unknown[] }).results,
    ).toEqual([]);
  });

  it('get_weather, get_local_attractions, recommend_destinations, search_knowledge, calculate_budget answer', async () => {
    const weather = await call('get_weather', { city: 'Beijing', date: inDays(5), days: 3 }, { lang: 'en' });
    expect((wire(weather) as { forecasts: unknown[] }).forecasts).toHaveLength(3);
    const sights = await call('get_local_attractions', { city: '北京', limit: 4 });
    const list = (wire(sights) as { attractions: { popularity: number | null }[] }).attractions;
    expect(list).toHaveLength(4);
    expect(list[0]!.popularity ?? 0).toBeGreaterThanOrEqual(list[3]!.popularity ?? 0);
    const rec = await call('recommend_destinations', { season: 'winter', limit: 2, language: 'en' });
    expect((wire(rec) as { recommendations: { confidence_score: number }[] }).recommendations).toHaveLength(
      2,
    );
    const kb = await call('search_knowledge', { query: 'subway metro', city: 'Beijing', limit: 2 });
    expect((wire(kb) as { results: unknown[] }).results.length).toBeGreaterThan(0);
    const budget = await call('calculate_budget', {
      destination: 'Beijing',
      origin: 'Shanghai',
      days: 3,
      travelers: 2,
    });
    const b = wire(budget) as { cost: Record<string, number>; source: string };
    expect(b.source).toBe('estimate');
    expect(b.cost['flights']).toBeGreaterThan(0);
    expect(b.cost['total']).toBeCloseTo(
      b.cost['flights']! +
        b.cost['accommodation']! +
        b.cost['food']! +
        b.cost['activities']! +
        b.cost['transportation']!,
      1,
    );
  });

  it('plan_itinerary asks for what a text lacks, with the prompt engine questions', async () => {
    const r = await call('plan_itinerary', { text: 'I want to visit Beijing' }, { lang: 'en' });
    const out = wire(r) as unknown as PlanItineraryView;
    expect(out.status).toBe('needs_input');
    expect(out.missing).toEqual(expect.arrayContaining(['origin', 'days']));
    expect(out.questions.join(' ')).toMatch(/leave from/);
  });

  it('plans from text, stores for the caller, edits three ways, verifies; other users see nothing', async () => {
    const planned = await call(
      'plan_itinerary',
      { text: '从上海去北京玩三天，两个人，预算9000元' },
      { userId: alice },
    );
    expect(planned.isError).toBe(false);
    const p = planned.data as PlanItineraryView;
    expect(p.status).toBe('planned');
    expect(p.saved).toBe(true);
    const plan = p.plan!;
    expect(plan.userId).toBe(alice);
    expect(planned.summary).toContain(plan.id);

    const got = await call('get_plan', { plan_id: plan.id }, { userId: alice });
    expect((got.data as TravelPlan).version).toBe(1);
    const stranger = await call('get_plan', { plan_id: plan.id }, { userId: bob });
    expect(stranger).toMatchObject({ isError: true, error: { reason: 'NOT_FOUND' } });
    const anonymous = await call('get_plan', { plan_id: plan.id });
    expect(anonymous).toMatchObject({ isError: true, error: { reason: 'AUTH_FAILED' } });

    // replace_hotel: cheaper
    const before = plan.accommodations[0]!;
    const cheaper = await call(
      'edit_plan',
      { plan_id: plan.id, version: 1, op: { op: 'replace_hotel', criterion: 'cheaper' } },
      { userId: alice, lang: 'en' },
    );
    expect(cheaper.isError, JSON.stringify(cheaper.error)).toBe(false);
    const e1 = cheaper.data as EditPlanView;
    expect(e1.plan.version).toBe(2);
    expect(e1.plan.accommodations[0]!.name).not.toBe(before.name);
    expect(e1.plan.accommodations[0]!.totalPrice).toBeLessThan(before.totalPrice);
    expect(e1.costAfter).toBeLessThan(e1.costBefore);
    // Everything else is unchanged.
    expect(e1.plan.itinerary.map((d) => d.activities.map((a) => a.id))).toEqual(
      plan.itinerary.map((d) => d.activities.map((a) => a.id)),
    );
    expect(e1.plan.flights).toEqual(plan.flights);

    // A stale version is refused.
    const stale = await call(
      'edit_plan',
      { plan_id: plan.id, version: 1, op: { op: 'remove_place', place: 'x' } },
      { userId: alice },
    );
    expect(stale).toMatchObject({ isError: true, error: { reason: 'CONFLICT' } });

    // remove_place, then add it back on the same day.
    const day = e1.plan.itinerary.find((d) => d.activities.some((a) => a.type === 'sightseeing'))!;
    const sight = day.activities.find((a) => a.type === 'sightseeing')!;
    const removed = await call(
      'edit_plan',
      { plan_id: plan.id, version: 2, op: { op: 'remove_place', place: sight.name } },
      { userId: alice },
    );
    const e2 = removed.data as EditPlanView;
    expect(e2.changes.filter((c) => c.kind === 'removed')).toEqual([
      expect.objectContaining({ kind: 'removed', itemId: sight.id }),
    ]);
    // Only that day changes (the rest of it is re-timed); every other day is untouched.
    expect(new Set(e2.changes.map((c) => c.dayNumber))).toEqual(new Set([day.dayNumber]));
    expect(e2.summary?.en).toMatch(/Removed/);
    expect(e2.plan.itinerary.flatMap((d) => d.activities).some((a) => a.id === sight.id)).toBe(false);

    const added = await call(
      'edit_plan',
      { plan_id: plan.id, version: 3, op: { op: 'add_place', day: day.dayNumber, place: sight.name } },
      { userId: alice, lang: 'zh' },
    );
    expect(added.isError, JSON.stringify(added.error)).toBe(false);
    const e3 = added.data as EditPlanView;
    expect(e3.plan.version).toBe(4);
    const back = e3.plan.itinerary
      .find((d) => d.dayNumber === day.dayNumber)!
      .activities.find((a) => a.placeId === sight.placeId);
    expect(back).toBeDefined();
    expect(added.summary).toMatch(/已修改/);

    const verified = await call('verify_plan', { plan_id: plan.id }, { userId: alice, lang: 'en' });
    const v = verified.data as VerifyPlanView;
    expect(v.version).toBe(4);
    expect(v.hard).toBe(v.violations.filter((x) => x.severity === 'hard').length);
    expect(v.ok).toBe(v.hard === 0);

    const cost = await call('calculate_budget', { plan_id: plan.id }, { userId: alice });
    expect((cost.data as { source: string; planId: string }).planId).toBe(plan.id);
    const notYours = await call(
      'edit_plan',
      { plan_id: plan.id, op: { op: 'remove_place', place: 'x' } },
      { userId: bob },
    );
    expect(notYours).toMatchObject({ isError: true, error: { reason: 'NOT_FOUND' } });
  });

  it('verify_plan finds a place the providers never returned', async () => {
    const planned = await call('plan_itinerary', {
      request: {
        origin: { name: 'Shanghai' },
        destinations: [{ name: 'Beijing' }],
        start_date: inDays(30),
        days: 2,
        language: 'en',
      },
      save: false,
    });
    const plan = structuredClone((planned.data as PlanItineraryView).plan!);
    const act = plan.itinerary.flatMap((d) => d.activities).find((a) => a.type === 'sightseeing')!;
    act.name = 'Imaginary Palace';
    act.placeId = 'made-up';
    const r = await call(
      'verify_plan',
      { plan: resultPayload(tools.get('get_plan')!, plan) },
      { lang: 'en' },
    );
    const v = r.data as VerifyPlanView;
    expect(v.ok).toBe(false);
    expect(v.violations.some((x) => x.code === 'UNGROUNDED_ENTITY' && x.itemId === act.id)).toBe(true);
  });
});
