/**
 * What the workflow consumers run with: repositories, providers, the notifier and the queue
 * clients — built once per process from the environment (Lambda) or injected (local stack, tests).
 *
 * Environment: TABLE_NAME; NOTIFY_FROM_EMAIL (SES sender; e-mail off when unset);
 * SMS_ENABLED=true (SNS SMS); WEBSOCKET_ENDPOINT (in-app `notification` frames via postToConnection
 * to the WebSocket API; the stack sets it with the permission, `npm start` points it at the local
 * emulation; off when unset);
 * `<QUEUE>_QUEUE_URL` of the consumer's own queue (sweep fan-out); DYNAMODB_ENDPOINT and
 * SQS_ENDPOINT only locally.
 */
import { randomBytes } from 'node:crypto';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { NotificationSenders } from '../../agents/ports/notifier.js';
import { PreferenceNotifier } from '../../agents/workflows/notifier.js';
import {
  runBookingFollowUp,
  runPriceCheck,
  runSweep,
  runTripReminder,
  runWeatherCheck,
  type TripSource,
  type WorkflowDeps,
  type WorkflowOutcome,
} from '../../agents/workflows/workflows.js';
import type { WorkflowMessage } from '../../agents/workflows/messages.js';
import { createOfflineProviders } from '../../knowledge/offline/providers.js';
import { createDocumentClient, createDynamoClient } from '../data/dynamo-client.js';
import { createRepositories, type Repositories } from '../data/repositories.js';
import { SesEmailSender } from '../notify/ses-email-sender.js';
import { SnsSmsSender } from '../notify/sns-sms-sender.js';
import { WebSocketInAppSender } from '../notify/websocket-in-app-sender.js';
import { realtimePublisherFromEnv } from '../notify/websocket-publisher.js';
import { observe } from '../observability.js';
import { createSqsConsumer } from './consumer.js';
import { WORKFLOW_QUEUE_NAMES, queueUrlEnv, type WorkflowQueueName } from './queues.js';
import { SqsCheckQueue } from './sqs-check-queue.js';
import { DynamoTripSource } from './trip-source.js';

export interface WorkflowRuntime {
  repos: Repositories;
  deps: WorkflowDeps;
  trips: TripSource;
  sqs: SQSClient;
  /** Queue URL per queue name (for the sweep fan-out into the monitor's own queue). */
  queueUrls: Partial<Record<WorkflowQueueName, string>>;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Missing environment variable ${name}`);
  return value;
}

/**
 * The runtime from the environment (AWS clients at module scope, endpoints overridable). `senders`
 * replaces the channels it names (the local stack: e-mail and SMS into the outbox); the others come
 * from the environment.
 */
export function runtimeFromEnv(senders: NotificationSenders = {}): WorkflowRuntime {
  const tableName = required('TABLE_NAME');
  const dynamoEndpoint = process.env['DYNAMODB_ENDPOINT'];
  const sqsEndpoint = process.env['SQS_ENDPOINT'];
  const local = { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  const doc = createDocumentClient(
    createDynamoClient(dynamoEndpoint ? { endpoint: dynamoEndpoint, ...local } : {}),
  );
  // Workflows never page through lists with cursors; the codec still needs a secret.
  const repos = createRepositories({ client: doc, tableName, cursorSecret: randomBytes(32).toString('hex') });
  const from = process.env['NOTIFY_FROM_EMAIL'];
  const publisher = 'inApp' in senders ? undefined : realtimePublisherFromEnv(repos.connections);
  const channels: NotificationSenders = {
    email:
      'email' in senders
        ? senders.email
        : from
          ? new SesEmailSender({ client: new SESv2Client({}), from })
          : undefined,
    sms:
      'sms' in senders
        ? senders.sms
        : process.env['SMS_ENABLED'] === 'true'
          ? new SnsSmsSender({ client: new SNSClient({}) })
          : undefined,
    inApp: 'inApp' in senders ? senders.inApp : publisher && new WebSocketInAppSender({ publisher }),
  };
  const queueUrls: WorkflowRuntime['queueUrls'] = {};
  for (const name of WORKFLOW_QUEUE_NAMES) {
    const url = process.env[queueUrlEnv(name)];
    if (url) queueUrls[name] = url;
  }
  return {
    repos,
    deps: {
      plans: repos.plans,
      users: repos.users,
      providers: createOfflineProviders(),
      notifier: new PreferenceNotifier(channels),
    },
    trips: new DynamoTripSource({ client: doc, tableName }),
    sqs: new SQSClient(sqsEndpoint ? { endpoint: sqsEndpoint, ...local } : {}),
    queueUrls,
  };
}

let current: WorkflowRuntime | undefined;

/** Replaces the runtime (local stack, tests); `undefined` rebuilds it from the environment. */
export function setWorkflowRuntime(runtime: WorkflowRuntime | undefined): void {
  current = runtime;
}

function runtime(): WorkflowRuntime {
  current ??= runtimeFromEnv();
  return current;
}

/** Routes one message of a queue to its workflow. */
export function processMessage(
  queue: WorkflowQueueName,
  message: WorkflowMessage,
  rt: WorkflowRuntime,
): Promise<WorkflowOutcome> {
  switch (message.type) {
    case 'sweep': {
      const queueUrl = rt.queueUrls[queue];
      if (!queueUrl) throw new Error(`No queue URL for ${queue} (set ${queueUrlEnv(queue)})`);
      return runSweep(message, { trips: rt.trips, queue: new SqsCheckQueue({ client: rt.sqs, queueUrl }) });
    }
    case 'booking_follow_up':
      return runBookingFollowUp(message, rt.deps);
    case 'price_check':
      return runPriceCheck(message, rt.deps);
    case 'weather_check':
      return runWeatherCheck(message, rt.deps);
    case 'trip_reminder':
      return runTripReminder(message, rt.deps);
  }
}

/** The Lambda handler of one queue's consumer (the runtime is built on first use). */
export function workflowHandler(queue: WorkflowQueueName) {
  let consumer: ReturnType<typeof createSqsConsumer> | undefined;
  let builtFor: WorkflowRuntime | undefined;
  return observe(
    `workflow.${queue}`,
    async (event: Parameters<ReturnType<typeof createSqsConsumer>['handler']>[0]) => {
      const rt = runtime();
      if (!consumer || builtFor !== rt) {
        builtFor = rt;
        consumer = createSqsConsumer({
          name: queue,
          idempotency: rt.repos.idempotency,
          process: (m) => processMessage(queue, m, rt),
          log: (level, message, data) =>
            console[level](JSON.stringify({ level, consumer: queue, message, ...data })),
        });
      }
      return consumer.handler(event);
    },
  );
}
