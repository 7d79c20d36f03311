/**
 * TravelPlanner (Xie et al., ICML 2024; data CC-BY-4.0) on its 45 training queries, sole-planning
 * setting: each query's text goes through our rule-based parser (travelplanner/query.ts) into a
 * TripRequest, the planner (`planTrip`) runs over providers built from that query's reference
 * information only (travelplanner/ref-providers.ts), the plan is converted to the benchmark's
 * format (travelplanner/convert.ts) and checked by our own checker (travelplanner/checker.ts)
 * against the hand-checked query fields (test/fixtures/travelplanner/gold-fields.json).
 *
 * Run: `npx tsx test/bench/travelplanner.bench.ts` (or `npm run bench travelplanner`).
 *   --gold       check the benchmark's 45 gold plans instead of planning (validates the checker)
 *   --only 3,17  only these query indexes (0-based)
 *   --dump       print the converted plan of every failing query
 * Data folder: $TRAVELPLANNER_DIR (default ../shared/benchmarks/travelplanner). Prints figures; asserts nothing.
 */
import { planTrip } from '../../agents/planning/coordinator.js';
import {
  COMMONSENSE_CONSTRAINTS,
  HARD_CONSTRAINTS,
  aggregate,
  checkPlan,
  passesAll,
  type CheckResult,
} from './travelplanner/checker.js';
import { toBenchPlan } from './travelplanner/convert.js';
import {
  ATTRIBUTION,
  TRAVELPLANNER_DIR,
  loadCityStates,
  loadTrainQueries,
  travelPlannerDataAvailable,
} from './travelplanner/data.js';
import type { BenchPlanDay } from './travelplanner/format.js';
import { loadGoldFields, parseTravelQuery, requestFields, type QueryFields } from './travelplanner/query.js';
import { ReferenceIndex } from './travelplanner/reference.js';
import { createRefProviders } from './travelplanner/ref-providers.js';

const args = process.argv.slice(2);
const goldMode = args.includes('--gold');
const dump = args.includes('--dump');
const onlyArg = args[args.indexOf('--only') + 1];
const only = args.includes('--only') && onlyArg ? new Set(onlyArg.split(',').map(Number)) : null;

if (!travelPlannerDataAvailable()) {
  console.log(`travelplanner: data not found in ${TRAVELPLANNER_DIR} (set TRAVELPLANNER_DIR); skipped`);
  process.exit(0);
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const sameFields = (a: QueryFields, b: QueryFields) =>
  (Object.keys(a) as (keyof QueryFields)[])
    .filter((k) => k !== 'index')
    .filter((k) => {
      const norm = (v: unknown) => JSON.stringify(Array.isArray(v) ? [...v].sort() : v);
      return norm(a[k]) !== norm(b[k]);
    });

const queries = loadTrainQueries().filter((q) => !only || only.has(q.index));
const gold = loadGoldFields();
const cityStates = loadCityStates();
const FIXED_NOW = new Date('2022-02-01T00:00:00Z');

console.log(
  `TravelPlanner train set: ${queries.length} queries, mode ${goldMode ? 'gold plans (checker validation)' : 'planner (sole-planning, reference information as providers)'}`,
);

interface Row {
  index: number;
  result: CheckResult;
  plan: BenchPlanDay[] | null;
  note?: string;
  ms?: number;
}
const rows: Row[] = [];
let parserMatches = 0;
const started = performance.now();
for (const q of queries) {
  const fields = gold[q.index]!;
  const ref = new ReferenceIndex(q.refInfo);
  const ctx = { fields, ref, cityStates };
  if (goldMode) {
    rows.push({ index: q.index, result: checkPlan(q.goldPlan, ctx), plan: q.goldPlan });
    continue;
  }
  const t0 = performance.now();
  let plan: BenchPlanDay[] | null = null;
  let note: string | undefined;
  try {
    const request = parseTravelQuery(q.query);
    const diff = sameFields(requestFields(request), fields);
    if (diff.length === 0) parserMatches++;
    else note = `parser differs on ${diff.join(', ')}`;
    const outcome = await planTrip(request, {
      providers: createRefProviders(ref, { cityStates }),
      now: () => FIXED_NOW,
    });
    if (outcome.plan) plan = toBenchPlan(outcome.plan);
    else
      note =
        `${note ? `${note}; ` : ''}no plan: ${outcome.failure?.code ?? '?'} ${outcome.failure?.message ?? ''}`.trim();
  } catch (err) {
    note = `${note ? `${note}; ` : ''}error: ${err instanceof Error ? err.message : String(err)}`;
  }
  rows.push({
    index: q.index,
    result: checkPlan(plan, ctx),
    plan,
    ...(note ? { note } : {}),
    ms: performance.now() - t0,
  });
}
const elapsed = (performance.now() - started) / 1000;

const metrics = aggregate(rows.map((r) => r.result));
console.log('\nconstraint                   kind         pass / total   rate');
for (const c of [...COMMONSENSE_CONSTRAINTS, ...HARD_CONSTRAINTS]) {
  const { pass, total } = metrics.perConstraint[c];
  const kind = (COMMONSENSE_CONSTRAINTS as readonly string[]).includes(c) ? 'commonsense' : 'hard';
  console.log(
    `${c.padEnd(28)} ${kind.padEnd(12)} ${String(pass).padStart(4)} / ${String(total).padEnd(5)}  ${total ? pct(pass / total).padStart(6) : '     -'}`,
  );
}
console.log(
  `\ncommonsense micro ${pct(metrics.commonsenseMicro)}, macro ${pct(metrics.commonsenseMacro)}; hard micro ${pct(metrics.hardMicro)}, macro ${pct(metrics.hardMacro)}`,
);
if (!goldMode) {
  const times = rows.map((r) => r.ms ?? 0).sort((a, b) => a - b);
  console.log(
    `query parser: ${parserMatches}/${queries.length} queries match the hand-checked fields; planning ${elapsed.toFixed(1)} s in all, median ${(times[Math.floor(times.length / 2)] ?? 0).toFixed(0)} ms per query`,
  );
}

const failing = rows.filter((r) => !passesAll(r.result) || r.note);
console.log(
  failing.length ? `\nper-query failures (first reason of each failed constraint):` : '\nno query fails',
);
for (const r of failing) {
  const failed = [...Object.entries(r.result.commonsense), ...Object.entries(r.result.hard)].filter(
    ([, v]) => v && !v.pass,
  );
  const cost = Number.isFinite(r.result.cost)
    ? ` cost $${r.result.cost}/${gold[r.index]!.budget ?? '-'}`
    : '';
  console.log(`  #${String(r.index).padStart(2, '0')}${cost}${r.note ? ` [${r.note}]` : ''}`);
  for (const [name, v] of failed) console.log(`      ${name}: ${v!.reason ?? ''}`);
  if (dump && r.plan) console.log(JSON.stringify(r.plan, null, 1));
}

console.log(`\n${ATTRIBUTION}`);
console.log(
  "Checker: our own implementation of the paper's constraint definitions (see test/bench/travelplanner/checker.ts).",
);
console.log(
  `travelplanner final pass rate: ${pct(metrics.finalPassRate)} (delivery ${pct(metrics.deliveryRate)}, commonsense macro ${pct(metrics.commonsenseMacro)}, hard macro ${pct(metrics.hardMacro)})`,
);
