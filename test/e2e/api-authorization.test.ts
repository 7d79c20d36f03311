/**
 * Ownership: user B can never read or change user A's plans, conversations, messages or sessions.
 * Every id-bearing route of the route table is tried with A's ids and B's token: each answers
 * exactly like a missing id (404, same error body), and A's items are byte-for-byte unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/api/routes.js';
import {
  createConversation,
  createPlan,
  diff,
  plannablePlanBody,
  registerUser,
  sessionBody,
  snapshot,
  startApi,
  waitForSession,
  type TestApi,
  type TestUser,
} from './api-support.js';

let api: TestApi;
let alice: TestUser;
let bob: TestUser;
const a: Record<string, string> = {};

beforeAll(async () => {
  api = await startApi();
  alice = await registerUser(api, 'alice');
  bob = await registerUser(api, 'bob');
  a['plan'] = (await createPlan(api, alice, plannablePlanBody())).id;
  await createPlan(api, alice, plannablePlanBody({ title: 'second' }));
  a['conversation'] = await createConversation(api, alice, 'private');
  const messages = await api.call('GET', `/v1/conversations/${a['conversation']}/messages`, {
    token: alice.token,
  });
  a['message'] = messages.body.data.messages[0].id;
  const session = await api.call('POST', '/v1/agents/sessions', {
    token: alice.token,
    body: sessionBody(a['conversation']!),
  });
  a['session'] = session.body.data.session_id;
  await waitForSession(api, alice, a['session']!);
  const share = await api.call('POST', `/v1/travel-plans/${a['plan']}/share`, { token: alice.token });
  a['share'] = share.body.data.share_token;
});
afterAll(async () => {
  await api?.close();
});

interface Attempt {
  method: string;
  path: (id: string) => string;
  body?: Record<string, unknown>;
  /** Which of A's ids goes in the path. */
  id: 'plan' | 'conversation' | 'session';
}

/** One attempt per id-bearing operation (keyed by operation id, so a new route cannot slip by). */
const ATTEMPTS: Record<string, Attempt[]> = {
  getPlan: [{ method: 'GET', path: (id) => `/v1/travel-plans/${id}`, id: 'plan' }],
  updatePlan: [
    {
      method: 'PUT',
      path: (id) => `/v1/travel-plans/${id}`,
      id: 'plan',
      body: { version: 1, title: 'pwned' },
    },
    {
      method: 'PUT',
      path: (id) => `/v1/travel-plans/${id}`,
      id: 'plan',
      body: { version: 2, status: 'cancelled' },
    },
  ],
  deletePlan: [
    { method: 'DELETE', path: (id) => `/v1/travel-plans/${id}`, id: 'plan' },
    { method: 'DELETE', path: (id) => `/v1/travel-plans/${id}?version=2`, id: 'plan' },
  ],
  optimizePlan: [
    {
      method: 'PUT',
      path: (id) => `/v1/travel-plans/${id}/optimize`,
      id: 'plan',
      body: { optimization_type: 'budget', origin: '上海' },
    },
  ],
  sharePlan: [{ method: 'POST', path: (id) => `/v1/travel-plans/${id}/share`, id: 'plan' }],
  postMessage: [
    {
      method: 'POST',
      path: (id) => `/v1/conversations/${id}/messages`,
      id: 'conversation',
      body: { content: 'hi' },
    },
  ],
  getConversation: [{ method: 'GET', path: (id) => `/v1/conversations/${id}`, id: 'conversation' }],
  listMessages: [
    { method: 'GET', path: (id) => `/v1/conversations/${id}/messages`, id: 'conversation' },
    { method: 'GET', path: (id) => `/v1/conversations/${id}/messages?page=1&limit=100`, id: 'conversation' },
  ],
  getSessionStatus: [{ method: 'GET', path: (id) => `/v1/agents/sessions/${id}/status`, id: 'session' }],
  cancelSession: [{ method: 'POST', path: (id) => `/v1/agents/sessions/${id}/cancel`, id: 'session' }],
};

const MISSING: Record<Attempt['id'], string> = {
  plan: 'plan_01J0000000000000000000000Z',
  conversation: 'conv_01J0000000000000000000000Z',
  session: 'session_01J0000000000000000000000Z',
};

/** The error part of a response, without the per-request fields. */
const errorOf = (res: { status: number; body: { error?: unknown } }) => ({
  status: res.status,
  error: res.body.error,
});

describe('authorization: B against A', () => {
  it('covers every id-bearing user route of the route table', () => {
    const idRoutes = ROUTES.filter((r) => r.auth !== 'none' && /\{id\}/.test(r.path)).map((r) => r.operation);
    expect(idRoutes.sort()).toEqual(Object.keys(ATTEMPTS).sort());
  });

  it("answers 404 for every one of A's ids, exactly like a missing id, and changes nothing", async () => {
    const before = await snapshot(api);
    for (const [operation, attempts] of Object.entries(ATTEMPTS)) {
      for (const t of attempts) {
        const asBob = await api.call(t.method, t.path(a[t.id]!), { token: bob.token, body: t.body });
        const missing = await api.call(t.method, t.path(MISSING[t.id]), { token: bob.token, body: t.body });
        expect(asBob.status, `${operation} ${t.method}`).toBe(404);
        expect(errorOf(asBob), operation).toEqual(errorOf(missing));
        expect(JSON.stringify(asBob.body)).not.toContain(alice.id);
      }
    }
    // Starting a session on A's conversation is refused the same way.
    const session = await api.call('POST', '/v1/agents/sessions', {
      token: bob.token,
      body: sessionBody(a['conversation']!),
    });
    expect(session.status).toBe(404);
    expect(diff(before, await snapshot(api))).toEqual([]);

    // A still sees everything as it was.
    const plan = await api.call('GET', `/v1/travel-plans/${a['plan']}`, { token: alice.token });
    expect(plan.body.data).toMatchObject({ version: 2, title: '北京3日游' });
    const status = await api.call('GET', `/v1/agents/sessions/${a['session']}/status`, {
      token: alice.token,
    });
    expect(status.body.data.status).toBe('completed');
  });

  it("never lists A's plans to B, and refuses A's cursors", async () => {
    const mine = await api.call('GET', '/v1/travel-plans', { token: bob.token });
    expect(mine.body.data.plans).toEqual([]);
    expect(mine.body.data.pagination.total).toBe(0);

    const alicePage = await api.call('GET', '/v1/travel-plans?limit=1', { token: alice.token });
    const cursor = encodeURIComponent(alicePage.body.data.next_cursor);
    const stolen = await api.call('GET', `/v1/travel-plans?limit=1&cursor=${cursor}`, { token: bob.token });
    expect(stolen.status).toBe(400);
    expect(stolen.body.error.details[0].field).toBe('cursor');

    const bobConversation = await createConversation(api, bob, 'mine');
    const stolenMessages = await api.call(
      'GET',
      `/v1/conversations/${bobConversation}/messages?before_message_id=${a['message']}`,
      { token: bob.token },
    );
    // A's message id only bounds B's own partition: nothing of A's can come back.
    expect(stolenMessages.status).toBe(200);
    expect(JSON.stringify(stolenMessages.body.data.messages)).not.toContain('private');
  });

  it("keeps Idempotency-Keys per user: B's request never replays A's response", async () => {
    const key = 'shared-key-0001';
    const bobConversation = await createConversation(api, bob, 'bob');
    const fromAlice = await api.call('POST', `/v1/conversations/${a['conversation']}/messages`, {
      token: alice.token,
      headers: { 'idempotency-key': key },
      body: { content: 'alice secret' },
    });
    const fromBob = await api.call('POST', `/v1/conversations/${bobConversation}/messages`, {
      token: bob.token,
      headers: { 'idempotency-key': key },
      body: { content: 'alice secret' },
    });
    expect(fromAlice.status).toBe(201);
    expect(fromBob.status).toBe(201);
    expect(fromBob.headers.get('idempotent-replayed')).toBeNull();
    expect(fromBob.body.data.conversation_id).toBe(bobConversation);
  });

  it('lets anyone read a shared plan, read-only, and nothing else', async () => {
    const shared = await api.call('GET', `/v1/shared/${a['share']}`, { token: bob.token });
    expect(shared.status).toBe(200);
    expect(shared.body.data).not.toHaveProperty('user_id');
    // The token is not a plan id: it opens no other route.
    expect((await api.call('GET', `/v1/travel-plans/${a['share']}`, { token: bob.token })).status).toBe(404);
  });

  it('rejects every user route without a token', async () => {
    for (const r of ROUTES.filter((x) => x.auth !== 'none')) {
      const path = r.path.replace(/\{\w+\}/g, 'x_1');
      const res = await api.call(r.method, path, { body: r.method === 'GET' ? undefined : {} });
      expect(res.status, `${r.method} ${r.path}`).toBe(401);
    }
  });
});
