/** The budget loop's shared decision (agents/planning/budget-loop.ts). */
import { describe, expect, it } from 'vitest';
import { budgetStep, type LevelTotal } from '../../agents/planning/budget-loop.js';

/** Runs the loop over the totals of each level, as both runners do; returns the kept level. */
function run(budget: number | null, totals: number[]): { kept: LevelTotal; built: number } {
  let cheapest: LevelTotal | null = null;
  for (const [level, total] of totals.entries()) {
    const step = budgetStep(budget, { level, total }, cheapest, totals.length);
    cheapest = step.cheapest;
    if (step.last) return { kept: step.kept!, built: level + 1 };
    expect(step.kept).toBeNull();
  }
  throw new Error('the loop did not end');
}

describe('budgetStep', () => {
  it('keeps the first level that fits and builds no further', () => {
    expect(run(900, [1200, 1000, 850, 700])).toEqual({ kept: { level: 2, total: 850 }, built: 3 });
    expect(run(null, [1200, 1000])).toEqual({ kept: { level: 0, total: 1200 }, built: 1 });
    expect(run(1200, [1200, 1000])).toEqual({ kept: { level: 0, total: 1200 }, built: 1 });
  });

  it('keeps the cheapest built level when none fits, the earliest on a tie', () => {
    expect(run(100, [1200, 900, 950, 1000])).toEqual({ kept: { level: 1, total: 900 }, built: 4 });
    expect(run(100, [1200, 900, 900])).toEqual({ kept: { level: 1, total: 900 }, built: 3 });
    expect(run(100, [800, 900, 1000])).toEqual({ kept: { level: 0, total: 800 }, built: 3 });
  });

  it('keeps a level marked only-if-it-fits only when it fits', () => {
    const dormOver = budgetStep(500, { level: 2, total: 520, onlyIfFits: true }, { level: 1, total: 600 }, 3);
    expect(dormOver.kept).toEqual({ level: 1, total: 600 });
    const dormFits = budgetStep(550, { level: 2, total: 520, onlyIfFits: true }, { level: 1, total: 600 }, 3);
    expect(dormFits.kept).toMatchObject({ level: 2, total: 520 });
  });

  it('reports whether the current level fits', () => {
    expect(budgetStep(500, { level: 0, total: 600 }, null, 3)).toMatchObject({
      withinBudget: false,
      last: false,
    });
    expect(budgetStep(500, { level: 2, total: 600 }, { level: 1, total: 550 }, 3)).toEqual({
      withinBudget: false,
      last: true,
      cheapest: { level: 1, total: 550 },
      kept: { level: 1, total: 550 },
    });
  });
});
