/**
 * The synthesized PlanTrip ASL (never a hand copy) run by aws-local-stepfunctions with the local
 * task handlers: happy path, a transient failure retried, permanent failures caught into a
 * partial plan, the bounded budget loop, and cancellation.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BUDGET_LEVELS } from '../../agents/planning/budget-agent.js';
import { createOfflineProviders } from '../../knowledge/offline/providers.js';
import { MemoryRunStateStore } from '../../functions/orchestration/state-store.js';
import { TransientProviderError } from '../../agents/provider-errors.js';
import type { TaskContext } from '../../functions/orchestration/run-state.js';
import { synthesizePlanTrip, type SynthesizedPlanTrip } from '../../local/stepfunctions/definition.js';
import { createLocalPlanTrip, type LocalPlanTripOptions } from '../../local/stepfunctions/runner.js';
import { STATE } from '../../statemachines/plan-trip.js';
import { settle, waitFor } from '../support/wait.js';

const providers = createOfflineProviders();
const request = (over: Record<string, unknown> = {}) => ({
  origin: { name: '上海' },
  destinations: [{ name: '北京' }],
  startDate: '2027-05-10',
  days: 3,
  travelers: { adults: 2 },
  budget: { amount: 15000, currency: 'CNY' },
  ...over,
});

let synthesized: SynthesizedPlanTrip;
beforeAll(() => {
  synthesized = synthesizePlanTrip();
}, 60_000);

function planner(extra: Partial<LocalPlanTripOptions> = {}) {
  const context: TaskContext = {
    store: new MemoryRunStateStore(),
    deps: { providers, now: () => new Date('2027-04-01T00:00:00Z') },
  };
  return createLocalPlanTrip({ context, synthesized, retryIntervalMs: 1, ...extra });
}

describe('PlanTrip state machine (synthesized ASL, local handlers)', () => {
  it('maps every task state of the synthesized definition to a local task', () => {
    expect(Object.keys(synthesized.taskOfState)).toEqual(
      expect.arrayContaining([
        STATE.parse,
        STATE.flights,
        STATE.hotels,
        STATE.weather,
        STATE.tips,
        STATE.cityPlaces,
        STATE.build,
        STATE.verify,
        STATE.compose,
        STATE.notify,
        STATE.partial,
      ]),
    );
  });

  it('happy path: produces a verified plan', async () => {
    const out = await planner().start({ request: request() }).done;
    expect(out?.result?.status).toBe('completed');
    expect(out?.plan?.itinerary).toHaveLength(3);
    // There and back by the way the planner chose (high-speed rail wins Shanghai-Beijing door to door).
    const journeys = out!.plan!.itinerary.flatMap((d) =>
      d.activities.filter((a) => a.type === 'transportation' && !a.transfer),
    );
    expect(journeys.length).toBe(2);
    expect(out?.plan?.warnings.map((w) => w.code)).not.toContain('PLANNING_INCOMPLETE');
  });

  it('an impossible request ends as a failure, not an error', async () => {
    const out = await planner().start({ request: request({ destinations: [{ name: 'Nowhereville-xyz' }] }) })
      .done;
    expect(out?.result).toMatchObject({ status: 'failed', failure: { code: 'UNKNOWN_CITY' } });
  });

  it('retries a provider failing transiently, then succeeds', async () => {
    let calls = 0;
    const out = await planner({
      decorate: (task, _s, fn) => async (input) => {
        if (task === 'searchFlights' && ++calls <= 2)
          throw new TransientProviderError('flight API timed out');
        return fn(input);
      },
    }).start({ request: request() }).done;
    expect(calls).toBe(3);
    expect(out?.result?.status).toBe('completed');
  });

  it('a permanent weather failure leaves a plan with a warning', async () => {
    const out = await planner({
      decorate: (task, _s, fn) => async (input) => {
        if (task === 'fetchWeather') throw new Error('weather service gone');
        return fn(input);
      },
    }).start({ request: request() }).done;
    expect(out?.result?.status).toBe('completed');
    expect(out?.plan?.warnings.map((w) => w.code)).toContain('WEATHER_UNAVAILABLE');
    expect(out?.plan?.itinerary.every((d) => d.weatherForecast === null)).toBe(true);
  });

  it('a permanent failure late in the run is caught into a partial plan', async () => {
    let verifyCalls = 0;
    const out = await planner({
      decorate: (task, _s, fn) => async (input) => {
        if (task === 'verifyPlan') {
          verifyCalls++;
          throw new Error('verifier crashed');
        }
        return fn(input);
      },
    }).start({ request: request() }).done;
    expect(verifyCalls).toBe(1); // not a retryable error
    expect(out?.result?.status).toBe('partial');
    expect(out?.plan?.warnings.map((w) => w.code)).toContain('PLANNING_INCOMPLETE');
  });

  it('the budget loop tries each level at most once and ends with the cheapest plan', async () => {
    const levels: number[] = [];
    const out = await planner({
      decorate: (task, _s, fn) => async (input) => {
        if (task === 'buildPlan') levels.push((input as { level: number }).level);
        return fn(input);
      },
    }).start({ request: request({ budget: { amount: 10, currency: 'CNY' } }) }).done;
    expect(levels).toEqual(BUDGET_LEVELS.map((_, i) => i));
    expect(out?.result?.status).toBe('completed');
    expect(out?.plan?.warnings.map((w) => w.code)).toContain('BUDGET');
  });

  it('cancellation stops the execution', async () => {
    const ran: string[] = [];
    const finished: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const execution = planner({
      decorate: (task, _s, fn) => async (input) => {
        ran.push(task);
        if (task === 'resolveRequest') await gate;
        try {
          return await fn(input);
        } finally {
          finished.push(task);
        }
      },
    }).start({ request: request() });
    execution.abort();
    release();
    expect(await execution.done).toBeNull();
    // The task in flight at the abort runs to its end; then the machine has had its chance to go on.
    await waitFor(() => finished.includes('resolveRequest'), { what: 'the task in flight to end' });
    await settle();
    expect(ran).not.toContain('searchFlights');
    expect(ran).not.toContain('composePlan');
  });
});
