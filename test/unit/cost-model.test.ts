/**
 * The cost model of `npm run cost`: Lambda billing per GB-second on arm64 plus requests, the other
 * per-unit lines, the fixed idle floor, GPU hours under the idle timeout, and the three scenarios.
 */
import { describe, expect, it } from 'vitest';
import {
  PRICES,
  fixedCostPerHour,
  gpuHoursPerHour,
  gpuScenarios,
  serverlessCostPer1000,
  type UnitUsage,
} from '../../infra/cost/cost-model.js';

const empty: UnitUsage = {
  lambdas: [],
  stepFunctionsTransitions: 0,
  dynamoWriteUnits: 0,
  dynamoReadUnits: 0,
  restRequests: 0,
  webSocketMessages: 0,
  webSocketConnectionMinutes: 0,
  sqsRequests: 0,
  llmOutputTokens: 0,
};

describe('serverlessCostPer1000', () => {
  it('bills Lambda by rounded-up ms x GB at the arm64 price, plus requests', () => {
    const c = serverlessCostPer1000({
      ...empty,
      lambdas: [{ name: 'x', invocations: 2, durationMs: 99.2, memoryMb: 2048, source: 'test' }],
    });
    const perUnit = 2 * (0.2 / 1e6 + 0.1 * 2 * PRICES.lambdaPerGbSecondArm);
    expect(c.lambda).toBeCloseTo(perUnit * 1000, 12);
    expect(c.serverlessTotal).toBeCloseTo(c.lambda, 12);
  });

  it('prices transitions, request units, REST and WebSocket traffic per million', () => {
    const c = serverlessCostPer1000({
      ...empty,
      stepFunctionsTransitions: 20,
      dynamoWriteUnits: 10,
      dynamoReadUnits: 8,
      restRequests: 5,
      webSocketMessages: 12,
      webSocketConnectionMinutes: 4,
    });
    expect(c.stepFunctions).toBeCloseTo(0.5, 10);
    expect(c.dynamoDb).toBeCloseTo((10 * 0.625 + 8 * 0.125) / 1000, 10);
    expect(c.apiGateway).toBeCloseTo((5 * 3.5) / 1000, 10);
    expect(c.webSocket).toBeCloseTo((12 * 1 + 4 * 0.25) / 1000, 10);
  });
});

describe('GPU hours and scenarios', () => {
  it('keeps the service up when arrivals come within the idle timeout, else pays timeout + cold start each', () => {
    expect(gpuHoursPerHour(0, 15)).toBe(0);
    expect(gpuHoursPerHour(30, 15)).toBe(1); // every 2 min
    expect(gpuHoursPerHour(4, 15)).toBe(1); // every 15 min
    expect(gpuHoursPerHour(1, 15)).toBeCloseTo(20 / 60, 10);
  });

  it('idle costs only the fixed floor; saturated spreads one GPU hour over the turns it serves', () => {
    const fixed = {
      natGateways: 1,
      loadBalancers: 1,
      kmsKeys: 0,
      dashboards: 0,
      alarms: 0,
      modelWeightsGb: 0,
    };
    expect(fixedCostPerHour(fixed)).toBeCloseTo(
      PRICES.natGatewayPerHour + PRICES.albPerHour + PRICES.albPerLcuHour,
      10,
    );
    const [idle, ten, saturated] = gpuScenarios({
      trip: empty,
      chatTurn: { ...empty, llmOutputTokens: 360 },
      fixed,
      idleTimeoutMinutes: 15,
      gpuTokensPerSecond: 100,
      chatTurnsPerTrip: 3,
    });
    expect(idle!.dollarsPerHour).toBeCloseTo(fixedCostPerHour(fixed), 10);
    expect(ten!.gpuHoursPerHour).toBe(1);
    expect(ten!.per1000Trips).toBeCloseTo(
      ((PRICES.g5XlargePerHour + fixedCostPerHour(fixed)) / 10) * 1000,
      8,
    );
    // 100 tok/s x 3600 s / 360 tokens = 1000 turns per GPU hour.
    expect(saturated!.per1000ChatTurns).toBeCloseTo(PRICES.g5XlargePerHour, 8);
  });
});
