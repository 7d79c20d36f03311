/**
 * The request parser on shorthand and relations (issue 15 follow-up): terse lengths and arrow
 * routes, party shorthand and nicknames, requests made for someone else, evening wishes, hotel
 * tiers. Examples written for this file (none from a benchmark or from test/fixtures).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Gazetteer } from '../../agents/nlu/gazetteer.js';
import { parseTripText } from '../../agents/nlu/parser.js';
import { createJiebaSegmenter } from '../../agents/nlu/segmenter.js';
import type { Segmenter } from '../../agents/nlu/text.js';
import type { ParseResult } from '../../agents/nlu/types.js';
import { TripRequest } from '../../agents/schemas/trip-request.js';
import { chinesePlaceNames, loadGazetteer } from '../../knowledge/gazetteer/load.js';

/** A Thursday. */
const TODAY = '2027-03-11';
let gazetteer: Gazetteer;
let segmenter: Segmenter;

beforeAll(() => {
  gazetteer = loadGazetteer();
  segmenter = createJiebaSegmenter(chinesePlaceNames());
});

const parse = (text: string): ParseResult => parseTripText(text, { gazetteer, today: TODAY, segmenter });
const route = (r: ParseResult): string[] => [
  r.request.origin?.nameEn ?? '-',
  ...(r.request.destinations ?? []).map((d) => d.nameEn ?? d.name),
];
const party = (r: ParseResult): [number, number] | 'missing' =>
  r.missing.includes('travelers') ? 'missing' : [r.request.travelers!.adults, r.request.travelers!.children];

describe('terse lengths and routes', () => {
  it.each([
    ['hangzhou -> huangshan, 3d, 2ppl', ['Hangzhou', 'Huangshan'], 3],
    ['macau→zhuhai 2d2n', ['Macau', 'Zhuhai'], 2],
    ['tokyo>osaka>kyoto 6d5n solo', ['Tokyo', 'Osaka', 'Kyoto'], 6],
    ['rome - florence - venice 7 days', ['Rome', 'Florence', 'Venice'], 7],
    ['南宁→北海，4d，两人', ['Nanning', 'Beihai'], 4],
    ['长沙->张家界 住2晚', ['Changsha', 'Zhangjiajie'], 3],
    // `HK`: the everyday abbreviation of Hong Kong opens a route.
    ['HK -> Shenzhen, 2 days, by train', ['Hong Kong', 'Shenzhen'], 2],
  ])('%s', (text, stops, days) => {
    const r = parse(text);
    expect(route(r)).toEqual(stops);
    expect(r.request.days).toBe(days);
  });

  it('an amount with a lower-case currency code is a budget in that currency', () => {
    expect(parse('paris to nice, 4d, 2 pax, 1.5k eur').request.budget).toMatchObject({
      amount: 1500,
      currency: 'EUR',
    });
    expect(parse('busan -> jeju, 3d, 800k krw total').request.budget).toMatchObject({
      amount: 800000,
      currency: 'KRW',
    });
  });

  it('a month followed by a length is a month and a length, not a day of the month', () => {
    const r = parse('Thinking of Lisbon next May, 4 days, from Madrid, me and a friend');
    expect(r.request.startMonth).toBe('2027-05');
    expect(r.request.startDate).toBeUndefined();
    expect(r.request.days).toBe(4);
  });

  it('a range of money is not read as a length (3d only after a number of at most two digits)', () => {
    expect(parse('from berlin to munich, budget 300d').request.days).toBeUndefined();
  });
});

describe('party shorthand and relations', () => {
  it.each([
    ['Shenzhen to Guilin, 4 days, 3pax', [3, 0]],
    ['fam of 3 from Wuxi to Qingdao, 5 days', [3, 0]],
    ['me + my bf, Chengdu to Lhasa, 8 days', [2, 0]],
    ['me and hubby, Kunming to Dali, 4 days', [2, 0]],
    ['Me and my bestie, from Dalian to Harbin, 3 days', [2, 0]],
    ['just me and my bro, Xiamen to Quanzhou, 2 days', [2, 0]],
    ['2 of us + a baby, Sanya from Haikou, 4 days', [2, 1]],
    ['me, my wife, our 3 girls and my dad. Zurich to Lucerne, 3 days', [3, 3]],
    ['Taking my 2 nephews from Perth to Sydney for 5 days', [3, 0]],
  ])('%s', (text, expected) => {
    expect(party(parse(text))).toEqual(expected);
  });

  it.each([
    ['我+男票，从重庆去西安，4天', [2, 0]],
    ['老婆+我+一个娃，上海去扬州，2天', [2, 1]],
    ['我和发小两个从太原去平遥，2天', [2, 0]],
    ['我跟我姐还有姐夫，郑州去开封，2天', [3, 0]],
    ['闺蜜俩想从成都去稻城，6天', [2, 0]],
    ['我们两口子加两个娃，从厦门去武夷山，3天', [2, 2]],
    ['我和我老婆还有丈母娘，从杭州去黄山，3天', [3, 0]],
  ])('%s', (text, expected) => {
    expect(party(parse(text))).toEqual(expected);
  });

  it('a request made for others does not count the writer', () => {
    expect(party(parse('帮我爸妈安排一下，他们想从兰州去敦煌玩5天'))).toEqual([2, 0]);
    expect(party(parse('给我公婆规划个行程：广州去桂林，4天'))).toEqual([2, 0]);
    expect(party(parse('My grandparents want to go from Nanjing to Xiamen for 5 days'))).toEqual([2, 0]);
    expect(party(parse('Planning a trip for my mum and her friend: Leeds to York, 2 days'))).toEqual([2, 0]);
  });

  it('the writer who comes along is counted even when the trip is for someone else', () => {
    expect(
      party(parse('Planning a trip for my parents: me, my mom and dad, Boston to Maine, 4 days')),
    ).toEqual([3, 0]);
    expect(party(parse('帮我爸妈规划，我也一起去，从南昌去庐山，3天'))).toEqual([3, 0]);
  });
});

describe('evening wishes', () => {
  it.each([
    ['晚上想看一场演出，从上海去杭州，2天', ['show'], ['演出']],
    ['从北京去重庆，3天，想看夜景，还想逛夜市', ['night_view', 'night_market'], ['夜景', '夜市']],
    ['Vienna from Salzburg, 3 days, we want to catch a concert one evening', ['show'], ['concert']],
    ['Taipei 4 days from Hong Kong, love a good night market', ['night_market'], ['night market']],
  ])('%s', (text, kinds, words) => {
    const r = parse(text);
    expect((r.request.evenings ?? []).map((e) => e.kind)).toEqual(kinds);
    // An evening wish is a kind of outing, not a place to visit.
    for (const w of words) expect(r.request.mustVisit ?? []).not.toContain(w);
  });

  it('a ruled-out or named evening thing is not a wish', () => {
    expect(parse('从广州去长沙，3天，不想看演出').request.evenings ?? []).toEqual([]);
    expect(
      parse('We live in Dubai and want to show our kids Abu Dhabi, 2 days').request.evenings ?? [],
    ).toEqual([]);
    expect(
      (
        parse('From Taichung to Taipei, 2 days, must visit Shilin Night Market').request.evenings ?? []
      ).filter((e) => !e.place),
    ).toEqual([]);
  });

  it('the wishes survive the TripRequest schema', () => {
    const r = parse('晚上想看演出，从南京去上海，3天，两个人');
    const request = TripRequest.parse({ ...r.request, origin: r.request.origin });
    expect(request.evenings).toEqual([{ kind: 'show' }]);
  });
});

describe('hotel tiers', () => {
  it.each([
    ['从武汉去宜昌，3天，住好一点', 'upscale'],
    ['Suzhou from Shanghai, 2 days, a nice hotel please', 'upscale'],
    ['从深圳去三亚，5天，住五星酒店', 'luxury'],
    ['Maldives from Colombo, 5 days, luxury resort', 'luxury'],
    ['从昆明去大理，4天，经济实惠的就行', 'budget'],
    ['Hanoi to Hue, 3 days, cheap guesthouses', 'budget'],
    ['从西安去延安，2天，住宿希望是豪华型酒店', 'luxury'],
  ])('%s', (text, tier) => {
    expect(parse(text).request.accommodation?.tier).toBe(tier);
  });
});

describe('must-visits named in passing', () => {
  it.each([
    ['从杭州去安吉，2天，想去安吉大竹海', ['安吉大竹海']],
    ['国庆去北京环球影城，从天津出发，2天', ['环球影城']],
    ['从贵阳去黄果树瀑布太远了吗？去安顺看黄果树瀑布，2天', ['黄果树瀑布']],
    ['Xiamen from Fuzhou, 2 days, must see 南普陀寺', ['南普陀寺']],
    ['Anaheim from San Diego, 2 days, the kids want Disneyland', ['Disneyland']],
    ['Harbin from Beijing, 4 days, the ice lantern show is a must', ['ice lantern show']],
  ])('%s', (text, expected) => {
    expect(parse(text).request.mustVisit).toEqual(expected);
  });

  it('a kind of sight every city has names none, and the city stays the destination', () => {
    const r = parse('从福州去泉州逛逛古城，2天');
    expect(route(r)).toEqual(['Fuzhou', 'Quanzhou']);
    expect(r.request.mustVisit).not.toContain('泉州古城');
  });
});

describe('a named place given to someone in the party', () => {
  it.each([
    [
      'From Shenzhen to Hong Kong for 3 days, we want to take the kids to Ocean Park and Disneyland',
      ['Ocean Park', 'Disneyland'],
    ],
    ['Beijing, Great Wall for the kids, 4 days from Shanghai', ['Great Wall']],
    ['Tokyo 5 days from Osaka, Ghibli Museum for my daughter', ['Ghibli Museum']],
  ])('%s', (text, expected) => {
    expect(parse(text).request.mustVisit).toEqual(expected);
  });

  it('a city given to the family is a destination, not a wish', () => {
    const r = parse('Hong Kong for the family, 3 days from Beijing');
    expect(r.request.mustVisit ?? []).toEqual([]);
  });
});
