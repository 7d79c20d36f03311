/**
 * `npm run plan` end to end: a real process, the real parser, planner and offline data.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function runPlan(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'local/plan-cli.ts', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('plan CLI', () => {
  it('plans a Chinese request and prints days, meals, stays and the budget table', () => {
    const r = runPlan('我们两个人从上海出发去北京玩3天，预算1万元', '--today', '2026-11-26');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('第1天');
    expect(r.out).toContain('第3天');
    expect(r.out).toMatch(/午餐|晚餐/);
    expect(r.out).toContain('住宿');
    expect(r.out).toMatch(/合计\s+[\d,]+ CNY\s+\/ 10,000 CNY/);
  });

  it('prints the plan JSON in wire form with --json, and English with --lang en', () => {
    // A far-off --today: the plan's default start follows it, not the machine's date.
    const json = runPlan('from Shanghai to Hangzhou for 2 days, 2 people', '--json', '--today', '2031-03-01');
    expect(json.code, json.err).toBe(0);
    const plan = JSON.parse(json.out) as Record<string, unknown>;
    expect(String(plan['start_date']) > '2031-03-01').toBe(true);
    expect(plan['traveler_count']).toBe(2);
    expect(Array.isArray(plan['itinerary'])).toBe(true);
    expect(plan).toHaveProperty('budget_breakdown.total_budget');
    const en = runPlan('我们两个人从上海出发去杭州玩2天', '--lang', 'en', '--today', '2026-11-26');
    expect(en.out).toContain('Day 1');
  });

  it('asks for what is missing instead of planning, with exit code 3', () => {
    const r = runPlan('我想去巴黎', '--today', '2026-11-26');
    expect(r.code).toBe(3);
    expect(r.out).toContain('从哪里出发');
    const bad = runPlan();
    expect(bad.code).toBe(2);
  });
});
