/**
 * Lambda handlers of the PlanTrip tasks: one export per task (the stack points each function at
 * its export). Clients are created once per container; each handler is one call into tasks.ts.
 */
import { randomBytes } from 'node:crypto';
import { AgentStatusPublisher } from '../../agents/planning/agent-status.js';
import { createDocumentClient, createDynamoClient } from '../data/dynamo-client.js';
import { createRepositories } from '../data/repositories.js';
import { realtimePublisherFromEnv } from '../notify/websocket-publisher.js';
import { createOfflineProviders } from '../../knowledge/offline/providers.js';
import { observe } from '../observability.js';
import type { PlanTripTask } from '../../statemachines/plan-trip-tasks.js';
import { DynamoRunStateStore } from './state-store.js';
import {
  buildPlanTask,
  cheapestLevelTask,
  composePlanTask,
  fetchWeatherTask,
  gatherCityPlacesTask,
  gatherTipsTask,
  recordPartialTask,
  resolveRequestTask,
  searchFlightsTask,
  searchHotelsTask,
  verifyPlanTask,
} from './tasks.js';
import type { TaskContext } from './run-state.js';
import { executionEndedTask, notifyTask, type AbnormalExecutionStatus } from './session-end.js';

let context: TaskContext | null = null;

/**
 * The task context from the environment (`TABLE_NAME`; `WEBSOCKET_ENDPOINT` on the tasks that push
 * agent_status frames), created on first use.
 */
function taskContext(): TaskContext {
  if (context) return context;
  const tableName = process.env['TABLE_NAME'];
  if (!tableName) throw new Error('TABLE_NAME is not set');
  const client = createDocumentClient(createDynamoClient());
  // Tasks never paginate, so the cursor secret only has to be valid, not shared.
  const repos = createRepositories({ client, tableName, cursorSecret: randomBytes(32).toString('hex') });
  context = {
    store: new DynamoRunStateStore({ client, tableName }),
    deps: { providers: createOfflineProviders() },
    sessions: repos.sessions,
    plans: repos.plans,
    agentStatus: new AgentStatusPublisher(realtimePublisherFromEnv(repos.connections), (err, update) =>
      console.warn(
        JSON.stringify({
          level: 'WARN',
          message: 'agent_status push failed',
          sessionId: update.sessionId,
          agentType: update.agentType,
          error: (err as Error)?.name ?? String(err),
        }),
      ),
    ),
  };
  return context;
}

type Handler<I, O> = (event: I) => Promise<O>;
const wrap = <I, O>(name: string, fn: (event: I, ctx: TaskContext) => Promise<O>): Handler<I, O> =>
  observe(`planTrip.${name}`, (event: I) => fn(event, taskContext()));

/** One Lambda handler per task of the task table (statemachines/plan-trip-tasks.ts). */
const HANDLERS = {
  resolveRequest: wrap('resolveRequest', resolveRequestTask),
  searchFlights: wrap('searchFlights', searchFlightsTask),
  searchHotels: wrap('searchHotels', searchHotelsTask),
  fetchWeather: wrap('fetchWeather', fetchWeatherTask),
  gatherTips: wrap('gatherTips', gatherTipsTask),
  gatherCityPlaces: wrap('gatherCityPlaces', gatherCityPlacesTask),
  buildPlan: wrap('buildPlan', buildPlanTask),
  cheapestLevel: wrap('cheapestLevel', cheapestLevelTask),
  verifyPlan: wrap('verifyPlan', verifyPlanTask),
  composePlan: wrap('composePlan', composePlanTask),
  recordPartial: wrap('recordPartial', recordPartialTask),
  notify: wrap('notify', notifyTask),
} satisfies Record<PlanTripTask, Handler<never, unknown>>;

export const {
  resolveRequest,
  searchFlights,
  searchHotels,
  fetchWeather,
  gatherTips,
  gatherCityPlaces,
  buildPlan,
  cheapestLevel,
  verifyPlan,
  composePlan,
  recordPartial,
  notify,
} = HANDLERS;

/**
 * The EventBridge rule's target for PlanTrip executions that ended FAILED, TIMED_OUT or ABORTED
 * ("Step Functions Execution Status Change"): the session named in the execution input is marked
 * failed unless it has already ended (see executionEndedTask).
 */
async function executionEndedHandler(event: {
  detail?: { status?: string; input?: string | null; name?: string };
}): Promise<{ changed: boolean }> {
  const status = event.detail?.status;
  if (status !== 'FAILED' && status !== 'TIMED_OUT' && status !== 'ABORTED') return { changed: false };
  let input: { sessionId?: unknown; userId?: unknown } = {};
  try {
    input = JSON.parse(event.detail?.input ?? '{}') as typeof input;
  } catch {
    // An execution not started by the API (no session): nothing to record.
  }
  const changed = await executionEndedTask(
    {
      sessionId: typeof input.sessionId === 'string' ? input.sessionId : null,
      userId: typeof input.userId === 'string' ? input.userId : null,
      status: status as AbnormalExecutionStatus,
    },
    taskContext(),
  );
  return { changed };
}

export const executionEnded = observe('planTrip.executionEnded', executionEndedHandler);
