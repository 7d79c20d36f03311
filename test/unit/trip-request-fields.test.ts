import { describe, expect, it } from 'vitest';
import { TripRequest } from '../../agents/schemas/trip-request.js';

const base = { origin: { name: '成都' }, destinations: [{ name: '西安' }] };

describe('TripRequest fields of issue 15', () => {
  it('takes a start month, a budget range, a budget level and a hotel tier', () => {
    const r = TripRequest.parse({
      ...base,
      startMonth: '2027-04',
      budget: { amount: 8000, minAmount: 5000, perPerson: true },
      budgetLevel: 'budget',
      accommodation: { tier: 'luxury' },
    });
    expect(r.startMonth).toBe('2027-04');
    expect(r.budget).toMatchObject({ amount: 8000, minAmount: 5000, perPerson: true, currency: 'CNY' });
    expect(r.budgetLevel).toBe('budget');
    expect(r.accommodation.tier).toBe('luxury');
  });

  it('rejects a malformed month, an unknown tier and a range whose lower bound is above the amount', () => {
    expect(TripRequest.safeParse({ ...base, startMonth: '2027-13' }).success).toBe(false);
    expect(TripRequest.safeParse({ ...base, accommodation: { tier: 'posh' } }).success).toBe(false);
    const range = TripRequest.safeParse({ ...base, budget: { amount: 5000, minAmount: 8000 } });
    expect(range.success).toBe(false);
    expect(range.error?.issues[0]?.path).toEqual(['budget', 'minAmount']);
  });
});
