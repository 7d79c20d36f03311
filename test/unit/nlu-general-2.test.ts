/**
 * Classes of request the parser used to misread (own example texts, several styles each): fillers
 * and kinds of scenery taken for sights, named sights asked about or timed, budgets per day, modes
 * compared or ranked, typos of tier and evening words, and relations named beside a family.
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
const mv = (text: string): string[] => parse(text).request.mustVisit ?? [];

describe('must-visits that name no sight', () => {
  it('drops fillers and verb particles', () => {
    expect(mv('周末从广州去桂林，随便走走就行，两个人')).toEqual([]);
    expect(mv('下个月想去厦门放松下，从福州出发，3天')).toEqual([]);
    expect(mv('去大理玩几天吧，具体去哪看情况，我们俩从昆明走')).toEqual([]);
  });
  it('drops kinds of scenery and things seen', () => {
    expect(mv('冬天想从长春去吉林看雾凇，一家三口，三天')).toEqual([]);
    expect(mv('三月想去婺源看看油菜花，从上海自驾，两天')).toEqual([]);
    expect(mv('想去海南看看热带雨林，从武汉飞，5天')).toEqual([]);
  });
  it('drops region words and place words', () => {
    expect(mv('十一想去北疆自驾，乌鲁木齐进出，8天，四个人')).toEqual([]);
    expect(mv('夏天想去山里避暑，从重庆出发，3天')).toEqual([]);
  });
  it('still keeps a named sight', () => {
    expect(mv('从上海去北京4天，一定要去故宫')).toEqual(['故宫']);
    expect(mv('去杭州两天，想看看雷峰塔')).toEqual(['雷峰塔']);
  });
});

describe('named sights in English questions and views', () => {
  it('reads a sight a question is about', () => {
    expect(mv('Lisbon for 4 days with my mum. Is Sintra Palace worth it with bad knees?')).toContain(
      'Sintra Palace',
    );
    expect(mv('Is Arashiyama doable in half a day? Kyoto, 3 days, just me')).toEqual(['Arashiyama']);
  });
  it('reads a sight seen from, over or at a time of day', () => {
    expect(mv('Bali, 5 days, we would love the sunrise from Mount Batur')).toEqual(['Mount Batur']);
    expect(mv('Cambodia trip: 4 days in Siem Reap, Angkor Wat at sunrise please')).toEqual(['Angkor Wat']);
  });
  it('does not read a city so', () => {
    expect(mv('Is Paris worth it in February? 3 days from London')).toEqual([]);
    expect(mv('Tokyo at night, 4 days from Osaka, two of us')).toEqual([]);
  });
});

describe('budget per day', () => {
  it('turns a daily amount into the trip total, with a note', () => {
    const r = parse('Dublin from Leeds, 4 days, about $120 a day');
    expect(r.request.budget?.amount).toBe(480);
    expect(r.notes.join(' ')).toMatch(/per day/);
    expect(parse('成都出发去重庆玩3天，每天预算600').request.budget?.amount).toBe(1800);
    expect(parse('我们俩去青岛5天，每人每天400').request.budget).toMatchObject({
      amount: 2000,
      perPerson: true,
    });
  });
  it('keeps the daily amount when the length is not known, and says so', () => {
    const r = parse('Berlin from Munich, solo, daily budget of 90 euros');
    expect(r.request.budget?.amount).toBe(90);
    expect(r.notes.join(' ')).toMatch(/per day/);
  });
  it('leaves a total alone', () => {
    expect(parse('Rome from Milan, 3 days, $900 total').request.budget?.amount).toBe(900);
  });
});
