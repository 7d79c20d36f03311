/**
 * Trip length, start dates and months, holidays, pace and evening wishes, on phrasings written for
 * these tests (none taken from the request sets), against a fixed today.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Gazetteer } from '../../agents/nlu/gazetteer.js';
import { nextHoliday } from '../../agents/nlu/holidays.js';
import { parseTripText } from '../../agents/nlu/parser.js';
import { createJiebaSegmenter } from '../../agents/nlu/segmenter.js';
import type { Segmenter } from '../../agents/nlu/text.js';
import { correctTimeTypos, timeWordFor } from '../../agents/nlu/time-typos.js';
import type { ParseResult } from '../../agents/nlu/types.js';
import { chinesePlaceNames, loadGazetteer } from '../../knowledge/gazetteer/load.js';

/** A Tuesday. */
const TODAY = '2026-12-01';
let gazetteer: Gazetteer;
let segmenter: Segmenter;

beforeAll(() => {
  gazetteer = loadGazetteer();
  segmenter = createJiebaSegmenter(chinesePlaceNames());
});

function parse(text: string, today = TODAY): ParseResult {
  return parseTripText(text, { gazetteer, today, segmenter });
}

describe('misspelt time words', () => {
  it('corrects a letter short, a letter long or two letters swapped, not substitutions', () => {
    expect(timeWordFor('dasy')).toBe('days');
    expect(timeWordFor('wekend')).toBe('weekend');
    expect(timeWordFor('Octobr')).toBe('october');
    expect(timeWordFor('ways')).toBeUndefined();
    expect(timeWordFor('shown')).toBeUndefined();
    expect(correctTimeTypos('Visiting Springs in Decmber for 3 dasy')).toBe(
      'Visiting Springs in December for 3 days',
    );
  });

  it('reads lengths and months written with typos', () => {
    const r = parse('Portland to Denver in septmber, 4 dyas, two of us');
    expect(r.request.days).toBe(4);
    expect(r.request.startMonth).toBe('2027-09');
  });
});

describe('weekends', () => {
  it('"this weekend" and its abbreviations are the coming Saturday and Sunday', () => {
    for (const text of [
      'Boston to Montreal this wknd, just me',
      'Boston to Montreal this weekend, just me',
    ]) {
      const r = parse(text);
      expect(r.request.startDate).toBe('2026-12-05');
      expect(r.request.days).toBe(2);
    }
  });

  it('a long weekend with no "this" or "next" is a length, not a date', () => {
    const r = parse('A long weekend in Lisbon from Porto, two adults');
    expect(r.request.startDate).toBeUndefined();
    expect(r.request.days).toBe(3);
  });

  it('a habitual 周末 is not the trip date; 这周末 is', () => {
    const habit = parse('我们几个平时周末爬山，这次从杭州去黄山玩4天');
    expect(habit.request.startDate).toBeUndefined();
    expect(habit.request.days).toBe(4);
    const r = parse('这周末从苏州去上海，两个人');
    expect(r.request.startDate).toBe('2026-12-05');
    expect(r.request.days).toBe(2);
  });

  it('以后天天 is not 后天', () => {
    const r = parse('我退休以后天天在家，这周末想从西安去洛阳');
    expect(r.request.startDate).toBe('2026-12-05');
  });
});

describe('months and holidays', () => {
  it('"next month" gives the month only, not a made-up first day', () => {
    const r = parse('Osaka from Taipei next month, 5 days, solo');
    expect(r.request.startDate).toBeUndefined();
    expect(r.request.startMonth).toBe('2027-01');
  });

  it('"Lunar New Year" is 春节, not 1 January', () => {
    const r = parse('Seoul to Taipei for Lunar New Year, 4 days, me and my sister');
    expect(r.request.startDate).toBe(nextHoliday('spring_festival', TODAY));
    expect(r.request.startDate).toBe('2027-02-06');
  });

  it('a Markdown table form gives its days and month', () => {
    const r = parse(
      '| Item | Detail |\n|---|---|\n| From | Lyon |\n| To | Rome |\n| Month | May |\n| Days | 5 |',
    );
    expect(r.request.days).toBe(5);
    expect(r.request.startMonth).toBe('2027-05');
  });
});

describe('lengths', () => {
  it('a length with an adjective: "a full week", "two whole days"', () => {
    expect(parse('Chicago to Austin for a full week, me and my dad').request.days).toBe(7);
    expect(parse('two whole days in Bruges, from Brussels, solo').request.days).toBe(2);
  });

  it('a correction to "a full week" takes the later length', () => {
    const r = parse('Three days in Vienna from Munich for two. No wait, make it a whole week.');
    expect(r.request.days).toBe(7);
  });

  it('"one night" for an outing is not a one-night stay', () => {
    const r = parse('Denver to Las Vegas, 3 of us, we want a concert one night');
    expect(r.request.days).toBeUndefined();
    expect(parse('Madrid to Seville for one night, solo').request.days).toBe(2);
  });
});

describe('pace', () => {
  it('a negated tiring word or a slow rhythm is relaxed', () => {
    for (const text of [
      '带外婆从福州去厦门玩三天，不想让外婆太辛苦',
      '从长沙去凤凰古城，节奏尽量慢些',
      '我们从合肥去婺源，时间宽裕不着急',
      '从郑州去开封，老人膝盖不好，别安排太多爬楼梯的',
      'Edinburgh from York, 3 days, nothing too exhausting please',
      'Kyoto for 5 days, we like to go slow',
    ])
      expect(parse(text).request.pace, text).toBe('relaxed');
  });

  it('a full schedule is packed', () => {
    for (const text of [
      '从重庆去西安4天，景点尽量排满',
      'Berlin from Hamburg, 3 days, we will go hard, non-stop sightseeing',
    ])
      expect(parse(text).request.pace, text).toBe('packed');
  });

  it('slow trains are a transport wish, not a pace', () => {
    expect(parse('Vienna to Budapest by slow train, 2 days').request.pace).toBeUndefined();
  });
});

describe('evening wishes', () => {
  it('an English show word in a Chinese clause, and live music every night', () => {
    expect(parse('从广州去香港三天，晚上想看个musical').request.evenings).toEqual([{ kind: 'show' }]);
    expect(parse('Austin for 3 days, live music every night').request.evenings).toEqual([{ kind: 'show' }]);
  });

  it('a dinner cruise is a night cruise', () => {
    expect(parse('Budapest, 4 days, we would love a dinner cruise on the Danube').request.evenings).toEqual([
      { kind: 'night_cruise' },
    ]);
  });

  it('an evening word in another clause does not put a must-visit at night', () => {
    const r = parse('从成都去乐山，想去乐山大佛，晚上吃烧烤逛夜市');
    expect(r.request.evenings).toEqual([{ kind: 'night_market' }]);
  });
});

describe('holiday table', () => {
  it('dates each holiday from today, moving to next year once it has passed', () => {
    const cases: [Parameters<typeof nextHoliday>[0], string, string][] = [
      ['spring_festival', '2026-12-01', '2027-02-06'],
      ['spring_festival', '2029-01-10', '2029-02-13'],
      ['qingming', '2027-04-10', '2028-04-04'],
      ['labour_day', '2026-12-01', '2027-05-01'],
      ['dragon_boat', '2029-03-01', '2029-06-16'],
      ['mid_autumn', '2030-01-01', '2030-09-12'],
      ['national_day', '2027-10-03', '2027-10-01'],
      ['national_day', '2027-10-08', '2028-10-01'],
      ['christmas', '2026-12-26', '2027-12-25'],
      ['easter', '2029-02-01', '2029-04-01'],
      ['thanksgiving', '2026-12-01', '2027-11-25'],
      ['thanksgiving', '2028-01-01', '2028-11-23'],
      ['golden_week_jp', '2026-12-01', '2027-04-29'],
    ];
    for (const [id, today, want] of cases) expect(nextHoliday(id, today), `${id} from ${today}`).toBe(want);
  });

  it('reads holidays named in either language', () => {
    expect(parse('端午节从南京去扬州，两个人').request.startDate).toBe('2027-06-09');
    expect(parse('Easter weekend in Prague, from Vienna').request.startDate).toBe('2027-03-28');
    expect(parse('中秋从广州去佛山，当天往返').request.days).toBe(1);
  });

  it('reads the nth week or weekend of a month as a date in that month', () => {
    const start = (t: string) => parse(t).request.startDate;
    // TODAY is 2026-12-01: May 2027 starts on a Saturday.
    expect(start('Porto from Lisbon for 3 days, the second week of May')).toBe('2027-05-08');
    expect(start('从杭州去黄山玩3天，5月第三周')).toBe('2027-05-15');
    expect(start('Bruges from Brussels, first weekend of June, 2 days')).toBe('2027-06-05');
    expect(start('从深圳去桂林，6月的第一个周末，两天')).toBe('2027-06-05');
    expect(start('从成都去重庆，4月最后一个周末，两天')).toBe('2027-04-24');
    expect(start('Seville from Madrid in the last week of April, 4 days')).toBe('2027-04-24');
  });

  it('reads Good Friday as the Friday before Easter, not as the next Friday', () => {
    expect(nextHoliday('good_friday', TODAY)).toBe('2027-03-26');
    // The weekday inside the holiday's name is no date of its own.
    expect(parse('From Oslo to Rome, leaving on Good Friday, 4 days').request.startDate).toBe('2027-03-26');
    // Easter named first, the trip leaving on Good Friday: the day it leaves wins.
    expect(parse('Vienna over Easter from Zurich, we set off Good Friday, 5 days').request.startDate).toBe(
      '2027-03-26',
    );
    expect(parse('复活节去布拉格五天，耶稣受难日出发，从柏林走').request.startDate).toBe('2027-03-26');
    // A plain weekday is still read as one.
    expect(parse('Lyon from Geneva next Friday for 3 days').request.startDate).toBe('2026-12-11');
  });
});

describe('lengths per place', () => {
  it('adds up the days given for each place', () => {
    expect(parse('从武汉去长沙和张家界，长沙两天张家界三天').request.days).toBe(5);
    expect(parse('From Madrid: 3 days in Barcelona and 2 in Valencia').request.days).toBe(5);
    expect(parse('Milan 2 days then Venice 3 days, from Zurich').request.days).toBe(5);
  });

  it('multiplies "N days each" by the places', () => {
    expect(parse('Bruges and Amsterdam, 2 days each, from Paris').request.days).toBe(4);
    expect(parse('从上海去苏州、无锡，每个城市玩2天').request.days).toBe(4);
  });

  it('does not add alternatives or a corrected length', () => {
    expect(parse('Porto 3 days or Lisbon 4 days, which is better?').request.days).not.toBe(7);
    expect(parse('Vienna 3 days, Salzburg 2 days. Actually make it 7 days in total.').request.days).toBe(7);
  });

  it('a question about the length still gives it; a vague one is asked', () => {
    expect(parse('从天津去北京3天够吗').request.days).toBe(3);
    const vague = parse('Going to Prague from Berlin for a couple of days');
    expect(vague.request.days).toBeUndefined();
    expect(vague.vague).toContain('days');
  });
});

describe('totals and corrections', () => {
  it('a stated total replaces a part given before it', () => {
    expect(parse('我们从天津去青岛开会，会后自由活动2天，全程共4天').request.days).toBe(4);
    expect(parse('Geneva 2 days and Bern 2 days, 5 days in total, from Basel').request.days).toBe(5);
  });

  it('a bare number after a correction verb replaces the length', () => {
    expect(parse('Seville for 3 days from Malaga. Actually, make it 4.').request.days).toBe(4);
    expect(parse('At first we said 2 days in Ghent, now 3. From Lille.').request.days).toBe(3);
    // A correction of another count leaves the length alone.
    expect(parse('Lyon, 4 days, 2 adults. Make it 3 adults.').request.days).toBe(4);
  });

  it('a later month after a correction word wins; a month as a subject is read', () => {
    const r = parse('From Oslo to Bergen in August. No wait, September is better, 3 days.');
    expect(r.request.startMonth).toBe('2027-09');
    expect(parse('Hamburg from Berlin in July. Scratch that, May works.').request.startMonth).toBe('2027-05');
  });

  it('two Chinese dates joined by 到 on separate lines make a range', () => {
    const r = parse('出发：南京\n目的地：黄山\n出发日期：4月3日\n返回日期：4月6日\n人数：3');
    expect(r.request.startDate).toBe('2027-04-03');
    expect(r.request.endDate).toBe('2027-04-06');
    expect(r.request.days).toBe(4);
  });

  it('"for the weekend" is this weekend; "for a weak" a week; 3添 three days', () => {
    expect(parse('Bologna for the weekend, from Florence, solo').request.startDate).toBe('2026-12-05');
    expect(parse('lisbon for a weak from porto, 2 adults').request.days).toBe(7);
    expect(parse('从广州去深圳，3添，两个人').request.days).toBe(3);
  });

  it('"next month" about something else is not a start date', () => {
    expect(
      parse('My niece turns 12 next month; Madrid from Seville, 3 days').request.startDate,
    ).toBeUndefined();
  });
});

describe('more holidays, months and lengths', () => {
  it('US long weekends and New Year’s Eve', () => {
    expect(nextHoliday('labor_day_us', TODAY)).toBe('2027-09-04');
    expect(nextHoliday('memorial_day_us', TODAY)).toBe('2027-05-29');
    expect(parse('Labor Day weekend in Nashville from Atlanta').request.startDate).toBe('2027-09-04');
    expect(parse("New Year's Eve in Edinburgh, from Glasgow").request.startDate).toBe('2026-12-31');
    expect(parse("New Year's Day in Dublin, from Cork").request.startDate).toBe('2027-01-01');
    expect(parse('July 4th in Philadelphia, 2 days').request.startDate).toBe('2027-07-04');
  });

  it('mid-, early- and late- before a month', () => {
    expect(parse('late-April in Hanoi, solo').request.startMonth).toBe('2027-04');
  });

  it('approximate and spanned Chinese lengths, and months in English', () => {
    expect(parse('从昆明去西双版纳玩十来天').request.days).toBe(10);
    expect(parse('从西安去延安玩个两三天').request.days).toBe(3);
    expect(parse('从成都去稻城，四五天').request.days).toBe(5);
    expect(parse('one month in Vietnam from Hanoi').request.days).toBe(30);
    expect(parse('Paris 4 days with our 3-month-old').request.days).toBe(4);
  });
});

describe('more pace and evening phrasings', () => {
  it('sleeping in, taking one’s time and a loose schedule are relaxed; fitting it all in is packed', () => {
    for (const text of [
      '从无锡去宜兴，想睡到自然醒',
      '去丽江的安排宽松些，行程松一点',
      'Galway from Dublin, we prefer to take our time',
      'Cork, 3 days, no early starts',
    ])
      expect(parse(text).request.pace, text).toBe('relaxed');
    for (const text of ['从长春去吉林，景点越多越好', 'Rome in 2 days, fit in as much as we can'])
      expect(parse(text).request.pace, text).toBe('packed');
  });

  it('jazz bars are a show; the aurora is a sight, not an evening outing', () => {
    expect(parse('Reykjavik for 4 days, hoping to catch the aurora').request.evenings).toBeUndefined();
    expect(parse('New Orleans, 3 days, jazz bars every night').request.evenings).toEqual([{ kind: 'show' }]);
  });
});

describe('date ranges and month words', () => {
  it('weekday ranges, a bare return day and month/day ranges', () => {
    const a = parse('下周二到周四从宁波去舟山');
    expect([a.request.startDate, a.request.endDate, a.request.days]).toEqual(['2026-12-08', '2026-12-10', 3]);
    const b = parse('周六出发周一回，去绍兴');
    expect([b.request.startDate, b.request.days]).toEqual(['2026-12-05', 3]);
    const c = parse('1月3号走，6号回，从福州去泉州');
    expect([c.request.startDate, c.request.days]).toEqual(['2027-01-03', 4]);
    const d = parse('Lyon 2/10-2/13 from Paris');
    expect([d.request.startDate, d.request.days]).toEqual(['2027-02-10', 4]);
  });

  it('月底, 过完年 and spring break give a month; "the first week of June" its first days', () => {
    expect(parse('月底从上海去南京').request.startMonth).toBe('2026-12');
    expect(parse('过完年从广州去桂林').request.startMonth).toBe('2027-02');
    expect(parse('Nice from Lyon, the first week of June').request.startDate).toBe('2027-06-01');
    expect(parse('Cancun over spring break, from Houston').request.startMonth).toBe('2027-03');
    expect(parse('十年后再去一次西安').request.startMonth).toBeUndefined();
  });
});

describe('nights per place, halves and overnight', () => {
  it('nights at each place add up, plus a day', () => {
    expect(parse('Munich for 3 nights and Vienna for 2 nights').request.days).toBe(6);
    expect(parse('从贵阳出发，贵阳住1晚，荔波住2晚').request.days).toBe(4);
  });

  it('a week and a half, a ten-day trip, an overnight trip', () => {
    expect(parse('a week and a half in Portugal from Madrid').request.days).toBe(10);
    expect(parse('a twelve-day trip to Chile from Lima').request.days).toBe(12);
    expect(parse('an overnight trip to Bruges from Brussels').request.days).toBe(2);
    expect(parse('a day trip to Toledo from Madrid').request.days).toBe(1);
  });
});

describe('vague lengths are asked about', () => {
  it('how long, 多久, open-ended: no length, flagged vague', () => {
    for (const text of [
      '从杭州去千岛湖，玩多久还没想好',
      'Not sure how long we will stay in Krakow, from Warsaw',
      'an open-ended trip to Chiang Mai from Bangkok',
      'a couple days in Sintra from Lisbon',
    ]) {
      const r = parse(text);
      expect(r.request.days, text).toBeUndefined();
      expect(r.vague, text).toContain('days');
    }
  });
});

describe('days of the month without a month, and day-first dates', () => {
  it('a bare day is this month, or the next once it has passed', () => {
    expect(parse('18号出发从长沙去岳阳').request.startDate).toBe('2026-12-18');
    expect(parse('Tallinn from Helsinki, leaving on the 9th').request.startDate).toBe('2026-12-09');
    const r = parse('Porto from the 22nd to the 26th, from Lisbon');
    expect([r.request.startDate, r.request.days]).toEqual(['2026-12-22', 5]);
    // A metro line is not a date.
    expect(parse('从机场坐2号线去市区，南京三天').request.startDate).toBeUndefined();
  });

  it('day before month, and month/day after a verb of leaving', () => {
    const a = parse('Ghent 12-15 March, from Paris');
    expect([a.request.startDate, a.request.days]).toEqual(['2027-03-12', 4]);
    expect(parse('Krakow on 4 January, 3 days').request.startDate).toBe('2027-01-04');
    expect(parse('Boston, departing 1/8, 3 days').request.startDate).toBe('2027-01-08');
  });
});

describe('more ways to correct a length', () => {
  it('takes the later length after 改为, 变成, 后来决定, ，还是, update, sorry I meant, on second thought', () => {
    expect(parse('从南昌去景德镇3天，改为4天').request.days).toBe(4);
    expect(parse('原计划去泉州2天，后来决定3天').request.days).toBe(3);
    expect(parse('去泉州玩2天，还是3天吧').request.days).toBe(3);
    expect(parse('Malmo 2 days. Update: 3 days.').request.days).toBe(3);
    expect(parse('Aarhus, 2 days, sorry, I meant 4 days').request.days).toBe(4);
    expect(parse('Bergen for 3 days, on second thought 5').request.days).toBe(5);
  });

  it('keeps the length when the question offers alternatives or another count is corrected', () => {
    expect(parse('从南昌去景德镇，3天还是4天比较好？').request.days).toBe(3);
    expect(parse('Bergen, 3 days, 2 adults. Actually, 4').request.days).toBe(3);
  });
});

describe('more named days', () => {
  it('黄金周 alone is 国庆; 五一黄金周 is 五一; Valentine’s Day, Halloween, 暑期', () => {
    expect(parse('黄金周从武汉去恩施').request.startDate).toBe('2027-10-01');
    expect(parse('五一黄金周从武汉去恩施').request.startDate).toBe('2027-05-01');
    expect(parse('情人节从深圳去厦门').request.startDate).toBe('2027-02-14');
    expect(parse('Halloween in Edinburgh, from London').request.startDate).toBe('2027-10-31');
    expect(parse('暑期带孩子从太原去大同').request.startMonth).toBe('2027-07');
  });
});

describe('pace: whirlwinds, rest and mobility', () => {
  it('reads a whirlwind or full days as packed, unless negated', () => {
    expect(parse('a whirlwind week in Italy from Zurich').request.pace).toBe('packed');
    expect(parse('Sevilla from Madrid, not a whirlwind please').request.pace).toBe('relaxed');
    expect(parse('Oslo 3 days, fine with long days').request.pace).toBe('packed');
  });

  it('reads rest, low-key trips and limited walking as relaxed', () => {
    expect(parse('Bath from London, keep it low-key').request.pace).toBe('relaxed');
    expect(parse('Crete for 8 days with a rest day or two').request.pace).toBe('relaxed');
    expect(parse('Rome, 3 days, no rest days needed').request.pace).toBeUndefined();
    expect(parse('奶奶走不了太多路，从济南去泰安').request.pace).toBe('relaxed');
  });
});

describe('a time of day is not a start date', () => {
  it.each([
    'Lisbon next month for 5 days; please keep one evening free for fado',
    'Next month I will be in Vienna for 3 days, and the evening of the concert matters most',
  ])('%s', (text) => {
    const r = parse(text).request;
    expect(r.startDate ?? null).toBeNull();
    expect(r.startMonth).toBe('2027-01');
  });
  it('still reads tomorrow', () => {
    expect(parse('Rome tomorrow morning, 3 days').request.startDate).toBe('2026-12-02');
  });
});

describe('the part of a named month', () => {
  it.each([
    ['Lisbon in late June, 5 days, from Madrid', '2027-06', 'late'],
    ['mid-August in Oslo for 4 days, from Berlin', '2027-08', 'mid'],
    ['7月上旬从广州去昆明玩5天', '2027-07', 'early'],
    ['9月底去西安，4天，从杭州出发', '2027-09', 'late'],
  ])('%s', (text, month, part) => {
    const r = parse(text).request;
    expect(r.startMonth).toBe(month);
    expect(r.startMonthPart).toBe(part);
  });
  it('gives no part for a bare month', () => {
    expect(parse('Vienna in October, 3 days, from Prague').request.startMonthPart ?? null).toBeNull();
  });
});

describe('dates written with slashes', () => {
  it.each([
    ['3/8从上海去成都，4天', '2027-03-08', undefined],
    ['Fly out 02/20/2027, Seattle to Denver, 5 days', '2027-02-20', undefined],
    ['Leaving 21/04/2027, Madrid to Seville', '2027-04-21', undefined],
    ['12/10-12/14 去厦门', '2026-12-10', '2026-12-14'],
  ])('%s', (text, start, end) => {
    const r = parse(text);
    expect(r.request.startDate).toBe(start);
    if (end) expect(r.request.endDate).toBe(end);
  });

  it('a fraction, a split or 24/7 is no date', () => {
    expect(parse('Rome 4 days, spend 2/3 of it on food, hotels open 24/7').request.startDate).toBeUndefined();
    expect(parse('去成都4天，预算50/50分').request.startDate).toBeUndefined();
  });
});

describe('days counted from a holiday', () => {
  it('the weekday after or before a holiday', () => {
    const easter = nextHoliday('easter', TODAY)!;
    const monday = parse('Leaving the Tuesday after Easter, London to Rome, 5 days').request.startDate!;
    expect(monday > easter).toBe(true);
    expect(new Date(`${monday}T00:00:00Z`).getUTCDay()).toBe(2);
    expect(parse('the day before Christmas, Vienna, 3 days').request.startDate).toBe('2026-12-24');
  });

  it('after a holiday with a month named: the month is the date', () => {
    const r = parse('五一后人少点，5月中旬去青岛，4天');
    expect(r.request.startDate).toBeUndefined();
    expect(r.request.startMonth).toBe('2027-05');
  });

  it('after a holiday, no month: the day after it ends, with a note', () => {
    const r = parse('过了国庆后去桂林，5天');
    expect(r.request.startDate! > nextHoliday('national_day', TODAY)!).toBe(true);
    expect(r.notes.join()).toContain('国庆');
  });
});

describe('lengths that are no lengths, and same-day returns', () => {
  it('an anniversary in years is no trip length', () => {
    expect(parse('结婚五周年，从成都去重庆玩两天').request.days).toBe(2);
  });
  it('当天回 is a one-day trip', () => {
    expect(parse('广州去佛山 当天回 两个人').request.days).toBe(1);
  });
  it('十一 followed by a space is the National Day holiday', () => {
    expect(parse('十一 武汉去宜昌 3天').request.startDate).toBe(nextHoliday('national_day', TODAY));
  });
});
