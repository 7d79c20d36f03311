/**
 * The lifecycle of an agent planning session, written once for both runners (the in-process
 * planner of functions/api/services/planning-session.ts and the PlanTrip state machine tasks of
 * functions/orchestration/): which progress tasks there are and which agent each finishes, what
 * the session's `shared_context` holds (a zod schema instead of string keys), and the writes that
 * end a session — completed with its plan, or failed with a bilingual failure.
 *
 * Transitions: `pending`/`processing` → `completed` | `failed` | `cancelled`; an ended session never
 * changes again (the repository's conditional writes enforce it: a late write is a CONFLICT).
 */
import { z } from 'zod';
import {
  isTerminalSessionStatus,
  type AgentSession,
  type AgentSessionStatus,
  type AgentType,
} from '../schemas/agent.js';
import type { AgentSessionChanges } from '../ports/repositories.js';
import { fromWire, toWire } from '../schemas/wire.js';

/** The seed's progress keys, in the order the planner completes them. */
export const PROGRESS_TASKS = [
  'flight_search',
  'hotel_search',
  'itinerary_planning',
  'budget_optimization',
] as const;

/** Every progress task a runner reports: the four of the seed and the verifier's. */
export const ProgressTask = z.enum([...PROGRESS_TASKS, 'verification']);
export type ProgressTask = z.infer<typeof ProgressTask>;

/** The agent whose work a progress report finishes. */
export const AGENT_OF_TASK: Readonly<Record<ProgressTask, AgentType>> = {
  flight_search: 'flight',
  hotel_search: 'hotel',
  itinerary_planning: 'itinerary',
  budget_optimization: 'budget',
  verification: 'coordinator',
};

/** The agent a progress report of `task` finishes, if `task` is a progress task. */
export function agentOfTask(task: string): AgentType | undefined {
  const parsed = ProgressTask.safeParse(task);
  return parsed.success ? AGENT_OF_TASK[parsed.data] : undefined;
}

/** The agents active when a session starts. */
export const INITIAL_AGENTS: readonly AgentType[] = ['coordinator', 'flight', 'hotel', 'itinerary', 'budget'];

/** Why a session failed, in both languages (the status route answers in the caller's). */
export const SessionFailure = z.object({
  code: z.string().min(1),
  message: z.string(),
  messageZh: z.string(),
});
export type SessionFailure = z.infer<typeof SessionFailure>;

/**
 * What a session's `shared_context` holds (stored snake_case: `plan_id`, `failure.message_zh`).
 * Unknown keys are kept as they are, so nothing another writer stored is lost.
 */
export const SessionContext = z.looseObject({
  /** The task the session was started for (`comprehensive_planning`). */
  taskType: z.string().optional(),
  /** The planner's TripRequest, in wire form. */
  tripRequest: z.unknown().optional(),
  estimatedCompletion: z.string().optional(),
  /** The run (state machine execution name, or the in-process run): the session id. */
  runId: z.string().optional(),
  planId: z.string().nullable().optional(),
  /** Warning codes of the stored plan. */
  warnings: z.array(z.string()).optional(),
  completedAt: z.string().optional(),
  failure: SessionFailure.optional(),
  failedAt: z.string().optional(),
  cancelledAt: z.string().optional(),
  /** How a state machine execution ended abnormally (FAILED, TIMED_OUT, ABORTED). */
  executionStatus: z.string().optional(),
});
export type SessionContext = z.infer<typeof SessionContext>;

/** The typed context of a session (a failure stored without `message_zh` reads with the English). */
export function sessionContextOf(session: Pick<AgentSession, 'sharedContext'>): SessionContext {
  const raw = { ...(fromWire(SessionContext, session.sharedContext) as Record<string, unknown>) };
  const failure = raw['failure'] as Record<string, unknown> | undefined;
  if (failure && typeof failure === 'object' && typeof failure['messageZh'] !== 'string') {
    raw['failure'] = {
      ...failure,
      messageZh: typeof failure['message'] === 'string' ? failure['message'] : '',
    };
  }
  const parsed = SessionContext.safeParse(raw);
  return parsed.success ? parsed.data : (raw as SessionContext);
}

/** The stored (wire) form of a context. */
export function storedContext(context: SessionContext): Record<string, unknown> {
  return toWire(SessionContext, context) as Record<string, unknown>;
}

/** The context a new session starts with. */
export function initialContext(input: {
  taskType: string;
  tripRequest: unknown;
  estimatedCompletion: string;
}): Record<string, unknown> {
  return storedContext(input);
}

/** Whether a session in `from` may move to `to` (an ended session never changes). */
export function canTransition(from: AgentSessionStatus, to: AgentSessionStatus): boolean {
  return !isTerminalSessionStatus(from) && from !== to;
}

/** The write that completes a session with its stored plan (the last write of a run). */
export function completedUpdate(
  current: Pick<AgentSession, 'sharedContext'>,
  outcome: { runId: string; planId: string; warnings: string[]; at: Date },
): AgentSessionChanges {
  return {
    status: 'completed',
    activeAgents: [],
    sharedContext: storedContext({
      ...sessionContextOf(current),
      runId: outcome.runId,
      planId: outcome.planId,
      warnings: outcome.warnings,
      completedAt: outcome.at.toISOString(),
    }),
  };
}

/** The write that fails a session, with its bilingual failure. */
export function failedUpdate(
  current: Pick<AgentSession, 'sharedContext'>,
  outcome: {
    runId?: string;
    failure: SessionFailure;
    at: Date;
    warnings?: string[];
    executionStatus?: string;
  },
): AgentSessionChanges {
  return {
    status: 'failed',
    activeAgents: [],
    sharedContext: storedContext({
      ...sessionContextOf(current),
      ...(outcome.runId ? { runId: outcome.runId } : {}),
      planId: null,
      warnings: outcome.warnings ?? [],
      failure: outcome.failure,
      failedAt: outcome.at.toISOString(),
      ...(outcome.executionStatus ? { executionStatus: outcome.executionStatus } : {}),
    }),
  };
}

/** Planning threw unexpectedly (a bug or a dependency): the generic bilingual failure. */
export const PROCESSING_FAILURE: SessionFailure = {
  code: 'PROCESSING_FAILED',
  message: 'Planning failed unexpectedly; please retry.',
  messageZh: '规划失败，请稍后重试。',
};

/** The run died without ending its session (a restart, a timeout, an aborted execution). */
export function interruptedFailure(cause: { restart: true } | { executionStatus: string }): SessionFailure {
  if ('restart' in cause) {
    return {
      code: 'PLANNING_INTERRUPTED',
      message: 'Planning was interrupted (the server restarted); please start again.',
      messageZh: '规划因服务重启而中断，请重新开始。',
    };
  }
  return {
    code: 'PLANNING_INTERRUPTED',
    message: `Planning was interrupted (execution ${cause.executionStatus.toLowerCase().replace('_', ' ')}); please start again.`,
    messageZh: '规划过程意外中断，请重新开始。',
  };
}

/** A run failed for good before any plan was built (what failed is named in both languages). */
export function incompleteFailure(what: string): SessionFailure {
  return {
    code: 'PLANNING_INCOMPLETE',
    message: `Planning stopped early (${what}); this plan is incomplete.`,
    messageZh: `规划未能全部完成（${what}），此计划不完整。`,
  };
}
