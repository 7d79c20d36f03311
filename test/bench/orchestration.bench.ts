/**
 * `npm run bench:orchestration` — PlanTrip orchestration on the local stack, for a 3-day one-city
 * and a 7-day two-city trip; median and p95 of BENCH_RUNS runs per case (default 15) after warm-up:
 *
 *   (a) in-process: `planTrip` (agents/planning/coordinator.ts) called directly, offline providers;
 *   (b) HTTP, PLANNER_MODE=stepfunctions: DynamoDB Local (in memory) and the local API Gateway
 *       emulation started here, the synthesized PlanTrip ASL run by aws-local-stepfunctions with the
 *       local task handlers and DynamoDB run state, wired as `PLANNER_MODE=stepfunctions npm start`
 *       does (local/stepfunctions/install.ts). Timed from sending POST /v1/agents/sessions until
 *       GET /v1/agents/sessions/{id}/status answers `completed`, polled every BENCH_POLL_MS (default
 *       5 ms) — one poll cycle bounds the resolution; also the server-side duration, the session's
 *       created_at to its completion time (the status's estimated_completion once completed);
 *   (c) the same over HTTP with the default (in-process) planner mode;
 *   (r) runner only: the state machine with run state in memory, no HTTP, no DynamoDB (isolates the
 *       interpreter's and the per-task state (de)serialization overhead);
 * and the ratios of medians (b)/(a), (b)/(c), (r)/(a). The modes are interleaved run by run in one
 * process (the planner mode switched on the API runtime between runs, never during one). Each run
 * gets a conversation (POST /v1/conversations, not timed) and is checked to have produced a plan
 * (GET /v1/travel-plans/{plan_id} 200); failures are counted, printed and left out of the figures.
 * The rate limit is raised so polling never turns into 429s. Prints figures; asserts nothing.
 * Run: `npm run bench:orchestration` (BENCH_RUNS, BENCH_WARMUP, BENCH_POLL_MS to tune).
 */
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { planTrip } from '../../agents/planning/coordinator.js';
import { parseWire } from '../../agents/schemas/wire.js';
import { CreateSessionBody } from '../../functions/api/route-schemas.js';
import { getRuntime } from '../../functions/api/runtime.js';
import { tripRequestFrom } from '../../functions/api/services/planning-session.js';
import { createDocumentClient } from '../../functions/data/dynamo-client.js';
import { MemoryRunStateStore } from '../../functions/orchestration/state-store.js';
import { PLANNER_MODE_ENV } from '../../functions/orchestration/starter.js';
import { createOfflineProviders } from '../../knowledge/offline/providers.js';
import { installLocalPlanTrip } from '../../local/stepfunctions/install.js';
import { createLocalPlanTrip } from '../../local/stepfunctions/runner.js';
import { startBenchApi } from './local-api.js';
import { percentile } from './stats.js';

/** A parsed JSON response body. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = any;

const RUNS = Math.max(1, Number(process.env['BENCH_RUNS'] ?? 15));
const WARMUP = Math.max(0, Number(process.env['BENCH_WARMUP'] ?? 3));
const POLL_MS = Math.max(0, Number(process.env['BENCH_POLL_MS'] ?? 5));
const RUN_TIMEOUT_MS = 30_000;

/** A start date two months ahead (the API refuses dates in the past). */
const startDate = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);

/** The POST /v1/agents/sessions requirements (wire form) of each case. */
const cases: { label: string; requirements: Record<string, unknown> }[] = [
  {
    label: '3-day, 1 city (Shanghai -> Beijing)',
    requirements: {
      origin: '上海',
      destination: '北京',
      start_date: startDate,
      duration: 3,
      travelers: { adults: 2 },
      budget: 12000,
      currency: 'CNY',
      language: 'zh',
    },
  },
  {
    label: '7-day, 2 cities (Beijing -> Tokyo, Kyoto)',
    requirements: {
      origin: 'Beijing',
      destinations: ['Tokyo', 'Kyoto'],
      start_date: startDate,
      duration: 7,
      travelers: { adults: 2, children: 1, child_ages: [8] },
      budget: 40000,
      currency: 'CNY',
      language: 'en',
    },
  },
];

const fmt = (ms: number) => (Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : 'n/a');
const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}x` : 'n/a');
function summary(xs: number[]): { n: number; median: number; p95: number } {
  const sorted = [...xs].sort((a, b) => a - b);
  return { n: xs.length, median: percentile(sorted, 50), p95: percentile(sorted, 95) };
}
const line = (xs: number[]) => {
  const s = summary(xs);
  return `median ${fmt(s.median).padStart(9)}  p95 ${fmt(s.p95).padStart(9)}  (n=${s.n})`;
};

const benchStarted = performance.now();

// --- The local stack: DynamoDB Local, the handler environment, the API Gateway emulation --------
// One address and one user poll every few ms: a high rate limit keeps that from becoming 429s.
const api = await startBenchApi({ tablePrefix: 'bench-orch', rateLimitPerMinute: 100_000_000 });
const { base, client, tableName } = api;

// As `PLANNER_MODE=stepfunctions npm start` (local/start.ts): synthesize PlanTrip and give the API
// runtime the local starter. The bench then switches the runtime's starter per run.
process.env[PLANNER_MODE_ENV] = 'stepfunctions';
let t0 = performance.now();
const installed = installLocalPlanTrip({ client: createDocumentClient(client), tableName });
const synthMs = performance.now() - t0;
const rt = getRuntime();
const sfnStarter = installed.starter;
type Mode = 'stepfunctions' | 'in-process';
const useMode = (mode: Mode) => {
  rt.planTripStarter = mode === 'stepfunctions' ? sfnStarter : undefined;
};

// The runner alone (run state in memory), on the definition install synthesized (no second synthesis).
const providers = createOfflineProviders();
const runnerOnly = createLocalPlanTrip({
  context: { store: new MemoryRunStateStore(), deps: { providers } },
  synthesized: installed.synthesized,
});

async function call(
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<{ status: number; body: Body }> {
  const headers: Record<string, string> = {};
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(base + path, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  let body: Body = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* keep the text */
  }
  return { status: res.status, body };
}

interface HttpRun {
  ok: boolean;
  /** POST sent -> status `completed` received (client side). */
  endToEndMs: number;
  /** created_at -> completion time, from the session's own timestamps (ms resolution). */
  serverMs: number;
  polls: number;
  pollRoundTripMs: number[];
  failure?: string;
}

async function httpRun(token: string, requirements: Record<string, unknown>): Promise<HttpRun> {
  const conv = await call('POST', '/v1/conversations', { token, body: { title: 'bench' } });
  if (conv.status !== 201) throw new Error(`conversation: ${conv.status} ${JSON.stringify(conv.body)}`);
  const body = { conversation_id: conv.body.data.id, task_type: 'comprehensive_planning', requirements };
  const pollRoundTripMs: number[] = [];
  const fail = (failure: string, endToEndMs = NaN): HttpRun => ({
    ok: false,
    endToEndMs,
    serverMs: NaN,
    polls: pollRoundTripMs.length,
    pollRoundTripMs,
    failure,
  });

  const started = performance.now();
  const created = await call('POST', '/v1/agents/sessions', { token, body });
  if (created.status !== 202) return fail(`POST ${created.status} ${JSON.stringify(created.body?.error)}`);
  const sessionId = String(created.body.data.session_id);
  let status: Body;
  for (;;) {
    const p0 = performance.now();
    const res = await call('GET', `/v1/agents/sessions/${sessionId}/status`, { token });
    pollRoundTripMs.push(performance.now() - p0);
    if (res.status !== 200) return fail(`status ${res.status} ${JSON.stringify(res.body?.error)}`);
    status = res.body.data;
    if (status.status !== 'processing' && status.status !== 'pending') break;
    if (performance.now() - started > RUN_TIMEOUT_MS) return fail(`still ${status.status} after timeout`);
    if (POLL_MS > 0) await sleep(POLL_MS);
  }
  const endToEndMs = performance.now() - started;
  // Let the execution finish its last states before the next run (not timed).
  await sfnStarter.execution(sessionId)?.done;
  if (status.status !== 'completed') {
    return fail(`${status.status}: ${JSON.stringify(status.error)}`, endToEndMs);
  }
  const plan = await call('GET', `/v1/travel-plans/${status.plan_id}`, { token });
  if (plan.status !== 200 || plan.body?.data?.id !== status.plan_id) {
    return fail(`GET /v1/travel-plans/${status.plan_id} -> ${plan.status}`, endToEndMs);
  }
  const serverMs = Date.parse(status.estimated_completion) - Date.parse(status.created_at);
  return { ok: true, endToEndMs, serverMs, polls: pollRoundTripMs.length, pollRoundTripMs };
}

try {
  // A user through the real register route.
  const username = `bench_${randomBytes(4).toString('hex')}`;
  const reg = await call('POST', '/v1/auth/register', {
    body: { username, email: `${username}@example.com`, password: 'Bench-pass-2027' },
  });
  if (reg.status !== 201) throw new Error(`register: ${reg.status} ${JSON.stringify(reg.body)}`);
  const token = String(reg.body.data.access_token);

  const requests = cases.map((c) =>
    tripRequestFrom(
      parseWire(CreateSessionBody, { conversation_id: 'conversation_bench', requirements: c.requirements }),
      String(c.requirements['origin']),
      'zh',
    ),
  );

  console.log(
    `PlanTrip orchestration on the local stack (${base}, DynamoDB Local in memory); ` +
      `${RUNS} runs per case and mode after ${WARMUP} warm-up runs; PlanTrip synthesis ${fmt(synthMs)} (once, ` +
      `${installed.states} task states)`,
  );
  console.log(
    `  HTTP end-to-end = POST /v1/agents/sessions sent -> GET .../status answers "completed", polled every ` +
      `${POLL_MS} ms: resolution is one poll cycle (sleep + one GET), completion is seen up to a cycle late. ` +
      `server-side = session created_at -> completed_at (ms timestamps: not bounded by the poll cycle, ` +
      `though the polling load runs alongside). Medians and p95 over successful runs only.`,
  );

  interface CaseResults {
    a: number[];
    r: number[];
    b: HttpRun[];
    c: HttpRun[];
    aFailed: number;
    rFailed: number;
  }
  const failures: string[] = [];
  const results: CaseResults[] = cases.map(() => ({ a: [], r: [], b: [], c: [], aFailed: 0, rFailed: 0 }));

  /** One run of every mode for a case; (b) and (c) alternate which goes first. */
  const once = async (i: number, timed: boolean, round: number) => {
    const c = cases[i]!;
    const request = requests[i]!;
    const res = results[i]!;
    const fail = (what: string) => failures.push(`${c.label}${timed ? '' : ' (warm-up)'} ${what}`);
    t0 = performance.now();
    const outcome = await planTrip(request, { providers });
    const aMs = performance.now() - t0;
    if (!outcome.plan) fail(`(a) in-process: ${outcome.failure?.code}`);
    if (timed && outcome.plan) res.a.push(aMs);
    else if (timed) res.aFailed++;

    t0 = performance.now();
    const out = await runnerOnly.start({ request }).done;
    const rMs = performance.now() - t0;
    const rOk = out?.result?.status === 'completed' && out.plan !== null;
    if (!rOk) fail(`(r) runner: ${out?.result?.status ?? 'aborted'}`);
    if (timed && rOk) res.r.push(rMs);
    else if (timed) res.rFailed++;

    const modes: Mode[] = round % 2 === 0 ? ['stepfunctions', 'in-process'] : ['in-process', 'stepfunctions'];
    for (const mode of modes) {
      useMode(mode);
      const run = await httpRun(token, c.requirements);
      const key = mode === 'stepfunctions' ? 'b' : 'c';
      if (!run.ok) fail(`(${key}) HTTP ${mode}: ${run.failure}`);
      if (timed) res[key].push(run);
    }
  };
  // Warm-up of every case first (JIT, data indexes, DynamoDB Local's JVM), then the timed runs.
  for (let w = 0; w < WARMUP; w++) for (const i of cases.keys()) await once(i, false, w);
  for (let n = 0; n < RUNS; n++) for (const i of cases.keys()) await once(i, true, n);

  const ok = (runs: HttpRun[]) => runs.filter((x) => x.ok);
  const e2e = (runs: HttpRun[]) => ok(runs).map((x) => x.endToEndMs);
  const server = (runs: HttpRun[]) => ok(runs).map((x) => x.serverMs);
  const med = (xs: number[]) => summary(xs).median;
  const pollInfo = (runs: HttpRun[]) => {
    const get = med(runs.flatMap((x) => x.pollRoundTripMs));
    const polls = runs.reduce((s, x) => s + x.polls, 0) / Math.max(1, runs.length);
    return (
      `${polls.toFixed(1)} polls/run; GET status median ${fmt(get)}, so one poll cycle ~ ${fmt(get + POLL_MS)}; ` +
      `failed ${runs.length - ok(runs).length}/${runs.length}`
    );
  };
  for (const [i, c] of cases.entries()) {
    const { a, r, b, c: cc, aFailed, rFailed } = results[i]!;
    console.log(`\n${c.label}`);
    console.log(`  (a) in-process planTrip (coordinator)      ${line(a)}; failed ${aFailed}/${RUNS}`);
    console.log(`  (r) runner only, run state in memory       ${line(r)}; failed ${rFailed}/${RUNS}`);
    console.log(`  (b) HTTP, PLANNER_MODE=stepfunctions       ${line(e2e(b))}`);
    console.log(`        server-side created_at->completed    ${line(server(b))}`);
    console.log(`        ${pollInfo(b)}`);
    console.log(`  (c) HTTP, in-process planner (default)     ${line(e2e(cc))}`);
    console.log(`        server-side created_at->completed    ${line(server(cc))}`);
    console.log(`        ${pollInfo(cc)}`);
    console.log(`  ratios of medians:`);
    console.log(
      `    orchestration overhead, HTTP state machine vs in-process coordinator (b)/(a): ` +
        `${ratio(med(e2e(b)), med(a))} end-to-end, ${ratio(med(server(b)), med(a))} server-side`,
    );
    console.log(
      `    state machine vs in-process planner, both over HTTP (b)/(c): ` +
        `${ratio(med(e2e(b)), med(e2e(cc)))} end-to-end, ${ratio(med(server(b)), med(server(cc)))} server-side`,
    );
    console.log(`    runner alone vs in-process coordinator (r)/(a): ${ratio(med(r), med(a))}`);
  }
  console.log(`\nfailed runs (warm-up included): ${failures.length}`);
  for (const f of failures) console.log(`  - ${f}`);
  console.log(
    `bench wall time (after module loading) ${((performance.now() - benchStarted) / 1000).toFixed(1)} s`,
  );
} finally {
  useMode('in-process');
  await api.close();
}
