/**
 * The party grammar, second part (agents/nlu/party.ts, forms.ts, text.ts): groups with leaders,
 * counts as words and after their word, writing for others, per-head amounts inside a counted
 * party, Cantonese and Traditional text, relations only mentioned, form keys. Own example texts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Gazetteer } from '../../agents/nlu/gazetteer.js';
import { parseTripText } from '../../agents/nlu/parser.js';
import type { ParseResult } from '../../agents/nlu/types.js';
import { foldChineseVariants, normalizeText } from '../../agents/nlu/text.js';
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

describe('party: groups with leaders', () => {
  it.each([
    // Minors only when the text says so: a school grade, an age, an under-N team.
    ['初一年级20个学生加2个老师，去西安研学4天', [2, 20]],
    ['合唱团15个团员（都是大学生）和2个老师去厦门演出', [17, 0]],
    ['Under-12 side: 14 players (U12) and 2 coaches, Lyon for a cup, 3 days', [2, 14]],
    ['8 students (aged 15-16) plus 1 teacher, Berlin for 5 days', [1, 8]],
    ['9 university students and 2 professors... sorry, 9 students and 2 teachers to Rome', [11, 0]],
    // A child word names children without any age.
    ['五个孩子加两个家长，去动物园一天', [2, 5]],
    ['Cub pack: 18 cubs... sorry, 18 scouts (ages 8-10) and 3 leaders, Snowdonia', [3, 18]],
    ['25个小学生加3个老师去南京', [3, 25]],
    ['我带队，15个大学生去敦煌', [15, 0]],
    // A university named as a sight does not make the pupils grown-ups.
    ['初二的30个学生加3个老师，去北京参观清华大学', [3, 30]],
  ])('%s', (text, expected) => {
    expect(party(text)).toEqual(expected);
  });
});

describe('party: counts as words', () => {
  it.each([
    ['half a dozen of us want Lisbon for 4 days', [6, 0]],
    ['a trio of old friends, Porto, 3 days', [3, 0]],
    ['Team offsite: 5 designers plus me, Ghent, 2 days', [6, 0]],
    ['Taking my nephew (8) and niece (11) to Paris, just us three', [1, 2]],
    ['My husband, our 3 girls and me, Oslo', [2, 3]],
    ['我和老婆带双方父母去北海', [6, 0]],
    ['我们一家三口加上爸妈去桂林', [5, 0]],
    ['Bucks party: 9 blokes, Gold Coast, 3 nights', [9, 0]],
    ['Family holiday, 2+3, Algarve, a week', [2, 3]],
    ['Three grandparents and two grandkids, Bruges', [3, 2]],
    ['Solo mum with my 3 boys, Devon, 4 days', [1, 3]],
    ['帮外婆和她的两个老姐妹安排去苏州两天，我不去', [3, 0]],
    ['a dozen of us to Krakow', [12, 0]],
    ['全家七口人去三亚过年', [7, 0]],
    ['五口之家，想去青岛', [5, 0]],
    ['Cheap weekend in Porto for the pair of us', [2, 0]],
    ['both of us fancy Seville for 3 days', [2, 0]],
    ['me + 3, Prague, 4 days', [4, 0]],
    // `me + 2 days` is no party.
    ['Madrid, just me, 3 days + 2 days in Toledo', [1, 0]],
    ['Me and my SO, Copenhagen, 4 days', [2, 0]],
    ['Me, my husband and our twin girls (6), Legoland for 3 days', [2, 2]],
    ['the kids (three of them) and my wife, Cornwall for a week', [2, 3]],
    // Counts after their word, as in a booking form.
    ['去成都 成人3 儿童2（4岁、7岁） 5天', [3, 2]],
    ['大人2 老人1，去桂林', [3, 0]],
    ['成人两位，儿童一位，去长沙', [2, 1]],
    ['大人3个 小孩2个，去厦门', [3, 2]],
    // Shorthand in lower case, ages after a plural child word, a misspelt `adults`.
    ['xiamen 3d 2a2c', [2, 2]],
    ['Seville, family of 4 (kids 4 and 9)', [2, 2]],
    ['2 adlts 2 kids, Malaga', [2, 2]],
    ['我们一行五人，其中两个是小孩，去桂林', [3, 2]],
    // Not a count: an age or a length after the word.
    ['带孩子3岁，去珠海3天，我和老公', [2, 1]],
    // `each` families vs a total for both families.
    ['Two families with four kids in total, so 4 adults and 4 kids, Crete', [4, 4]],
  ])('%s', (text, expected) => {
    expect(party(text)).toEqual(expected);
  });
});

describe('party: writing for others', () => {
  it.each([
    // An assistant booking for someone else is not a traveller.
    ["I'm the assistant to our COO. He needs 2 days in Milan.", [1, 0]],
    ['我是王总的秘书，帮老板订一下去深圳的行程，两天', [1, 0]],
    ['替我们公司总监问一下：她带一个孩子去澳门玩三天，我本人不去', [1, 1]],
    // The one named goes with N mates: N + 1.
    [
      "My daughter (20) is off to Berlin with three college friends, 5 days. I won't be going myself.",
      [4, 0],
    ],
    // Tagging along includes the writer.
    ['My sister is going to Oslo for 3 days and I am tagging along', [2, 0]],
    // Named for others at the start of the request.
    ['For my aunt and uncle: Nice to Monaco, 2 days', [2, 0]],
    ['For my son and his fiancée: Bath, 2 days', [2, 0]],
    ['My manager needs 3 days in Oslo, just her', [1, 0]],
    // A partner's wish is a trip made together; parents' wishes are planned for them.
    ['我对象一直想看雪，打算十二月去哈尔滨四天', [2, 0]],
    ['My husband would like to see Vienna, so 4 days there in May', [2, 0]],
    ['我爸妈一直想去看雪，打算十二月去哈尔滨四天', [2, 0]],
    ['Grandma and grandpa fancy a week in Lisbon; they are flying from Leeds.', [2, 0]],
    ['My brother and his three kids want Cardiff for 4 days. Just the four of them.', [1, 3]],
  ])('%s', (text, expected) => {
    expect(party(text)).toEqual(expected);
  });
});

describe('party: the one named and their mates', () => {
  it('counts the one named and the mates they go with', () => {
    const [a, c] = party('儿子想和三个同学去青岛玩，我不跟着去');
    expect(a + c).toBe(4);
  });
});

describe('party: a per-head amount inside a counted party', () => {
  it('reads 一个人 before a budget as per head when the party is counted', () => {
    const r = parse('我们四个去曼谷五天，一个人预算三千');
    expect([r.request.travelers!.adults, r.request.travelers!.children]).toEqual([4, 0]);
    expect(r.request.budget).toMatchObject({ amount: 3000, perPerson: true });
  });
  it('reads an amount before or after 一人 as per head', () => {
    expect(party('两个人去丽江，一人六千左右')).toEqual([2, 0]);
    expect(party('三个人，4000块一个人，去丽江')).toEqual([3, 0]);
  });
  it('asks about an approximate count instead of reading 三四 as 34', () => {
    const r = parse('我们三四个人去丽江');
    expect(r.missing).toContain('travelers');
  });
  it('keeps a solo traveller when nothing else is counted', () => {
    expect(party('去西宁五天，一个人预算三千')).toEqual([1, 0]);
    expect(party('一个人预算三千，我们三个去西宁')).toEqual([3, 0]);
  });
});

describe('party: relations only mentioned', () => {
  it.each([
    ['My parents were from Porto, so this time my husband and I want Lisbon, 5 days', [2, 0]],
    ['My aunt in Madrid keeps inviting us, but my partner and I want Valencia, 4 days', [2, 0]],
    ["My brother's over in Perth; me and my wife want Darwin for a week", [2, 0]],
    ['The kids are staying at home with grandma. Me and my husband, Venice, 3 days', [2, 0]],
    // A pronoun in the list of travellers brings a mentioned relation back.
    ['My uncle grew up in Porto and misses it. He, my dad and I will go for 4 days', [3, 0]],
    // Where a companion comes from is no reason to leave them out.
    ['My wife is from Osaka; she and I want Kyoto for 5 days, me and my wife only', [2, 0]],
  ])('%s', (text, expected) => {
    expect(party(text)).toEqual(expected);
  });
});

describe('party: Cantonese and Traditional Chinese', () => {
  it.each([
    ['我哋三个想去东京玩五日', [3, 0]],
    ['两个大人同埋两个细路，去曼谷', [2, 2]],
    ['我們一家三口，孩子六歲，想從高雄去台中玩兩天', [2, 1]],
    ['一個人從台南出發去花蓮', [1, 0]],
    ['佢哋两公婆想去清迈玩四日', [2, 0]],
    ['我同老婆仔女去槟城', [2, 1]],
    ['我哋一家四口，细路一个六岁一个九岁', [2, 2]],
    ['幫我爸媽規劃去嘉義三天，我不去', [2, 0]],
    ['帶著兩個小孩去檳城', [1, 2]],
    // Northern `俺` for I / we.
    ['俺们仨去哈尔滨看冰灯', [3, 0]],
  ])('%s', (text, expected) => {
    expect(party(text)).toEqual(expected);
  });
  it('folds Traditional characters and Cantonese words one unit for one', () => {
    expect(foldChineseVariants('從臺北過去，兩個人')).toBe('从台北过去，两个人');
    expect(foldChineseVariants('我哋唔想太赶')).toBe('我们不想太赶');
    // `唔该` is thanks; `著名` stays, `帶著` becomes `带着`.
    expect(foldChineseVariants('唔该')).toBe('谢谢');
    expect(foldChineseVariants('著名景點，帶著孩子')).toBe('著名景点，带着孩子');
    expect(normalizeText('細路兩個')).toBe('小孩两个');
    const text = '預算兩萬，三天兩夜';
    expect(foldChineseVariants(text)).toHaveLength(text.length);
    // Simplified and English text comes back as it is.
    expect(foldChineseVariants('从北京出发 to Paris')).toBe('从北京出发 to Paris');
  });
  it('reads the places of a Traditional request', () => {
    const r = parse('從台北出發去花蓮，三天兩夜');
    expect(r.request.origin?.name).toBe('台北');
    expect(r.request.destinations?.map((d) => d.name)).toEqual(['花莲']);
  });
});

describe('party: form keys', () => {
  it.each([
    ['Destination: Bergen\nNumber of travellers: 4\nDuration: 5 days', [4, 0]],
    ['Destination: Split\nPax: 2 (me and my wife)\nDays: 6', [2, 0]],
    ['Destination: Ghent\nNumber of adults: 2\nNumber of children: 2\nDays: 3', [2, 2]],
    ['目的地：黄山\n成人人数：2\n儿童人数：1\n天数：3', [2, 1]],
  ])('%s', (text, expected) => {
    expect(party(text)).toEqual(expected);
  });
});
