/**
 * The cost model behind `npm run cost` (docs/cost.md): dollars per 1,000 planned trips and per
 * 1,000 chat turns from per-unit usage (Lambda GB-seconds and requests, Step Functions transitions,
 * DynamoDB request units, API Gateway requests, WebSocket messages and connection minutes, GPU
 * hours) and the list prices in {@link PRICES}. Pure: the CLI (infra/cost/cli.ts) measures the
 * usage and prints the result.
 */

/** us-east-1 on-demand list prices used (USD). */
export const PRICES = {
  /** As of: the dates of the public price pages these were read from (project notes). */
  asOf: '2026-12-01',
  region: 'us-east-1',
  lambdaPerMillionRequests: 0.2,
  /** arm64 (Graviton) price; x86 is $0.0000166667. The functions run on arm64. */
  lambdaPerGbSecondArm: 0.0000133334,
  stepFunctionsStandardPerMillionTransitions: 25,
  dynamoDbPerMillionWriteUnits: 0.625,
  dynamoDbPerMillionReadUnits: 0.125,
  apiGatewayRestPerMillion: 3.5,
  webSocketPerMillionMessages: 1,
  webSocketPerMillionConnectionMinutes: 0.25,
  sqsPerMillion: 0.4,
  g5XlargePerHour: 1.006,
  natGatewayPerHour: 0.045,
  albPerHour: 0.0225,
  /** One load balancer capacity unit-hour (a quiet internal ALB uses well under one). */
  albPerLcuHour: 0.008,
  kmsKeyPerMonth: 1,
  cloudWatchDashboardPerMonth: 3,
  cloudWatchAlarmPerMonth: 0.1,
  s3PerGbMonth: 0.023,
} as const;

/** Hours per month used for monthly figures. */
export const HOURS_PER_MONTH = 730;

/** One Lambda invocation profile: how often per unit, how long and how big. */
export interface LambdaUse {
  readonly name: string;
  readonly invocations: number;
  /** Billed duration per invocation (ms, rounded up to 1 ms as Lambda bills). */
  readonly durationMs: number;
  readonly memoryMb: number;
  /** Where the duration comes from (measured here, or an estimate and why). */
  readonly source: string;
}

/** Serverless usage of one unit (a planned trip or a chat turn). */
export interface UnitUsage {
  readonly lambdas: readonly LambdaUse[];
  readonly stepFunctionsTransitions: number;
  readonly dynamoWriteUnits: number;
  readonly dynamoReadUnits: number;
  readonly restRequests: number;
  readonly webSocketMessages: number;
  readonly webSocketConnectionMinutes: number;
  readonly sqsRequests: number;
  /** LLM output tokens of the unit (GPU time under the saturated scenario). */
  readonly llmOutputTokens: number;
}

/** Dollar amounts per 1,000 units, by line. */
export interface CostLines {
  readonly lambda: number;
  readonly stepFunctions: number;
  readonly dynamoDb: number;
  readonly apiGateway: number;
  readonly webSocket: number;
  readonly sqs: number;
  readonly serverlessTotal: number;
}

/** Serverless dollars per 1,000 units. */
export function serverlessCostPer1000(usage: UnitUsage): CostLines {
  const perUnit = {
    lambda: usage.lambdas.reduce(
      (sum, l) =>
        sum +
        l.invocations *
          (PRICES.lambdaPerMillionRequests / 1e6 +
            (Math.ceil(l.durationMs) / 1000) * (l.memoryMb / 1024) * PRICES.lambdaPerGbSecondArm),
      0,
    ),
    stepFunctions: (usage.stepFunctionsTransitions * PRICES.stepFunctionsStandardPerMillionTransitions) / 1e6,
    dynamoDb:
      (usage.dynamoWriteUnits * PRICES.dynamoDbPerMillionWriteUnits +
        usage.dynamoReadUnits * PRICES.dynamoDbPerMillionReadUnits) /
      1e6,
    apiGateway: (usage.restRequests * PRICES.apiGatewayRestPerMillion) / 1e6,
    webSocket:
      (usage.webSocketMessages * PRICES.webSocketPerMillionMessages +
        usage.webSocketConnectionMinutes * PRICES.webSocketPerMillionConnectionMinutes) /
      1e6,
    sqs: (usage.sqsRequests * PRICES.sqsPerMillion) / 1e6,
  };
  const k = (v: number) => v * 1000;
  const lines = {
    lambda: k(perUnit.lambda),
    stepFunctions: k(perUnit.stepFunctions),
    dynamoDb: k(perUnit.dynamoDb),
    apiGateway: k(perUnit.apiGateway),
    webSocket: k(perUnit.webSocket),
    sqs: k(perUnit.sqs),
  };
  return { ...lines, serverlessTotal: Object.values(lines).reduce((a, b) => a + b, 0) };
}

/** The always-on infrastructure of a stage (what an idle deployment costs per hour). */
export interface FixedInfra {
  readonly natGateways: number;
  readonly loadBalancers: number;
  /** Customer-managed KMS keys (log keys per stack, table key, alarm topic key). */
  readonly kmsKeys: number;
  readonly dashboards: number;
  readonly alarms: number;
  readonly modelWeightsGb: number;
}

/** Dollars per hour of the fixed infrastructure (GPU at zero tasks). */
export function fixedCostPerHour(infra: FixedInfra): number {
  return (
    infra.natGateways * PRICES.natGatewayPerHour +
    infra.loadBalancers * (PRICES.albPerHour + PRICES.albPerLcuHour) +
    (infra.kmsKeys * PRICES.kmsKeyPerMonth +
      infra.dashboards * PRICES.cloudWatchDashboardPerMonth +
      infra.alarms * PRICES.cloudWatchAlarmPerMonth +
      infra.modelWeightsGb * PRICES.s3PerGbMonth) /
      HOURS_PER_MONTH
  );
}

/**
 * GPU hours the service is up for a steady arrival rate: with requests at least every
 * `idleTimeoutMinutes`, it never scales to zero (1 hour per hour); sparser, each arrival keeps it
 * up for its own work plus the idle timeout (+ the cold start, billed while loading).
 */
export function gpuHoursPerHour(
  arrivalsPerHour: number,
  idleTimeoutMinutes: number,
  coldStartMinutes = 5,
): number {
  if (arrivalsPerHour <= 0) return 0;
  const gapMinutes = 60 / arrivalsPerHour;
  if (gapMinutes <= idleTimeoutMinutes) return 1;
  return Math.min(1, (arrivalsPerHour * (idleTimeoutMinutes + coldStartMinutes)) / 60);
}

/** A GPU utilisation scenario's result. */
export interface GpuScenario {
  readonly name: string;
  readonly description: string;
  /** GPU instance-hours per wall-clock hour. */
  readonly gpuHoursPerHour: number;
  /** Total dollars per hour (GPU + fixed + serverless for the traffic). */
  readonly dollarsPerHour: number;
  /** Dollars per 1,000 planned trips (GPU share included); null when there are none. */
  readonly per1000Trips: number | null;
  /** Dollars per 1,000 chat turns (GPU share included); null when there are none. */
  readonly per1000ChatTurns: number | null;
}

/** Inputs of {@link gpuScenarios}. */
export interface ScenarioInputs {
  readonly trip: UnitUsage;
  readonly chatTurn: UnitUsage;
  readonly fixed: FixedInfra;
  readonly idleTimeoutMinutes: number;
  /** Output tokens/s one GPU sustains under full concurrency (bench:llm, or the estimate). */
  readonly gpuTokensPerSecond: number;
  /** Chat turns per planned trip in the "10 trips/hour" scenario. */
  readonly chatTurnsPerTrip: number;
}

/** The three scenarios of docs/cost.md: idle, 10 trips per hour, saturated. */
export function gpuScenarios(inputs: ScenarioInputs): GpuScenario[] {
  const fixed = fixedCostPerHour(inputs.fixed);
  const trip = serverlessCostPer1000(inputs.trip).serverlessTotal / 1000;
  const turn = serverlessCostPer1000(inputs.chatTurn).serverlessTotal / 1000;

  const tripsPerHour = 10;
  const turnsPerHour = tripsPerHour * inputs.chatTurnsPerTrip;
  const gpu10 = gpuHoursPerHour(turnsPerHour, inputs.idleTimeoutMinutes);
  const hour10 = gpu10 * PRICES.g5XlargePerHour + fixed + tripsPerHour * trip + turnsPerHour * turn;
  // Split the hour's cost between trips and their chat turns by their serverless + token share:
  // every trip carries its chat turns, so per 1,000 trips is the whole hour over 10 trips.
  const per1000Trips10 = (hour10 / tripsPerHour) * 1000;
  const per1000Turns10 = (hour10 / turnsPerHour) * 1000;

  // Saturated: the GPU is busy all the time; cost per turn is its share of GPU time.
  const turnsPerGpuHour = (inputs.gpuTokensPerSecond * 3600) / Math.max(1, inputs.chatTurn.llmOutputTokens);
  const gpuPerTurn = PRICES.g5XlargePerHour / turnsPerGpuHour;
  const saturatedHour = PRICES.g5XlargePerHour + fixed + turnsPerGpuHour * turn;
  return [
    {
      name: 'idle',
      description:
        'no traffic: 0 GPU tasks (scaled to zero); NAT, ALB, keys, dashboard, alarms, weights in S3',
      gpuHoursPerHour: 0,
      dollarsPerHour: fixed,
      per1000Trips: null,
      per1000ChatTurns: null,
    },
    {
      name: '10 trips/hour',
      description: `10 planned trips and ${turnsPerHour} LLM chat turns per hour, evenly spread; idle timeout ${inputs.idleTimeoutMinutes} min`,
      gpuHoursPerHour: gpu10,
      dollarsPerHour: hour10,
      per1000Trips: per1000Trips10,
      per1000ChatTurns: per1000Turns10,
    },
    {
      name: 'saturated',
      description: `one g5.xlarge busy all hour at ${inputs.gpuTokensPerSecond} output tokens/s (${Math.round(turnsPerGpuHour)} turns/h)`,
      gpuHoursPerHour: 1,
      dollarsPerHour: saturatedHour,
      per1000Trips: trip * 1000,
      per1000ChatTurns: (gpuPerTurn + turn) * 1000,
    },
  ];
}
