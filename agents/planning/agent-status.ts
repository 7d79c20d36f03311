/**
 * `agent_status` frames: when a session's specialist agent finishes (its progress task reaches
 * 100) and when the session ends, the user's open apps get
 * `{"type":"agent_status","data":{"session_id","agent_type","status","result"}}` over the
 * WebSocket API. The session's end is reported as the coordinator's status (`completed`, `failed`
 * or `cancelled`), since the coordinator runs the session.
 *
 * Pushing is best effort: a failure is reported to `onError` and never reaches the planner, and a
 * user without an open app simply receives nothing. Clients that need certainty read
 * GET /v1/agents/sessions/{id}/status, which is written before each frame is sent.
 */
import type { RealtimeFrame, RealtimePublisher } from '../ports/realtime.js';
import type { AgentType } from '../schemas/agent.js';
import type { ProgressSummary } from './progress-summary.js';

/** How an agent (or, for the coordinator, the whole session) ended. */
export type AgentStatus = 'completed' | 'failed' | 'cancelled';

/** The `data` of an `agent_status` frame, in domain form. */
export interface AgentStatusUpdate {
  sessionId: string;
  agentType: AgentType;
  status: AgentStatus;
  result: ProgressSummary;
}

/** The specialist whose work a progress task is (verification is the coordinator's own step). */
export const AGENT_OF_PROGRESS_TASK: Readonly<Record<string, AgentType>> = {
  flight_search: 'flight',
  hotel_search: 'hotel',
  itinerary_planning: 'itinerary',
  budget_optimization: 'budget',
};

/** The frame, in wire form. */
export function agentStatusFrame(update: AgentStatusUpdate): RealtimeFrame {
  return {
    type: 'agent_status',
    data: {
      session_id: update.sessionId,
      agent_type: update.agentType,
      status: update.status,
      result: update.result,
    },
  };
}

/** The coordinator's `result` when a session ends: the plan and its warnings, or the failure. */
export function sessionOutcomeSummary(outcome: {
  planId?: string | null;
  warnings?: readonly string[];
  failure?: { code: string; message: string; messageZh?: string | null } | null;
}): ProgressSummary {
  const summary: ProgressSummary = {};
  if (outcome.planId) summary['plan_id'] = outcome.planId;
  if (outcome.warnings) summary['warnings'] = outcome.warnings.length;
  if (outcome.failure) {
    summary['error_code'] = outcome.failure.code;
    summary['error_message'] = outcome.failure.message;
    if (outcome.failure.messageZh) summary['error_message_zh'] = outcome.failure.messageZh;
  }
  return summary;
}

/** Reports a failed push (logging); it must not throw. */
export type AgentStatusErrorHandler = (err: unknown, update: AgentStatusUpdate) => void;

/** Publishes `agent_status` frames to a session owner's live connections. Never throws. */
export class AgentStatusPublisher {
  readonly #realtime: RealtimePublisher | undefined;
  readonly #onError: AgentStatusErrorHandler;

  /** Without a publisher (no WebSocket API configured) every call is a no-op. */
  constructor(realtime: RealtimePublisher | undefined, onError: AgentStatusErrorHandler = () => undefined) {
    this.#realtime = realtime;
    this.#onError = onError;
  }

  /**
   * A progress report: at 100 the task's agent has completed. Tasks of no specialist
   * (`verification`) and reports below 100 send nothing. Returns the frames delivered.
   */
  async taskProgress(
    userId: string | null | undefined,
    sessionId: string,
    task: string,
    progress: number,
    result: ProgressSummary = {},
  ): Promise<number> {
    const agentType = AGENT_OF_PROGRESS_TASK[task];
    if (progress < 100 || !agentType) return 0;
    return this.#publish(userId, { sessionId, agentType, status: 'completed', result });
  }

  /** The session ended: the coordinator's final status, with e.g. the plan id or the failure. */
  async sessionEnded(
    userId: string | null | undefined,
    sessionId: string,
    status: AgentStatus,
    result: ProgressSummary = {},
  ): Promise<number> {
    return this.#publish(userId, { sessionId, agentType: 'coordinator', status, result });
  }

  async #publish(userId: string | null | undefined, update: AgentStatusUpdate): Promise<number> {
    if (!this.#realtime || !userId) return 0;
    try {
      return await this.#realtime.sendToUser(userId, agentStatusFrame(update));
    } catch (err) {
      try {
        this.#onError(err, update);
      } catch {
        // A failing logger must not fail planning either.
      }
      return 0;
    }
  }
}
