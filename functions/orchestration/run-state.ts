/**
 * The run state of a PlanTrip execution: what every task is given (the context, the execution
 * input, the run's ids), the parts a run stores between tasks (keyed by run id in the run store:
 * DynamoDB in AWS, memory in tests) and how an execution's result is read back.
 */
import { newId } from '../../agents/ids.js';
import type { AgentStatusPublisher } from '../../agents/planning/agent-status.js';
import type { CityStay, Resolved } from '../../agents/planning/coordinator.js';
import type { PlannerDeps } from '../../agents/planning/types.js';
import type { Attraction, Restaurant } from '../../agents/ports/providers.js';
import type { AgentSessionRepository, PlanRepository } from '../../agents/ports/repositories.js';
import type { TravelPlan } from '../../agents/schemas/travel-plan.js';
import type { SessionFailure } from '../../agents/sessions/lifecycle.js';
import type { RunStateStore } from './state-store.js';

/** What every task needs: the run store, the planner's providers and, in a session, the repositories. */
export interface TaskContext {
  store: RunStateStore;
  deps: Pick<PlannerDeps, 'providers' | 'now'>;
  /** Agent sessions (progress and status); absent outside a session. */
  sessions?: AgentSessionRepository | undefined;
  /** Where the finished plan is stored; absent means the run store only. */
  plans?: PlanRepository | undefined;
  /** Pushes `agent_status` frames to the session owner's open apps; absent: none are sent. */
  agentStatus?: AgentStatusPublisher | undefined;
}

/** The execution input. */
export interface PlanTripInput {
  runId: string;
  sessionId?: string | null;
  userId?: string | null;
  /** The request id of the API call that started the run (functions/observability.ts). */
  requestId?: string | null;
  /** A TripRequest (validated by the first task). */
  request: unknown;
}

/** A step every later task receives: the run's ids. */
export interface RunRef {
  runId: string;
  sessionId?: string | null;
  userId?: string | null;
  /** The starting API call's request id (null when started without one). */
  requestId?: string | null;
}

// Stored shapes (Maps as entry lists).
export interface StoredResolved {
  resolved: Resolved;
  stays: CityStay[];
  nowIso: string;
}
export type Entries<V> = [string, V][];
export interface StoredPlaces {
  attractions: Attraction[];
  restaurants: Restaurant[];
}

export const PART = {
  resolved: 'resolved',
  failure: 'failure',
  legs: 'legs',
  hotels: 'hotels',
  weather: 'weather',
  tips: 'tips',
  places: (cityId: string) => `places#${cityId}`,
  plan: (level: number) => `plan#${level}`,
  cheapest: 'cheapest',
  final: 'final-plan',
  result: 'result',
} as const;

export async function need<T>(ctx: TaskContext, runId: string, part: string): Promise<T> {
  const value = await ctx.store.get<T>(runId, part);
  if (value === null) throw new Error(`run ${runId}: missing ${part}`);
  return value;
}

/** The run's clock. */
export const now = (ctx: TaskContext) => (ctx.deps.now ?? (() => new Date()))();

/** What a run ended with (also stored as the run's `result` part). */
export interface RunResult {
  /** `cancelled`: the session was cancelled before a plan was stored (none is). */
  status: 'completed' | 'partial' | 'failed' | 'cancelled';
  planId: string | null;
  warnings: string[];
  /** Why the run failed, in both languages (the session keeps both). */
  failure: SessionFailure | null;
}

/** The run's result and plan, for callers that wait for an execution (local runner, tests). */
export async function readRunResult(
  store: RunStateStore,
  runId: string,
): Promise<{ result: RunResult | null; plan: TravelPlan | null }> {
  const result = await store.get<RunResult>(runId, PART.result);
  const plan = result?.planId ? await store.get<TravelPlan>(runId, `plan-by-id#${result.planId}`) : null;
  return { result, plan };
}

/** A fresh run id. */
export const newRunId = () => `run_${newId('session').split('_').pop()!}`;
