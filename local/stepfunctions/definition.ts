/**
 * The PlanTrip definition exactly as CDK synthesizes it: the orchestration stack is synthesized
 * (without bundling), its DefinitionString's Fn::Join / Ref / Fn::GetAtt are evaluated, and every
 * Lambda task state is mapped, through the function's logical id and Handler, to its task.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { projectContext } from '../../infra/app-builder.js';
import { readStageConfig } from '../../infra/config/stage.js';
import { DataStack } from '../../infra/stacks/data-stack.js';
import { OrchestrationStack } from '../../infra/stacks/orchestration-stack.js';
import { PLAN_TRIP_TASKS, type PlanTripTask } from '../../statemachines/plan-trip-tasks.js';

type Json = Record<string, unknown>;

/** The synthesized ASL and which task each Task state runs. */
export interface SynthesizedPlanTrip {
  definition: Json;
  /** Task state name -> task (handler export). */
  taskOfState: Record<string, PlanTripTask>;
  /** The template (for assertions). */
  template: Json;
}

const FAKE_ARN = (logicalId: string) => `arn:aws:lambda:us-east-1:123456789012:function:${logicalId}`;

/** Evaluates the intrinsic functions a DefinitionString uses. */
export function evaluate(value: unknown): unknown {
  if (typeof value === 'string' || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(evaluate);
  const o = value as Json;
  if ('Fn::Join' in o) {
    const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
    return parts.map((p) => String(evaluate(p))).join(sep);
  }
  if ('Ref' in o) {
    const ref = o['Ref'] as string;
    const pseudo: Record<string, string> = {
      'AWS::Partition': 'aws',
      'AWS::Region': 'us-east-1',
      'AWS::AccountId': '123456789012',
      'AWS::URLSuffix': 'amazonaws.com',
    };
    return pseudo[ref] ?? ref;
  }
  if ('Fn::GetAtt' in o) {
    const [id, attr] = o['Fn::GetAtt'] as [string, string];
    if (attr !== 'Arn') throw new Error(`unsupported Fn::GetAtt ${id}.${attr}`);
    return FAKE_ARN(id);
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, evaluate(v)]));
}

function taskStates(states: Json, out: [string, Json][]): void {
  for (const [name, raw] of Object.entries(states)) {
    const s = raw as Json;
    if (s['Type'] === 'Task') out.push([name, s]);
    for (const b of (s['Branches'] as Json[] | undefined) ?? []) taskStates(b['States'] as Json, out);
    const proc = (s['ItemProcessor'] ?? s['Iterator']) as Json | undefined;
    if (proc) taskStates(proc['States'] as Json, out);
  }
}

/** Synthesizes the orchestration stack (stage `dev` unless given) and extracts the PlanTrip ASL. */
export function synthesizePlanTrip(context: Record<string, unknown> = {}): SynthesizedPlanTrip {
  const app = new App({
    context: { ...projectContext(), stage: 'dev', ...context, 'aws:cdk:bundling-stacks': [] },
  });
  const config = readStageConfig(app.node);
  const dataStack = new DataStack(app, 'Data', { config });
  const stack = new OrchestrationStack(app, 'Orchestration', { config, dataStack });
  const template = Template.fromStack(stack).toJSON() as Json;
  const resources = template['Resources'] as Record<string, Json>;
  const sm = Object.values(resources).find((r) => r['Type'] === 'AWS::StepFunctions::StateMachine');
  if (!sm) throw new Error('no state machine in the orchestration stack');
  const definition = JSON.parse(String(evaluate((sm['Properties'] as Json)['DefinitionString']))) as Json;
  const taskOfLogicalId = new Map<string, PlanTripTask>();
  for (const [id, r] of Object.entries(resources)) {
    if (r['Type'] !== 'AWS::Lambda::Function') continue;
    const handler = String((r['Properties'] as Json)['Handler'])
      .split('.')
      .pop() as PlanTripTask;
    if (PLAN_TRIP_TASKS.includes(handler)) taskOfLogicalId.set(id, handler);
  }
  const found: [string, Json][] = [];
  taskStates(definition['States'] as Json, found);
  const taskOfState: Record<string, PlanTripTask> = {};
  for (const [name, s] of found) {
    const logicalId = String(s['Resource']).split(':function:')[1] ?? '';
    const task = taskOfLogicalId.get(logicalId);
    if (!task) throw new Error(`task state "${name}" calls ${String(s['Resource'])}, no known task`);
    taskOfState[name] = task;
  }
  return { definition, taskOfState, template };
}
