/**
 * The budget loop's one decision, shared by both runners: the in-process coordinator
 * (coordinator.ts) and the PlanTrip state machine's buildPlan task
 * (functions/orchestration/tasks.ts). After the plan of one level of {@link BUDGET_LEVELS} is
 * built and costed, it says whether the plan fits, whether the loop ends here and which level's
 * plan is kept: the first that fits, else the cheapest built (the earliest one on a tie).
 */
import { BUDGET_LEVELS } from './budget-agent.js';

/** A built level (its index in {@link BUDGET_LEVELS}) and the total cost of its plan. */
export interface LevelTotal {
  level: number;
  total: number;
  /** This level's plan is kept only when it fits (dorm beds for a party: no use when over anyway). */
  onlyIfFits?: boolean;
}

/** What one step of the loop decides. */
export interface BudgetStep {
  /** The plan of this level fits the budget (or there is none). */
  withinBudget: boolean;
  /** No further level is built: this one fits, or it was the cheapest level. */
  last: boolean;
  /** The cheapest level built so far, this one included (the earliest on a tie). */
  cheapest: LevelTotal;
  /** When `last`: the level whose plan is kept; otherwise null. */
  kept: LevelTotal | null;
}

/**
 * Decides one step: `current` was just built; `cheapestSoFar` is the cheapest of the levels built
 * before it (null for the first); `levels` is how many levels there are.
 */
export function budgetStep(
  budget: number | null,
  current: LevelTotal,
  cheapestSoFar: LevelTotal | null,
  levels: number = BUDGET_LEVELS.length,
): BudgetStep {
  const withinBudget = budget === null || current.total <= budget;
  const counts = withinBudget || !current.onlyIfFits || !cheapestSoFar;
  const cheapest =
    !cheapestSoFar || (counts && current.total < cheapestSoFar.total) ? current : cheapestSoFar;
  const last = withinBudget || current.level + 1 >= levels;
  return { withinBudget, last, cheapest, kept: last ? (withinBudget ? current : cheapest) : null };
}
