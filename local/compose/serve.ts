/**
 * Entry of the `api` container of docker-compose.yml: the project's own API Gateway emulation,
 * REST and WebSocket on one port (LocalStack's free tier has no WebSocket APIs), serving the real
 * handlers, with DynamoDB and SQS from LocalStack.
 *
 * Unlike `npm start` it starts no emulator itself: DYNAMODB_ENDPOINT (and SQS_ENDPOINT) point at
 * LocalStack. It creates the table when missing, keeps its secrets in LOCAL_DATA_DIR (a volume),
 * seeds the demo data like `npm start`, and stops on SIGTERM (`docker compose stop`).
 */
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { resetApiConfig } from '../../functions/api/config.js';
import { setRuntime } from '../../functions/api/runtime.js';
import { createDocumentClient } from '../../functions/data/dynamo-client.js';
import { createRepositories } from '../../functions/data/repositories.js';
import { WEBSOCKET_ENDPOINT_ENV } from '../../functions/notify/websocket-publisher.js';
import { startApiGateway } from '../api-gateway.js';
import { localDynamoClient } from '../dynamodb-local.js';
import { loadLocalSecrets } from '../local-secrets.js';
import { DEMO_EMAIL, seedDemo } from '../seed-demo.js';
import { ensureTable } from '../table.js';

const Config = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DYNAMODB_ENDPOINT: z.url(),
  SQS_ENDPOINT: z.url().optional(),
  TABLE_NAME: z.string().min(3).max(255).default('travel-planner-local'),
  LOCAL_DATA_DIR: z.string().min(1).default('/data'),
  /** The URL printed for people outside the container (the published port). */
  PUBLIC_URL: z.url().optional(),
});

async function waitForDynamo(endpoint: string, timeoutMs = 120_000): Promise<void> {
  const client = localDynamoClient(endpoint);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (err) {
        if (Date.now() > deadline)
          throw new Error(`DynamoDB at ${endpoint} did not answer: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  } finally {
    client.destroy();
  }
}

async function main(): Promise<void> {
  const parsed = Config.safeParse(process.env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      console.error(`Invalid ${issue.path.join('.')}: ${issue.message}`);
    process.exit(2);
  }
  const config = parsed.data;
  const dataDir = resolve(config.LOCAL_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const secrets = loadLocalSecrets(dataDir);

  await waitForDynamo(config.DYNAMODB_ENDPOINT);
  const client = localDynamoClient(config.DYNAMODB_ENDPOINT);
  const created = await ensureTable(client, config.TABLE_NAME);
  console.log(
    `table ${config.TABLE_NAME} ${created ? 'created' : 'already there'} at ${config.DYNAMODB_ENDPOINT}`,
  );

  process.env['JWT_SECRET'] ??= secrets.jwtSecret;
  process.env['CURSOR_SECRET'] ??= secrets.cursorSecret;
  process.env['TABLE_NAME'] = config.TABLE_NAME;
  process.env['AWS_REGION'] ??= 'us-east-1';
  resetApiConfig();
  setRuntime(undefined);

  const gateway = await startApiGateway({ port: config.PORT, host: config.HOST });
  // The handlers push WebSocket frames through the gateway's own management API (in-process).
  process.env[WEBSOCKET_ENDPOINT_ENV] = gateway.managementEndpoint;
  const publicUrl = config.PUBLIC_URL ?? gateway.url;
  const repos = createRepositories({
    client: createDocumentClient(client),
    tableName: config.TABLE_NAME,
    cursorSecret: process.env['CURSOR_SECRET']!,
  });
  const seed = await seedDemo({
    baseUrl: gateway.url,
    repos,
    account: { email: DEMO_EMAIL, password: secrets.demoPassword },
  });
  for (const problem of seed.problems) console.log(`warning: ${problem}`);
  console.log(`API (emulation, real handlers) at ${publicUrl}`);
  console.log(
    `WebSocket API at ${publicUrl.replace(/^http/, 'ws')}/v1/ws/chat/{user_id}?token={access_token}`,
  );
  console.log(`demo account: ${DEMO_EMAIL} / ${secrets.demoPassword}`);
  if (seed.plan) console.log(`sample plan: ${seed.plan.title} (${seed.plan.id})`);

  const stop = async () => {
    gateway.server.closeAllConnections();
    await gateway.close();
    client.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

await main();
