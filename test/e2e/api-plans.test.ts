/**
 * Travel plans over real HTTP: create (the seed's body), list (status, page, limit, sort), read,
 * update with optimistic versioning, delete, optimise (re-plan with the planner) and share links.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPlan,
  diff,
  plannablePlanBody,
  registerUser,
  seedPlanBody,
  snapshot,
  startApi,
  type TestApi,
  type TestUser,
} from './api-support.js';

let api: TestApi;
let alice: TestUser;

beforeAll(async () => {
  api = await startApi();
  alice = await registerUser(api, 'alice');
});
afterAll(async () => {
  await api?.close();
});

const fields = (res: { body: { error: { details: { field: string }[] } } }) =>
  res.body.error.details.map((d) => d.field);

describe('POST /v1/travel-plans', () => {
  it("creates a drafting plan, version 1, from the seed's body", async () => {
    const res = await api.call('POST', '/v1/travel-plans', { token: alice.token, body: seedPlanBody() });
    expect(res.status).toBe(201);
    const p = res.body.data;
    expect(p.id).toMatch(/^plan_/);
    expect(p).toMatchObject({
      user_id: alice.id,
      title: '巴黎浪漫7日游',
      status: 'drafting',
      version: 1,
      start_date: '2027-06-01',
      end_date: '2027-06-07',
      total_budget: 15000,
      traveler_count: 2,
      currency: 'CNY',
      completion_percentage: 0,
    });
    expect(p.destinations[0]).toMatchObject({
      name: '巴黎',
      country: '法国',
      coordinates: [48.8566, 2.3522],
      timezone: 'Europe/Paris',
      visit_order: 1,
      is_primary: true,
    });
    expect(p.traveler_details).toHaveLength(2);
    expect(p.budget_breakdown.total_budget).toBe(15000);
  });

  it('completes coordinates, time zone and country from the geo provider', async () => {
    const p = await createPlan(
      api,
      alice,
      seedPlanBody({
        destinations: [{ name: '东京', arrival_date: '2027-06-01', departure_date: '2027-06-07' }],
      }),
    );
    expect(p.destinations[0]).toMatchObject({ country: 'JP', city: 'Tokyo', timezone: 'Asia/Tokyo' });
    expect(p.destinations[0].coordinates[0]).toBeCloseTo(35.68, 1);
  });

  it('rejects invalid plans with field details and writes nothing', async () => {
    const before = await snapshot(api);
    const dest = (over: Record<string, unknown>) => [
      {
        name: '巴黎',
        coordinates: [48.8, 2.3],
        country: 'FR',
        arrival_date: '2027-06-01',
        departure_date: '2027-06-07',
        ...over,
      },
    ];
    const cases: [Record<string, unknown>, string][] = [
      [seedPlanBody({ end_date: '2027-05-01' }), 'end_date'],
      [seedPlanBody({ destinations: dest({ arrival_date: '2027-05-20' }) }), 'destinations.0.arrival_date'],
      [
        seedPlanBody({ destinations: dest({ departure_date: '2027-05-31' }) }),
        'destinations.0.departure_date',
      ],
      [seedPlanBody({ traveler_count: 1 }), 'traveler_details'],
      [seedPlanBody({ total_budget: -1 }), 'total_budget'],
      [seedPlanBody({ total_budget: 1e200 }), 'total_budget'],
      [seedPlanBody({ start_date: '2027-02-30' }), 'start_date'],
      [seedPlanBody({ title: '' }), 'title'],
      [seedPlanBody({ destinations: [] }), 'destinations'],
      [seedPlanBody({ currency: 'XYZ' }), 'currency'],
      [seedPlanBody({ destinations: dest({ coordinates: [91, 0] }) }), 'destinations.0.coordinates.0'],
      [
        seedPlanBody({
          destinations: [{ name: 'Qwxzv Nowhere', arrival_date: '2027-06-01', departure_date: '2027-06-07' }],
        }),
        'destinations.0.coordinates',
      ],
      [
        seedPlanBody({ traveler_details: [{ name: 'x', age: 200, passport_country: 'CN' }] }),
        'traveler_details.0.age',
      ],
    ];
    for (const [body, field] of cases) {
      const res = await api.call('POST', '/v1/travel-plans', { token: alice.token, body });
      expect(res.status, field).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
      expect(fields(res), field).toContain(field);
    }
    expect(diff(before, await snapshot(api))).toEqual([]);
  });
});

describe('GET /v1/travel-plans', () => {
  let user: TestUser;
  const created: string[] = []; // oldest first

  beforeAll(async () => {
    user = await registerUser(api, 'lister');
    for (let i = 0; i < 7; i++) {
      const p = await createPlan(api, user, seedPlanBody({ title: `Plan ${i}` }));
      created.push(p.id);
    }
    // Plan 1 and 4 confirmed; plan 2 updated last.
    for (const i of [1, 4, 2]) {
      await api.call('PUT', `/v1/travel-plans/${created[i]}`, {
        token: user.token,
        body: { version: 1, status: i === 2 ? 'planning' : 'confirmed' },
      });
    }
  });

  const ids = (res: { body: { data: { plans: { id: string }[] } } }) => res.body.data.plans.map((p) => p.id);

  it('lists newest first with the seed summary and pagination', async () => {
    const res = await api.call('GET', '/v1/travel-plans?page=1&limit=3', { token: user.token });
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual([created[6], created[5], created[4]]);
    expect(res.body.data.pagination).toEqual({ page: 1, limit: 3, total: 7, has_next: true });
    expect(res.body.data.plans[0]).toMatchObject({
      title: 'Plan 6',
      status: 'drafting',
      destinations: ['巴黎'],
      start_date: '2027-06-01',
      end_date: '2027-06-07',
      total_budget: 15000,
      completion_percentage: 0,
    });
    const p3 = await api.call('GET', '/v1/travel-plans?page=3&limit=3', { token: user.token });
    expect(ids(p3)).toEqual([created[0]]);
    expect(p3.body.data.pagination.has_next).toBe(false);
  });

  it('sorts by creation or update time, either way', async () => {
    const asc = await api.call('GET', '/v1/travel-plans?sort=created_at_asc&limit=2', { token: user.token });
    expect(ids(asc)).toEqual([created[0], created[1]]);
    const upd = await api.call('GET', '/v1/travel-plans?sort=updated_at_desc&limit=3', { token: user.token });
    expect(ids(upd)).toEqual([created[2], created[4], created[1]]);
    const updAsc = await api.call('GET', '/v1/travel-plans?sort=updated_at_asc&limit=1', {
      token: user.token,
    });
    expect(ids(updAsc)).toEqual([created[0]]);
  });

  it('filters by status, with a matching total', async () => {
    const res = await api.call('GET', '/v1/travel-plans?status=confirmed&limit=10', { token: user.token });
    expect(ids(res)).toEqual([created[4], created[1]]);
    expect(res.body.data.pagination).toEqual({ page: 1, limit: 10, total: 2, has_next: false });
    const byUpdate = await api.call('GET', '/v1/travel-plans?status=confirmed&sort=updated_at_desc&limit=1', {
      token: user.token,
    });
    expect(ids(byUpdate)).toEqual([created[4]]);
    expect(byUpdate.body.data.pagination.has_next).toBe(true);
  });

  it('follows next_cursor, and refuses a cursor from another query', async () => {
    const p1 = await api.call('GET', '/v1/travel-plans?limit=4', { token: user.token });
    const cursor = encodeURIComponent(p1.body.data.next_cursor);
    const p2 = await api.call('GET', `/v1/travel-plans?limit=4&cursor=${cursor}`, { token: user.token });
    expect(ids(p2)).toEqual([created[2], created[1], created[0]]);
    const wrong = await api.call('GET', `/v1/travel-plans?limit=4&sort=created_at_asc&cursor=${cursor}`, {
      token: user.token,
    });
    expect(wrong.status).toBe(400);
    expect(fields(wrong)).toEqual(['cursor']);
  });

  it('validates the query', async () => {
    for (const [q, field] of [
      ['sort=price', 'sort'],
      ['status=done', 'status'],
      ['limit=0', 'limit'],
      ['page=-1', 'page'],
    ]) {
      const res = await api.call('GET', `/v1/travel-plans?${q}`, { token: user.token });
      expect(res.status, q).toBe(400);
      expect(fields(res)).toContain(field);
    }
  });
});

describe('GET, PUT, DELETE /v1/travel-plans/{id}', () => {
  it('reads a plan; unknown ids are 404', async () => {
    const p = await createPlan(api, alice);
    const res = await api.call('GET', `/v1/travel-plans/${p.id}`, { token: alice.token });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual(p);
    expect((await api.call('GET', '/v1/travel-plans/plan_nope', { token: alice.token })).status).toBe(404);
  });

  it('updates with optimistic versioning: a stale version is a CONFLICT naming the current one', async () => {
    const p = await createPlan(api, alice);
    const ok = await api.call('PUT', `/v1/travel-plans/${p.id}`, {
      token: alice.token,
      body: { version: 1, title: 'Renamed', total_budget: 18000, status: 'confirmed', tags: ['honeymoon'] },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toMatchObject({
      title: 'Renamed',
      version: 2,
      total_budget: 18000,
      status: 'confirmed',
    });
    expect(ok.body.data.budget_breakdown.total_budget).toBe(18000);
    expect(ok.body.data.confirmed_at).toBeTruthy();

    const before = await snapshot(api);
    const stale = await api.call('PUT', `/v1/travel-plans/${p.id}`, {
      token: alice.token,
      body: { version: 1, title: 'Lost update' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('CONFLICT');
    expect(stale.body.error.details[0].field).toBe('version');
    expect(stale.body.error.details[0].message).toContain('version 2');
    expect(diff(before, await snapshot(api))).toEqual([]);
  });

  it('validates updates (merged plan included) and writes nothing', async () => {
    const p = await createPlan(api, alice);
    const before = await snapshot(api);
    for (const [body, field] of [
      [{ title: 'no version' }, 'version'],
      [{ version: 1 }, '(body)'],
      [{ version: 1, status: 'done' }, 'status'],
      [{ version: 1, end_date: '2027-06-03' }, 'destinations.0.departure_date'],
      [{ version: 1, traveler_count: 1 }, 'traveler_details'],
      [{ version: 0, title: 'x' }, 'version'],
    ] as const) {
      const res = await api.call('PUT', `/v1/travel-plans/${p.id}`, { token: alice.token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(fields(res)).toContain(field);
    }
    const missing = await api.call('PUT', '/v1/travel-plans/plan_nope', {
      token: alice.token,
      body: { version: 1, title: 'x' },
    });
    expect(missing.status).toBe(404);
    expect(diff(before, await snapshot(api))).toEqual([]);
  });

  it('replaces destinations (resolved again) on update', async () => {
    const p = await createPlan(api, alice);
    const res = await api.call('PUT', `/v1/travel-plans/${p.id}`, {
      token: alice.token,
      body: {
        version: 1,
        destinations: [
          { name: '巴黎', arrival_date: '2027-06-01', departure_date: '2027-06-04' },
          { name: 'London', arrival_date: '2027-06-04', departure_date: '2027-06-07' },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.destinations.map((d: { country: string }) => d.country)).toEqual(['FR', 'GB']);
  });

  it('deletes (optionally at a version); afterwards the plan is gone', async () => {
    const p = await createPlan(api, alice);
    const stale = await api.call('DELETE', `/v1/travel-plans/${p.id}?version=7`, { token: alice.token });
    expect(stale.status).toBe(409);
    const del = await api.call('DELETE', `/v1/travel-plans/${p.id}?version=1`, { token: alice.token });
    expect(del.status).toBe(200);
    expect(del.body.data).toEqual({ id: p.id, deleted: true });
    expect((await api.call('GET', `/v1/travel-plans/${p.id}`, { token: alice.token })).status).toBe(404);
    expect((await api.call('DELETE', `/v1/travel-plans/${p.id}`, { token: alice.token })).status).toBe(404);
    expect(
      (await api.call('DELETE', `/v1/travel-plans/${p.id}?version=x`, { token: alice.token })).status,
    ).toBe(400);
  });
});

describe('PUT /v1/travel-plans/{id}/optimize', () => {
  it('re-plans with the planner under the new constraints and saves a new version', async () => {
    const p = await createPlan(api, alice, plannablePlanBody());
    const res = await api.call('PUT', `/v1/travel-plans/${p.id}/optimize`, {
      token: alice.token,
      body: {
        optimization_type: 'budget',
        constraints: {
          max_budget: 12000,
          must_include: ['故宫'],
          preferences: { accommodation_type: 'hotel', transport_preference: 'public' },
        },
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const { plan, optimization } = res.body.data;
    expect(plan).toMatchObject({
      id: p.id,
      user_id: alice.id,
      title: '北京3日游',
      version: 2,
      status: 'planning',
      total_budget: 12000,
      start_date: '2027-05-10',
      end_date: '2027-05-12',
      traveler_count: 2,
    });
    expect(plan.itinerary.length).toBe(3);
    expect(plan.accommodations.length).toBeGreaterThan(0);
    expect(optimization).toMatchObject({
      type: 'budget',
      previous_version: 1,
      previous_cost: 0,
      currency: 'CNY',
    });
    expect(optimization.new_cost).toBeGreaterThan(0);

    // Comfort on top, from the stored version 2.
    const comfort = await api.call('PUT', `/v1/travel-plans/${p.id}/optimize`, {
      token: alice.token,
      body: { optimization_type: 'comfort', version: 2 },
    });
    expect(comfort.status).toBe(200);
    expect(comfort.body.data.plan.version).toBe(3);
    expect(comfort.body.data.optimization.previous_cost).toBe(optimization.new_cost);
  });

  it('refuses stale versions, frozen plans, plans without origin, and impossible requests', async () => {
    const p = await createPlan(api, alice, plannablePlanBody());
    const before = await snapshot(api);
    const stale = await api.call('PUT', `/v1/travel-plans/${p.id}/optimize`, {
      token: alice.token,
      body: { optimization_type: 'time', version: 5 },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details[0].message).toContain('version 1');

    const noOrigin = await createPlan(api, alice, seedPlanBody());
    const snap2 = await snapshot(api);
    const r1 = await api.call('PUT', `/v1/travel-plans/${noOrigin.id}/optimize`, {
      token: alice.token,
      body: { optimization_type: 'time' },
    });
    expect(r1.status).toBe(400);
    expect(fields(r1)).toEqual(['origin']);

    const bad = await api.call('PUT', `/v1/travel-plans/${p.id}/optimize`, {
      token: alice.token,
      body: { optimization_type: 'cheapest' },
    });
    expect(bad.status).toBe(400);
    expect(fields(bad)).toContain('optimization_type');
    expect(diff(snap2, await snapshot(api))).toEqual([]);
    expect(diff(before, snap2).every((k) => k.startsWith('added PLAN#'))).toBe(true);

    const nowhere = await createPlan(
      api,
      alice,
      plannablePlanBody({
        destinations: [
          {
            name: 'Qwxzv Nowhere',
            coordinates: [10, 10],
            country: 'NE',
            arrival_date: '2027-05-10',
            departure_date: '2027-05-12',
          },
        ],
      }),
    );
    const snap3 = await snapshot(api);
    const impossible = await api.call('PUT', `/v1/travel-plans/${nowhere.id}/optimize`, {
      token: alice.token,
      body: { optimization_type: 'budget' },
    });
    expect(impossible.status).toBe(400);
    expect(fields(impossible)).toEqual(['destinations']);
    expect(diff(snap3, await snapshot(api))).toEqual([]);

    const long = await createPlan(
      api,
      alice,
      plannablePlanBody({
        end_date: '2027-06-30',
        destinations: [{ name: '北京', arrival_date: '2027-05-10', departure_date: '2027-06-30' }],
      }),
    );
    const snap4 = await snapshot(api);
    const tooLong = await api.call('PUT', `/v1/travel-plans/${long.id}/optimize`, {
      token: alice.token,
      body: { optimization_type: 'time' },
    });
    expect(tooLong.status).toBe(400);
    expect(fields(tooLong)).toEqual(['end_date']);
    expect(diff(snap4, await snapshot(api))).toEqual([]);

    await api.call('PUT', `/v1/travel-plans/${p.id}`, {
      token: alice.token,
      body: { version: 1, status: 'booked' },
    });
    const frozen = await api.call('PUT', `/v1/travel-plans/${p.id}/optimize`, {
      token: alice.token,
      body: { optimization_type: 'budget' },
    });
    expect(frozen.status).toBe(409);
    expect(fields(frozen)).toEqual(['status']);
    expect(diff(snap4, await snapshot(api)).filter((k) => !k.includes(p.id))).toEqual([]);
  });
});

describe('share links', () => {
  it('shares a plan read-only: token, URL, public view without personal data', async () => {
    const p = await createPlan(api, alice);
    const res = await api.call('POST', `/v1/travel-plans/${p.id}/share`, { token: alice.token });
    expect(res.status).toBe(200);
    const { share_token: token, share_url: url, version } = res.body.data;
    expect(token).toMatch(/^[\w-]{32}$/);
    expect(url).toBe(`${api.url}/v1/shared/${token}`);
    expect(version).toBe(2);

    const again = await api.call('POST', `/v1/travel-plans/${p.id}/share`, { token: alice.token });
    expect(again.body.data.share_token).toBe(token);

    const shared = await api.call('GET', `/v1/shared/${token}`);
    expect(shared.status).toBe(200);
    expect(shared.body.data).toMatchObject({ id: p.id, title: p.title, read_only: true, is_public: true });
    for (const key of ['user_id', 'traveler_details', 'share_token'])
      expect(shared.body.data).not.toHaveProperty(key);
    // Through the real URL the API returned.
    const viaUrl = await fetch(url);
    expect(viaUrl.status).toBe(200);

    expect((await api.call('GET', '/v1/shared/not-a-real-token-at-all-xx')).status).toBe(404);
    expect((await api.call('GET', '/v1/shared/x')).status).toBe(404);
    // The shared view is read-only: there is no write route under /v1/shared.
    expect((await api.call('PUT', `/v1/shared/${token}`, { body: { title: 'x' } })).status).toBe(405);

    await api.call('DELETE', `/v1/travel-plans/${p.id}`, { token: alice.token });
    expect((await api.call('GET', `/v1/shared/${token}`)).status).toBe(404);
    const snap = await snapshot(api);
    expect([...snap.keys()].some((k) => k.startsWith(`SHARE#${token}`))).toBe(false);
  });

  it('answers 404 when sharing an unknown plan', async () => {
    const res = await api.call('POST', '/v1/travel-plans/plan_nope/share', { token: alice.token });
    expect(res.status).toBe(404);
  });
});
