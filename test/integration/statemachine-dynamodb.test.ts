/**
 * The synthesized PlanTrip ASL with the task context Lambda uses: run state in DynamoDB Local,
 * the agent session's progress and status updated by the tasks, the plan stored in the plans
 * repository.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../agents/ids.js';
import { AgentSession } from '../../agents/schemas/agent.js';
import { createOfflineProviders } from '../../knowledge/offline/providers.js';
import { DynamoRunStateStore } from '../../functions/orchestration/state-store.js';
import { createLocalPlanTrip, LocalPlanTripStarter } from '../../local/stepfunctions/runner.js';
import type { ApiRuntime } from '../../functions/api/runtime.js';
import { startPlanningSession } from '../../functions/api/services/planning-session.js';
import { TripRequest } from '../../agents/schemas/trip-request.js';
import { createTestTable, type TestTable } from '../support/dynamo.js';

let t: TestTable;
beforeAll(async () => {
  t = await createTestTable('sfn');
});

describe('PlanTrip with DynamoDB run state and an agent session', () => {
  it('updates per-agent progress and completes the session with a stored plan', async () => {
    const userId = newId('user');
    const now = new Date().toISOString();
    const session = await t.repos.sessions.create(
      AgentSession.parse({
        id: newId('session'),
        conversationId: newId('conversation'),
        userId,
        activeAgents: ['coordinator', 'flight', 'hotel', 'itinerary', 'budget'],
        status: 'processing',
        currentTask: 'trip_planning',
        taskProgress: { flight_search: 0, hotel_search: 0, itinerary_planning: 0, budget_optimization: 0 },
        sharedContext: { task_type: 'trip_planning' },
        createdAt: now,
        updatedAt: now,
      }),
    );
    const local = createLocalPlanTrip({
      context: {
        store: new DynamoRunStateStore({ client: t.doc, tableName: t.tableName }),
        deps: { providers: createOfflineProviders() },
        sessions: t.repos.sessions,
        plans: t.repos.plans,
      },
      retryIntervalMs: 1,
    });
    const out = await local.start({
      sessionId: session.id,
      userId,
      request: {
        origin: { name: '上海' },
        destinations: [{ name: '北京' }],
        startDate: '2027-05-10',
        days: 3,
        travelers: { adults: 2 },
        budget: { amount: 15000, currency: 'CNY' },
      },
    }).done;
    expect(out?.result?.status).toBe('completed');
    const stored = await t.repos.sessions.get(userId, session.id);
    expect(stored?.status).toBe('completed');
    expect(stored?.taskProgress).toMatchObject({
      flight_search: 100,
      hotel_search: 100,
      itinerary_planning: 100,
      budget_optimization: 100,
    });
    expect(stored?.sharedContext).toMatchObject({ task_type: 'trip_planning', plan_id: out?.result?.planId });
    // The task runs' interaction logs are on the session: each specialist answered the coordinator.
    const responders = new Set(
      stored!.agentInteractions.filter((x) => x.interactionType === 'response').map((x) => x.fromAgent),
    );
    for (const agent of ['flight', 'hotel', 'local_guide']) expect(responders).toContain(agent);
    expect(stored!.agentInteractions.every((x) => x.sessionId === session.id)).toBe(true);
    const plan = await t.repos.plans.get(userId, out!.result!.planId!);
    expect(plan?.itinerary).toHaveLength(3);
  });

  it('PLANNER_MODE=stepfunctions: POST /v1/agents/sessions starts an execution (idempotent per session) and cancels', async () => {
    const providers = createOfflineProviders();
    const local = createLocalPlanTrip({
      context: {
        store: new DynamoRunStateStore({ client: t.doc, tableName: t.tableName }),
        deps: { providers },
        sessions: t.repos.sessions,
        plans: t.repos.plans,
      },
    });
    const starter = new LocalPlanTripStarter(local);
    const silent = { warn: () => undefined, error: () => undefined, info: () => undefined };
    const rt = {
      repos: t.repos,
      providers,
      logger: silent,
      now: () => new Date(),
      planTripStarter: starter,
    } as unknown as ApiRuntime;
    const userId = newId('user');
    const request = TripRequest.parse({
      origin: { name: '上海' },
      destinations: [{ name: '北京' }],
      startDate: '2027-05-10',
      days: 3,
      travelers: { adults: 2 },
    });
    const session = await startPlanningSession(rt, {
      userId,
      conversationId: newId('conversation'),
      taskType: 'trip_planning',
      request,
    });
    expect(session.status).toBe('processing');
    await starter.start({ runId: session.id, sessionId: session.id, userId, request }); // a retry: no second run
    const out = await starter.execution(session.id)!.done;
    expect(out?.result?.status).toBe('completed');
    const stored = await t.repos.sessions.get(userId, session.id);
    expect(stored?.status).toBe('completed');
    expect(stored?.sharedContext['plan_id']).toBe(out?.result?.planId);
    expect(stored?.sharedContext['trip_request']).toBeDefined();

    // Cancellation: stopping a run aborts its execution.
    const other = await startPlanningSession(rt, {
      userId,
      conversationId: newId('conversation'),
      taskType: 'trip_planning',
      request,
    });
    await starter.stop(other.id);
    expect(await starter.execution(other.id)!.done).toBeNull();
  });
});
