/**
 * Held-out realism scenarios: 25 trip requests written for `npm run bench:realism -- --heldout`
 * by an engineer who had read only the `Scenario` type and one scenario of `scenarios.ts`, never
 * the planner. They measure whether planner work generalises beyond the main set.
 *
 * HELD OUT: do not read them while working on the planner or the parser, and never tune product
 * code to them; a change made while looking at them makes the figure meaningless.
 *
 * Same format and reference date as `scenarios.ts`. Each `expect` names only what the request
 * itself asks for (a month or holiday, a named sight, a hotel class, an evening wish, no flights,
 * a destination without local data); the general checks of `checks.ts` apply to every plan.
 */
import type { Scenario } from './scenarios.js';

const see = (label: string, match: RegExp) => ({ label, match });

export const HELDOUT_SCENARIOS: Scenario[] = [
  // --- seniors
  {
    id: 'ho-hz-parents-slow',
    lang: 'zh',
    text: '我爸妈都快七十了，想从南京去杭州住4天，走慢一点，西湖一定要去',
    expect: { mustSee: [see('West Lake', /西湖|断桥|苏堤|白堤|west lake/i)] },
  },
  {
    id: 'ho-bj-grandparents-train',
    lang: 'en',
    text: "Booking for my grandparents, both retired teachers: 5 days in Beijing from Harbin by train this February. They'd like the Temple of Heaven and the Summer Palace but can't do long days.",
    expect: {
      month: 2,
      noFlights: true,
      mustSee: [
        see('Temple of Heaven', /天坛|temple of heaven/i),
        see('Summer Palace', /颐和园|summer palace/i),
      ],
    },
  },
  {
    id: 'ho-paris-parents-eurostar',
    lang: 'en',
    text: "My parents (both in their 70s) want Paris for 5 days in May, leaving from London on the Eurostar. Gentle pace please, and they've always wanted to see the Musée d'Orsay.",
    expect: { month: 5, noFlights: true, mustSee: [see("Musée d'Orsay", /奥赛|orsay/i)] },
  },
  // --- families with children
  {
    id: 'ho-xa-family-rail',
    lang: 'zh',
    text: '我和老婆带儿子（9岁）从武汉坐高铁去西安，5天，儿子最想看兵马俑',
    expect: { noFlights: true, mustSee: [see('Terracotta Army', /兵马俑|秦始皇|terracotta/i)] },
  },
  {
    id: 'ho-tokyo-family-march',
    lang: 'en',
    text: 'Family of four from Singapore, kids are 6 and 11. Tokyo for 6 days in late March; the kids are begging for teamLab and the Shibuya crossing.',
    expect: { month: 3, mustSee: [see('teamLab', /teamlab/i), see('Shibuya', /涩谷|shibuya/i)] },
  },
  {
    id: 'ho-nyc-christmas-family',
    lang: 'en',
    text: "Spending Christmas in New York this year: me, my wife and our 3 kids, flying from Toronto, 5 days. We'd love to go skating in Central Park.",
    expect: {
      startBetween: ['2027-12-20', '2027-12-25'],
      mustSee: [see('Central Park', /中央公园|central park/i)],
    },
  },
  {
    id: 'ho-bkk-cny-family',
    lang: 'zh',
    text: '春节带爸妈和两个孩子（4岁、7岁）去曼谷，我们一共6个人，从广州出发，玩5天，想去大皇宫',
    expect: {
      startBetween: ['2027-02-04', '2027-02-10'],
      mustSee: [see('Grand Palace', /大皇宫|grand palace/i)],
    },
  },
  {
    id: 'ho-sg-family-terse',
    lang: 'en',
    text: 'Sydney -> Singapore, 5 days, 2 adults + 2 kids, June. Gardens by the Bay + the zoo.',
    expect: {
      month: 6,
      mustSee: [
        see('Gardens by the Bay', /滨海湾花园|gardens by the bay/i),
        see('Singapore Zoo', /动物园|zoo/i),
      ],
    },
  },
  // --- couples
  {
    id: 'ho-cd-couple-pandas',
    lang: 'en',
    text: 'My girlfriend and I want 4 days of Chengdu food and pandas, flying in from Shenzhen in March.',
    expect: { month: 3, mustSee: [see('Giant Panda Base', /熊猫|panda/i)] },
  },
  {
    id: 'ho-paris-honeymoon',
    lang: 'zh',
    text: '蜜月旅行！我们俩从上海飞巴黎，7天，预算6万，想住好一点的酒店，卢浮宫和凡尔赛宫都要去',
    expect: {
      tier: 'luxury',
      mustSee: [see('Louvre', /卢浮宫|louvre/i), see('Versailles', /凡尔赛|versailles/i)],
    },
  },
  {
    id: 'ho-tokyo-kyoto-autumn',
    lang: 'zh',
    text: '11月想和老公从北京飞东京，东京和京都都要玩，一共8天，想看红叶',
    expect: { month: 11 },
  },
  {
    id: 'ho-nyc-national-day',
    lang: 'zh',
    text: '国庆我和老公从北京飞纽约，6天，想看一场百老汇演出，还要去大都会博物馆',
    expect: {
      startBetween: ['2027-09-30', '2027-10-03'],
      evening: 'show',
      mustSee: [see('Metropolitan Museum', /大都会|metropolitan/i)],
    },
  },
  {
    id: 'ho-kyoto-couple-form',
    lang: 'zh',
    text: '出发地：上海\n目的地：京都\n天数：4天\n人数：2人（夫妻）\n出行时间：4月\n必去：伏见稻荷、清水寺',
    expect: {
      month: 4,
      mustSee: [see('Fushimi Inari', /伏见稻荷|fushimi inari/i), see('Kiyomizu-dera', /清水寺|kiyomizu/i)],
    },
  },
  {
    id: 'ho-bj-xa-rail-april',
    lang: 'en',
    text: "Beijing first, then Xi'an by high-speed train. 7 days total, two adults, starting from Hong Kong in early April.",
    expect: { month: 4 },
  },
  // --- solo
  {
    id: 'ho-gz-solo-tower',
    lang: 'zh',
    text: '一个人从长沙去广州玩两天，想吃早茶，晚上想上广州塔看夜景',
    expect: { evening: 'nightView', mustSee: [see('Canton Tower', /广州塔|canton tower/i)] },
  },
  {
    id: 'ho-bkk-student-hostel',
    lang: 'en',
    text: "Broke uni student here, 4 days in Bangkok from Kuala Lumpur, a hostel is totally fine, and I'd like to hit a night market one evening.",
    expect: { tier: 'budget', evening: 'nightMarket' },
  },
  {
    id: 'ho-cd-xa-solo-noflight',
    lang: 'zh',
    text: '坐标重庆，一个人，想先去成都再去西安，一共6天，全程不坐飞机',
    expect: { noFlights: true },
  },
  {
    id: 'ho-tokyo-solo-voice',
    lang: 'en',
    text: 'uh so I am flying from Seoul to Tokyo for like three days by myself and I really want to see Senso-ji and um go up somewhere high for the night view',
    expect: { evening: 'nightView', mustSee: [see('Senso-ji', /浅草寺|senso-?ji/i)] },
  },
  // --- friends, short trips
  {
    id: 'ho-sh-hz-girls-cheap',
    lang: 'zh',
    text: '我和两个闺蜜从苏州出发，去上海和杭州玩三天，住便宜点就行',
    expect: { tier: 'budget' },
  },
  {
    id: 'ho-hz-mixed-lingyin',
    lang: 'zh',
    text: '我们3个人从Shanghai去Hangzhou，2 days，想去灵隐寺，不要太赶',
    expect: { mustSee: [see('Lingyin Temple', /灵隐|lingyin/i)] },
  },
  // --- business
  {
    id: 'ho-sh-engineer-skyline',
    lang: 'en',
    text: 'Two-day business trip from Beijing to Shanghai for one engineer. After the meetings he would like one evening out to see the skyline.',
    expect: { evening: 'nightView' },
  },
  {
    id: 'ho-sg-colleagues-nextmonth',
    lang: 'zh',
    text: '我司两位同事下个月从深圳去新加坡出差3天，会后想去滨海湾花园看看',
    expect: { month: 2, mustSee: [see('Gardens by the Bay', /滨海湾花园|gardens by the bay/i)] },
  },
  {
    id: 'ho-gz-fair-buyers',
    lang: 'en',
    text: 'Trade fair trip: 3 buyers from Hong Kong to Guangzhou, 3 days in April. A good hotel please, 4 stars or more.',
    expect: { month: 4, tier: 'luxury' },
  },
  // --- destinations without local data
  {
    id: 'ho-lhasa-uncovered',
    lang: 'zh',
    text: '我和老公想从成都去拉萨玩7天，8月份出发',
    expect: { uncovered: true, month: 8 },
  },
  {
    id: 'ho-reykjavik-uncovered',
    lang: 'en',
    text: 'Northern lights trip from London to Reykjavik, 4 days, just me, in February.',
    expect: { uncovered: true, month: 2 },
  },
];
