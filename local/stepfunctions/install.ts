/**
 * `PLANNER_MODE=stepfunctions npm start`: POST /v1/agents/sessions starts the synthesized PlanTrip
 * state machine under aws-local-stepfunctions, its tasks running the local handlers against the
 * local DynamoDB table (run state, sessions, plans), as Step Functions and Lambda do in AWS.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AgentStatusPublisher } from '../../agents/planning/agent-status.js';
import { configureRuntime, getRuntime, runtimeOptionsInUse } from '../../functions/api/runtime.js';
import { DynamoRunStateStore } from '../../functions/orchestration/state-store.js';
import { PLANNER_MODE_ENV, PLAN_TRIP_STATE_MACHINE_ARN_ENV } from '../../functions/orchestration/starter.js';
import { createLocalPlanTrip, LocalPlanTripStarter } from './runner.js';

/** The ARN the local runtime is configured with (nothing calls AWS with it). */
export const LOCAL_PLAN_TRIP_ARN = 'arn:aws:states:local:000000000000:stateMachine:PlanTrip-local';

/** True when the environment asks for the state machine planner. */
export const localPlanTripWanted = (env: NodeJS.ProcessEnv = process.env) =>
  env[PLANNER_MODE_ENV] === 'stepfunctions';

/**
 * Synthesizes PlanTrip and configures the API runtime to start executions locally: the runtime is
 * (re)built with the local starter as a build option (configureRuntime), its task context made
 * from the runtime's own repositories, providers, clock and WebSocket publisher. Call after the
 * handler environment (TABLE_NAME, DYNAMODB_ENDPOINT) is set; the other options already configured
 * (the clock of the tests) are kept.
 */
export function installLocalPlanTrip(options: { client: DynamoDBDocumentClient; tableName: string }) {
  process.env[PLAN_TRIP_STATE_MACHINE_ARN_ENV] ??= LOCAL_PLAN_TRIP_ARN;
  let local: ReturnType<typeof createLocalPlanTrip> | undefined;
  let starter: LocalPlanTripStarter | undefined;
  configureRuntime({
    ...runtimeOptionsInUse(),
    planTripStarter: (rt) => {
      local = createLocalPlanTrip({
        context: {
          store: new DynamoRunStateStore({ client: options.client, tableName: options.tableName }),
          deps: { providers: rt.providers, now: rt.now },
          sessions: rt.repos.sessions,
          plans: rt.repos.plans,
          // agent_status frames through the API runtime's publisher (the gateway's management API).
          agentStatus: new AgentStatusPublisher(rt.realtime, (err, update) =>
            rt.logger.warn('agent_status push failed', { sessionId: update.sessionId, error: String(err) }),
          ),
        },
      });
      starter = new LocalPlanTripStarter(local);
      return starter;
    },
  });
  getRuntime();
  return {
    starter: starter!,
    synthesized: local!.synthesized,
    states: Object.keys(local!.synthesized.taskOfState).length,
  };
}
