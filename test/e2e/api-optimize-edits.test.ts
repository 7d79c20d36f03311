/**
 * PUT /v1/travel-plans/{id}/optimize on a plan that has days: the optimisation runs the chat's
 * typed edits (agents/conversation/optimize-plan.ts) and says what changed (diff and summary).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPlan,
  plannablePlanBody,
  registerUser,
  startApi,
  type TestApi,
  type TestUser,
} from './api-support.js';

let api: TestApi;
let alice: TestUser;

beforeAll(async () => {
  api = await startApi();
  alice = await registerUser(api, 'optimiser');
});
afterAll(async () => {
  await api?.close();
});

interface Stay {
  name: string;
  type: string;
  room_type: string;
  total_price: number;
  max_occupancy: number;
  rooms: number;
}

async function plannedPlan(body: Record<string, unknown> = {}) {
  const p = await createPlan(api, alice, plannablePlanBody(body));
  // The first /optimize of a plan without days lets the planner make them (comfort: a good hotel).
  const first = await api.call('PUT', `/v1/travel-plans/${p.id}/optimize`, {
    token: alice.token,
    body: { optimization_type: 'comfort' },
  });
  expect(first.status, JSON.stringify(first.body)).toBe(200);
  return first.body.data.plan as {
    id: string;
    version: number;
    accommodations: Stay[];
    itinerary: unknown[];
  };
}

describe('optimize with typed edits', () => {
  it('budget: a cheaper stay of the kind asked for that fits the party, money saved, what changed said', async () => {
    const plan = await plannedPlan();
    const before = plan.accommodations[0]!;
    const res = await api.call('PUT', `/v1/travel-plans/${plan.id}/optimize`, {
      token: alice.token,
      body: { optimization_type: 'budget', constraints: { preferences: { accommodation_type: 'hotel' } } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const { plan: after, optimization: o } = res.body.data;
    const stay = after.accommodations[0] as Stay;
    expect(stay.name).not.toBe(before.name);
    expect(stay.type).toBe('hotel');
    expect(stay.room_type).not.toBe('shared_room');
    expect(stay.total_price).toBeLessThan(before.total_price);
    expect(stay.rooms * stay.max_occupancy).toBeGreaterThanOrEqual(2);
    expect(o.savings).toBeGreaterThan(0);
    expect(o.previous_cost - o.new_cost).toBeCloseTo(o.savings, 1);
    // Same days, same places: only the stay (and the legs from it) changed.
    expect(after.itinerary.length).toBe(plan.itinerary.length);
    expect(o.diff.changed.some((c: { kind: string }) => c.kind === 'accommodation')).toBe(true);
    expect(o.diff.added.filter((c: { kind: string }) => c.kind === 'activity')).toEqual([]);
    expect(o.diff.removed.filter((c: { kind: string }) => c.kind === 'activity')).toEqual([]);
    expect(o.diff.budget.delta).toBeLessThan(0);
    expect(o.summary.en).toContain(stay.name);
    expect(o.summary.en).toMatch(/saving/);
    expect(o.summary.zh).toMatch(/省/);
    expect(after.version).toBe(plan.version + 1);
  });

  it('a hostel is replaced by a hotel when the body asks for a hotel', async () => {
    const plan = await plannedPlan();
    // Budget with hostel first: dorm beds.
    const hostel = await api.call('PUT', `/v1/travel-plans/${plan.id}/optimize`, {
      token: alice.token,
      body: { optimization_type: 'budget', constraints: { preferences: { accommodation_type: 'hostel' } } },
    });
    expect(hostel.status, JSON.stringify(hostel.body)).toBe(200);
    const h = hostel.body.data.plan;
    expect(h.accommodations[0].type).toBe('hostel');
    const hotel = await api.call('PUT', `/v1/travel-plans/${plan.id}/optimize`, {
      token: alice.token,
      body: { optimization_type: 'budget', constraints: { preferences: { accommodation_type: 'hotel' } } },
    });
    expect(hotel.status, JSON.stringify(hotel.body)).toBe(200);
    expect(hotel.body.data.plan.accommodations[0].type).toBe('hotel');
    expect(hotel.body.data.optimization.summary.zh).toMatch(/住宿换成了/);
  });

  it('must_include adds the place on a day with room, and a cap is kept as the plan budget', async () => {
    // Five days: room for one more sight beside the headline ones.
    const plan = await plannedPlan({
      destinations: [{ name: '北京', arrival_date: '2027-05-10', departure_date: '2027-05-14' }],
      end_date: '2027-05-14',
    });
    const res = await api.call('PUT', `/v1/travel-plans/${plan.id}/optimize`, {
      token: alice.token,
      body: { optimization_type: 'budget', constraints: { max_budget: 14000, must_include: ['北海公园'] } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const after = res.body.data.plan;
    expect(after.total_budget).toBe(14000);
    const names = after.itinerary.flatMap((d: { activities: { name: string }[] }) =>
      d.activities.map((a) => a.name),
    );
    expect(
      names.some((n: string) => n.includes('北海')),
      JSON.stringify(names),
    ).toBe(true);
  });

  it('a must_include with no room is said in the warnings, not dropped silently', async () => {
    const plan = await plannedPlan();
    const res = await api.call('PUT', `/v1/travel-plans/${plan.id}/optimize`, {
      token: alice.token,
      body: {
        optimization_type: 'budget',
        constraints: { must_include: ['颐和园', '天坛', '北海公园', '798艺术区'] },
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const names: string[] = res.body.data.plan.itinerary.flatMap((d: { activities: { name: string }[] }) =>
      d.activities.map((a) => a.name),
    );
    const missing = ['颐和园', '天坛', '北海', '798'].filter((p) => !names.some((n) => n.includes(p)));
    const notApplied = res.body.data.optimization.warnings.filter(
      (w: { code: string }) => w.code === 'EDIT_NOT_APPLIED',
    );
    // Four extra sights do not fit a three-day plan: each one left out is reported.
    expect(missing.length).toBeGreaterThan(0);
    expect(notApplied.length).toBe(missing.length);
    for (const w of notApplied) expect(w.message_zh).toBeTruthy();
  });
});
