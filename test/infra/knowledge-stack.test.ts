/**
 * The knowledge-base stack: Qdrant on Fargate with an encrypted EBS volume in private subnets
 * (own VPC or a given one), its API key from Secrets Manager, Cloud Map discovery; or Qdrant Cloud
 * by configuration; the SQS-driven ingestion consumer with a DLQ. cdk-nag clean.
 */
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { projectContext } from '../../infra/app-builder.js';
import { stageConfigFromContext } from '../../infra/config/stage.js';
import { KnowledgeStack, QDRANT_IMAGE } from '../../infra/stacks/knowledge-stack.js';

function build(extra: Record<string, unknown> = {}, withVpc = false) {
  const context = { ...projectContext(), stage: 'dev', ...extra };
  const app = new App({ context });
  const config = stageConfigFromContext({ stage: 'dev' });
  const vpc = withVpc
    ? new ec2.Vpc(new Stack(app, 'Network'), 'Shared', { maxAzs: 2, natGateways: 1, flowLogs: { all: {} } })
    : undefined;
  const stack = new KnowledgeStack(app, 'Knowledge', { config, ...(vpc ? { vpc } : {}) });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, template: Template.fromStack(stack) };
}

describe('KnowledgeStack (ECS)', () => {
  const { template, stack } = build();

  it('runs the pinned Qdrant image on Fargate with an encrypted gp3 EBS volume at /qdrant/storage', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [
        Match.objectLike({
          Image: QDRANT_IMAGE,
          PortMappings: [Match.objectLike({ ContainerPort: 6333 })],
          MountPoints: [Match.objectLike({ ContainerPath: '/qdrant/storage', ReadOnly: false })],
          Secrets: [Match.objectLike({ Name: 'QDRANT__SERVICE__API_KEY' })],
        }),
      ],
      RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
    });
    template.hasResourceProperties('AWS::ECS::Service', {
      DesiredCount: 1,
      DeploymentConfiguration: Match.objectLike({ MaximumPercent: 100, MinimumHealthyPercent: 0 }),
      VolumeConfigurations: [
        Match.objectLike({
          ManagedEBSVolume: Match.objectLike({ Encrypted: true, VolumeType: 'gp3', SizeInGiB: 20 }),
        }),
      ],
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) },
    });
    template.resourceCountIs('AWS::EFS::FileSystem', 0);
    template.resourceCountIs('AWS::ServiceDiscovery::Service', 1);
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::EC2::FlowLog', 1);
  });

  it('lets only the consumer reach the Qdrant port', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 6333,
      ToPort: 6333,
      IpProtocol: 'tcp',
    });
    const ingress = template.findResources('AWS::EC2::SecurityGroupIngress');
    expect(Object.values(ingress).every((r) => !('CidrIp' in (r as { Properties: object }).Properties))).toBe(
      true,
    );
  });

  it('feeds the ingestion consumer from an encrypted SSL-only queue with a DLQ, in the VPC', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: Match.objectLike({ maxReceiveCount: 3 }),
      SqsManagedSseEnabled: true,
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 900,
      VpcConfig: Match.objectLike({ SecurityGroupIds: Match.anyValue() }),
      Environment: {
        Variables: Match.objectLike({
          KNOWLEDGE_STORE: 'qdrant',
          QDRANT_URL: 'http://qdrant.travel-planner-dev.knowledge.internal:6333',
          QDRANT_API_KEY_SECRET_ARN: Match.anyValue(),
        }),
      },
    });
    expect(stack.qdrantUrl).toContain(':6333');
  });

  it('is cdk-nag clean', () => {
    const { app } = build();
    expect(() => app.synth()).not.toThrow();
  });
});

describe('KnowledgeStack with a given VPC, and Qdrant Cloud', () => {
  it('uses the VPC it is given instead of creating one', () => {
    const { template } = build({}, true);
    template.resourceCountIs('AWS::EC2::VPC', 0);
    template.resourceCountIs('AWS::ECS::Service', 1);
  });

  it('with -c qdrant=cloud creates no VPC or ECS and reads the key from the named secret', () => {
    const { template, app } = build({
      qdrant: 'cloud',
      qdrantUrl: 'https://abc.cloud.qdrant.io:6333',
      qdrantApiKeySecretName: 'qdrant-cloud-key',
    });
    template.resourceCountIs('AWS::EC2::VPC', 0);
    template.resourceCountIs('AWS::ECS::Service', 0);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ QDRANT_URL: 'https://abc.cloud.qdrant.io:6333' }) },
    });
    expect(() => app.synth()).not.toThrow();
  });

  it('refuses cloud mode without its URL and secret', () => {
    expect(() => build({ qdrant: 'cloud' })).toThrow(/qdrantUrl/);
  });
});
