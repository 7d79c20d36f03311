/**
 * The chat worker in the CDK app: an encrypted, TLS-only SQS queue of chat turns with a
 * dead-letter queue after three receives, the worker Lambda consuming it with partial batch
 * failures, allowed to push frames; the `$default` function may send to the queue and is told its URL.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { CHAT_TURN_QUEUE_ENV } from '../../functions/ws/chat-queue.js';
import { buildApp, projectContext } from '../../infra/app-builder.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('chat worker', () => {
  const built = buildApp({ ...projectContext(), stage: 'dev' });
  const template = Template.fromStack(built.apiStack);
  const resources = template.toJSON()['Resources'] as Json;
  const ws = built.apiStack.webSocket;
  const id = (c: { node: { defaultChild?: unknown } }) =>
    built.apiStack.getLogicalId(c.node.defaultChild as never);

  it('has a queue with a dead-letter queue, both encrypted and TLS-only', () => {
    const queue = resources[id(ws.chatQueue)];
    expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    expect(queue.Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [id(ws.chatDeadLetterQueue), 'Arn'] },
      maxReceiveCount: 3,
    });
    const policies = Object.values(resources).filter((r: Json) => r.Type === 'AWS::SQS::QueuePolicy');
    expect(JSON.stringify(policies)).toContain('aws:SecureTransport');
  });

  it('the worker consumes it with partial batch failures and may push frames', () => {
    const mappings = Object.values(resources).filter(
      (r: Json) => r.Type === 'AWS::Lambda::EventSourceMapping',
    );
    const mine = mappings.find((m: Json) =>
      JSON.stringify(m.Properties.EventSourceArn).includes(id(ws.chatQueue)),
    ) as Json;
    expect(mine.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(JSON.stringify(mine.Properties.FunctionName)).toContain(id(ws.chatWorker.function as never));
    const worker = resources[id(ws.chatWorker.function as never)];
    expect(Object.keys(worker.Properties.Environment.Variables)).toContain('WEBSOCKET_ENDPOINT');
  });

  it('$default knows the queue URL and may send to it', () => {
    const frames = resources[id(ws.functions.$default.function as never)];
    expect(frames.Properties.Environment.Variables[CHAT_TURN_QUEUE_ENV]).toEqual({ Ref: id(ws.chatQueue) });
    const policies = Object.values(resources).filter((r: Json) => r.Type === 'AWS::IAM::Policy');
    const sends = policies.filter(
      (p: Json) =>
        JSON.stringify(p).includes('sqs:SendMessage') && JSON.stringify(p).includes(id(ws.chatQueue)),
    );
    expect(sends.length).toBeGreaterThanOrEqual(1);
  });
});
