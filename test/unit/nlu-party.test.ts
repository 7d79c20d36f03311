/**
 * The party grammar (agents/nlu/party.ts) and the spending tier: corrections of counts, shorthand,
 * form fields, counts plus companions, relations written side by side, writing for others,
 * misspelt relations, relations that stay home, single children added up. Own example texts.
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
const party = (text: string): [number, number] => {
  const t = parse(text).request.travelers!;
  return [t.adults, t.children];
};

describe('party: counts', () => {
  it.each([
    // A later count replaces an earlier one only after a correction word.
    ['Lyon to Nice, 2 adults. Actually my cousin joins us, so 3 adults and 1 kid.', [3, 1]],
    ['去厦门，2个大人。不对，改成3个大人2个小孩', [3, 2]],
    // Shorthand adults / children, and a rating that is not a party.
    ['青岛 3D2N 3A2C 高铁', [3, 2]],
    ['Seoul 5D, 1A+1C', [1, 1]],
    ['成都 4天 2A+1老人', [3, 0]],
    ['杭州去黄山 5A景区 3人', [3, 0]],
    // A count plus an adult companion.
    ['Porto, 3 adults + my aunt, 4 days', [4, 0]],
    ['两个大人加一个老人，去桂林', [3, 0]],
    // Counted group nouns, a singular traveller, `we are N`.
    ['Our choir (twelve ladies) wants to see Vienna', [12, 0]],
    ['Madrid, one traveler, 2 days', [1, 0]],
    ["We're four, all grown-ups, heading to Prague", [4, 0]],
    // Misspelt party words.
    ['famly of five to Denver', [5, 0]],
    ['Denver with 3 adluts and 2 kids', [3, 2]],
  ])('%s', (text, expected) => {
    expect(party(text)).toEqual(expected);
  });

  it('reads form fields for adults and children, also in table cells', () => {
    expect(party('From: Leeds\nTo: York\nAdults: 3\nChildren: 2 (ages 4, 8)')).toEqual([3, 2]);
    expect(party('| 出发 | 南京 |\n| 目的地 | 苏州 |\n| 人数 | 2 |')).toEqual([2, 0]);
  });
});

describe('party: companions', () => {
  it.each([
    // Relations side by side, and the people a plan is made for when the writer comes too.
    ['帮外公外婆安排去庐山三天，我陪他们一起', [3, 0]],
    ['我带老婆孩子去威海', [2, 1]],
    // A child word right after a child word names the same children.
    ['带双胞胎儿子去长沙，一家四口', [2, 2]],
    // The other parent named through the child.
    ['我和娃他爸带娃去珠海', [2, 1]],
    // Pairs: 娘俩, 爷儿俩, 祖孙俩 with the grandchild named.
    ['我们娘俩去大连，儿子8岁', [1, 1]],
    ['就我们祖孙俩去西安，外孙女上三年级', [1, 1]],
    // Self-description: `爸爸妈妈加一个宝宝` by one of the parents.
    ['去烟台五天，爸爸妈妈加一个宝宝', [2, 1]],
    // Mixed language.
    ['我和我dad去Osaka', [2, 0]],
    ['Me and my 外婆 going to Xiamen', [2, 0]],
    // A misspelt relation after `my`.
    ['thinking of Bruges, me and my grandmohter', [2, 0]],
    ['me and my teenage son to Bristol', [1, 1]],
  ])('%s', (text, expected) => {
    expect(party(text)).toEqual(expected);
  });

  it('does not count relations that stay home', () => {
    expect(party('The cat is staying with my sister. Me and my husband want 3 days in Cork.')).toEqual([
      2, 0,
    ]);
    expect(party('A colleague just got back from Oslo and loved it. Just me and my mum, 4 days.')).toEqual([
      2, 0,
    ]);
  });

  it.each([
    ['Me and my wife to Malta. The kids are staying with their aunt.', [2, 0]],
    ['我和老公去北海，娃放外婆家', [2, 0]],
    ['我和老婆去威海，这次不带孩子', [2, 0]],
    // A per-person amount read first does not leave a count behind.
    ['我们两个人，一人1500预算，去开封', [2, 0]],
  ])('%s', (text, expected) => {
    expect(party(text)).toEqual(expected);
  });

  it('does not count relations quoted as a source', () => {
    expect(parse('My cousin went to Seville last spring. Thinking of Granada for 3 days.').missing).toContain(
      'travelers',
    );
    expect(parse('我同事推荐了婺源，想去玩3天').missing).toContain('travelers');
    expect(party('我同事推荐了婺源，我和老婆想去玩3天')).toEqual([2, 0]);
  });

  it('does not count the writer who plans for others', () => {
    expect(party('Could you sort out a getaway for my in-laws? They want to see Edinburgh.')).toEqual([2, 0]);
    expect(party('Arranging this on behalf of my director: Milan, one traveller, 2 days.')).toEqual([1, 0]);
  });

  it.each([
    // Third parties as the subject of the trip; the writer does not travel unless they say so.
    ['My grandparents are taking my nephew (7) to Quebec, could you plan it?', [2, 1]],
    ['My dad is bringing my little sister (10) to Madrid', [1, 1]],
    ['我外公外婆想去洛阳看牡丹，麻烦帮忙安排', [2, 0]],
    ['我外公外婆想去洛阳看牡丹，我陪他们去', [3, 0]],
    // A child at university is an adult.
    ['我儿子今年大三，想去重庆玩，帮他安排一下', [1, 0]],
  ])('%s', (text, expected) => {
    expect(party(text)).toEqual(expected);
  });

  it('reads solo travel', () => {
    expect(party('#solotravel Lisbon 5 days')).toEqual([1, 0]);
    expect(party("just me and I'm starting from Dublin, going to Galway")).toEqual([1, 0]);
  });
});

describe('party: relations that change', () => {
  it.each([
    // A relation named, then dropped; a pronoun drops the one named last.
    ['我和老公去南京，本来想带孩子，孩子不去了', [2, 0]],
    ['我和老婆去成都，我小姨子也想去，后来她来不了了', [2, 0]],
    ['My husband and I, plus my brother. Update: my brother can’t make it', [2, 0]],
    // Grown-up children are adults.
    ['me and my daughter (27) to Vienna', [2, 0]],
    ['带儿子去西藏，儿子今年22岁', [2, 0]],
    ['a 35-year-old son and his mom, Seville', [2, 0]],
    // Work relations and `by herself`.
    ['Please organise Zurich for my supervisor, 2 days', [1, 0]],
    ['my niece wants to see Kyoto by herself, help me plan it', [1, 0]],
    // The people named as wanting to go, with the writer staying home.
    ['外公想去黄山看看，帮他安排一下', [1, 0]],
    ['我爸妈想去厦门，我就不去了', [2, 0]],
    // Openings that name the travellers; a pair trip.
    ['Four old friends, a long weekend in Dublin', [4, 0]],
    ['a father-daughter trip to Iceland', [2, 0]],
    ['an elderly couple from Bath, 5 days in Cornwall', [2, 0]],
    // Lists, grandchildren, infants, boys.
    ['husband + me + toddler, Crete', [2, 1]],
    ['I am taking my three grandkids to Legoland', [1, 3]],
    ['2 adults, 2 infants, Malta', [2, 2]],
    ['single mum with our two girls, Devon', [1, 2]],
    ['我跟三个同学去洛阳', [4, 0]],
    ['me plus 2 coworkers, Austin', [3, 0]],
  ])('%s', (text, expected) => {
    expect(party(text)).toEqual(expected);
  });
});

describe('party: more shapes', () => {
  it.each([
    // Couples are adults; children come on top.
    ['三对夫妻带两个孩子去阳朔', [6, 2]],
    ['two couples and one kid, Santorini', [4, 1]],
    // Pair words, comma lists, `就我自己`.
    ['我和老婆，还有我兄嫂，去湛江', [4, 0]],
    ['公公，婆婆和我，去无锡', [3, 0]],
    ['就我自己，去泉州', [1, 0]],
    // A number before the adjective; `little one`; short ages.
    ['Driving to Asheville with my three oldest friends', [4, 0]],
    ['my husband, me and our little one (2)', [2, 1]],
    ['me and my 9 yr old, Toronto', [1, 1]],
    ['we have a 6 yo and love museums, DC', [2, 1]],
    // `2+1家庭`.
    ['2+1家庭，去长隆', [2, 1]],
  ])('%s', (text, expected) => {
    expect(party(text)).toEqual(expected);
  });

  it('reads ages listed after a plural child word', () => {
    const t = parse('my wife and I, the girls are 5 and 11, Edinburgh').request.travelers!;
    expect([t.adults, t.children]).toEqual([2, 2]);
    expect(t.childAges).toEqual([5, 11]);
    expect(parse('kids, 3 and 4 days in Rome').request.travelers?.childAges).toEqual([]);
  });
});

describe('party: recounts and additions', () => {
  it.each([
    ['Four of us to Oslo. Hmm, make that three.', [3, 0]],
    ['4 people, 3 days. Make it 4 days.', [4, 0]],
    ['我们三个人去苏州，后来改成4个人', [4, 0]],
    ['我们两个人去青岛，后来又多了两个同学', [4, 0]],
    ['3 people to Bruges, plus one more friend maybe', [4, 0]],
    ['2 of us so far, 2 more people are joining', [4, 0]],
    ['me, my dad and my uncle. Update: my uncle dropped out', [2, 0]],
    ['booking for myself and three coworkers, Hamburg', [4, 0]],
    ["we're 3 couples going to Tulum", [6, 0]],
    ['我和我最好的朋友去大理', [2, 0]],
  ])('%s', (text, expected) => {
    expect(party(text)).toEqual(expected);
  });
});

describe('party: informal words', () => {
  it.each([
    ['hubby and I, Rome 4 days', [2, 0]],
    ['me and my better half, Lake Como', [2, 0]],
    ['DW and I plus DS7 and DD(4), Legoland', [2, 2]],
    ['DH, me and DS21 to Chicago', [3, 0]],
    ['Dates: DD/MM 14/02, Venice 3 days', null],
    ['我和我老婆俩人还有我岳父，去秦皇岛', [3, 0]],
  ])('%s', (text, expected) => {
    if (expected === null) expect(parse(text).missing).toContain('travelers');
    else expect(party(text)).toEqual(expected);
  });
});

describe('children', () => {
  it.each([
    ['my husband, me and our newborn, Bath', [2, 1]],
    ['with my wife and our 20-month-old, Ghent', [2, 1]],
    ['Two parents and two kids to Phoenix', [2, 2]],
    ['me and my two parents to Phoenix', [3, 0]],
  ])('%s', (text, expected) => {
    expect(party(text)).toEqual(expected);
  });
  it('reads months as an age in whole years', () => {
    expect(parse('we are bringing our 14 month old, Nice').request.travelers?.childAges).toEqual([1]);
  });
  it('adds up single children and does not count a definite one twice', () => {
    const r = parse('Three adults, a teenager (16) and a 7-year-old, going to Berlin').request.travelers!;
    expect([r.adults, r.children]).toEqual([3, 2]);
    expect([...r.childAges].sort((a, b) => a - b)).toEqual([7, 16]);
    expect(party('Paris with a baby: my husband, me and our 1-year-old')).toEqual([2, 1]);
  });
});

describe('budget amounts', () => {
  const budget = (text: string) => parse(text).request.budget;
  it('reads a currency word after the yen/yuan sign', () => {
    expect(budget('Osaka, budget ¥150,000 yen')).toMatchObject({ amount: 150000, currency: 'JPY' });
    expect(budget('预算¥3000元')).toMatchObject({ amount: 3000, currency: 'CNY' });
  });
  it('reads `grand` as a thousand, but not in a name', () => {
    expect(budget('we could spend about 4 grand in Montreal')).toMatchObject({ amount: 4000 });
    expect(budget('budget is a grand, Boston')).toMatchObject({ amount: 1000 });
    expect(budget('between 4 and 6 thousand dollars, Hawaii')).toMatchObject({
      amount: 6000,
      minAmount: 4000,
    });
    expect(budget('3 days at the Grand Canyon')).toBeUndefined();
  });
  it('reads `一共`/`in total` as a total budget', () => {
    expect(budget('三个人一共9000，去张家界')).toMatchObject({ amount: 9000, perPerson: false });
    expect(budget('一共4天，去张家界')).toBeUndefined();
  });
});

describe('budget level without an amount', () => {
  it.each([
    'a budget trip to Hanoi, 4 days',
    'Krakow, as cheap as possible, 3 days',
    'the cheapest possible weekend in Riga',
    '去成都玩三天，越便宜越好',
    '手头比较紧，想去开封两天',
    "money's tight, Porto for 4 days",
  ])('%s', (text) => {
    const r = parse(text);
    expect(r.request.budgetLevel).toBe('budget');
    expect(r.request.budget).toBeUndefined();
  });
  it('keeps an amount and no level when both are given', () => {
    const r = parse('Money is tight: about €400 each for Ghent');
    expect(r.request.budget).toMatchObject({ amount: 400, perPerson: true });
    expect(r.request.budgetLevel).toBeUndefined();
  });
  it('does not read spending little on one part of the trip as a level', () => {
    expect(parse('Vilnius 3 days, train tickets as cheap as possible').request.budgetLevel).toBeUndefined();
    expect(parse('去洛阳三天，住宿越便宜越好').request.budgetLevel).toBeUndefined();
  });
  it('reads a generous budget', () => {
    expect(parse("Maldives for a week, money's no object").request.budgetLevel).toBe('luxury');
    // No limit is no constraint, not a level.
    expect(parse('预算不限，去马尔代夫一周').request.budgetLevel).toBeUndefined();
  });
  it('does not read cheap food as a spending level', () => {
    expect(parse('Austin for 3 days, cheap eats and live music').request.budgetLevel).toBeUndefined();
  });
});
