/**
 * The product's one plan editor as the travel tools see it: the typed {@link EditOp} union applied
 * by {@link editPlan} (only what an op touches changes; request-level ops re-plan through the
 * planner; the verifier runs again; a refused edit names its binding constraint and the smallest
 * relaxations). MCP `edit_plan` (agents/tools/travel-tools.ts, through `ports.editor`), the chat's
 * `apply_plan_edit` and `PUT /v1/travel-plans/{id}/optimize` all go through {@link editPlan}.
 */
import { ValidationError } from '../errors.js';
import { planTrip } from '../planning/coordinator.js';
import type { PlanOutcome } from '../planning/types.js';
import type { TravelPlan } from '../schemas/travel-plan.js';
import type { TripRequest } from '../schemas/trip-request.js';
import type { PlanChange, PlanEditor } from '../tools/plan-edits.js';
import { editPlan, requestFromPlan, type RejectedEdit } from './apply-edit.js';
import { EditOp } from './edit-ops.js';
import type { PlanDiff } from './plan-diff.js';

type Lang = 'zh' | 'en';

/** A diff as the item-by-item change list of `edit_plan`. */
export function changesOfDiff(diff: PlanDiff): PlanChange[] {
  const day = (d: number | undefined) => d ?? null;
  return [
    ...diff.added.map((i) => ({
      kind: 'added' as const,
      item: i.kind,
      itemId: i.id,
      name: i.name,
      dayNumber: day(i.day),
      before: null,
    })),
    ...diff.removed.map((i) => ({
      kind: 'removed' as const,
      item: i.kind,
      itemId: i.id,
      name: i.name,
      dayNumber: day(i.day),
      before: null,
    })),
    ...diff.changed.map((i) => ({
      kind: 'changed' as const,
      item: i.kind,
      itemId: i.id,
      name: i.name,
      dayNumber: day(i.day),
      before: i.fromDay !== undefined ? `day ${i.fromDay}` : i.fields.join(', '),
    })),
  ];
}

/** A refused edit as a user-fault error: the binding constraint and the relaxations, bilingual. */
export function rejectionError(r: RejectedEdit): ValidationError {
  const options = (lang: Lang) =>
    r.relaxations.length === 0
      ? ''
      : lang === 'zh'
        ? `可以考虑：${r.relaxations.map((x) => x.text.zh).join('；或者')}。`
        : ` You could ${r.relaxations.map((x) => x.text.en).join('; or ')}.`;
  return new ValidationError(`Edit not possible: ${r.constraint.code}`, {
    details: [{ field: 'op', message: `${r.constraint.text.en} / ${r.constraint.text.zh}` }],
    text: {
      zh: `${r.constraint.text.zh}。${options('zh')}`,
      en: `${r.constraint.text.en}.${options('en')}`,
    },
    context: { constraint: r.constraint.code },
  });
}

export interface TypedPlanEditorOptions {
  /** The planner for request-level ops (default: planTrip over the context's providers). */
  plan?: (request: TripRequest, plan: TravelPlan) => Promise<PlanOutcome>;
}

/**
 * The EditOp editor. The result plan keeps the stored version (the repository's optimistic save
 * increments it).
 */
export function createTypedPlanEditor(options: TypedPlanEditorOptions = {}): PlanEditor<EditOp> {
  return {
    op: EditOp as unknown as PlanEditor<EditOp>['op'],
    async apply(plan, op, ctx) {
      const request = requestFromPlan(plan, ctx.lang);
      const result = await editPlan(plan, op, {
        providers: ctx.providers,
        request,
        now: ctx.now,
        plan: (r) =>
          options.plan
            ? options.plan(r, plan)
            : planTrip(r, { providers: ctx.providers, now: ctx.now, userId: plan.userId }),
      });
      if (result.status === 'rejected') throw rejectionError(result);
      if (result.status !== 'applied') throw new Error('edit did not finish');
      return {
        plan: { ...result.plan, version: plan.version },
        changes: changesOfDiff(result.diff),
        summary: result.summary,
      };
    },
  };
}
