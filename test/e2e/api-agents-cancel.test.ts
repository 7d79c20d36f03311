/**
 * Cancelling an agent planning session over real HTTP, with the planner in-process (the default
 * mode): POST /v1/agents/sessions/{id}/cancel aborts the running planner between its steps, the
 * session ends `cancelled` (cancelled_at, no active agents) and stays so — the planner's later
 * progress reports change nothing and no plan is stored. Cancelling again answers the same;
 * cancelling a completed or failed session is a bilingual CONFLICT.
 *
 * Deterministic: the flight provider waits on a promise the test releases, so the cancellation
 * lands while the planner is in its search step, and the test then waits for the planner's run
 * itself (no timing assumptions).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Providers } from '../../agents/ports/providers.js';
import { getRuntime } from '../../functions/api/runtime.js';
import { inProcessPlanningRun } from '../../functions/api/services/planning-session.js';
import {
  countByEntity,
  createConversation,
  registerUser,
  sessionBody,
  snapshot,
  startApi,
  waitForSession,
  type TestApi,
  type TestUser,
} from './api-support.js';

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

/**
 * Makes the planner's flight searches wait until `release()`; `entered` resolves at the first
 * one. Counts the itinerary's local transit look-ups (the build step, after the searches).
 */
function gateFlights() {
  const rt = getRuntime();
  const original: Providers = rt.providers;
  let release!: () => void;
  let entered!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const enteredP = new Promise<void>((r) => (entered = r));
  const counts = { localLegs: 0 };
  rt.providers = {
    ...original,
    local: {
      legs: (...args) => {
        counts.localLegs++;
        return original.local.legs(...args);
      },
    },
    flights: {
      search: async (query) => {
        entered();
        await gate;
        return original.flights.search(query);
      },
    },
  };
  return {
    counts,
    entered: enteredP,
    release: () => {
      release();
      rt.providers = original;
    },
  };
}

describe('POST /v1/agents/sessions/{id}/cancel (in-process planner)', () => {
  it('stops the planner; the session ends cancelled and stays so, with no plan stored', async () => {
    const before = countByEntity(await snapshot(api));
    const gate = gateFlights();
    let run: Promise<void> | undefined;
    let sessionId: string;
    try {
      const res = await api.call('POST', '/v1/agents/sessions', {
        token: alice.token,
        body: sessionBody(conversationId),
      });
      expect(res.status).toBe(202);
      sessionId = res.body.data.session_id;
      await gate.entered; // the planner is searching flights
      run = inProcessPlanningRun(sessionId);
      expect(run).toBeDefined();

      const cancelled = await api.call('POST', `/v1/agents/sessions/${sessionId}/cancel`, {
        token: alice.token,
        headers: { 'accept-language': 'en' },
      });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.message).toBe('Planning cancelled');
      expect(cancelled.body.data).toMatchObject({
        session_id: sessionId,
        status: 'cancelled',
        active_agents: [],
        plan_id: null,
        estimated_completion: null,
        error: null,
      });
      expect(Date.parse(cancelled.body.data.cancelled_at)).toBeGreaterThan(0);
    } finally {
      gate.release();
    }
    // The planner resumes, finds the signal aborted after its search step and stops.
    await run;
    expect(gate.counts.localLegs).toBe(0); // it never built an itinerary

    const status = await api.call('GET', `/v1/agents/sessions/${sessionId}/status`, { token: alice.token });
    expect(status.body.data).toMatchObject({
      status: 'cancelled',
      active_agents: [],
      plan_id: null,
      progress: { flight_search: 0, hotel_search: 0, itinerary_planning: 0, budget_optimization: 0 },
    });
    const snap = await snapshot(api);
    const stored = JSON.parse(snap.get(`SESSION#${sessionId}|SESSION`)!);
    // The search step's progress reports came after the cancellation: ignored.
    expect(stored.task_progress).toEqual({
      flight_search: 0,
      hotel_search: 0,
      itinerary_planning: 0,
      budget_optimization: 0,
    });
    expect(stored.shared_context.cancelled_at).toBe(status.body.data.cancelled_at);
    const after = countByEntity(snap);
    expect(after['PLAN'] ?? 0).toBe(before['PLAN'] ?? 0);
    expect(after['AGENT_INTERACTION'] ?? 0).toBe(before['AGENT_INTERACTION'] ?? 0);

    // Cancelling again answers the same (idempotent).
    const again = await api.call('POST', `/v1/agents/sessions/${sessionId}/cancel`, { token: alice.token });
    expect(again.status).toBe(200);
    expect(again.body.message).toBe('规划任务已取消');
    expect(again.body.data).toMatchObject({
      status: 'cancelled',
      cancelled_at: status.body.data.cancelled_at,
    });
  });

  it('refuses to cancel a completed or failed session (409, bilingual)', async () => {
    const res = await api.call('POST', '/v1/agents/sessions', {
      token: alice.token,
      body: sessionBody(conversationId),
    });
    const done = await waitForSession(api, alice, res.body.data.session_id);
    expect(done.status).toBe('completed');
    const path = `/v1/agents/sessions/${done.session_id}/cancel`;
    const zh = await api.call('POST', path, { token: alice.token });
    expect(zh.status).toBe(409);
    expect(zh.body.error).toMatchObject({ code: 'CONFLICT', message: '规划任务已完成，无法取消' });
    expect(zh.body.error.details).toEqual([{ field: 'status', message: 'the session is completed' }]);
    const en = await api.call('POST', path, { token: alice.token, headers: { 'accept-language': 'en' } });
    expect(en.status).toBe(409);
    expect(en.body.error.message).toBe('The planning session has already completed; it cannot be cancelled');
    const after = await api.call('GET', `/v1/agents/sessions/${done.session_id}/status`, {
      token: alice.token,
    });
    expect(after.body.data).toMatchObject({ status: 'completed', plan_id: done.plan_id, cancelled_at: null });

    const impossible = await api.call('POST', '/v1/agents/sessions', {
      token: alice.token,
      body: sessionBody(conversationId, { destination: 'Atlantis-on-Mars' }),
    });
    const failed = await waitForSession(api, alice, impossible.body.data.session_id);
    expect(failed.status).toBe('failed');
    const refused = await api.call('POST', `/v1/agents/sessions/${failed.session_id}/cancel`, {
      token: alice.token,
      headers: { 'accept-language': 'en' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe(
      'The planning session has already failed; it cannot be cancelled',
    );
  });

  it('answers 404 for an unknown session and 401 without a token', async () => {
    const missing = await api.call('POST', '/v1/agents/sessions/session_01J0000000000000000000000Z/cancel', {
      token: alice.token,
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    expect((await api.call('POST', '/v1/agents/sessions/session_x/cancel')).status).toBe(401);
  });
});
