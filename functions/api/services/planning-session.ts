/**
 * Agent planning sessions over REST: the seed's `requirements` become a TripRequest, a session is
 * stored, and the planner runs IN-PROCESS (until the Step Functions issue moves it to the state
 * machine), reporting per-agent progress into the session as it goes. The resulting plan is stored
 * (status `planning`) and linked from the session (`shared_context.plan_id`) and the conversation.
 *
 * Where it runs: under the local gateway (and `npm start`) the request returns 202 at once and the
 * planner continues in the background of the same process. In Lambda a function may be frozen as
 * soon as it returns, so there the request waits for the planner before answering (still 202, with
 * the final status); the Step Functions issue removes that wait.
 *
 * Cancelling marks the session `cancelled` first (one conditional write: an ended session never
 * changes again, so the planner's later writes cannot bring it back), then stops the run: the
 * Step Functions execution (StopExecution, or the local runner's abort), or the in-process
 * planner through an AbortSignal checked between the coordinator's steps. A planner that runs on
 * regardless (another Lambda container) finds the session cancelled before storing its plan.
 */
import { ConflictError, DependencyFailedError, ValidationError } from '../../../agents/errors.js';
import { newId } from '../../../agents/ids.js';
import { AgentStatusPublisher, sessionOutcomeSummary } from '../../../agents/planning/agent-status.js';
import { planTrip } from '../../../agents/planning/coordinator.js';
import type { PlanOutcome } from '../../../agents/planning/types.js';
import {
  INITIAL_AGENTS,
  PROCESSING_FAILURE,
  PROGRESS_TASKS,
  agentOfTask,
  completedUpdate,
  failedUpdate,
  initialContext,
  interruptedFailure,
  sessionContextOf,
} from '../../../agents/sessions/lifecycle.js';
import { AgentSession } from '../../../agents/schemas/agent.js';
import { TripRequest, type TripRequestInput } from '../../../agents/schemas/trip-request.js';
import { issuesToDetails, toWire, type Lang } from '../../../agents/schemas/wire.js';
import type { CreateSessionBody, SessionStatusView } from '../route-schemas.js';
import type { ApiRuntime } from '../runtime.js';

/** Expected planning time for `estimated_completion` (the offline planner takes well under a second). */
const ESTIMATE_MS = 15_000;
/** Interactions stored per session (the planner logs a few dozen). */
const MAX_INTERACTIONS = 200;

/** The planner's request from the seed's requirements; VALIDATION_ERROR names `requirements.*` fields. */
export function tripRequestFrom(body: CreateSessionBody, origin: string, lang: Lang): TripRequest {
  const r = body.requirements;
  const travelers =
    typeof r.travelers === 'number' ? { adults: r.travelers, children: 0, childAges: [] } : r.travelers;
  const input: TripRequestInput = {
    origin: { name: origin },
    destinations: (r.destinations ?? (r.destination ? [r.destination] : [])).map((name) => ({ name })),
    startDate: r.startDate ?? null,
    endDate: r.endDate ?? null,
    days: r.duration ?? null,
    travelers,
    budget:
      r.budget != null ? { amount: r.budget, currency: r.currency, perPerson: r.budgetPerPerson } : null,
    mustVisit: r.mustVisit,
    mustAvoid: r.mustAvoid,
    interests: r.interests,
    travelStyle: r.travelStyle ?? null,
    pace: r.pace ?? 'moderate',
    flight: { cabinClass: r.cabinClass ?? 'economy', maxLayovers: 1, preferredAirlines: [] },
    language: r.language ?? lang,
    passportCountry: r.passportCountry ?? null,
    outlineIfUncovered: r.outlineIfUncovered ?? null,
  };
  const parsed = TripRequest.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError('Invalid requirements', {
      details: issuesToDetails(TripRequest, parsed.error.issues).map((d) => ({
        ...d,
        field: `requirements.${d.field}`,
      })),
    });
  }
  return parsed.data;
}

/** Creates the session and starts the planner (see the module comment for where it runs). */
export async function startPlanningSession(
  rt: ApiRuntime,
  input: { userId: string; conversationId: string; taskType: string; request: TripRequest },
): Promise<AgentSession> {
  const now = rt.now();
  const session = await rt.repos.sessions.create(
    AgentSession.parse({
      id: newId('session'),
      conversationId: input.conversationId,
      userId: input.userId,
      activeAgents: [...INITIAL_AGENTS],
      status: 'processing',
      currentTask: input.taskType,
      taskProgress: Object.fromEntries(PROGRESS_TASKS.map((t) => [t, 0])),
      sharedContext: initialContext({
        taskType: input.taskType,
        tripRequest: toWire(TripRequest, input.request),
        estimatedCompletion: new Date(now.getTime() + ESTIMATE_MS).toISOString(),
      }),
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    }),
  );
  // A back-reference only: the session stands on its own if this fails.
  await rt.repos.conversations
    .update(input.userId, input.conversationId, { agentSessionId: session.id })
    .catch((err: unknown) =>
      rt.logger.warn('could not link session to conversation', { error: String(err) }),
    );
  if (rt.planTripStarter) {
    // The state machine's tasks update progress and status; the session id names the execution,
    // so a retried request does not start a second one.
    await rt.planTripStarter.start({
      runId: session.id,
      sessionId: session.id,
      userId: input.userId,
      request: input.request,
    });
    return session;
  }
  const controller = new AbortController();
  const work = runPlanning(rt, session, input.request, controller.signal).finally(() =>
    inProcessRuns.delete(session.id),
  );
  inProcessRuns.set(session.id, { controller, done: work });
  if (rt.awaitInProcessPlanning) {
    await work;
    return (await rt.repos.sessions.get(input.userId, session.id)) ?? session;
  }
  void work;
  return session;
}

/** In-process planner runs of this process by session id, so a cancellation can abort them. */
const inProcessRuns = new Map<string, { controller: AbortController; done: Promise<void> }>();

/** The in-process planner run of a session while it runs (tests wait on it); else undefined. */
export function inProcessPlanningRun(sessionId: string): Promise<void> | undefined {
  return inProcessRuns.get(sessionId)?.done;
}

/**
 * Cancels the caller's session and stops its run (see the module comment). Cancelling a cancelled
 * session answers it again (and retries the stop); a completed or failed one is a CONFLICT.
 */
export async function cancelPlanningSession(
  rt: ApiRuntime,
  userId: string,
  sessionId: string,
): Promise<AgentSession> {
  let session: AgentSession;
  try {
    session = await rt.repos.sessions.cancel(userId, sessionId);
  } catch (err) {
    if (err instanceof ConflictError) {
      const failed = err.context['status'] === 'failed';
      throw new ConflictError('Session has ended', {
        details: err.details,
        context: err.context,
        text: failed
          ? {
              zh: '规划任务已失败结束，无法取消',
              en: 'The planning session has already failed; it cannot be cancelled',
            }
          : {
              zh: '规划任务已完成，无法取消',
              en: 'The planning session has already completed; it cannot be cancelled',
            },
      });
    }
    throw err;
  }
  inProcessRuns.get(sessionId)?.controller.abort(new Error(`session ${sessionId} cancelled`));
  // The run stops without ending the session itself (its notify never comes): report it here.
  await agentStatusOf(rt).sessionEnded(userId, sessionId, 'cancelled');
  if (rt.planTripStarter) {
    try {
      // The session id names the execution (see startPlanningSession).
      await rt.planTripStarter.stop(sessionId);
    } catch (err) {
      // The session is cancelled already and the run's writes are ignored; a retry stops it again.
      throw new DependencyFailedError('Could not stop the planning execution', {
        cause: err,
        context: { sessionId },
      });
    }
  }
  return session;
}

/** `agent_status` frames through the runtime's WebSocket publisher; failures are logged only. */
function agentStatusOf(rt: ApiRuntime): AgentStatusPublisher {
  return new AgentStatusPublisher(rt.realtime, (err, update) =>
    rt.logger.warn('agent_status push failed', {
      sessionId: update.sessionId,
      agentType: update.agentType,
      error: String(err),
    }),
  );
}

/**
 * Runs the planner for a session and records the outcome. Never throws. An aborted `signal`
 * (the session was cancelled) ends it without writing anything more. Each agent's completion and
 * the session's end are pushed as `agent_status` frames, each after its write.
 */
export async function runPlanning(
  rt: ApiRuntime,
  session: AgentSession,
  request: TripRequest,
  signal?: AbortSignal,
): Promise<void> {
  const id = session.id;
  const agentStatus = agentStatusOf(rt);
  const active = new Set(session.activeAgents);
  let chain: Promise<unknown> = Promise.resolve();
  // Progress reports arrive synchronously from the planner; the writes run in order behind it.
  const enqueue = (write: () => Promise<unknown>) => {
    chain = chain.then(write).catch((err: unknown) => {
      // CONFLICT: the session was cancelled meanwhile; its progress no longer changes.
      if (!(err instanceof ConflictError)) {
        rt.logger.warn('session progress write failed', { sessionId: id, error: String(err) });
      }
    });
  };
  const finish = (fields: Parameters<ApiRuntime['repos']['sessions']['update']>[1]) =>
    rt.repos.sessions.update(id, fields);
  try {
    const outcome: PlanOutcome = await planTrip(request, {
      providers: rt.providers,
      userId: session.userId,
      sessionId: id,
      now: rt.now,
      ...(signal ? { signal } : {}),
      onProgress: (task, progress, summary) => {
        // One write per report: the progress and, when an agent finishes, the agents still active.
        const agent = agentOfTask(task);
        const remaining = progress >= 100 && agent && active.delete(agent) ? [...active] : undefined;
        enqueue(async () => {
          const written = await rt.repos.sessions.setProgress(id, task, progress, remaining);
          // Not written: the session has ended (cancelled): no frame after its end.
          if (written && !signal?.aborted) {
            await agentStatus.taskProgress(session.userId, id, task, progress, summary);
          }
        });
      },
    });
    await chain;
    // Cancelled meanwhile (the signal in this process, the stored status from another): no plan.
    const cancelled = async () =>
      signal?.aborted || (await rt.repos.sessions.get(session.userId, id))?.status === 'cancelled';
    if (await cancelled()) {
      rt.logger.info('planning session cancelled; outcome discarded', { sessionId: id });
      return;
    }
    await rt.repos.sessions.addInteractions(outcome.interactions.slice(0, MAX_INTERACTIONS));
    if (signal?.aborted) {
      rt.logger.info('planning session cancelled; outcome discarded', { sessionId: id });
      return;
    }
    if (outcome.plan) {
      const plan = await rt.repos.plans.create({
        ...outcome.plan,
        userId: session.userId,
        status: 'planning',
      });
      await rt.repos.conversations
        .update(session.userId, session.conversationId, { travelPlanId: plan.id })
        .catch((err: unknown) =>
          rt.logger.warn('could not link plan to conversation', { error: String(err) }),
        );
      // Completion is the last write: a client that sees `completed` sees everything else too.
      try {
        await finish(
          completedUpdate(session, {
            runId: id,
            planId: plan.id,
            warnings: plan.warnings.map((w) => w.code),
            at: rt.now(),
          }),
        );
      } catch (err) {
        // Cancelled between the check above and now: the plan belongs to no session; remove it.
        if (err instanceof ConflictError) {
          await rt.repos.plans
            .delete(session.userId, plan.id)
            .catch((e: unknown) =>
              rt.logger.warn('could not remove plan of cancelled session', { error: String(e) }),
            );
        }
        throw err;
      }
      await agentStatus.sessionEnded(
        session.userId,
        id,
        'completed',
        sessionOutcomeSummary({ planId: plan.id, warnings: plan.warnings.map((w) => w.code) }),
      );
    } else {
      const f = outcome.failure!;
      await finish(
        failedUpdate(session, {
          runId: id,
          failure: { code: f.code, message: f.message, messageZh: f.messageZh },
          at: rt.now(),
        }),
      );
      await agentStatus.sessionEnded(session.userId, id, 'failed', sessionOutcomeSummary({ failure: f }));
    }
  } catch (err) {
    if (signal?.aborted) {
      await chain;
      rt.logger.info('planning session cancelled', { sessionId: id });
      return;
    }
    if (err instanceof ConflictError) {
      // The session ended meanwhile (cancelled): the ended session is left as it is.
      rt.logger.info('planning session ended before the planner', { sessionId: id });
      return;
    }
    rt.logger.error('planning session failed', {
      sessionId: id,
      error: String((err as Error)?.stack ?? err),
    });
    await chain;
    const failure = PROCESSING_FAILURE;
    await finish(failedUpdate(session, { runId: id, failure, at: rt.now() })).then(
      () => agentStatus.sessionEnded(session.userId, id, 'failed', sessionOutcomeSummary({ failure })),
      (e: unknown) => rt.logger.error('could not mark session failed', { sessionId: id, error: String(e) }),
    );
  }
}

/** The seed's status shape (plus plan_id when done and error when failed). */
export function sessionStatusView(s: AgentSession, lang: Lang): SessionStatusView {
  const p = (task: string) => (s.status === 'completed' ? 100 : (s.taskProgress[task] ?? 0));
  const parts = PROGRESS_TASKS.map(p);
  const ctx = sessionContextOf(s);
  return {
    sessionId: s.id,
    status: s.status,
    progress: {
      overall: Math.round(parts.reduce((a, b) => a + b, 0) / parts.length),
      flightSearch: parts[0]!,
      hotelSearch: parts[1]!,
      itineraryPlanning: parts[2]!,
      budgetOptimization: parts[3]!,
    },
    activeAgents: s.activeAgents,
    estimatedCompletion:
      s.status === 'completed'
        ? (ctx.completedAt ?? s.updatedAt)
        : s.status === 'failed' || s.status === 'cancelled'
          ? null
          : (ctx.estimatedCompletion ?? null),
    currentTask: s.currentTask ?? null,
    conversationId: s.conversationId,
    planId: ctx.planId ?? null,
    cancelledAt: s.status === 'cancelled' ? (ctx.cancelledAt ?? null) : null,
    error:
      s.status === 'failed' && ctx.failure
        ? {
            code: ctx.failure.code || 'PROCESSING_FAILED',
            message: (lang === 'zh' ? ctx.failure.messageZh : ctx.failure.message) || ctx.failure.message,
          }
        : null,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

/** An in-process run not heard from for this long died with its process (planning takes seconds). */
export const STALE_SESSION_MS = 120_000;

/**
 * The session as the status route reports it. In-process planning lives and dies with its process:
 * after a restart of `npm start` (or a Lambda timeout) its session would say `processing` forever.
 * A session of the in-process planner that no run in this process owns and that has not been
 * updated for {@link STALE_SESSION_MS} is therefore marked failed (PLANNING_INTERRUPTED). The
 * update is conditional on the session not having ended, so a run that finishes meanwhile wins.
 * Step Functions runs are left alone: their executions outlive any one process.
 */
export async function currentSession(
  rt: ApiRuntime,
  userId: string,
  sessionId: string,
): Promise<AgentSession | null> {
  const session = await rt.repos.sessions.get(userId, sessionId);
  if (!session || rt.planTripStarter || inProcessRuns.has(sessionId)) return session;
  if (session.status !== 'processing' && session.status !== 'pending') return session;
  if (rt.now().getTime() - Date.parse(session.updatedAt) < STALE_SESSION_MS) return session;
  try {
    const failed = await rt.repos.sessions.update(
      sessionId,
      failedUpdate(session, { failure: interruptedFailure({ restart: true }), at: rt.now() }),
    );
    rt.logger.warn('stale planning session marked failed', { sessionId });
    return failed;
  } catch (err) {
    if (err instanceof ConflictError) return (await rt.repos.sessions.get(userId, sessionId)) ?? session;
    throw err;
  }
}
