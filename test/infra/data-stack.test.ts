import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_DEFINITION } from '../../functions/data/table-definition.js';
import { buildApp, projectContext } from '../../infra/app-builder.js';
import { stageConfigFromContext } from '../../infra/config/stage.js';
import { DataStack, TABLE_NAME_ENV } from '../../infra/stacks/data-stack.js';

const REGION = 'eu-west-1';
const TABLE = 'AWS::DynamoDB::GlobalTable';

// One synthesis per stage for the whole file; every assertion reads these templates.
const templates: Record<'dev' | 'prod', Template> = {} as Record<'dev' | 'prod', Template>;

beforeAll(() => {
  templates.dev = Template.fromStack(buildApp({ ...projectContext(), stage: 'dev' }).dataStack);
  templates.prod = Template.fromStack(
    buildApp({ ...projectContext(), stage: 'prod', region: REGION }).dataStack,
  );
});

function onlyTable(template: Template): { Properties: Record<string, unknown>; DeletionPolicy?: string } {
  const tables = Object.values(template.findResources(TABLE));
  expect(tables).toHaveLength(1);
  return tables[0] as { Properties: Record<string, unknown>; DeletionPolicy?: string };
}

describe.each(['dev', 'prod'] as const)('DataStack (%s): table shape from TABLE_DEFINITION', (stage) => {
  it('has the key schema of TABLE_DEFINITION', () => {
    templates[stage].hasResourceProperties(TABLE, {
      KeySchema: [
        { AttributeName: TABLE_DEFINITION.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: TABLE_DEFINITION.sortKey.name, KeyType: 'RANGE' },
      ],
    });
  });

  it('defines every key attribute of the table and its indexes with its type, and nothing else', () => {
    const expected = new Map<string, string>();
    for (const a of [
      TABLE_DEFINITION.partitionKey,
      TABLE_DEFINITION.sortKey,
      ...TABLE_DEFINITION.globalSecondaryIndexes.flatMap((i) => [i.partitionKey, i.sortKey]),
    ]) {
      expected.set(a.name, a.type);
    }
    const defs = onlyTable(templates[stage]).Properties.AttributeDefinitions as {
      AttributeName: string;
      AttributeType: string;
    }[];
    expect(new Map(defs.map((d) => [d.AttributeName, d.AttributeType]))).toEqual(expected);
  });

  it('has exactly the global secondary indexes of TABLE_DEFINITION, each projecting ALL', () => {
    const gsis = onlyTable(templates[stage]).Properties.GlobalSecondaryIndexes as unknown[];
    expect(gsis).toHaveLength(TABLE_DEFINITION.globalSecondaryIndexes.length);
    for (const index of TABLE_DEFINITION.globalSecondaryIndexes) {
      templates[stage].hasResourceProperties(TABLE, {
        GlobalSecondaryIndexes: Match.arrayWith([
          {
            IndexName: index.indexName,
            KeySchema: [
              { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
              { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ]),
      });
    }
  });

  it('expires items by the TTL attribute of TABLE_DEFINITION', () => {
    templates[stage].hasResourceProperties(TABLE, {
      TimeToLiveSpecification: { AttributeName: TABLE_DEFINITION.timeToLiveAttribute, Enabled: true },
    });
  });

  it('bills on demand', () => {
    templates[stage].hasResourceProperties(TABLE, { BillingMode: 'PAY_PER_REQUEST' });
  });

  it('has point-in-time recovery enabled', () => {
    templates[stage].hasResourceProperties(TABLE, {
      Replicas: [
        Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
      ],
    });
  });

  it('has server-side encryption with KMS enabled', () => {
    templates[stage].hasResourceProperties(TABLE, { SSESpecification: { SSEEnabled: true, SSEType: 'KMS' } });
  });

  it('outputs the table name and ARN', () => {
    const table = Object.keys(templates[stage].findResources(TABLE))[0]!;
    templates[stage].hasOutput('TableName', { Value: { Ref: table } });
    templates[stage].hasOutput('TableArn', { Value: { 'Fn::GetAtt': [table, 'Arn'] } });
  });

  it('tags the table with project and stage', () => {
    templates[stage].hasResourceProperties(TABLE, {
      Replicas: [
        Match.objectLike({
          Tags: Match.arrayWith([
            { Key: 'project', Value: 'travel-planner' },
            { Key: 'stage', Value: stage },
          ]),
        }),
      ],
    });
  });
});

describe('DataStack: per-stage settings', () => {
  it('dev: table is deleted with the stack, no deletion protection, AWS-managed key', () => {
    const table = onlyTable(templates.dev);
    expect(table.DeletionPolicy).toBe('Delete');
    templates.dev.hasResourceProperties(TABLE, {
      Replicas: [Match.objectLike({ DeletionProtectionEnabled: false, SSESpecification: Match.absent() })],
    });
    templates.dev.resourceCountIs('AWS::KMS::Key', 0);
  });

  it('prod: table is retained and deletion-protected', () => {
    expect(onlyTable(templates.prod).DeletionPolicy).toBe('Retain');
    templates.prod.hasResource(TABLE, { UpdateReplacePolicy: 'Retain' });
    templates.prod.hasResourceProperties(TABLE, {
      Replicas: [Match.objectLike({ DeletionProtectionEnabled: true, Region: REGION })],
    });
  });

  it('prod: table is encrypted with a retained customer-managed key that rotates', () => {
    templates.prod.resourceCountIs('AWS::KMS::Key', 1);
    const [keyId, key] = Object.entries(templates.prod.findResources('AWS::KMS::Key'))[0]!;
    expect(key).toMatchObject({ DeletionPolicy: 'Retain', Properties: { EnableKeyRotation: true } });
    templates.prod.hasResourceProperties(TABLE, {
      Replicas: [
        Match.objectLike({ SSESpecification: { KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } } }),
      ],
    });
  });

  it('prod: contributor insights on; dev: off', () => {
    templates.prod.hasResourceProperties(TABLE, {
      Replicas: [Match.objectLike({ ContributorInsightsSpecification: { Enabled: true } })],
    });
    templates.dev.hasResourceProperties(TABLE, {
      Replicas: [Match.objectLike({ ContributorInsightsSpecification: { Enabled: false } })],
    });
  });
});

describe('DataStack.bindTable', () => {
  // A consumer stack as later stacks will have it: the function lives outside the data stack.
  // Built without buildApp's cdk-nag plugin, because a bare test function has findings of its own.
  const app = new App({ context: projectContext() });
  const data = new DataStack(app, 'Data', {
    config: stageConfigFromContext({ stage: 'prod', region: REGION }),
    env: { region: REGION },
  });
  const consumer = new Stack(app, 'Consumer', { env: { region: REGION } });
  const code = lambda.Code.fromInline('export const handler = async () => ({});');
  const writer = new lambda.Function(consumer, 'Writer', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code,
  });
  const reader = new lambda.Function(consumer, 'Reader', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code,
  });
  data.bindTable(writer);
  data.bindTable(reader, 'read');
  const template = Template.fromStack(consumer);

  function policyStatementsOf(fnLogicalIdPrefix: string): { Action: string | string[]; Resource: unknown }[] {
    const policies = template.findResources('AWS::IAM::Policy');
    const entry = Object.entries(policies).find(([id]) => id.startsWith(fnLogicalIdPrefix));
    expect(entry, `policy of ${fnLogicalIdPrefix}`).toBeDefined();
    return (entry![1] as { Properties: { PolicyDocument: { Statement: never[] } } }).Properties.PolicyDocument
      .Statement;
  }

  it('sets TABLE_NAME on the function', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { [TABLE_NAME_ENV]: Match.anyValue() } },
    });
    expect(Object.values(template.findResources('AWS::Lambda::Function'))).toHaveLength(2);
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
      expect(fn).toMatchObject({
        Properties: { Environment: { Variables: { [TABLE_NAME_ENV]: expect.anything() } } },
      });
    }
  });

  it('grants read/write on the table and each named index, and use of the table key', () => {
    const statements = policyStatementsOf('WriterServiceRoleDefaultPolicy');
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions).toEqual(
      expect.arrayContaining([
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
      ]),
    );
    expect(actions).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey']));
    const dynamo = statements.find((s) => [s.Action].flat().includes('dynamodb:PutItem'))!;
    const resources = JSON.stringify(dynamo.Resource);
    for (const index of TABLE_DEFINITION.globalSecondaryIndexes) {
      expect(resources).toContain(`/index/${index.indexName}`);
    }
  });

  it("'read' access grants no write actions", () => {
    const actions = policyStatementsOf('ReaderServiceRoleDefaultPolicy').flatMap((s) => [s.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'kms:Decrypt']));
    for (const write of [
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
      'kms:Encrypt',
    ]) {
      expect(actions).not.toContain(write);
    }
  });

  it('uses no wildcard actions or resources (no cdk-nag IAM5 finding to suppress)', () => {
    const report = new AwsSolutionsChecks().validateScope(consumer);
    expect(report.violations.filter((v) => v.ruleName.startsWith('AwsSolutions-IAM5'))).toEqual([]);
  });
});
