/**
 * The knowledge-base stack: Qdrant and the ingestion of document updates.
 *
 * - `qdrant: 'ecs'` (default): Qdrant (`qdrant/qdrant:v1.18.0`, the version the adapter's client
 *   and the contract tests use) as one Fargate task on ARM64 in private subnets, its storage on an
 *   EBS volume the service manages (gp3, encrypted; Qdrant does not support NFS, so not EFS),
 *   reachable at `qdrant.<namespace>:6333` through Cloud Map, with an API key generated in Secrets
 *   Manager. The VPC is the one passed in (`vpc`, e.g. the inference stack's) or its own (two AZs,
 *   one NAT gateway, flow logs).
 *   A replaced task starts with an empty volume: the ingestion consumer rebuilds the collection
 *   (idempotent, from the corpus bundled with the function) when a message arrives.
 * - `qdrant: 'cloud'`: Qdrant Cloud by configuration — `qdrantUrl` and the name of a Secrets
 *   Manager secret holding its API key (`qdrantApiKeySecretName`); no VPC, no ECS.
 *
 * Ingestion: an SQS queue (SSE, SSL only, dead-letter queue after 3 receives) feeding the
 * consumer Lambda (functions/knowledge/ingest-handler.ts, batch size 10).
 */
import { Duration, Size, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stage.js';
import { ApiFunction } from '../constructs/api-function.js';

export const QDRANT_IMAGE = 'qdrant/qdrant:v1.18.0';
export const QDRANT_PORT = 6333;

export interface KnowledgeStackProps extends StackProps {
  readonly config: StageConfig;
  /**
   * `ecs`: self-hosted on Fargate with EBS storage; `cloud`: Qdrant Cloud.
   * @default - the `qdrant` context value, else `ecs`
   */
  readonly qdrant?: 'ecs' | 'cloud';
  /** VPC to run Qdrant and the consumer in (ECS mode). @default - a VPC of its own */
  readonly vpc?: ec2.IVpc;
  /** Qdrant Cloud URL (cloud mode). @default - the `qdrantUrl` context value */
  readonly qdrantUrl?: string;
  /** Secrets Manager secret name of the Qdrant Cloud API key (cloud mode). @default - `qdrantApiKeySecretName` context */
  readonly qdrantApiKeySecretName?: string;
  /** OpenAI-compatible embeddings endpoint (e.g. vLLM with bge-m3); sparse only when absent. */
  readonly embeddingsBaseUrl?: string;
}

export class KnowledgeStack extends Stack {
  public readonly queue: sqs.Queue;
  public readonly deadLetterQueue: sqs.Queue;
  public readonly consumer: ApiFunction;
  public readonly apiKey: secretsmanager.ISecret;
  public readonly qdrantUrl: string;
  public readonly vpc?: ec2.IVpc;
  public readonly service?: ecs.FargateService;

  constructor(scope: Construct, id: string, props: KnowledgeStackProps) {
    super(scope, id, props);
    const { config } = props;
    const mode =
      props.qdrant ??
      ((this.node.tryGetContext('qdrant') as string | undefined) === 'cloud' ? 'cloud' : 'ecs');

    let consumerSg: ec2.SecurityGroup | undefined;
    if (mode === 'cloud') {
      const url = props.qdrantUrl ?? (this.node.tryGetContext('qdrantUrl') as string | undefined);
      const secretName =
        props.qdrantApiKeySecretName ??
        (this.node.tryGetContext('qdrantApiKeySecretName') as string | undefined);
      if (!url || !secretName) throw new Error('qdrant=cloud needs qdrantUrl and qdrantApiKeySecretName');
      this.qdrantUrl = url;
      this.apiKey = secretsmanager.Secret.fromSecretNameV2(this, 'QdrantApiKey', secretName);
    } else {
      const vpc =
        props.vpc ??
        new ec2.Vpc(this, 'Vpc', {
          maxAzs: 2,
          natGateways: 1,
          subnetConfiguration: [
            { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
            { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
          ],
          flowLogs: { all: { trafficType: ec2.FlowLogTrafficType.ALL } },
        });
      this.vpc = vpc;
      const secret = new secretsmanager.Secret(this, 'QdrantApiKey', {
        description: 'API key of the self-hosted Qdrant (QDRANT__SERVICE__API_KEY)',
        generateSecretString: { passwordLength: 40, excludePunctuation: true },
        removalPolicy: config.removalPolicy,
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason: 'Qdrant reads its API key at start; rotating it needs a task restart, done by redeploying.',
      });
      this.apiKey = secret;

      const cluster = new ecs.Cluster(this, 'Cluster', {
        vpc,
        containerInsightsV2: ecs.ContainerInsights.ENABLED,
        defaultCloudMapNamespace: { name: `${config.resourceNamePrefix}.knowledge.internal`, vpc },
      });
      const task = new ecs.FargateTaskDefinition(this, 'QdrantTask', {
        cpu: 1024,
        memoryLimitMiB: 2048,
        runtimePlatform: {
          cpuArchitecture: ecs.CpuArchitecture.ARM64,
          operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
        },
      });
      const container = task.addContainer('qdrant', {
        image: ecs.ContainerImage.fromRegistry(QDRANT_IMAGE),
        portMappings: [{ containerPort: QDRANT_PORT }],
        secrets: { QDRANT__SERVICE__API_KEY: ecs.Secret.fromSecretsManager(secret) },
        logging: ecs.LogDrivers.awsLogs({
          streamPrefix: 'qdrant',
          logGroup: new logs.LogGroup(this, 'QdrantLogs', {
            retention: config.api.logRetention,
            removalPolicy: config.removalPolicy,
          }),
        }),
      });
      const volume = new ecs.ServiceManagedVolume(this, 'QdrantStorage', {
        name: 'qdrant-storage',
        managedEBSVolume: {
          size: config.stage === 'prod' ? Size.gibibytes(100) : Size.gibibytes(20),
          volumeType: ec2.EbsDeviceVolumeType.GP3,
          encrypted: true,
          fileSystemType: ecs.FileSystemType.EXT4,
        },
      });
      task.addVolume(volume);
      Validations.of(volume).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonECSInfrastructureRolePolicyForVolumes]',
        reason: 'The AWS managed policy ECS needs to create and attach the service-managed EBS volume.',
      });
      volume.mountIn(container, { containerPath: '/qdrant/storage', readOnly: false });

      const qdrantSg = new ec2.SecurityGroup(this, 'QdrantSg', {
        vpc,
        description: 'Qdrant REST port from the knowledge consumers',
      });
      consumerSg = new ec2.SecurityGroup(this, 'ConsumerSg', {
        vpc,
        description: 'Knowledge ingestion consumer',
      });
      qdrantSg.addIngressRule(consumerSg, ec2.Port.tcp(QDRANT_PORT), 'ingestion consumer to Qdrant');
      this.service = new ecs.FargateService(this, 'Qdrant', {
        cluster,
        taskDefinition: task,
        desiredCount: 1,
        // One writer on one volume: never two tasks at once.
        minHealthyPercent: 0,
        maxHealthyPercent: 100,
        circuitBreaker: { rollback: true },
        securityGroups: [qdrantSg],
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        cloudMapOptions: { name: 'qdrant', dnsRecordType: servicediscovery.DnsRecordType.A },
      });
      this.service.addVolume(volume);
      this.qdrantUrl = `http://qdrant.${config.resourceNamePrefix}.knowledge.internal:${QDRANT_PORT}`;
      Validations.of(task).acknowledge({
        id: 'AwsSolutions-ECS2',
        reason: 'Only non-secret settings are environment variables; the API key comes from Secrets Manager.',
      });
    }

    this.deadLetterQueue = new sqs.Queue(this, 'IngestDlq', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.queue = new sqs.Queue(this, 'IngestQueue', {
      visibilityTimeout: Duration.minutes(16),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 3 },
    });
    this.consumer = new ApiFunction(this, 'IngestConsumer', {
      entry: 'functions/knowledge/ingest-handler.ts',
      description: 'Ingests knowledge-base document updates into Qdrant (idempotent by content hash)',
      profile: { memorySize: 1024, timeout: Duration.minutes(15) },
      background: true,
      logRetention: config.api.logRetention,
      removalPolicy: config.removalPolicy,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'travel-planner-knowledge',
        KNOWLEDGE_STORE: 'qdrant',
        QDRANT_URL: this.qdrantUrl,
        QDRANT_API_KEY_SECRET_ARN: this.apiKey.secretArn,
        ...(props.embeddingsBaseUrl ? { EMBEDDINGS_BASE_URL: props.embeddingsBaseUrl } : {}),
      },
      ...(this.vpc && consumerSg ? { vpc: this.vpc, securityGroups: [consumerSg] } : {}),
    });
    this.apiKey.grantRead(this.consumer.role);
    this.consumer.function.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 10, reportBatchItemFailures: true }),
    );
    if (this.vpc) {
      Validations.of(this.consumer.role).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
        reason: 'The AWS managed policy Lambda needs to create its network interfaces in the VPC.',
      });
    }
    Validations.of(this.queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'It has a dead-letter queue (IngestDlq).',
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'It is the dead-letter queue of the ingestion queue itself.',
    });
  }
}
