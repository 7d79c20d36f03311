/**
 * Confirming a plan over HTTP enqueues its booking follow-up, end to end as under `npm start`: the
 * API sends a BookingFollowUpMessage to the booking-follow-up queue on fauxqs (its URL from
 * BOOKING_FOLLOW_UP_QUEUE_URL), the local poller runs the real consumer, and the confirmation
 * e-mail (with the trip's .ics) lands in the outbox, the unit of work recorded once per plan
 * version. Only a change INTO `confirmed` sends one. When the queue does not take the message,
 * the confirmation still stands and the response says the follow-up is missing.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { getRuntime } from '../../functions/api/runtime.js';
import { createDocumentClient } from '../../functions/data/dynamo-client.js';
import { localDynamoClient } from '../../local/dynamodb-local.js';
import { createPlan, registerUser, seedPlanBody, type TestUser } from './api-support.js';
import { startTestApi, type TestApi } from '../support/api.js';

let api: TestApi;
let user: TestUser;

beforeAll(async () => {
  api = await startTestApi({ RATE_LIMIT_PER_MINUTE: '1000000' }, { workflows: true });
  user = await registerUser(api, 'traveller');
});
afterAll(async () => {
  await api?.close();
});

const outbox = () => readdirSync(api.workflows!.outboxDir);
const followUps = (planId: string) =>
  outbox()
    .filter((f) => f.endsWith('.eml') && f.includes(`follow-up-${planId}-v`))
    .map((f) => /-v(\d+)\.eml$/.exec(f)![1])
    .sort();

/** Waits (polling the outbox, bounded) until the follow-up e-mail of a plan version is there. */
async function waitForFollowUp(planId: string, version: number, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const file = outbox().find((f) => f.endsWith(`follow-up-${planId}-v${version}.eml`));
    if (file) return file;
    if (Date.now() > deadline) throw new Error(`no follow-up e-mail for ${planId} v${version}: ${outbox()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The booking-follow-up consumer's idempotency record of one plan version. */
async function idempotencyRecord(planId: string, version: number) {
  const key = createHash('sha256').update(`follow_up:${planId}:v${version}`).digest('hex');
  const client = localDynamoClient(inject('dynamoEndpoint'));
  try {
    const out = await createDocumentClient(client).send(
      new GetCommand({
        TableName: api.tableName,
        Key: { pk: `IDEMP#booking-follow-up#${key}`, sk: 'IDEMP' },
        ConsistentRead: true,
      }),
    );
    return out.Item;
  } finally {
    client.destroy();
  }
}

/** The idempotency record once the consumer has completed it (bounded wait), else the last read. */
async function completedRecord(planId: string, version: number, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const record = await idempotencyRecord(planId, version);
    if (record?.['status'] === 'completed' || Date.now() > deadline) return record;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('PUT /v1/travel-plans/{id} to confirmed enqueues the booking follow-up', () => {
  it('sends one follow-up per confirmation; the consumer e-mails it with the .ics', async () => {
    const plan = await createPlan(api, user, seedPlanBody());
    const confirmed = await api.call('PUT', `/v1/travel-plans/${plan.id}`, {
      token: user.token,
      body: { version: 1, status: 'confirmed' },
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.data).toMatchObject({ status: 'confirmed', version: 2 });
    expect(confirmed.body.message).toBe('计划已确认');

    const file = await waitForFollowUp(plan.id, 2);
    const eml = readFileSync(join(api.workflows!.outboxDir, file), 'utf8');
    expect(eml).toContain(`To: ${user.email}`);
    expect(outbox().some((f) => f.includes(`follow-up-${plan.id}-v2`) && f.endsWith('trip.ics'))).toBe(true);
    // The e-mail is written before the consumer completes its record: wait for that too.
    const record = await completedRecord(plan.id, 2);
    expect(record?.['status']).toBe('completed');
    expect(JSON.parse(JSON.parse(String(record?.['response'])).body)).toMatchObject({ status: 'notified' });

    // Edits of a confirmed plan send nothing; leaving and confirming again sends a new one.
    const renamed = await api.call('PUT', `/v1/travel-plans/${plan.id}`, {
      token: user.token,
      body: { version: 2, title: '巴黎浪漫7日游（已确认）', status: 'confirmed' },
    });
    expect(renamed.body.message).toBe('计划已更新');
    await api.call('PUT', `/v1/travel-plans/${plan.id}`, {
      token: user.token,
      body: { version: 3, status: 'planning' },
    });
    const reconfirmed = await api.call('PUT', `/v1/travel-plans/${plan.id}`, {
      token: user.token,
      headers: { 'accept-language': 'en' },
      body: { version: 4, status: 'confirmed' },
    });
    expect(reconfirmed.body).toMatchObject({ message: 'Plan confirmed', data: { version: 5 } });
    await waitForFollowUp(plan.id, 5);
    // The queue is drained in order by one poller: v5 done means nothing else was sent before it.
    expect(followUps(plan.id)).toEqual(['2', '5']);
    expect(await idempotencyRecord(plan.id, 3)).toBeUndefined();
    expect(await idempotencyRecord(plan.id, 4)).toBeUndefined();
  });

  it('keeps the confirmation when the queue does not take the message, and says so', async () => {
    const plan = await createPlan(api, user, seedPlanBody({ title: '巴黎5日游' }));
    const rt = getRuntime();
    const queue = rt.bookingFollowUps;
    rt.bookingFollowUps = {
      enqueue: async () => {
        throw new Error('SQS unavailable');
      },
    };
    try {
      const res = await api.call('PUT', `/v1/travel-plans/${plan.id}`, {
        token: user.token,
        headers: { 'accept-language': 'en' },
        body: { version: 1, status: 'confirmed' },
      });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ status: 'confirmed', version: 2 });
      expect(res.body.message).toBe(
        'Plan confirmed, but the booking follow-up e-mail could not be scheduled',
      );
    } finally {
      rt.bookingFollowUps = queue;
    }
    const read = await api.call('GET', `/v1/travel-plans/${plan.id}`, { token: user.token });
    expect(read.body.data).toMatchObject({ status: 'confirmed', version: 2 });
  });
});
