/**
 * The orchestration stack: the PlanTrip state machine and one Lambda function per task, each
 * bound to the table (run state, sessions, plans) through {@link DataStack.bindTable}; and an
 * EventBridge rule that sends executions ending FAILED, TIMED_OUT or ABORTED to a function that
 * marks their session failed (so no session stays `processing` after its execution is gone).
 */
import { type CfnElement, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { PlanTripStateMachine } from '../../statemachines/plan-trip.js';
import { PLAN_TRIP_TASKS, type PlanTripTask } from '../../statemachines/plan-trip-tasks.js';
import type { StageConfig } from '../config/stage.js';
import { ApiFunction } from '../constructs/api-function.js';
import type { DataStack } from './data-stack.js';
import type * as lambda from 'aws-cdk-lib/aws-lambda';

/** Entry file of the task handlers (one export per task). */
export const ORCHESTRATION_ENTRY = 'functions/orchestration/handlers.ts';

/** Props of {@link OrchestrationStack}. */
export interface OrchestrationStackProps extends StackProps {
  readonly config: StageConfig;
  readonly dataStack: DataStack;
}

const pascal = (s: string) => s[0]!.toUpperCase() + s.slice(1);

export class OrchestrationStack extends Stack {
  public readonly planTrip: PlanTripStateMachine;
  /** Physical name of the PlanTrip state machine (`<resourceNamePrefix>-plan-trip`). */
  public readonly planTripName: string;
  public readonly functions: Readonly<Record<PlanTripTask, ApiFunction>>;
  /**
   * Marks the session of an execution that ended FAILED, TIMED_OUT or ABORTED (outside the state
   * machine's own Catch) as failed; target of {@link executionEndedRule}.
   */
  public readonly executionEnded: ApiFunction;
  /** EventBridge rule on PlanTrip's execution status changes to FAILED, TIMED_OUT or ABORTED. */
  public readonly executionEndedRule: events.Rule;

  constructor(scope: Construct, id: string, props: OrchestrationStackProps) {
    const { config, dataStack, ...stackProps } = props;
    super(scope, id, {
      description: `Travel planner (${config.stage}): PlanTrip state machine and its task functions`,
      terminationProtection: config.terminationProtection,
      tags: { ...config.tags },
      ...stackProps,
    });

    const functions = {} as Record<PlanTripTask, ApiFunction>;
    for (const task of PLAN_TRIP_TASKS) {
      const fn = new ApiFunction(this, `${pascal(task)}Task`, {
        entry: ORCHESTRATION_ENTRY,
        handler: task,
        description: `Travel planner (${config.stage}) PlanTrip task ${task}`,
        profile: { memorySize: 1024, timeout: Duration.seconds(29) },
        logRetention: config.api.logRetention,
        removalPolicy: config.removalPolicy,
        environment: {
          LOG_LEVEL: config.api.logLevel,
          POWERTOOLS_SERVICE_NAME: 'travel-planner-orchestration',
        },
      });
      dataStack.bindTable(fn.function, 'read-write');
      functions[task] = fn;
    }
    this.functions = functions;

    const logGroup = new logs.LogGroup(this, 'PlanTripLogs', {
      retention: config.api.logRetention,
      removalPolicy: config.removalPolicy,
    });
    this.planTripName = `${config.resourceNamePrefix}-plan-trip`;
    this.planTrip = new PlanTripStateMachine(this, 'PlanTrip', {
      stateMachineName: this.planTripName,
      functions: Object.fromEntries(
        Object.entries(functions).map(([k, v]) => [k, v.function as lambda.IFunction]),
      ) as Record<PlanTripTask, lambda.IFunction>,
      logGroup,
    });
    const reason =
      'lambda:InvokeFunction on "<function arn>:*" (its versions and aliases) is what the Step ' +
      'Functions Lambda integration grants; log delivery and X-Ray actions do not support ' +
      'resource-level permissions.';
    const findings = [
      'AwsSolutions-IAM5[Resource::*]',
      ...Object.values(functions).map((f) => {
        const logicalId = this.resolve(
          this.getLogicalId(f.function.node.defaultChild as CfnElement),
        ) as string;
        return `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`;
      }),
    ];
    for (const id of findings) Validations.of(this.planTrip.stateMachine.role).acknowledge({ id, reason });

    this.executionEnded = new ApiFunction(this, 'ExecutionEndedHandler', {
      entry: ORCHESTRATION_ENTRY,
      handler: 'executionEnded',
      description: `Travel planner (${config.stage}) marks sessions of failed, timed-out or aborted PlanTrip executions`,
      profile: { memorySize: 512, timeout: Duration.seconds(29) },
      logRetention: config.api.logRetention,
      removalPolicy: config.removalPolicy,
      environment: {
        LOG_LEVEL: config.api.logLevel,
        POWERTOOLS_SERVICE_NAME: 'travel-planner-orchestration',
      },
    });
    dataStack.bindTable(this.executionEnded.function, 'read-write');
    this.executionEndedRule = new events.Rule(this, 'ExecutionEndedRule', {
      description: 'PlanTrip executions that ended outside their own error handling',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: {
          status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
          stateMachineArn: [this.planTrip.stateMachine.stateMachineArn],
        },
      },
      targets: [new targets.LambdaFunction(this.executionEnded.function, { retryAttempts: 4 })],
    });
  }
}
