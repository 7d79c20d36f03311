/**
 * The observability stack: one CloudWatch dashboard over the whole app and the alarms that page,
 * all notifying the existing alarm topic (AsyncStack.alarmTopic, where the dead-letter alarms go).
 *
 * Dashboard: REST latency (p50/p99) and 4xx/5xx, per route when the stage has detailed API
 * metrics (prod) and per handler from the functions' EMF metrics; planning duration and PlanTrip
 * failures; workflow queue and dead-letter depth; WebSocket connections and messages; LLM time to
 * first token and output tokens/s (vLLM's own counters via the GPU task's agent, and what the
 * callers measured); GPU queue (`vllm:num_requests_waiting`/`running`) and task counts.
 *
 * Alarms: REST 5xx rate, Lambda throttles, PlanTrip failures, model service unavailable (tasks
 * wanted but no healthy target for longer than a cold start). Dead-letter depth alarms already
 * exist per queue in the async stack and notify the same topic.
 *
 * It only reads the other stacks, so nothing depends on it.
 */
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Construct } from 'constructs';
import { ROUTES } from '../../functions/api/routes.js';
import { FUNCTIONS } from '../../functions/api/routes.js';
import { METRICS_NAMESPACE } from '../../functions/observability.js';
import type { StageConfig } from '../config/stage.js';
import type { ApiStack } from './api-stack.js';
import type { AsyncStack } from './async-stack.js';
import type { InferenceStack } from './inference-stack.js';
import type { OrchestrationStack } from './orchestration-stack.js';
import type { RealtimeStack } from './realtime-stack.js';

/** Props of {@link ObservabilityStack}. */
export interface ObservabilityStackProps extends StackProps {
  readonly config: StageConfig;
  readonly apiStack: ApiStack;
  readonly orchestrationStack: OrchestrationStack;
  readonly asyncStack: AsyncStack;
  readonly realtimeStack: RealtimeStack;
  readonly inferenceStack: InferenceStack;
}

/** Alarm thresholds (documented in docs/operations and the README). */
export const ALARM_THRESHOLDS = {
  /** Percent of REST requests answered 5xx over 5 minutes. */
  api5xxPercent: 5,
  /** Lambda throttles in 5 minutes (any function of the account and region). */
  throttles: 1,
  /** PlanTrip executions failed or timed out in 5 minutes. */
  planTripFailures: 1,
  /** Minutes with tasks wanted and no healthy target (a cold start takes ~5). */
  modelUnavailableMinutes: 20,
} as const;

const FIVE_MINUTES = Duration.minutes(5);

export class ObservabilityStack extends Stack {
  public readonly dashboard: cloudwatch.Dashboard;
  public readonly alarms: Readonly<
    Record<'api5xx' | 'throttles' | 'planTripFailures' | 'modelUnavailable', cloudwatch.Alarm>
  >;

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    const { config, apiStack, orchestrationStack, asyncStack, realtimeStack, inferenceStack, ...stackProps } =
      props;
    super(scope, id, {
      description: `Travel planner (${config.stage}): dashboard and alarms`,
      terminationProtection: config.terminationProtection,
      tags: { ...config.tags },
      ...stackProps,
    });

    const api = apiStack.api;
    const apiDims = { ApiName: api.restApiName, Stage: config.stage };
    const apiMetric = (metricName: string, statistic: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensionsMap: apiDims,
        statistic,
        period: FIVE_MINUTES,
      });
    const handlerMetric = (metricName: string, handler: string, statistic: string) =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service: 'travel-planner-api', handler },
        statistic,
        period: FIVE_MINUTES,
        label: handler,
      });

    const sm = orchestrationStack.planTrip.stateMachine;
    const planningDuration = sm.metricTime({ statistic: 'p50', period: FIVE_MINUTES, label: 'PlanTrip p50' });
    const planningDurationP99 = sm.metricTime({
      statistic: 'p99',
      period: FIVE_MINUTES,
      label: 'PlanTrip p99',
    });
    const sfnFailed = sm.metricFailed({ period: FIVE_MINUTES, statistic: 'Sum' });
    const sfnTimedOut = sm.metricTimedOut({ period: FIVE_MINUTES, statistic: 'Sum' });
    const sfnAborted = sm.metricAborted({ period: FIVE_MINUTES, statistic: 'Sum' });

    const wsDims = { ApiId: realtimeStack.webSocketApi.apiId, Stage: realtimeStack.stageName };
    const wsMetric = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensionsMap: wsDims,
        statistic: 'Sum',
        period: FIVE_MINUTES,
      });

    const gpuWaiting = inferenceStack.vllmMetric('vllm:num_requests_waiting', {
      statistic: 'Sum',
      label: 'waiting',
    });
    const gpuRunning = inferenceStack.vllmMetric('vllm:num_requests_running', {
      statistic: 'Sum',
      label: 'running',
    });
    const ecsInsights = (metricName: string, label: string) =>
      new cloudwatch.Metric({
        namespace: 'ECS/ContainerInsights',
        metricName,
        dimensionsMap: { ClusterName: inferenceStack.clusterName, ServiceName: inferenceStack.serviceName },
        statistic: 'Maximum',
        period: Duration.minutes(1),
        label,
      });
    const desiredTasks = ecsInsights('DesiredTaskCount', 'desired tasks');
    const runningTasks = ecsInsights('RunningTaskCount', 'running tasks');
    const healthyTargets = inferenceStack.targetGroup.metrics.healthyHostCount({
      period: Duration.minutes(1),
      statistic: 'Maximum',
      label: 'healthy (model loaded)',
    });

    const ttftServer = new cloudwatch.MathExpression({
      expression: '1000 * ttftSum / ttftCount',
      usingMetrics: {
        ttftSum: inferenceStack.vllmMetric('vllm:time_to_first_token_seconds_sum', {
          statistic: 'Sum',
          period: FIVE_MINUTES,
        }),
        ttftCount: inferenceStack.vllmMetric('vllm:time_to_first_token_seconds_count', {
          statistic: 'Sum',
          period: FIVE_MINUTES,
        }),
      },
      label: 'TTFT mean ms (vLLM)',
      period: FIVE_MINUTES,
    });
    const tokensPerSecond = new cloudwatch.MathExpression({
      expression: 'tokens / PERIOD(tokens)',
      usingMetrics: {
        tokens: inferenceStack.vllmMetric('vllm:generation_tokens_total', {
          statistic: 'Sum',
          period: FIVE_MINUTES,
        }),
      },
      label: 'output tokens/s (vLLM)',
      period: FIVE_MINUTES,
    });
    const clientTtft = new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: 'LlmTimeToFirstTokenMs',
      statistic: 'p99',
      period: FIVE_MINUTES,
      label: 'TTFT p99 ms (callers)',
    });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `${config.resourceNamePrefix}-overview`,
      defaultInterval: Duration.hours(6),
    });
    const routeWidgets: cloudwatch.IWidget[] = [];
    if (config.api.detailedMetrics) {
      const byRoute = (metricName: string, statistic: string) =>
        ROUTES.map(
          (r) =>
            new cloudwatch.Metric({
              namespace: 'AWS/ApiGateway',
              metricName,
              dimensionsMap: { ...apiDims, Method: r.method, Resource: r.path },
              statistic,
              period: FIVE_MINUTES,
              label: `${r.method} ${r.path}`,
            }),
        );
      routeWidgets.push(
        new cloudwatch.GraphWidget({
          title: 'REST latency p99 by route (ms)',
          left: byRoute('Latency', 'p99'),
          width: 12,
          legendPosition: cloudwatch.LegendPosition.RIGHT,
        }),
        new cloudwatch.GraphWidget({
          title: 'REST 5xx by route',
          left: byRoute('5XXError', 'Sum'),
          width: 12,
          legendPosition: cloudwatch.LegendPosition.RIGHT,
        }),
      );
    }
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'REST latency (ms)',
        left: [
          apiMetric('Latency', 'p50'),
          apiMetric('Latency', 'p99'),
          apiMetric('IntegrationLatency', 'p99'),
        ],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'REST requests and errors',
        left: [apiMetric('Count', 'Sum')],
        right: [apiMetric('4XXError', 'Sum'), apiMetric('5XXError', 'Sum')],
        width: 12,
      }),
    );
    if (routeWidgets.length > 0) this.dashboard.addWidgets(...routeWidgets);
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Handler duration p99 (ms, EMF)',
        left: FUNCTIONS.map((fn) => handlerMetric('DurationMs', `api.${fn}`, 'p99')),
        width: 12,
        legendPosition: cloudwatch.LegendPosition.RIGHT,
      }),
      new cloudwatch.GraphWidget({
        title: 'Handler errors (EMF)',
        left: FUNCTIONS.map((fn) => handlerMetric('Errors', `api.${fn}`, 'Sum')),
        width: 12,
        legendPosition: cloudwatch.LegendPosition.RIGHT,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Planning duration (PlanTrip, ms)',
        left: [planningDuration, planningDurationP99],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'PlanTrip failures',
        left: [sfnFailed, sfnTimedOut, sfnAborted],
        width: 12,
      }),
    );
    const workflows = Object.entries(asyncStack.workflows);
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Workflow queue depth',
        left: workflows.map(([name, w]) =>
          w.queue.metricApproximateNumberOfMessagesVisible({
            period: FIVE_MINUTES,
            statistic: 'Maximum',
            label: name,
          }),
        ),
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Dead-letter queue depth',
        left: workflows.map(([name, w]) =>
          w.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
            period: FIVE_MINUTES,
            statistic: 'Maximum',
            label: `${name} DLQ`,
          }),
        ),
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'WebSocket connections and messages',
        left: [wsMetric('ConnectCount')],
        right: [wsMetric('MessageCount'), wsMetric('ClientError'), wsMetric('ExecutionError')],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'LLM time to first token and tokens/s',
        left: [ttftServer, clientTtft],
        right: [tokensPerSecond],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'GPU queue (vLLM requests)',
        left: [gpuWaiting, gpuRunning],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'GPU tasks',
        left: [desiredTasks, runningTasks, healthyTargets],
        width: 12,
      }),
    );

    const action = new cloudwatchActions.SnsAction(asyncStack.alarmTopic);
    const alarm = (id: string, props: cloudwatch.AlarmProps) => {
      const a = new cloudwatch.Alarm(this, id, props);
      a.addAlarmAction(action);
      a.addOkAction(action);
      return a;
    };
    this.alarms = {
      api5xx: alarm('Api5xxRate', {
        alarmDescription: `More than ${ALARM_THRESHOLDS.api5xxPercent}% of REST requests answered 5xx over 5 minutes`,
        metric: new cloudwatch.MathExpression({
          expression: 'IF(requests > 0, 100 * errors / requests, 0)',
          usingMetrics: { errors: apiMetric('5XXError', 'Sum'), requests: apiMetric('Count', 'Sum') },
          period: FIVE_MINUTES,
          label: '5xx %',
        }),
        threshold: ALARM_THRESHOLDS.api5xxPercent,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      throttles: alarm('LambdaThrottles', {
        alarmDescription: 'Lambda throttled invocations (account and region): concurrency limit reached',
        metric: new cloudwatch.Metric({
          namespace: 'AWS/Lambda',
          metricName: 'Throttles',
          statistic: 'Sum',
          period: FIVE_MINUTES,
        }),
        threshold: ALARM_THRESHOLDS.throttles,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      planTripFailures: alarm('PlanTripFailures', {
        alarmDescription: 'PlanTrip executions failed or timed out (sessions are marked failed)',
        metric: new cloudwatch.MathExpression({
          expression: 'FILL(failed, 0) + FILL(timedOut, 0)',
          usingMetrics: { failed: sfnFailed, timedOut: sfnTimedOut },
          period: FIVE_MINUTES,
          label: 'failed + timed out',
        }),
        threshold: ALARM_THRESHOLDS.planTripFailures,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      modelUnavailable: alarm('ModelServiceUnavailable', {
        alarmDescription:
          `Model service wanted (desired tasks > 0) but no healthy target for ${ALARM_THRESHOLDS.modelUnavailableMinutes} min: ` +
          'GPU capacity, image or weights problem; chats run in offline mode meanwhile',
        metric: new cloudwatch.MathExpression({
          expression: 'IF(FILL(desired, 0) > 0 AND FILL(healthy, 0) == 0, 1, 0)',
          usingMetrics: { desired: desiredTasks, healthy: healthyTargets },
          period: Duration.minutes(1),
          label: 'unavailable',
        }),
        threshold: 1,
        evaluationPeriods: ALARM_THRESHOLDS.modelUnavailableMinutes,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    };
  }
}
