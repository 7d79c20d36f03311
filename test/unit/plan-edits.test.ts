/**
 * Plan edits as typed operations: the parser reads zh/en sentences into EditOps; applyEdit changes
 * only what an op touches (checked item by item against the plan before), re-verifies, bumps the
 * version and diffs; request-level ops go through the planner; impossible edits name the binding
 * constraint and offer relaxations.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  applyEdit,
  editPlan,
  gatherEditData,
  type EditContext,
  type EditData,
} from '../../agents/conversation/apply-edit.js';
import { EditOp, isUndo, parseEditOp } from '../../agents/conversation/edit-ops.js';
import { costPlan } from '../../agents/planning/budget-agent.js';
import { planTrip } from '../../agents/planning/coordinator.js';
import type { TravelPlan } from '../../agents/schemas/travel-plan.js';
import { TripRequest } from '../../agents/schemas/trip-request.js';
import { createOfflineProviders } from '../../knowledge/offline/providers.js';

const providers = createOfflineProviders();
const now = () => new Date('2026-12-01T10:00:00Z');
const request = TripRequest.parse({
  origin: { name: '北京' },
  destinations: [{ name: '上海' }],
  startDate: '2027-03-10',
  days: 4,
  travelers: { adults: 2 },
  budget: { amount: 20000, currency: 'CNY' },
  language: 'zh',
});

let plan: TravelPlan;
let data: EditData;
let ctx: EditContext;

beforeAll(async () => {
  const out = await planTrip(request, { providers, now });
  plan = out.plan!;
  data = await gatherEditData(plan, request, providers);
  ctx = { request, data, legs: (c, a, b) => providers.local.legs(c, a, b), rates: providers.rates, now };
});

const names = () => plan.itinerary.flatMap((d) => d.activities.map((a) => a.name));
const parse = (text: string, values = {}) =>
  parseEditOp(text, {
    planDays: plan.itinerary.length,
    planPlaces: names(),
    knownPlaces: ['上海迪士尼乐园'],
    values,
  });

describe('parseEditOp', () => {
  it('reads the examples and their paraphrases in both languages', () => {
    expect(parse('换一个便宜点的酒店')).toMatchObject({ op: 'replace_hotel', criterion: 'cheaper' });
    expect(parse('the hotel is too expensive')).toMatchObject({ op: 'replace_hotel', criterion: 'cheaper' });
    expect(parse('能不能住好一点的宾馆')).toMatchObject({ op: 'replace_hotel', criterion: 'better' });
    expect(parse('酒店离外滩近一点')).toMatchObject({
      op: 'replace_hotel',
      criterion: 'closer',
      near: '外滩',
    });
    expect(parse('a hotel closer to the Bund please')).toMatchObject({
      criterion: 'closer',
      near: 'Bund please',
    });
    expect(parse('第二天加上迪士尼')).toMatchObject({ op: 'add_place', place: '上海迪士尼乐园', day: 2 });
    expect(parse('make day 3 more relaxed')).toEqual({ op: 'adjust_day', day: 3, direction: 'lighter' });
    expect(parse('第3天太赶了')).toEqual({ op: 'adjust_day', day: 3, direction: 'lighter' });
    expect(parse('pack more into the second day, it is too empty')).toEqual({
      op: 'adjust_day',
      day: 2,
      direction: 'fuller',
    });
    expect(parse("we'd rather take the train")).toEqual({ op: 'change_intercity_mode', mode: 'train' });
    expect(parse('不坐飞机了')).toEqual({ op: 'change_intercity_mode', mode: 'train' });
    expect(parse('晚一天出发')).toEqual({ op: 'change_dates', shiftDays: 1 });
    expect(parse('推迟两天出发')).toEqual({ op: 'change_dates', shiftDays: 2 });
    expect(parse('leave two days later')).toEqual({ op: 'change_dates', shiftDays: 2 });
    expect(parse('多玩一天')).toEqual({ op: 'change_length', days: 5 });
    const first = plan.itinerary[0]!.activities.find((a) => a.type === 'sightseeing')!.name;
    expect(parse(`把${first}挪到第三天`)).toEqual({ op: 'move_place', place: first, toDay: 3 });
    expect(parse(`不去${first}了`)).toEqual({ op: 'remove_place', place: first });
    expect(
      parse('预算改成1.5万', { budget: { amount: 15000, currency: 'CNY', perPerson: false } }),
    ).toMatchObject({
      op: 'change_budget',
      amount: 15000,
    });
    expect(parse('晚餐想吃火锅', { cuisines: ['hotpot'] })).toMatchObject({
      op: 'change_meal',
      cuisine: 'hotpot',
      meal: 'dinner',
    });
    expect(parse('你好')).toBeNull();
    expect(parse('')).toBeNull();
    for (const t of ['撤销', '撤销一下', 'undo', 'Undo that', '改回去']) expect(isUndo(t)).toBe(true);
    expect(isUndo('撤销酒店预订的政策是什么')).toBe(true); // leading 撤销 is read as undo
    expect(isUndo('what does the hotel offer')).toBe(false);
  });

  it('every parsed op validates against the EditOp schema', () => {
    for (const t of ['换一个便宜点的酒店', '第二天加上迪士尼', 'make day 3 more relaxed', '晚一天出发']) {
      expect(EditOp.safeParse(parse(t)).success).toBe(true);
    }
  });
});

/** Every day except `touched` is identical, item by item. */
function expectUntouched(before: TravelPlan, after: TravelPlan, touched: number[]) {
  for (const day of before.itinerary) {
    if (touched.includes(day.dayNumber)) continue;
    const next = after.itinerary.find((d) => d.dayNumber === day.dayNumber)!;
    expect(next.activities.length).toBe(day.activities.length);
    day.activities.forEach((a, i) => expect(next.activities[i]).toEqual(a));
    expect(next).toEqual(day);
  }
}

describe('applyEdit', () => {
  it('a cheaper hotel changes the stay and the morning legs from it, nothing else', () => {
    const r = applyEdit(plan, { op: 'replace_hotel', criterion: 'cheaper' }, ctx);
    expect(r.status).toBe('applied');
    if (r.status !== 'applied') return;
    expect(r.plan.version).toBe(plan.version + 1);
    expect(r.plan.accommodations[0]!.name).not.toBe(plan.accommodations[0]!.name);
    expect(r.plan.accommodations[0]!.totalPrice).toBeLessThan(plan.accommodations[0]!.totalPrice);
    expect(r.plan.flights).toEqual(plan.flights);
    const oldName = plan.accommodations[0]!.name;
    const newName = r.plan.accommodations[0]!.name;
    for (const day of plan.itinerary) {
      const next = r.plan.itinerary.find((d) => d.dayNumber === day.dayNumber)!;
      day.activities.forEach((a, i) => {
        const b = next.activities[i]!;
        // Only the first leg of a morning (from the stay) and the transfers to and from the stay
        // may differ; a transfer then names the new stay instead of the old one.
        if (a.type === 'transportation' && a.name.includes(oldName)) {
          expect(b.name).toBe(a.name.split(oldName).join(newName));
          expect({
            ...b,
            name: a.name,
            location: a.location,
            description: a.description,
            coordinates: a.coordinates,
          }).toEqual(a);
        } else if (i === 0 && day.dayNumber > 1)
          expect({ ...b, travelLeg: null }).toEqual({ ...a, travelLeg: null });
        else expect(b).toEqual(a);
      });
    }
    const transfers = r.plan.itinerary
      .flatMap((d) => d.activities)
      .filter((a) => a.type === 'transportation');
    expect(transfers.some((a) => a.name.includes(oldName))).toBe(false);
    expect(r.diff.changed.some((c) => c.kind === 'accommodation' && c.fields.includes('name'))).toBe(true);
    expect(r.diff.budget.after).toBeLessThan(r.diff.budget.before);
    expect(r.summary.zh).toContain(r.plan.accommodations[0]!.name);
  });

  it('a cheaper hotel saves a fifth when a fitting stay does, and says which stay it replaces', () => {
    const r = applyEdit(plan, { op: 'replace_hotel', criterion: 'cheaper' }, ctx);
    if (r.status !== 'applied') throw new Error('not applied');
    const was = plan.accommodations[0]!;
    const now = r.plan.accommodations[0]!;
    const nights = was.nights ?? 1;
    const people = 2;
    // Every stay of the city that fits two people, the nights and a private room.
    const fitting = data.cities
      .get(was.city!)!
      .hotels.filter((h) => h.name !== was.name && h.roomType !== 'shared_room' && h.minimumNights <= nights)
      .map((h) => h.pricePerNight * Math.ceil(people / h.maxOccupancy) * nights);
    if (fitting.some((t) => t <= was.totalPrice * 0.8))
      expect(now.totalPrice).toBeLessThanOrEqual(was.totalPrice * 0.8);
    expect(r.summary.zh).toContain(`原为「${was.name}」`);
    expect(r.summary.en).toContain(`instead of "${was.name}"`);
    expect(r.summary.en).toMatch(/a night/);
  });

  it('taking a place out never makes the plan dearer, and the other legs of the day stay as planned', () => {
    const before = costPlan(plan).total;
    const sights = plan.itinerary.flatMap((d) => d.activities).filter((a) => a.type === 'sightseeing');
    expect(sights.length).toBeGreaterThan(2);
    for (const s of sights) {
      const r = applyEdit(plan, { op: 'remove_place', place: s.name }, ctx);
      if (r.status !== 'applied') continue;
      expect(costPlan(r.plan).total, s.name).toBeLessThanOrEqual(before + 0.01);
      const day = plan.itinerary.find((d) => d.activities.some((a) => a.id === s.id))!;
      const after = r.plan.itinerary.find((d) => d.dayNumber === day.dayNumber)!;
      const order = [...day.activities].sort((a, b) => Date.parse(a.startTime!) - Date.parse(b.startTime!));
      const next = order[order.findIndex((a) => a.id === s.id) + 1];
      for (const a of after.activities) {
        const old = day.activities.find((x) => x.id === a.id)!;
        // Only the item after the removed place is reached another way.
        if (a.id !== next?.id) expect(a.travelLeg, `${s.name}: ${a.name}`).toEqual(old.travelLeg);
      }
      // No part of the place is left on that day.
      expect(after.activities.some((a) => a.placeId === s.placeId && a.type === 'sightseeing')).toBe(false);
    }
  });

  it('a lighter day drops one sight of that day only and re-verifies', () => {
    const r = applyEdit(plan, { op: 'adjust_day', day: 3, direction: 'lighter' }, ctx);
    expect(r.status).toBe('applied');
    if (r.status !== 'applied') return;
    expectUntouched(plan, r.plan, [3]);
    expect(r.plan.accommodations).toEqual(plan.accommodations);
    expect(r.diff.removed).toHaveLength(1);
    expect(r.diff.removed[0]!.day).toBe(3);
    expect(r.diff.added).toHaveLength(0);
    expect(r.violations.filter((v) => v.severity === 'hard')).toEqual([]);
  });

  it('a fuller day adds an unvisited sight there, inside opening hours, others identical', () => {
    const r = applyEdit(plan, { op: 'adjust_day', day: 2, direction: 'fuller' }, ctx);
    expect(r.status).toBe('applied');
    if (r.status !== 'applied') return;
    expectUntouched(plan, r.plan, [2]);
    expect(r.diff.added).toHaveLength(1);
    expect(r.diff.added[0]!.day).toBe(2);
    expect(r.violations.filter((v) => v.severity === 'hard')).toEqual([]);
  });

  it('moving a place touches exactly the two days', () => {
    const place = plan.itinerary[1]!.activities.find((a) => a.type === 'sightseeing')!;
    const r = applyEdit(plan, { op: 'move_place', place: place.name, toDay: 3 }, ctx);
    if (r.status === 'rejected') {
      // The target day may be full: then the binding constraint is the day's length.
      expect(r.constraint.code).toBe('DAY_FULL');
      return;
    }
    expect(r.status).toBe('applied');
    if (r.status !== 'applied') return;
    expectUntouched(plan, r.plan, [2, 3]);
    expect(r.diff.changed.find((c) => c.name === place.name)).toMatchObject({ fromDay: 2, day: 3 });
  });

  it('an unknown place and a full day are refused with the reason and relaxations', () => {
    const unknown = applyEdit(plan, { op: 'add_place', place: '不存在的乐园' }, ctx);
    expect(unknown.status).toBe('rejected');
    if (unknown.status === 'rejected') {
      expect(unknown.constraint.code).toBe('UNKNOWN_PLACE');
      expect(unknown.relaxations.length).toBeGreaterThanOrEqual(1);
    }
    const disney = applyEdit(plan, { op: 'add_place', place: '迪士尼', day: 2 }, ctx);
    if (disney.status === 'rejected') {
      expect(disney.constraint.code).toBe('DAY_FULL');
      expect(disney.relaxations.length).toBeGreaterThanOrEqual(2);
      expect(disney.constraint.text.zh).toContain('第2天');
    } else expect(disney.status).toBe('applied');
  });

  it('an edit over budget names the budget and offers the smallest relaxations', () => {
    // Start from the cheapest stay, so a better one exists, with a budget just above that plan's cost.
    const cheap = applyEdit(plan, { op: 'replace_hotel', criterion: 'cheaper' }, ctx);
    expect(cheap.status).toBe('applied');
    if (cheap.status !== 'applied') return;
    const { totalBudget: _budget, ...costs } = cheap.plan.budgetBreakdown;
    const spent = Object.values(costs).reduce((a, b) => a + b, 0);
    const tight = TripRequest.parse({
      ...request,
      budget: { amount: Math.ceil(spent) + 50, currency: 'CNY' },
    });
    const r = applyEdit(cheap.plan, { op: 'replace_hotel', criterion: 'better' }, { ...ctx, request: tight });
    expect(r.status).toBe('rejected');
    if (r.status !== 'rejected') return;
    expect(r.constraint.code).toBe('BUDGET');
    expect(r.constraint.text.en).toMatch(/over budget by [\d,]+ CNY/);
    expect(r.relaxations.length).toBeGreaterThanOrEqual(2);
    expect(r.relaxations.length).toBeLessThanOrEqual(3);
  });

  it('request-level edits re-plan through the planner and diff the result', async () => {
    const deps = { providers, request, now, data, plan: (q: TripRequest) => planTrip(q, { providers, now }) };
    const later = await editPlan(plan, { op: 'change_dates', shiftDays: 1 }, deps);
    expect(later.status).toBe('applied');
    if (later.status !== 'applied') return;
    expect(later.plan.id).toBe(plan.id);
    expect(later.plan.version).toBe(plan.version + 1);
    expect(later.plan.startDate).toBe('2027-03-11');
    expect(later.diff.startDate).toEqual({ before: '2027-03-10', after: '2027-03-11' });
    const train = await editPlan(plan, { op: 'change_intercity_mode', mode: 'train' }, deps);
    expect(train.status).toBe('applied');
    if (train.status === 'applied') {
      expect(train.plan.flights).toHaveLength(0);
      expect(train.diff.removed.filter((i) => i.kind === 'flight').length).toBe(plan.flights.length);
    }
  });

  it('a day trip goes out and back on one full day: no new stay, the same hotel that night, other days identical', async () => {
    const deps = { providers, request, now, data, plan: (q: TripRequest) => planTrip(q, { providers, now }) };
    const r = await editPlan(plan, { op: 'add_day_trip', city: '杭州', day: null }, deps);
    expect(r.status, JSON.stringify(r)).toBe('applied');
    if (r.status !== 'applied') return;
    // No overnight stop: the stays are the same bookings, the nights the same.
    expect(r.plan.accommodations).toEqual(plan.accommodations);
    expect(r.plan.destinations.map((d) => d.city)).toEqual(plan.destinations.map((d) => d.city));
    expect(r.diff.daysChanged).toHaveLength(1);
    const n = r.diff.daysChanged[0]!;
    expect(n).toBeGreaterThan(1);
    expect(n).toBeLessThan(plan.itinerary.length);
    const day = r.plan.itinerary.find((d) => d.dayNumber === n)!;
    expect(day.accommodationId).toBe(plan.itinerary.find((d) => d.dayNumber === n)!.accommodationId);
    const sortedActs = [...day.activities].sort(
      (a, b) => Date.parse(a.startTime!) - Date.parse(b.startTime!),
    );
    const legs = sortedActs.filter((a) => a.type === 'transportation');
    expect(legs).toHaveLength(2);
    expect(legs[0]!.travelLeg!.to).toContain('杭州');
    expect(legs[1]!.travelLeg!.from).toContain('杭州');
    expect(legs[1]!.travelLeg!.cost).toBeGreaterThan(0);
    const between = sortedActs.slice(sortedActs.indexOf(legs[0]!) + 1, sortedActs.indexOf(legs[1]!));
    expect(between.filter((a) => a.type === 'sightseeing' || a.type === 'shopping').length).toBeGreaterThan(
      0,
    );
    expect(between.every((a) => a.city === '杭州')).toBe(true);
    // Back before the last item of the day ends; nothing overlaps.
    for (let i = 1; i < sortedActs.length; i++)
      expect(Date.parse(sortedActs[i]!.startTime!)).toBeGreaterThanOrEqual(
        Date.parse(sortedActs[i - 1]!.endTime!),
      );
    for (const d of r.plan.itinerary)
      if (d.dayNumber !== n) expect(d).toEqual(plan.itinerary.find((x) => x.dayNumber === d.dayNumber));
    expect(r.summary.zh).toMatch(/一日游.*原来的酒店/);
    // The arrival day has a journey in it; a city hours away is too far to go and come back.
    const first = await editPlan(plan, { op: 'add_day_trip', city: '杭州', day: 1 }, deps);
    expect(first).toMatchObject({ status: 'rejected', constraint: { code: 'NO_FREE_DAY' } });
    const far = await editPlan(plan, { op: 'add_day_trip', city: '广州', day: null }, deps);
    expect(far).toMatchObject({ status: 'rejected', constraint: { code: 'TOO_FAR' } });
    // A city without sight data is said so, not filled with nothing.
    const bare = await editPlan(plan, { op: 'add_day_trip', city: '苏州', day: null }, deps);
    expect(bare).toMatchObject({ status: 'rejected', constraint: { code: 'NO_PLACES' } });
  });
});
