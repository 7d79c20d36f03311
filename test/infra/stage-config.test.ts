import { App, RemovalPolicy } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app-builder.js';
import { readStageConfig, StageConfigError, stageConfigFromContext } from '../../infra/config/stage.js';

describe('stage config', () => {
  it('defaults to dev', () => {
    const config = stageConfigFromContext({});
    expect(config).toMatchObject({
      stage: 'dev',
      stackNamePrefix: 'TravelPlanner-dev',
      removalPolicy: RemovalPolicy.DESTROY,
      deletionProtection: false,
      tableEncryption: 'aws-managed-key',
      tags: { project: 'travel-planner', stage: 'dev' },
      env: {},
    });
  });

  it('retains data in staging and prod; prod is protected and uses a customer-managed key', () => {
    expect(stageConfigFromContext({ stage: 'staging' })).toMatchObject({
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: false,
      tableEncryption: 'aws-managed-key',
    });
    expect(stageConfigFromContext({ stage: 'prod', region: 'eu-west-1' })).toMatchObject({
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
      terminationProtection: true,
      tableEncryption: 'customer-managed-key',
      env: { region: 'eu-west-1' },
    });
  });

  it('fails fast on an unknown stage, naming the valid ones', () => {
    expect(() => stageConfigFromContext({ stage: 'qa' as never })).toThrow(StageConfigError);
    expect(() => stageConfigFromContext({ stage: 'qa' as never })).toThrow(
      /Unknown stage "qa".*dev\|staging\|prod/,
    );
    expect(() => buildApp({ stage: 'production' })).toThrow(StageConfigError);
  });

  it('fails fast when prod has no region (its KMS-encrypted table needs one)', () => {
    expect(() => stageConfigFromContext({ stage: 'prod' })).toThrow(/-c region=/);
  });

  it('reads stage, account and region from CDK context; blank values count as absent', () => {
    const app = new App({ context: { stage: 'staging', account: '123456789012', region: ' ' } });
    expect(readStageConfig(app.node)).toMatchObject({ stage: 'staging', env: { account: '123456789012' } });
  });
});
