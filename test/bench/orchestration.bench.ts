/**
 * PlanTrip orchestration: end-to-end time from starting an execution of the synthesized state
 * machine (aws-local-stepfunctions, local task handlers, run state in memory) to the completed
 * plan, median and p95, for a 3-day and a 7-day trip, and the overhead against calling the
 * coordinator in-process (ratio of medians). Prints figures; asserts nothing.
 *
 * Each task reloads and re-serializes the run's state (as Lambda tasks must), so the ratio
 * measures that cost plus the interpreter's; network hops to Lambda and DynamoDB are not included.
 */
import { planTrip } from '../../agents/planning/coordinator.js';
import { TripRequest } from '../../agents/schemas/trip-request.js';
import { createOfflineProviders } from '../../knowledge/offline/providers.js';
import { MemoryRunStateStore } from '../../functions/orchestration/state-store.js';
import { createLocalPlanTrip } from '../../local/stepfunctions/runner.js';
import { percentile } from './stats.js';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 15);
const providers = createOfflineProviders();

const cases: { label: string; request: TripRequest }[] = [
  {
    label: '3-day, 1 city (Shanghai -> Beijing)',
    request: TripRequest.parse({
      origin: { name: '上海' },
      destinations: [{ name: '北京' }],
      startDate: '2027-04-10',
      days: 3,
      travelers: { adults: 2 },
      budget: { amount: 12000, currency: 'CNY' },
    }),
  },
  {
    label: '7-day, 2 cities (Beijing -> Tokyo, Kyoto)',
    request: TripRequest.parse({
      origin: { name: 'Beijing' },
      destinations: [{ name: 'Tokyo' }, { name: 'Kyoto' }],
      startDate: '2027-04-10',
      days: 7,
      travelers: { adults: 2, children: 1, childAges: [8] },
      budget: { amount: 40000, currency: 'CNY' },
      language: 'en',
    }),
  },
];

const synthStart = performance.now();
const local = createLocalPlanTrip({ context: { store: new MemoryRunStateStore(), deps: { providers } } });
const synthMs = performance.now() - synthStart;
// Warm-up: loads and indexes the bundled data once.
await planTrip(cases[0]!.request, { providers });
await local.start({ request: cases[0]!.request }).done;

const stats = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return { median: percentile(sorted, 50), p95: percentile(sorted, 95) };
};
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

console.log(`PlanTrip orchestration, local (${RUNS} runs each; synthesis ${fmt(synthMs)}, once)`);
for (const c of cases) {
  const inProcess: number[] = [];
  const orchestrated: number[] = [];
  let status = '';
  for (let i = 0; i < RUNS; i++) {
    let t0 = performance.now();
    await planTrip(c.request, { providers });
    inProcess.push(performance.now() - t0);
    t0 = performance.now();
    const out = await local.start({ request: c.request }).done;
    orchestrated.push(performance.now() - t0);
    status = out?.result?.status ?? 'aborted';
  }
  const a = stats(orchestrated);
  const b = stats(inProcess);
  console.log(
    `${c.label}: state machine median ${fmt(a.median)}, p95 ${fmt(a.p95)} (last run ${status}); ` +
      `in-process median ${fmt(b.median)}, p95 ${fmt(b.p95)}; overhead ratio ${(a.median / b.median).toFixed(2)}x`,
  );
}
