/**
 * The inference stack: the GPU model service — vLLM serving Qwen (gpu-service/) on ECS with g5
 * instances, behind an internal Application Load Balancer, scaling to zero tasks when idle and
 * woken on demand by the functions that need it (functions/llm/model-service.ts).
 *
 * - **Network:** a VPC ({@link InferenceStack.vpc}, exported for other stacks such as a Qdrant
 *   stack) with public subnets (NAT only) and private subnets with egress; S3 and DynamoDB
 *   gateway endpoints (free; weights and the table stay off the NAT); rejected-traffic flow logs.
 * - **Capacity:** an Auto Scaling group of GPU instances (stage instance type, g5.xlarge: one A10G
 *   each, so one vLLM task per instance) on the ECS GPU-optimized Amazon Linux 2023 AMI, attached
 *   through a capacity provider with managed scaling (minimum 0 instances) and managed
 *   termination protection: ECS launches an instance when a task needs one and removes idle ones.
 * - **Task:** the gpu-service image (built from gpu-service/Dockerfile at deploy time), one GPU
 *   (`gpuCount: 1`), weights streamed from the model bucket (`--load-format runai_streamer`), a
 *   container health check on `/health` whose start period covers model loading, and a CloudWatch
 *   agent sidecar scraping vLLM's `/metrics` (Prometheus) into CloudWatch as EMF:
 *   `vllm:num_requests_waiting`, `vllm:num_requests_running`, `vllm:kv_cache_usage_perc`, token
 *   and time-to-first-token counters, in {@link INFERENCE_METRICS_NAMESPACE}.
 * - **Scaling:** target tracking on `vllm:num_requests_waiting` per task (scale-out only: a task
 *   with nothing queued may still be busy); scale-in by one task on low load; **to zero** after
 *   the stage's idle timeout without a request on a ready service. From zero the model service
 *   port's `wake` raises the desired count (UpdateService), and callers answer in offline mode
 *   until the service is ready.
 * - **Access:** {@link InferenceStack.grantModelAccess} puts a function in the private subnets
 *   (security group the ALB admits), sets `LLM_BASE_URL`, `LLM_MODEL` and the service coordinates,
 *   and grants DescribeServices (and UpdateService when it may wake) on this one service only.
 */
import { join } from 'node:path';
import { Arn, ArnFormat, CfnOutput, Duration, Stack, type StackProps, Token, Validations } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { MODEL_SERVICE_ENV } from '../../functions/llm/model-service.js';
import {
  CHAT_MODELS,
  POOLING_MODELS,
  POOLING_MODEL_IDS,
  VLLM_IMAGE_CU129,
  VLLM_PORT,
  type ModelSpec,
  type PoolingModelId,
} from '../../gpu-service/models.js';
import type { StageConfig } from '../config/stage.js';
import { REPO_ROOT } from '../constructs/api-function.js';

/** CloudWatch namespace of the vLLM metrics the agent sidecar publishes. */
export const INFERENCE_METRICS_NAMESPACE = 'TravelPlanner/Inference';

/**
 * The CloudWatch agent image of the metrics sidecar (ECR Public), pinned. Not pulled or verified
 * on the build machine (no Docker): check the tag exists in ECR Public before the first deploy.
 */
export const CLOUDWATCH_AGENT_IMAGE = 'public.ecr.aws/cloudwatch-agent/cloudwatch-agent:1.300049.1b929';

/** ECS caps a container health check's start period at 300 s; the grace period covers the rest. */
export const HEALTH_CHECK_START_PERIOD = Duration.seconds(300);
/** How long the ALB health check of a new task is ignored (instance boot + image pull + load). */
export const HEALTH_CHECK_GRACE_PERIOD = Duration.minutes(15);

/** vLLM Prometheus metrics forwarded to CloudWatch (regexes of the agent's metric selectors). */
export const FORWARDED_VLLM_METRICS = [
  '^vllm:num_requests_waiting$',
  '^vllm:num_requests_running$',
  '^vllm:kv_cache_usage_perc$',
  '^vllm:generation_tokens_total$',
  '^vllm:prompt_tokens_total$',
  '^vllm:time_to_first_token_seconds_(sum|count)$',
  '^vllm:e2e_request_latency_seconds_(sum|count)$',
];

/** Props of {@link InferenceStack}. */
export interface InferenceStackProps extends StackProps {
  readonly config: StageConfig;
  /**
   * An existing VPC to run in (e.g. shared with other stacks); created here when absent.
   * @default - a new VPC with two AZs, public (NAT) and private-with-egress subnets
   */
  readonly vpc?: ec2.IVpc;
}

/** Options of {@link InferenceStack.grantModelAccess}. */
export interface ModelAccessOptions {
  /** May raise the desired count (wake the service from zero); false grants only DescribeServices. */
  readonly wake: boolean;
}

/** A pooling model's service (bge-m3 embedder, bge-reranker-v2-m3). */
export interface PoolingService {
  readonly service: ecs.Ec2Service;
  readonly taskDefinition: ecs.Ec2TaskDefinition;
  /** `http://<alb>:<port>/v1`. */
  readonly baseUrl: string;
}

const POOLING_PORTS: Readonly<Record<PoolingModelId, number>> = {
  'bge-m3': 8001,
  'bge-reranker-v2-m3': 8002,
};

const pascal = (s: string) =>
  s
    .split(/[^a-zA-Z0-9]+/)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');

export class InferenceStack extends Stack {
  /** The VPC; pass it to other stacks that need private networking (e.g. a Qdrant stack). */
  public readonly vpc: ec2.IVpc;
  public readonly cluster: ecs.Cluster;
  public readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  public readonly capacityProvider: ecs.AsgCapacityProvider;
  public readonly taskDefinition: ecs.Ec2TaskDefinition;
  /** The chat model's service (what `wake` scales). */
  public readonly service: ecs.Ec2Service;
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  /** Where the weights live: `s3://<bucket>/<model s3Prefix>/` (see gpu-service/README.md). */
  public readonly modelBucket: s3.Bucket;
  /** Security group of the functions that call the model (the ALB admits it). */
  public readonly clientSecurityGroup: ec2.SecurityGroup;
  /** `http://<internal ALB>/v1`: the OpenAI-compatible base URL. */
  public readonly llmBaseUrl: string;
  /** The served model name clients send (`LLM_MODEL`). */
  public readonly modelName: string;
  public readonly serviceName: string;
  public readonly clusterName: string;
  /** Alarm that takes a ready, idle service to zero tasks. */
  public readonly idleAlarm: cloudwatch.Alarm;
  /** The pooling models' services (only when the stage enables them). */
  public readonly pooling: Partial<Record<PoolingModelId, PoolingService>>;

  readonly #config: StageConfig;
  #metricsLogs?: logs.LogGroup;

  constructor(scope: Construct, id: string, props: InferenceStackProps) {
    const { config, vpc, ...stackProps } = props;
    super(scope, id, {
      description: `Travel planner (${config.stage}): GPU model service (vLLM + Qwen on ECS g5, scales to zero)`,
      terminationProtection: config.terminationProtection,
      tags: { ...config.tags },
      ...stackProps,
    });
    this.#config = config;
    const inference = config.inference;
    const chat = CHAT_MODELS[inference.model];
    this.clusterName = `${config.resourceNamePrefix}-gpu`;
    this.serviceName = `${config.resourceNamePrefix}-llm`;
    this.modelName = chat.servedName;

    this.vpc = vpc ?? this.#vpc(config);

    this.modelBucket = new s3.Bucket(this, 'ModelBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      versioned: false,
      removalPolicy: config.removalPolicy,
    });
    Validations.of(this.modelBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Holds public model weights (copied once from their published repositories), read by the ' +
        'GPU tasks only through their task role; S3 server access logs would only record those reads.',
    });

    this.cluster = new ecs.Cluster(this, 'Cluster', {
      clusterName: this.clusterName,
      vpc: this.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });

    // The AMI id is cached in cdk.context.json when the stack has a concrete account and region
    // (without caching every deploy could pick a newer AMI and replace instances); an
    // environment-agnostic synthesis resolves the same SSM parameter at deploy time instead.
    const concreteEnv = !Token.isUnresolved(this.account) && !Token.isUnresolved(this.region);
    this.autoScalingGroup = new autoscaling.AutoScalingGroup(this, 'GpuInstances', {
      vpc: this.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      instanceType: new ec2.InstanceType(inference.instanceType),
      machineImage: ecs.EcsOptimizedImage.amazonLinux2023(ecs.AmiHardwareType.GPU, {
        cachedInContext: concreteEnv,
      }),
      minCapacity: 0,
      maxCapacity: inference.maxTasks,
      requireImdsv2: true,
      // Root volume: the image (~10 GB) and an instance cache of weights.
      blockDevices: [
        {
          deviceName: '/dev/xvda',
          volume: autoscaling.BlockDeviceVolume.ebs(100, {
            volumeType: autoscaling.EbsDeviceVolumeType.GP3,
            encrypted: true,
          }),
        },
      ],
    });
    if (concreteEnv) {
      Validations.of(this.autoScalingGroup).acknowledge({
        id: 'CloudFormation-Validate::E1152',
        reason:
          'Only on the first synthesis for a new account/region: the AMI id is a placeholder until the ' +
          'CLI looks it up and stores it in cdk.context.json, then synthesizes again with the real id.',
      });
    }
    Validations.of(this.autoScalingGroup).acknowledge({
      id: 'AwsSolutions-AS3',
      reason:
        'Scaling is driven by the ECS capacity provider and scales to zero many times a day; ' +
        'notifications per launch/terminate would be noise. Service health alarms go to the alarm topic.',
    });

    this.capacityProvider = new ecs.AsgCapacityProvider(this, 'GpuCapacity', {
      capacityProviderName: `${config.resourceNamePrefix}-gpu`,
      autoScalingGroup: this.autoScalingGroup,
      enableManagedScaling: true,
      targetCapacityPercent: 100,
      minimumScalingStepSize: 1,
      maximumScalingStepSize: Math.max(1, inference.maxTasks),
      enableManagedTerminationProtection: true,
      enableManagedDraining: true,
    });
    this.cluster.addAsgCapacityProvider(this.capacityProvider);
    const instanceRoleReason =
      "The ECS container agent's instance permissions as CDK grants them for a cluster's capacity " +
      '(register the instance, poll for work, submit state changes); ECS documents these actions ' +
      'without resource-level scoping for Poll/Submit and discovery.';
    for (const finding of ['AwsSolutions-IAM5[Resource::*]', 'AwsSolutions-IAM5[Action::ecs:Submit*]']) {
      Validations.of(this.autoScalingGroup.role).acknowledge({ id: finding, reason: instanceRoleReason });
    }

    const albSg = new ec2.SecurityGroup(this, 'LoadBalancerSecurityGroup', {
      vpc: this.vpc,
      description: 'Internal ALB of the model service: HTTP from the LLM client functions only',
      allowAllOutbound: false,
    });
    this.clientSecurityGroup = new ec2.SecurityGroup(this, 'ClientSecurityGroup', {
      vpc: this.vpc,
      description: 'Functions that call the model service (Lambda ENIs)',
      allowAllOutbound: true,
    });
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: this.vpc,
      internetFacing: false,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroup: albSg,
      // Streams of long answers; vLLM sends tokens continuously, but the first can take a while.
      idleTimeout: Duration.minutes(5),
      dropInvalidHeaderFields: true,
    });
    Validations.of(this.loadBalancer).acknowledge({
      id: 'AwsSolutions-ELB2',
      reason:
        'Internal load balancer reachable only from the LLM client functions security group; each ' +
        'request is logged by the calling function (request id, model, latency) and counted by vLLM.',
    });

    const taskSg = new ec2.SecurityGroup(this, 'TaskSecurityGroup', {
      vpc: this.vpc,
      description: 'vLLM tasks: the model port from the ALB only',
      allowAllOutbound: true,
    });

    const chatTask = this.#modelTask('Llm', chat, {
      kind: 'chat',
      ...(chat.extraArgs.includes('--reasoning-parser') ? { reasoningParser: 'qwen3' } : {}),
    });
    this.taskDefinition = chatTask;
    this.service = new ecs.Ec2Service(this, 'LlmService', {
      cluster: this.cluster,
      serviceName: this.serviceName,
      taskDefinition: chatTask,
      // No DesiredCount in the template: created at 1 (a first start that proves the image and
      // weights), then owned by scaling and the wake path — a deploy never resets it.
      capacityProviderStrategies: [
        { capacityProvider: this.capacityProvider.capacityProviderName, weight: 1 },
      ],
      securityGroups: [taskSg],
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      healthCheckGracePeriod: HEALTH_CHECK_GRACE_PERIOD,
      circuitBreaker: { enable: true, rollback: true },
      // One GPU per instance: a deployment starts the new task on an extra instance first.
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      enableECSManagedTags: true,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
    });
    this.service.node.addDependency(this.capacityProvider);
    // Let CloudFormation omit DesiredCount (see above).
    (this.service.node.defaultChild as ecs.CfnService).addPropertyDeletionOverride('DesiredCount');

    const listener = this.loadBalancer.addListener('Http', {
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: false,
    });
    this.targetGroup = listener.addTargets('Llm', {
      port: VLLM_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [this.service.loadBalancerTarget({ containerName: 'vllm', containerPort: VLLM_PORT })],
      healthCheck: {
        path: '/health',
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 4,
      },
      deregistrationDelay: Duration.seconds(30),
    });
    albSg.addIngressRule(this.clientSecurityGroup, ec2.Port.tcp(80), 'LLM client functions');
    albSg.addEgressRule(taskSg, ec2.Port.tcp(VLLM_PORT), 'vLLM tasks');
    taskSg.addIngressRule(albSg, ec2.Port.tcp(VLLM_PORT), 'ALB to vLLM');
    this.llmBaseUrl = `http://${this.loadBalancer.loadBalancerDnsName}/v1`;

    this.idleAlarm = this.#scaling();

    this.pooling = {};
    if (inference.poolingModels) {
      for (const id of POOLING_MODEL_IDS) {
        this.pooling[id] = this.#poolingService(id, POOLING_MODELS[id], albSg, taskSg);
      }
    }

    new CfnOutput(this, 'LlmBaseUrl', {
      value: this.llmBaseUrl,
      description: 'OpenAI-compatible base URL (VPC only)',
    });
    new CfnOutput(this, 'ModelBucketName', {
      value: this.modelBucket.bucketName,
      description: `Upload the weights to s3://<bucket>/${chat.s3Prefix}/ (see gpu-service/README.md)`,
    });
    new CfnOutput(this, 'ServiceName', {
      value: this.serviceName,
      description: 'ECS service of the chat model',
    });
    new CfnOutput(this, 'ClusterName', {
      value: this.clusterName,
      description: 'ECS cluster of the GPU services',
    });
  }

  /**
   * Lets a Lambda function call the model service: runs it in the private subnets with
   * {@link clientSecurityGroup}, sets `LLM_BASE_URL`, `LLM_MODEL`, `MODEL_SERVICE_CLUSTER`,
   * `MODEL_SERVICE_NAME` (and `MODEL_SERVICE_WAKE=false` for read-only callers), and grants
   * `ecs:DescribeServices` — plus `ecs:UpdateService` when it may wake the service — on this one
   * service's ARN. The function's stack then depends on this one.
   */
  grantModelAccess(fn: lambda.Function, options: ModelAccessOptions): void {
    const cfn = fn.node.defaultChild as lambda.CfnFunction;
    cfn.vpcConfig = {
      subnetIds: this.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds,
      securityGroupIds: [this.clientSecurityGroup.securityGroupId],
    };
    fn.addEnvironment('LLM_BASE_URL', this.llmBaseUrl);
    fn.addEnvironment('LLM_MODEL', this.modelName);
    fn.addEnvironment(MODEL_SERVICE_ENV.cluster, this.clusterName);
    fn.addEnvironment(MODEL_SERVICE_ENV.service, this.serviceName);
    if (!options.wake) fn.addEnvironment(MODEL_SERVICE_ENV.wake, 'false');
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: options.wake ? ['ecs:DescribeServices', 'ecs:UpdateService'] : ['ecs:DescribeServices'],
        resources: [this.serviceArn],
      }),
    );
    // What the Lambda service needs on the execution role to attach the function's ENIs.
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: [
          'ec2:CreateNetworkInterface',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeSubnets',
          'ec2:DeleteNetworkInterface',
          'ec2:AssignPrivateIpAddresses',
          'ec2:UnassignPrivateIpAddresses',
        ],
        resources: ['*'],
      }),
    );
    if (fn.role) {
      Validations.of(fn.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'X-Ray PutTraceSegments/PutTelemetryRecords and the EC2 network-interface actions Lambda ' +
          'needs for a VPC function do not support resource-level permissions; the ECS actions are ' +
          'scoped to the one model service.',
      });
    }
  }

  /** `arn:<partition>:ecs:<region>:<account>:service/<cluster>/<service>`. */
  get serviceArn(): string {
    return Arn.format(
      {
        service: 'ecs',
        resource: 'service',
        resourceName: `${this.clusterName}/${this.serviceName}`,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      },
      this,
    );
  }

  /** vLLM metric from the agent sidecar (dimensions ClusterName, ServiceName). */
  vllmMetric(name: string, options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: INFERENCE_METRICS_NAMESPACE,
      metricName: name,
      dimensionsMap: { ClusterName: this.clusterName, ServiceName: this.serviceName },
      period: Duration.minutes(1),
      ...options,
    });
  }

  #vpc(config: StageConfig): ec2.Vpc {
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: config.inference.natGateways,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
      ],
      gatewayEndpoints: {
        S3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
        DynamoDB: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB },
      },
    });
    const flowLogs = new logs.LogGroup(this, 'VpcFlowLogs', {
      retention: config.api.logRetention,
      removalPolicy: config.removalPolicy,
    });
    vpc.addFlowLog('RejectedTraffic', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
      trafficType: ec2.FlowLogTrafficType.REJECT,
    });
    return vpc;
  }

  /** A vLLM task definition for one model (chat or pooling) with its metrics sidecar. */
  #modelTask(
    id: string,
    spec: ModelSpec,
    options: { kind: 'chat' | 'pooling'; reasoningParser?: string; serviceName?: string },
  ): ecs.Ec2TaskDefinition {
    const config = this.#config;
    const inference = config.inference;
    const taskDefinition = new ecs.Ec2TaskDefinition(this, `${id}Task`, {
      networkMode: ecs.NetworkMode.AWS_VPC,
    });
    // Read the one model's weights, nothing else of the bucket.
    this.modelBucket.grantRead(taskDefinition.taskRole, `${spec.s3Prefix}/*`);
    const logGroup = new logs.LogGroup(this, `${id}Logs`, {
      retention: config.api.logRetention,
      removalPolicy: config.removalPolicy,
    });
    const container = taskDefinition.addContainer('vllm', {
      image: ecs.ContainerImage.fromAsset(join(REPO_ROOT, 'gpu-service'), {
        platform: Platform.LINUX_AMD64,
        buildArgs: { VLLM_TAG: VLLM_IMAGE_CU129.split(':')[1]! },
      }),
      gpuCount: 1,
      // g5.xlarge: 4 vCPU, 16 GiB; leave room for the ECS agent and the sidecar.
      cpu: 3584,
      memoryReservationMiB: 12_288,
      essential: true,
      environment: {
        MODEL_PATH: `s3://${this.modelBucket.bucketName}/${spec.s3Prefix}/`,
        SERVED_MODEL_NAME: spec.servedName,
        MODEL_KIND: options.kind,
        MAX_MODEL_LEN: String(options.kind === 'chat' ? inference.maxModelLen : 8192),
        GPU_MEMORY_UTILIZATION: String(inference.gpuMemoryUtilization),
        AWS_REGION: this.region,
        ...(options.reasoningParser ? { REASONING_PARSER: options.reasoningParser } : {}),
      },
      portMappings: [{ containerPort: VLLM_PORT, name: 'http' }],
      // PyTorch shares tensors between processes through /dev/shm.
      linuxParameters: new ecs.LinuxParameters(this, `${id}Linux`, { sharedMemorySize: 4096 }),
      healthCheck: {
        command: [
          'CMD-SHELL',
          `python3 -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:${VLLM_PORT}/health', timeout=4).status == 200 else 1)"`,
        ],
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        retries: 10,
        startPeriod: HEALTH_CHECK_START_PERIOD,
      },
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'vllm', logGroup }),
    });
    const serviceName = options.serviceName ?? this.serviceName;
    taskDefinition.addContainer('metrics', {
      image: ecs.ContainerImage.fromRegistry(CLOUDWATCH_AGENT_IMAGE),
      cpu: 256,
      memoryReservationMiB: 256,
      essential: false,
      environment: {
        CW_CONFIG_CONTENT: JSON.stringify(this.#agentConfig()),
        PROMETHEUS_CONFIG_CONTENT: prometheusConfig(this.clusterName, serviceName),
      },
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'metrics', logGroup }),
    });
    taskDefinition.taskRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': INFERENCE_METRICS_NAMESPACE } },
      }),
    );
    logGroup.grantWrite(taskDefinition.taskRole);
    this.#metricsLogGroup().grantWrite(taskDefinition.taskRole);
    void container;
    Validations.of(taskDefinition).acknowledge({
      id: 'AwsSolutions-ECS2',
      reason:
        'The environment holds configuration only (model path, served name, vLLM limits, the ' +
        'metrics agent config); no secret: weights are read with the task role.',
    });
    for (const role of [taskDefinition.taskRole, taskDefinition.obtainExecutionRole()]) {
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'cloudwatch:PutMetricData has no resource-level permissions (limited by the namespace ' +
          'condition to the inference metrics); ecr:GetAuthorizationToken is account-wide by design.',
      });
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${this.resolve(this.getLogicalId(this.modelBucket.node.defaultChild as s3.CfnBucket))}.Arn>/${spec.s3Prefix}/*]`,
        reason: 'Read access to the objects of this one model (its key prefix) in the model bucket.',
      });
      for (const action of ['s3:GetBucket*', 's3:GetObject*', 's3:List*']) {
        Validations.of(role).acknowledge({
          id: `AwsSolutions-IAM5[Action::${action}]`,
          reason: "CDK's read grant on the model bucket, limited to this model's key prefix.",
        });
      }
    }
    return taskDefinition;
  }

  /** Where the agent writes its EMF records (one group for every model service). */
  #metricsLogGroup(): logs.LogGroup {
    this.#metricsLogs ??= new logs.LogGroup(this, 'MetricsLogs', {
      logGroupName: `/travel-planner/${this.#config.stage}/inference-metrics`,
      retention: this.#config.api.logRetention,
      removalPolicy: this.#config.removalPolicy,
    });
    return this.#metricsLogs;
  }

  /** The CloudWatch agent's config: Prometheus scrape converted to EMF in our namespace. */
  #agentConfig(): Record<string, unknown> {
    return {
      agent: { region: this.region },
      logs: {
        metrics_collected: {
          prometheus: {
            prometheus_config_path: 'env:PROMETHEUS_CONFIG_CONTENT',
            log_group_name: this.#metricsLogGroup().logGroupName,
            emf_processor: {
              metric_namespace: INFERENCE_METRICS_NAMESPACE,
              metric_declaration: [
                {
                  source_labels: ['job'],
                  label_matcher: '^vllm$',
                  dimensions: [['ClusterName', 'ServiceName']],
                  metric_selectors: FORWARDED_VLLM_METRICS,
                },
              ],
            },
          },
        },
        force_flush_interval: 15,
      },
    };
  }

  /**
   * Scale-out on queueing, scale-in on low load, and to zero when idle. Returns the idle alarm.
   *
   * Why not target tracking alone: its scale-in would follow `num_requests_waiting` to 0 tasks
   * while tasks are busy (waiting is 0 whenever nothing queues), so it only scales out here.
   */
  #scaling(): cloudwatch.Alarm {
    const inference = this.#config.inference;
    const target = new appscaling.ScalableTarget(this, 'LlmTaskCount', {
      serviceNamespace: appscaling.ServiceNamespace.ECS,
      resourceId: `service/${this.clusterName}/${this.serviceName}`,
      scalableDimension: 'ecs:service:DesiredCount',
      minCapacity: inference.minTasks,
      maxCapacity: inference.maxTasks,
      role: iam.Role.fromRoleArn(
        this,
        'ScalingRole',
        this.formatArn({
          region: '',
          service: 'iam',
          resource: 'role/aws-service-role/ecs.application-autoscaling.amazonaws.com',
          resourceName: 'AWSServiceRoleForApplicationAutoScaling_ECSService',
        }),
      ),
    });
    target.node.addDependency(this.service);

    target.scaleToTrackMetric('QueueDepth', {
      customMetric: this.vllmMetric('vllm:num_requests_waiting', { statistic: 'Average' }),
      targetValue: inference.targetWaitingPerTask,
      disableScaleIn: true,
      scaleOutCooldown: Duration.minutes(2),
    });

    const healthy = this.targetGroup.metrics.healthyHostCount({
      period: Duration.minutes(1),
      statistic: 'Maximum',
    });
    const requests = this.targetGroup.metrics.requestCount({ period: Duration.minutes(1), statistic: 'Sum' });
    const running = this.vllmMetric('vllm:num_requests_running', { statistic: 'Average' });

    // To zero: a READY service (a healthy target) that served no request for the idle timeout.
    // While warming there is no healthy target, so a service just woken is never sent back to 0;
    // at 0 tasks the expression is 0 and the alarm is OK (no repeated scaling actions).
    const idleAlarm = new cloudwatch.Alarm(this, 'IdleAlarm', {
      alarmDescription: `Model service ready but without requests for ${inference.idleTimeoutMinutes} min: scale to zero`,
      metric: new cloudwatch.MathExpression({
        expression: 'IF(FILL(healthy, 0) > 0 AND FILL(requests, 0) == 0, 1, 0)',
        usingMetrics: { healthy, requests },
        period: Duration.minutes(1),
        label: 'idle',
      }),
      threshold: 1,
      evaluationPeriods: inference.idleTimeoutMinutes,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const toZero = new appscaling.StepScalingAction(this, 'ScaleToZero', {
      scalingTarget: target,
      adjustmentType: appscaling.AdjustmentType.EXACT_CAPACITY,
      cooldown: Duration.minutes(1),
    });
    toZero.addAdjustment({ adjustment: 0, lowerBound: 0 });
    idleAlarm.addAlarmAction(new cloudwatchActions.ApplicationScalingAction(toZero));

    if (inference.maxTasks > 1) {
      const lowLoad = new cloudwatch.Alarm(this, 'LowLoadAlarm', {
        alarmDescription: 'More than one model task and under one running request per task: remove one',
        metric: new cloudwatch.MathExpression({
          expression: 'IF(FILL(healthy, 0) > 1 AND FILL(running, 0) < 1, 1, 0)',
          usingMetrics: { healthy, running },
          period: Duration.minutes(1),
          label: 'low load',
        }),
        threshold: 1,
        evaluationPeriods: 15,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      const scaleIn = new appscaling.StepScalingAction(this, 'ScaleInOne', {
        scalingTarget: target,
        adjustmentType: appscaling.AdjustmentType.CHANGE_IN_CAPACITY,
        cooldown: Duration.minutes(10),
      });
      scaleIn.addAdjustment({ adjustment: -1, lowerBound: 0 });
      lowLoad.addAlarmAction(new cloudwatchActions.ApplicationScalingAction(scaleIn));
    }
    return idleAlarm;
  }

  #poolingService(
    id: PoolingModelId,
    spec: ModelSpec,
    albSg: ec2.SecurityGroup,
    taskSg: ec2.SecurityGroup,
  ): PoolingService {
    const name = pascal(id);
    const serviceName = `${this.#config.resourceNamePrefix}-${id}`;
    const taskDefinition = this.#modelTask(name, spec, { kind: 'pooling', serviceName });
    const service = new ecs.Ec2Service(this, `${name}Service`, {
      cluster: this.cluster,
      serviceName,
      taskDefinition,
      // Starts at zero: the knowledge base's embedder/reranker ports wake it like the chat model.
      desiredCount: 0,
      capacityProviderStrategies: [
        { capacityProvider: this.capacityProvider.capacityProviderName, weight: 1 },
      ],
      securityGroups: [taskSg],
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      healthCheckGracePeriod: HEALTH_CHECK_GRACE_PERIOD,
      circuitBreaker: { enable: true, rollback: true },
      minHealthyPercent: 0,
      maxHealthyPercent: 100,
    });
    service.node.addDependency(this.capacityProvider);
    const port = POOLING_PORTS[id];
    const listener = this.loadBalancer.addListener(`${name}Http`, {
      port,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: false,
    });
    listener.addTargets(name, {
      port: VLLM_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [service.loadBalancerTarget({ containerName: 'vllm', containerPort: VLLM_PORT })],
      healthCheck: { path: '/health', interval: Duration.seconds(15), healthyThresholdCount: 2 },
      deregistrationDelay: Duration.seconds(30),
    });
    albSg.addIngressRule(this.clientSecurityGroup, ec2.Port.tcp(port), `${id} clients`);
    return { service, taskDefinition, baseUrl: `http://${this.loadBalancer.loadBalancerDnsName}:${port}/v1` };
  }
}

/** The Prometheus scrape config of the sidecar: vLLM's /metrics on the task's own address. */
export function prometheusConfig(clusterName: string, serviceName: string): string {
  return [
    'global:',
    '  scrape_interval: 15s',
    '  scrape_timeout: 10s',
    'scrape_configs:',
    '  - job_name: vllm',
    '    metrics_path: /metrics',
    '    static_configs:',
    `      - targets: ['localhost:${VLLM_PORT}']`,
    '        labels:',
    `          ClusterName: ${clusterName}`,
    `          ServiceName: ${serviceName}`,
    '',
  ].join('\n');
}
