/**
 * The async workflows on one machine: the queues (with DLQs) on fauxqs, one poller per queue
 * running the real consumer handler, the local scheduler, and notifications into the outbox.
 * Called by local/start.ts after DynamoDB Local and fauxqs are up.
 */
import { join } from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import { queueUrlEnv, type WorkflowQueueName } from '../../functions/workflows/queues.js';
import { runtimeFromEnv, setWorkflowRuntime, workflowHandler } from '../../functions/workflows/runtime.js';
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
  const runtime = runtimeFromEnv(outbox.senders());
  setWorkflowRuntime({ ...runtime, sqs });
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
