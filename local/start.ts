/**
 * `npm start`: the local stack on one machine, no network, no Docker.
 *
 * Today it runs the data layer for real: AWS's DynamoDB Local (persisted under LOCAL_DATA_DIR),
 * the application table created from the same definition the CDK stack deploys, demo data written
 * through the real repositories, and the main access patterns exercised and reported. The API,
 * orchestration and the other emulators join this process as they are built.
 *
 * Flags: `--once` seeds, reports and exits instead of keeping DynamoDB Local running.
 */
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { createDocumentClient } from '../functions/data/dynamo-client.js';
import { createRepositories, type Repositories } from '../functions/data/repositories.js';
import { demoConversation, demoMessage, demoPlan, demoSession, demoUser } from './demo-data.js';
import { localDynamoClient, startDynamoDbLocal } from './dynamodb-local.js';
import { ensureTable } from './table.js';

const LocalConfig = z.object({
  DYNAMODB_PORT: z.coerce.number().int().min(1).max(65535).default(8000),
  LOCAL_DATA_DIR: z.string().min(1).default('.local'),
  TABLE_NAME: z.string().min(3).max(255).default('travel-planner-local'),
  CURSOR_SECRET: z.string().min(16).optional(),
});

const DEMO_EMAIL = 'demo@example.com';

function readConfig() {
  const parsed = LocalConfig.safeParse(process.env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      console.error(`Invalid ${issue.path.join('.')}: ${issue.message}`);
    process.exit(2);
  }
  return parsed.data;
}

/** A cursor secret kept beside the local data, so cursors survive restarts. */
function localCursorSecret(dataDir: string): string {
  const file = join(dataDir, 'cursor-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

async function timed<T>(label: string, fn: () => Promise<T>, describe: (v: T) => string): Promise<T> {
  const started = performance.now();
  const value = await fn();
  console.log(`  ✓ ${label} — ${describe(value)} (${(performance.now() - started).toFixed(1)} ms)`);
  return value;
}

async function seed(repos: Repositories): Promise<string> {
  const existing = await repos.users.getByEmail(DEMO_EMAIL);
  if (existing) {
    console.log(`  • demo user ${existing.id} already present (data persisted from an earlier run)`);
    return existing.id;
  }
  const user = await timed(
    'register demo user (unique e-mail enforced by a transaction)',
    () => repos.users.create(demoUser({ email: DEMO_EMAIL, username: 'demo_traveller' })),
    (u) => `${u.username} <${u.email}>, ${u.id}`,
  );
  const statuses = ['drafting', 'planning', 'confirmed', 'booked', 'completed'] as const;
  await timed(
    'create 5 travel plans',
    async () => {
      for (const [i, status] of statuses.entries()) {
        const at = new Date(Date.now() - (statuses.length - i) * 86_400_000);
        await repos.plans.create(
          demoPlan(user.id, { status, title: `Demo trip ${i + 1} / 示例行程 ${i + 1}` }, at),
        );
      }
      return statuses.length;
    },
    (n) => `${n} plans`,
  );
  const conversation = await repos.conversations.create(demoConversation(user.id));
  await timed(
    'start a conversation with 3 messages',
    async () => {
      const texts = [
        ['user', '我想计划一次去巴黎的7日游，预算大概1.5万元，有什么推荐吗？'],
        ['assistant', '很高兴为您规划巴黎之旅！请问几位出行、计划什么时候出发？'],
        ['user', 'Two of us, early June.'],
      ] as const;
      for (const [i, [role, content]] of texts.entries()) {
        await repos.conversations.appendMessage(
          user.id,
          demoMessage(conversation.id, content, { role }, new Date(Date.now() + i)),
        );
      }
      return conversation.id;
    },
    (id) => id,
  );
  const session = await repos.sessions.create(demoSession(user.id, conversation.id));
  await repos.sessions.setProgress(session.id, 'flight_search', 100);
  await repos.sessions.setProgress(session.id, 'hotel_search', 80);
  console.log(`  ✓ agent session ${session.id} with per-agent progress`);
  return user.id;
}

async function report(repos: Repositories, userId: string): Promise<void> {
  const firstPage = await timed(
    'plans of the user, newest first, page of 2',
    () => repos.plans.list({ userId, sortBy: 'created_at', order: 'desc', limit: 2 }),
    (p) =>
      `${p.items.map((x) => `${x.title} [${x.status}]`).join('; ')}; more: ${p.nextCursor ? 'yes' : 'no'}`,
  );
  if (firstPage.nextCursor) {
    await timed(
      'next page via the signed cursor',
      () =>
        repos.plans.list({
          userId,
          sortBy: 'created_at',
          order: 'desc',
          limit: 2,
          cursor: firstPage.nextCursor!,
        }),
      (p) => p.items.map((x) => x.title).join('; '),
    );
  }
  await timed(
    'confirmed plans only (status index)',
    () => repos.plans.count(userId, 'confirmed'),
    (n) => `${n} plan(s)`,
  );
  const plan = firstPage.items[0];
  if (plan) {
    const saved = await timed(
      'update a plan with optimistic versioning',
      () =>
        repos.plans.save(
          userId,
          { ...plan, description: `touched at ${new Date().toISOString()}` },
          plan.version,
        ),
      (p) => `version ${plan.version} -> ${p.version}`,
    );
    await timed(
      'a stale write is refused',
      async () => {
        try {
          await repos.plans.save(userId, plan, plan.version);
          return 'NOT refused (bug)';
        } catch (err) {
          return (err as { code?: string }).code ?? String(err);
        }
      },
      (code) => `${code} (plan is at version ${saved.version})`,
    );
  }
  const conversations = await repos.conversations.list(userId, { limit: 1 });
  const conversation = conversations.items[0];
  if (conversation) {
    await timed(
      'latest messages of the conversation',
      () => repos.conversations.listMessages({ userId, conversationId: conversation.id, limit: 2 }),
      (p) => `${conversation.messageCount} messages in all; newest: "${p.items[0]?.content ?? ''}"`,
    );
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const once = process.argv.includes('--once');
  const dataDir = resolve(config.LOCAL_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });

  console.log('AI Travel Planner — local stack / 本地环境');
  console.log(
    `Starting DynamoDB Local on port ${config.DYNAMODB_PORT} (data in ${join(dataDir, 'dynamodb')}) ...`,
  );
  const started = performance.now();
  const db = await startDynamoDbLocal({
    port: config.DYNAMODB_PORT,
    dataDir: join(dataDir, 'dynamodb'),
  }).catch((err: Error) => {
    console.error(`Could not start DynamoDB Local: ${err.message}`);
    console.error('Is the port free (set DYNAMODB_PORT) and Java 17+ installed?');
    process.exit(1);
  });
  console.log(
    `  ✓ DynamoDB Local answering at ${db.endpoint} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );

  const client = localDynamoClient(db.endpoint);
  const created = await ensureTable(client, config.TABLE_NAME);
  console.log(
    `  ✓ table ${config.TABLE_NAME} ${created ? 'created from functions/data/table-definition.ts' : 'already exists'}`,
  );

  const repos = createRepositories({
    client: createDocumentClient(client),
    tableName: config.TABLE_NAME,
    cursorSecret: config.CURSOR_SECRET ?? localCursorSecret(dataDir),
  });

  console.log('Seeding demo data / 写入示例数据:');
  const userId = await seed(repos);
  console.log('Access patterns / 数据访问模式:');
  await report(repos, userId);

  if (once) {
    client.destroy();
    await db.stop();
    console.log('Done (--once): DynamoDB Local stopped; data kept for the next run.');
    return;
  }
  console.log('');
  console.log(`DynamoDB Local keeps running at ${db.endpoint}. Inspect the data with, for example:`);
  console.log(
    `  aws dynamodb scan --table-name ${config.TABLE_NAME} --endpoint-url ${db.endpoint} --region us-east-1`,
  );
  console.log('Press Ctrl+C to stop. / 按 Ctrl+C 停止。');
  const shutdown = async () => {
    client.destroy();
    await db.stop();
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

await main();
