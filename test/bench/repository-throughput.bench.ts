/**
 * Repository throughput against DynamoDB Local (started here, in memory): plan puts per second
 * and paginated plan queries per second, with p50/p99 latency. Prints figures; asserts nothing.
 * Run: `npm run bench` (all benchmarks) or `npx tsx test/bench/repository-throughput.bench.ts`.
 */
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

import { randomBytes } from 'node:crypto';
import { createDocumentClient } from '../../functions/data/dynamo-client.js';
import { createRepositories } from '../../functions/data/repositories.js';
import { demoPlan, demoUser } from '../../local/demo-data.js';
import { localDynamoClient, startDynamoDbLocal } from '../../local/dynamodb-local.js';
import { ensureTable } from '../../local/table.js';
import { formatSummary, measure } from './stats.js';

const PUTS = Number(process.env['BENCH_PUTS'] ?? 400);
const QUERIES = Number(process.env['BENCH_QUERIES'] ?? 300);
const PAGE = 20;

const db = await startDynamoDbLocal();
const client = localDynamoClient(db.endpoint);
try {
  const tableName = 'bench';
  await ensureTable(client, tableName);
  const repos = createRepositories({
    client: createDocumentClient(client),
    tableName,
    cursorSecret: randomBytes(32).toString('hex'),
  });
  const user = demoUser();
  const plans = Array.from({ length: PUTS }, (_, i) =>
    demoPlan(user.id, {}, new Date(Date.UTC(2026, 0, 1) + i * 1000)),
  );

  // Warm-up (JIT in the JVM and in Node).
  for (let i = 0; i < 20; i++) await repos.plans.create(demoPlan(demoUser().id));

  console.log(
    `repository throughput on DynamoDB Local (${db.endpoint}), ${PUTS} plans of one user, pages of ${PAGE}`,
  );
  const half = Math.floor(PUTS / 2);
  const seqPuts = await measure(half, 1, (i) => repos.plans.create(plans[i]!));
  console.log(formatSummary('  plan put (conditional), 1 client   ', seqPuts));
  const parPuts = await measure(PUTS - half, 8, (i) => repos.plans.create(plans[half + i]!));
  console.log(formatSummary('  plan put (conditional), 8 in flight', parPuts));

  // Pre-compute cursors for every page so each measured query is one page read.
  const cursors: (string | undefined)[] = [undefined];
  for (;;) {
    const page = await repos.plans.list({
      userId: user.id,
      sortBy: 'created_at',
      order: 'desc',
      limit: PAGE,
      cursor: cursors.at(-1),
    });
    if (!page.nextCursor) break;
    cursors.push(page.nextCursor);
  }
  const pageQuery = (i: number) =>
    repos.plans.list({
      userId: user.id,
      sortBy: 'created_at',
      order: 'desc',
      limit: PAGE,
      cursor: cursors[i % cursors.length],
    });
  console.log(formatSummary('  paginated query (20/page), 1 client', await measure(QUERIES, 1, pageQuery)));
  console.log(formatSummary('  paginated query (20/page), 8 in fl.', await measure(QUERIES, 8, pageQuery)));
  const statusQuery = () =>
    repos.plans.list({
      userId: user.id,
      sortBy: 'updated_at',
      order: 'desc',
      status: 'drafting',
      limit: PAGE,
    });
  console.log(
    formatSummary(
      '  status-filtered query (by update)  ',
      await measure(Math.floor(QUERIES / 3), 1, statusQuery),
    ),
  );
} finally {
  client.destroy();
  await db.stop();
}
