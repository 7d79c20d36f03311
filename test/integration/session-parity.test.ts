/**
 * One session lifecycle for both runners: the same request planned by the in-process runner
 * (functions/api/services/planning-session.ts) and by the local PlanTrip state machine (the
 * synthesized ASL with the task handlers) gives the same plan and the same session record, ids
 * and the run's identity aside. Both read one fixed, injected clock; the failure of an impossible
 * request keeps its Chinese message under both runners.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../agents/ids.js';
import { TripRequest } from '../../agents/schemas/trip-request.js';
import type { AgentSession } from '../../agents/schemas/agent.js';
import type { TravelPlan } from '../../agents/schemas/travel-plan.js';
import type { ApiRuntime } from '../../functions/api/runtime.js';
import {
  inProcessPlanningRun,
  sessionStatusView,
  startPlanningSession,
} from '../../functions/api/services/planning-session.js';
import { DynamoRunStateStore } from '../../functions/orchestration/state-store.js';
import { createOfflineProviders } from '../../knowledge/offline/providers.js';
import { synthesizePlanTrip, type SynthesizedPlanTrip } from '../../local/stepfunctions/definition.js';
import { createLocalPlanTrip, LocalPlanTripStarter } from '../../local/stepfunctions/runner.js';
import { createTestTable, type TestTable } from '../support/dynamo.js';

/** The injected "now": every date below is relative to it, none to the machine's clock. */
const NOW = new Date('2031-03-02T08:00:00.000Z');
const now = () => NOW;
const day = (offset: number) => new Date(NOW.getTime() + offset * 86_400_000).toISOString().slice(0, 10);

const providers = createOfflineProviders();
const silent = { warn: () => undefined, error: () => undefined, info: () => undefined };
let t: TestTable;
let synthesized: SynthesizedPlanTrip;

beforeAll(async () => {
  t = await createTestTable('parity');
  synthesized = synthesizePlanTrip();
}, 60_000);

function inProcessRuntime(): ApiRuntime {
  return { repos: t.repos, providers, logger: silent, now } as unknown as ApiRuntime;
}

function stepFunctionsRuntime(): { rt: ApiRuntime; starter: LocalPlanTripStarter } {
  const local = createLocalPlanTrip({
    context: {
      store: new DynamoRunStateStore({ client: t.doc, tableName: t.tableName }),
      deps: { providers, now },
      sessions: t.repos.sessions,
      plans: t.repos.plans,
    },
    synthesized,
    retryIntervalMs: 1,
  });
  const starter = new LocalPlanTripStarter(local);
  return {
    rt: { repos: t.repos, providers, logger: silent, now, planTripStarter: starter } as unknown as ApiRuntime,
    starter,
  };
}

/** Runs a session to its end under one runner; the stored session and its plan. */
async function plan(
  mode: 'in-process' | 'stepfunctions',
  request: TripRequest,
): Promise<{ session: AgentSession; plan: TravelPlan | null }> {
  const userId = newId('user');
  const sfn = mode === 'stepfunctions' ? stepFunctionsRuntime() : null;
  const rt = sfn?.rt ?? inProcessRuntime();
  const started = await startPlanningSession(rt, {
    userId,
    conversationId: newId('conversation'),
    taskType: 'comprehensive_planning',
    request,
  });
  if (sfn) await sfn.starter.execution(started.id)!.done;
  else await inProcessPlanningRun(started.id);
  const session = (await t.repos.sessions.get(userId, started.id))!;
  const planId = session.sharedContext['plan_id'];
  const stored = typeof planId === 'string' ? await t.repos.plans.get(userId, planId) : null;
  return { session, plan: stored };
}

/**
 * Replaces ids (which differ per run by design) with their kind, and the providers' retrieval
 * times (their own clock: when the data was read) with a marker, recursively.
 */
function withoutIds(value: unknown): unknown {
  if (typeof value === 'string') {
    return value.replace(/\b([a-z]+)_[0-9A-HJKMNP-TV-Z]{26}\b/g, '<$1>');
  }
  if (Array.isArray(value)) return value.map(withoutIds);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        k === 'retrievedAt' || k === 'retrieved_at' ? '<read>' : withoutIds(v),
      ]),
    );
  }
  return value;
}

/** The session record as both runners must agree on it. */
function record(s: AgentSession) {
  return withoutIds({
    status: s.status,
    activeAgents: s.activeAgents,
    taskProgress: s.taskProgress,
    currentTask: s.currentTask,
    sharedContext: s.sharedContext,
    createdAt: s.createdAt,
    updatedAt: s.status === 'completed' || s.status === 'failed' ? 'ended' : s.updatedAt,
  });
}

const request = (over: Record<string, unknown> = {}) =>
  TripRequest.parse({
    origin: { name: '上海' },
    destinations: [{ name: '北京' }],
    startDate: day(20),
    days: 3,
    travelers: { adults: 2 },
    budget: { amount: 15000, currency: 'CNY' },
    ...over,
  });

describe('in-process runner and state machine', () => {
  it('give the same plan and the same session record', async () => {
    const a = await plan('in-process', request());
    const b = await plan('stepfunctions', request());
    expect(a.session.status).toBe('completed');
    expect(record(b.session)).toEqual(record(a.session));
    expect(a.plan).not.toBeNull();
    const strip = (p: TravelPlan) =>
      withoutIds({ ...p, id: undefined, userId: undefined, createdAt: undefined, updatedAt: undefined });
    expect(strip(b.plan!)).toEqual(strip(a.plan!));
    // The record is the lifecycle's: run id, plan id and warnings of the plan, completion time.
    expect(a.session.sharedContext).toMatchObject({
      run_id: a.session.id,
      plan_id: a.plan!.id,
      warnings: a.plan!.warnings.map((w) => w.code),
      completed_at: NOW.toISOString(),
      task_type: 'comprehensive_planning',
    });
  }, 60_000);

  it('fail an impossible request the same way, in both languages', async () => {
    const impossible = request({ destinations: [{ name: 'Atlantis-on-Nowhere' }] });
    const a = await plan('in-process', impossible);
    const b = await plan('stepfunctions', impossible);
    expect(a.session.status).toBe('failed');
    expect(record(b.session)).toEqual(record(a.session));
    const failure = a.session.sharedContext['failure'] as Record<string, string>;
    expect(failure['message_zh']).toMatch(/[\u4e00-\u9fff]/);
    expect(sessionStatusView(b.session, 'zh').error?.message).toBe(failure['message_zh']);
    expect(sessionStatusView(b.session, 'en').error?.message).toBe(failure['message']);
  }, 60_000);
});
