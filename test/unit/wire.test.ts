/** The schema-directed snake_case <-> camelCase codec itself. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '../../agents/errors.js';
import {
  camelToSnake,
  fromWire,
  issuesToDetails,
  parseWire,
  snakeToCamel,
  toWire,
  wirePath,
} from '../../agents/schemas/wire.js';
import { TravelPlan } from '../../agents/schemas/travel-plan.js';
import { AgentSession } from '../../agents/schemas/agent.js';
import { User, UserPreferences } from '../../agents/schemas/user.js';

describe('camelToSnake / snakeToCamel', () => {
  it.each([
    ['totalBudget', 'total_budget'],
    ['travelerCount', 'traveler_count'],
    ['uvIndex', 'uv_index'],
    ['avatarUrl', 'avatar_url'],
    ['whatToBring', 'what_to_bring'],
    ['checkInDate', 'check_in_date'],
    ['id', 'id'],
    ['date', 'date'],
  ])('%s <-> %s', (camel, snake) => {
    expect(camelToSnake(camel)).toBe(snake);
    expect(snakeToCamel(snake)).toBe(camel);
  });

  it('leaves keys without separators alone', () => {
    expect(snakeToCamel('overall')).toBe('overall');
    expect(camelToSnake('overall')).toBe('overall');
  });
});

describe('wirePath', () => {
  it('maps object keys and keeps array indices', () => {
    expect(wirePath(TravelPlan, ['destinations', 0, 'departureDate'])).toBe('destinations.0.departure_date');
    expect(wirePath(TravelPlan, ['itinerary', 2, 'activities', 1, 'endTime'])).toBe(
      'itinerary.2.activities.1.end_time',
    );
    expect(wirePath(TravelPlan, ['budgetBreakdown', 'totalBudget'])).toBe('budget_breakdown.total_budget');
  });

  it('goes through nullable/default wrappers', () => {
    expect(wirePath(TravelPlan, ['itinerary', 0, 'weatherForecast', 'uvIndex'])).toBe(
      'itinerary.0.weather_forecast.uv_index',
    );
  });

  it('keeps record keys verbatim, even camelCase ones, and continues below them', () => {
    expect(wirePath(AgentSession, ['taskProgress', 'flight_search'])).toBe('task_progress.flight_search');
    expect(wirePath(AgentSession, ['taskProgress', 'flightSearch'])).toBe('task_progress.flightSearch');
    expect(wirePath(User, ['preferences', 'amenitiesImportance', 'freeParking'])).toBe(
      'preferences.amenities_importance.freeParking',
    );
    const nested = z.object({ byCity: z.record(z.string(), z.object({ hotelCount: z.number() })) });
    expect(wirePath(nested, ['byCity', 'newYork', 'hotelCount'])).toBe('by_city.newYork.hotel_count');
  });

  it('indexes tuples', () => {
    expect(wirePath(UserPreferences, ['budgetRange', 1])).toBe('budget_range.1');
  });

  it('maps the empty path to "" and issuesToDetails names it (body)', () => {
    expect(wirePath(TravelPlan, [])).toBe('');
    const result = z.object({ a: z.number() }).safeParse('nope');
    expect(result.success).toBe(false);
    expect(issuesToDetails(z.object({ a: z.number() }), result.error!.issues)).toEqual([
      { field: '(body)', message: expect.any(String) },
    ]);
  });

  it('does not resolve Object.prototype members as declared keys', () => {
    expect(wirePath(TravelPlan, ['constructor'])).toBe('constructor');
  });
});

describe('toWire / fromWire', () => {
  const Schema = z.object({
    totalBudget: z.number(),
    items: z.array(z.object({ unitPrice: z.number() })),
    pair: z.tuple([z.object({ firstName: z.string() }), z.number()]),
    meta: z.record(z.string(), z.unknown()),
    maybe: z.object({ innerKey: z.string() }).nullish(),
    either: z.union([z.object({ leftKey: z.string() }), z.array(z.object({ rightKey: z.string() }))]),
  });
  const domain = {
    totalBudget: 1,
    items: [{ unitPrice: 2 }],
    pair: [{ firstName: 'a' }, 3] as [{ firstName: string }, number],
    meta: { someKey: { deepKey: 1 }, snake_key: 2 },
    maybe: null,
    either: [{ rightKey: 'r' }],
  };
  const wire = {
    total_budget: 1,
    items: [{ unit_price: 2 }],
    pair: [{ first_name: 'a' }, 3],
    meta: { someKey: { deepKey: 1 }, snake_key: 2 },
    maybe: null,
    either: [{ right_key: 'r' }],
  };

  it('converts through arrays, tuples, nullables and unions but not records', () => {
    expect(toWire(Schema, domain)).toStrictEqual(wire);
    expect(fromWire(Schema, wire)).toStrictEqual(domain);
    expect(toWire(Schema, { ...domain, either: { leftKey: 'l' } })).toStrictEqual({
      ...wire,
      either: { left_key: 'l' },
    });
  });

  it('passes undeclared keys through unchanged', () => {
    expect(fromWire(Schema, { ...wire, extra_field: 1 })).toStrictEqual({ ...domain, extra_field: 1 });
  });

  it('does not accept the camelCase spelling of a declared field on the wire', () => {
    // Otherwise {"total_budget": -5, "totalBudget": 100} would validate as 100.
    const S = z.object({ totalBudget: z.number().nonnegative() });
    expect(() => parseWire(S, { total_budget: -5, totalBudget: 100 })).toThrow(ValidationError);
    try {
      parseWire(S, { totalBudget: 100 });
      expect.unreachable();
    } catch (err) {
      expect((err as ValidationError).details.map((d) => d.field)).toEqual(['total_budget']);
    }
  });

  it('survives keys named like Object.prototype members', () => {
    const S = z.object({ totalBudget: z.number(), isPremium: z.boolean().default(false) });
    expect(parseWire(S, JSON.parse('{"total_budget": 1, "constructor": 1}'))).toStrictEqual({
      totalBudget: 1,
      isPremium: false,
    });
    // A "__proto__" key must stay an own key, not become the prototype (and so leak isPremium in).
    const converted = fromWire(
      S,
      JSON.parse('{"total_budget": 1, "__proto__": {"isPremium": true}}'),
    ) as object;
    expect(Object.getPrototypeOf(converted)).toBe(Object.prototype);
    expect(parseWire(S, JSON.parse('{"total_budget": 1, "__proto__": {"isPremium": true}}')).isPremium).toBe(
      false,
    );
  });

  it('parseWire localizes messages', () => {
    const S = z.object({ travelerCount: z.number().int().min(1) });
    const message = (lang: 'zh' | 'en') => {
      try {
        parseWire(S, { traveler_count: 0 }, lang);
      } catch (err) {
        return (err as ValidationError).details[0]!.message;
      }
      throw new Error('expected a failure');
    };
    expect(message('zh')).toMatch(/[\u4e00-\u9fff]/);
    expect(message('en')).not.toMatch(/[\u4e00-\u9fff]/);
  });
});
