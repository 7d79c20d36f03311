/**
 * The WebSocket API over real WebSockets against the local gateway (same port as REST):
 * handshakes refused without a valid token of the URL's user, ping/pong, `user_message` stored
 * exactly as REST stores it, invalid frames answered (never a crash), the `auth` frame,
 * `agent_status` frames of planning sessions (in-process, cancelled, and through the PlanTrip
 * state machine), in-app notifications from a workflow consumer, and connections forgotten on
 * disconnect or when the gateway reports them gone.
 */
import { decodeJwt } from 'jose';
import type { SQSEvent } from 'aws-lambda';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Providers } from '../../agents/ports/providers.js';
import { TokenService } from '../../functions/api/auth/tokens.js';
import { configureRuntime, getRuntime } from '../../functions/api/runtime.js';
import { inProcessPlanningRun } from '../../functions/api/services/planning-session.js';
import { createDocumentClient } from '../../functions/data/dynamo-client.js';
import type { Repositories } from '../../functions/data/repositories.js';
import {
  configureWorkflowRuntime,
  setWorkflowRuntime,
  workflowHandler,
} from '../../functions/workflows/runtime.js';
import { LOCAL_REGION, localDynamoClient } from '../../local/dynamodb-local.js';
import {
  createConversation,
  createPlan,
  registerUser,
  sessionBody,
  startApi,
  waitForSession,
  type TestApi,
  type TestUser,
} from './api-support.js';
import { tableRepositories } from './auth-helpers.js';
import { testNow, testNowMs } from '../support/clock.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Frame = { type: string; data: any };

let api: TestApi;
let repos: Repositories;
let alice: TestUser;
let bob: TestUser;
let conversationId: string;

/** A connected test client: every frame received, and waiting for the next one that matches. */
class Client {
  readonly frames: Frame[] = [];
  #taken = new Set<number>();
  #listeners = new Set<() => void>();

  constructor(
    readonly socket: WebSocket,
    /** The gateway's id of this connection. */
    readonly connectionId: string,
  ) {
    socket.on('message', (data: WebSocket.RawData) => {
      this.frames.push(JSON.parse(String(data)) as Frame);
      for (const l of this.#listeners) l();
    });
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame));
  }

  /** The first frame not taken yet that matches (waiting for it up to `timeoutMs`). */
  next(match: (f: Frame) => boolean = () => true, timeoutMs = 10_000): Promise<Frame> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const i = this.frames.findIndex((f, k) => !this.#taken.has(k) && match(f));
        if (i < 0) return false;
        this.#taken.add(i);
        this.#listeners.delete(check);
        clearTimeout(timer);
        resolve(this.frames[i]!);
        return true;
      };
      const timer = setTimeout(() => {
        this.#listeners.delete(check);
        reject(new Error(`no matching frame; received ${JSON.stringify(this.frames.map((f) => f.type))}`));
      }, timeoutMs);
      if (!check()) this.#listeners.add(check);
    });
  }

  /** Sends a frame and waits for the next answer of one of `types`. */
  async ask(frame: unknown, ...types: string[]): Promise<Frame> {
    const answer = this.next((f) => types.includes(f.type));
    this.send(frame);
    return answer;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.close(1000);
    });
  }
}

const chatUrl = (userId: string, token?: string) =>
  `${api.gateway.wsUrl}/${encodeURIComponent(userId)}` + (token ? `?token=${encodeURIComponent(token)}` : '');

async function connect(user: TestUser, token = user.token): Promise<Client> {
  const before = new Set(api.gateway.websocket.connections.keys());
  const socket = new WebSocket(chatUrl(user.id, token));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`refused: ${res.statusCode}`)));
  });
  const id = [...api.gateway.websocket.connections.keys()].find((k) => !before.has(k));
  if (!id) throw new Error('the gateway has no new connection');
  return new Client(socket, id);
}

/** Opens a WebSocket expected to be refused: the handshake's status and body. */
function refusal(url: string): Promise<{ status: number; body: Frame | null }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => {
      socket.close();
      reject(new Error('the handshake was accepted'));
    });
    socket.once('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString('utf8')));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Frame) : null }),
      );
    });
    socket.once('error', () => undefined);
  });
}

async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`condition not met: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const isChinese = (s: unknown) => typeof s === 'string' && /[\u4e00-\u9fff]/.test(s);
const agentFrames = (c: Client, sessionId: string) =>
  c.frames.filter((f) => f.type === 'agent_status' && f.data.session_id === sessionId);

beforeAll(async () => {
  api = await startApi();
  repos = tableRepositories(api);
  alice = await registerUser(api, 'alice');
  bob = await registerUser(api, 'bob');
  conversationId = await createConversation(api, alice, '帮我规划从上海去北京的三日游');
});
afterAll(async () => {
  await api?.close();
});

describe('WebSocket $connect', () => {
  it('refuses a missing, invalid, expired, foreign-key or revoked token (401) and another user (403)', async () => {
    const claims = decodeJwt(alice.token);
    const signer = new TokenService(process.env['JWT_SECRET']!, 'ai-travel-planner', 900, testNow);
    const expired = await signer.sign(
      { userId: alice.id, role: 'user', sessionId: String(claims['sid']) },
      new Date(testNowMs() - 2 * 3600_000),
    );
    const foreign = await new TokenService('x'.repeat(40), 'ai-travel-planner', 900).sign({
      userId: alice.id,
      role: 'user',
      sessionId: String(claims['sid']),
    });
    const carol = await registerUser(api, 'carol');
    expect((await api.call('POST', '/v1/auth/logout', { token: carol.token, body: {} })).status).toBe(200);

    const cases: [string, number, string][] = [
      [chatUrl(alice.id), 401, 'AUTH_FAILED'],
      [chatUrl(alice.id, 'not-a-jwt'), 401, 'AUTH_FAILED'],
      [chatUrl(alice.id, expired), 401, 'TOKEN_EXPIRED'],
      [chatUrl(alice.id, foreign), 401, 'AUTH_FAILED'],
      [chatUrl(carol.id, carol.token), 401, 'AUTH_FAILED'],
      [chatUrl(alice.id, bob.token), 403, 'FORBIDDEN'],
    ];
    for (const [url, status, code] of cases) {
      const res = await refusal(url);
      expect(res.status, code).toBe(status);
      expect(res.body?.type).toBe('error');
      expect(res.body?.data.code).toBe(code);
      expect(isChinese(res.body?.data.message)).toBe(true);
      expect(res.body?.data.message_en).toMatch(/[a-z]/);
    }
    expect((await refusal(`${api.gateway.url.replace('http', 'ws')}/v1/ws/elsewhere`)).status).toBe(404);
    // Nothing was stored for refused handshakes.
    expect(await repos.connections.listByUser(alice.id)).toEqual([]);
    expect(await repos.connections.listByUser(carol.id)).toEqual([]);
  });

  it('accepts a good token: the connection is stored for the token`s lifetime; ping -> pong', async () => {
    const client = await connect(alice);
    try {
      const stored = await repos.connections.get(client.connectionId);
      expect(stored).toMatchObject({ connectionId: client.connectionId, userId: alice.id });
      expect(stored!.expiresAt).toBe(decodeJwt(alice.token).exp);
      const pong = await client.ask({ type: 'ping' }, 'pong');
      expect(Date.parse(pong.data.timestamp)).toBeGreaterThan(testNowMs() - 60_000);
    } finally {
      await client.close();
    }
  });
});

describe('WebSocket frames', () => {
  it('stores a user_message exactly as POST /v1/conversations/{id}/messages does', async () => {
    const client = await connect(alice);
    try {
      const stored = await client.ask(
        {
          type: 'user_message',
          data: {
            conversation_id: conversationId,
            content: '帮我找找巴黎的酒店',
            message_id: 'client-msg-1',
            attachments: [{ type: 'image', url: 'https://example.com/photos/eiffel%20tower.jpg' }],
          },
        },
        'message_stored',
        'message_error',
      );
      expect(stored.type).toBe('message_stored');
      expect(stored.data).toMatchObject({
        conversation_id: conversationId,
        client_message_id: 'client-msg-1',
      });
      expect(stored.data.message_id).toMatch(/^msg_/);

      const list = await api.call('GET', `/v1/conversations/${conversationId}/messages?limit=50`, {
        token: alice.token,
      });
      expect(list.status).toBe(200);
      const message = list.body.data.messages.find((m: { id: string }) => m.id === stored.data.message_id);
      expect(message).toMatchObject({
        conversation_id: conversationId,
        role: 'user',
        content: '帮我找找巴黎的酒店',
        timestamp: stored.data.timestamp,
      });
      // The attachment is built by the same code as REST's: its name comes from the URL.
      expect(message.attachments).toEqual([
        expect.objectContaining({
          type: 'image',
          name: 'eiffel tower.jpg',
          url: 'https://example.com/photos/eiffel%20tower.jpg',
        }),
      ]);
    } finally {
      await client.close();
    }
  });

  it('answers invalid frames with bilingual error / message_error frames and stays connected', async () => {
    const bobConversation = await createConversation(api, bob, 'hi');
    const countMessages = async () =>
      (await api.call('GET', `/v1/conversations/${conversationId}/messages?limit=50`, { token: alice.token }))
        .body.data.pagination.total as number;
    const before = await countMessages();
    const client = await connect(alice);
    try {
      const notJson = await client.ask('this is not json', 'error');
      expect(notJson.data).toMatchObject({ code: 'VALIDATION_ERROR', details: [{ field: '(frame)' }] });
      expect(isChinese(notJson.data.message)).toBe(true);
      expect(notJson.data.message_en).toBe('The frame is not valid JSON');

      const noType = await client.ask({ data: {} }, 'error');
      expect(noType.data.details[0].field).toBe('type');

      const unknown = await client.ask({ type: 'dance', data: {} }, 'error');
      expect(unknown.data.code).toBe('VALIDATION_ERROR');
      expect(unknown.data.details[0].message_en).toContain('"dance"');

      const binary = await client.ask(Buffer.from([0xff, 0x00, 0x12]), 'error');
      expect(binary.data.code).toBe('VALIDATION_ERROR');

      const invalid = await client.ask(
        {
          type: 'user_message',
          data: { conversation_id: conversationId, content: '   ', message_id: 'm-2' },
        },
        'message_error',
        'message_stored',
      );
      expect(invalid).toMatchObject({
        type: 'message_error',
        data: { message_id: 'm-2', error_code: 'VALIDATION_ERROR' },
      });
      expect(invalid.data.details.map((d: { field: string }) => d.field)).toEqual(['content']);
      expect(isChinese(invalid.data.error_message)).toBe(true);
      expect(invalid.data.error_message_en).toBe('The message is not valid');
      expect(invalid.data.details[0].message_en).not.toBe(invalid.data.details[0].message);

      for (const target of [bobConversation, 'conv_01J00000000000000000000000']) {
        const notFound = await client.ask(
          { type: 'user_message', data: { conversation_id: target, content: 'hello', message_id: 'm-3' } },
          'message_error',
          'message_stored',
        );
        expect(notFound.data).toMatchObject({ message_id: 'm-3', error_code: 'NOT_FOUND' });
      }
      const noData = await client.ask({ type: 'user_message' }, 'message_error', 'message_stored');
      expect(noData.data.message_id).toBeNull();
      expect(noData.data.details.map((d: { field: string }) => d.field).sort()).toEqual([
        'content',
        'conversation_id',
      ]);

      // Still connected and served.
      expect((await client.ask({ type: 'ping' }, 'pong')).type).toBe('pong');
      expect(await countMessages()).toBe(before);
    } finally {
      await client.close();
    }
  });

  it('re-authenticates with an auth frame; refuses another user`s or an invalid token', async () => {
    const client = await connect(alice);
    try {
      const login = await api.call('POST', '/v1/auth/login', {
        body: { email: alice.email, password: 'Secure-pass-2027' },
      });
      expect(login.status).toBe(200);
      const fresh = login.body.data.access_token as string;

      const ok = await client.ask({ type: 'auth', data: { token: fresh } }, 'auth_ok', 'error');
      expect(ok).toMatchObject({ type: 'auth_ok', data: { user_id: alice.id } });
      expect(Date.parse(ok.data.expires_at) / 1000).toBe(decodeJwt(fresh).exp);
      expect((await repos.connections.get(client.connectionId))!.expiresAt).toBe(decodeJwt(fresh).exp);

      const other = await client.ask({ type: 'auth', data: { token: bob.token } }, 'auth_ok', 'error');
      expect(other.data.code).toBe('FORBIDDEN');
      const bad = await client.ask({ type: 'auth', data: { token: 'garbage' } }, 'auth_ok', 'error');
      expect(bad.data.code).toBe('AUTH_FAILED');
      const missing = await client.ask({ type: 'auth', data: {} }, 'auth_ok', 'error');
      expect(missing.data).toMatchObject({ code: 'VALIDATION_ERROR', details: [{ field: 'token' }] });

      // Once the connection's token has expired, frames are refused until it authenticates again.
      const record = (await repos.connections.get(client.connectionId))!;
      await repos.connections.put({ ...record, expiresAt: Math.floor(testNowMs() / 1000) - 1 });
      const refused = await client.ask(
        { type: 'user_message', data: { conversation_id: conversationId, content: 'still there?' } },
        'error',
        'message_stored',
      );
      expect(refused).toMatchObject({ type: 'error', data: { code: 'TOKEN_EXPIRED' } });
      expect((await client.ask({ type: 'auth', data: { token: fresh } }, 'auth_ok', 'error')).type).toBe(
        'auth_ok',
      );
      const accepted = await client.ask(
        { type: 'user_message', data: { conversation_id: conversationId, content: 'still there?' } },
        'error',
        'message_stored',
      );
      expect(accepted.type).toBe('message_stored');
    } finally {
      await client.close();
    }
  });
});

describe('agent_status frames', () => {
  const SPECIALISTS = ['flight', 'hotel', 'itinerary', 'budget'];

  it('reports each agent and the session`s end to every connection of the owner only', async () => {
    const [first, second, other] = [await connect(alice), await connect(alice), await connect(bob)];
    try {
      const res = await api.call('POST', '/v1/agents/sessions', {
        token: alice.token,
        body: sessionBody(conversationId, { start_date: '2027-05-10' }),
      });
      expect(res.status).toBe(202);
      const sessionId = res.body.data.session_id as string;
      const end = await first.next((f) => f.type === 'agent_status' && f.data.agent_type === 'coordinator');
      const status = await waitForSession(api, alice, sessionId);
      expect(end.data).toMatchObject({
        session_id: sessionId,
        status: 'completed',
        result: { plan_id: status.plan_id },
      });
      expect(typeof end.data.result.warnings).toBe('number');

      const frames = agentFrames(first, sessionId);
      expect(frames.map((f) => f.data.agent_type).sort()).toEqual([...SPECIALISTS, 'coordinator'].sort());
      expect(frames.at(-1)!.data.agent_type).toBe('coordinator');
      for (const f of frames) expect(f.data.status).toBe('completed');
      const byAgent = Object.fromEntries(frames.map((f) => [f.data.agent_type, f.data.result]));
      expect(byAgent['flight'].flights_found).toBeGreaterThan(0);
      expect(byAgent['hotel'].hotels_found).toBeGreaterThan(0);
      expect(byAgent['itinerary'].days).toBe(3);
      // The plan's budget table and the budget agent's summary agree.
      const plan = await api.call('GET', `/v1/travel-plans/${status.plan_id}`, { token: alice.token });
      expect(byAgent['budget']).toMatchObject({ budget: 15000, within_budget: true });
      expect(plan.body.data.total_budget).toBe(byAgent['budget'].budget);

      await second.next((f) => f.type === 'agent_status' && f.data.agent_type === 'coordinator');
      expect(agentFrames(second, sessionId)).toHaveLength(frames.length);
      expect(other.frames.filter((f) => f.type === 'agent_status')).toEqual([]);
    } finally {
      await Promise.all([first.close(), second.close(), other.close()]);
    }
  });

  it('reports a failed session with its reason', async () => {
    const client = await connect(alice);
    try {
      const res = await api.call('POST', '/v1/agents/sessions', {
        token: alice.token,
        body: sessionBody(conversationId, { destination: 'Atlantis-on-Mars' }),
      });
      const sessionId = res.body.data.session_id as string;
      const end = await client.next((f) => f.type === 'agent_status' && f.data.session_id === sessionId);
      expect(end.data).toMatchObject({
        agent_type: 'coordinator',
        status: 'failed',
        result: { error_code: 'UNKNOWN_CITY' },
      });
      expect(end.data.result.error_message).toContain('Atlantis-on-Mars');
      expect(isChinese(end.data.result.error_message_zh)).toBe(true);
      expect((await waitForSession(api, alice, sessionId)).status).toBe('failed');
    } finally {
      await client.close();
    }
  });

  it('reports a cancelled session, and nothing of the agents that never finished', async () => {
    const rt = getRuntime();
    const original: Providers = rt.providers;
    let release!: () => void;
    let entered!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const searching = new Promise<void>((r) => (entered = r));
    rt.providers = {
      ...original,
      flights: {
        search: async (query) => {
          entered();
          await gate;
          return original.flights.search(query);
        },
      },
    };
    const client = await connect(alice);
    let sessionId = '';
    try {
      const res = await api.call('POST', '/v1/agents/sessions', {
        token: alice.token,
        body: sessionBody(conversationId),
      });
      sessionId = res.body.data.session_id as string;
      await searching;
      const cancelled = await api.call('POST', `/v1/agents/sessions/${sessionId}/cancel`, {
        token: alice.token,
      });
      expect(cancelled.status).toBe(200);
      const end = await client.next((f) => f.type === 'agent_status' && f.data.session_id === sessionId);
      expect(end.data).toMatchObject({ agent_type: 'coordinator', status: 'cancelled' });
    } finally {
      release();
      rt.providers = original;
    }
    await inProcessPlanningRun(sessionId);
    await client.ask({ type: 'ping' }, 'pong'); // anything pushed meanwhile has arrived
    expect(agentFrames(client, sessionId).map((f) => f.data.status)).toEqual(['cancelled']);
    await client.close();
  });

  it('forgets a connection the gateway reports gone, and planning goes on', async () => {
    const stale = 'stale-connection-x=';
    await repos.connections.put({
      connectionId: stale,
      userId: alice.id,
      connectedAt: testNow().toISOString(),
      expiresAt: Math.floor(testNowMs() / 1000) + 600,
    });
    const client = await connect(alice);
    try {
      const res = await api.call('POST', '/v1/agents/sessions', {
        token: alice.token,
        body: sessionBody(conversationId),
      });
      const sessionId = res.body.data.session_id as string;
      await client.next((f) => f.type === 'agent_status' && f.data.agent_type === 'coordinator');
      expect((await waitForSession(api, alice, sessionId)).status).toBe('completed');
      expect(await repos.connections.get(stale)).toBeNull();
      expect(await repos.connections.get(client.connectionId)).not.toBeNull();
    } finally {
      await client.close();
    }
  });
});

describe('in-app notifications', () => {
  it('reach the user`s connected clients from a workflow consumer (postToConnection)', async () => {
    const plan = await createPlan(api, alice);
    const [client, other] = [await connect(alice), await connect(bob)];
    try {
      // The consumer's runtime from the environment startTestApi set (WEBSOCKET_ENDPOINT included);
      // its clients take the region from the environment, as under `npm start`.
      process.env['AWS_REGION'] ??= LOCAL_REGION;
      configureWorkflowRuntime({ now: testNow });
      const event = {
        Records: [
          {
            messageId: 'msg-1',
            body: JSON.stringify({
              type: 'booking_follow_up',
              userId: alice.id,
              planId: plan.id,
              version: 1,
            }),
          },
        ],
      } as unknown as SQSEvent;
      const out = await workflowHandler('booking-follow-up')(event);
      expect(out.batchItemFailures).toEqual([]);
      const notification = await client.next((f) => f.type === 'notification');
      expect(notification.data).toMatchObject({
        id: `follow-up-${plan.id}-v1`,
        user_id: alice.id,
        kind: 'booking_confirmation',
        data: { planId: plan.id },
      });
      expect(notification.data.title).toBeTruthy();
      await other.ask({ type: 'ping' }, 'pong');
      expect(other.frames.filter((f) => f.type === 'notification')).toEqual([]);
    } finally {
      setWorkflowRuntime(undefined);
      await Promise.all([client.close(), other.close()]);
    }
  });
});

describe('WebSocket $disconnect', () => {
  it('removes the connection', async () => {
    const client = await connect(alice);
    expect(await repos.connections.get(client.connectionId)).not.toBeNull();
    await client.close();
    await until(
      () => repos.connections.get(client.connectionId),
      (c) => c === null,
    );
    expect(api.gateway.websocket.connections.has(client.connectionId)).toBe(false);
  });
});

describe('agent_status through the PlanTrip state machine (PLANNER_MODE=stepfunctions)', () => {
  it('pushes the same frames from the task functions', async () => {
    const { installLocalPlanTrip } = await import('../../local/stepfunctions/install.js');
    const client = await connect(alice);
    const dynamo = localDynamoClient(inject('dynamoEndpoint'));
    try {
      installLocalPlanTrip({ client: createDocumentClient(dynamo), tableName: api.tableName });
      // Synthesizing blocked the event loop for seconds: let the server close the idle keep-alive
      // sockets it timed out before the next request could pick one of them.
      await new Promise((r) => setTimeout(r, 300));
      const res = await api.call('POST', '/v1/agents/sessions', {
        token: alice.token,
        body: sessionBody(conversationId),
      });
      const sessionId = res.body.data.session_id as string;
      const end = await client.next(
        (f) =>
          f.type === 'agent_status' && f.data.session_id === sessionId && f.data.agent_type === 'coordinator',
        20_000,
      );
      const status = await waitForSession(api, alice, sessionId);
      expect(end.data).toMatchObject({ status: 'completed', result: { plan_id: status.plan_id } });
      const frames = agentFrames(client, sessionId);
      // One frame per agent, even though the itinerary may be rebuilt per budget level.
      expect(frames.map((f) => f.data.agent_type).sort()).toEqual(
        ['budget', 'coordinator', 'flight', 'hotel', 'itinerary'].sort(),
      );
      expect(frames.find((f) => f.data.agent_type === 'flight')!.data.result.flights_found).toBeGreaterThan(
        0,
      );
    } finally {
      configureRuntime({ now: testNow });
      dynamo.destroy();
      await client.close();
    }
  }, 60_000);
});
