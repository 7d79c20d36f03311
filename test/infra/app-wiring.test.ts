/**
 * What the app builder wires between stacks, each grant next to the variable it serves: the agents
 * function starts PlanTrip executions and may stop them (StopExecution on that state machine's
 * executions only); the plans function gets BOOKING_FOLLOW_UP_QUEUE_URL and sqs:SendMessage on that
 * queue only; the stacks depend on each other without a cycle. dev and prod (the prod app has an
 * explicit region). cdk-nag runs in the apps (synthesis throws on unacknowledged findings).
 */
import type { CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { queueUrlEnv } from '../../functions/workflows/queues.js';
import { PLAN_TRIP_STATE_MACHINE_ARN_ENV } from '../../functions/orchestration/starter.js';
import { buildApp, projectContext } from '../../infra/app-builder.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const CONTEXTS = {
  dev: { stage: 'dev' },
  prod: { stage: 'prod', region: 'eu-west-1' },
} as const;

const logicalId = (stack: Stack, construct: { node: { defaultChild?: unknown } }) =>
  stack.resolve(stack.getLogicalId(construct.node.defaultChild as CfnElement)) as string;

/** Whether a template value refers to `logicalId` of `stackName` (cross-stack output or export). */
const refersTo = (value: unknown, stackName: string, id: string) => {
  const text = JSON.stringify(value);
  return text.includes(stackName) && text.includes(id);
};

/** The statements of the policies attached to a role (by the role's logical id). */
function statementsOf(template: Json, roleId: string): Json[] {
  return Object.values(template['Resources'] as Record<string, Json>)
    .filter((r) => r['Type'] === 'AWS::IAM::Policy')
    .filter((r) => (r['Properties'].Roles as Json[]).some((role) => role['Ref'] === roleId))
    .flatMap((r) => r['Properties'].PolicyDocument.Statement as Json[]);
}

const actionsOf = (s: Json): string[] => [s['Action']].flat();

describe.each(Object.keys(CONTEXTS) as (keyof typeof CONTEXTS)[])('app wiring (%s)', (stage) => {
  const built = buildApp({ ...projectContext(), ...CONTEXTS[stage] });
  const { apiStack, asyncStack, orchestrationStack, config } = built;
  const api = Template.fromStack(apiStack).toJSON() as Json;
  const functionOf = (name: 'agents' | 'plans') =>
    api['Resources'][logicalId(apiStack, apiStack.functions[name].function)] as Json;

  it('lets the agents function stop executions of the PlanTrip state machine, and only those', () => {
    const name = `${config.resourceNamePrefix}-plan-trip`;
    expect(orchestrationStack.planTripName).toBe(name);
    Template.fromStack(orchestrationStack).hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: name,
    });
    const smId = logicalId(orchestrationStack, orchestrationStack.planTrip.stateMachine);
    const env = functionOf('agents')['Properties'].Environment.Variables;
    expect(refersTo(env[PLAN_TRIP_STATE_MACHINE_ARN_ENV], orchestrationStack.stackName, smId)).toBe(true);

    const statements = statementsOf(api, logicalId(apiStack, apiStack.functions.agents.role));
    const states = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('states:')));
    expect(states.map((s) => actionsOf(s)).sort()).toEqual([
      ['states:StartExecution'],
      ['states:StopExecution'],
    ]);
    const start = states.find((s) => actionsOf(s)[0] === 'states:StartExecution')!;
    expect(refersTo(start['Resource'], orchestrationStack.stackName, smId)).toBe(true);
    const stop = states.find((s) => actionsOf(s)[0] === 'states:StopExecution')!;
    expect(stop['Resource']).toEqual({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':states:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          `:execution:${name}:*`,
        ],
      ],
    });
    // No other function of the API may start or stop executions.
    for (const fn of Object.keys(apiStack.functions) as (keyof typeof apiStack.functions)[]) {
      if (fn === 'agents') continue;
      const other = statementsOf(api, logicalId(apiStack, apiStack.functions[fn].role));
      expect(
        other.flatMap(actionsOf).filter((a) => a.startsWith('states:')),
        fn,
      ).toEqual([]);
    }
  });

  it('gives the plans function the booking follow-up queue: its URL and SendMessage on it only', () => {
    const queue = asyncStack.workflows['booking-follow-up'].queue;
    const queueId = logicalId(asyncStack, queue);
    const env = functionOf('plans')['Properties'].Environment.Variables;
    const urlEnv = queueUrlEnv('booking-follow-up');
    expect(urlEnv).toBe('BOOKING_FOLLOW_UP_QUEUE_URL');
    expect(refersTo(env[urlEnv], asyncStack.stackName, queueId)).toBe(true);

    const sqs = statementsOf(api, logicalId(apiStack, apiStack.functions.plans.role)).filter((s) =>
      actionsOf(s).some((a) => a.startsWith('sqs:')),
    );
    expect(sqs).toHaveLength(1);
    expect(actionsOf(sqs[0]!)).toEqual(['sqs:SendMessage']);
    expect(sqs[0]!['Effect']).toBe('Allow');
    const resources = [sqs[0]!['Resource']].flat();
    expect(resources).toHaveLength(1);
    expect(refersTo(resources[0], asyncStack.stackName, queueId)).toBe(true);
    expect(JSON.stringify(resources[0])).toContain('Arn');

    // No other function of the API gets a queue.
    for (const fn of Object.keys(apiStack.functions) as (keyof typeof apiStack.functions)[]) {
      if (fn === 'plans') continue;
      const other = statementsOf(api, logicalId(apiStack, apiStack.functions[fn].role));
      expect(
        other.flatMap(actionsOf).filter((a) => a.startsWith('sqs:')),
        fn,
      ).toEqual([]);
      const vars = (api['Resources'][logicalId(apiStack, apiStack.functions[fn].function)] as Json)[
        'Properties'
      ].Environment.Variables as Json;
      expect(Object.keys(vars), fn).not.toContain(urlEnv);
    }
  });

  it('has no dependency cycle: the API stack depends on the async and orchestration stacks, not back', () => {
    const names = (s: Stack) => s.dependencies.map((d) => d.stackName);
    expect(names(apiStack)).toEqual(
      expect.arrayContaining([asyncStack.stackName, orchestrationStack.stackName]),
    );
    expect(names(asyncStack)).not.toContain(apiStack.stackName);
    expect(names(orchestrationStack)).not.toContain(apiStack.stackName);
    expect(() => built.app.synth()).not.toThrow(); // cdk-nag included
  });
});
