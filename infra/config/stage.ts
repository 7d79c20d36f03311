/**
 * Deployment stage configuration for the CDK app: read once from CDK context, validated with zod,
 * failing fast on anything unknown. Stacks receive the resulting {@link StageConfig}; none of them
 * reads context or environment variables on its own.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import { z } from 'zod';
import { CHAT_MODEL_IDS, type ChatModelId } from '../../gpu-service/models.js';

/** The stages this app can be deployed as. */
export const STAGES = ['dev', 'staging', 'prod'] as const;

/** A deployment stage. */
export type Stage = (typeof STAGES)[number];

/** The stage used when the `stage` context value is absent. */
export const DEFAULT_STAGE: Stage = 'dev';

/** How the table's data is encrypted at rest. */
export type TableEncryptionMode = 'customer-managed-key' | 'aws-managed-key';

/** Handler log level (the `LOG_LEVEL` the API functions read). */
export type HandlerLogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** What differs between stages for the REST API (infra/stacks/api-stack.ts). */
export interface ApiStageConfig {
  /** Steady-state requests per second for the whole stage (API Gateway stage throttling). */
  readonly throttlingRateLimit: number;
  /** Requests the stage absorbs in a burst above the steady rate. */
  readonly throttlingBurstLimit: number;
  /** Retention of the API access logs and of every function's log group. */
  readonly logRetention: RetentionDays;
  /** Origins CORS allows (`*` = any; the API uses bearer tokens, never cookies). */
  readonly corsOrigins: readonly string[];
  /** An AWS WAF web ACL (managed rule groups + a per-IP rate rule) in front of the stage. */
  readonly webAcl: boolean;
  /** API Gateway detailed (per-method) CloudWatch metrics, billed per metric. */
  readonly detailedMetrics: boolean;
  /** `LOG_LEVEL` of the handlers. */
  readonly logLevel: HandlerLogLevel;
}

/** What differs between stages for the GPU model service (infra/stacks/inference-stack.ts). */
export interface InferenceStageConfig {
  /** EC2 instance type of the GPU Auto Scaling group (one A10G per g5.xlarge: one vLLM task each). */
  readonly instanceType: string;
  /** The chat model served (gpu-service/models.ts); `-c model=qwen3-8b-awq` overrides it. */
  readonly model: ChatModelId;
  /** Fewest tasks (0: the service scales to zero when idle and is woken on demand). */
  readonly minTasks: number;
  /** Most tasks (and GPU instances). */
  readonly maxTasks: number;
  /** Minutes without a request after which a ready service goes to zero tasks. */
  readonly idleTimeoutMinutes: number;
  /** Target of the scale-out policy: `vllm:num_requests_waiting` per task. */
  readonly targetWaitingPerTask: number;
  /** vLLM `--max-model-len`. */
  readonly maxModelLen: number;
  /** vLLM `--gpu-memory-utilization`. */
  readonly gpuMemoryUtilization: number;
  /** Also define the pooling models (bge-m3 embedder, bge-reranker-v2-m3) as services at 0 tasks. */
  readonly poolingModels: boolean;
  /** NAT gateways of the VPC (1 in dev: the idle cost floor; one per AZ in prod). */
  readonly natGateways: number;
}

/** Everything that differs between stages. Stacks read only this object. */
export interface StageConfig {
  readonly stage: Stage;
  /** Prefix of every stack id: `TravelPlanner-<stage>`. */
  readonly stackNamePrefix: string;
  /** Prefix of physical resource names: `travel-planner-<stage>`. */
  readonly resourceNamePrefix: string;
  /** Physical name of the single DynamoDB table. */
  readonly tableName: string;
  /** What CloudFormation does with stateful resources when they leave the stack. */
  readonly removalPolicy: RemovalPolicy;
  /** DynamoDB deletion protection on the table. */
  readonly deletionProtection: boolean;
  /** CloudFormation termination protection on the stacks. */
  readonly terminationProtection: boolean;
  /** A customer-managed KMS key (with rotation) in prod; the AWS-managed `aws/dynamodb` key otherwise. */
  readonly tableEncryption: TableEncryptionMode;
  /** CloudWatch Contributor Insights on the table and its indexes (billed per event). */
  readonly contributorInsights: boolean;
  /**
   * Target account and region from context (`-c account=... -c region=...`); environment-agnostic
   * when absent. Required (region) where the table uses a customer-managed key, i.e. prod.
   */
  readonly env: { readonly account?: string; readonly region?: string };
  /** Tags applied to every taggable resource in the app. */
  readonly tags: Readonly<Record<string, string>>;
  /** The REST API's per-stage settings. */
  readonly api: ApiStageConfig;
  /** The GPU model service's per-stage settings. */
  readonly inference: InferenceStageConfig;
  /**
   * Encrypt every CloudWatch log group with a customer-managed KMS key of its stack (prod): an
   * aspect of the app (infra/constructs/observability.ts) applies it to all log groups.
   */
  readonly encryptLogs: boolean;
}

const PROJECT_TAG = 'travel-planner';

const stageSchema = z.enum(STAGES, {
  error: (issue) =>
    `Unknown stage ${JSON.stringify(issue.input)}: pass -c stage=<${STAGES.join('|')}> (default ${DEFAULT_STAGE}).`,
});

// An empty or blank value (`-c region=`) means "not given".
const optionalContextString = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined);

// `-c corsOrigins=https://a.example,https://b.example`; absent or blank means any origin.
const corsOriginsSchema = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v.split(',').map((o) => o.trim()) : ['*']))
  .pipe(
    z
      .array(
        z.union([
          z.literal('*'),
          z.url({ protocol: /^https?$/, error: 'must be * or an origin such as https://app.example.com' }),
        ]),
      )
      .min(1),
  );

const contextSchema = z.object({
  stage: stageSchema.default(DEFAULT_STAGE),
  account: optionalContextString,
  region: optionalContextString,
  corsOrigins: corsOriginsSchema,
  model: z
    .enum(CHAT_MODEL_IDS, {
      error: (issue) =>
        `Unknown model ${JSON.stringify(issue.input)}: pass -c model=<${CHAT_MODEL_IDS.join('|')}>.`,
    })
    .optional(),
});

/** The raw context values the stage config is built from. */
export type StageContext = z.input<typeof contextSchema>;

/** Thrown when the CDK context does not describe a valid stage. */
export class StageConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StageConfigError';
  }
}

const PER_STAGE: Record<
  Stage,
  Omit<
    StageConfig,
    'stage' | 'stackNamePrefix' | 'resourceNamePrefix' | 'tableName' | 'env' | 'tags' | 'api'
  > & { api: Omit<ApiStageConfig, 'corsOrigins'> }
> = {
  dev: {
    removalPolicy: RemovalPolicy.DESTROY,
    deletionProtection: false,
    terminationProtection: false,
    tableEncryption: 'aws-managed-key',
    contributorInsights: false,
    inference: {
      instanceType: 'g5.xlarge',
      model: 'qwen2.5-7b-awq',
      minTasks: 0,
      maxTasks: 1,
      idleTimeoutMinutes: 15,
      targetWaitingPerTask: 4,
      maxModelLen: 16384,
      gpuMemoryUtilization: 0.9,
      poolingModels: false,
      natGateways: 1,
    },
    encryptLogs: false,
    api: {
      throttlingRateLimit: 25,
      throttlingBurstLimit: 50,
      logRetention: RetentionDays.TWO_WEEKS,
      webAcl: false,
      detailedMetrics: false,
      logLevel: 'DEBUG',
    },
  },
  staging: {
    removalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: false,
    terminationProtection: false,
    tableEncryption: 'aws-managed-key',
    contributorInsights: false,
    inference: {
      instanceType: 'g5.xlarge',
      model: 'qwen2.5-7b-awq',
      minTasks: 0,
      maxTasks: 2,
      idleTimeoutMinutes: 20,
      targetWaitingPerTask: 4,
      maxModelLen: 16384,
      gpuMemoryUtilization: 0.9,
      poolingModels: false,
      natGateways: 1,
    },
    encryptLogs: false,
    api: {
      throttlingRateLimit: 100,
      throttlingBurstLimit: 200,
      logRetention: RetentionDays.ONE_MONTH,
      webAcl: false,
      detailedMetrics: false,
      logLevel: 'INFO',
    },
  },
  prod: {
    removalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: true,
    terminationProtection: true,
    tableEncryption: 'customer-managed-key',
    contributorInsights: true,
    inference: {
      instanceType: 'g5.xlarge',
      model: 'qwen2.5-7b-awq',
      minTasks: 0,
      maxTasks: 4,
      idleTimeoutMinutes: 30,
      targetWaitingPerTask: 2,
      maxModelLen: 16384,
      gpuMemoryUtilization: 0.9,
      poolingModels: true,
      natGateways: 2,
    },
    encryptLogs: true,
    api: {
      throttlingRateLimit: 500,
      throttlingBurstLimit: 1000,
      logRetention: RetentionDays.ONE_YEAR,
      webAcl: true,
      detailedMetrics: true,
      logLevel: 'INFO',
    },
  },
};

/**
 * Builds the stage configuration from raw context values.
 * @throws StageConfigError on an unknown stage, malformed account/region or a bad CORS origin.
 */
export function stageConfigFromContext(context: StageContext): StageConfig {
  const parsed = contextSchema.safeParse(context);
  if (!parsed.success) {
    const details = parsed.error.issues
      .map((i) => `${i.path.join('.') || 'context'}: ${i.message}`)
      .join('; ');
    throw new StageConfigError(`Invalid stage configuration. ${details}`);
  }
  const { stage, account, region, corsOrigins, model } = parsed.data;
  const perStage = PER_STAGE[stage];
  // A TableV2 encrypted with a customer-managed key renders the key per replica region, so its
  // stack cannot be environment-agnostic. Pinning prod's region is wanted anyway.
  if (perStage.tableEncryption === 'customer-managed-key' && !region) {
    throw new StageConfigError(
      `Stage ${stage} needs an explicit region: pass -c region=<aws-region> (e.g. -c region=us-east-1); ` +
        'its KMS-encrypted table cannot be synthesized for an unknown region.',
    );
  }
  const resourceNamePrefix = `travel-planner-${stage}`;
  return {
    stage,
    stackNamePrefix: `TravelPlanner-${stage}`,
    resourceNamePrefix,
    tableName: `${resourceNamePrefix}-data`,
    ...perStage,
    env: { ...(account ? { account } : {}), ...(region ? { region } : {}) },
    tags: { project: PROJECT_TAG, stage },
    api: { ...perStage.api, corsOrigins },
    inference: { ...perStage.inference, ...(model ? { model } : {}) },
  };
}

/**
 * Reads the stage configuration from a construct tree's context (`-c stage=prod`, cdk.json, or
 * `new App({ context })`). Call it once, at the app root, and pass the result down.
 * @throws StageConfigError on an unknown stage.
 */
export function readStageConfig(node: Node): StageConfig {
  return stageConfigFromContext({
    stage: node.tryGetContext('stage') as StageContext['stage'],
    account: node.tryGetContext('account') as StageContext['account'],
    region: node.tryGetContext('region') as StageContext['region'],
    corsOrigins: node.tryGetContext('corsOrigins') as StageContext['corsOrigins'],
    model: node.tryGetContext('model') as StageContext['model'],
  });
}
