/**
 * The data stack: the application's single DynamoDB table, built from
 * {@link TABLE_DEFINITION} (functions/data/table-definition.ts), which the repositories, the
 * DynamoDB Local test setup and `npm start` read too.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { TABLE_DEFINITION, type KeyAttribute } from '../../functions/data/table-definition.js';
import type { StageConfig } from '../config/stage.js';

/** The environment variable that carries the table's name into a function. */
export const TABLE_NAME_ENV = 'TABLE_NAME';

/** What a bound function may do with the table. */
export type TableAccess = 'read' | 'read-write';

/**
 * Something that can be given table access and the table's name: a `lambda.Function` or
 * `NodejsFunction` (anything with an IAM principal and `addEnvironment`).
 */
export interface TableConsumer extends iam.IGrantable {
  addEnvironment(key: string, value: string): unknown;
}

/** Props of {@link DataStack}. */
export interface DataStackProps extends StackProps {
  /** The validated stage configuration (see infra/config/stage.ts). */
  readonly config: StageConfig;
}

// Listed action by action (no `*`) so grants stay least-privilege and free of cdk-nag IAM5 findings.
// Transactions (TransactWriteItems/TransactGetItems) are authorised by these per-item actions.
const READ_ACTIONS = [
  'dynamodb:BatchGetItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
];
const WRITE_ACTIONS = [
  'dynamodb:BatchWriteItem',
  'dynamodb:DeleteItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
];
// The symmetric-key expansion of CDK's `kms:ReEncrypt*` / `kms:GenerateDataKey*`, spelled out.
const KEY_READ_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey'];
const KEY_WRITE_ACTIONS = [
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
];

function toAttribute(key: KeyAttribute): dynamodb.Attribute {
  const type = key.type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER;
  return { name: key.name, type };
}

/**
 * The single-table DynamoDB store of the travel planner.
 *
 * - Key schema, the global secondary indexes (projection ALL) and the TTL attribute come from
 *   {@link TABLE_DEFINITION}; nothing here restates a key name.
 * - On-demand billing, point-in-time recovery, encryption at rest (a customer-managed KMS key with
 *   yearly rotation in prod, the AWS-managed `aws/dynamodb` key elsewhere), removal policy and
 *   deletion protection per stage.
 * - {@link DataStack.bindTable} is the only way other stacks should give a function the table: it
 *   sets `TABLE_NAME` and grants exactly the permissions that use of the table needs.
 */
export class DataStack extends Stack {
  /** The table. Prefer {@link DataStack.bindTable} over granting on it directly. */
  public readonly table: dynamodb.TableV2;
  /** The customer-managed key encrypting the table (prod only); undefined when AWS-managed. */
  public readonly tableKey?: kms.Key;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    const { config, ...stackProps } = props;
    super(scope, id, {
      description: `Travel planner (${config.stage}): single DynamoDB table`,
      terminationProtection: config.terminationProtection,
      // Stack-level tags must be explicit (feature flag @aws-cdk/core:explicitStackTags).
      tags: { ...config.tags },
      ...stackProps,
    });

    if (config.tableEncryption === 'customer-managed-key') {
      this.tableKey = new kms.Key(this, 'TableKey', {
        description: `Encrypts the ${config.tableName} DynamoDB table`,
        alias: `alias/${config.tableName}`,
        enableKeyRotation: true,
        removalPolicy: config.removalPolicy,
      });
    }

    this.table = new dynamodb.TableV2(this, 'Table', {
      tableName: config.tableName,
      partitionKey: toAttribute(TABLE_DEFINITION.partitionKey),
      sortKey: toAttribute(TABLE_DEFINITION.sortKey),
      globalSecondaryIndexes: TABLE_DEFINITION.globalSecondaryIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: toAttribute(index.partitionKey),
        sortKey: toAttribute(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      })),
      timeToLiveAttribute: TABLE_DEFINITION.timeToLiveAttribute,
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: this.tableKey
        ? dynamodb.TableEncryptionV2.customerManagedKey(this.tableKey)
        : dynamodb.TableEncryptionV2.awsManagedKey(),
      removalPolicy: config.removalPolicy,
      deletionProtection: config.deletionProtection,
      contributorInsightsSpecification: { enabled: config.contributorInsights },
    });

    new CfnOutput(this, 'TableName', {
      value: this.table.tableName,
      description: 'Name of the DynamoDB table',
    });
    new CfnOutput(this, 'TableArn', { value: this.table.tableArn, description: 'ARN of the DynamoDB table' });
  }

  /**
   * Gives a function the table: sets {@link TABLE_NAME_ENV} and, in the same place, grants the
   * IAM permissions that access needs — on the table, on each index named in
   * {@link TABLE_DEFINITION} (no `index/*` wildcard), and on the table's KMS key when there is one.
   *
   * @param consumer the function (any construct with an IAM principal and `addEnvironment`)
   * @param access `'read-write'` (default) or `'read'`
   * @returns the grant, e.g. to add dependencies on it
   */
  public bindTable(consumer: TableConsumer, access: TableAccess = 'read-write'): iam.Grant {
    consumer.addEnvironment(TABLE_NAME_ENV, this.table.tableName);

    const tableArn = this.table.tableArn;
    const resourceArns = [
      tableArn,
      ...TABLE_DEFINITION.globalSecondaryIndexes.map((index) => `${tableArn}/index/${index.indexName}`),
    ];
    let grant = iam.Grant.addToPrincipal({
      grantee: consumer,
      actions: access === 'read' ? READ_ACTIONS : [...READ_ACTIONS, ...WRITE_ACTIONS],
      resourceArns,
    });
    if (this.tableKey) {
      grant = grant.combine(
        iam.Grant.addToPrincipal({
          grantee: consumer,
          actions: access === 'read' ? KEY_READ_ACTIONS : [...KEY_READ_ACTIONS, ...KEY_WRITE_ACTIONS],
          resourceArns: [this.tableKey.keyArn],
        }),
      );
    }
    return grant;
  }
}
