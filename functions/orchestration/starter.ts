/**
 * Starting and stopping PlanTrip executions: Step Functions in AWS (`PLANNER_MODE=stepfunctions`
 * with `PLAN_TRIP_STATE_MACHINE_ARN`), the local runner under `npm start` and in tests.
 */
import {
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { currentRequestId } from '../observability.js';
import type { PlanTripInput } from './run-state.js';

/** Environment variable naming the PlanTrip state machine. */
export const PLAN_TRIP_STATE_MACHINE_ARN_ENV = 'PLAN_TRIP_STATE_MACHINE_ARN';
/** Environment variable choosing where the planner runs: `in-process` (default) or `stepfunctions`. */
export const PLANNER_MODE_ENV = 'PLANNER_MODE';

/** Starts and stops PlanTrip executions. The run id names the execution. */
export interface PlanTripStarter {
  /** Starts an execution; starting the same run id again does nothing (idempotent). */
  start(input: PlanTripInput): Promise<void>;
  /** Stops the run's execution (cancellation); unknown or finished runs are ignored. */
  stop(runId: string): Promise<void>;
}

/** PlanTrip on AWS Step Functions. */
export class StepFunctionsPlanTripStarter implements PlanTripStarter {
  constructor(private readonly options: { client: SFNClient; stateMachineArn: string }) {}

  async start(input: PlanTripInput): Promise<void> {
    try {
      await this.options.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.options.stateMachineArn,
          name: input.runId,
          // The request id travels with the run: the state machine hands it to every task.
          input: JSON.stringify({ ...input, requestId: input.requestId ?? currentRequestId() ?? null }),
        }),
      );
    } catch (err) {
      // Same name and input within 90 days: the execution already runs (a retried request).
      if (err instanceof ExecutionAlreadyExists) return;
      throw err;
    }
  }

  async stop(runId: string): Promise<void> {
    const executionArn = `${this.options.stateMachineArn.replace(':stateMachine:', ':execution:')}:${runId}`;
    try {
      await this.options.client.send(
        new StopExecutionCommand({ executionArn, cause: 'cancelled by the user' }),
      );
    } catch (err) {
      // Never started (or long gone): nothing to stop.
      if (err instanceof ExecutionDoesNotExist) return;
      throw err;
    }
  }
}

/** The starter the environment asks for, or null for the in-process planner. */
export function plannerStarterFromEnv(env: NodeJS.ProcessEnv = process.env): PlanTripStarter | null {
  if (env[PLANNER_MODE_ENV] !== 'stepfunctions') return null;
  const stateMachineArn = env[PLAN_TRIP_STATE_MACHINE_ARN_ENV];
  if (!stateMachineArn) {
    throw new Error(`${PLANNER_MODE_ENV}=stepfunctions needs ${PLAN_TRIP_STATE_MACHINE_ARN_ENV}`);
  }
  return new StepFunctionsPlanTripStarter({ client: new SFNClient({}), stateMachineArn });
}
