/**
 * `npm run cost [-- --runs N --stage dev|prod --gpu-tokens-per-second T --chat-output-tokens K]`
 *
 * Dollars per 1,000 planned trips and per 1,000 chat turns (docs/cost.md), from:
 * - MEASURED here: the PlanTrip task durations (the synthesized state machine run by the local
 *   runner with the real task handlers and offline providers, run state in memory), how many task
 *   invocations a trip makes, the run-state reads/writes and their sizes (DynamoDB units), and the
 *   in-process planner's duration (what the agents function spends in `npm start`'s mode);
 * - ESTIMATED (stated in the output): REST handler durations around the planner, the chat turn's
 *   Lambda time waiting for the model (TTFT + tokens / stream speed), WebSocket frames, GPU
 *   throughput (replace with `npm run bench:llm -- --base-url <vLLM>` figures);
 * - memory sizes from the stacks (infra/stacks/*.ts), list prices from infra/cost/cost-model.ts.
 */
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

import { planTrip } from '../../agents/planning/coordinator.js';
import { parseWire } from '../../agents/schemas/wire.js';
import { CreateSessionBody } from '../../functions/api/route-schemas.js';
import { tripRequestFrom } from '../../functions/api/services/planning-session.js';
import { MemoryRunStateStore } from '../../functions/orchestration/state-store.js';
import { createOfflineProviders } from '../../knowledge/offline/providers.js';
import { createLocalPlanTrip } from '../../local/stepfunctions/runner.js';
import { synthesizePlanTrip } from '../../local/stepfunctions/definition.js';
import { FUNCTION_PROFILES } from '../stacks/api-stack.js';
import { stageConfigFromContext, type Stage } from '../config/stage.js';
import { PRICES, gpuScenarios, serverlessCostPer1000, type LambdaUse, type UnitUsage } from './cost-model.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const RUNS = Math.max(1, Number(arg('runs') ?? 8));
const STAGE = (arg('stage') ?? 'prod') as Stage;
const GPU_TOKENS_PER_SECOND = Number(arg('gpu-tokens-per-second') ?? 430);
const STREAM_TOKENS_PER_SECOND = Number(arg('stream-tokens-per-second') ?? 40);
const CHAT_OUTPUT_TOKENS = Number(arg('chat-output-tokens') ?? 300);
const CHAT_TURNS_PER_TRIP = Number(arg('chat-turns-per-trip') ?? 3);
/** Memory of the PlanTrip task functions (infra/stacks/orchestration-stack.ts). */
const TASK_MEMORY_MB = 1024;
/** Memory of the WebSocket route functions (infra/constructs/websocket-service.ts). */
const WS_MEMORY_MB = 1024;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor((s.length - 1) / 2)]!;
};

const startDate = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
const request = tripRequestFrom(
  parseWire(CreateSessionBody, {
    conversation_id: 'conversation_cost',
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
  }),
  '上海',
  'zh',
);

// --- Measure: PlanTrip tasks on the local runner, run state counted ---------------------------
const providers = createOfflineProviders();
const storeOps = { reads: 0, readUnits: 0, writes: 0, writeUnits: 0 };
const memory = new MemoryRunStateStore();
const countingStore = new Proxy(memory, {
  get(target, prop, receiver) {
    const value = Reflect.get(target, prop, receiver) as unknown;
    if (typeof value !== 'function') return value;
    return async (...args: unknown[]) => {
      const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      const name = String(prop);
      if (/^(get|read|list)/i.test(name)) {
        storeOps.reads += 1;
        storeOps.readUnits += Math.max(1, Math.ceil(JSON.stringify(result ?? null).length / 4096)) / 2;
      } else {
        storeOps.writes += 1;
        storeOps.writeUnits += Math.max(1, Math.ceil(JSON.stringify(args).length / 1024));
      }
      return result;
    };
  },
});
const taskDurations = new Map<string, number[]>();
let invocations = 0;
const synthesized = synthesizePlanTrip();
const runner = createLocalPlanTrip({
  context: { store: countingStore, deps: { providers } },
  synthesized,
  decorate: (task, _state, fn) => async (input) => {
    const t0 = performance.now();
    try {
      return await fn(input);
    } finally {
      invocations += 1;
      const list = taskDurations.get(task) ?? [];
      list.push(performance.now() - t0);
      taskDurations.set(task, list);
    }
  },
});

// Warm-up (a Lambda container's first call pays module loading; later ones do not).
await runner.start({ request }).done;
await planTrip(request, { providers });
taskDurations.clear();
invocations = 0;
Object.assign(storeOps, { reads: 0, readUnits: 0, writes: 0, writeUnits: 0 });

const runMs: number[] = [];
const inProcessMs: number[] = [];
let completed = 0;
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  const out = await runner.start({ request }).done;
  runMs.push(performance.now() - t0);
  if (out?.result?.status === 'completed') completed += 1;
  const t1 = performance.now();
  await planTrip(request, { providers });
  inProcessMs.push(performance.now() - t1);
}
const perRun = (n: number) => n / RUNS;
const states = Object.keys(
  (synthesized.definition as unknown as { States: Record<string, unknown> }).States ?? {},
).length;

const taskLambdas: LambdaUse[] = [...taskDurations.entries()].map(([task, ms]) => ({
  name: `PlanTrip task ${task}`,
  invocations: ms.length / RUNS,
  durationMs: median(ms),
  memoryMb: TASK_MEMORY_MB,
  source: 'measured (local runner, warm)',
}));
const taskInvocations = perRun(invocations);

// --- Units ----------------------------------------------------------------------------------
const REST_HANDLER_MS = 40;
const trip: UnitUsage = {
  lambdas: [
    ...taskLambdas,
    {
      name: 'agents: POST /v1/agents/sessions (starts PlanTrip)',
      invocations: 1,
      durationMs: REST_HANDLER_MS,
      memoryMb: FUNCTION_PROFILES.agents.memorySize,
      source: 'estimate (validation, session write, StartExecution)',
    },
    {
      name: 'agents: GET status polls',
      invocations: 4,
      durationMs: 15,
      memoryMb: FUNCTION_PROFILES.agents.memorySize,
      source: 'estimate (one read each; the app also gets agent_status frames)',
    },
    {
      name: 'plans: GET /v1/travel-plans/{id}',
      invocations: 1,
      durationMs: 20,
      memoryMb: FUNCTION_PROFILES.plans.memorySize,
      source: 'estimate (one read)',
    },
    {
      name: 'PlanTrip executionEnded / EventBridge (failures only)',
      invocations: 0,
      durationMs: 0,
      memoryMb: 512,
      source: 'not on the happy path',
    },
  ],
  // Each task state plus the Parallel/Choice/Pass states around them (the definition's count is an
  // upper bound of those entered on the happy path).
  stepFunctionsTransitions: Math.round(taskInvocations + (states - synthesizedTaskStates())),
  dynamoWriteUnits:
    perRun(storeOps.writeUnits) + taskInvocations /* session progress */ + 4 /* session, plan, counters */,
  dynamoReadUnits: perRun(storeOps.readUnits) + 4 * 0.5 /* polls */ + 2,
  restRequests: 6,
  webSocketMessages: taskInvocations + 2,
  webSocketConnectionMinutes: 2,
  sqsRequests: 0,
  llmOutputTokens: 0,
};

function synthesizedTaskStates(): number {
  return Object.keys(synthesized.taskOfState).length;
}

const chatLambdaMs = 300 + (CHAT_OUTPUT_TOKENS / STREAM_TOKENS_PER_SECOND) * 1000;
const chatTurn: UnitUsage = {
  lambdas: [
    {
      name: 'ws $default: chat turn (waits for the model stream)',
      invocations: 1,
      durationMs: chatLambdaMs,
      memoryMb: WS_MEMORY_MB,
      source: `estimate: 300 ms + ${CHAT_OUTPUT_TOKENS} tokens at ${STREAM_TOKENS_PER_SECOND} tok/s per stream`,
    },
  ],
  stepFunctionsTransitions: 0,
  dynamoWriteUnits: 3, // user message, assistant message, rate-limit counter
  dynamoReadUnits: 3, // connection, context window query, model-service cache miss excluded
  restRequests: 0,
  webSocketMessages: 4, // the user's frame and ~3 frames back
  webSocketConnectionMinutes: 1,
  sqsRequests: 0,
  llmOutputTokens: CHAT_OUTPUT_TOKENS,
};

// --- Print ----------------------------------------------------------------------------------
const config = stageConfigFromContext({ stage: STAGE, ...(STAGE === 'prod' ? { region: 'us-east-1' } : {}) });
const usd = (v: number | null) => (v === null ? 'n/a' : `$${v < 1 ? v.toFixed(4) : v.toFixed(2)}`);

console.log(`# npm run cost — stage ${STAGE}, list prices ${PRICES.region} as of ${PRICES.asOf}`);
console.log(
  `# measured: ${RUNS} PlanTrip runs on the local runner (${completed}/${RUNS} completed), ` +
    `median run ${median(runMs).toFixed(1)} ms; in-process planner median ${median(inProcessMs).toFixed(1)} ms`,
);
console.log(`# task invocations per trip: ${taskInvocations}; state machine states: ${states}`);
console.log('');
console.log('Lambda per planned trip:');
for (const l of trip.lambdas.filter((x) => x.invocations > 0)) {
  console.log(
    `  ${l.name.padEnd(52)} ${String(l.invocations).padStart(4)} x ${l.durationMs.toFixed(1).padStart(7)} ms @ ${l.memoryMb} MB  (${l.source})`,
  );
}
console.log('');
const tripCost = serverlessCostPer1000(trip);
const turnCost = serverlessCostPer1000(chatTurn);
const line = (label: string, c: typeof tripCost) =>
  console.log(
    `${label.padEnd(28)} lambda ${usd(c.lambda)}  stepfunctions ${usd(c.stepFunctions)}  dynamodb ${usd(c.dynamoDb)}  ` +
      `api ${usd(c.apiGateway)}  websocket ${usd(c.webSocket)}  = ${usd(c.serverlessTotal)}`,
  );
line('serverless per 1,000 trips', tripCost);
line('serverless per 1,000 turns', turnCost);
console.log(
  `  trip units: ${trip.stepFunctionsTransitions} transitions, ${trip.dynamoWriteUnits.toFixed(1)} WRU, ` +
    `${trip.dynamoReadUnits.toFixed(1)} RRU, ${trip.restRequests} REST requests, ${trip.webSocketMessages} WebSocket messages`,
);
console.log('');

const inference = config.inference;
const scenarios = gpuScenarios({
  trip,
  chatTurn,
  fixed: {
    natGateways: inference.natGateways,
    loadBalancers: 1,
    kmsKeys: config.encryptLogs ? 10 : 1,
    dashboards: 1,
    alarms: 7 + 4,
    modelWeightsGb: 6,
  },
  idleTimeoutMinutes: inference.idleTimeoutMinutes,
  gpuTokensPerSecond: GPU_TOKENS_PER_SECOND,
  chatTurnsPerTrip: CHAT_TURNS_PER_TRIP,
});
console.log(
  `GPU scenarios (g5.xlarge $${PRICES.g5XlargePerHour}/h; ${GPU_TOKENS_PER_SECOND} output tok/s saturated is an ESTIMATE — ` +
    'measure with npm run bench:llm -- --base-url <vLLM>):',
);
console.log('scenario       | GPU h/h | $/hour  | $/month  | per 1,000 trips | per 1,000 chat turns');
console.log('-------------- | ------- | ------- | -------- | --------------- | --------------------');
for (const s of scenarios) {
  console.log(
    `${s.name.padEnd(14)} | ${s.gpuHoursPerHour.toFixed(2).padStart(7)} | ${usd(s.dollarsPerHour).padStart(7)} | ` +
      `${usd(s.dollarsPerHour * 730).padStart(8)} | ${usd(s.per1000Trips).padStart(15)} | ${usd(s.per1000ChatTurns).padStart(20)}`,
  );
}
for (const s of scenarios) console.log(`  ${s.name}: ${s.description}`);
console.log('');
console.log('Prices used:', JSON.stringify(PRICES));
console.log(
  JSON.stringify({
    cost: 'per1000',
    stage: STAGE,
    serverlessPer1000Trips: tripCost.serverlessTotal,
    serverlessPer1000ChatTurns: turnCost.serverlessTotal,
    scenarios: scenarios.map((s) => ({
      name: s.name,
      dollarsPerHour: s.dollarsPerHour,
      per1000Trips: s.per1000Trips,
      per1000ChatTurns: s.per1000ChatTurns,
    })),
  }),
);
