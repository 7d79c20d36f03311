/**
 * Property-based fuzzing (fast-check) of request bodies, query strings and path ids over real HTTP.
 * For every generated request: never a 5xx, and a request that fails (4xx) leaves every domain item
 * of the table exactly as it was (no partial write). Read-only routes must never write at all.
 *
 * Bodies are mostly valid seed bodies with one part replaced by an arbitrary JSON value (or removed,
 * or an extra key added), so the fuzz reaches deep validation and the handlers, not only the
 * top-level type check; the rest are arbitrary JSON values and raw non-JSON text.
 * Runs per property: FUZZ_RUNS (default 25); FUZZ_REPORT=1 prints the status codes seen per route.
 * A failure prints fast-check's seed and counterexample.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createConversation,
  createPlan,
  diff,
  plannablePlanBody,
  registerUser,
  seedPlanBody,
  sessionBody,
  snapshot,
  startApi,
  waitForSession,
  type TestApi,
  type TestUser,
} from './api-support.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 25);
const TIMEOUT = 240_000;

let api: TestApi;
let alice: TestUser;
let conversationId: string;
let planId: string;
/** The table as of the last request; refreshed after every success. */
let state: Map<string, string>;

beforeAll(async () => {
  api = await startApi();
  alice = await registerUser(api, 'fuzz');
  conversationId = await createConversation(api, alice, 'fuzz');
  planId = (await createPlan(api, alice, plannablePlanBody())).id;
  state = await snapshot(api);
}, 120_000);
/** Status codes seen per route (printed at the end, to show the fuzz reaches success paths too). */
const seen = new Map<string, Map<number, number>>();
afterAll(async () => {
  await api?.close();
  if (process.env['FUZZ_REPORT']) {
    for (const [route, codes] of seen) {
      console.log(
        `${route}: ${[...codes]
          .sort((x, y) => x[0] - y[0])
          .map(([c, n]) => `${c}x${n}`)
          .join(' ')}`,
      );
    }
  }
});

type Json = unknown;

/** Odd values: DynamoDB's number limits, bad dates, huge strings, prototype keys, wrong types. */
const oddValue: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    '\ud800',
    'a\udfffb',
    '\u0000',
    '\u202e',
    null,
    '',
    ' ',
    -1,
    0,
    1e308,
    5e-324,
    -0,
    1e-200,
    2 ** 53 + 1,
    '2027-02-30',
    '2027-06-01T00:00:00Z',
    '1e999',
    [],
    {},
    '__proto__',
    'constructor',
    'x'.repeat(5000),
    '<script>alert(1)</script>',
    '巴黎',
    'XYZ',
    [48.8, 2.3],
    JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}') as Json,
  ),
);

/** Every path (object keys and array indices) of a JSON value. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([...prefix, i], ...paths(v, [...prefix, i]));
    });
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push([...prefix, k], ...paths(v, [...prefix, k]));
  }
  return out;
}

type Mutation =
  | { kind: 'set'; path: (string | number)[]; value: Json }
  | { kind: 'delete'; path: (string | number)[] }
  | { kind: 'extra'; key: string; value: Json };

function mutationOf(base: Json): fc.Arbitrary<Mutation> {
  const all = paths(base);
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant('set' as const),
        path: fc.constantFrom(...all),
        value: oddValue,
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant('delete' as const), path: fc.constantFrom(...all) }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('extra' as const),
        key: fc.oneof(
          fc.string({ maxLength: 12 }),
          fc.constantFrom('__proto__', 'userId', 'user_id', 'version', 'id'),
        ),
        value: oddValue,
      }),
    },
  );
}

function apply(base: Json, m: Mutation): Json {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  if (m.kind === 'extra') {
    Object.defineProperty(copy, m.key, {
      value: m.value,
      enumerable: true,
      configurable: true,
      writable: true,
    });
    return copy;
  }
  let node: Record<string | number, unknown> = copy;
  for (const seg of m.path.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
  const last = m.path[m.path.length - 1]!;
  if (m.kind === 'delete') {
    if (Array.isArray(node) && typeof last === 'number') node.splice(last, 1);
    else delete node[last];
  } else {
    node[last] = m.value;
  }
  return copy;
}

/** A request body: a mutated valid body (mostly), an arbitrary JSON value, or raw non-JSON text. */
function bodyOf(base: Json): fc.Arbitrary<{ body?: Json; raw?: string }> {
  return fc.oneof(
    { weight: 6, arbitrary: mutationOf(base).map((m) => ({ body: apply(base, m) })) },
    { weight: 1, arbitrary: fc.constant({ body: base }) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((body) => ({ body })) },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map((raw) => ({ raw })) },
  );
}

const QUERY_KEYS = [
  'page',
  'limit',
  'sort',
  'status',
  'cursor',
  'before_message_id',
  'season',
  'budget',
  'style',
  'duration',
  'currency',
  'version',
  'x',
];
const queryValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer({ min: -5, max: 2000 }).map(String),
  fc.double().map(String),
  fc.constantFrom(
    '1',
    '2',
    '0',
    '-1',
    '100',
    '101',
    '1.5',
    'NaN',
    'Infinity',
    '1e400',
    '',
    'created_at_asc',
    'updated_at_desc',
    'confirmed',
    'drafting',
    'summer',
    'romantic',
    'CNY',
    'msg_01J00000000000000000000000',
    'eyJwayI6IlBMQU4jeCJ9.c2ln',
  ),
);
const query = fc
  .dictionary(fc.constantFrom(...QUERY_KEYS), queryValue, { maxKeys: 5 })
  .map((q) => new URLSearchParams(q).toString());

interface Sent {
  status: number;
  body: unknown;
}

/** Sends, then checks: no 5xx; on failure (or for a read-only route, always) nothing changed. */
async function send(
  method: string,
  path: string,
  input: { body?: Json; raw?: string },
  options: { readOnly?: boolean } = {},
): Promise<Sent> {
  const res = await api.call(method, path, {
    token: alice.token,
    ...(input.raw !== undefined ? { raw: input.raw } : input.body !== undefined ? { body: input.body } : {}),
  });
  const route = `${method} ${path.replace(/\?.*$/, '').replace(/(plan|conv|session)_[0-9A-Z]{26}/g, '{id}')}`;
  const codes = seen.get(route) ?? new Map<number, number>();
  codes.set(res.status, (codes.get(res.status) ?? 0) + 1);
  seen.set(route, codes);
  const label = `${method} ${path} ${input.raw ?? JSON.stringify(input.body)?.slice(0, 500)} -> ${res.status} ${JSON.stringify(res.body)?.slice(0, 300)}`;
  expect(res.status, label).toBeLessThan(500);
  expect(res.status, label).toBeGreaterThanOrEqual(200);
  // The gateway's own answers (no route: 404/405) are not in the application envelope.
  const enveloped = typeof res.body === 'object' && res.body !== null && 'success' in res.body;
  if (res.status >= 400 && enveloped) {
    expect(res.body.success, label).toBe(false);
    expect(res.body.error.code, label).toMatch(/^[A-Z_]+$/);
  }
  if (res.status >= 400 || options.readOnly) {
    const after = await snapshot(api);
    expect(diff(state, after), label).toEqual([]);
  } else {
    state = await snapshot(api);
  }
  return { status: res.status, body: res.body };
}

const props = { numRuns: RUNS, endOnFailure: true } as const;

describe('fuzzing: never a 5xx, never a partial write', () => {
  it(
    'POST /v1/travel-plans',
    async () => {
      await fc.assert(
        fc.asyncProperty(bodyOf(seedPlanBody()), async (input) => {
          await send('POST', '/v1/travel-plans', input);
        }),
        props,
      );
    },
    TIMEOUT,
  );

  it(
    'PUT /v1/travel-plans/{id} (optimistic versioning)',
    async () => {
      const base = {
        version: 1,
        title: 'Edited',
        status: 'confirmed',
        total_budget: 9000,
        traveler_count: 3,
        tags: ['a'],
        destinations: [{ name: '北京', arrival_date: '2027-05-10', departure_date: '2027-05-12' }],
      };
      await fc.assert(
        fc.asyncProperty(mutationOf(base), fc.boolean(), async (m, useCurrentVersion) => {
          const current = await api.call('GET', `/v1/travel-plans/${planId}`, { token: alice.token });
          const body = apply(useCurrentVersion ? { ...base, version: current.body.data.version } : base, m);
          await send('PUT', `/v1/travel-plans/${planId}`, { body });
        }),
        props,
      );
    },
    TIMEOUT,
  );

  it(
    'PUT /v1/travel-plans/{id}/optimize',
    async () => {
      const target = (await createPlan(api, alice, plannablePlanBody())).id;
      state = await snapshot(api);
      const base = {
        optimization_type: 'budget',
        constraints: {
          max_budget: 12000,
          must_include: ['故宫'],
          preferences: { accommodation_type: 'hotel', transport_preference: 'public' },
        },
      };
      await fc.assert(
        fc.asyncProperty(bodyOf(base), async (input) => {
          await send('PUT', `/v1/travel-plans/${target}/optimize`, input);
        }),
        { ...props, numRuns: Math.max(5, Math.round(RUNS / 2)) },
      );
    },
    TIMEOUT,
  );

  it(
    'PUT /v1/users/preferences',
    async () => {
      const base = {
        language: 'zh-cn',
        currency: 'CNY',
        travel_style: 'family',
        budget_range: [8000, 20000],
        preferred_airlines: ['CA', 'MU'],
        hotel_star_rating: [4, 5],
        dietary_restrictions: ['vegetarian'],
        activity_preferences: ['culture', 'nature', 'food'],
        amenities_importance: { wifi: 5 },
        budget_flexibility: 0.3,
      };
      await fc.assert(
        fc.asyncProperty(bodyOf(base), async (input) => {
          await send('PUT', '/v1/users/preferences', input);
        }),
        props,
      );
    },
    TIMEOUT,
  );

  it(
    'POST /v1/conversations and /v1/conversations/{id}/messages',
    async () => {
      await fc.assert(
        fc.asyncProperty(bodyOf({ title: '巴黎7日游规划', initial_message: '我想去巴黎' }), async (input) => {
          await send('POST', '/v1/conversations', input);
        }),
        props,
      );
      const message = {
        content: '我希望住在市中心附近',
        attachments: [
          { type: 'image', url: 'https://cdn.example.com/uploads/preference.jpg', name: 'p.jpg' },
        ],
      };
      await fc.assert(
        fc.asyncProperty(bodyOf(message), async (input) => {
          await send('POST', `/v1/conversations/${conversationId}/messages`, input);
        }),
        props,
      );
    },
    TIMEOUT,
  );

  it(
    'POST /v1/search/flights and /v1/search/hotels (read-only)',
    async () => {
      const flights = {
        departure: { city: '北京', airport: 'PEK' },
        arrival: { city: '巴黎', airport: 'CDG' },
        departure_date: '2027-06-01',
        return_date: '2027-06-07',
        passengers: 2,
        cabin_class: 'economy',
        filters: { max_stops: 1, airlines: ['CA', 'AF'], departure_time: ['06:00', '12:00'] },
      };
      await fc.assert(
        fc.asyncProperty(bodyOf(flights), async (input) => {
          await send('POST', '/v1/search/flights', input, { readOnly: true });
        }),
        props,
      );
      const hotels = {
        destination: '巴黎',
        check_in: '2027-06-01',
        check_out: '2027-06-07',
        guests: 2,
        rooms: 1,
        currency: 'CNY',
        filters: { star_rating: [4, 5], price_range: [500, 1500], amenities: ['wifi'], location: '市中心' },
      };
      await fc.assert(
        fc.asyncProperty(bodyOf(hotels), async (input) => {
          await send('POST', '/v1/search/hotels', input, { readOnly: true });
        }),
        props,
      );
    },
    TIMEOUT,
  );

  it(
    'POST /v1/agents/sessions',
    async () => {
      await fc.assert(
        fc.asyncProperty(bodyOf(sessionBody(conversationId)), async (input) => {
          const res = await send('POST', '/v1/agents/sessions', input);
          if (res.status === 202) {
            // Let the in-process planner finish before the next snapshot.
            await waitForSession(api, alice, (res.body as { data: { session_id: string } }).data.session_id);
            state = await snapshot(api);
          }
        }),
        { ...props, numRuns: Math.max(5, Math.round(RUNS / 2)) },
      );
    },
    TIMEOUT,
  );

  it(
    'query strings: plans, messages, recommendations (read-only), delete',
    async () => {
      await fc.assert(
        fc.asyncProperty(query, async (q) => {
          await send('GET', `/v1/travel-plans?${q}`, {}, { readOnly: true });
          await send('GET', `/v1/conversations/${conversationId}/messages?${q}`, {}, { readOnly: true });
          await send('GET', `/v1/recommendations/destinations?${q}`, {}, { readOnly: true });
        }),
        props,
      );
      let victim = (await createPlan(api, alice)).id;
      state = await snapshot(api);
      await fc.assert(
        fc.asyncProperty(query, async (q) => {
          const res = await send('DELETE', `/v1/travel-plans/${victim}?${q}`, {});
          if (res.status === 200) {
            victim = (await createPlan(api, alice)).id;
            state = await snapshot(api);
          }
        }),
        props,
      );
    },
    TIMEOUT,
  );

  it(
    'path ids',
    async () => {
      const id = fc.oneof(
        fc.string({ minLength: 1, maxLength: 200 }),
        fc.constantFrom('plan_', 'x'.repeat(300), '..', '%', 'SHARE#x', 'PLAN#x|PLAN', '__proto__'),
      );
      await fc.assert(
        fc.asyncProperty(id, async (raw) => {
          const e = encodeURIComponent(raw);
          await send('GET', `/v1/travel-plans/${e}`, {}, { readOnly: true });
          await send('GET', `/v1/shared/${e}`, {}, { readOnly: true });
          await send('GET', `/v1/agents/sessions/${e}/status`, {}, { readOnly: true });
          await send('GET', `/v1/conversations/${e}/messages`, {}, { readOnly: true });
          await send('PUT', `/v1/travel-plans/${e}`, { body: { version: 1, title: 'x' } });
          await send('POST', `/v1/travel-plans/${e}/share`, {});
        }),
        props,
      );
    },
    TIMEOUT,
  );
});
