import { describe, expect, it } from 'vitest';
import { themeOf } from '../../agents/planning/plan-text.js';

type Act = Parameters<typeof themeOf>[0]['activities'][number];
const act = (type: string, name: string, extra: Record<string, unknown> = {}): Act =>
  ({ type, name, ...extra }) as unknown as Act;

describe('day themes', () => {
  it('a day with only a landing and the ride to the hotel is an arrival, not free time', () => {
    const day = {
      activities: [
        act('transportation', 'Landing at the airport: immigration and baggage', { transfer: true }),
        act('transportation', 'From the airport: train to the hotel', { transfer: true }),
      ],
    };
    expect(themeOf(day, 'en')).toBe('Arrival and rest');
    expect(themeOf(day, 'zh')).toBe('抵达，休息');
  });
  it('a day with nothing planned is free time; a day with a flight is a travel day', () => {
    expect(themeOf({ activities: [] }, 'en')).toBe('Free time');
    expect(themeOf({ activities: [act('transportation', 'flight')] }, 'zh')).toBe('旅途日');
  });
});
