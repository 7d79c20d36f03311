/**
 * Builds the whole CDK app. `infra/bin/app.ts` (what `cdk synth` runs) and the infra tests both
 * call {@link buildApp}, so tests synthesize exactly what the CLI does.
 */
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, Aws, Tags, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readStageConfig, type StageConfig } from './config/stage.js';
import { ApiStack } from './stacks/api-stack.js';
import { AsyncStack } from './stacks/async-stack.js';
import { DataStack } from './stacks/data-stack.js';
import { InferenceStack } from './stacks/inference-stack.js';
import { ObservabilityStack } from './stacks/observability-stack.js';
import { encryptLogGroups } from './constructs/log-encryption.js';
import { OrchestrationStack } from './stacks/orchestration-stack.js';
import { RealtimeStack } from './stacks/realtime-stack.js';
import { KnowledgeStack } from './stacks/knowledge-stack.js';
import { AGENT_STATUS_TASKS } from '../statemachines/plan-trip-tasks.js';
import { PLANNER_MODE_ENV, PLAN_TRIP_STATE_MACHINE_ARN_ENV } from '../functions/orchestration/starter.js';

/** The app and its stacks, for tests and for later stacks to wire into. */
export interface BuiltApp {
  readonly app: App;
  readonly config: StageConfig;
  readonly dataStack: DataStack;
  readonly apiStack: ApiStack;
  readonly orchestrationStack: OrchestrationStack;
  readonly asyncStack: AsyncStack;
  readonly realtimeStack: RealtimeStack;
  readonly knowledgeStack: KnowledgeStack;
  /** The GPU model service (VPC, ECS on g5, internal ALB); its `vpc` is for other stacks too. */
  readonly inferenceStack: InferenceStack;
  /** Dashboard and alarms over every stack (to the async stack's alarm topic). */
  readonly observabilityStack: ObservabilityStack;
}

/** Options of {@link buildApp}. */
export interface BuildAppOptions {
  /**
   * Where the cloud assembly is written.
   * @default - `CDK_OUTDIR` under the CLI, a temporary directory otherwise
   */
  readonly outdir?: string;
}

/**
 * Creates the app: reads and validates the stage from context, creates the stacks
 * (`TravelPlanner-<stage>-Data`, `-Realtime`, `-Api`, `-Orchestration`, `-Async`), tags everything and registers cdk-nag's AWS Solutions checks,
 * whose unacknowledged findings (errors and warnings alike) make synthesis throw.
 *
 * @param context context values on top of what the CLI passes (cdk.json, `-c key=value`). Tests pass
 *   `{ ...projectContext(), stage: 'prod' }` so feature flags match `cdk synth`.
 * @throws StageConfigError on an unknown stage.
 */
export function buildApp(context: Record<string, unknown> = {}, options: BuildAppOptions = {}): BuiltApp {
  const app = new App({ context, ...(options.outdir ? { outdir: options.outdir } : {}) });
  const config = readStageConfig(app.node);
  const env = Object.keys(config.env).length > 0 ? config.env : undefined;

  const dataStack = new DataStack(app, `${config.stackNamePrefix}-Data`, { config, ...(env ? { env } : {}) });
  // The WebSocket API on its own: the API, orchestration and async stacks all push to it.
  const realtimeStack = new RealtimeStack(app, `${config.stackNamePrefix}-Realtime`, {
    config,
    ...(env ? { env } : {}),
  });
  const apiStack = new ApiStack(app, `${config.stackNamePrefix}-Api`, {
    config,
    dataStack,
    realtime: realtimeStack,
    ...(env ? { env } : {}),
  });

  const orchestrationStack = new OrchestrationStack(app, `${config.stackNamePrefix}-Orchestration`, {
    config,
    dataStack,
    ...(env ? { env } : {}),
  });
  // POST /v1/agents/sessions starts a PlanTrip execution instead of planning in-process.
  const agentsFunction = apiStack.functions.agents.function;
  agentsFunction.addEnvironment(PLANNER_MODE_ENV, 'stepfunctions');
  agentsFunction.addEnvironment(
    PLAN_TRIP_STATE_MACHINE_ARN_ENV,
    orchestrationStack.planTrip.stateMachine.stateMachineArn,
  );
  orchestrationStack.planTrip.stateMachine.grantStartExecution(agentsFunction);
  // POST /v1/agents/sessions/{id}/cancel stops the session's execution: StopExecution on this
  // state machine's executions only (named by the session id, hence the wildcard).
  const planTripExecutions = `arn:${Aws.PARTITION}:states:${Aws.REGION}:${Aws.ACCOUNT_ID}:execution:${orchestrationStack.planTripName}:*`;
  agentsFunction.addToRolePolicy(
    new iam.PolicyStatement({ actions: ['states:StopExecution'], resources: [planTripExecutions] }),
  );
  Validations.of(apiStack.functions.agents.role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${orchestrationStack.planTripName}:*]`,
    reason:
      'StopExecution on the executions of the PlanTrip state machine only; an execution is named ' +
      "by its agent session's id, which is known only at run time.",
  });

  for (const [key, value] of Object.entries(config.tags)) {
    Tags.of(app).add(key, value);
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

  const asyncStack = new AsyncStack(app, `${config.stackNamePrefix}-Async`, {
    config,
    dataStack,
    ...(env ? { env } : {}),
  });
  // Confirming a plan (PUT /v1/travel-plans/{id}) enqueues its booking follow-up. The API stack
  // depends on the async stack for this; the async stack must not reference the API stack.
  asyncStack.grantEnqueue('booking-follow-up', apiStack.functions.plans.function);

  // Functions that push WebSocket frames (the $default route's function is granted by the API
  // stack): agent_status from the PlanTrip tasks that report progress and the session's end, and
  // from the agents function (a cancelled session); in-app notifications from every consumer.
  realtimeStack.grantPush(agentsFunction);
  // `-c localstack=true` (npm run deploy:local): LocalStack's free tier has no WebSocket API, so the
  // stacks deployed there (local/deploy-local.ts) must not import the realtime stack's API id.
  const localstack = String(app.node.tryGetContext('localstack')) === 'true';
  if (!localstack) {
    for (const task of AGENT_STATUS_TASKS)
      realtimeStack.grantPush(orchestrationStack.functions[task].function);
    realtimeStack.grantPush(orchestrationStack.executionEnded.function);
    for (const workflow of Object.values(asyncStack.workflows)) {
      realtimeStack.grantPush(workflow.consumer.function);
    }
  }

  // The GPU model service. The chat paths (conversations, agents, the WebSocket $default route)
  // may wake it from zero; GET /health (system) only reports its state.
  const inferenceStack = new InferenceStack(app, `${config.stackNamePrefix}-Inference`, {
    config,
    ...(env ? { env } : {}),
  });
  for (const fn of [
    apiStack.functions.conversations.function,
    agentsFunction,
    apiStack.webSocket.functions.$default.function,
  ]) {
    inferenceStack.grantModelAccess(fn, { wake: true });
  }
  inferenceStack.grantModelAccess(apiStack.functions.system.function, { wake: false });

  const observabilityStack = new ObservabilityStack(app, `${config.stackNamePrefix}-Observability`, {
    config,
    apiStack,
    orchestrationStack,
    asyncStack,
    realtimeStack,
    inferenceStack,
    ...(env ? { env } : {}),
  });
  // Qdrant (ECS + EBS in the inference stack's VPC, or Qdrant Cloud with -c qdrant=cloud) and the
  // ingestion queue.
  const knowledgeStack = new KnowledgeStack(app, `${config.stackNamePrefix}-Knowledge`, {
    config,
    vpc: inferenceStack.vpc,
    ...(env ? { env } : {}),
  });
  // Last: every log group of every stack gets the stage's retention and, in prod, its stack's KMS key.
  encryptLogGroups(app, config);

  return {
    app,
    config,
    dataStack,
    apiStack,
    orchestrationStack,
    asyncStack,
    realtimeStack,
    inferenceStack,
    observabilityStack,
    knowledgeStack,
  };
}

const CDK_JSON = fileURLToPath(new URL('../cdk.json', import.meta.url));
const CDK_CONTEXT_JSON = fileURLToPath(new URL('../cdk.context.json', import.meta.url));

/** Options of {@link projectContext}. */
export interface ProjectContextOptions {
  /**
   * Bundle the Lambda functions with esbuild, as `cdk synth` does. Off by default: tests assert
   * the templates, and skipping bundling (`aws:cdk:bundling-stacks: []`, the CLI's `--exclusively`
   * mechanism) saves seconds per synthesis; `npm run synth` exercises the bundling.
   * @default false
   */
  readonly bundle?: boolean;
}

/**
 * The context the CDK CLI would pass from the project files: `cdk.json`'s `context` (feature flags,
 * default stage) and `cdk.context.json` (cached lookups). For tests, which construct `App` directly.
 */
export function projectContext(options: ProjectContextOptions = {}): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(CDK_JSON, 'utf8')) as { context?: Record<string, unknown> };
  const cached = existsSync(CDK_CONTEXT_JSON)
    ? (JSON.parse(readFileSync(CDK_CONTEXT_JSON, 'utf8')) as Record<string, unknown>)
    : {};
  return {
    ...cached,
    ...cdkJson.context,
    ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
  };
}
