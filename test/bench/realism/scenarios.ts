/**
 * Realism scenarios: trip requests written for this benchmark (not taken from any data set), in
 * Chinese and English, single and multi-city, couples, families with children, solo, business,
 * long-haul and short. Each names only what the request itself implies; the checks in `checks.ts`
 * apply to every plan (headline sights, transfers, arrivals, hotels, meals, output...) and the
 * `expect` fields add what this request asked for (a month, a must-see, a tier, an evening wish).
 *
 * Relative dates are read against `REFERENCE_DATE` (an injected clock, not today's date).
 */
import type { EVENING_WISHES } from './facts.js';

export const REFERENCE_DATE = '2027-01-10';

export interface Scenario {
  id: string;
  text: string;
  lang: 'zh' | 'en';
  expect?: {
    /** Places the traveller asked to see. */
    mustSee?: { label: string; match: RegExp }[];
    /** The start month the request names (1-12). */
    month?: number;
    /** The start date must fall in this window (ISO dates, inclusive): holidays. */
    startBetween?: [string, string];
    tier?: 'luxury' | 'budget';
    evening?: keyof typeof EVENING_WISHES;
    /** The traveller refuses to fly. */
    noFlights?: boolean;
    /** A destination the product has no local data for. */
    uncovered?: boolean;
  };
}

const see = (label: string, match: RegExp) => ({ label, match });

export const SCENARIOS: Scenario[] = [
  // --- Beijing
  {
    id: 'bj-family-wall',
    lang: 'zh',
    text: '我们一家三口，孩子8岁，从上海出发去北京玩5天，预算3万元，一定要去长城和故宫',
    expect: { mustSee: [see('Great Wall', /长城/), see('Forbidden City', /故宫/)] },
  },
  {
    id: 'bj-couple-april',
    lang: 'zh',
    text: '4月份和老婆从广州去北京待4天，预算15000，住好一点的酒店',
    expect: { month: 4, tier: 'luxury' },
  },
  {
    id: 'bj-solo-cheap',
    lang: 'en',
    text: 'Solo backpacker, flying from Shanghai to Beijing for 3 days, as cheap as possible, budget 2500 CNY',
    expect: { tier: 'budget' },
  },
  {
    id: 'bj-winter-business',
    lang: 'en',
    text: 'Business trip: 2 colleagues from Shenzhen to Beijing, 3 days in December, budget 20000 CNY total, want to see the Great Wall on the free day',
    expect: { month: 12, mustSee: [see('Great Wall', /great wall/i)] },
  },
  {
    id: 'bj-seniors-relaxed',
    lang: 'zh',
    text: '带爸妈两个老人从成都去北京，一共三个人，6天，别太累，预算2万，想看天坛和颐和园',
    expect: { mustSee: [see('Temple of Heaven', /天坛/), see('Summer Palace', /颐和园/)] },
  },
  {
    id: 'bj-mutianyu',
    lang: 'en',
    text: 'Two friends from Hong Kong, 4 days in Beijing in October, budget 16000 CNY, Mutianyu Great Wall is a must',
    expect: { month: 10, mustSee: [see('Mutianyu', /mutianyu|great wall/i)] },
  },
  {
    id: 'bj-national-day',
    lang: 'zh',
    text: '国庆节假期从南京去北京玩4天，两个人，预算1万2',
    expect: { startBetween: ['2027-09-29', '2027-10-05'] },
  },
  // --- Shanghai
  {
    id: 'sh-weekend-couple',
    lang: 'zh',
    text: '我和女朋友从北京去上海玩3天，预算8000元，想看外滩夜景',
    expect: { evening: 'nightView', mustSee: [see('The Bund', /外滩/)] },
  },
  {
    id: 'sh-disney-family',
    lang: 'en',
    text: 'Family of four (kids 6 and 10) from Chengdu to Shanghai for 5 days, budget 25000 CNY, the kids want Disneyland',
    expect: { mustSee: [see('Shanghai Disneyland', /disney/i)] },
  },
  {
    id: 'sh-longhaul-ny',
    lang: 'en',
    text: 'Flying from New York to Shanghai, 6 days, 2 adults, budget 7000 USD',
  },
  // --- Hangzhou
  {
    id: 'hz-train-weekend',
    lang: 'zh',
    text: '上海出发去杭州玩2天，两个人，预算3000，坐高铁',
    expect: { noFlights: true },
  },
  {
    id: 'hz-spring-tea',
    lang: 'en',
    text: 'My wife and I want to see West Lake and the tea villages in Hangzhou next April, 3 days, leaving from Beijing, 9000 CNY',
    expect: { month: 4, mustSee: [see('West Lake', /west lake|broken bridge|causeway/i)] },
  },
  {
    id: 'hz-winter-pagoda',
    lang: 'zh',
    text: '12月从武汉去杭州，一个人玩3天，预算4000，想去雷峰塔和灵隐寺',
    expect: { month: 12, mustSee: [see('Leifeng Pagoda', /雷峰塔/), see('Lingyin', /灵隐/)] },
  },
  // --- Xi'an
  {
    id: 'xa-terracotta',
    lang: 'zh',
    text: '从北京到西安玩3天，2个大人，预算6000，想看兵马俑',
    expect: { mustSee: [see('Terracotta Army', /兵马俑/)] },
  },
  {
    id: 'xa-winter-en',
    lang: 'en',
    text: "Three of us from Shanghai to Xi'an for 4 days in January, budget 12000 CNY. We'd love to see the Terracotta Army and walk the city wall",
    expect: { month: 1, mustSee: [see('Terracotta Army', /terracotta/i), see('City Wall', /city wall/i)] },
  },
  {
    id: 'xa-night-market',
    lang: 'zh',
    text: '杭州出发去西安3天，我跟闺蜜两个人，预算5000，晚上想逛夜市吃小吃',
    expect: { evening: 'nightMarket' },
  },
  // --- Chengdu
  {
    id: 'cd-panda-5days',
    lang: 'zh',
    text: '深圳出发，成都5天，一家四口两个孩子，预算2万5',
  },
  {
    id: 'cd-opera-en',
    lang: 'en',
    text: 'Two of us from Guangzhou to Chengdu, 4 days, budget 8000 CNY, we want to see the pandas and a Sichuan opera show one evening',
    expect: { mustSee: [see('Panda Base', /panda/i)], evening: 'show' },
  },
  // --- Guangzhou
  {
    id: 'gz-dimsum',
    lang: 'zh',
    text: '从北京去广州玩3天，一个人，预算5000，想吃早茶，晚上看广州塔',
    expect: { evening: 'nightView' },
  },
  {
    id: 'gz-family-safari',
    lang: 'en',
    text: 'Me, my wife and our two kids, Shanghai to Guangzhou, 4 days, 20000 CNY, Chimelong Safari Park for the kids',
    expect: { mustSee: [see('Chimelong Safari', /chimelong/i)] },
  },
  // --- Paris
  {
    id: 'pa-couple-longhaul',
    lang: 'zh',
    text: '我们两个人想从上海去巴黎玩7天，预算5万元',
  },
  {
    id: 'pa-versailles',
    lang: 'en',
    text: 'Honeymoon in Paris: 2 of us from Beijing, 6 days in May, budget 8000 USD, Versailles and the Louvre are musts',
    expect: {
      month: 5,
      mustSee: [see('Versailles', /versailles/i), see('Louvre', /louvre/i)],
      tier: 'luxury',
    },
  },
  {
    id: 'pa-cheap-solo',
    lang: 'en',
    text: 'Student on a tight budget, flying London to Paris alone for 3 days, 400 EUR, cheap hostel is fine',
    expect: { tier: 'budget' },
  },
  {
    id: 'pa-family-disney',
    lang: 'zh',
    text: '带老婆孩子从北京去巴黎，孩子5岁，玩6天，预算6万，想去迪士尼和埃菲尔铁塔',
    expect: { mustSee: [see('Disneyland Paris', /迪士尼/), see('Eiffel', /埃菲尔/)] },
  },
  {
    id: 'pa-christmas',
    lang: 'en',
    text: 'Christmas in Paris! Two adults from New York, 5 days, budget 6000 USD',
    expect: { startBetween: ['2027-12-18', '2027-12-26'] },
  },
  {
    id: 'pa-show-evening',
    lang: 'en',
    text: 'Couple from Singapore, Paris for 5 days, budget 9000 SGD, we want one evening at a show and a Seine cruise',
    expect: { evening: 'show' },
  },
  // --- Tokyo / Kyoto
  {
    id: 'tk-couple-cherry',
    lang: 'zh',
    text: '明年4月和男朋友从上海去东京玩5天，预算2万',
    // "Next year" from the reference date (January 2027) is 2027 + 1.
    expect: { startBetween: ['2028-04-01', '2028-04-30'] },
  },
  {
    id: 'tk-kyoto-rail',
    lang: 'en',
    text: 'Two weeks? No — 8 days: Tokyo then Kyoto, 2 adults from Beijing, budget 40000 CNY, we like temples and food',
  },
  {
    id: 'tk-family-disney',
    lang: 'zh',
    text: '一家三口从北京去东京6天，孩子7岁，预算3万5，想带孩子去东京迪士尼',
    expect: { mustSee: [see('Tokyo Disneyland', /迪士尼/)] },
  },
  {
    id: 'tk-golden-week',
    lang: 'en',
    text: 'Going to Tokyo over Golden Week from Shanghai, 5 days, 2 people, 25000 CNY',
    expect: { startBetween: ['2027-04-24', '2027-05-05'] },
  },
  {
    id: 'ky-solo-temples',
    lang: 'zh',
    text: '一个人从广州飞大阪转京都玩4天，预算1万2，想去伏见稻荷和清水寺，不想太赶',
    expect: { mustSee: [see('Fushimi Inari', /伏见稻荷/), see('Kiyomizu', /清水寺/)] },
  },
  {
    id: 'ky-autumn-en',
    lang: 'en',
    text: 'Autumn leaves in Kyoto: my parents and I, 5 days in November, from Hong Kong, 30000 HKD',
    expect: { month: 11 },
  },
  {
    id: 'tk-ghibli',
    lang: 'en',
    text: 'I am in Chengdu, want to spend 4 days in Tokyo with my buddy, 18000 CNY total, must see the Ghibli Museum and Shibuya',
    expect: { mustSee: [see('Ghibli Museum', /ghibli/i), see('Shibuya', /shibuya/i)] },
  },
  // --- Bangkok / Singapore
  {
    id: 'bk-couple',
    lang: 'zh',
    text: '我们两口子从成都去曼谷玩5天，预算1万5，想去大皇宫，晚上逛夜市',
    expect: { mustSee: [see('Grand Palace', /大皇宫/)], evening: 'nightMarket' },
  },
  {
    id: 'bk-family-en',
    lang: 'en',
    text: 'Family trip to Bangkok: 2 adults and 2 children (4 and 9), from Shanghai, 6 days, 30000 CNY, nothing too tiring',
  },
  {
    id: 'sg-business',
    lang: 'en',
    text: 'Solo business traveller from Hong Kong to Singapore, 3 days, 2500 USD, would love to see Gardens by the Bay at night',
    expect: { mustSee: [see('Gardens by the Bay', /gardens by the bay|supertree/i)], evening: 'nightView' },
  },
  {
    id: 'sg-family-zh',
    lang: 'zh',
    text: '寒假带两个孩子从北京去新加坡，4个人，5天，预算4万，想去环球影城和动物园',
    expect: { mustSee: [see('Universal Studios', /环球影城/), see('Zoo', /动物园/)] },
  },
  // --- New York
  {
    id: 'ny-longhaul-zh',
    lang: 'zh',
    text: '从北京去纽约玩7天，两个人，预算6万元，想看百老汇演出',
    expect: { evening: 'show' },
  },
  {
    id: 'ny-thanksgiving',
    lang: 'en',
    text: 'Thanksgiving week in New York, two adults from London, 5 days, budget 5000 GBP',
    expect: { startBetween: ['2027-11-20', '2027-11-27'] },
  },
  {
    id: 'ny-cheap-students',
    lang: 'en',
    text: 'Three students from Chicago to New York for 4 days, budget 1500 USD total, cheap is fine',
    expect: { tier: 'budget' },
  },
  // --- Multi-city
  {
    id: 'mc-bj-xa-train',
    lang: 'zh',
    text: '从上海出发，北京3天然后西安3天，两个人，预算1万5，北京到西安想坐高铁',
  },
  {
    id: 'mc-sh-hz',
    lang: 'en',
    text: 'Starting from Guangzhou: 3 days in Shanghai then 2 days in Hangzhou, couple, 12000 CNY',
  },
  {
    id: 'mc-xa-cd',
    lang: 'zh',
    text: '北京出发，西安玩3天再去成都玩3天，一家三口，孩子10岁，预算2万4',
  },
  {
    id: 'mc-tk-ky-family',
    lang: 'zh',
    text: '带老婆和两个孩子去日本，先东京4天再京都3天，从上海出发，预算5万',
  },
  {
    id: 'mc-sh-hz-train',
    lang: 'en',
    text: 'We do not fly. Two of us, 5 days in Shanghai and Hangzhou, starting from Beijing, by train only, 10000 CNY',
    expect: { noFlights: true },
  },
  {
    id: 'mc-china-classic',
    lang: 'en',
    text: "Classic China for 10 days: Beijing, Xi'an and Shanghai, 2 adults from Singapore, budget 9000 SGD",
  },
  {
    id: 'mc-bkk-sg',
    lang: 'zh',
    text: '从广州出发，先去曼谷3天再去新加坡3天，两个人，预算2万',
  },
  // --- Style variety: form-like, terse, corrections, voice
  {
    id: 'form-zh',
    lang: 'zh',
    text: '出发地：杭州\n目的地：成都\n天数：4天\n人数：2人\n预算：7000元\n备注：一定要看大熊猫',
    expect: { mustSee: [see('Panda', /熊猫/)] },
  },
  {
    id: 'form-en',
    lang: 'en',
    text: '- From: Shanghai\n- To: Tokyo\n- Days: 5\n- People: 2 adults\n- Budget: 20000 CNY\n- Must see: Senso-ji',
    expect: { mustSee: [see('Senso-ji', /senso/i)] },
  },
  {
    id: 'terse-en',
    lang: 'en',
    text: 'beijing -> kyoto, 5d, 2 pax, 30k cny',
  },
  {
    id: 'correction-zh',
    lang: 'zh',
    text: '我们三个人从深圳去西安玩4天，预算9000。哦不对，是5天',
  },
  {
    id: 'voice-en',
    lang: 'en',
    text: 'um so we are like two people leaving from shanghai and we wanna go to bangkok for uh four days and spend maybe fifteen thousand yuan',
  },
  {
    id: 'forum-zh',
    lang: 'zh',
    text: '求助！第一次带娃出国，娃6岁，从上海去新加坡4天，两大一小，预算2万5左右，怎么安排比较好？',
  },
  {
    id: 'mixed-lang',
    lang: 'zh',
    text: '下个月从Beijing去Paris，2 adults，7天，budget 5万RMB',
    expect: { month: 2 },
  },
  {
    id: 'polite-en',
    lang: 'en',
    text: 'Dear planner, could you kindly prepare a 4-day itinerary in Chengdu for two senior travellers departing from Shanghai? Our budget is 10,000 CNY. Thank you.',
  },
  {
    id: 'luxury-zh',
    lang: 'zh',
    text: '结婚十周年，我和老公从杭州去东京5天，预算5万，住豪华酒店',
    expect: { tier: 'luxury' },
  },
  {
    id: 'hk-sh-short',
    lang: 'en',
    text: 'Quick 2-day trip from Hong Kong to Shanghai for my partner and me, 6000 HKD',
  },
  {
    id: 'gz-bj-longer',
    lang: 'zh',
    text: '暑假带孩子从广州去北京玩7天，两大一小，孩子12岁，预算3万',
    expect: { startBetween: ['2027-07-01', '2027-08-31'] },
  },
  {
    id: 'en-tokyo-solo-night',
    lang: 'en',
    text: 'Solo trip, Singapore to Tokyo, 4 days, 3000 SGD, I want a night view from Tokyo Skytree',
    expect: { mustSee: [see('Skytree', /skytree/i)], evening: 'nightView' },
  },
  // --- Destinations without local data
  {
    id: 'unc-dali',
    lang: 'zh',
    text: '从上海去大理玩5天，两个人，预算8000',
    expect: { uncovered: true },
  },
  {
    id: 'unc-lisbon',
    lang: 'en',
    text: 'Two of us from London to Lisbon for 4 days, budget 2000 EUR',
    expect: { uncovered: true },
  },
  {
    id: 'unc-lhasa',
    lang: 'zh',
    text: '成都出发去拉萨7天，一个人，预算1万',
    expect: { uncovered: true },
  },
  {
    id: 'unc-reykjavik',
    lang: 'en',
    text: 'Family of 4 from New York to Reykjavik for 6 days in February, 12000 USD',
    expect: { uncovered: true, month: 2 },
  },
  {
    id: 'unc-guilin',
    lang: 'zh',
    text: '广州出发，桂林阳朔4天，三个人，预算6000',
    expect: { uncovered: true },
  },
  {
    id: 'unc-rome',
    lang: 'en',
    text: 'Couple from Paris to Rome for 5 days in June, budget 3000 EUR',
    expect: { uncovered: true, month: 6 },
  },
];
