/**
 * Agent planning sessions over real HTTP: 202 with a session id, the planner running in-process
 * with per-agent progress in the session, the plan stored and linked, failures with reasons, and
 * Idempotency-Key replays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRuntime } from '../../functions/api/runtime.js';
import { STALE_SESSION_MS } from '../../functions/api/services/planning-session.js';
import { demoSession } from '../../local/demo-data.js';
import {
  countByEntity,
  createConversation,
  diff,
  registerUser,
  sessionBody,
  snapshot,
  startApi,
  waitForSession,
  type TestApi,
  type TestUser,
} from './api-support.js';
import { testNow, testNowMs } from '../support/clock.js';

let api: TestApi;
let alice: TestUser;
let conversationId: string;

beforeAll(async () => {
  api = await startApi();
  alice = await registerUser(api, 'alice');
  conversationId = await createConversation(api, alice, '帮我规划从上海去北京的三日游');
});
afterAll(async () => {
  await api?.close();
});

const fields = (res: { body: { error: { details: { field: string }[] } } }) =>
  res.body.error.details.map((d) => d.field);

describe('POST /v1/agents/sessions and GET /v1/agents/sessions/{id}/status', () => {
  it('starts a session (202), reports per-agent progress and completes with a stored plan', async () => {
    const res = await api.call('POST', '/v1/agents/sessions', {
      token: alice.token,
      body: sessionBody(conversationId, { start_date: '2027-05-10', interests: ['history'] }),
    });
    expect(res.status).toBe(202);
    const created = res.body.data;
    expect(created.session_id).toMatch(/^session_/);
    expect(created).toMatchObject({
      status: 'processing',
      conversation_id: conversationId,
      task_type: 'comprehensive_planning',
    });
    expect(Date.parse(created.estimated_completion)).toBeGreaterThan(Date.parse(created.created_at));

    // While (or just after) it runs, the status has the seed's shape.
    const early = await api.call('GET', `/v1/agents/sessions/${created.session_id}/status`, {
      token: alice.token,
    });
    expect(early.status).toBe(200);
    expect(Object.keys(early.body.data.progress).sort()).toEqual(
      ['budget_optimization', 'flight_search', 'hotel_search', 'itinerary_planning', 'overall'].sort(),
    );
    expect(['processing', 'completed']).toContain(early.body.data.status);

    const done = await waitForSession(api, alice, created.session_id);
    expect(done).toMatchObject({
      session_id: created.session_id,
      status: 'completed',
      progress: {
        overall: 100,
        flight_search: 100,
        hotel_search: 100,
        itinerary_planning: 100,
        budget_optimization: 100,
      },
      active_agents: [],
      conversation_id: conversationId,
      error: null,
    });
    expect(done.plan_id).toMatch(/^plan_/);
    expect(done.estimated_completion).toBeTruthy();

    const plan = await api.call('GET', `/v1/travel-plans/${done.plan_id}`, { token: alice.token });
    expect(plan.status).toBe(200);
    expect(plan.body.data).toMatchObject({
      user_id: alice.id,
      status: 'planning',
      start_date: '2027-05-10',
      end_date: '2027-05-12',
    });
    expect(plan.body.data.itinerary).toHaveLength(3);
    expect(plan.body.data.total_budget).toBe(15000);

    // The planner's interaction log was stored with the session, and each agent's progress was
    // written as the planner reported it (verification is not part of the seed's shape).
    const snap = await snapshot(api);
    expect(countByEntity(snap)['AGENT_INTERACTION']).toBeGreaterThan(0);
    const stored = JSON.parse(snap.get(`SESSION#${created.session_id}|SESSION`)!);
    expect(stored.task_progress).toEqual({
      flight_search: 100,
      hotel_search: 100,
      itinerary_planning: 100,
      budget_optimization: 100,
      verification: 100,
    });
    expect(stored.shared_context.plan_id).toBe(done.plan_id);
  });

  it('marks an impossible request failed with the reason', async () => {
    const res = await api.call('POST', '/v1/agents/sessions', {
      token: alice.token,
      headers: { 'accept-language': 'en' },
      body: sessionBody(conversationId, { destination: 'Atlantis-on-Mars' }),
    });
    expect(res.status).toBe(202);
    const done = await waitForSession(api, alice, res.body.data.session_id);
    expect(done.status).toBe('failed');
    expect(done.error.code).toBe('UNKNOWN_CITY');
    expect(done.error.message).toContain('Atlantis-on-Mars');
    expect(done.plan_id).toBeNull();
    expect(done.estimated_completion).toBeNull();

    const tooMany = await api.call('POST', '/v1/agents/sessions', {
      token: alice.token,
      body: sessionBody(conversationId, {
        destination: null,
        destinations: ['北京', '西安', '成都', '杭州'],
        duration: 2,
      }),
    });
    const failed = await waitForSession(api, alice, tooMany.body.data.session_id);
    expect(failed.status).toBe('failed');
    expect(failed.error.code).toBe('TOO_MANY_CITIES');
    expect(failed.error.message).toMatch(/[\u4e00-\u9fff]/); // Chinese by default
  });

  it('replays an Idempotency-Key: one session, the same answer', async () => {
    const headers = { 'idempotency-key': 'plan-trip-2027-05-beijing' };
    const body = sessionBody(conversationId);
    const first = await api.call('POST', '/v1/agents/sessions', { token: alice.token, headers, body });
    expect(first.status).toBe(202);
    const second = await api.call('POST', '/v1/agents/sessions', { token: alice.token, headers, body });
    expect(second.status).toBe(202);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body.data.session_id).toBe(first.body.data.session_id);
    const other = await api.call('POST', '/v1/agents/sessions', {
      token: alice.token,
      headers,
      body: sessionBody(conversationId, { duration: 4 }),
    });
    expect(other.status).toBe(409);
    await waitForSession(api, alice, first.body.data.session_id);
  });

  it('validates the request before creating anything', async () => {
    const before = await snapshot(api);
    const cases: [Record<string, unknown>, string][] = [
      [sessionBody(conversationId, { origin: null }), 'requirements.origin'],
      [sessionBody(conversationId, { destination: null }), 'requirements.destination'],
      [sessionBody(conversationId, { duration: null }), 'requirements.duration'],
      [sessionBody(conversationId, { duration: 31 }), 'requirements.duration'],
      [sessionBody(conversationId, { budget: -1 }), 'requirements.budget'],
      [sessionBody(conversationId, { currency: 'XYZ' }), 'requirements.currency'],
      [sessionBody(conversationId, { travelers: 0 }), 'requirements.travelers'],
      [sessionBody(conversationId, { start_date: '2020-01-01' }), 'requirements.start_date'],
      [{ ...sessionBody(conversationId), task_type: 'world_domination' }, 'task_type'],
      [{ requirements: {} }, 'conversation_id'],
    ];
    for (const [body, field] of cases) {
      const res = await api.call('POST', '/v1/agents/sessions', { token: alice.token, body });
      expect(res.status, field).toBe(400);
      expect(fields(res), field).toContain(field);
    }
    const unknown = await api.call('POST', '/v1/agents/sessions', {
      token: alice.token,
      body: sessionBody('conv_01J00000000000000000000000'),
    });
    expect(unknown.status).toBe(404);
    expect(diff(before, await snapshot(api))).toEqual([]);
  });

  it('answers 404 for an unknown session and 401 without a token', async () => {
    expect(
      (await api.call('GET', '/v1/agents/sessions/session_nope/status', { token: alice.token })).status,
    ).toBe(404);
    expect((await api.call('GET', '/v1/agents/sessions/session_nope/status')).status).toBe(401);
    expect(
      (await api.call('POST', '/v1/agents/sessions', { body: sessionBody(conversationId) })).status,
    ).toBe(401);
  });
});

describe('sessions of a planner process that died', () => {
  it('reports a long-silent in-process session as failed (PLANNING_INTERRUPTED); a recent one stays processing', async () => {
    const repos = getRuntime().repos;
    const past = new Date(testNowMs() - STALE_SESSION_MS - 5_000);
    const lost = await repos.sessions.create(demoSession(alice.id, conversationId, {}, past));
    const recent = await repos.sessions.create(demoSession(alice.id, conversationId, {}, testNow()));

    const res = await api.call('GET', `/v1/agents/sessions/${lost.id}/status`, {
      token: alice.token,
      headers: { 'accept-language': 'en' },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.status).toBe('failed');
    expect(JSON.stringify(res.body.data)).toContain('PLANNING_INTERRUPTED');
    expect((await repos.sessions.get(alice.id, lost.id))?.status).toBe('failed');

    const fresh = await api.call('GET', `/v1/agents/sessions/${recent.id}/status`, { token: alice.token });
    expect(fresh.body.data.status).toBe('processing');
  });
});
