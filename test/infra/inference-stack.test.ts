/**
 * The inference stack as synthesized: GPU requirement, the ECS GPU AMI (Amazon Linux 2023, SSM
 * parameter or the context-cached id), the ASG capacity provider with managed scaling from 0, the
 * scaling policies (queue target tracking, idle to zero), the health-check start period, weights
 * from S3, the internal ALB, the pooling task definitions, and the ECS permissions of the functions
 * granted access — scoped to that one service. dev, prod (with an account: the cached AMI), and
 * the Qwen3 model option.
 */
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { describe, expect, it } from 'vitest';
import { CHAT_MODELS } from '../../gpu-service/models.js';
import { buildApp, projectContext } from '../../infra/app-builder.js';
import { stageConfigFromContext } from '../../infra/config/stage.js';
import { HEALTH_CHECK_START_PERIOD, InferenceStack } from '../../infra/stacks/inference-stack.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const GPU_AMI_PARAMETER = '/aws/service/ecs/optimized-ami/amazon-linux-2023/gpu/recommended/image_id';

const logicalId = (stack: Stack, construct: { node: { defaultChild?: unknown } }) =>
  stack.resolve(stack.getLogicalId(construct.node.defaultChild as CfnElement)) as string;

function statementsOf(template: Json, roleId: string): Json[] {
  return Object.values(template['Resources'] as Record<string, Json>)
    .filter((r) => r['Type'] === 'AWS::IAM::Policy')
    .filter((r) => (r['Properties'].Roles as Json[]).some((role) => role['Ref'] === roleId))
    .flatMap((r) => r['Properties'].PolicyDocument.Statement as Json[]);
}
const actionsOf = (s: Json): string[] => [s['Action']].flat();
const resourcesOf = (template: Json, type: string): Json[] =>
  Object.values(template['Resources'] as Record<string, Json>).filter((r) => r['Type'] === type);

describe.each([
  ['dev', { stage: 'dev' }],
  ['prod', { stage: 'prod', region: 'eu-west-1', account: '123456789012' }],
] as const)('inference stack (%s)', (stage, context) => {
  const built = buildApp({ ...projectContext(), ...context });
  const { inferenceStack, apiStack, config } = built;
  const template = Template.fromStack(inferenceStack);
  const json = template.toJSON() as Json;
  const api = Template.fromStack(apiStack).toJSON() as Json;
  const inference = config.inference;
  const taskDefs = resourcesOf(json, 'AWS::ECS::TaskDefinition');
  const llmTask = json['Resources'][logicalId(inferenceStack, inferenceStack.taskDefinition)] as Json;
  const vllm = (llmTask['Properties'].ContainerDefinitions as Json[]).find((c) => c['Name'] === 'vllm')!;

  it('gives the vLLM container one GPU and the metrics sidecar none', () => {
    expect(vllm['ResourceRequirements']).toEqual([{ Type: 'GPU', Value: '1' }]);
    const sidecar = (llmTask['Properties'].ContainerDefinitions as Json[]).find(
      (c) => c['Name'] === 'metrics',
    )!;
    expect(sidecar['ResourceRequirements']).toBeUndefined();
    expect(sidecar['Essential']).toBe(false);
    expect(llmTask['Properties'].NetworkMode).toBe('awsvpc');
    expect(llmTask['Properties'].RequiresCompatibilities).toEqual(['EC2']);
  });

  it('runs the ECS GPU-optimized Amazon Linux 2023 AMI on the stage instance type', () => {
    const lt = resourcesOf(json, 'AWS::EC2::LaunchTemplate')[0]!['Properties'].LaunchTemplateData as Json;
    expect(lt['InstanceType']).toBe(inference.instanceType);
    expect(inference.instanceType).toBe('g5.xlarge');
    if (stage === 'dev') {
      // Environment-agnostic: the SSM parameter is resolved at deploy time.
      const paramRef = lt['ImageId']['Ref'] as string;
      expect(json['Parameters'][paramRef]).toMatchObject({
        Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>',
        Default: GPU_AMI_PARAMETER,
      });
    } else {
      // Concrete env: the id cached in cdk.context.json (no replacement on every deploy).
      expect(lt['ImageId']).toBe('ami-0a1b2c3d4e5f67890');
    }
    expect(lt['MetadataOptions']).toMatchObject({ HttpTokens: 'required' });
    expect(lt['BlockDeviceMappings'][0]['Ebs']).toMatchObject({ Encrypted: true, VolumeType: 'gp3' });
  });

  it('attaches the Auto Scaling group through a capacity provider with managed scaling from 0', () => {
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
      MinSize: '0',
      MaxSize: String(inference.maxTasks),
      NewInstancesProtectedFromScaleIn: true,
    });
    template.hasResourceProperties('AWS::ECS::CapacityProvider', {
      AutoScalingGroupProvider: {
        ManagedScaling: { Status: 'ENABLED', TargetCapacity: 100 },
        ManagedTerminationProtection: 'ENABLED',
      },
    });
    const cpRef = inferenceStack.resolve(inferenceStack.capacityProvider.capacityProviderName) as Json;
    const association = resourcesOf(json, 'AWS::ECS::ClusterCapacityProviderAssociations')[0]!;
    expect(association['Properties'].CapacityProviders).toEqual([cpRef]);
    expect(json['Resources'][cpRef['Ref']]['Type']).toBe('AWS::ECS::CapacityProvider');
    template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
    const service = json['Resources'][logicalId(inferenceStack, inferenceStack.service)][
      'Properties'
    ] as Json;
    expect(service['CapacityProviderStrategy']).toHaveLength(1);
    // Owned by scaling and the wake path: a deploy never resets the task count.
    expect(service['DesiredCount']).toBeUndefined();
    expect(service['ServiceName']).toBe(`${config.resourceNamePrefix}-llm`);
  });

  it('tracks vllm:num_requests_waiting to scale out and goes to zero after the idle timeout', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: inference.minTasks,
      MaxCapacity: inference.maxTasks,
      ScalableDimension: 'ecs:service:DesiredCount',
      ResourceId: `service/${config.resourceNamePrefix}-gpu/${config.resourceNamePrefix}-llm`,
    });
    expect(inference.minTasks).toBe(0);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: inference.targetWaitingPerTask,
        DisableScaleIn: true,
        CustomizedMetricSpecification: {
          MetricName: 'vllm:num_requests_waiting',
          Namespace: 'TravelPlanner/Inference',
          Statistic: 'Average',
        },
      },
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'StepScaling',
      StepScalingPolicyConfiguration: {
        AdjustmentType: 'ExactCapacity',
        StepAdjustments: [{ ScalingAdjustment: 0, MetricIntervalLowerBound: 0 }],
      },
    });
    const idle = json['Resources'][logicalId(inferenceStack, inferenceStack.idleAlarm)]['Properties'] as Json;
    expect(idle['EvaluationPeriods']).toBe(inference.idleTimeoutMinutes);
    expect(idle['TreatMissingData']).toBe('notBreaching');
    const expression = (idle['Metrics'] as Json[]).find((m) => m['Expression'])!['Expression'];
    expect(expression).toContain('healthy');
    expect(expression).toContain('requests');
    // The alarm's action is the scale-to-zero policy.
    expect(JSON.stringify(idle['AlarmActions'])).toContain('ScaleToZero');
  });

  it('gives model loading a health-check start period, a service grace period and ALB checks on /health', () => {
    expect(vllm['HealthCheck']).toMatchObject({
      StartPeriod: HEALTH_CHECK_START_PERIOD.toSeconds(),
      Retries: 10,
    });
    expect(HEALTH_CHECK_START_PERIOD.toSeconds()).toBe(300); // the most ECS accepts
    expect(vllm['HealthCheck'].Command.join(' ')).toContain('/health');
    const service = json['Resources'][logicalId(inferenceStack, inferenceStack.service)][
      'Properties'
    ] as Json;
    // Start period + retries x interval + grace: longer than a cold start (~5 min).
    expect(service['HealthCheckGracePeriodSeconds']).toBeGreaterThanOrEqual(600);
    expect(service['DeploymentConfiguration'].DeploymentCircuitBreaker).toEqual({
      Enable: true,
      Rollback: true,
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckPath: '/health',
      Port: 8000,
      TargetType: 'ip',
    });
  });

  it('streams the weights from the model bucket and may read that model only', () => {
    const env = Object.fromEntries((vllm['Environment'] as Json[]).map((e) => [e['Name'], e['Value']]));
    const spec = CHAT_MODELS[inference.model];
    expect(JSON.stringify(env['MODEL_PATH'])).toContain(`/${spec.s3Prefix}/`);
    expect(JSON.stringify(env['MODEL_PATH'])).toMatch(/^"?s3:\/\/|"s3:\/\/"/);
    expect(env['SERVED_MODEL_NAME']).toBe(spec.servedName);
    expect(env['MAX_MODEL_LEN']).toBe(String(inference.maxModelLen));
    expect(env['GPU_MEMORY_UTILIZATION']).toBe('0.9');
    const taskRoleId = llmTask['Properties'].TaskRoleArn['Fn::GetAtt'][0] as string;
    const s3 = statementsOf(json, taskRoleId).filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')));
    const objectResources = s3.flatMap((s) => [s['Resource']].flat()).map((r) => JSON.stringify(r));
    expect(objectResources.some((r) => r.includes(`/${spec.s3Prefix}/*`))).toBe(true);
    expect(s3.flatMap(actionsOf).filter((a) => /Put|Delete/.test(a))).toEqual([]);
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: Match.anyValue(),
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
  });

  it('fronts the service with an internal ALB that admits only the client security group', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internal' });
    const albSgId = logicalId(inferenceStack, inferenceStack.loadBalancer.connections.securityGroups[0]!);
    const albSg = json['Resources'][albSgId]['Properties'] as Json;
    expect(albSg['SecurityGroupIngress'] ?? []).toEqual([]);
    const ingress = resourcesOf(json, 'AWS::EC2::SecurityGroupIngress')
      .map((r) => r['Properties'])
      .filter((p) => JSON.stringify(p['GroupId']).includes(albSgId));
    expect(ingress.length).toBeGreaterThanOrEqual(1);
    const clientSgId = logicalId(inferenceStack, inferenceStack.clientSecurityGroup);
    for (const rule of ingress) {
      expect(JSON.stringify(rule['SourceSecurityGroupId'])).toContain(clientSgId);
      expect(rule['CidrIp']).toBeUndefined();
    }
  });

  it('has private subnets with egress, S3/DynamoDB gateway endpoints and flow logs', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', inference.natGateways);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway' });
    expect(resourcesOf(json, 'AWS::EC2::VPCEndpoint')).toHaveLength(2);
    template.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'REJECT' });
    const privateSubnets = inferenceStack.vpc.selectSubnets({
      subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS,
    });
    expect(privateSubnets.subnetIds.length).toBe(2);
  });

  it('defines the pooling models as their own task definitions where the stage enables them', () => {
    if (!inference.poolingModels) {
      expect(taskDefs).toHaveLength(1);
      return;
    }
    expect(taskDefs).toHaveLength(3);
    for (const id of ['bge-m3', 'bge-reranker-v2-m3'] as const) {
      const pooling = inferenceStack.pooling[id]!;
      const def = json['Resources'][logicalId(inferenceStack, pooling.taskDefinition)]['Properties'] as Json;
      const container = (def['ContainerDefinitions'] as Json[]).find((c) => c['Name'] === 'vllm')!;
      const env = Object.fromEntries(
        (container['Environment'] as Json[]).map((e) => [e['Name'], e['Value']]),
      );
      expect(env['MODEL_KIND']).toBe('pooling');
      expect(container['ResourceRequirements']).toEqual([{ Type: 'GPU', Value: '1' }]);
      const svc = json['Resources'][logicalId(inferenceStack, pooling.service)]['Properties'] as Json;
      expect(svc['DesiredCount']).toBe(0);
    }
  });

  it('sets LLM_BASE_URL, LLM_MODEL and the service on the functions it grants, in the VPC', () => {
    const fnJson = (fn: 'system' | 'conversations' | 'agents' | 'users') =>
      api['Resources'][logicalId(apiStack, apiStack.functions[fn].function)]['Properties'] as Json;
    for (const fn of ['system', 'conversations', 'agents'] as const) {
      const props = fnJson(fn);
      const vars = props['Environment'].Variables as Json;
      expect(JSON.stringify(vars['LLM_BASE_URL'])).toContain(inferenceStack.stackName);
      expect(vars['LLM_MODEL']).toBe(CHAT_MODELS[inference.model].servedName);
      expect(vars['MODEL_SERVICE_NAME']).toBe(`${config.resourceNamePrefix}-llm`);
      expect(vars['MODEL_SERVICE_CLUSTER']).toBe(`${config.resourceNamePrefix}-gpu`);
      expect(props['VpcConfig'].SubnetIds).toHaveLength(2);
      expect(props['VpcConfig'].SecurityGroupIds).toHaveLength(1);
    }
    expect(fnJson('system')['Environment'].Variables['MODEL_SERVICE_WAKE']).toBe('false');
    expect(fnJson('conversations')['Environment'].Variables['MODEL_SERVICE_WAKE']).toBeUndefined();
    // A function that does not call the model stays out of the VPC and has no LLM settings.
    expect(fnJson('users')['VpcConfig']).toBeUndefined();
    expect(fnJson('users')['Environment'].Variables['LLM_BASE_URL']).toBeUndefined();
  });

  it('scopes ECS permissions to the one model service; only waking callers may update it', () => {
    const serviceArn = `service/${config.resourceNamePrefix}-gpu/${config.resourceNamePrefix}-llm`;
    const ecsOf = (fn: keyof typeof apiStack.functions) =>
      statementsOf(api, logicalId(apiStack, apiStack.functions[fn].role)).filter((s) =>
        actionsOf(s).some((a) => a.startsWith('ecs:')),
      );
    for (const fn of ['conversations', 'agents'] as const) {
      const statements = ecsOf(fn);
      expect(statements.flatMap(actionsOf).sort()).toEqual(['ecs:DescribeServices', 'ecs:UpdateService']);
      for (const s of statements) {
        const resources = [s['Resource']].flat();
        expect(resources).toHaveLength(1);
        expect(JSON.stringify(resources[0])).toContain(serviceArn);
      }
    }
    expect(ecsOf('system').flatMap(actionsOf)).toEqual(['ecs:DescribeServices']);
    for (const fn of ['users', 'auth', 'plans', 'search', 'recommendations'] as const) {
      expect(ecsOf(fn), fn).toEqual([]);
    }
  });
});

describe('inference stack options', () => {
  it('serves Qwen3-8B-AWQ with the qwen3 reasoning parser when asked (-c model=qwen3-8b-awq)', () => {
    const { inferenceStack, apiStack } = buildApp({
      ...projectContext(),
      stage: 'dev',
      model: 'qwen3-8b-awq',
    });
    const json = Template.fromStack(inferenceStack).toJSON() as Json;
    const task = json['Resources'][logicalId(inferenceStack, inferenceStack.taskDefinition)] as Json;
    const vllm = (task['Properties'].ContainerDefinitions as Json[]).find((c) => c['Name'] === 'vllm')!;
    const env = Object.fromEntries((vllm['Environment'] as Json[]).map((e) => [e['Name'], e['Value']]));
    expect(env['REASONING_PARSER']).toBe('qwen3');
    expect(env['SERVED_MODEL_NAME']).toBe('Qwen/Qwen3-8B-AWQ');
    const api = Template.fromStack(apiStack).toJSON() as Json;
    const conv = api['Resources'][logicalId(apiStack, apiStack.functions.conversations.function)] as Json;
    expect(conv['Properties'].Environment.Variables['LLM_MODEL']).toBe('Qwen/Qwen3-8B-AWQ');
  });

  it('rejects an unknown model with the choices', () => {
    expect(() => stageConfigFromContext({ stage: 'dev', model: 'llama' as never })).toThrow(
      /qwen2\.5-7b-awq\|qwen3-8b-awq/,
    );
  });

  it('runs in a VPC it is given (the VPC is shareable with other stacks)', () => {
    const app = new App({ context: { ...projectContext() } });
    const config = stageConfigFromContext({ stage: 'dev' });
    const network = new Stack(app, 'Network');
    const vpc = new ec2.Vpc(network, 'Shared', { maxAzs: 2, natGateways: 1 });
    const stack = new InferenceStack(app, 'Inference', { config, vpc });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPC', 0);
    expect(stack.vpc).toBe(vpc);
    template.resourceCountIs('AWS::ECS::Service', 1);
  });
});
