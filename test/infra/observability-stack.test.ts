/**
 * The observability stack and the app-wide log settings: the dashboard shows each required view,
 * the alarms (5xx rate, throttles, PlanTrip failures, model service unavailable) notify the async
 * stack's alarm topic, every Lambda function of every stack has X-Ray and the metrics namespace,
 * and every log group has the stage's retention — encrypted with its stack's KMS key in prod only.
 */
import type { CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { METRICS_NAMESPACE } from '../../functions/observability.js';
import { buildApp, projectContext } from '../../infra/app-builder.js';
import { ALARM_THRESHOLDS } from '../../infra/stacks/observability-stack.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const RETENTION_DAYS = { dev: 14, prod: 365 } as const;

const logicalId = (stack: Stack, construct: { node: { defaultChild?: unknown } }) =>
  stack.resolve(stack.getLogicalId(construct.node.defaultChild as CfnElement)) as string;

describe.each([
  ['dev', { stage: 'dev' }],
  ['prod', { stage: 'prod', region: 'eu-west-1' }],
] as const)('observability (%s)', (stage, context) => {
  const built = buildApp({ ...projectContext(), ...context });
  const { observabilityStack, asyncStack, app } = built;
  const template = Template.fromStack(observabilityStack).toJSON() as Json;
  const resources = Object.values(template['Resources'] as Record<string, Json>);
  const stacks = app.node.children.filter((c): c is Stack => 'templateOptions' in c);
  const templates = stacks.map((s) => [s, Template.fromStack(s).toJSON() as Json] as const);

  it('has one dashboard with every required view', () => {
    const dashboards = resources.filter((r) => r['Type'] === 'AWS::CloudWatch::Dashboard');
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]!['Properties'].DashboardBody);
    for (const title of [
      'REST latency',
      'REST requests and errors',
      'Planning duration',
      'PlanTrip failures',
      'Workflow queue depth',
      'Dead-letter queue depth',
      'WebSocket connections',
      'LLM time to first token and tokens/s',
      'GPU queue',
      'GPU tasks',
    ]) {
      expect(body, title).toContain(title);
    }
    for (const metric of [
      '5XXError',
      'ExecutionTime',
      'ExecutionsFailed',
      'ApproximateNumberOfMessagesVisible',
      'ConnectCount',
      'vllm:num_requests_waiting',
      'vllm:time_to_first_token_seconds_sum',
      'vllm:generation_tokens_total',
      'LlmTimeToFirstTokenMs',
      'DesiredTaskCount',
      'HealthyHostCount',
    ]) {
      expect(body, metric).toContain(metric);
    }
    // Per-route REST widgets only where API Gateway publishes per-method metrics.
    expect(body.includes('by route')).toBe(built.config.api.detailedMetrics);
  });

  it('sends every alarm to the alarm topic of the async stack', () => {
    const alarms = resources.filter((r) => r['Type'] === 'AWS::CloudWatch::Alarm');
    expect(alarms).toHaveLength(4);
    const topicId = logicalId(asyncStack, asyncStack.alarmTopic);
    for (const alarm of alarms) {
      const actions = JSON.stringify(alarm['Properties'].AlarmActions);
      expect(actions).toContain(asyncStack.stackName);
      expect(actions).toContain(topicId);
    }
    const byDescription = (text: string) =>
      alarms.find((a) => String(a['Properties'].AlarmDescription).includes(text))!['Properties'] as Json;
    expect(byDescription('5xx')['Threshold']).toBe(ALARM_THRESHOLDS.api5xxPercent);
    expect(byDescription('throttled')['Namespace'] ?? byDescription('throttled')['MetricName']).toBeDefined();
    expect(byDescription('PlanTrip')['Threshold']).toBe(1);
    const unavailable = byDescription('Model service wanted');
    expect(unavailable['EvaluationPeriods']).toBe(ALARM_THRESHOLDS.modelUnavailableMinutes);
    expect(JSON.stringify(unavailable['Metrics'])).toContain('desired');
    // The dead-letter alarms stay in the async stack, on the same topic.
    const dlqAlarms = Object.values(
      Template.fromStack(asyncStack).toJSON()['Resources'] as Record<string, Json>,
    ).filter((r) => r['Type'] === 'AWS::CloudWatch::Alarm');
    expect(dlqAlarms.length).toBe(Object.keys(asyncStack.workflows).length);
  });

  it('traces and meters every Lambda function of every stack', () => {
    let functions = 0;
    for (const [stack, t] of templates) {
      for (const [id, r] of Object.entries(t['Resources'] as Record<string, Json>)) {
        if (r['Type'] !== 'AWS::Lambda::Function') continue;
        // CDK's own helper functions (log retention, custom resources) are not ours.
        if (!r['Properties'].Environment?.Variables?.['NODE_OPTIONS']) continue;
        functions += 1;
        expect(r['Properties'].TracingConfig, `${stack.stackName}/${id}`).toEqual({ Mode: 'Active' });
        expect(r['Properties'].Environment.Variables['POWERTOOLS_METRICS_NAMESPACE']).toBe(METRICS_NAMESPACE);
        expect(r['Properties'].Environment.Variables['POWERTOOLS_SERVICE_NAME']).toMatch(/^travel-planner/);
      }
    }
    expect(functions).toBeGreaterThan(20);
  });

  it(`keeps every log group ${RETENTION_DAYS[stage]} days, encrypted with its stack's key in prod only`, () => {
    let groups = 0;
    for (const [stack, t] of templates) {
      const keys = Object.entries(t['Resources'] as Record<string, Json>).filter(
        ([, r]) => r['Type'] === 'AWS::KMS::Key',
      );
      for (const [id, r] of Object.entries(t['Resources'] as Record<string, Json>)) {
        if (r['Type'] !== 'AWS::Logs::LogGroup') continue;
        groups += 1;
        expect(r['Properties'].RetentionInDays, `${stack.stackName}/${id}`).toBe(RETENTION_DAYS[stage]);
        if (stage === 'prod') {
          const keyRef = r['Properties'].KmsKeyId['Fn::GetAtt'][0] as string;
          expect(keys.map(([k]) => k)).toContain(keyRef);
          const key = (t['Resources'] as Record<string, Json>)[keyRef]!['Properties'];
          expect(key['EnableKeyRotation']).toBe(true);
          expect(JSON.stringify(key['KeyPolicy'])).toContain('kms:EncryptionContext:aws:logs:arn');
        } else {
          expect(r['Properties'].KmsKeyId, `${stack.stackName}/${id}`).toBeUndefined();
        }
      }
    }
    expect(groups).toBeGreaterThanOrEqual(31);
  });
});
