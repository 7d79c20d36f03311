/**
 * What the workflow consumers run with: repositories, providers, the notifier and the queue
 * clients — built once per process from the validated configuration and the composition root's
 * shared parts (platform.ts), with build options from the embedding process (local stack, tests).
 *
 * Environment: TABLE_NAME; NOTIFY_FROM_EMAIL (SES sender; e-mail off when unset);
 * SMS_ENABLED=true (SNS SMS); WEBSOCKET_ENDPOINT (in-app `notification` frames via postToConnection
 * to the WebSocket API; the stack sets it with the permission, `npm start` points it at the local
 * emulation; off when unset);
 * `<QUEUE>_QUEUE_URL` of the consumer's own queue (sweep fan-out); DYNAMODB_ENDPOINT and
 * SQS_ENDPOINT only locally.
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';
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
import type { Repositories } from '../data/repositories.js';
import {
  BaseConfig,
  buildPlatformParts,
  localEndpoint,
  parseConfig,
  type PlatformOptions,
} from '../platform.js';
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

/**
 * {@link BaseConfig} and what only the consumers read: the e-mail sender, SMS, and the queue URL of
 * each workflow queue (`<QUEUE>_QUEUE_URL`, for the sweep fan-out into the monitor's own queue).
 */
const WorkflowConfig = BaseConfig.extend({
  /** SES sender; e-mail is off when unset. */
  NOTIFY_FROM_EMAIL: z.string().min(3).optional(),
  /** `true`: SMS through SNS. */
  SMS_ENABLED: z.enum(['true', 'false']).default('false'),
  ...Object.fromEntries(WORKFLOW_QUEUE_NAMES.map((name) => [queueUrlEnv(name), z.url().optional()])),
});
export type WorkflowConfig = BaseConfig & {
  NOTIFY_FROM_EMAIL?: string | undefined;
  SMS_ENABLED: 'true' | 'false';
} & Partial<Record<string, string>>;

/** The validated workflow configuration of `env`; throws with every bad variable named. */
export function workflowConfig(env: NodeJS.ProcessEnv = process.env): WorkflowConfig {
  return parseConfig(WorkflowConfig, env, 'workflow') as WorkflowConfig;
}

/** What the embedding process decides at build time (defaults: from the configuration). */
export interface WorkflowRuntimeOptions extends Pick<PlatformOptions, 'now' | 'providers'> {
  /** Channels replacing the configuration's (the local stack: e-mail and SMS into the outbox). */
  senders?: NotificationSenders;
  /** The SQS client of the sweep fan-out (the local stack's fauxqs client). */
  sqs?: SQSClient;
}

/**
 * Builds the runtime: the configuration from `env` (validated), the shared parts from the
 * composition root (platform.ts), the channels and clients from the configuration unless
 * `options` gives them.
 */
export function buildWorkflowRuntime(
  options: WorkflowRuntimeOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): WorkflowRuntime {
  const config = workflowConfig(env);
  const { doc, repos, providers, now } = buildPlatformParts(config, {
    ...(options.now ? { now: options.now } : {}),
    ...(options.providers ? { providers: options.providers } : {}),
  });
  const senders = options.senders ?? {};
  const from = config.NOTIFY_FROM_EMAIL;
  const publisher = 'inApp' in senders ? undefined : realtimePublisherFromEnv(repos.connections, env);
  const channels: NotificationSenders = {
    email:
      'email' in senders
        ? senders.email
        : from
          ? new SesEmailSender({ client: new SESv2Client({ region: config.AWS_REGION }), from })
          : undefined,
    sms:
      'sms' in senders
        ? senders.sms
        : config.SMS_ENABLED === 'true'
          ? new SnsSmsSender({ client: new SNSClient({ region: config.AWS_REGION }) })
          : undefined,
    inApp: 'inApp' in senders ? senders.inApp : publisher && new WebSocketInAppSender({ publisher }),
  };
  const queueUrls: WorkflowRuntime['queueUrls'] = {};
  for (const name of WORKFLOW_QUEUE_NAMES) {
    const url = config[queueUrlEnv(name)];
    if (url) queueUrls[name] = url;
  }
  return {
    repos,
    deps: {
      plans: repos.plans,
      users: repos.users,
      providers,
      notifier: new PreferenceNotifier(channels),
      now,
    },
    trips: new DynamoTripSource({ client: doc, tableName: config.TABLE_NAME }),
    sqs: options.sqs ?? new SQSClient({ region: config.AWS_REGION, ...localEndpoint(config.SQS_ENDPOINT) }),
    queueUrls,
  };
}

let current: WorkflowRuntime | undefined;
let currentOptions: WorkflowRuntimeOptions = {};

/**
 * Sets the options the runtime is built with and drops the current one (the next message builds
 * it from the environment and these options). Call before consuming.
 */
export function configureWorkflowRuntime(options: WorkflowRuntimeOptions): void {
  currentOptions = options;
  current = undefined;
}

/** Replaces the runtime (tests); `undefined` drops it and the configured options. */
export function setWorkflowRuntime(runtime: WorkflowRuntime | undefined): void {
  current = runtime;
  if (!runtime) currentOptions = {};
}

/** The runtime, built from the environment and the configured options on first use. */
export function getWorkflowRuntime(): WorkflowRuntime {
  current ??= buildWorkflowRuntime(currentOptions);
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
      const rt = getWorkflowRuntime();
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
