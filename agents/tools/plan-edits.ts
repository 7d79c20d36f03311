/**
 * What `edit_plan` applies to a stored plan: a {@link PlanEditor} is a schema for one edit plus the
 * function applying it. There is ONE editor in the product: the typed `EditOp` union of the chat
 * agent (agents/conversation/edit-ops.ts, applied by agents/conversation/apply-edit.ts, wrapped as
 * a PlanEditor in agents/conversation/plan-editor.ts), which re-plans only what an edit touches,
 * verifies the result and diffs it. It plugs in through {@link TravelToolPorts.editor}; the tool
 * itself only loads, checks the version and stores.
 */
import { z } from 'zod';
import type { Providers } from '../ports/providers.js';
import type { TravelPlan } from '../schemas/travel-plan.js';

/** One change an edit made, item by item (a machine-readable diff). */
export const PlanChange = z.object({
  kind: z.enum(['added', 'removed', 'changed']),
  item: z.enum(['accommodation', 'activity', 'flight']),
  /** Id of the item (the new id for an added or replacing item). */
  itemId: z.string(),
  name: z.string(),
  dayNumber: z.number().int().nullable(),
  /** For a changed item: what it was (or the fields that changed). */
  before: z.string().nullable(),
});
export type PlanChange = z.infer<typeof PlanChange>;

/** What applying an edit gives: the edited plan (not stored yet) and what changed. */
export interface PlanEditResult {
  plan: TravelPlan;
  changes: PlanChange[];
  /** One or two sentences saying what changed, in both languages. */
  summary?: { zh: string; en: string };
}

export interface PlanEditContext {
  providers: Providers;
  now: () => Date;
  lang: 'zh' | 'en';
}

/** Applies edits of one schema. `op` is the schema of `edit_plan`'s `op` argument. */
export interface PlanEditor<Op = unknown> {
  op: z.ZodType<Op>;
  apply(plan: TravelPlan, op: Op, ctx: PlanEditContext): Promise<PlanEditResult>;
}
