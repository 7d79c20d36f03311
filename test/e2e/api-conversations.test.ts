/**
 * Conversations and messages over real HTTP: create (with the first message), post, and list with
 * page / limit / before_message_id / next_cursor.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createConversation,
  diff,
  registerUser,
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

describe('POST /v1/conversations', () => {
  it('creates a conversation and stores initial_message as the first user message', async () => {
    const res = await api.call('POST', '/v1/conversations', {
      token: alice.token,
      body: {
        title: '巴黎7日游规划',
        initial_message: '我想计划一次去巴黎的7日游，预算大概1.5万元，有什么推荐吗？',
      },
    });
    expect(res.status).toBe(201);
    const c = res.body.data;
    expect(c.id).toMatch(/^conv_/);
    expect(c).toMatchObject({
      user_id: alice.id,
      title: '巴黎7日游规划',
      status: 'active',
      // The first message and the assistant's reply to it.
      message_count: 2,
    });
    expect(c.messages).toHaveLength(2);
    expect(c.messages[0]).toMatchObject({ role: 'user', conversation_id: c.id, attachments: [] });
    expect(c.messages[0].content).toContain('巴黎');
    expect(c.messages[1]).toMatchObject({ role: 'assistant', conversation_id: c.id });
    expect(c.messages[1].content.length).toBeGreaterThan(0);

    const list = await api.call('GET', `/v1/conversations/${c.id}/messages`, { token: alice.token });
    // Newest first.
    expect(list.body.data.messages.map((m: { id: string }) => m.id)).toEqual([
      c.messages[1].id,
      c.messages[0].id,
    ]);
  });

  it('defaults the title and allows no first message', async () => {
    const res = await api.call('POST', '/v1/conversations', { token: alice.token, body: {} });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ title: '新对话', message_count: 0, messages: [] });
  });

  it('rejects bad bodies with field details and writes nothing', async () => {
    const before = await snapshot(api);
    for (const [body, field] of [
      [{ title: 'x'.repeat(201) }, 'title'],
      [{ title: '   ' }, 'title'],
      [{ initial_message: 42 }, 'initial_message'],
      [{ initial_message: 'x'.repeat(10_001) }, 'initial_message'],
    ] as const) {
      const res = await api.call('POST', '/v1/conversations', { token: alice.token, body });
      expect(res.status).toBe(400);
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    expect((await api.call('POST', '/v1/conversations', { token: alice.token })).status).toBe(400);
    expect((await api.call('POST', '/v1/conversations', { body: {} })).status).toBe(401);
    expect(diff(before, await snapshot(api))).toEqual([]);
  });
});

describe('POST /v1/conversations/{id}/messages', () => {
  it('stores the user message, maps attachments and answers with the assistant reply', async () => {
    const id = await createConversation(api, alice);
    const res = await api.call('POST', `/v1/conversations/${id}/messages`, {
      token: alice.token,
      headers: { 'accept-language': 'en' },
      body: {
        content: '我希望住在市中心附近，方便游览景点',
        attachments: [{ type: 'image', url: 'https://cdn.example.com/uploads/preference.jpg' }],
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.data.reply).toMatchObject({ role: 'assistant', conversation_id: id });
    const m = res.body.data;
    expect(m).toMatchObject({
      role: 'user',
      conversation_id: id,
      content: '我希望住在市中心附近，方便游览景点',
    });
    expect(m.attachments).toEqual([
      expect.objectContaining({
        type: 'image',
        name: 'preference.jpg',
        url: 'https://cdn.example.com/uploads/preference.jpg',
      }),
    ]);
    expect(m.attachments[0].id).toMatch(/^att_/);
  });

  it('replays an Idempotency-Key instead of storing the message twice', async () => {
    const id = await createConversation(api, alice);
    const send = () =>
      api.call('POST', `/v1/conversations/${id}/messages`, {
        token: alice.token,
        headers: { 'idempotency-key': `msg-key-${id}` },
        body: { content: 'only once' },
      });
    const first = await send();
    const second = await send();
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body.data.id).toBe(first.body.data.id);
    const list = await api.call('GET', `/v1/conversations/${id}/messages`, { token: alice.token });
    // The initial message, this one, and the assistant's reply to each.
    expect(list.body.data.pagination.total).toBe(4);
    expect(list.body.data.messages).toHaveLength(4);
  });

  it('rejects bad messages and unknown conversations without writing', async () => {
    const id = await createConversation(api, alice);
    const before = await snapshot(api);
    for (const [body, field] of [
      [{}, 'content'],
      [{ content: '' }, 'content'],
      [{ content: 'x', attachments: [{ type: 'video', url: 'https://x.example/a' }] }, 'attachments.0.type'],
      [{ content: 'x', attachments: [{ type: 'file', url: 'javascript:alert(1)' }] }, 'attachments.0.url'],
      [
        {
          content: 'x',
          attachments: Array.from({ length: 11 }, () => ({ type: 'file', url: 'https://x.example/a' })),
        },
        'attachments',
      ],
    ] as const) {
      const res = await api.call('POST', `/v1/conversations/${id}/messages`, { token: alice.token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const missing = await api.call('POST', '/v1/conversations/conv_01J00000000000000000000000/messages', {
      token: alice.token,
      body: { content: 'hello' },
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    expect(diff(before, await snapshot(api))).toEqual([]);
  });
});

describe('GET /v1/conversations/{id}/messages', () => {
  let id: string;
  // Oldest first: 25 user messages, each followed by the assistant's reply (50 in all).
  const ids: string[] = [];

  beforeAll(async () => {
    id = await createConversation(api, alice, 'message 0');
    for (let i = 1; i < 25; i++) {
      const res = await api.call('POST', `/v1/conversations/${id}/messages`, {
        token: alice.token,
        body: { content: `message ${i}` },
      });
      expect(res.status).toBe(201);
    }
    const all = await api.call('GET', `/v1/conversations/${id}/messages?limit=100`, { token: alice.token });
    ids.push(...all.body.data.messages.map((m: { id: string }) => m.id).reverse());
    expect(ids).toHaveLength(50);
  });

  it('pages newest first by page number with the seed pagination block and next_cursor', async () => {
    const p1 = await api.call('GET', `/v1/conversations/${id}/messages?page=1&limit=10`, {
      token: alice.token,
    });
    expect(p1.status).toBe(200);
    expect(p1.body.data.pagination).toEqual({ page: 1, limit: 10, total: 50, has_next: true });
    expect(p1.body.data.messages.map((m: { id: string }) => m.id)).toEqual(ids.slice(40).reverse());
    expect(typeof p1.body.data.next_cursor).toBe('string');

    const p2 = await api.call('GET', `/v1/conversations/${id}/messages?page=2&limit=10`, {
      token: alice.token,
    });
    expect(p2.body.data.messages.map((m: { id: string }) => m.id)).toEqual(ids.slice(30, 40).reverse());
    const viaCursor = await api.call(
      'GET',
      `/v1/conversations/${id}/messages?limit=10&cursor=${encodeURIComponent(p1.body.data.next_cursor)}`,
      { token: alice.token },
    );
    expect(viaCursor.body.data.messages).toEqual(p2.body.data.messages);

    const p5 = await api.call('GET', `/v1/conversations/${id}/messages?page=5&limit=10`, {
      token: alice.token,
    });
    expect(p5.body.data.messages.map((m: { id: string }) => m.id)).toEqual(ids.slice(0, 10).reverse());
    expect(p5.body.data.pagination.has_next).toBe(false);
    expect(p5.body.data.next_cursor).toBeNull();

    const p6 = await api.call('GET', `/v1/conversations/${id}/messages?page=6&limit=10`, {
      token: alice.token,
    });
    expect(p6.body.data.messages).toEqual([]);
    expect(p6.body.data.pagination.has_next).toBe(false);
  });

  it('returns only messages before before_message_id', async () => {
    const res = await api.call(
      'GET',
      `/v1/conversations/${id}/messages?limit=3&before_message_id=${ids[10]}`,
      {
        token: alice.token,
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.data.messages.map((m: { id: string }) => m.id)).toEqual([ids[9], ids[8], ids[7]]);
    expect(res.body.data.pagination.has_next).toBe(true);
  });

  it('validates the query with field details', async () => {
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=abc', 'limit'],
      ['page=0', 'page'],
      ['page=1.5', 'page'],
      ['page=900&limit=100', 'page'],
      ['before_message_id=plan_123', 'before_message_id'],
      ['cursor=forged.cursor', 'cursor'],
    ]) {
      const res = await api.call('GET', `/v1/conversations/${id}/messages?${query}`, { token: alice.token });
      expect(res.status, query).toBe(400);
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });

  it('rejects a cursor taken from another conversation', async () => {
    const other = await createConversation(api, alice, 'a');
    for (let i = 0; i < 3; i++) {
      await api.call('POST', `/v1/conversations/${other}/messages`, {
        token: alice.token,
        body: { content: `m${i}` },
      });
    }
    const page = await api.call('GET', `/v1/conversations/${other}/messages?limit=2`, { token: alice.token });
    const cursor = encodeURIComponent(page.body.data.next_cursor);
    const res = await api.call('GET', `/v1/conversations/${id}/messages?limit=2&cursor=${cursor}`, {
      token: alice.token,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('cursor');
  });

  it('answers 404 for an unknown conversation', async () => {
    const res = await api.call('GET', '/v1/conversations/conv_missing/messages', { token: alice.token });
    expect(res.status).toBe(404);
  });
});
