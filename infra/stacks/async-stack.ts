/**
 * The async workflows stack: per workflow an SQS queue with a dead-letter queue (redrive after the
 * definition's maxReceiveCount), a CloudWatch alarm on the DLQ's depth that notifies the stack's
 * alarm topic (SNS, KMS-encrypted, SSL only; e-mail subscription from `-c alarmEmail=...`), SSE and
 * SSL-only access;
 * the consumer Lambda wired with an SQS event source reporting partial batch failures; and for
 * each monitor an EventBridge schedule that enqueues its sweep. Topology comes from
 * functions/workflows/queues.ts, which `npm start` reads as well.
 */
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  WORKFLOW_QUEUES,
  queueUrlEnv,
  type WorkflowQueueDefinition,
  type WorkflowQueueName,
} from '../../functions/workflows/queues.js';
import type { StageConfig } from '../config/stage.js';
import { ApiFunction } from '../constructs/api-function.js';
import type { DataStack } from './data-stack.js';

/** Props of {@link AsyncStack}. */
export interface AsyncStackProps extends StackProps {
  readonly config: StageConfig;
  readonly dataStack: DataStack;
  /**
   * Verified SES identity (domain or address) to send from, e.g. `noreply@example.com`. E-mail is
   * off without it; with it the consumers may send only as that identity.
   * @default - the `notifyFromEmail` context value (`cdk synth -c notifyFromEmail=...`), else none
   */
  readonly notifyFromEmail?: string;
  /**
   * Address subscribed to the alarm topic (it must confirm the subscription).
   * @default - the `alarmEmail` context value, else no subscription (the topic still exists)
   */
  readonly alarmEmail?: string;
}

/** One workflow's resources. */
export interface WorkflowResources {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly dlqAlarm: cloudwatch.Alarm;
  readonly consumer: ApiFunction;
  readonly schedule?: events.Rule;
}

export class AsyncStack extends Stack {
  public readonly workflows: Record<WorkflowQueueName, WorkflowResources>;
  /** Where the workflow alarms go (subscribe on-call e-mail, chat or paging to it). */
  public readonly alarmTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: AsyncStackProps) {
    const { config, dataStack, notifyFromEmail, alarmEmail, ...stackProps } = props;
    super(scope, id, {
      description: `Travel planner (${config.stage}): async workflows on SQS and EventBridge schedules`,
      terminationProtection: config.terminationProtection,
      tags: { ...config.tags },
      ...stackProps,
    });
    const workflows = {} as Record<WorkflowQueueName, WorkflowResources>;
    const contextFrom = this.node.tryGetContext('notifyFromEmail') as unknown;
    const from =
      notifyFromEmail ?? (typeof contextFrom === 'string' && contextFrom ? contextFrom : undefined);
    this.alarmTopic = this.#alarmTopic(config, alarmEmail);
    for (const def of WORKFLOW_QUEUES) workflows[def.name] = this.#workflow(def, config, dataStack, from);
    this.workflows = workflows;
  }

  /**
   * Lets a function (of any stack) enqueue work for a workflow: sets `<QUEUE>_QUEUE_URL` (e.g.
   * `BOOKING_FOLLOW_UP_QUEUE_URL`) and grants `sqs:SendMessage` on that queue only. The function's
   * stack then depends on this one, so this stack must never reference that one back.
   */
  grantEnqueue(name: WorkflowQueueName, fn: lambda.Function): void {
    const { queue } = this.workflows[name];
    fn.addEnvironment(queueUrlEnv(name), queue.queueUrl);
    // SSE-SQS (no KMS key to grant) and nothing but SendMessage: the sender needs no queue attributes.
    queue.grant(fn, 'sqs:SendMessage');
  }

  /**
   * The alarm topic. SSE with a customer-managed key: CloudWatch alarms cannot publish to a topic
   * under the AWS-managed SNS key, so the key lets the CloudWatch service use it.
   */
  #alarmTopic(config: StageConfig, alarmEmail: string | undefined): sns.Topic {
    const key = new kms.Key(this, 'AlarmTopicKey', {
      description: `Travel planner (${config.stage}) alarm topic encryption`,
      enableKeyRotation: true,
      removalPolicy: config.removalPolicy,
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    const topic = new sns.Topic(this, 'AlarmTopic', {
      displayName: `Travel planner (${config.stage}) alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    const contextEmail = this.node.tryGetContext('alarmEmail') as unknown;
    const email = alarmEmail ?? (typeof contextEmail === 'string' && contextEmail ? contextEmail : undefined);
    if (email) topic.addSubscription(new subscriptions.EmailSubscription(email));
    return topic;
  }

  #workflow(
    def: WorkflowQueueDefinition,
    config: StageConfig,
    dataStack: DataStack,
    notifyFromEmail: string | undefined,
  ): WorkflowResources {
    const deadLetterQueue = new sqs.Queue(this, `${def.id}DeadLetterQueue`, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: config.removalPolicy,
    });
    const queue = new sqs.Queue(this, `${def.id}Queue`, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(def.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: def.maxReceiveCount },
      removalPolicy: config.removalPolicy,
    });
    const dlqAlarm = new cloudwatch.Alarm(this, `${def.id}DeadLetterAlarm`, {
      alarmDescription: `Messages of ${def.name} failed ${def.maxReceiveCount} times and wait in its dead-letter queue`,
      metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    dlqAlarm.addAlarmAction(new cloudwatchActions.SnsAction(this.alarmTopic));

    const consumer = new ApiFunction(this, `${def.id}Consumer`, {
      entry: def.entry,
      description: `Travel planner (${config.stage}) ${def.description}`.slice(0, 256),
      profile: { memorySize: 1024, timeout: Duration.seconds(def.timeoutSeconds) },
      logRetention: config.api.logRetention,
      removalPolicy: config.removalPolicy,
      environment: {
        LOG_LEVEL: config.api.logLevel,
        POWERTOOLS_SERVICE_NAME: `travel-planner-${def.name}`,
      },
    });
    // Read-write: the consumers store idempotency records.
    dataStack.bindTable(consumer.function, 'read-write');
    consumer.function.addEventSource(
      new SqsEventSource(queue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(5),
        reportBatchItemFailures: true,
      }),
    );
    if (notifyFromEmail) {
      consumer.function.addEnvironment('NOTIFY_FROM_EMAIL', notifyFromEmail);
      const domain = notifyFromEmail.split('@').pop()!;
      consumer.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['ses:SendEmail', 'ses:SendRawEmail'],
          resources: [...new Set([notifyFromEmail, domain])].map((identity) =>
            this.formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
          ),
        }),
      );
    }

    let schedule: events.Rule | undefined;
    if (def.schedule) {
      // The sweep fans out into this same queue: the consumer may send to it, nothing else.
      consumer.function.addEnvironment(queueUrlEnv(def.name), queue.queueUrl);
      queue.grantSendMessages(consumer.function);
      schedule = new events.Rule(this, `${def.id}Schedule`, {
        description: `Enqueues the ${def.schedule.monitor} sweep (${def.schedule.expression})`,
        schedule: events.Schedule.expression(def.schedule.expression),
        targets: [
          new targets.SqsQueue(queue, {
            message: events.RuleTargetInput.fromObject({
              type: 'sweep',
              monitor: def.schedule.monitor,
              scheduledAt: events.EventField.time,
            }),
          }),
        ],
      });
    }
    return { queue, deadLetterQueue, dlqAlarm, consumer, ...(schedule ? { schedule } : {}) };
  }
}
