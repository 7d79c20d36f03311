/**
 * The async workflows stack: every queue has a dead-letter queue and an alarm on its depth, SSE
 * and SSL-only policies; consumers report partial batch failures with least-privilege grants;
 * schedules enqueue sweeps; cdk-nag clean for dev and prod. Synthesized without bundling.
 */
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { WORKFLOW_QUEUES } from '../../functions/workflows/queues.js';
import { projectContext } from '../../infra/app-builder.js';
import { stageConfigFromContext } from '../../infra/config/stage.js';
import { AsyncStack } from '../../infra/stacks/async-stack.js';
import { DataStack } from '../../infra/stacks/data-stack.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const CONTEXTS = {
  dev: { stage: 'dev' },
  prod: { stage: 'prod', region: 'eu-west-1' },
} as const;

function build(stage: keyof typeof CONTEXTS, notifyFromEmail?: string) {
  const app = new App({ context: { ...projectContext(), ...CONTEXTS[stage] } });
  const config = stageConfigFromContext(CONTEXTS[stage]);
  const env = Object.keys(config.env).length > 0 ? { env: config.env } : {};
  const dataStack = new DataStack(app, 'Data', { config, ...env });
  const asyncStack = new AsyncStack(app, 'Async', {
    config,
    dataStack,
    ...env,
    ...(notifyFromEmail ? { notifyFromEmail } : {}),
    alarmEmail: 'oncall@example.com',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, asyncStack, template: Template.fromStack(asyncStack) };
}

const ofType = (template: Template, type: string): [string, Json][] =>
  Object.entries(template.findResources(type));

describe.each(Object.keys(CONTEXTS) as (keyof typeof CONTEXTS)[])('async stack (%s)', (stage) => {
  const { app, template } = build(stage, 'noreply@example.com');
  const queues = ofType(template, 'AWS::SQS::Queue');
  const dlqIds = new Set(
    queues.flatMap(([, q]) => {
      const target = q.Properties?.RedrivePolicy?.deadLetterTargetArn;
      return target ? [target['Fn::GetAtt'][0] as string] : [];
    }),
  );
  const workQueues = queues.filter(([id]) => !dlqIds.has(id));

  it('has one work queue and one dead-letter queue per workflow', () => {
    expect(workQueues).toHaveLength(WORKFLOW_QUEUES.length);
    expect(dlqIds.size).toBe(WORKFLOW_QUEUES.length);
  });

  it('gives every queue a DLQ with the definition maxReceiveCount', () => {
    const counts = workQueues.map(([, q]) => q.Properties.RedrivePolicy.maxReceiveCount as number).sort();
    expect(counts).toEqual(WORKFLOW_QUEUES.map((d) => d.maxReceiveCount).sort());
  });

  it('alarms on the depth of every dead-letter queue', () => {
    const alarmed = new Set(
      ofType(template, 'AWS::CloudWatch::Alarm').map(([, a]) => {
        expect(a.Properties.MetricName).toBe('ApproximateNumberOfMessagesVisible');
        expect(a.Properties.Threshold).toBe(1);
        const dim = (a.Properties.Dimensions as Json[]).find((d) => d.Name === 'QueueName');
        return dim!.Value['Fn::GetAtt'][0] as string;
      }),
    );
    expect(alarmed).toEqual(dlqIds);
  });

  it('sends every alarm to one encrypted, SSL-only alarm topic with the e-mail subscribed', () => {
    const topics = ofType(template, 'AWS::SNS::Topic');
    expect(topics).toHaveLength(1);
    const [topicId, topic] = topics[0]!;
    expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    for (const [, a] of ofType(template, 'AWS::CloudWatch::Alarm')) {
      expect(a.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
    }
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
      TopicArn: { Ref: topicId },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      }),
    });
    // CloudWatch may use the topic's key (alarms cannot publish under the AWS-managed SNS key).
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' } }),
        ]),
      }),
    });
  });

  it('encrypts every queue and denies non-TLS access', () => {
    for (const [, q] of queues) expect(q.Properties.SqsManagedSseEnabled).toBe(true);
    const policies = ofType(template, 'AWS::SQS::QueuePolicy');
    const secured = new Set(
      policies.flatMap(([, p]) =>
        (p.Properties.PolicyDocument.Statement as Json[]).some(
          (s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false',
        )
          ? (p.Properties.Queues as Json[]).map((r) => r['Ref'] as string)
          : [],
      ),
    );
    expect(secured).toEqual(new Set(queues.map(([id]) => id)));
  });

  it('wires each consumer with partial batch failure reporting and a visibility timeout >= 6x its timeout', () => {
    const mappings = ofType(template, 'AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(WORKFLOW_QUEUES.length);
    for (const [, m] of mappings)
      expect(m.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    for (const [, q] of workQueues) expect(q.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * 29);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Environment: {
        Variables: Match.objectLike({
          TABLE_NAME: Match.anyValue(),
          NOTIFY_FROM_EMAIL: 'noreply@example.com',
        }),
      },
    });
  });

  it('schedules a sweep into each monitor queue', () => {
    const rules = ofType(template, 'AWS::Events::Rule');
    const scheduled = WORKFLOW_QUEUES.filter((d) => d.schedule);
    expect(rules.map(([, r]) => r.Properties.ScheduleExpression).sort()).toEqual(
      scheduled.map((d) => d.schedule!.expression).sort(),
    );
    for (const [, r] of rules) {
      const input = JSON.stringify(r.Properties.Targets[0].InputTransformer ?? r.Properties.Targets[0].Input);
      expect(input).toContain('sweep');
    }
  });

  it('grants only named resources (SES identities, its own queue, the table)', () => {
    const statements = ofType(template, 'AWS::IAM::Policy').flatMap(
      ([, p]) => p.Properties.PolicyDocument.Statement as Json[],
    );
    const ses = statements.filter((s) => JSON.stringify(s.Action).includes('ses:'));
    expect(ses).toHaveLength(WORKFLOW_QUEUES.length);
    for (const s of statements) {
      if (s.Resource === '*')
        expect([...(s.Action as string[])].sort()).toEqual([
          'xray:PutTelemetryRecords',
          'xray:PutTraceSegments',
        ]);
    }
    const senders = statements.filter((s) => JSON.stringify(s.Action).includes('sqs:SendMessage'));
    expect(senders).toHaveLength(WORKFLOW_QUEUES.filter((d) => d.schedule).length);
  });

  it('passes cdk-nag (AwsSolutions)', () => {
    expect(() => app.synth()).not.toThrow();
    const report = new AwsSolutionsChecks().validateScope(app);
    expect(
      report.violations.map(
        (v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
      ),
    ).toEqual([]);
  });
});
