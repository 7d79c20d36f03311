/**
 * Contracts of the planning engine: what the coordinator needs and what it returns.
 */
import type { Providers } from '../ports/providers.js';
import type { ProgressSummary } from './progress-summary.js';
import type { AgentInteraction, TaskResult } from '../schemas/agent.js';
import type { TravelPlan } from '../schemas/travel-plan.js';

/** What the planner is given: the providers and, optionally, a clock and the owner's id. */
export interface PlannerDeps {
  providers: Providers;
  /** Injectable clock (provenance timestamps, plan timestamps). */
  now?: () => Date;
  /** Owner of the plan (defaults to `user_local`). */
  userId?: string;
  /** Session the interactions are recorded under (defaults to a new id). */
  sessionId?: string;
  /**
   * Progress callback: task name (flight_search, hotel_search, itinerary_planning, budget_optimization, verification), 0..100
   * and, when a task completes, a small summary of its result (progress-summary.ts) where one is known.
   */
  onProgress?: (task: string, progress: number, summary?: ProgressSummary) => void;
  /**
   * Cancellation: checked between the coordinator's steps (after decomposing, after gathering,
   * per budget level, before and after verifying); once aborted, planTrip rejects with the
   * signal's reason instead of returning an outcome.
   */
  signal?: AbortSignal;
}

/** A machine-readable problem the verifier found. */
export interface Violation {
  /** Stable code, e.g. `UNGROUNDED_ENTITY`, `OPENING_HOURS`, `OVERLAP`, `TRAVEL_TIME`, `MEAL_TIME`, `MIN_NIGHTS`, `HOUSE_RULE`, `ROOM_TYPE`, `CUISINE`, `TRANSPORT_MODE`, `TRANSPORT_CONFLICT`, `ROUTE`, `BUDGET`, `DUPLICATE_PLACE`, `MISSING_ACCOMMODATION`, `MUST_VISIT`, `MUST_AVOID`, `ACTIVITY_DURING_TRAVEL`, `WALK_FROM_HUB`, `DEPARTURE_BUFFER`, `NIGHT_IN_TRANSIT`. */
  code: string;
  /** Hard constraints must hold; soft ones are preferences. */
  severity: 'hard' | 'soft';
  message: string;
  messageZh: string;
  dayNumber?: number | undefined;
  /** Id of the plan item concerned. */
  itemId?: string | undefined;
  details?: Record<string, unknown> | undefined;
}

/** Why no plan could be made at all (impossible request). */
export interface PlanFailure {
  code:
    | 'UNKNOWN_CITY'
    | 'NO_DATES'
    | 'INVALID_DATES'
    | 'TOO_MANY_CITIES'
    | 'NO_ROUTE'
    | 'NO_ACCOMMODATION'
    | 'BUDGET_TOO_LOW'
    | 'NOT_COVERED'
    | 'INVALID_REQUEST';
  message: string;
  messageZh: string;
  details?: Record<string, unknown> | undefined;
}

export interface PlanOutcome {
  /** The plan; present unless `failure` is set. Unmet constraints are listed in `plan.warnings`. */
  plan: TravelPlan | null;
  failure: PlanFailure | null;
  /** What the final verification found (empty when the plan meets every constraint). */
  violations: Violation[];
  taskResults: TaskResult[];
  interactions: AgentInteraction[];
  /** Wall time of the whole planning run, ms. */
  elapsedMs: number;
}
