/**
 * The workflow queues on fauxqs, created from the same definitions as the CDK stack: each queue
 * with its dead-letter queue and redrive policy (maxReceiveCount).
 */
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import {
  WORKFLOW_QUEUES,
  type WorkflowQueueDefinition,
  type WorkflowQueueName,
} from '../../functions/workflows/queues.js';

export interface LocalQueue {
  definition: WorkflowQueueDefinition;
  url: string;
  arn: string;
  dlqUrl: string;
  dlqArn: string;
}

async function arnOf(client: SQSClient, url: string): Promise<string> {
  const out = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  const arn = out.Attributes?.['QueueArn'];
  if (!arn) throw new Error(`No ARN for ${url}`);
  return arn;
}

/**
 * Creates (or finds) every queue and its DLQ. `visibilityTimeoutSeconds` overrides the
 * definitions' (tests use 1 s so retries come quickly); `prefix` separates test runs.
 */
export async function ensureLocalQueues(
  client: SQSClient,
  options: {
    prefix?: string;
    visibilityTimeoutSeconds?: number;
    definitions?: readonly WorkflowQueueDefinition[];
  } = {},
): Promise<Record<WorkflowQueueName, LocalQueue>> {
  const result = {} as Record<WorkflowQueueName, LocalQueue>;
  for (const def of options.definitions ?? WORKFLOW_QUEUES) {
    const name = `${options.prefix ?? ''}${def.name}`;
    const dlq = await client.send(
      new CreateQueueCommand({ QueueName: `${name}-dlq`, Attributes: { MessageRetentionPeriod: '1209600' } }),
    );
    const dlqUrl = dlq.QueueUrl!;
    const dlqArn = await arnOf(client, dlqUrl);
    const queue = await client.send(
      new CreateQueueCommand({
        QueueName: name,
        Attributes: {
          VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? def.visibilityTimeoutSeconds),
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: dlqArn,
            maxReceiveCount: def.maxReceiveCount,
          }),
        },
      }),
    );
    const url = queue.QueueUrl!;
    result[def.name] = { definition: def, url, arn: await arnOf(client, url), dlqUrl, dlqArn };
  }
  return result;
}
