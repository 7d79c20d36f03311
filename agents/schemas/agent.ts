/**
 * Agent domain (seed "数据模型设计 / 5. 智能体域模型"): multi-agent sessions, the messages agents
 * exchange, and task results.
 *
 * Keys are camelCase; wire.ts maps each one to the seed's snake_case field name. Seed
 * `Optional[X] = None` fields are `.nullish()`: they may be omitted or `null` (pydantic emits `null`).
 * Seed bug: `Dict[str, Any]` is used without importing `Any`; those fields (`shared_context`,
 * `content`, `data`) are {@link JsonObject}, whose keys are data and are never renamed.
 */
import { z } from 'zod';
import { IsoDateTime, JsonObject, EntityId } from './common.js';

/** The specialist agents (seed `AgentType`). */
export const AgentType = z.enum([
  'coordinator',
  'flight',
  'hotel',
  'itinerary',
  'budget',
  'local_guide',
  'recommendation',
]);
export type AgentType = z.infer<typeof AgentType>;

/**
 * Processing state of an agent session. Extension: the seed's `AgentSession` model has no status,
 * but its REST API (`GET /v1/agents/sessions/{session_id}/status`) returns one (`"processing"`).
 */
export const AgentSessionStatus = z.enum(['pending', 'processing', 'completed', 'failed', 'cancelled']);
export type AgentSessionStatus = z.infer<typeof AgentSessionStatus>;

/** The statuses a session ends in. An ended session never changes again (see AgentSessionRepository). */
export const TERMINAL_SESSION_STATUSES = [
  'completed',
  'failed',
  'cancelled',
] as const satisfies readonly AgentSessionStatus[];

/** Whether a session in this status has ended (completed, failed or cancelled). */
export function isTerminalSessionStatus(status: AgentSessionStatus): boolean {
  return (TERMINAL_SESSION_STATUSES as readonly string[]).includes(status);
}

/** What one agent sends another (seed comment: request, response, notification, delegation). */
export const InteractionType = z.enum(['request', 'response', 'notification', 'delegation']);
export type InteractionType = z.infer<typeof InteractionType>;

/** One message between two agents (seed `AgentInteraction`); agents and interaction_type are enums. */
export const AgentInteraction = z.object({
  id: EntityId,
  sessionId: EntityId,
  fromAgent: AgentType,
  toAgent: AgentType,
  interactionType: InteractionType,
  content: JsonObject,
  timestamp: IsoDateTime,
});
export type AgentInteraction = z.infer<typeof AgentInteraction>;

/**
 * A multi-agent working session (seed `AgentSession`), plus the `status` extension (default
 * `pending`, see {@link AgentSessionStatus}). task_progress maps a task name (a data key, never
 * renamed: `flight_search` stays `flight_search`) to a percentage 0..100; every
 * agent_interactions[i].session_id must equal the session's id.
 */
export const AgentSession = z
  .object({
    id: EntityId,
    conversationId: EntityId,
    userId: EntityId,
    activeAgents: z.array(AgentType).default(() => []),

    status: AgentSessionStatus.default('pending'),
    currentTask: z.string().min(1).nullish(),
    taskProgress: z.record(z.string(), z.number().min(0).max(100)).default(() => ({})),
    sharedContext: JsonObject.default(() => ({})),

    agentInteractions: z.array(AgentInteraction).default(() => []),

    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .superRefine((s, ctx) => {
    if (typeof s.id !== 'string' || !Array.isArray(s.agentInteractions)) return;
    s.agentInteractions.forEach((ix, i) => {
      if (typeof ix?.sessionId === 'string' && ix.sessionId !== s.id) {
        ctx.addIssue({
          code: 'custom',
          path: ['agentInteractions', i, 'sessionId'],
          message: "session_id must equal the session's id",
        });
      }
    });
  });
export type AgentSession = z.infer<typeof AgentSession>;

/** Outcome of a task (seed comment: success, partial, failed). */
export const TaskResultType = z.enum(['success', 'partial', 'failed']);
export type TaskResultType = z.infer<typeof TaskResultType>;

/** What an agent produced for a task (seed `TaskResult`). confidence_score 0..1; execution_time in seconds, >= 0. */
export const TaskResult = z.object({
  taskId: EntityId,
  agentType: AgentType,
  resultType: TaskResultType,
  data: JsonObject,
  confidenceScore: z.number().min(0).max(1),
  executionTime: z.number().nonnegative(),
  createdAt: IsoDateTime,
});
export type TaskResult = z.infer<typeof TaskResult>;
