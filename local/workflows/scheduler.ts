/**
 * Local stand-in for the EventBridge schedules: sends each monitor's `sweep` message to its queue
 * once at start and then every `localEveryMinutes` (or `everyMs` for demos and tests).
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SweepMessage } from '../../agents/workflows/messages.js';
import type { WorkflowQueueName } from '../../functions/workflows/queues.js';
import type { LocalQueue } from './local-queues.js';

export async function sendSweep(client: SQSClient, queue: LocalQueue, now = new Date()): Promise<void> {
  const schedule = queue.definition.schedule;
  if (!schedule) return;
  const body: SweepMessage = { type: 'sweep', monitor: schedule.monitor, scheduledAt: now.toISOString() };
  await client.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: JSON.stringify(body) }));
}

export function startScheduler(
  client: SQSClient,
  queues: Record<WorkflowQueueName, LocalQueue>,
  options: { everyMs?: number; runAtStart?: boolean; onError?: (err: Error) => void } = {},
): { stop: () => void } {
  const timers: NodeJS.Timeout[] = [];
  for (const queue of Object.values(queues)) {
    const schedule = queue.definition.schedule;
    if (!schedule) continue;
    const fire = () => void sendSweep(client, queue).catch((err: Error) => options.onError?.(err));
    if (options.runAtStart ?? true) fire();
    const timer = setInterval(fire, options.everyMs ?? schedule.localEveryMinutes * 60_000);
    timer.unref();
    timers.push(timer);
  }
  return { stop: () => timers.forEach((t) => clearInterval(t)) };
}
