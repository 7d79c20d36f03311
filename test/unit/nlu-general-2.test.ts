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
  it('keeps the sight and drops what is done there', () => {
    expect(mv('五一想去洱海骑行，从昆明出发，三天')).toEqual(['洱海']);
    expect(mv('想带爸妈去看天安门升国旗，从天津过去，两天')).toEqual(['天安门']);
  });
  it('reads a city then a doubled verb as a destination, not a sight', () => {
    const r = parse('想去青岛吹吹海风，周末，从济南出发');
    expect(r.request.mustVisit).toEqual([]);
    expect((r.request.destinations ?? []).map((d) => d.name)).toEqual(['青岛']);
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
  it('reads a sight to fit in', () => {
    expect(mv('Could we squeeze in the Alhambra? Granada, 2 days from Seville')).toEqual(['Alhambra']);
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

describe('modes compared or weighed in a question', () => {
  const tr = (text: string) => parse(text).request.transport;
  it('rules out the mode after rather ... than / instead of / 而不是', () => {
    expect(tr("Hanoi to Hue, 5 days. I'd much rather go by bus than fly.")).toMatchObject({
      avoid: ['flight'],
      prefer: ['bus'],
    });
    expect(tr('Munich to Berlin, two of us, we will take the train instead of a flight')).toMatchObject({
      avoid: ['flight'],
      prefer: ['train'],
    });
    expect(tr('从南京去北京，想坐高铁而不是飞机，3天')).toMatchObject({
      avoid: ['flight'],
      prefer: ['train'],
    });
  });
  it('reads no preference from a question that weighs modes', () => {
    expect(tr('从武汉去成都玩4天，动车和飞机哪个更快？')).toEqual({ avoid: [], prefer: [] });
    expect(tr('Train or plane from Madrid to Barcelona? 3 days, solo')).toEqual({ avoid: [], prefer: [] });
  });
  it('still reads a plain mode', () => {
    expect(tr('从西安坐高铁去洛阳，两天')?.prefer).toEqual(['train']);
  });
});

describe('typos of tier words', () => {
  it('reads a misspelt cheap, hotel or luxury', () => {
    expect(
      parse('Vegas from LA, 2 nights, 4 of us, a cheep motel or hostle').request.accommodation?.tier,
    ).toBe('budget');
    expect(parse('Rome for 3 days, we want a luxary hotle').request.accommodation?.tier).toBe('luxury');
  });
  it('leaves real words and names alone', () => {
    expect(parse('Paris 3 days with Jane, a chap from work').request.accommodation?.tier).toBeUndefined();
  });
});

describe('relatives named before a household count', () => {
  const party = (text: string) => parse(text).request.travelers;
  it('adds relatives joined to 一家三口', () => {
    expect(party('暑假带上公公婆婆和我们一家三口去青岛，从郑州出发，5天')?.adults).toBe(5);
    expect(party('我爸跟我们一家三口从杭州去厦门玩4天')?.adults).toBe(4);
  });
  it('does not count twice the members of the household', () => {
    const p = party('我和老公还有儿子，一家三口，从广州去桂林3天');
    expect((p?.adults ?? 0) + (p?.children ?? 0)).toBe(3);
    const q = party('老婆和我们一家三口去三亚');
    expect((q?.adults ?? 0) + (q?.children ?? 0)).toBe(3);
  });
});

describe('a destination given up and a route by arrows', () => {
  it('does not take a major city given up for a sight to avoid', () => {
    const r = parse('本来想去杭州，算了，不去杭州了，去绍兴，从宁波出发，两天');
    expect(r.request.mustAvoid).toEqual([]);
    expect(parse('去重庆4天，不想去洪崖洞，人太多').request.mustAvoid).toEqual(['洪崖洞']);
  });
  it('reads an everyday-word city opening a route by an arrow', () => {
    const r = parse('Nice > Marseille, 2d, solo');
    expect(r.request.origin?.name).toBe('Nice');
    expect((r.request.destinations ?? []).map((d) => d.name)).toEqual(['Marseille']);
  });
});

describe('complaints, questions and a day amount against the length', () => {
  const tr = (text: string) => parse(text).request.transport;
  it('does not wish for a mode complained about', () => {
    expect(tr('The bus takes way too long, so we will fly from Lima to Cusco, 5 days')?.prefer).toEqual([
      'flight',
    ]);
    expect(tr('Trains are too slow; we fly from Madrid to Rome, 4 days')?.prefer).toEqual(['flight']);
  });
  it('reads no wish from a question weighing modes, whichever reader saw them', () => {
    expect(tr('坐动车还是飞机去昆明比较好？从贵阳出发，3天')?.prefer).toEqual([]);
  });
  it('reads 一天预算 as an amount for one day, not a one-day trip', () => {
    const r = parse('一天预算800左右，我们俩从无锡去南京玩2天');
    expect(r.request.days).toBe(2);
    expect(r.request.budget?.amount).toBe(1600);
    expect(parse('明天从苏州去无锡 一日 2人').request.days).toBe(1);
  });
});

describe('a trip paid for others', () => {
  const party = (text: string) => parse(text).request.travelers;
  it('does not count a writer who only pays', () => {
    expect(
      party('My niece and her husband want Vienna for 4 days from Munich. I will pay for it.')?.adults,
    ).toBe(2);
    expect(party("My parents want Lisbon, a week from London, I'll cover the flights")?.adults).toBe(2);
  });
  it('still counts a writer who goes', () => {
    expect(party("I'll take my brother to Rome for 3 days, I'll pay")?.adults).toBe(2);
  });
});

describe('a sentence particle after a wished-for city', () => {
  it('reads the city as the destination, not a sight', () => {
    const r = parse('好想去曼谷耶，从广州出发，四天');
    expect(r.request.mustVisit).toEqual([]);
    expect((r.request.destinations ?? []).map((d) => d.name)).toEqual(['曼谷']);
    expect((parse('这次想去大理啦，昆明出发').request.destinations ?? []).map((d) => d.name)).toEqual([
      '大理',
    ]);
  });
});
