/**
 * REST API under load on loopback: DynamoDB Local and the local API Gateway emulation (the real
 * handlers, middy stack, JWT checks, rate-limit counters) started here; a user registered and plans
 * seeded through the API; then autocannon against
 *   GET /health, GET /v1/travel-plans (first page, authenticated), POST /v1/auth/login
 * at full speed (fixed connections) and, for the reads, at a fixed 200 requests/s. Prints
 * requests/s, p50/p99 latency, errors and non-2xx answers; as a reference, the list page read
 * straight from the repository at the same rate (DynamoDB Local's own floor); then checks that
 * every created item is still there. Bounded: BENCH_SECONDS per run (default 10),
 * BENCH_CONNECTIONS (default 10); the load generator runs in a worker thread (BENCH_WORKERS, 1).
 * Prints figures; asserts nothing.
 * Run: `npm run bench:api`.
 */
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { getRuntime } from '../../functions/api/runtime.js';
import { startBenchApi } from './local-api.js';
import { percentile } from './stats.js';

/** A parsed JSON response body (shape checked by the assertions). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = any;

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 10);
const PLANS = Number(process.env['BENCH_PLANS'] ?? 50);
const FIXED_RATE = 200;
// The load generator runs in its own thread (autocannon workers), not on the server's event loop.
const WORKERS = Number(process.env['BENCH_WORKERS'] ?? 1);

interface Run {
  label: string;
  result: autocannon.Result;
}

function describeRun({ label, result: r }: Run): string {
  const codes = Object.entries(r.statusCodeStats ?? {})
    .map(([code, s]) => `${code}x${s.count ?? 0}`)
    .join(' ');
  return (
    `  ${label.padEnd(44)} ${r.requests.average.toFixed(1).padStart(8)} req/s  ` +
    `p50 ${String(r.latency.p50).padStart(4)} ms  p99 ${String(r.latency.p99).padStart(4)} ms  ` +
    `n=${r.requests.total}  errors ${r.errors} (timeouts ${r.timeouts})  non-2xx ${r.non2xx}  [${codes}]`
  );
}

async function load(label: string, options: autocannon.Options): Promise<Run> {
  const result = await autocannon({
    connections: CONNECTIONS,
    duration: SECONDS,
    timeout: 10,
    ...(WORKERS > 0 ? { workers: WORKERS } : {}),
    ...options,
  });
  const run = { label, result };
  console.log(describeRun(run));
  return run;
}

async function json(url: string, init: RequestInit = {}): Promise<{ status: number; body: Body }> {
  const res = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
  });
  return { status: res.status, body: await res.json() };
}

const api = await startBenchApi({ tablePrefix: 'bench-api', rateLimitPerMinute: 1_000_000 });
const base = api.base;

try {
  // A user, through the real register route (or, before it exists, the repository and a signed token).
  const email = `bench_${randomBytes(4).toString('hex')}@example.com`;
  const password = 'Bench-pass-2027';
  const reg = await json(`${base}/v1/auth/register`, {
    method: 'POST',
    body: JSON.stringify({ username: email.split('@')[0], email, password }),
  });
  let token: string;
  let userId: string;
  const loginExists = reg.status === 201;
  if (loginExists) {
    token = reg.body.data.access_token;
    userId = reg.body.data.user.id;
  } else {
    const { demoUser } = await import('../../local/demo-data.js');
    const rt = getRuntime();
    const user = await rt.repos.users.create(demoUser({ email }));
    userId = user.id;
    token = await rt.tokens.sign({ userId, role: 'user', sessionId: 'bench' });
    console.log(`  (no register route yet: ${reg.status}; token signed directly, login skipped)`);
  }
  const auth = { authorization: `Bearer ${token}` };

  const planIds: string[] = [];
  for (let i = 0; i < PLANS; i++) {
    const res = await json(`${base}/v1/travel-plans`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        title: `Bench plan ${i}`,
        destinations: [{ name: '巴黎', arrival_date: '2027-06-01', departure_date: '2027-06-07' }],
        start_date: '2027-06-01',
        end_date: '2027-06-07',
        total_budget: 15000 + i,
        traveler_count: 2,
      }),
    });
    if (res.status !== 201) throw new Error(`seeding failed: ${res.status} ${JSON.stringify(res.body)}`);
    planIds.push(res.body.data.id);
  }

  // Warm-up: JIT, handler modules, DynamoDB Local's JVM.
  await autocannon({ url: `${base}/health`, connections: 4, amount: 300 });
  await autocannon({ url: `${base}/v1/travel-plans`, headers: auth, connections: 4, amount: 300 });

  console.log(
    `REST API on loopback (${base}), DynamoDB Local, ${CONNECTIONS} connections, ${SECONDS} s per run, ` +
      `${PLANS} plans of one user (pages of 10)`,
  );
  const runs: Run[] = [];
  runs.push(await load('GET /health, max', { url: `${base}/health` }));
  runs.push(
    await load(`GET /health, ${FIXED_RATE} req/s`, { url: `${base}/health`, overallRate: FIXED_RATE }),
  );
  runs.push(await load('GET /v1/travel-plans, max', { url: `${base}/v1/travel-plans`, headers: auth }));
  runs.push(
    await load(`GET /v1/travel-plans, ${FIXED_RATE} req/s`, {
      url: `${base}/v1/travel-plans`,
      headers: auth,
      overallRate: FIXED_RATE,
    }),
  );
  if (loginExists) {
    runs.push(
      await load('POST /v1/auth/login, max (scrypt)', {
        url: `${base}/v1/auth/login`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      }),
    );
  }

  // Reference: the same list page read straight from the repository (no HTTP, auth or limits) at
  // the same fixed rate: the floor DynamoDB Local sets for GET /v1/travel-plans on this machine.
  {
    const repo = getRuntime().repos.plans;
    const read = () => repo.listSummaries({ userId, sortBy: 'updated_at', order: 'desc', limit: 10 });
    const latencies: number[] = [];
    const total = FIXED_RATE * SECONDS;
    const started = performance.now();
    const inflight: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const wait = started + (i * 1000) / FIXED_RATE - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const t0 = performance.now();
      inflight.push(read().then(() => void latencies.push(performance.now() - t0)));
    }
    await Promise.all(inflight);
    latencies.sort((a, b) => a - b);
    console.log(
      `  ${'(floor) list query, repository direct, 200/s'.padEnd(44)} ${(total / ((performance.now() - started) / 1000)).toFixed(1).padStart(8)} req/s  ` +
        `p50 ${percentile(latencies, 50).toFixed(0).padStart(4)} ms  p99 ${percentile(latencies, 99).toFixed(0).padStart(4)} ms  n=${total}`,
    );
  }

  // Everything created is still there: every plan by id, the list total, and a fresh login.
  let present = 0;
  for (const id of planIds) {
    const res = await json(`${base}/v1/travel-plans/${id}`, { headers: auth });
    if (res.status === 200 && res.body.data.id === id) present++;
  }
  const list = await json(`${base}/v1/travel-plans?limit=1`, { headers: auth });
  const stored = await getRuntime().repos.plans.count(userId);
  const relogin = loginExists
    ? (await json(`${base}/v1/auth/login`, { method: 'POST', body: JSON.stringify({ email, password }) }))
        .status
    : 'skipped';
  console.log(
    `  after the load: ${present}/${planIds.length} plans readable by id, list total ${list.body.data?.pagination?.total}, ` +
      `${stored} in the table; login ${relogin}`,
  );
  const errors = runs.reduce((n, r) => n + r.result.errors + r.result.non2xx, 0);
  console.log(`  errors + non-2xx over all runs: ${errors}`);
} finally {
  await api.close();
}
