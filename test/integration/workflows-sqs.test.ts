/**
 * The async workflow consumers against fauxqs (SQS) and DynamoDB Local: a message processed end
 * to end into the outbox, duplicate delivery processed once, a poison message moved to the DLQ
 * after its maximum receives, partial batch failure, and the scheduled sweep fanning out.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
  GetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../agents/ids.js';
import type { TravelPlan } from '../../agents/schemas/travel-plan.js';
import type { User } from '../../agents/schemas/user.js';
import { PreferenceNotifier } from '../../agents/workflows/notifier.js';
import { createOfflineProviders } from '../../knowledge/offline/providers.js';
import { WORKFLOW_QUEUES, type WorkflowQueueName } from '../../functions/workflows/queues.js';
import {
  setWorkflowRuntime,
  workflowHandler,
  type WorkflowRuntime,
} from '../../functions/workflows/runtime.js';
import { DynamoTripSource } from '../../functions/workflows/trip-source.js';
import { demoPlan, demoUser } from '../../local/demo-data.js';
import { ensureLocalQueues, type LocalQueue } from '../../local/workflows/local-queues.js';
import { OutboxSender } from '../../local/workflows/outbox.js';
import { pollOnce } from '../../local/workflows/poller.js';
import { sendSweep } from '../../local/workflows/scheduler.js';
import { createTestTable, type TestTable } from '../support/dynamo.js';
import { waitFor } from '../support/wait.js';

let fauxqs: Awaited<ReturnType<typeof startFauxqs>>;
let sqs: SQSClient;
let t: TestTable;
let queues: Record<WorkflowQueueName, LocalQueue>;
let outboxDir: string;
let user: User;
let plan: TravelPlan;

const region = 'us-east-1';

function tripPlan(userId: string): TravelPlan {
  return demoPlan(userId, {
    status: 'confirmed',
    flights: [
      {
        id: newId('flight'),
        flightNumber: 'CA933',
        airline: 'Air China',
        departureAirport: 'PEK',
        arrivalAirport: 'CDG',
        departureCity: 'Beijing',
        arrivalCity: 'Paris',
        departureTime: '2027-06-01T13:30:00+08:00',
        arrivalTime: '2027-06-01T19:05:00+02:00',
        flightDuration: 695,
        price: 3500,
        seatClass: 'economy',
        baggageAllowance: '23kg',
        passengers: 2,
      },
    ],
    accommodations: [
      {
        id: newId('accommodation'),
        name: 'Hôtel du Louvre',
        type: 'hotel',
        address: 'Place André Malraux, Paris',
        city: 'Paris',
        roomType: 'double',
        bedConfiguration: '1 queen',
        maxOccupancy: 2,
        checkInDate: '2027-06-01',
        checkOutDate: '2027-06-07',
        nights: 6,
        pricePerNight: 750,
        totalPrice: 4500,
      },
    ],
  });
}

async function drain(queue: LocalQueue, rounds = 3): Promise<void> {
  const handler = workflowHandler(queue.definition.name);
  for (let i = 0; i < rounds; i++) {
    await pollOnce({ client: sqs, queueUrl: queue.url, queueArn: queue.arn, handler, waitSeconds: 0 });
  }
}

const outboxFiles = (fragment: string) => readdirSync(outboxDir).filter((f) => f.includes(fragment));

async function send(queue: LocalQueue, body: unknown): Promise<void> {
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queue.url,
      MessageBody: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

beforeAll(async () => {
  fauxqs = await startFauxqs({ port: 0, logger: false });
  sqs = new SQSClient({
    endpoint: fauxqs.address,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  t = await createTestTable('workflows');
  queues = await ensureLocalQueues(sqs, { prefix: `t${Date.now()}-`, visibilityTimeoutSeconds: 1 });
  outboxDir = mkdtempSync(join(tmpdir(), 'outbox-'));
  const outbox = new OutboxSender({ dir: outboxDir });
  const runtime: WorkflowRuntime = {
    repos: t.repos,
    deps: {
      plans: t.repos.plans,
      users: t.repos.users,
      providers: createOfflineProviders(),
      notifier: new PreferenceNotifier(outbox.senders()),
    },
    trips: new DynamoTripSource({ client: t.doc, tableName: t.tableName }),
    sqs,
    queueUrls: Object.fromEntries(Object.entries(queues).map(([k, q]) => [k, q.url])),
  };
  setWorkflowRuntime(runtime);
  user = await t.repos.users.create(
    demoUser({
      preferences: { notificationPreferences: { email: true, sms: true, push: false, price_alerts: true } },
    }),
  );
  plan = await t.repos.plans.create(tripPlan(user.id));
});

afterAll(async () => {
  setWorkflowRuntime(undefined);
  sqs?.destroy();
  await fauxqs?.stop();
  if (outboxDir) rmSync(outboxDir, { recursive: true, force: true });
});

describe('workflow queues on fauxqs', () => {
  it('every queue has a dead-letter queue with its maxReceiveCount', async () => {
    for (const def of WORKFLOW_QUEUES) {
      const out = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queues[def.name].url, AttributeNames: ['RedrivePolicy'] }),
      );
      const policy = JSON.parse(out.Attributes?.['RedrivePolicy'] ?? '{}') as Record<string, unknown>;
      expect(policy['deadLetterTargetArn']).toBe(queues[def.name].dlqArn);
      expect(Number(policy['maxReceiveCount'])).toBe(def.maxReceiveCount);
    }
  });

  it('processes a booking follow-up end to end into the outbox (.eml with the .ics, SMS .json)', async () => {
    await send(queues['booking-follow-up'], {
      type: 'booking_follow_up',
      userId: user.id,
      planId: plan.id,
      version: 1,
    });
    await drain(queues['booking-follow-up']);
    const eml = outboxFiles(`follow-up-${plan.id}-v1`).filter((f) => f.endsWith('.eml'));
    expect(eml).toHaveLength(1);
    const mime = readFileSync(join(outboxDir, eml[0]!), 'utf8');
    expect(mime).toContain(`To: ${user.email}`);
    expect(mime).toContain('Content-Type: multipart/mixed');
    expect(mime).toContain('filename="trip.ics"');
    const ics = outboxFiles(`follow-up-${plan.id}-v1-trip.ics`);
    expect(ics).toHaveLength(1);
    const calendar = readFileSync(join(outboxDir, ics[0]!), 'utf8');
    expect(calendar).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(calendar).toContain('DTSTART:20270601T053000Z');
    expect(calendar).toContain('DTSTART;VALUE=DATE:20270601');
    const sms = outboxFiles(`sms-follow-up-${plan.id}-v1`);
    expect(sms).toHaveLength(1);
    // push is off in this user's preferences: no in-app message.
    expect(outboxFiles(`in-app-follow-up-${plan.id}`)).toHaveLength(0);
  });

  it('processes a duplicate delivery once', async () => {
    const message = { type: 'trip_reminder', userId: user.id, planId: plan.id, date: '2027-05-31' };
    await send(queues['trip-reminder'], message);
    await send(queues['trip-reminder'], message);
    await drain(queues['trip-reminder']);
    await send(queues['trip-reminder'], message);
    await drain(queues['trip-reminder']);
    expect(outboxFiles(`email-reminder-${plan.id}`).filter((f) => f.endsWith('.eml'))).toHaveLength(1);
  });

  it('reports partial batch failures: the good record is deleted, the poison one returns', async () => {
    const queue = queues['weather-watch'];
    await send(queue, { type: 'weather_check', userId: user.id, planId: plan.id, date: '2027-06-01' });
    await send(queue, '{"type":"weather_check"'); // truncated JSON
    const handler = workflowHandler('weather-watch');
    const responses: string[][] = [];
    await pollOnce({
      client: sqs,
      queueUrl: queue.url,
      queueArn: queue.arn,
      waitSeconds: 1,
      handler: async (event) => {
        const response = await handler(event);
        responses.push(response.batchItemFailures.map((f) => f.itemIdentifier));
        expect(event.Records).toHaveLength(2);
        const poison = event.Records.find((r) => r.body === '{"type":"weather_check"');
        expect(response.batchItemFailures).toEqual([{ itemIdentifier: poison!.messageId }]);
        return response;
      },
    });
    expect(responses).toHaveLength(1);
    // The poison message comes back once its visibility timeout (1 s) has passed.
    const again = await waitFor(
      async () =>
        (
          await sqs.send(
            new ReceiveMessageCommand({ QueueUrl: queue.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
          )
        ).Messages,
      { what: 'the poison message to return' },
    );
    expect(again.map((m) => m.Body)).toEqual(['{"type":"weather_check"']);
  });

  it('moves a poison message to the DLQ after its maximum receives', async () => {
    const queue = queues['price-watch'];
    await send(queue, { type: 'price_check', userId: 'nobody' }); // fails the schema every time
    const handler = workflowHandler('price-watch');
    let receives = 0;
    for (let i = 0; i < queue.definition.maxReceiveCount + 3; i++) {
      receives += await pollOnce({
        client: sqs,
        queueUrl: queue.url,
        queueArn: queue.arn,
        handler,
        waitSeconds: 2,
      });
    }
    expect(receives).toBe(queue.definition.maxReceiveCount);
    const dlq = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queue.dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    expect(dlq.Messages?.map((m) => JSON.parse(m.Body!) as unknown)).toEqual([
      { type: 'price_check', userId: 'nobody' },
    ]);
  });

  it('fans a scheduled sweep out into per-trip checks (reminder the day before)', async () => {
    const queue = queues['trip-reminder'];
    rmSync(outboxDir, { recursive: true, force: true });
    new OutboxSender({ dir: outboxDir }); // recreate the folder
    // A second trip of the same user starting 2027-06-01; the sweep runs on 2027-05-31.
    const other = await t.repos.plans.create(tripPlan(user.id));
    await sendSweep(sqs, queue, new Date('2027-05-31T09:00:00Z'));
    await drain(queue, 4);
    expect(outboxFiles(`email-reminder-${other.id}`).filter((f) => f.endsWith('.eml'))).toHaveLength(1);
    // The first plan's reminder was already sent in the duplicate test (same unit of work).
    expect(outboxFiles(`email-reminder-${plan.id}`)).toHaveLength(0);
  });
});
