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
 */
import { ValidationError } from '../../../agents/errors.js';
import { newId } from '../../../agents/ids.js';
import { planTrip } from '../../../agents/planning/coordinator.js';
import type { PlanOutcome } from '../../../agents/planning/types.js';
import { AgentSession, type AgentType } from '../../../agents/schemas/agent.js';
import { TripRequest, type TripRequestInput } from '../../../agents/schemas/trip-request.js';
import { issuesToDetails, toWire, type Lang } from '../../../agents/schemas/wire.js';
import type { CreateSessionBody, SessionStatusView } from '../route-schemas.js';
import type { ApiRuntime } from '../runtime.js';

/** The seed's progress keys, in the order the planner completes them. */
export const PROGRESS_TASKS = [
  'flight_search',
  'hotel_search',
  'itinerary_planning',
  'budget_optimization',
] as const;

/** The agent whose work a progress report finishes. */
const AGENT_OF_TASK: Record<string, AgentType> = {
  flight_search: 'flight',
  hotel_search: 'hotel',
  itinerary_planning: 'itinerary',
  budget_optimization: 'budget',
  verification: 'coordinator',
};
const INITIAL_AGENTS: AgentType[] = ['coordinator', 'flight', 'hotel', 'itinerary', 'budget'];

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
      activeAgents: INITIAL_AGENTS,
      status: 'processing',
      currentTask: input.taskType,
      taskProgress: Object.fromEntries(PROGRESS_TASKS.map((t) => [t, 0])),
      sharedContext: {
        task_type: input.taskType,
        trip_request: toWire(TripRequest, input.request),
        estimated_completion: new Date(now.getTime() + ESTIMATE_MS).toISOString(),
      },
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
  const work = runPlanning(rt, session, input.request);
  if (process.env['AWS_LAMBDA_FUNCTION_NAME']) {
    await work;
    return (await rt.repos.sessions.get(input.userId, session.id)) ?? session;
  }
  void work;
  return session;
}

/** Runs the planner for a session and records the outcome. Never throws. */
export async function runPlanning(
  rt: ApiRuntime,
  session: AgentSession,
  request: TripRequest,
): Promise<void> {
  const id = session.id;
  const active = new Set(session.activeAgents);
  let chain: Promise<unknown> = Promise.resolve();
  // Progress reports arrive synchronously from the planner; the writes run in order behind it.
  const enqueue = (write: () => Promise<unknown>) => {
    chain = chain
      .then(write)
      .catch((err: unknown) =>
        rt.logger.warn('session progress write failed', { sessionId: id, error: String(err) }),
      );
  };
  const finish = (fields: Parameters<ApiRuntime['repos']['sessions']['update']>[1]) =>
    rt.repos.sessions.update(id, fields);
  try {
    const outcome: PlanOutcome = await planTrip(request, {
      providers: rt.providers,
      userId: session.userId,
      sessionId: id,
      now: rt.now,
      onProgress: (task, progress) => {
        enqueue(() => rt.repos.sessions.setProgress(id, task, progress));
        const agent = AGENT_OF_TASK[task];
        if (progress >= 100 && agent && active.delete(agent)) {
          const remaining = [...active];
          enqueue(() => rt.repos.sessions.update(id, { activeAgents: remaining }));
        }
      },
    });
    await chain;
    for (const ix of outcome.interactions.slice(0, MAX_INTERACTIONS)) {
      await rt.repos.sessions.addInteraction(ix);
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
      await finish({
        status: 'completed',
        activeAgents: [],
        sharedContext: {
          ...session.sharedContext,
          plan_id: plan.id,
          completed_at: rt.now().toISOString(),
          warnings: plan.warnings.map((w) => w.code),
        },
      });
    } else {
      const f = outcome.failure!;
      await finish({
        status: 'failed',
        activeAgents: [],
        sharedContext: {
          ...session.sharedContext,
          failure: { code: f.code, message: f.message, message_zh: f.messageZh },
          failed_at: rt.now().toISOString(),
        },
      });
    }
  } catch (err) {
    rt.logger.error('planning session failed', {
      sessionId: id,
      error: String((err as Error)?.stack ?? err),
    });
    await chain;
    await finish({
      status: 'failed',
      activeAgents: [],
      sharedContext: {
        ...session.sharedContext,
        failure: {
          code: 'PROCESSING_FAILED',
          message: 'Planning failed unexpectedly; please retry.',
          message_zh: '规划失败，请稍后重试。',
        },
        failed_at: rt.now().toISOString(),
      },
    }).catch((e: unknown) =>
      rt.logger.error('could not mark session failed', { sessionId: id, error: String(e) }),
    );
  }
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** The seed's status shape (plus plan_id when done and error when failed). */
export function sessionStatusView(s: AgentSession, lang: Lang): SessionStatusView {
  const p = (task: string) => (s.status === 'completed' ? 100 : (s.taskProgress[task] ?? 0));
  const parts = PROGRESS_TASKS.map(p);
  const ctx = s.sharedContext;
  const failure = ctx['failure'] as Record<string, unknown> | undefined;
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
        ? (text(ctx['completed_at']) ?? s.updatedAt)
        : s.status === 'failed' || s.status === 'cancelled'
          ? null
          : text(ctx['estimated_completion']),
    currentTask: s.currentTask ?? null,
    conversationId: s.conversationId,
    planId: text(ctx['plan_id']),
    error:
      s.status === 'failed' && failure
        ? {
            code: text(failure['code']) ?? 'PROCESSING_FAILED',
            message: (lang === 'zh' ? text(failure['message_zh']) : null) ?? text(failure['message']) ?? '',
          }
        : null,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}
