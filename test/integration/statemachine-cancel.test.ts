/**
 * Cancelling a planning session whose planner runs as the synthesized PlanTrip state machine
 * (aws-local-stepfunctions, local task handlers, DynamoDB Local): the cancel service marks the
 * session `cancelled` and stops the execution; tasks still in flight finish without moving the
 * session's progress, and no plan is stored. And when a run goes on regardless (StopExecution
 * does not interrupt a running Lambda; a stop that failed), the compose step stores no plan and
 * the notify step leaves the cancelled session as it is. Also: executions that end outside their
 * own error handling leave their session failed, never `processing`.
 *
 * Deterministic: gated tasks wait on promises the test releases, and the test waits for the
 * tasks themselves.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../agents/ids.js';
import { TripRequest } from '../../agents/schemas/trip-request.js';
import { createOfflineProviders } from '../../knowledge/offline/providers.js';
import type { ApiRuntime } from '../../functions/api/runtime.js';
import {
  cancelPlanningSession,
  startPlanningSession,
} from '../../functions/api/services/planning-session.js';
import { DynamoRunStateStore } from '../../functions/orchestration/state-store.js';
import { executionEndedTask } from '../../functions/orchestration/session-end.js';
import { demoSession } from '../../local/demo-data.js';
import type { PlanTripTask } from '../../statemachines/plan-trip-tasks.js';
import { synthesizePlanTrip, type SynthesizedPlanTrip } from '../../local/stepfunctions/definition.js';
import {
  createLocalPlanTrip,
  LocalPlanTripStarter,
  type LocalPlanTripOptions,
} from '../../local/stepfunctions/runner.js';
import { createTestTable, type TestTable } from '../support/dynamo.js';
import { waitFor } from '../support/wait.js';

let t: TestTable;
let synthesized: SynthesizedPlanTrip;
const providers = createOfflineProviders();
const silent = { warn: () => undefined, error: () => undefined, info: () => undefined };
const request = TripRequest.parse({
  origin: { name: '上海' },
  destinations: [{ name: '北京' }],
  startDate: '2027-05-10',
  days: 3,
  travelers: { adults: 2 },
  budget: { amount: 15000, currency: 'CNY' },
});

beforeAll(async () => {
  t = await createTestTable('sfn-cancel');
  synthesized = synthesizePlanTrip();
}, 60_000);

/** Tasks listed in `gated` wait until `release()`; `entered` resolves once `count` of them started. */
function gate(gated: PlanTripTask[], count: number) {
  const ran: PlanTripTask[] = [];
  const inFlight: Promise<unknown>[] = [];
  let release!: () => void;
  let entered!: () => void;
  const opened = new Promise<void>((r) => (release = r));
  const enteredP = new Promise<void>((r) => (entered = r));
  let started = 0;
  const decorate: LocalPlanTripOptions['decorate'] = (task, _state, fn) => (input) => {
    ran.push(task);
    if (!gated.includes(task)) return fn(input);
    const p = (async () => {
      if (++started === count) entered();
      await opened;
      return fn(input);
    })();
    inFlight.push(p.catch(() => undefined));
    return p;
  };
  return { ran, inFlight, decorate, release, entered: enteredP };
}

function localPlanTrip(decorate: LocalPlanTripOptions['decorate']) {
  return createLocalPlanTrip({
    context: {
      store: new DynamoRunStateStore({ client: t.doc, tableName: t.tableName }),
      deps: { providers },
      sessions: t.repos.sessions,
      plans: t.repos.plans,
    },
    synthesized,
    retryIntervalMs: 1,
    ...(decorate ? { decorate } : {}),
  });
}

function runtime(starter: LocalPlanTripStarter): ApiRuntime {
  return {
    repos: t.repos,
    providers,
    logger: silent,
    now: () => new Date(),
    planTripStarter: starter,
  } as unknown as ApiRuntime;
}

/** One turn of the event loop: lets anything the finished tasks would trigger run first. */
const settle = () => new Promise((r) => setImmediate(r));

describe('cancelling a PlanTrip execution', () => {
  it('stops the execution; the session ends cancelled, progress untouched, no plan stored', async () => {
    const g = gate(['searchFlights', 'searchHotels'], 2);
    const starter = new LocalPlanTripStarter(localPlanTrip(g.decorate));
    const rt = runtime(starter);
    const userId = newId('user');
    const session = await startPlanningSession(rt, {
      userId,
      conversationId: newId('conversation'),
      taskType: 'trip_planning',
      request,
    });
    await g.entered; // both searches are running

    const cancelled = await cancelPlanningSession(rt, userId, session.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', activeAgents: [] });
    expect(typeof cancelled.sharedContext['cancelled_at']).toBe('string');
    expect(await starter.execution(session.id)!.done).toBeNull(); // aborted

    // The searches finish after the cancellation: their progress reports change nothing.
    g.release();
    await Promise.all(g.inFlight);
    await settle();
    expect(g.ran).not.toContain('buildPlan');
    expect(g.ran).not.toContain('composePlan');
    expect(g.ran).not.toContain('notify');
    // They did run to their end (their results are in the run state)...
    const store = new DynamoRunStateStore({ client: t.doc, tableName: t.tableName });
    expect(await store.get(session.id, 'legs')).not.toBeNull();
    expect(await store.get(session.id, 'hotels')).not.toBeNull();

    // ...but the session did not move.
    const stored = await t.repos.sessions.get(userId, session.id);
    expect(stored).toMatchObject({ status: 'cancelled', activeAgents: [] });
    expect(stored?.sharedContext['cancelled_at']).toBe(cancelled.sharedContext['cancelled_at']);
    expect(stored?.taskProgress).toMatchObject({ flight_search: 0, hotel_search: 0 });
    expect(await t.repos.plans.count(userId)).toBe(0);

    // Cancelling again is idempotent (and stops again: nothing left to stop).
    const again = await cancelPlanningSession(rt, userId, session.id);
    expect(again.sharedContext['cancelled_at']).toBe(cancelled.sharedContext['cancelled_at']);
  });

  it('a run that goes on after its session was cancelled stores no plan and leaves the session cancelled', async () => {
    const g = gate(['resolveRequest'], 1);
    const local = localPlanTrip(g.decorate);
    const userId = newId('user');
    const starter = new LocalPlanTripStarter(local);
    const session = await startPlanningSession(runtime(starter), {
      userId,
      conversationId: newId('conversation'),
      taskType: 'trip_planning',
      request,
    });
    await g.entered;
    // Cancelled in the table only: the execution is not stopped and runs to its end.
    await t.repos.sessions.cancel(userId, session.id);
    g.release();
    const out = await starter.execution(session.id)!.done;

    expect(g.ran).toContain('composePlan');
    expect(g.ran).toContain('notify');
    expect(out?.result).toMatchObject({ status: 'cancelled', planId: null });
    expect(out?.plan).toBeNull();
    const stored = await t.repos.sessions.get(userId, session.id);
    expect(stored?.status).toBe('cancelled');
    expect(stored?.activeAgents).toEqual([]);
    expect(stored?.sharedContext['plan_id']).toBeUndefined();
    expect(stored?.sharedContext['completed_at']).toBeUndefined();
    expect(await t.repos.plans.count(userId)).toBe(0);
  });

  it('a cancel that lands after the plan was stored but before the session completed removes the plan', async () => {
    const g = gate(['notify'], 1);
    const userId = newId('user');
    const starter = new LocalPlanTripStarter(localPlanTrip(g.decorate));
    const session = await startPlanningSession(runtime(starter), {
      userId,
      conversationId: newId('conversation'),
      taskType: 'trip_planning',
      request,
    });
    await g.entered; // composePlan has stored the plan; notify waits
    expect(await t.repos.plans.count(userId)).toBe(1);
    await t.repos.sessions.cancel(userId, session.id);
    g.release();
    await starter.execution(session.id)!.done;
    expect(g.ran).toContain('notify');
    const stored = await t.repos.sessions.get(userId, session.id);
    expect(stored?.status).toBe('cancelled');
    expect(await t.repos.plans.count(userId)).toBe(0);
  });
});

describe('executions that end outside their own error handling', () => {
  it('a local execution that fails (notify keeps failing) leaves its session failed, not processing', async () => {
    const decorate: LocalPlanTripOptions['decorate'] = (task, _state, fn) => (input) =>
      task === 'notify' ? Promise.reject(new Error('notify is broken')) : fn(input);
    const starter = new LocalPlanTripStarter(localPlanTrip(decorate));
    const userId = newId('user');
    const session = await startPlanningSession(runtime(starter), {
      userId,
      conversationId: newId('conversation'),
      taskType: 'trip_planning',
      request,
    });
    await expect(starter.execution(session.id)!.done).rejects.toThrow();
    const stored = await waitFor(
      async () => {
        const s = await t.repos.sessions.get(userId, session.id);
        return s?.status === 'processing' ? null : s;
      },
      { what: 'the session to leave processing' },
    );
    expect(stored?.status).toBe('failed');
    expect(stored?.sharedContext['failure']).toMatchObject({ code: 'PLANNING_INTERRUPTED' });
    expect(stored?.sharedContext['execution_status']).toBe('FAILED');
  });

  it('the execution-ended step marks only sessions that have not ended', async () => {
    const ctx = {
      store: new DynamoRunStateStore({ client: t.doc, tableName: t.tableName }),
      deps: { providers },
      sessions: t.repos.sessions,
    };
    const userId = newId('user');
    const make = async () =>
      t.repos.sessions.create(demoSession(userId, newId('conversation'), { status: 'processing' }));
    const running = await make();
    const done = await make();
    await t.repos.sessions.update(done.id, { status: 'completed', activeAgents: [] });
    const cancelled = await make();
    await t.repos.sessions.cancel(userId, cancelled.id);

    expect(await executionEndedTask({ sessionId: running.id, userId, status: 'TIMED_OUT' }, ctx)).toBe(true);
    expect(await executionEndedTask({ sessionId: done.id, userId, status: 'ABORTED' }, ctx)).toBe(false);
    expect(await executionEndedTask({ sessionId: cancelled.id, userId, status: 'ABORTED' }, ctx)).toBe(false);
    // Another user's id finds nothing to change.
    expect(
      await executionEndedTask({ sessionId: running.id, userId: newId('user'), status: 'FAILED' }, ctx),
    ).toBe(false);
    expect((await t.repos.sessions.get(userId, running.id))?.sharedContext).toMatchObject({
      execution_status: 'TIMED_OUT',
      failure: { code: 'PLANNING_INTERRUPTED' },
    });
    expect((await t.repos.sessions.get(userId, done.id))?.status).toBe('completed');
    expect((await t.repos.sessions.get(userId, cancelled.id))?.status).toBe('cancelled');
  });
});
