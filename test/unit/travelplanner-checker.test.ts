/**
 * Our TravelPlanner checker (test/bench/travelplanner/checker.ts): the 45 gold plans of the
 * training set against it, and deliberately broken copies of them, each of which must fail the
 * constraint it breaks. Data: TravelPlanner (Xie et al., ICML 2024), CC-BY-4.0; the data-backed
 * cases are skipped when the data folder is absent (an error under CI: travelPlannerTestsEnabled).
 */
import { describe, expect, it } from 'vitest';
import {
  COMMONSENSE_CONSTRAINTS,
  aggregate,
  applicableHard,
  checkPlan,
  passesAll,
  planCost,
  type CheckContext,
  type CheckResult,
} from '../bench/travelplanner/checker.js';
import {
  loadCityStates,
  loadTrainQueries,
  parsePythonLiteral,
  travelPlannerTestsEnabled,
} from '../bench/travelplanner/data.js';
import {
  parseTransportation,
  splitAttractions,
  splitNameCity,
  type BenchPlanDay,
} from '../bench/travelplanner/format.js';
import { loadGoldFields, type QueryFields } from '../bench/travelplanner/query.js';
import {
  ReferenceIndex,
  houseRulesOf,
  parseGroundText,
  type RefAccommodation,
  type RefFlight,
} from '../bench/travelplanner/reference.js';

const available = travelPlannerTestsEnabled();
const queries = available ? loadTrainQueries() : [];
const gold = loadGoldFields();
const cityStates = available ? loadCityStates() : new Map<string, string>();

const ctxOf = (i: number, fields: Partial<QueryFields> = {}): CheckContext => ({
  fields: { ...gold[i]!, ...fields },
  ref: new ReferenceIndex(queries[i]!.refInfo),
  cityStates,
});
const goldPlan = (i: number): BenchPlanDay[] => structuredClone(queries[i]!.goldPlan);
const failed = (r: CheckResult) =>
  [...Object.entries(r.commonsense), ...Object.entries(r.hard)]
    .filter(([, v]) => v && !v.pass)
    .map(([k]) => k);

describe('plan-format helpers', () => {
  it('splits "Name, City" at the last comma and drops "(State)"', () => {
    expect(
      splitNameCity('Cozy , Cute and Spacious one bedroom Brooklyn Apt, Traverse City(Michigan)'),
    ).toEqual({
      name: 'Cozy , Cute and Spacious one bedroom Brooklyn Apt',
      city: 'Traverse City',
    });
    expect(splitNameCity('-')).toBeNull();
    expect(
      splitAttractions('San Antonio Museum of Art (SAMA), San Antonio(Texas);The Alamo, San Antonio(Texas);'),
    ).toEqual([
      { name: 'San Antonio Museum of Art (SAMA)', city: 'San Antonio' },
      { name: 'The Alamo', city: 'San Antonio' },
    ]);
  });

  it('reads flight, self-driving and taxi legs', () => {
    expect(
      parseTransportation(
        'Flight Number: F3573659, from St. Petersburg to Rockford, Departure Time: 15:40, Arrival Time: 17:04',
      ),
    ).toMatchObject([
      {
        mode: 'flight',
        flightNumber: 'F3573659',
        from: 'St. Petersburg',
        to: 'Rockford',
        departureTime: '15:40',
      },
    ]);
    expect(
      parseTransportation(
        'Self-driving, from Daytona Beach to Corpus Christi(Texas), duration: 16 hours 52 mins, distance: 1,874 km, cost: 93',
      ),
    ).toMatchObject([{ mode: 'self_driving', from: 'Daytona Beach', to: 'Corpus Christi', cost: 93 }]);
    expect(
      parseTransportation(
        'Taxi, from Dallas(Texas) to San Angelo(Texas), duration: 3 hours 55 mins, distance: 415 km, cost: 415',
      ),
    ).toMatchObject([{ mode: 'taxi', from: 'Dallas', to: 'San Angelo', cost: 415 }]);
    expect(parseTransportation('-')).toEqual([]);
  });

  it('parses the reference texts for ground legs and house rules', () => {
    expect(
      parseGroundText(
        'self-driving, from Madison to Devils Lake, duration: 56 mins, distance: 70.7 km, cost: 3',
      ),
    ).toMatchObject({
      mode: 'self_driving',
      durationMinutes: 56,
      distanceKm: 70.7,
      cost: 3,
    });
    expect(
      parseGroundText('taxi, from A to B, duration: 1 day 2 hours 3 mins, distance: 2,345 km, cost: 2345'),
    ).toMatchObject({
      mode: 'taxi',
      durationMinutes: 1563,
      distanceKm: 2345,
    });
    expect(parseGroundText('No valid information.')).toBeNull();
    expect(houseRulesOf('No visitors & No smoking')).toEqual({
      smoking: false,
      parties: true,
      children_under_10: true,
      visitors: false,
      pets: true,
    });
  });

  it('parses Python literals with either quote', () => {
    expect(parsePythonLiteral(`[{'a': "Let's Noodle, Dallas", 'b': 1, 'c': None}, {}]`)).toEqual([
      { a: "Let's Noodle, Dallas", b: 1, c: null },
      {},
    ]);
  });
});

describe.skipIf(!available)('the 45 gold plans', () => {
  const results = queries.map((q) => checkPlan(q.goldPlan, ctxOf(q.index)));

  it('44 of 45 pass every commonsense and hard constraint', () => {
    const passing = results.filter(passesAll).length;
    expect(passing).toBe(44);
  });

  it('gold plan #41 fails for real: day 4 visits San Angelo attractions while staying in San Antonio', () => {
    // Day 4 lists "San Angelo Museum of Fine Arts, San Angelo(Texas)" etc.: San Angelo is not in
    // that query's reference information and not the day's city; day 5 likewise lists Houston's.
    const r = results[41]!;
    expect(failed(r).sort()).toEqual(['within_current_city', 'within_sandbox']);
    expect(r.commonsense.within_sandbox.reason).toMatch(/San Angelo Museum of Fine Arts/);
  });

  it('every gold plan meets its hard constraints and budget', () => {
    for (const [i, r] of results.entries()) {
      expect(
        Object.values(r.hard).every((h) => h?.pass),
        `query ${i}`,
      ).toBe(true);
      expect(r.cost).toBeLessThanOrEqual(gold[i]!.budget!);
    }
  });

  it('aggregates the gold results', () => {
    const m = aggregate(results);
    expect(m.deliveryRate).toBe(1);
    expect(m.finalPassRate).toBeCloseTo(44 / 45);
    expect(m.commonsenseMacro).toBeCloseTo(44 / 45);
    expect(m.commonsenseMicro).toBeCloseTo((45 * 8 - 2) / (45 * 8));
    expect(m.hardMacro).toBe(1);
    expect(m.perConstraint.budget).toEqual({ pass: 45, total: 45 });
    expect(m.perConstraint.transportation.total).toBe(12);
  });
});

describe.skipIf(!available)('broken plans fail the right check', () => {
  it('a restaurant eaten at twice fails diverse_restaurants', () => {
    const plan = goldPlan(0);
    plan[2]!.lunch = plan[1]!.lunch;
    const r = checkPlan(plan, ctxOf(0));
    expect(failed(r)).toEqual(['diverse_restaurants']);
  });

  it('an attraction visited twice fails diverse_attractions', () => {
    const plan = goldPlan(0);
    plan[2]!.attraction = plan[1]!.attraction;
    expect(failed(checkPlan(plan, ctxOf(0)))).toContain('diverse_attractions');
  });

  it('an invented restaurant fails within_sandbox', () => {
    const plan = goldPlan(0);
    plan[1]!.dinner = 'Le Bistro Imaginaire, Rockford';
    const r = checkPlan(plan, ctxOf(0));
    expect(failed(r)).toEqual(['within_sandbox']);
    expect(r.commonsense.within_sandbox.reason).toMatch(/Le Bistro Imaginaire/);
  });

  it('an invented flight number fails within_sandbox', () => {
    const plan = goldPlan(0);
    plan[0]!.transportation = plan[0]!.transportation.replace('F3573659', 'F0000001');
    expect(failed(checkPlan(plan, ctxOf(0)))).toContain('within_sandbox');
  });

  it('an expensive stay goes over budget', () => {
    const ctx = ctxOf(0);
    const pricey = [...ctx.ref.accommodations.get('Rockford')!]
      .filter((a) => a['minimum nights'] <= 2)
      .sort((a, b) => b.price - a.price)[0]!;
    const plan = goldPlan(0);
    plan[0]!.accommodation = plan[1]!.accommodation = `${pricey.NAME}, Rockford`;
    const r = checkPlan(plan, ctx);
    expect(r.cost).toBeGreaterThan(1700);
    expect(failed(r)).toEqual(['budget']);
    expect(r.hard.budget?.reason).toMatch(/> budget \$1700/);
  });

  it('counts rooms by maximum occupancy, meals per person and cars per 5 people', () => {
    // Query 17: 8 people, self-driving both ways (2 cars), stays priced per room.
    const ctx = ctxOf(17);
    const plan = goldPlan(17);
    const base = planCost(plan, ctx);
    const extra = structuredClone(plan);
    extra[1]!.breakfast = '-';
    const breakfast = ctx.ref.restaurant(
      splitNameCity(plan[1]!.breakfast)!.city,
      splitNameCity(plan[1]!.breakfast)!.name,
    )!;
    expect(base - planCost(extra, ctx)).toBe(breakfast['Average Cost'] * 8);
    const drive = ctx.ref.groundOption('self_driving', 'Asheville', 'Baltimore')!;
    const noDrive = structuredClone(plan);
    noDrive[0]!.transportation = '-';
    expect(base - planCost(noDrive, ctx)).toBe(drive.cost * 2);
  });

  it('a private-room request with an entire home fails room_type', () => {
    const ctx = ctxOf(33); // 2 people, pets, private rooms
    const entire = ctx.ref.accommodations
      .get('Phoenix')!
      .find(
        (a) =>
          a['room type'] === 'Entire home/apt' &&
          a['minimum nights'] <= 2 &&
          houseRulesOf(a.house_rules).pets,
      )!;
    const plan = goldPlan(33);
    plan[0]!.accommodation = plan[1]!.accommodation = `${entire.NAME}, Phoenix`;
    const r = checkPlan(plan, { ...ctx, fields: { ...ctx.fields, budget: 1e6 } });
    expect(failed(r)).toEqual(['room_type']);
  });

  it('"not shared room" accepts private rooms and entire homes but not shared rooms', () => {
    const acc = (type: string): RefAccommodation => ({
      NAME: `A ${type}`,
      price: 10,
      'room type': type,
      house_rules: 'No smoking',
      'minimum nights': 1,
      'maximum occupancy': 2,
      'review rate number': 4,
      city: 'Rockford',
    });
    const ref = new ReferenceIndex({
      ...queries[0]!.refInfo,
      'Accommodations in Rockford': [acc('Private room'), acc('Entire home/apt'), acc('Shared room')],
    });
    const ctx: CheckContext = { fields: { ...gold[0]!, roomType: 'not_shared_room' }, ref, cityStates };
    for (const [type, ok] of [
      ['Private room', true],
      ['Entire home/apt', true],
      ['Shared room', false],
    ] as const) {
      const plan = goldPlan(0);
      plan[0]!.accommodation = plan[1]!.accommodation = `A ${type}, Rockford`;
      expect(checkPlan(plan, ctx).hard.room_type?.pass, type).toBe(ok);
    }
  });

  it('a stay that forbids parties fails house_rule for a party', () => {
    const ctx = ctxOf(16); // parties required
    const noParties = ctx.ref.accommodations
      .get('Atlanta')!
      .find((a) => /No parties/.test(a.house_rules ?? '') && a['minimum nights'] <= 2)!;
    const plan = goldPlan(16);
    plan[0]!.accommodation = plan[1]!.accommodation = `${noParties.NAME}, Atlanta`;
    const r = checkPlan(plan, { ...ctx, fields: { ...ctx.fields, budget: 1e6 } });
    expect(failed(r)).toEqual(['house_rule']);
  });

  it('too few nights at a stay fails minimum_nights', () => {
    const ctx = ctxOf(0);
    const longStay = ctx.ref.accommodations.get('Rockford')!.find((a) => a['minimum nights'] > 2)!;
    const plan = goldPlan(0);
    plan[0]!.accommodation = plan[1]!.accommodation = `${longStay.NAME}, Rockford`;
    const r = checkPlan(plan, { ...ctx, fields: { ...ctx.fields, budget: 1e6 } });
    expect(failed(r)).toEqual(['minimum_nights']);
  });

  it('self-driving out and flying back fails non_conflicting_transport', () => {
    const ctx = ctxOf(18);
    const back = (ctx.ref.raw['Flight from Orlando to Washington on 2022-03-17'] as RefFlight[])[0]!;
    const plan = goldPlan(18);
    plan[2]!.transportation = `Flight Number: ${back['Flight Number']}, from Orlando to Washington, Departure Time: ${back.DepTime}, Arrival Time: ${back.ArrTime}`;
    const r = checkPlan(plan, { ...ctx, fields: { ...ctx.fields, budget: 1e6 } });
    expect(failed(r)).toEqual(['non_conflicting_transport']);
  });

  it('a flight when flights are ruled out fails transportation', () => {
    const ctx = ctxOf(32); // no flight
    const out = (ctx.ref.raw['Flight from Grand Forks to Minneapolis on 2022-03-17'] as RefFlight[])[0]!;
    const plan = goldPlan(32);
    plan[0]!.transportation = `Flight Number: ${out['Flight Number']}, from Grand Forks to Minneapolis, Departure Time: ${out.DepTime}, Arrival Time: ${out.ArrTime}`;
    const r = checkPlan(plan, { ...ctx, fields: { ...ctx.fields, budget: 1e6 } });
    expect(failed(r)).toContain('transportation');
    expect(r.commonsense.within_sandbox.pass).toBe(true);
  });

  it('a requested cuisine never eaten fails cuisine', () => {
    const ctx = ctxOf(15);
    const r = checkPlan(goldPlan(15), {
      ...ctx,
      fields: { ...ctx.fields, cuisines: ['American', 'Nordic'] },
    });
    expect(failed(r)).toEqual(['cuisine']);
    expect(r.hard.cuisine?.reason).toMatch(/Nordic/);
  });

  it('a meal in another city fails within_current_city', () => {
    const ctx = ctxOf(13); // multi-city Texas trip
    const plan = goldPlan(13);
    plan[1]!.lunch = plan[5]!.lunch; // a Dallas restaurant on a Corpus Christi day
    expect(failed(checkPlan(plan, ctx))).toContain('within_current_city');
  });

  it('not returning home fails reasonable_city_route; a missing day fails complete_information', () => {
    const plan = goldPlan(0).slice(0, 2);
    const r = checkPlan(plan, ctxOf(0));
    expect(r.commonsense.reasonable_city_route.pass).toBe(false);
    expect(r.commonsense.complete_information.pass).toBe(false);
  });

  it('a city outside the requested state fails reasonable_city_route', () => {
    const r = checkPlan(goldPlan(13), ctxOf(13, { state: 'Oklahoma' }));
    expect(failed(r)).toEqual(['reasonable_city_route']);
  });

  it('mostly empty days fail complete_information', () => {
    const plan = goldPlan(0).map((d) => ({ ...d, breakfast: '-', lunch: '-', attraction: '-' }));
    expect(failed(checkPlan(plan, ctxOf(0)))).toEqual(['complete_information']);
  });

  it('no plan fails everything', () => {
    const r = checkPlan(null, ctxOf(30));
    expect(r.delivered).toBe(false);
    expect(failed(r)).toHaveLength(COMMONSENSE_CONSTRAINTS.length + applicableHard(gold[30]!).length);
    const m = aggregate([r, checkPlan(queries[0]!.goldPlan, ctxOf(0))]);
    expect(m.deliveryRate).toBe(0.5);
    expect(m.finalPassRate).toBe(0.5);
    expect(m.hardMicro).toBeCloseTo(1 / (1 + applicableHard(gold[30]!).length));
  });
});
