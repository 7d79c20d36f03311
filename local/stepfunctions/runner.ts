/**
 * Runs the synthesized PlanTrip state machine with aws-local-stepfunctions, every Lambda task
 * mapped to its local task function with a given context (store, providers, repositories).
 */
import './polyfill.js';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import type { PlanTripTask } from '../../statemachines/plan-trip-tasks.js';
import { LOCAL_TASKS, type LocalTask } from '../../functions/orchestration/local-handlers.js';
import {
  newRunId,
  readRunResult,
  type PlanTripInput,
  type RunResult,
  type TaskContext,
} from '../../functions/orchestration/run-state.js';
import { executionEndedTask } from '../../functions/orchestration/session-end.js';
import type { TravelPlan } from '../../agents/schemas/travel-plan.js';
import type { PlanTripStarter } from '../../functions/orchestration/starter.js';
import { synthesizePlanTrip, type SynthesizedPlanTrip } from './definition.js';
import { currentRequestId } from '../../functions/observability.js';

/** Options of {@link createLocalPlanTrip}. */
export interface LocalPlanTripOptions {
  context: TaskContext;
  /** Wraps a task (tests inject failures or count calls). */
  decorate?: (
    task: PlanTripTask,
    state: string,
    fn: (input: unknown) => Promise<unknown>,
  ) => (input: unknown) => Promise<unknown>;
  /** Retry wait in ms instead of the definition's backoff (tests); the definition's when unset. */
  retryIntervalMs?: number;
  /** An already synthesized definition (saves a synthesis). */
  synthesized?: SynthesizedPlanTrip;
}

/** One started execution. */
export interface LocalExecution {
  runId: string;
  /** Stops the execution (as StopExecution does). */
  abort: () => void;
  /** The run's result and plan; null when aborted. */
  done: Promise<{ output: unknown; result: RunResult | null; plan: TravelPlan | null } | null>;
}

/** A local PlanTrip: `start` runs one execution. */
export function createLocalPlanTrip(options: LocalPlanTripOptions) {
  const synthesized = options.synthesized ?? synthesizePlanTrip();
  const machine = new StateMachine(synthesized.definition as unknown as StateMachineDefinition, {
    validationOptions: { checkArn: false },
  });
  const handlers: Record<string, (input: unknown) => Promise<never>> = {};
  for (const [state, task] of Object.entries(synthesized.taskOfState)) {
    const base = (input: unknown) => (LOCAL_TASKS[task] as LocalTask)(input as never, options.context);
    const fn = options.decorate ? options.decorate(task, state, base) : base;
    handlers[state] = (input) => fn(input) as Promise<never>;
  }
  const retryIntervalOverrides =
    options.retryIntervalMs === undefined
      ? undefined
      : Object.fromEntries(Object.keys(synthesized.taskOfState).map((s) => [s, options.retryIntervalMs!]));

  return {
    synthesized,
    context: options.context,
    start(input: Omit<PlanTripInput, 'runId'> & { runId?: string }): LocalExecution {
      const runId = input.runId ?? newRunId();
      const execution = machine.run(
        JSON.parse(
          JSON.stringify({
            runId,
            sessionId: input.sessionId ?? null,
            userId: input.userId ?? null,
            requestId: input.requestId ?? currentRequestId() ?? null,
            request: input.request,
          }),
        ) as Record<string, never>,
        {
          noThrowOnAbort: true,
          overrides: {
            taskResourceLocalHandlers: handlers,
            ...(retryIntervalOverrides ? { retryIntervalOverrides } : {}),
          },
        },
      );
      const done = execution.result.then(async (output) => {
        if (output === null) return null;
        return { output, ...(await readRunResult(options.context.store, runId)) };
      });
      return { runId, abort: execution.abort, done };
    },
  };
}

/** A {@link PlanTripStarter} running executions with the local runner (npm start, tests). */
export class LocalPlanTripStarter implements PlanTripStarter {
  private readonly running = new Map<string, LocalExecution>();
  constructor(private readonly local: ReturnType<typeof createLocalPlanTrip>) {}

  async start(input: PlanTripInput): Promise<void> {
    if (this.running.has(input.runId)) return;
    const execution = this.local.start(input);
    this.running.set(input.runId, execution);
    // As the EventBridge rule in AWS: an execution that fails outside its own Catch must not leave
    // its session `processing` (a stopped one resolves to null and is not a failure).
    void execution.done.catch(async () => {
      await executionEndedTask(
        { sessionId: input.sessionId ?? null, userId: input.userId ?? null, status: 'FAILED' },
        this.local.context,
      ).catch(() => undefined);
    });
  }

  async stop(runId: string): Promise<void> {
    this.running.get(runId)?.abort();
  }

  /** The execution of a run (tests and benchmarks wait on it). */
  execution(runId: string): LocalExecution | undefined {
    return this.running.get(runId);
  }
}
