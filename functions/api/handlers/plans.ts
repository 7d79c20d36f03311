/**
 * The plans function: create, list, read, update (optimistic versioning), delete, optimise
 * (re-plan with the planner under new constraints), share, and the public shared view.
 * Every id-bearing operation goes through the repository's ownership check: another user's plan
 * behaves exactly like a missing one (404).
 */
import { requestFromPlan } from '../../../agents/conversation/apply-edit.js';
import { optimizeByEdits } from '../../../agents/conversation/optimize-plan.js';
import { diffPlans, diffToWire } from '../../../agents/conversation/plan-diff.js';
import { describeChanges, optimizedRequest } from '../../../agents/planning/optimize.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../agents/errors.js';
import { costPlan } from '../../../agents/planning/budget-agent.js';
import { planTrip } from '../../../agents/planning/coordinator.js';
import type { TravelPlan } from '../../../agents/schemas/travel-plan.js';
import { TripRequest } from '../../../agents/schemas/trip-request.js';
import { parseDomain } from '../../../agents/schemas/wire.js';
import { createFunctionHandler } from '../http.js';
import type { OptimizationResult, OptimizePlanBody } from '../route-schemas.js';
import type { ApiRuntime } from '../runtime.js';
import { assertKnownCurrency, callerId, say } from '../services/common.js';
import { pageByNumber, pagination } from '../services/paging.js';
import {
  FROZEN_STATUSES,
  applyUpdate,
  enqueueBookingFollowUp,
  mergeOptimized,
  newPlan,
  newShareToken,
  optimizationRequest,
  planSummary,
  planningFailure,
  resolveDestinations,
  shareUrl,
  sharedView,
} from '../services/plans.js';
import { planCost } from '../services/profile.js';

/** Longest trip /optimize re-plans (a generated plan must stay well inside DynamoDB's 400 KB item limit). */
const MAX_REPLAN_DAYS = 30;

const MODE_OF_PREFERENCE = {
  public: 'train',
  train: 'train',
  flight: 'flight',
  driving: 'self_driving',
  taxi: 'taxi',
} as const;

/** /optimize on a plan with days: the chat's typed edits (agents/conversation/optimize-plan.ts). */
async function optimizeWithEdits(
  rt: ApiRuntime,
  body: OptimizePlanBody,
  current: TravelPlan,
  origin: string,
  lang: 'zh' | 'en',
) {
  const userId = current.userId;
  const base = requestFromPlan({ ...current, origin }, lang);
  const pref = body.constraints.preferences;
  const out = await optimizeByEdits(
    current,
    {
      type: body.optimizationType,
      maxBudget: body.constraints.maxBudget ?? null,
      mustInclude: body.constraints.mustInclude,
      accommodationType: pref.accommodationType ?? null,
      mode:
        pref.transportPreference && pref.transportPreference !== 'any'
          ? MODE_OF_PREFERENCE[pref.transportPreference]
          : null,
    },
    {
      providers: rt.providers,
      request: base,
      now: rt.now,
      plan: (request) => planTrip(request, { providers: rt.providers, userId, now: rt.now }),
    },
  );
  const saved = await rt.repos.plans.save(
    userId,
    { ...out.plan, version: current.version, status: 'planning', confirmedAt: null },
    current.version,
  );
  const result: OptimizationResult = {
    plan: saved,
    optimization: {
      type: body.optimizationType,
      previousVersion: current.version,
      previousCost: out.costBefore,
      newCost: costPlan(saved).total,
      currency: saved.currency,
      savings: Math.round((out.costBefore - costPlan(saved).total) * 100) / 100,
      // What was asked and could not be done (a place with no room, a stay that would not fit) is
      // said, not dropped.
      warnings: [
        ...saved.warnings,
        ...out.steps
          .filter((st) => st.status === 'rejected')
          .map((st) => ({ code: 'EDIT_NOT_APPLIED', message: st.text.en, messageZh: st.text.zh })),
      ],
      changes: describeChanges(current, saved),
      diff: diffToWire({
        ...out.diff,
        toVersion: saved.version,
      }) as OptimizationResult['optimization']['diff'],
      summary: out.summary,
    },
  };
  return {
    data: result,
    message: say(lang, `计划已优化：${out.summary.zh}`, `Plan optimised: ${out.summary.en}`),
  };
}

async function ownPlan(rt: ApiRuntime, userId: string, planId: string): Promise<TravelPlan> {
  const plan = await rt.repos.plans.get(userId, planId);
  if (!plan) throw new NotFoundError('Plan not found', { context: { planId } });
  return plan;
}

export const handler = createFunctionHandler('plans', {
  createPlan: async (req, rt) => {
    const userId = callerId(req);
    assertKnownCurrency(rt.providers.rates, req.body.currency, 'currency');
    const destinations = await resolveDestinations(rt.providers.geo, req.body.destinations);
    const plan = newPlan(userId, req.body, destinations, rt.now().toISOString(), req.lang);
    return { data: await rt.repos.plans.create(plan) };
  },

  listPlans: async (req, rt) => {
    const userId = callerId(req);
    const q = req.query;
    const [sortBy, order] = q.sort.startsWith('created_at')
      ? (['created_at', q.sort.endsWith('asc') ? 'asc' : 'desc'] as const)
      : (['updated_at', q.sort.endsWith('asc') ? 'asc' : 'desc'] as const);
    const [page, total] = await Promise.all([
      pageByNumber(
        (cursor) =>
          rt.repos.plans.listSummaries({ userId, sortBy, order, status: q.status, limit: q.limit, cursor }),
        q.page,
        q.cursor,
      ),
      rt.repos.plans.count(userId, q.status),
    ]);
    // The count may be a moment old (data/plan-count-cache.ts): never below what this page shows,
    // and exact when the first page holds everything.
    // (With a cursor the page number does not say where the page is.)
    const byNumber = q.cursor === undefined;
    const seen = byNumber ? (q.page - 1) * q.limit + page.items.length : page.items.length;
    const consistentTotal =
      byNumber && q.page === 1 && !page.nextCursor ? page.items.length : Math.max(total, seen);
    return {
      data: {
        plans: page.items.map(planSummary),
        pagination: pagination(q.page, q.limit, consistentTotal, page),
        nextCursor: page.nextCursor,
      },
    };
  },

  getPlan: async (req, rt) => ({ data: await ownPlan(rt, callerId(req), req.params.id) }),

  updatePlan: async (req, rt) => {
    const userId = callerId(req);
    const current = await ownPlan(rt, userId, req.params.id);
    const destinations = req.body.destinations
      ? await resolveDestinations(rt.providers.geo, req.body.destinations)
      : undefined;
    const next = applyUpdate(current, req.body, destinations, rt.now().toISOString(), req.lang);
    // CONFLICT (naming the current version) when the plan is no longer at the version the client read.
    const saved = await rt.repos.plans.save(userId, next, req.body.version);
    if (saved.status === 'confirmed' && current.status !== 'confirmed') {
      // The confirmation is stored either way; only the follow-up e-mail may be missing (see there).
      const message = (await enqueueBookingFollowUp(rt, saved))
        ? say(req.lang, '计划已确认', 'Plan confirmed')
        : say(
            req.lang,
            '计划已确认，但预订跟进邮件未能安排',
            'Plan confirmed, but the booking follow-up e-mail could not be scheduled',
          );
      return { data: saved, message };
    }
    return { data: saved, message: say(req.lang, '计划已更新', 'Plan updated') };
  },

  deletePlan: async (req, rt) => {
    const userId = callerId(req);
    const plan = await ownPlan(rt, userId, req.params.id);
    await rt.repos.plans.delete(userId, plan.id, req.query.version);
    // The link would no longer resolve anyway (the plan is gone); this tidies its lookup item.
    if (plan.shareToken) await rt.repos.plans.deleteShareLink(plan.shareToken);
    return { data: { id: plan.id, deleted: true }, message: say(req.lang, '计划已删除', 'Plan deleted') };
  },

  optimizePlan: async (req, rt) => {
    const userId = callerId(req);
    const current = await ownPlan(rt, userId, req.params.id);
    const expected = req.body.version ?? current.version;
    if (expected !== current.version) {
      throw new ConflictError('Plan was modified', {
        details: [
          {
            field: 'version',
            message: `expected version ${expected} but the plan is at version ${current.version}`,
          },
        ],
        context: { currentVersion: current.version },
      });
    }
    if (FROZEN_STATUSES.has(current.status)) {
      throw new ConflictError('Plan cannot be re-planned', {
        details: [{ field: 'status', message: `a ${current.status} plan cannot be re-planned` }],
      });
    }
    const origin = req.body.origin ?? current.origin;
    if (!origin) {
      throw new ValidationError('Origin needed', {
        details: [
          { field: 'origin', message: 'the plan has no origin: give the departure city / 请提供出发城市' },
        ],
      });
    }
    const days = (Date.parse(current.endDate) - Date.parse(current.startDate)) / 86_400_000 + 1;
    if (days > MAX_REPLAN_DAYS) {
      throw new ValidationError('Trip too long to re-plan', {
        details: [
          { field: 'end_date', message: `re-planning covers trips of up to ${MAX_REPLAN_DAYS} days` },
        ],
      });
    }
    const previousCost = planCost(current);
    if (current.itinerary.length > 0 && current.accommodations.length > 0) {
      return optimizeWithEdits(rt, req.body, current, origin, req.lang);
    }
    // A plan with no days yet: the planner makes them. The planner's optimisation edit: cheaper than now for `budget`, the kind of stay kept.
    const request = parseDomain(
      TripRequest,
      optimizedRequest(optimizationRequest(current, req.body, origin, previousCost, req.lang), previousCost, {
        type: req.body.optimizationType,
        accommodationType: req.body.constraints.preferences.accommodationType,
      }),
      req.lang,
    );
    const outcome = await planTrip(request, { providers: rt.providers, userId, now: rt.now });
    if (!outcome.plan) throw planningFailure(outcome.failure!, origin);
    const saved = await rt.repos.plans.save(
      userId,
      mergeOptimized(current, outcome.plan, req.body),
      expected,
    );
    const newCost = costPlan(saved).total;
    const result: OptimizationResult = {
      plan: saved,
      optimization: {
        type: req.body.optimizationType,
        previousVersion: current.version,
        previousCost: previousCost ?? 0,
        newCost,
        currency: saved.currency,
        savings: Math.round(((previousCost ?? newCost) - newCost) * 100) / 100,
        warnings: saved.warnings,
        changes: describeChanges(current, saved),
        diff: diffToWire(diffPlans(current, saved)) as OptimizationResult['optimization']['diff'],
        summary: null,
      },
    };
    return { data: result, message: say(req.lang, '计划已重新规划', 'Plan re-planned') };
  },

  sharePlan: async (req, rt) => {
    const userId = callerId(req);
    const plan = await rt.repos.plans.share(userId, req.params.id, newShareToken());
    const token = plan.shareToken!;
    return {
      data: {
        planId: plan.id,
        shareToken: token,
        shareUrl: shareUrl(req, token, rt.config.PUBLIC_BASE_URL),
        version: plan.version,
      },
      message: say(req.lang, '分享链接已生成（只读）', 'Read-only share link created'),
    };
  },

  getSharedPlan: async (req, rt) => {
    const plan = await rt.repos.plans.getByShareToken(req.params.token);
    if (!plan) throw new NotFoundError('Share link not found');
    return { data: sharedView(plan) };
  },
});
