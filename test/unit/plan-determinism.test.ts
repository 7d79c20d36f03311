/**
 * A plan depends only on its request, its data and the injected clock: planning other trips in
 * between on the same provider bundle (shared caches, sets of used places), or a fresh bundle,
 * gives the same plan, whatever the machine's load or date.
 */
import { describe, expect, it } from 'vitest';
import { planTrip } from '../../agents/planning/coordinator.js';
import { renderPlanText } from '../../agents/planning/plan-text.js';
import { TripRequest } from '../../agents/schemas/trip-request.js';
import { createOfflineProviders } from '../../knowledge/offline/providers.js';

const fixedNow = () => new Date('2027-03-01T08:00:00Z');

/** The plan as a reader sees it (text in both languages), ids aside. */
async function planOf(input: Record<string, unknown>, providers = createOfflineProviders({ now: fixedNow })) {
  const request = TripRequest.parse(input);
  const out = await planTrip(request, { providers, now: fixedNow, sessionId: 'session_test' });
  expect(out.plan, out.failure?.message).toBeTruthy();
  return `${renderPlanText(out.plan!, 'en')}\n${renderPlanText(out.plan!, 'zh')}`;
}

const tripA = {
  origin: { name: '杭州' },
  destinations: [{ name: '北京' }],
  startDate: '2027-04-12',
  days: 4,
  travelers: { adults: 2, children: 1 },
  constraints: { mustVisit: ['故宫'] },
};
const tripB = {
  origin: { name: 'Shanghai' },
  destinations: [{ name: 'Beijing' }, { name: "Xi'an" }],
  startDate: '2027-04-14',
  days: 6,
  travelers: { adults: 1 },
  language: 'en',
};

describe('plans do not depend on what was planned before', () => {
  it('plans A, then B, then A again on one bundle: both A plans are the same, and as on a fresh bundle', async () => {
    const shared = createOfflineProviders({ now: fixedNow });
    const first = await planOf(tripA, shared);
    const other = await planOf(tripB, shared);
    const again = await planOf(tripA, shared);
    const fresh = await planOf(tripA);
    expect(other).not.toBe(first);
    expect(again).toBe(first);
    expect(fresh).toBe(first);
  }, 60_000);
});
