/**
 * Log groups encrypted with a customer-managed KMS key of their stack (prod: `encryptLogs`), and
 * the stage's retention on any log group that has none. Applied once, after every stack of the
 * app is built ({@link encryptLogGroups} in infra/app-builder.ts), to every `AWS::Logs::LogGroup`
 * — function logs, access logs, state machine logs, ECS task logs, VPC flow logs — so a new log
 * group anywhere in the app is covered without touching its construct.
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';
import type { StageConfig } from '../config/stage.js';

/** Id of the per-stack key construct. */
export const LOG_KEY_ID = 'LogGroupKey';

/** The stack's log key, created on first use: rotation on, CloudWatch Logs of this region allowed. */
export function logKeyOf(stack: Stack, config: StageConfig): kms.Key {
  const existing = stack.node.tryFindChild(LOG_KEY_ID);
  if (existing) return existing as kms.Key;
  const key = new kms.Key(stack, LOG_KEY_ID, {
    description: `Travel planner (${config.stage}) CloudWatch log groups of ${stack.stackName}`,
    enableKeyRotation: true,
    removalPolicy: config.removalPolicy,
  });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*`,
        },
      },
    }),
  );
  return key;
}

/**
 * Sets retention (the stage's) where missing and, when `config.encryptLogs`, the stack's key on
 * every log group under `root`. Returns how many log groups it saw.
 */
export function encryptLogGroups(root: IConstruct, config: StageConfig): number {
  let count = 0;
  for (const node of root.node.findAll()) {
    if (!(node instanceof logs.CfnLogGroup)) continue;
    count += 1;
    if (node.retentionInDays === undefined) node.retentionInDays = config.api.logRetention;
    if (config.encryptLogs && node.kmsKeyId === undefined) {
      node.kmsKeyId = logKeyOf(Stack.of(node), config).keyArn;
    }
  }
  return count;
}
