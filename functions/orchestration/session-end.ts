/**
 * How a PlanTrip run ends its agent session, through the shared lifecycle
 * (agents/sessions/lifecycle.ts): the notify step records the outcome (completed with its plan,
 * or failed with a bilingual failure), and an execution that ended abnormally (EventBridge in
 * AWS, the local runner's rejection) marks its session interrupted. An ended session is never
 * changed again; a plan stored for a session cancelled meanwhile is removed.
 */
import { ConflictError, NotFoundError } from '../../agents/errors.js';
import { sessionOutcomeSummary } from '../../agents/planning/agent-status.js';
import { isTerminalSessionStatus } from '../../agents/schemas/agent.js';
import {
  PROCESSING_FAILURE,
  completedUpdate,
  failedUpdate,
  interruptedFailure,
} from '../../agents/sessions/lifecycle.js';
import { PART, now, type RunRef, type RunResult, type TaskContext } from './run-state.js';

/** Notify: records the outcome on the agent session (the API and WebSocket read it there). */
export async function notifyTask(
  input: RunRef & {
    result?: RunResult | null;
    failure?: { code: string; message: string; messageZh?: string } | null;
  },
  ctx: TaskContext,
): Promise<RunResult> {
  const result: RunResult = input.result ?? {
    status: 'failed',
    planId: null,
    warnings: [],
    failure: input.failure
      ? { ...input.failure, messageZh: input.failure.messageZh ?? input.failure.message }
      : null,
  };
  if (!input.result) await ctx.store.put(input.runId, PART.result, result);
  if (ctx.sessions && input.sessionId && result.status !== 'cancelled') {
    const at = now(ctx);
    // Keep what the session already holds (trip request, estimate); add the outcome.
    const current = input.userId ? await ctx.sessions.get(input.userId, input.sessionId) : null;
    // An ended session (cancelled meanwhile, or a retried notify) is left as it is.
    if (current && isTerminalSessionStatus(current.status)) {
      if (current.status === 'cancelled') await discardPlan(ctx, input, result);
      return result;
    }
    try {
      const status = result.status === 'failed' ? 'failed' : 'completed';
      const held = { sharedContext: current?.sharedContext ?? {} };
      await ctx.sessions.update(
        input.sessionId,
        result.status === 'failed' || !result.planId
          ? failedUpdate(held, {
              runId: input.runId,
              failure: result.failure ?? PROCESSING_FAILURE,
              warnings: result.warnings,
              at,
            })
          : completedUpdate(held, {
              runId: input.runId,
              planId: result.planId,
              warnings: result.warnings,
              at,
            }),
      );
      // The coordinator's agent_status: the session ended (after the write, like every frame).
      await ctx.agentStatus?.sessionEnded(
        input.userId,
        input.sessionId,
        status,
        sessionOutcomeSummary(result),
      );
    } catch (err) {
      // CONFLICT: the session ended (was cancelled) since it was read; it stays as it is.
      if (!(err instanceof ConflictError)) throw err;
      const ended = input.userId ? await ctx.sessions.get(input.userId, input.sessionId) : null;
      if (ended?.status === 'cancelled') await discardPlan(ctx, input, result);
    }
  }
  return result;
}

/** A plan stored for a session that was cancelled before it completed belongs to nobody: remove it. */
async function discardPlan(ctx: TaskContext, ref: RunRef, result: RunResult): Promise<void> {
  if (!ctx.plans || !ref.userId || !result.planId) return;
  try {
    await ctx.plans.delete(ref.userId, result.planId);
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
  }
}

/** How an execution can end without passing through its own Catch and notify step. */
export type AbnormalExecutionStatus = 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/**
 * An execution ended outside the state machine's own error handling (it failed in a way no
 * Catch covers, timed out, or was stopped by someone other than the cancel route): its session
 * would say `processing` forever, so it is marked failed (PLANNING_INTERRUPTED) and the
 * coordinator's `agent_status` is pushed. A session that has already ended (completed, failed,
 * or cancelled — the cancel route stops executions too) is left as it is. Returns whether the
 * session was changed. Called by the EventBridge rule on execution status changes in AWS and by
 * the local runner when an execution rejects.
 */
export async function executionEndedTask(
  input: { sessionId?: string | null; userId?: string | null; status: AbnormalExecutionStatus },
  ctx: TaskContext,
): Promise<boolean> {
  if (!ctx.sessions || !input.sessionId || !input.userId) return false;
  const current = await ctx.sessions.get(input.userId, input.sessionId);
  if (!current || isTerminalSessionStatus(current.status)) return false;
  const failure = interruptedFailure({ executionStatus: input.status });
  try {
    await ctx.sessions.update(
      input.sessionId,
      failedUpdate(current, { failure, at: now(ctx), executionStatus: input.status }),
    );
  } catch (err) {
    if (err instanceof ConflictError) return false; // ended meanwhile
    throw err;
  }
  await ctx.agentStatus?.sessionEnded(
    input.userId,
    input.sessionId,
    'failed',
    sessionOutcomeSummary({ failure }),
  );
  return true;
}
