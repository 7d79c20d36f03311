/**
 * Helpers for the REST end-to-end tests (test/e2e/api-*.test.ts): real users with real tokens from
 * POST /v1/auth/register, request bodies in the seed's shapes, polling of agent sessions, and table
 * snapshots that prove a failed write changed nothing.
 */
import { randomBytes } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { createDocumentClient } from '../../functions/data/dynamo-client.js';
import { localDynamoClient } from '../../local/dynamodb-local.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDate } from '../support/clock.js';

/** A parsed JSON response body (shape checked by the assertions). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = any;

export { startTestApi, type TestApi };

/** The test API with rate limits high enough for fuzzing from one address. */
export function startApi(): Promise<TestApi> {
  return startTestApi({ RATE_LIMIT_PER_MINUTE: '1000000' });
}

export interface TestUser {
  id: string;
  token: string;
  email: string;
  username: string;
}

let counter = 0;

/** Registers a user through POST /v1/auth/register: a real account and a real access token. */
export async function registerUser(api: TestApi, prefix = 'user'): Promise<TestUser> {
  const username = `${prefix}_${(counter++).toString(36)}${randomBytes(4).toString('hex')}`;
  const email = `${username}@example.com`;
  const res = await api.call('POST', '/v1/auth/register', {
    body: { username, email, password: 'Secure-pass-2027', phone: '+86-13800138000' },
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.data.user.id, token: res.body.data.access_token, email, username };
}

/** A date `days` from the tests' today (test/support/clock.ts), `YYYY-MM-DD`. */
export function daysFromNow(days: number): string {
  return testDate(days);
}

/** The seed's POST /v1/travel-plans body (Paris, 7 days, 2 travellers), with overrides. */
export function seedPlanBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: '巴黎浪漫7日游',
    destinations: [
      {
        name: '巴黎',
        country: '法国',
        city: '巴黎',
        coordinates: [48.8566, 2.3522],
        arrival_date: '2027-06-01',
        departure_date: '2027-06-07',
        is_primary: true,
      },
    ],
    start_date: '2027-06-01',
    end_date: '2027-06-07',
    total_budget: 15000,
    traveler_count: 2,
    traveler_details: [
      { name: '张三', age: 28, passport_country: 'CN', is_primary: true },
      { name: '李四', age: 26, passport_country: 'CN' },
    ],
    ...overrides,
  };
}

/** A plan the planner can re-plan: Shanghai -> Beijing, 3 days, 2 adults. */
export function plannablePlanBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: '北京3日游',
    origin: '上海',
    destinations: [{ name: '北京', arrival_date: '2027-05-10', departure_date: '2027-05-12' }],
    start_date: '2027-05-10',
    end_date: '2027-05-12',
    total_budget: 15000,
    traveler_count: 2,
    ...overrides,
  };
}

/** The seed's POST /v1/agents/sessions body with an origin (Shanghai -> Beijing, 3 days). */
export function sessionBody(conversationId: string, requirements: Record<string, unknown> = {}) {
  return {
    conversation_id: conversationId,
    task_type: 'comprehensive_planning',
    requirements: {
      origin: '上海',
      destination: '北京',
      budget: 15000,
      duration: 3,
      travelers: 2,
      ...requirements,
    },
  };
}

export async function createConversation(api: TestApi, user: TestUser, initial = '你好'): Promise<string> {
  const res = await api.call('POST', '/v1/conversations', {
    token: user.token,
    body: { title: '测试对话', initial_message: initial },
  });
  if (res.status !== 201) throw new Error(`conversation: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data.id as string;
}

export async function createPlan(
  api: TestApi,
  user: TestUser,
  body: Record<string, unknown> = seedPlanBody(),
): Promise<Body> {
  const res = await api.call('POST', '/v1/travel-plans', { token: user.token, body });
  if (res.status !== 201) throw new Error(`plan: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}

/** Polls a session until it ends: completed, failed or cancelled. */
export async function waitForSession(
  api: TestApi,
  user: TestUser,
  sessionId: string,
  timeoutMs = 20_000,
): Promise<Body> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api.call('GET', `/v1/agents/sessions/${sessionId}/status`, { token: user.token });
    if (res.status !== 200) throw new Error(`status: ${res.status} ${JSON.stringify(res.body)}`);
    if (['completed', 'failed', 'cancelled'].includes(res.body.data.status)) return res.body.data;
    if (Date.now() > deadline) throw new Error(`session ${sessionId} still ${res.body.data.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Entities whose items a failed request must leave untouched (counters and idempotency records aside). */
const DOMAIN_ENTITIES = new Set([
  'USER',
  'EMAIL_LOCK',
  'USERNAME_LOCK',
  'PLAN',
  'CONVERSATION',
  'MESSAGE',
  'AGENT_SESSION',
  'AGENT_INTERACTION',
  'SHARE_LINK',
]);

/** Reads every domain item of the API's table: key -> the item as JSON. */
export async function snapshot(api: TestApi): Promise<Map<string, string>> {
  const client = localDynamoClient(inject('dynamoEndpoint'));
  const doc = createDocumentClient(client);
  const items = new Map<string, string>();
  try {
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await doc.send(
        new ScanCommand({ TableName: api.tableName, ExclusiveStartKey: startKey, ConsistentRead: true }),
      );
      for (const item of out.Items ?? []) {
        if (DOMAIN_ENTITIES.has(String(item['entity']))) {
          items.set(`${String(item['pk'])}|${String(item['sk'])}`, JSON.stringify(item));
        }
      }
      startKey = out.LastEvaluatedKey;
    } while (startKey);
  } finally {
    client.destroy();
  }
  return items;
}

/** Keys added, removed or changed between two snapshots. */
export function diff(before: Map<string, string>, after: Map<string, string>): string[] {
  const changed: string[] = [];
  for (const [k, v] of before) if (after.get(k) !== v) changed.push(`changed/removed ${k}`);
  for (const k of after.keys()) if (!before.has(k)) changed.push(`added ${k}`);
  return changed;
}

/** Counts domain items by entity. */
export function countByEntity(snap: Map<string, string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of snap.values()) {
    const entity = String((JSON.parse(v) as Record<string, unknown>)['entity']);
    counts[entity] = (counts[entity] ?? 0) + 1;
  }
  return counts;
}
