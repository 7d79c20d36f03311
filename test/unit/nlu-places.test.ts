/**
 * The request parser's place fields (issue 15): codes and one-character names on routes, tables,
 * where the writer is now, places of past trips and of the writer's life, corrections of order,
 * spoken fillers, routes inside a country, one-character typos. Examples written for this file
 * (none from a benchmark or from test/fixtures).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Gazetteer } from '../../agents/nlu/gazetteer.js';
import { parseTripText } from '../../agents/nlu/parser.js';
import { createJiebaSegmenter } from '../../agents/nlu/segmenter.js';
import type { Segmenter } from '../../agents/nlu/text.js';
import type { ParseResult } from '../../agents/nlu/types.js';
import { chinesePlaceNames, loadGazetteer } from '../../knowledge/gazetteer/load.js';

const TODAY = '2027-03-11';
let gazetteer: Gazetteer;
let segmenter: Segmenter;

beforeAll(() => {
  gazetteer = loadGazetteer();
  segmenter = createJiebaSegmenter(chinesePlaceNames());
});

const parse = (text: string): ParseResult => parseTripText(text, { gazetteer, today: TODAY, segmenter });
/** Origin (or `-`), then the destinations, by English name. */
const route = (text: string): string[] => {
  const r = parse(text);
  return [r.request.origin?.nameEn ?? '-', ...(r.request.destinations ?? []).map((d) => d.nameEn ?? d.name)];
};

describe('airport and city codes, one-character names', () => {
  it.each([
    ['CAN→CTU 3D, 2 adults', ['Guangzhou', 'Chengdu']],
    ['flying out of JFK to LHR, a week', ['New York', 'London']],
    ['OSA - SEL - BJS, 8 days', ['Osaka', 'Seoul', 'Beijing']],
    ['LA to SF, 2 days, by car', ['Los Angeles', 'San Francisco']],
    ['CDG 3 nights, solo', ['-', 'Paris']],
    ['甬→沪 2天 2人', ['Ningbo', 'Shanghai']],
    ['邕-筑-昆 6天', ['Nanning', 'Guiyang', 'Kunming']],
  ])('%s', (text, stops) => {
    expect(route(text)).toEqual(stops);
  });

  it('a code or a one-character name off a route is an ordinary word', () => {
    expect(route('We are NOT going anywhere cold. Thinking Lisbon, 4 days')).toEqual(['-', 'Lisbon']);
    expect(route('想吃沪菜，去苏州玩两天')).toEqual(['-', 'Suzhou']);
  });
});

describe('forms', () => {
  it('a Markdown table is read as key and value lines', () => {
    expect(route('| 项目 | 内容 |\n| --- | --- |\n| 出发 | 南宁 |\n| 去哪 | 北海 |\n| 人数 | 2 |')).toEqual([
      'Nanning',
      'Beihai',
    ]);
    expect(route('| Field | Value |\n|---|---|\n| Departure | Denver |\n| Destination | Austin |')).toEqual([
      'Denver',
      'Austin',
    ]);
  });

  it('question keys: 从哪出发, 去哪', () => {
    expect(route('1. 从哪出发：长沙\n2. 去哪：首尔、釜山\n3. 几天：5天')).toEqual([
      'Changsha',
      'Seoul',
      'Busan',
    ]);
  });
});

describe('where the writer is now', () => {
  it('我们俩在 X: the party, then where they are', () => {
    expect(route('我们俩在厦门，想去福州玩三天')).toEqual(['Xiamen', 'Fuzhou']);
  });

  it('a city name that is also a word, in a lower-case text, after a word asking for a city', () => {
    expect(route('we live in austin, dallas for 2 days, by car')).toEqual(['Austin', 'Dallas']);
    expect(route('going to nice restaurants in paris')).toEqual(['-', 'Paris']);
  });

  it('of several origins, the one that opens a route wins', () => {
    expect(
      route(
        'My cousin is visiting from Paris next month, and we want to go from London to Edinburgh for 3 days.',
      ),
    ).toEqual(['London', 'Edinburgh']);
  });
});

describe('places that are not this trip', () => {
  it.each([
    ['我去年去过青岛，今年想去大连玩4天', ['-', 'Dalian']],
    ['年轻时去过桂林和昆明。这次从南昌出发去北京', ['Nanchang', 'Beijing']],
    ['经常出差去东京和首尔，这次想带家人去清迈', ['-', 'Chiang Mai']],
    ["We've done Lisbon and Porto in past years. This summer we want Vienna, 5 days.", ['-', 'Vienna']],
    ['I teach in Boston. Been to Chicago twice. Let us do Denver, 3 days.', ['-', 'Denver']],
    ['I moved from Dublin to London years ago. Thinking Prague for a week.', ['-', 'Prague']],
  ])('%s', (text, stops) => {
    expect(route(text)).toEqual(stops);
  });

  it('a place of a past trip named again as a destination is given up for the new one', () => {
    expect(route('从长沙出发去桂林。想了想桂林去年去过了，还是改去柳州吧')).toEqual(['Changsha', 'Liuzhou']);
  });

  it('a past trip does not hide a destination named only once', () => {
    expect(route('去年去过成都，还想再去成都吃火锅')).toEqual(['-', 'Chengdu']);
  });

  it('a second thought after an ellipsis gives the place up', () => {
    expect(
      route('Was thinking Denver... no wait, my sister says it is too cold, so Austin instead. 3 days.'),
    ).toEqual(['-', 'Austin']);
  });

  it('a sight named after a place is not the place', () => {
    expect(route('Hong Kong for 4 days. We want the night view from Victoria Peak.')).toEqual([
      '-',
      'Hong Kong',
    ]);
  });
});

describe('routes and lists', () => {
  it.each([
    ['我和老婆从武汉去长沙和南昌，先南昌再长沙', ['Wuhan', 'Nanchang', 'Changsha']],
    ['Thinking Milan, 5 days. Actually I meant Verona first and then Milan.', ['-', 'Verona', 'Milan']],
    ['we wanna do Rome and then uh Naples in May', ['-', 'Rome', 'Naples']],
    ['planning Italy top to bottom, Milan -> Florence -> Rome, 10 days', ['-', 'Milan', 'Florence', 'Rome']],
    ['想去泰国，曼谷和清迈各玩几天', ['-', 'Bangkok', 'Chiang Mai']],
    ['国庆去北疆玩，乌鲁木齐进，然后去喀什', ['-', 'Urumqi', 'Kashgar']],
    ['4 days in Rome. Also adding Naples at the end.', ['-', 'Rome', 'Naples']],
    ['就是想去那个青岛啊然后三天吧', ['-', 'Qingdao']],
  ])('%s', (text, stops) => {
    expect(route(text)).toEqual(stops);
  });

  it('a city, then what is done there, is a destination, not a sight', () => {
    const r = parse('寒假想去长白山滑雪，一家三口');
    expect(r.request.destinations?.map((d) => d.nameZh)).toEqual(['长白山']);
    expect(r.request.mustVisit).toEqual([]);
  });
});

describe('typos of place names', () => {
  it.each([
    ['杭洲出发，去黄山玩3天', ['Hangzhou', 'Huangshan']],
    ['train from Lisbn to Madrid', ['Lisbon', 'Madrid']],
    ['thinking about Kyotto in april, 4 days', ['-', 'Kyoto']],
  ])('%s', (text, stops) => {
    expect(route(text)).toEqual(stops);
  });

  it('a verb form before a place word is not a misspelt name', () => {
    const r = parse('Starting in Boston and ending in Chicago, 4 days');
    expect(route('Starting in Boston and ending in Chicago, 4 days')).toEqual(['Boston', 'Chicago']);
    expect(r.notes.join(' ')).not.toMatch(/Read "/);
  });

  it('a sight or an area ending in a kind of place is not a misspelt city', () => {
    expect(parse('去北海，必去银滩').request.destinations?.map((d) => d.nameZh)).toEqual(['北海']);
    expect(parse('想去北疆自驾').notes.join(' ')).not.toMatch(/北京/);
  });
});

describe('must-visit and must-avoid', () => {
  const mv = (text: string): string[] => parse(text).request.mustVisit ?? [];
  const ma = (text: string): string[] => parse(text).request.mustAvoid ?? [];

  it.each([
    ['去开封玩两天，清明上河园和铁塔公园都要去看看', ['清明上河园', '铁塔公园']],
    ['去泉州，开元寺也想去看看，不想太赶', ['开元寺']],
    ['去北京玩，故宫、天坛和颐和园一定要去', ['故宫', '天坛', '颐和园']],
    ['想去济南和泰安，4天，一定要去泰山', ['泰山']],
    ['去黄山玩三天，宏村必去', ['宏村']],
    ['从西安出发去渭南，两天，想爬华山', ['华山']],
  ])('zh: %s', (text, names) => {
    expect(mv(text)).toEqual(names);
  });

  it.each([
    ['寒假想去苏州玩', []],
    ['老公说今年想去杭州', []],
    ['我们都想去成都', []],
    ['今年一定要带爸妈去看一次海', []],
  ])('zh: a time, a person or a sentence before 想去 names no sight: %s', (text, names) => {
    expect(mv(text)).toEqual(names);
  });

  it.each([
    ['Going to Lisbon. Belem Tower for sure, the kids love boats.', ['Belem Tower']],
    ['Amsterdam, 3 days. We love art and the Rijksmuseum is top of the list.', ['Rijksmuseum']],
    ['Paris with my wife. The Eiffel Tower is non-negotiable.', ['Eiffel Tower']],
    ['Rome, 4 days. St. Peter’s Basilica and the Colosseum for sure.', ['St. Peter’s Basilica', 'Colosseum']],
    ['we really wanna go to Legoland like that is a must', ['Legoland']],
    ['Tokyo for a week, def want to hit Shibuya Sky', ['Shibuya Sky']],
  ])('en: %s', (text, names) => {
    expect(mv(text)).toEqual(names);
  });

  it('a place named for sure is a destination, not a sight', () => {
    const r = parse('Thinking of Italy. Venice for sure, 3 days.');
    expect(r.request.mustVisit).toEqual([]);
    expect(r.request.destinations?.map((d) => d.nameEn)).toEqual(['Venice']);
  });

  it.each([
    ['去厦门浪几天，鼓浪屿就算了听说人挤人', ['鼓浪屿']],
    ['去三亚玩5天，蜈支洲岛就不去了，晕船', ['蜈支洲岛']],
    ['Taipei 4 days, want 九份 but no 故宫博物院', ['故宫博物院']],
    ['Paris for 3 days. We are NOT doing the Louvre queues.', ['Louvre']],
  ])('avoid: %s', (text, names) => {
    expect(ma(text)).toEqual(names);
  });
});

describe('terse requests', () => {
  const mv = (text: string): string[] => parse(text).request.mustVisit ?? [];

  it.each([
    ['成都-乐山，2天，3人，乐山大佛', ['乐山大佛']],
    ['津→京 1天 2A 天安门+故宫', ['天安门', '故宫']],
    ['Kyoto, 5 days, 2 pax, Fushimi Inari + Kinkakuji', ['Fushimi Inari', 'Kinkakuji']],
    ['LAX→SFO 3D2N, solo, Alcatraz', ['Alcatraz']],
  ])('the last field names the sight: %s', (text, names) => {
    expect(mv(text)).toEqual(names);
  });

  it.each([
    ['Paris, 3 days, 2 people, Relaxed'],
    ['LDN-EDI, Eurostar, 3D2N, 2pax'],
    ['三亚。春节。5天4晚。两大一小。五星。'],
    ['想去杭州，两个人，三天，谢谢'],
    ['We want Lisbon, 4 days, 2 of us, Tuesday'],
  ])('a last field that is another field, or a sentence, names none: %s', (text) => {
    expect(mv(text)).toEqual([]);
  });
});

describe('sights in brackets, in the plan, in remarks', () => {
  const r = (text: string): ParseResult => parse(text);

  it('sights in brackets after a place; the place stays a destination', () => {
    const en = r('Start city: Denver\nGoing to: Los Angeles (Universal Studios + Getty Center)\nAdults: 2');
    expect(en.request.mustVisit).toEqual(['Universal Studios', 'Getty Center']);
    expect(en.request.destinations?.map((d) => d.nameEn)).toEqual(['Los Angeles']);
    const zh = r('去北京（故宫、颐和园）玩三天');
    expect(zh.request.mustVisit).toEqual(['故宫', '颐和园']);
    expect(zh.request.destinations?.map((d) => d.nameZh)).toEqual(['北京']);
  });

  it('brackets holding a party or a remark name no sight', () => {
    expect(r('Paris (2 adults + 1 kid), 3 days').request.mustVisit).toEqual([]);
    expect(r('去三亚（海边）玩').request.mustVisit).toEqual([]);
  });

  it('安排 X: a sight the plan should include, not how full it is', () => {
    expect(r('从武汉去宜昌，希望能安排三峡大坝看看').request.mustVisit).toEqual(['三峡大坝']);
    expect(r('去成都，不要安排太满').request.mustAvoid).toEqual([]);
    expect(r('麻烦帮忙安排一下：本人在北京，去杭州2天').request.mustVisit).toEqual([]);
  });

  it('a remark in brackets after a place to skip is not part of its name', () => {
    expect(r('去三亚，不想去蜈支洲岛（太贵了）').request.mustAvoid).toEqual(['蜈支洲岛']);
  });

  it('a venue after 去 is not a misspelt city', () => {
    expect(r('珠海出发去澳门，两天，不去赌场').request.mustAvoid).toEqual(['赌场']);
  });

  it('a brand written with an inner capital is a name', () => {
    expect(r('Tokyo for a week, def want to hit teamLab').request.mustVisit).toEqual(['teamLab']);
  });
});

describe('a sight, then what to do there', () => {
  it.each([
    ['去杭州玩三天，西湖一定要骑车转一圈', ['西湖']],
    ['去青岛，栈桥必须去走走', ['栈桥']],
    ['去西安，晚上一定要逛夜市', []],
  ])('%s', (text, names) => {
    expect(parse(text).request.mustVisit).toEqual(names);
  });
});

describe('more wish verbs', () => {
  it.each([
    ['San Francisco, 3 days. Please include Alcatraz and Muir Woods.', ['Alcatraz', 'Muir Woods']],
    ['Kyoto for 4 days, we want to eat our way through Nishiki Market', ['Nishiki Market']],
  ])('%s', (text, names) => {
    expect(parse(text).request.mustVisit).toEqual(names);
  });
});

describe('a plan written day by day', () => {
  it.each([
    [
      '从合肥出发。第1天南京，第2-3天苏州，第4天扬州，第5天从扬州回合肥',
      ['Hefei', 'Nanjing', 'Suzhou', 'Yangzhou'],
      5,
    ],
    [
      'Leaving from Boston.\nDay 1: New York\nDays 2-3: Philadelphia\nDay 4 Washington',
      ['Boston', 'New York', 'Philadelphia', 'Washington'],
      4,
    ],
    ['D1 成都 / D2-3 乐山 / D4 峨眉山市 / D5 回成都', ['Chengdu', 'Leshan', 'Emeishan'], 5],
  ])('%s', (text, stops, days) => {
    const r = parse(text);
    expect(route(text).filter((s) => s !== '-')).toEqual(stops);
    expect(r.request.days).toBe(days);
  });

  it('the first day of a route names the origin, not a stop', () => {
    expect(route('第一天：上海到苏州\n第二天：拙政园\n第三天：回上海')).toEqual(['Shanghai', 'Suzhou']);
  });

  it("a day's programme names the sights to see, not the travel or the rest", () => {
    expect(parse('到厦门\nD1 逛鼓浪屿\nD2 南普陀寺和曾厝垵\nD3 返程').request.mustVisit).toEqual([
      '鼓浪屿',
      '南普陀寺',
      '曾厝垵',
    ]);
    expect(
      parse(
        'Day 1: arrive in Paris\nDay 2: the Louvre in the morning\nDay 3: Montmartre\nDay 4: shopping\nDay 5: fly home',
      ).request.mustVisit,
    ).toEqual(['Montmartre']);
  });

  it('a stated length longer than the days written stays', () => {
    expect(parse('10 days in Japan. Day 1 Tokyo, Day 2 Tokyo, rest open').request.days).toBe(10);
  });

  it('a lone day marker is no day plan', () => {
    expect(parse('去青岛玩3天，第2天想去崂山').request.days).toBe(3);
  });
});

describe('the way home names the origin', () => {
  it.each([
    ['4 days in Edinburgh, then the train back to Manchester', ['Manchester', 'Edinburgh']],
    ['A week in Lisbon. We fly from Porto, which is where we live.', ['Porto', 'Lisbon']],
  ])('%s', (text, stops) => {
    expect(route(text)).toEqual(stops);
  });

  it('a pair of misspelt names alone in a clause is read as the two places', () => {
    expect(route('宁波和杭洲，四天，两个人').slice(1)).toEqual(['Ningbo', 'Hangzhou']);
  });

  it('a wish verb at the end of one line does not swallow the next line', () => {
    expect(parse('想去看看\n上海出发 去黄山\n4天').request.mustVisit).toEqual([]);
  });
});

describe('where someone else lives or comes from is no stop of this trip', () => {
  it.each([
    ['My aunt in Seattle says hi. We want Denver for 4 days, leaving from Chicago.', ['Chicago', 'Denver']],
    [
      "My husband's from Lyon, so we know France. This time Lisbon, 5 days, from Boston.",
      ['Boston', 'Lisbon'],
    ],
    [
      'My best mate lives in Madrid now. Thinking Porto for a long weekend, from London.',
      ['London', 'Porto'],
    ],
    ['We lived in Auckland for years. Now a week in Cairns, from Melbourne.', ['Melbourne', 'Cairns']],
    ['Me and my daughter from Austin to Chicago, 3 days.', ['Austin', 'Chicago']],
    ['我研究生是在南京读的，现在想从上海去黄山玩三天', ['Shanghai', 'Huangshan']],
    ['春节一般都回长沙，今年不回了，从广州去厦门玩四天', ['Guangzhou', 'Xiamen']],
  ])('%s', (text, stops) => {
    expect(route(text)).toEqual(stops);
  });
});

describe('more ways to name a route', () => {
  it.each([
    ['Planning Seattle to Portland, 4 days, two of us', ['Seattle', 'Portland']],
    ['Two weeks based in Florence with day trips, we fly from Toronto', ['Toronto', 'Florence']],
    ['从西安出发，敦煌怎么样？五天', ['Xian', 'Dunhuang']],
    ['vegas weekend with my wife, from Denver', ['Denver', 'Las Vegas']],
  ])('%s', (text, stops) => {
    expect(route(text).map((s) => s.replace("Xi'an", 'Xian'))).toEqual(stops);
  });
});

describe('more origins and destinations in plain Chinese', () => {
  it.each([
    ['不从广州走了，改从深圳出发，去桂林4天', ['Shenzhen', 'Guilin']],
    ['帮我爸妈安排一下：他们在太原，想去平遥玩两天', ['Taiyuan', 'Pingyao']],
    ['前年去了大理，听说昆明挺好，从贵阳出发，3天', ['Guiyang', 'Kunming']],
  ])('%s', (text, stops) => {
    expect(route(text)).toEqual(stops);
  });

  it('a friend praising a place is no destination when another one is chosen', () => {
    expect(route('同事老说苏州不错。不过我想去南京，从合肥出发，三天')).toEqual(['Hefei', 'Nanjing']);
  });

  it('NOLA is New Orleans', () => {
    expect(route('NOLA from Dallas, 4 days')).toEqual(['Dallas', 'New Orleans']);
  });
});
