/**
 * `npx tsx test/bench/guards.bench.ts` (also part of `npm run bench`): how long the input guards
 * take, the figures the unit tests used to assert as wall-clock bounds (they keep the behaviour:
 * auth-passwords.test.ts that an implausible stored hash is refused, nlu-parser.test.ts that very
 * long text is capped and still read). Printed, never asserted.
 *
 * - password verify: a real scrypt verification (the service's cost, 2^15) next to the refusal of a
 *   stored hash with implausible parameters (N = 2^30), which must cost no scrypt work at all;
 * - parser: a request of more than 10,000 characters (capped at 2,000) next to a short one.
 */
import { availableParallelism, loadavg } from 'node:os';
import { parseTripText } from '../../agents/nlu/parser.js';
import { createJiebaSegmenter } from '../../agents/nlu/segmenter.js';
import { hashPassword, scryptParams, verifyPassword } from '../../functions/api/auth/passwords.js';
import { chinesePlaceNames, loadGazetteer } from '../../knowledge/gazetteer/load.js';
import { percentile } from './stats.js';

async function time(runs: number, task: () => unknown): Promise<{ p50: number; p99: number }> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await task();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

const fmt = (s: { p50: number; p99: number }) => `p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms`;

console.log(`machine: ${availableParallelism()} cores, load ${loadavg()[0]!.toFixed(2)}`);

const service = await hashPassword('Tr4vel-Plans', scryptParams(15));
const implausible = { ...service, params: { ...service.params, N: 2 ** 30 } };
const real = await time(10, () => verifyPassword('Tr4vel-Plans', service));
const refused = await time(200, () => verifyPassword('Tr4vel-Plans', implausible));
const row = (label: string, value: string) => console.log(`${label.padEnd(42)} ${value}`);
row('password verify, cost 2^15', fmt(real));
row('password verify, implausible N=2^30', fmt(refused));
row('implausible refusal / real verify (p50)', (refused.p50 / real.p50).toFixed(4));

const gazetteer = loadGazetteer();
const segmenter = createJiebaSegmenter(chinesePlaceNames());
const parse = (text: string) => parseTripText(text, { gazetteer, segmenter, today: '2026-12-02' });
const short = '从杭州出发去黄山玩3天，预算5000元';
const long = `从杭州出发去黄山玩3天，${'很好'.repeat(5000)}预算99999元`;
parse(short);
const shortStats = await time(50, () => parse(short));
const longStats = await time(20, () => parse(long));
row(`parse, ${short.length} characters`, fmt(shortStats));
row(`parse, ${long.length} characters (capped at 2,000)`, fmt(longStats));
