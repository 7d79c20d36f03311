/**
 * The conversation's own tools — `plan_trip`, `apply_plan_edit`, `undo_plan_edit` — defined with
 * the shared tool definition type (agents/llm/tools.ts) and registered in the same registry as the
 * travel tools, so the chat's LLM sees one set of zod schemas. They act on the conversation's
 * current plan (held in {@link ConversationSession}, which the turn shares with them), store every
 * edit as a new version with the repository's optimistic check, and keep the version an edit
 * replaced as a revision so "undo" can restore it.
 */
import { z } from 'zod';
import { ConflictError, NotFoundError } from '../errors.js';
import { defineTool, type ToolDefinition } from '../llm/tools.js';
import type { PlanOutcome } from '../planning/types.js';
import type { Providers } from '../ports/providers.js';
import type { PlanRepository } from '../ports/repositories.js';
import type { JsonObject } from '../schemas/common.js';
import { TravelPlan } from '../schemas/travel-plan.js';
import { TripRequest } from '../schemas/trip-request.js';
import { editPlan, requestFromPlan } from './apply-edit.js';
import { EditOp } from './edit-ops.js';
import { diffPlans, diffToWire } from './plan-diff.js';

/** A stored earlier version of a plan, with the request it answered. */
export interface PlanRevision {
  plan: TravelPlan;
  request: TripRequest | null;
}

/** Earlier versions of plans (what undo restores). */
export interface PlanRevisionStore {
  put(userId: string, planId: string, version: number, revision: PlanRevision): Promise<void>;
  get(userId: string, planId: string, version: number): Promise<PlanRevision | null>;
}

/** The conversation's current plan and request, shared by the turn and these tools. */
export interface ConversationSession {
  userId: string;
  conversationId: string;
  planId: string | null;
  request: TripRequest | null;
}

export interface ConversationToolPorts {
  session: ConversationSession;
  plans: Pick<PlanRepository, 'get' | 'save'>;
  revisions: PlanRevisionStore;
  providers: Providers;
  now: () => Date;
  /** Plans a trip for the conversation and stores the plan (agent_status frames on the way). */
  planTrip(request: TripRequest): Promise<{ plan: TravelPlan | null; failure: PlanOutcome['failure'] }>;
  /** The planner's public entry point, for request-level edits (no session, no storing). */
  replan(request: TripRequest): Promise<PlanOutcome>;
}

/** Names of the conversation tools. */
export const CONVERSATION_TOOL_NAMES = ['plan_trip', 'apply_plan_edit', 'undo_plan_edit'] as const;

async function currentPlan(ports: ConversationToolPorts): Promise<TravelPlan> {
  const id = ports.session.planId;
  const plan = id ? await ports.plans.get(ports.session.userId, id) : null;
  if (!plan)
    throw new NotFoundError('No plan in this conversation', {
      text: { zh: '这个对话还没有行程', en: 'This conversation has no plan yet' },
    });
  return plan;
}

/** The three conversation tools over the ports. */
export function createConversationTools(ports: ConversationToolPorts): ToolDefinition[] {
  const planTrip = defineTool({
    name: 'plan_trip',
    description:
      'Plan the whole trip for this conversation from a complete trip request (origin, destinations, dates or days, party, budget) and make it the current plan. / 为当前对话规划完整行程。',
    input: z.object({ request: TripRequest }),
    async run(args) {
      const out = await ports.planTrip(args.request);
      if (!out.plan) return { planId: null, version: null, failure: out.failure };
      ports.session.planId = out.plan.id;
      ports.session.request = args.request;
      return { planId: out.plan.id, version: out.plan.version, title: out.plan.title, failure: null };
    },
  });

  const applyEdit = defineTool({
    name: 'apply_plan_edit',
    description:
      "Change the conversation's current plan with one typed edit (replace_hotel, add_place, remove_place, move_place, adjust_day, change_intercity_mode, change_dates, change_length, change_budget, change_party, change_meal, add_day_trip). Only what the edit touches changes; the result is verified and stored as a new version. / 修改当前行程（只改动涉及的部分）。",
    input: z.object({ op: EditOp }),
    async run(args) {
      const plan = await currentPlan(ports);
      const request = ports.session.request ?? requestFromPlan(plan);
      const result = await editPlan(plan, args.op, {
        providers: ports.providers,
        request,
        now: ports.now,
        plan: ports.replan,
      });
      if (result.status !== 'applied') {
        const rejected = result.status === 'rejected' ? result : null;
        return {
          status: 'rejected' as const,
          constraint: rejected?.constraint ?? {
            code: 'UNSUPPORTED',
            text: { zh: '无法修改', en: 'Cannot change' },
          },
          relaxations: (rejected?.relaxations ?? []).map((r) => ({ text: r.text, op: r.op ?? null })),
        };
      }
      await ports.revisions.put(ports.session.userId, plan.id, plan.version, { plan, request });
      // The edited plan carries version + 1; the store checks the version it was based on.
      const saved = await ports.plans.save(
        ports.session.userId,
        { ...result.plan, version: plan.version },
        plan.version,
      );
      ports.session.request = result.request;
      return {
        status: 'applied' as const,
        version: saved.version,
        previousVersion: plan.version,
        summary: result.summary,
        diff: diffToWire({ ...result.diff, toVersion: saved.version }) as JsonObject,
        request: result.request as unknown as JsonObject,
        violations: result.violations.map((v) => ({
          code: v.code,
          severity: v.severity,
          message: v.message,
        })),
      };
    },
  });

  const undo = defineTool({
    name: 'undo_plan_edit',
    description:
      "Undo the last edit of the conversation's plan: restore the content of the given earlier version as a new version. / 撤销上一次修改。",
    input: z.object({ version: z.number().int().min(1) }),
    async run(args) {
      const plan = await currentPlan(ports);
      const revision = await ports.revisions.get(ports.session.userId, plan.id, args.version);
      if (!revision)
        throw new ConflictError('No such revision', {
          text: {
            zh: `找不到第${args.version}版行程`,
            en: `Version ${args.version} of the plan is not available`,
          },
        });
      const restored = TravelPlan.parse({
        ...revision.plan,
        version: plan.version,
        updatedAt: ports.now().toISOString(),
        shareToken: plan.shareToken ?? null,
        isPublic: plan.isPublic,
      });
      const saved = await ports.plans.save(ports.session.userId, restored, plan.version);
      if (revision.request) ports.session.request = revision.request;
      return {
        version: saved.version,
        restoredVersion: args.version,
        diff: diffToWire(diffPlans(plan, saved)) as JsonObject,
        request: (revision.request ?? null) as unknown as JsonObject | null,
      };
    },
  });
  return [planTrip, applyEdit, undo] as unknown as ToolDefinition[];
}
