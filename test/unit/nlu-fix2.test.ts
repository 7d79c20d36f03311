/**
 * Small misreadings: common words never corrected into places, measure words and activities not
 * taken as sights, cheap food not read as a lodging tier. Own example texts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Gazetteer } from '../../agents/nlu/gazetteer.js';
import { parseTripText } from '../../agents/nlu/parser.js';
import type { ParseResult } from '../../agents/nlu/types.js';
import { loadGazetteer } from '../../knowledge/gazetteer/load.js';

let gazetteer: Gazetteer;
beforeAll(() => {
  gazetteer = loadGazetteer();
});
const parse = (text: string): ParseResult => parseTripText(text, { gazetteer, today: '2026-03-04' });
const dests = (text: string): string[] => parse(text).request.destinations!.map((d) => d.name);

describe('place typos skip common words', () => {
  it('does not read 多少 as a misspelt place', () => {
    expect(dests('从南京出发，预算能压到多少，')).not.toContain('多哈');
    expect(dests('到多少合适')).toEqual([]);
  });
  it('still corrects a misspelt place', () => {
    expect(dests('从武汉去成度玩4天')).toEqual(['成都']);
  });
});

describe('must-visit items are names', () => {
  it('drops an activity joined by 或者 and measure-word items', () => {
    const r = parse('去洛阳3天，想看个演出或者逛夜市').request;
    expect(r.mustVisit).toEqual([]);
    expect(parse('去洛阳3天，想看部电影').request.mustVisit).toEqual([]);
  });
  it('keeps two sights joined by 或者', () => {
    expect(parse('去洛阳3天，想看龙门石窟或者白马寺').request.mustVisit).toEqual(['龙门石窟', '白马寺']);
  });
});

describe('cheap food is about meals', () => {
  it('does not set a budget hotel tier or trip style', () => {
    for (const text of [
      '两个人从长沙去重庆3天，想吃便宜的小吃',
      'me and a friend, Berlin to Prague, 3 days, into cheap eats',
    ]) {
      const r = parse(text).request;
      expect(r.accommodation?.tier).toBeUndefined();
      expect(r.travelStyle).toBeUndefined();
    }
  });
  it('still reads a cheap hotel', () => {
    expect(parse('Berlin to Prague, 3 days, a cheap hotel is fine').request.accommodation?.tier).toBe(
      'budget',
    );
  });
});

describe('an amount per head', () => {
  const read = (text: string) => {
    const r = parse(text).request;
    return { adults: r.travelers!.adults, amount: r.budget?.amount, perPerson: r.budget?.perPerson };
  };
  it('reads 一个人 + amount as a budget per person, keeping the party', () => {
    expect(read('我们三个从昆明去大理5天，一个人3500')).toEqual({ adults: 3, amount: 3500, perPerson: true });
    expect(read('两口子从青岛去西安4天，一个人2k')).toMatchObject({ adults: 2, perPerson: true });
    expect(read('两个人去桂林3天，每人2500')).toEqual({ adults: 2, amount: 2500, perPerson: true });
    expect(read('three of us, Leeds to Dublin, 4 days, about 600 a head')).toMatchObject({
      adults: 3,
      amount: 600,
      perPerson: true,
    });
  });
  it('still reads a solo traveller', () => {
    expect(read('从昆明去大理，一个人5天')).toMatchObject({ adults: 1 });
    expect(read('从昆明去大理5天，一个人，预算3000')).toEqual({ adults: 1, amount: 3000, perPerson: false });
    expect(read('从昆明去大理5天，一个人预算大概三千')).toEqual({
      adults: 1,
      amount: 3000,
      perPerson: false,
    });
  });
});

describe('families each with children', () => {
  const party = (text: string): [number, number] => {
    const t = parse(text).request.travelers!;
    return [t.adults, t.children];
  };
  it('multiplies adults and children by the families', () => {
    expect(party('从合肥去千岛湖4天，三家人各带一个孩子')).toEqual([6, 3]);
    expect(party('两家人，每家两个娃，从苏州去舟山')).toEqual([4, 4]);
    expect(party('Austin to San Antonio, 3 days, two families, each with a kid')).toEqual([4, 2]);
    expect(party('3 families with 2 kids each, Perth to Margaret River')).toEqual([6, 6]);
  });
  it('leaves a single family alone', () => {
    const [adults, children] = party('一家三口从合肥去千岛湖4天');
    expect(adults + children).toBe(3);
    expect(party('me and my sister, each with a backpack, Perth to Margaret River')).toEqual([2, 0]);
  });
});
