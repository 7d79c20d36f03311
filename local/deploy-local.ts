/**
 * `npm run deploy:local [-- --dry-run] [--endpoint http://localhost:4566]`: deploys the CDK app
 * (infra/app-builder.ts, stage dev) into LocalStack with `cdklocal` (aws-cdk-local, pinned in
 * package.json), after `docker compose up -d localstack` (LOCALSTACK_AUTH_TOKEN set).
 *
 * Only the stacks whose every resource LocalStack's free tier serves are deployed
 * ({@link LOCALSTACK_STACKS}: the table, the PlanTrip state machine and its functions, the
 * workflow queues, consumers and schedules). The free tier has no WebSocket APIs, ECS or ELBv2:
 * the API stack (it serves the WebSocket API), the realtime, inference and observability stacks
 * stay out, and their parts run from the compose file instead — the project's own REST/WebSocket
 * emulation (`api` service) and vLLM (`gpu` profile). test/infra/deploy-local.test.ts checks that
 * the listed stacks use free-tier resource types only.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Stack suffixes (after `TravelPlanner-dev-`) deployed to LocalStack. */
export const LOCALSTACK_STACKS = ['Data', 'Orchestration', 'Async'] as const;

/** CloudFormation resource type prefixes LocalStack's free tier serves (aws-and-serving notes). */
export const LOCALSTACK_FREE_RESOURCE_PREFIXES = [
  'AWS::DynamoDB::',
  'AWS::Lambda::',
  'AWS::IAM::',
  'AWS::Logs::',
  'AWS::SQS::',
  'AWS::SNS::',
  'AWS::Events::',
  'AWS::Scheduler::',
  'AWS::StepFunctions::',
  'AWS::CloudWatch::',
  'AWS::SecretsManager::',
  'AWS::SSM::',
  'AWS::KMS::',
  'AWS::S3::',
  'AWS::ApiGateway::',
  'AWS::CDK::Metadata',
] as const;

/** One command of the deployment. */
export interface DeployCommand {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

/** Options of {@link localDeployCommands}. */
export interface LocalDeployOptions {
  /** LocalStack's edge endpoint. */
  readonly endpoint?: string;
  readonly region?: string;
}

/** LocalStack's fixed account id. */
export const LOCALSTACK_ACCOUNT = '000000000000';

/** The cdklocal bootstrap and deploy commands for LocalStack. */
export function localDeployCommands(options: LocalDeployOptions = {}): DeployCommand[] {
  const endpoint = options.endpoint ?? 'http://localhost:4566';
  const region = options.region ?? 'us-east-1';
  const env = {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    CDK_DISABLE_VERSION_CHECK: '1',
  };
  const context = ['-c', 'stage=dev', '-c', 'localstack=true'];
  return [
    {
      command: 'npx',
      args: ['cdklocal', 'bootstrap', `aws://${LOCALSTACK_ACCOUNT}/${region}`, ...context],
      env,
    },
    {
      command: 'npx',
      args: [
        'cdklocal',
        'deploy',
        ...LOCALSTACK_STACKS.map((s) => `TravelPlanner-dev-${s}`),
        '--exclusively',
        '--require-approval',
        'never',
        ...context,
      ],
      env,
    },
  ];
}

async function main(): Promise<void> {
  const dryRun = process.argv.includes('--dry-run');
  const i = process.argv.indexOf('--endpoint');
  const endpoint = i >= 0 ? process.argv[i + 1] : process.env['LOCALSTACK_ENDPOINT'];
  const commands = localDeployCommands(endpoint ? { endpoint } : {});
  const edge = commands[0]!.env['AWS_ENDPOINT_URL']!;
  if (!dryRun) {
    const health = await fetch(`${edge}/_localstack/health`).catch(() => null);
    if (!health?.ok) {
      console.error(
        `LocalStack does not answer at ${edge}. Start it first: export LOCALSTACK_AUTH_TOKEN=...; docker compose up -d localstack\n` +
          `LocalStack 没有在 ${edge} 响应。请先启动：设置 LOCALSTACK_AUTH_TOKEN 后运行 docker compose up -d localstack`,
      );
      process.exitCode = 1;
      return;
    }
  }
  for (const c of commands) {
    console.log(`$ ${c.command} ${c.args.join(' ')}`);
    if (dryRun) continue;
    const result = spawnSync(c.command, c.args, { stdio: 'inherit', env: { ...process.env, ...c.env } });
    if (result.status !== 0) {
      process.exitCode = result.status ?? 1;
      return;
    }
  }
  console.log(
    dryRun
      ? 'dry run: nothing deployed'
      : 'Deployed. REST and WebSocket APIs run from the compose `api` service (LocalStack free tier has no WebSocket APIs).',
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
