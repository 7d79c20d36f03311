/**
 * The async workflows on one machine: the queues (with DLQs) on fauxqs, one poller per queue
 * running the real consumer handler, the local scheduler, and notifications into the outbox (in-app
 * ones to the WebSocket API emulation when it runs).
 * Called by local/start.ts after DynamoDB Local and fauxqs are up.
 */
import { join } from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import { queueUrlEnv, type WorkflowQueueName } from '../../functions/workflows/queues.js';
import type { InAppSender } from '../../agents/ports/notifier.js';
import { WebSocketInAppSender } from '../../functions/notify/websocket-in-app-sender.js';
import { realtimePublisherFromEnv } from '../../functions/notify/websocket-publisher.js';
import {
  configureWorkflowRuntime,
  getWorkflowRuntime,
  setWorkflowRuntime,
  workflowHandler,
} from '../../functions/workflows/runtime.js';
import { ensureLocalQueues, type LocalQueue } from './local-queues.js';
import { OutboxSender } from './outbox.js';
import { startPoller } from './poller.js';
import { startScheduler } from './scheduler.js';

export interface LocalWorkflows {
  queues: Record<WorkflowQueueName, LocalQueue>;
  outboxDir: string;
  stop: () => Promise<void>;
}

/** Needs TABLE_NAME, DYNAMODB_ENDPOINT and SQS_ENDPOINT in the environment (set by start.ts). */
export async function startLocalWorkflows(options: {
  dataDir: string;
  sqsEndpoint: string;
  region: string;
  visibilityTimeoutSeconds?: number;
  schedulerEveryMs?: number;
  log?: (message: string) => void;
  /** The consumers' clock (default: the system clock); the tests give theirs. */
  now?: () => Date;
}): Promise<LocalWorkflows> {
  const sqs = new SQSClient({
    endpoint: options.sqsEndpoint,
    region: options.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const queues = await ensureLocalQueues(sqs, {
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 30,
  });
  for (const [name, q] of Object.entries(queues)) process.env[queueUrlEnv(name as WorkflowQueueName)] = q.url;
  const outboxDir = join(options.dataDir, 'outbox');
  const outbox = new OutboxSender({ dir: outboxDir });
  const { email, sms, inApp: outboxInApp } = outbox.senders();
  // In-app notifications go to open apps through the WebSocket API emulation once it runs
  // (WEBSOCKET_ENDPOINT: start.ts starts the gateway after the consumers, so this is decided per
  // message); without it they land in the outbox like e-mail and SMS.
  let websocket: InAppSender | undefined;
  const inApp: InAppSender = {
    sendInApp: (message) => {
      websocket ??= websocketInApp();
      return (websocket ?? outboxInApp!).sendInApp(message);
    },
  };
  configureWorkflowRuntime({
    senders: { email, sms, inApp },
    sqs,
    ...(options.now ? { now: options.now } : {}),
  });
  function websocketInApp(): InAppSender | undefined {
    const publisher = realtimePublisherFromEnv(getWorkflowRuntime().repos.connections);
    return publisher && new WebSocketInAppSender({ publisher });
  }
  // Built now: a bad configuration fails the start, not the first message.
  getWorkflowRuntime();
  const onError = (err: Error) => options.log?.(`workflow poller: ${err.message}`);
  const pollers = Object.values(queues).map((q) =>
    startPoller({
      client: sqs,
      queueUrl: q.url,
      queueArn: q.arn,
      handler: workflowHandler(q.definition.name),
      region: options.region,
      onError,
    }),
  );
  const scheduler = startScheduler(sqs, queues, {
    ...(options.schedulerEveryMs ? { everyMs: options.schedulerEveryMs } : {}),
    onError,
  });
  return {
    queues,
    outboxDir,
    stop: async () => {
      scheduler.stop();
      await Promise.all(pollers.map((p) => p.stop()));
      setWorkflowRuntime(undefined);
      sqs.destroy();
    },
  };
}
