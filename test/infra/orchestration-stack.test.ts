/**
 * The orchestration stack: the PlanTrip state machine has the expected states, retries with
 * backoff on transient errors, catches into the partial-plan path, a bounded budget loop, logging
 * and tracing; one nodejs22.x task function per task, bound to the table; cdk-nag clean.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp, projectContext } from '../../infra/app-builder.js';
import { synthesizePlanTrip } from '../../local/stepfunctions/definition.js';
import { RETRYABLE_ERRORS, STATE, TASK_RETRY } from '../../statemachines/plan-trip.js';
import { PLAN_TRIP_TASKS } from '../../statemachines/plan-trip-tasks.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function allStates(states: Json, out: Record<string, Json> = {}): Record<string, Json> {
  for (const [name, s] of Object.entries(states)) {
    out[name] = s;
    for (const b of s.Branches ?? []) allStates(b.States, out);
    if (s.ItemProcessor) allStates(s.ItemProcessor.States, out);
  }
  return out;
}

describe('orchestration stack', () => {
  const { definition, template } = synthesizePlanTrip();
  const states = allStates(definition.States as Json);

  it('has every readable state of the PlanTrip flow', () => {
    expect(Object.keys(states).sort()).toEqual(Object.values(STATE).sort());
    expect(definition.StartAt).toBe(STATE.parse);
    expect(states[STATE.search]!.Type).toBe('Parallel');
    expect(states[STATE.search]!.Branches).toHaveLength(4);
    expect(states[STATE.perCity]!.Type).toBe('Map');
    expect(states[STATE.withinBudget]!.Type).toBe('Choice');
  });

  it('retries every task on transient errors with exponential backoff', () => {
    const tasks = Object.entries(states).filter(([, s]) => s.Type === 'Task');
    expect(tasks.length).toBeGreaterThanOrEqual(PLAN_TRIP_TASKS.length);
    for (const [, s] of tasks) {
      expect(s.Retry).toEqual([
        expect.objectContaining({
          ErrorEquals: RETRYABLE_ERRORS,
          IntervalSeconds: TASK_RETRY.interval,
          MaxAttempts: TASK_RETRY.maxAttempts,
          BackoffRate: TASK_RETRY.backoffRate,
          JitterStrategy: 'FULL',
        }),
      ]);
    }
  });

  it('catches failures into the partial-plan path; weather and tips degrade inside their branch', () => {
    for (const name of [STATE.parse, STATE.search, STATE.perCity, STATE.build, STATE.verify, STATE.compose]) {
      expect(states[name]!.Catch?.[0]).toMatchObject({ ErrorEquals: ['States.ALL'], Next: STATE.partial });
    }
    expect(states[STATE.weather]!.Catch[0].Next).toBe(STATE.weatherMissing);
    expect(states[STATE.tips]!.Catch[0].Next).toBe(STATE.tipsMissing);
    expect(states[STATE.partial]!.Next).toBe(STATE.notify);
  });

  it('bounds the budget loop with a counter', () => {
    const choice = states[STATE.withinBudget]!;
    expect(choice.Choices).toEqual([
      { Variable: '$.build.withinBudget', BooleanEquals: true, Next: STATE.verify },
      expect.objectContaining({
        Variable: '$.level',
        NumericLessThan: expect.any(Number),
        Next: STATE.cheaper,
      }),
    ]);
    expect(choice.Default).toBe(STATE.cheapest);
    expect(states[STATE.cheaper]!.Parameters['level.$']).toBe('States.MathAdd($.level, 1)');
    expect(states[STATE.cheaper]!.Next).toBe(STATE.build);
  });

  it('logs ALL events, traces, and runs one arm64 nodejs22.x function per task bound to the table', () => {
    const t = Template.fromJSON(template);
    t.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: true }),
    });
    const fns = t.findResources('AWS::Lambda::Function');
    const handlers = Object.values(fns).map((f: Json) => f.Properties.Handler as string);
    expect(handlers.sort()).toEqual([...PLAN_TRIP_TASKS, 'executionEnded'].map((x) => `index.${x}`).sort());
    for (const f of Object.values(fns) as Json[]) {
      expect(f.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'] });
      expect(Object.keys(f.Properties.Environment.Variables)).toContain('TABLE_NAME');
    }
  });

  it('routes executions that end FAILED, TIMED_OUT or ABORTED to the handler that marks their session', () => {
    const t = Template.fromJSON(template);
    const fns = t.findResources('AWS::Lambda::Function');
    const [handlerId] = Object.entries(fns).find(
      ([, f]) => (f as Json).Properties.Handler === 'index.executionEnded',
    )!;
    const [smId] = Object.keys(t.findResources('AWS::StepFunctions::StateMachine'));
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'], stateMachineArn: [{ Ref: smId }] },
      },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [handlerId, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 4 },
        }),
      ],
    });
    t.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [handlerId, 'Arn'] },
    });
  });

  it.each(['dev', 'prod'] as const)(
    'passes cdk-nag in the %s app',
    (stage) => {
      const { app } = buildApp({
        ...projectContext(),
        stage,
        ...(stage === 'prod' ? { region: 'eu-west-1' } : {}),
      });
      expect(() => app.synth()).not.toThrow();
    },
    120_000,
  );
});
