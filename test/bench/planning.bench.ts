/**
 * Planning time on the offline providers: a 3-day one-city, a 7-day two-city and a 14-day
 * four-city trip, median and p95 of repeated runs (targets: < 300 ms, < 1 s, < 3 s on this machine).
 * Prints figures; asserts nothing.
 */
import { planTrip } from '../../agents/planning/coordinator.js';
import { TripRequest } from '../../agents/schemas/trip-request.js';
import { createOfflineProviders } from '../../knowledge/offline/providers.js';
import { percentile } from './stats.js';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 9);
const providers = createOfflineProviders();

const cases: { label: string; target: number; request: TripRequest }[] = [
  {
    label: '3-day, 1 city (Shanghai -> Beijing)',
    target: 300,
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
    target: 1000,
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
  {
    label: "14-day, 4 cities (Guangzhou -> Beijing, Xi'an, Chengdu, Shanghai)",
    target: 3000,
    request: TripRequest.parse({
      origin: { name: '广州' },
      destinations: [{ name: '北京' }, { name: '西安' }, { name: '成都' }, { name: '上海' }],
      startDate: '2027-09-01',
      days: 14,
      travelers: { adults: 4 },
      budget: { amount: 80000, currency: 'CNY' },
      pace: 'packed',
    }),
  },
];

// Warm-up: loads and indexes the bundled data once (reported separately).
const warmStart = performance.now();
await planTrip(cases[0]!.request, { providers });
console.log(
  `planning time on the offline providers (${RUNS} runs each; first-run data loading ${(performance.now() - warmStart).toFixed(0)} ms)`,
);
for (const c of cases) {
  const times: number[] = [];
  let last = null as Awaited<ReturnType<typeof planTrip>> | null;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    last = await planTrip(c.request, { providers });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = percentile(times, 50);
  const hard = last?.violations.filter((v) => v.severity === 'hard').length ?? -1;
  console.log(
    `  ${c.label.padEnd(62)} median ${median.toFixed(0).padStart(5)} ms, p95 ${percentile(times, 95).toFixed(0).padStart(5)} ms (target < ${c.target} ms: ${median < c.target ? 'met' : 'NOT met'}; ${last?.failure ? `failure ${last.failure.code}` : `hard violations ${hard}`})`,
  );
}
