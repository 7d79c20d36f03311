/**
 * Lambda handlers of the PlanTrip tasks: one export per task (the stack points each function at
 * its export). Clients are created once per container; each handler is one call into tasks.ts.
 */
import { AgentStatusPublisher } from '../../agents/planning/agent-status.js';
import { BaseConfig, buildPlatformParts, parseConfig, type PlatformOptions } from '../platform.js';
import { realtimePublisherFromEnv } from '../notify/websocket-publisher.js';
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

/** What the task functions read: {@link BaseConfig} (table, endpoint, region, log level). */
export const TaskConfig = BaseConfig;

/** What the embedding process decides at build time (defaults: production's). */
export type TaskContextOptions = Pick<PlatformOptions, 'now' | 'providers'>;

/**
 * The task context: the configuration from `env` (validated; `WEBSOCKET_ENDPOINT` on the tasks that
 * push agent_status frames), the shared parts from the composition root (platform.ts).
 */
export function buildTaskContext(
  options: TaskContextOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): TaskContext {
  const config = parseConfig(TaskConfig, env, 'PlanTrip task');
  // Tasks never paginate, so the cursor secret only has to be valid, not shared (the default).
  const { doc, repos, providers, now } = buildPlatformParts(config, options);
  return {
    store: new DynamoRunStateStore({ client: doc, tableName: config.TABLE_NAME, now }),
    deps: { providers, now },
    sessions: repos.sessions,
    plans: repos.plans,
    agentStatus: new AgentStatusPublisher(realtimePublisherFromEnv(repos.connections, env), (err, update) =>
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
}

let context: TaskContext | null = null;

/** The task context of this process, built on first use. */
function taskContext(): TaskContext {
  context ??= buildTaskContext();
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
