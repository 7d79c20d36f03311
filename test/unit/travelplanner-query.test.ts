/**
 * The TravelPlanner query parser (test/bench/travelplanner/query.ts) against the hand-checked
 * fields of the 45 training queries (test/fixtures/travelplanner/gold-fields.json).
 * Data: TravelPlanner (Xie et al., ICML 2024), CC-BY-4.0; skipped when the data folder is absent (an error under CI:
 * travelPlannerTestsEnabled).
 */
import { describe, expect, it } from 'vitest';
import { TripRequest } from '../../agents/schemas/trip-request.js';
import { loadTrainQueries, travelPlannerTestsEnabled } from '../bench/travelplanner/data.js';
import {
  loadGoldFields,
  parseTravelQuery,
  requestFields,
  type Gazetteer,
  type QueryFields,
} from '../bench/travelplanner/query.js';

const sorted = (f: QueryFields) => ({
  ...f,
  houseRules: [...f.houseRules].sort(),
  avoid: [...f.avoid].sort(),
  cuisines: [...f.cuisines].sort(),
});

describe('gold fields file', () => {
  it('has the 45 queries in order with consistent dates and days', () => {
    const gold = loadGoldFields();
    expect(gold).toHaveLength(45);
    gold.forEach((g, i) => {
      expect(g.index).toBe(i);
      const span =
        (Date.parse(`${g.endDate}T00:00:00Z`) - Date.parse(`${g.startDate}T00:00:00Z`)) / 86_400_000 + 1;
      expect(span).toBe(g.days);
      expect(g.destination === null).toBe(g.state !== null);
    });
  });
});

const available = travelPlannerTestsEnabled();

describe.skipIf(!available)('parseTravelQuery on the 45 training queries', () => {
  const queries = available ? loadTrainQueries() : [];
  const gold = loadGoldFields();

  it.each(queries.map((q) => [q.index, q] as const))(
    'query %i matches the hand-checked fields',
    (index, q) => {
      const request = parseTravelQuery(q.query);
      const { index: _index, ...expected } = gold[index]!;
      expect(sorted(requestFields(request))).toEqual(sorted(expected));
    },
  );

  it('produces valid English, USD requests', () => {
    for (const q of queries) {
      const r = parseTravelQuery(q.query);
      expect(TripRequest.safeParse(r).success).toBe(true);
      expect(r.language).toBe('en');
      expect(r.budget?.currency).toBe('USD');
      expect(r.budget?.perPerson).toBe(false);
    }
  });
});

describe('parseTravelQuery phrasing (small gazetteer)', () => {
  const gaz: Gazetteer = {
    cities: ['Washington', 'Seattle', 'Kansas City', 'New York', 'Bangor', 'Dallas', 'Austin'],
    states: ['Washington', 'Kansas', 'New York', 'Texas'],
  };
  const parse = (t: string) => requestFields(parseTravelQuery(t, gaz));

  it('reads "Washington state" as the state and "visiting Washington" as the city', () => {
    expect(
      parse('A 5-day trip from Seattle to 2 cities in Washington state, March 1st to March 5th, 2022, $900.'),
    ).toMatchObject({
      origin: 'Seattle',
      destination: null,
      state: 'Washington',
      cityCount: 2,
    });
    expect(
      parse('3 days departing from Bangor and visiting Washington from March 21st to March 23rd, 2022.'),
    ).toMatchObject({
      origin: 'Bangor',
      destination: 'Washington',
      state: null,
      cityCount: 1,
    });
  });

  it('does not take "Kansas" out of "Kansas City" as a state', () => {
    expect(parse('From Kansas City to Dallas for 3 days, from March 1st to March 3rd, 2022.')).toMatchObject({
      origin: 'Kansas City',
      destination: 'Dallas',
      state: null,
    });
  });

  it('reads dates written several ways', () => {
    expect(parse('From Dallas to Austin from the 8th to the 10th of March, 2022.')).toMatchObject({
      startDate: '2022-03-08',
      endDate: '2022-03-10',
      days: 3,
    });
    expect(parse('From Dallas to Austin between March 9th and 13th, 2022.')).toMatchObject({
      startDate: '2022-03-09',
      endDate: '2022-03-13',
      days: 5,
    });
    expect(
      parse('A week-long trip from Dallas to 3 cities in Texas starting March 28th, 2022.'),
    ).toMatchObject({
      startDate: '2022-03-28',
      endDate: '2022-04-03',
      days: 7,
    });
  });

  it('reads party sizes and tells "a party of 5" from parties', () => {
    expect(parse('A trip for a party of 5 from Dallas to Austin.')).toMatchObject({
      people: 5,
      houseRules: [],
    });
    expect(parse('A trip for two, starting in Dallas and heading to Austin.').people).toBe(2);
    expect(parse('A trip for a pair from Dallas to Austin.').people).toBe(2);
    expect(parse('A group of three from Dallas to Austin.').people).toBe(3);
    expect(parse('Travelling alone from Dallas to Austin.').people).toBe(1);
    expect(parse('From Dallas to Austin; the budget is $1,000.').people).toBe(1);
  });

  it('reads budgets, house rules, room types, cuisines and ruled-out modes', () => {
    const f = parse(
      'From Dallas to Austin for 2 people with a budget of $2,300. We need pet-friendly places where smoking is permissible and ' +
        'want a not shared room. We love Mexican and Chinese food. We prefer not to fly. Although we do not plan to self-drive, we like parties.',
    );
    expect(f.budget).toBe(2300);
    expect([...f.houseRules].sort()).toEqual(['parties', 'pets', 'smoking']);
    expect(f.roomType).toBe('not_shared_room');
    expect(f.cuisines).toEqual(['Mexican', 'Chinese']);
    expect([...f.avoid].sort()).toEqual(['flight', 'self_driving']);
  });

  it('reads "no specific preferences" as no constraints', () => {
    const f = parse(
      'From Dallas to Austin. I have no specific preferences about house rules, cuisine, accommodations, or transportation.',
    );
    expect(f).toMatchObject({ houseRules: [], roomType: null, cuisines: [], avoid: [] });
  });
});

describe('travelPlannerTestsEnabled', () => {
  const missing = '/nonexistent/travelplanner';
  it('skips without the data on a developer machine, fails under CI unless told to skip', () => {
    expect(travelPlannerTestsEnabled(missing, {})).toBe(false);
    expect(() => travelPlannerTestsEnabled(missing, { CI: 'true' })).toThrow(/TravelPlanner data missing/);
    expect(() => travelPlannerTestsEnabled(missing, { CI: '1' })).toThrow(/TRAVELPLANNER_OPTIONAL/);
    expect(travelPlannerTestsEnabled(missing, { CI: 'true', TRAVELPLANNER_OPTIONAL: '1' })).toBe(false);
  });
});
