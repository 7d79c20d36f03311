/**
 * GET /v1/users/profile and PUT /v1/users/preferences over real HTTP (local API Gateway + DynamoDB Local).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPlan,
  diff,
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

describe('GET /v1/users/profile', () => {
  it('returns the caller without secrets and zero stats before any plan', async () => {
    const res = await api.call('GET', '/v1/users/profile', { token: alice.token });
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
    expect(res.body.request_id).toMatch(/^req_[0-9a-f]{16}$/);
    expect(res.headers.get('x-request-id')).toBe(res.body.request_id);
    const d = res.body.data;
    expect(d).toMatchObject({ id: alice.id, username: alice.username, email: alice.email });
    expect(d.preferences.currency).toBe('CNY');
    expect(d.travel_stats).toEqual({
      trips_planned: 0,
      countries_visited: 0,
      total_savings: 0,
      currency: 'CNY',
    });
    for (const key of ['payment_methods', 'password', 'password_hash', 'salt', 'credential', 'role']) {
      expect(d).not.toHaveProperty(key);
    }
    expect(JSON.stringify(res.body)).not.toMatch(/scrypt|password/i);
  });

  it('computes travel stats from the plans: count, distinct countries, savings', async () => {
    const user = await registerUser(api, 'stats');
    // Paris (法国), cost from the breakdown 7000+4500+2000+1000 = 14500 of 15000: saves 500.
    await createPlan(
      api,
      user,
      seedPlanBody({
        budget_breakdown: { flights: 7000, accommodation: 4500, food: 2000, activities: 1000 },
      }),
    );
    // Paris again, named in English: the same country. Over budget: saves nothing.
    await createPlan(
      api,
      user,
      seedPlanBody({
        title: 'Paris again',
        destinations: [
          { name: 'Paris', country: 'France', arrival_date: '2027-06-01', departure_date: '2027-06-07' },
        ],
        total_budget: 1000,
        budget_breakdown: { flights: 3000 },
      }),
    );
    // Tokyo: a second country; no cost known yet (a bare draft): adds no savings.
    await createPlan(
      api,
      user,
      seedPlanBody({
        title: '东京',
        destinations: [{ name: '东京', arrival_date: '2027-06-01', departure_date: '2027-06-07' }],
      }),
    );
    const res = await api.call('GET', '/v1/users/profile', { token: user.token });
    expect(res.status).toBe(200);
    expect(res.body.data.travel_stats).toEqual({
      trips_planned: 3,
      countries_visited: 2,
      total_savings: 500,
      currency: 'CNY',
    });
  });

  it('rejects a missing or malformed token with 401 in the error envelope', async () => {
    const none = await api.call('GET', '/v1/users/profile');
    expect(none.status).toBe(401);
    expect(none.body.success).toBe(false);
    expect(none.body.error.code).toBe('AUTH_FAILED');
    const bad = await api.call('GET', '/v1/users/profile', { token: 'not-a-jwt' });
    expect(bad.status).toBe(401);
  });
});

describe('PUT /v1/users/preferences', () => {
  it('merges a partial update with the stored preferences', async () => {
    const res = await api.call('PUT', '/v1/users/preferences', {
      token: alice.token,
      body: {
        travel_style: 'family',
        budget_range: [8000, 20000],
        preferred_airlines: ['CA', 'MU'],
        hotel_star_rating: [4, 5],
        dietary_restrictions: ['vegetarian'],
        activity_preferences: ['culture', 'nature', 'food'],
        notification_preferences: { email: false, price_alerts: true },
      },
    });
    expect(res.status).toBe(200);
    const p = res.body.data;
    expect(p).toMatchObject({
      language: 'zh-cn',
      currency: 'CNY',
      travel_style: 'family',
      budget_range: [8000, 20000],
      preferred_airlines: ['CA', 'MU'],
      hotel_star_rating: [4, 5],
      dietary_restrictions: ['vegetarian'],
      notification_preferences: { email: false, price_alerts: true },
    });
    // Untouched fields keep their values.
    expect(p.seat_class_preference).toBe('economy');

    const second = await api.call('PUT', '/v1/users/preferences', {
      token: alice.token,
      body: { currency: 'EUR' },
      headers: { 'accept-language': 'en' },
    });
    expect(second.status).toBe(200);
    expect(second.body.message).toBe('Preferences updated');
    expect(second.body.data).toMatchObject({
      currency: 'EUR',
      travel_style: 'family',
      budget_range: [8000, 20000],
    });

    const profile = await api.call('GET', '/v1/users/profile', { token: alice.token });
    expect(profile.body.data.preferences.currency).toBe('EUR');
    expect(profile.body.data.travel_stats.currency).toBe('EUR');
  });

  it('rejects bad values with field details and changes nothing', async () => {
    const before = await snapshot(api);
    const cases: [unknown, string][] = [
      [{ budget_range: [20000, 8000] }, 'budget_range'],
      [{ language: 'fr-fr' }, 'language'],
      [{ currency: 'cny' }, 'currency'],
      [{ currency: 'XYZ' }, 'currency'],
      [{ hotel_star_rating: [0, 9] }, 'hotel_star_rating.0'],
      [{ budget_flexibility: 2 }, 'budget_flexibility'],
      [{ amenities_importance: { wifi: 9 } }, 'amenities_importance.wifi'],
      [{ timezone: 'Mars/Olympus' }, 'timezone'],
      [{}, '(body)'],
      [{ no_such_preference: 1 }, '(body)'],
    ];
    for (const [body, field] of cases) {
      const res = await api.call('PUT', '/v1/users/preferences', { token: alice.token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const notJson = await api.call('PUT', '/v1/users/preferences', {
      token: alice.token,
      raw: '{"currency":',
    });
    expect(notJson.status).toBe(400);
    const noBody = await api.call('PUT', '/v1/users/preferences', { token: alice.token });
    expect(noBody.status).toBe(400);
    expect(diff(before, await snapshot(api))).toEqual([]);
  });

  it('needs a token', async () => {
    const res = await api.call('PUT', '/v1/users/preferences', { body: { currency: 'USD' } });
    expect(res.status).toBe(401);
  });
});

describe('GET /v1/openapi.json', () => {
  it('documents the request and response schemas of these routes, in wire names', async () => {
    const res = await api.call('GET', '/v1/openapi.json');
    expect(res.status).toBe(200);
    const paths = res.body.paths;
    const create = paths['/v1/travel-plans'].post;
    expect(Object.keys(create.requestBody.content['application/json'].schema.properties)).toEqual(
      expect.arrayContaining([
        'title',
        'destinations',
        'start_date',
        'end_date',
        'total_budget',
        'traveler_count',
      ]),
    );
    const list = paths['/v1/travel-plans'].get.parameters.map((p: { name: string }) => p.name);
    expect(list).toEqual(expect.arrayContaining(['status', 'page', 'limit', 'sort', 'cursor']));
    const messages = paths['/v1/conversations/{id}/messages'].get.parameters.map(
      (p: { name: string }) => p.name,
    );
    expect(messages).toEqual(expect.arrayContaining(['id', 'page', 'limit', 'before_message_id']));
    const status =
      paths['/v1/agents/sessions/{id}/status'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(status.properties.data.properties.progress.properties).sort()).toEqual(
      ['budget_optimization', 'flight_search', 'hotel_search', 'itinerary_planning', 'overall'].sort(),
    );
    expect(paths['/v1/agents/sessions'].post.responses['202']).toBeDefined();
    expect(paths['/v1/shared/{token}'].get.security).toEqual([]);
  });
});
