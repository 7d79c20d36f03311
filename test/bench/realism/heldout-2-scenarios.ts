/**
 * Held-out realism scenarios, set 2: 30 trip requests (15 Chinese, 15 English) written for the
 * benchmark by someone who did not read the planner's code or its destination data, as real
 * travellers write them (chatty, terse, form-like, voice transcripts, emails, mixed language).
 * `npm run bench:realism -- --heldout 2` plans them with the same checks as the main set. Never
 * tune the planner to them: they measure whether its behaviour generalises.
 *
 * Each `expect` names only what the request itself says. Relative dates ("next month", "下周",
 * "next weekend") are computed from `REFERENCE_DATE`; holidays are the 2027 ones (春节 6 February,
 * Easter 28 March, 五一 1 May, 国庆 1 October, Christmas 25 December), which follow that date.
 */
import { REFERENCE_DATE, type Scenario } from './scenarios.js';

const see = (label: string, match: RegExp) => ({ label, match });

const DAY = 86_400_000;
const ref = Date.parse(`${REFERENCE_DATE}T12:00:00Z`);
const iso = (t: number): string => new Date(t).toISOString().slice(0, 10);
/** The month after the reference date's (1-12). */
const NEXT_MONTH = (Number(REFERENCE_DATE.slice(5, 7)) % 12) + 1;
/** "Next week": Monday to Sunday of the week after the reference date's, or the one after that. */
const mondayAfter = ref + ((8 - new Date(ref).getUTCDay()) % 7 || 7) * DAY;
const NEXT_WEEK: [string, string] = [iso(mondayAfter), iso(mondayAfter + 13 * DAY)];
/** "Next weekend": the Friday to Sunday of the first weekend after the reference date. */
const saturdayAfter = ref + ((6 - new Date(ref).getUTCDay() + 7) % 7 || 7) * DAY;
const NEXT_WEEKEND: [string, string] = [iso(saturdayAfter - DAY), iso(saturdayAfter + DAY)];

const SPRING_FESTIVAL: [string, string] = ['2027-02-01', '2027-02-12'];
const EASTER: [string, string] = ['2027-03-24', '2027-03-29'];
const LABOUR_DAY: [string, string] = ['2027-04-29', '2027-05-03'];
const NATIONAL_DAY: [string, string] = ['2027-09-29', '2027-10-04'];
const CHRISTMAS: [string, string] = ['2027-12-19', '2027-12-26'];

const GREAT_WALL = see('Great Wall', /长城|great wall|mutianyu|badaling|慕田峪|八达岭/i);
const FORBIDDEN_CITY = see('Forbidden City', /故宫|forbidden city|palace museum/i);
const TERRACOTTA = see('Terracotta Army', /兵马俑|terracotta/i);
const PANDAS = see('Giant pandas', /熊猫|panda/i);
const LOUVRE = see('Louvre', /卢浮宫|louvre/i);
const UNIVERSAL_SG = see('Universal Studios Singapore', /环球影城|universal studios/i);
const KINKAKU = see('Kinkaku-ji', /金阁寺|kinkaku|golden pavilion/i);
const ARASHIYAMA = see('Arashiyama', /岚山|arashiyama|竹林|bamboo grove/i);
const FUSHIMI = see('Fushimi Inari', /伏见稻荷|fushimi inari/i);

export const HELDOUT_2_SCENARIOS: Scenario[] = [
  // ------------------------------------------------------------------ Chinese (15)
  {
    id: 'h2-zh-family-beijing-guoqing',
    lang: 'zh',
    text: '国庆节想带老婆和儿子（8岁）从广州去北京玩5天，长城和故宫一定要去，酒店要四星以上，孩子还小不想太赶。',
    expect: { startBetween: NATIONAL_DAY, mustSee: [GREAT_WALL, FORBIDDEN_CITY], tier: 'luxury' },
  },
  {
    id: 'h2-zh-couple-shanghai-hangzhou-wuyi-train',
    lang: 'zh',
    text: '五一假期和女朋友从北京出发去上海、杭州，一共6天，全程高铁，不坐飞机。杭州主要想逛西湖。',
    expect: {
      startBetween: LABOUR_DAY,
      noFlights: true,
      mustSee: [see('West Lake', /西湖|断桥|苏堤|白堤|west lake|broken bridge|causeway/i)],
    },
  },
  {
    id: 'h2-zh-solo-chengdu-budget-train',
    lang: 'zh',
    text: '3月一个人从重庆坐动车去成都，待4天。学生党预算有限，住青旅就行，想吃火锅，晚上想看川剧变脸。',
    expect: { month: 3, tier: 'budget', noFlights: true, evening: 'show' },
  },
  {
    id: 'h2-zh-seniors-xian-october',
    lang: 'zh',
    text: '我和老伴都退休了，打算10月中旬从上海去西安玩4天，节奏慢一点。兵马俑和大雁塔必须去，晚上想去回民街逛逛吃点小吃。',
    expect: {
      month: 10,
      mustSee: [TERRACOTTA, see('Giant Wild Goose Pagoda', /大雁塔|wild goose/i)],
      evening: 'nightMarket',
    },
  },
  {
    id: 'h2-zh-family-beijing-xian-chengdu-rail',
    lang: 'zh',
    text: '暑假7月，我们夫妻俩带12岁的儿子从北京出发，坐高铁先去西安再去成都，一共10天，最后也坐高铁回北京，不想坐飞机。想看兵马俑和大熊猫。',
    expect: { month: 7, noFlights: true, mustSee: [TERRACOTTA, PANDAS] },
  },
  {
    id: 'h2-zh-couple-tokyo-kyoto-chunjie',
    lang: 'zh',
    text: '春节假期打算和老公从上海飞东京，然后去京都，一共7天。东京想上晴空塔看夜景，京都想去伏见稻荷大社。',
    expect: {
      startBetween: SPRING_FESTIVAL,
      mustSee: [see('Tokyo Skytree', /晴空塔|skytree/i), FUSHIMI],
      evening: 'nightView',
    },
  },
  {
    id: 'h2-zh-friends-bangkok-singapore',
    lang: 'zh',
    text: '我们四个闺蜜6月从深圳出发，曼谷+新加坡一共8天，每人预算8000元左右。曼谷晚上想逛夜市，新加坡想去圣淘沙玩一天。',
    expect: { month: 6, evening: 'nightMarket', mustSee: [see('Sentosa', /圣淘沙|sentosa/i)] },
  },
  {
    id: 'h2-zh-honeymoon-paris-luxury',
    lang: 'zh',
    text: '蜜月旅行！9月从北京飞巴黎，两个人待7天。想住五星级酒店，卢浮宫和凡尔赛宫一定要去，最好安排一晚塞纳河夜游。',
    expect: {
      month: 9,
      tier: 'luxury',
      mustSee: [LOUVRE, see('Versailles', /凡尔赛|versailles/i)],
      evening: 'nightView',
    },
  },
  {
    id: 'h2-zh-business-beijing-shanghai-next-week',
    lang: 'zh',
    text: '下周从深圳出差，先北京两天再上海两天，一共4天，就我一个人。酒店要四星以上、交通方便，晚上有空想去外滩看看夜景。',
    expect: { startBetween: NEXT_WEEK, tier: 'luxury', evening: 'nightView' },
  },
  {
    id: 'h2-zh-couple-guangzhou-weekend-train',
    lang: 'zh',
    text: '下个月找个周末从长沙坐高铁去广州，3天2晚，两个人。想喝早茶，晚上坐船游珠江。',
    expect: { month: NEXT_MONTH, noFlights: true, evening: 'nightView' },
  },
  {
    id: 'h2-zh-voice-hangzhou-april',
    lang: 'zh',
    text: '呃，那个，我想问一下，就是我跟我男朋友，嗯，想四月份从南京去杭州玩三天，然后想去灵隐寺，还有那个雷峰塔，对，就这样。',
    expect: {
      month: 4,
      mustSee: [see('Lingyin Temple', /灵隐|lingyin/i), see('Leifeng Pagoda', /雷峰塔|leifeng/i)],
    },
  },
  {
    id: 'h2-zh-family-shanghai-disney-august',
    lang: 'zh',
    text: '8月暑假一家四口（两个孩子，5岁和10岁）从成都去上海玩4天，迪士尼一定要留一整天，其他的你们看着安排。',
    expect: { month: 8, mustSee: [see('Shanghai Disneyland', /迪士尼|disney/i)] },
  },
  {
    id: 'h2-zh-form-singapore-budget-family',
    lang: 'zh',
    text: '出发地：杭州\n目的地：新加坡\n天数：5天\n人数：2大1小（孩子6岁）\n出行时间：2027年12月\n必去：环球影城、滨海湾花园\n住宿：经济型，越便宜越好',
    expect: {
      month: 12,
      tier: 'budget',
      mustSee: [UNIVERSAL_SG, see('Gardens by the Bay', /滨海湾花园|超级树|gardens by the bay|supertree/i)],
    },
  },
  {
    id: 'h2-zh-uncovered-guilin',
    lang: 'zh',
    text: '想从广州去桂林玩4天，两个人，主要想坐竹筏游漓江，再去阳朔骑骑车。',
    expect: { uncovered: true },
  },
  {
    id: 'h2-zh-mixed-kyoto-solo-budget',
    lang: 'zh',
    text: '下个月想去Kyoto，从Shanghai飞过去，5 days，就我一个人。想看金阁寺和岚山的竹林，住hostel就行，budget有限。',
    expect: { month: NEXT_MONTH, tier: 'budget', mustSee: [KINKAKU, ARASHIYAMA] },
  },

  // ------------------------------------------------------------------ English (15)
  {
    id: 'h2-en-family-paris-easter-eurostar',
    lang: 'en',
    text: "Hi there! We're a family of four (our kids are 9 and 13) coming from London to Paris over Easter for 5 days. We'll take the Eurostar rather than fly. The kids are desperate to go up the Eiffel Tower, and I'd love a morning at the Louvre.",
    expect: {
      startBetween: EASTER,
      noFlights: true,
      mustSee: [see('Eiffel Tower', /埃菲尔|eiffel/i), LOUVRE],
    },
  },
  {
    id: 'h2-en-couple-new-york-christmas',
    lang: 'en',
    text: 'Christmas in New York! My husband and I are flying in from Chicago for 4 nights over Christmas. We want to see the tree at Rockefeller Center and catch a Broadway show one evening. Somewhere nice to stay please, 4 or 5 star.',
    expect: {
      startBetween: CHRISTMAS,
      tier: 'luxury',
      evening: 'show',
      mustSee: [see('Rockefeller Center', /洛克菲勒|rockefeller|top of the rock/i)],
    },
  },
  {
    id: 'h2-en-terse-tokyo-solo-cheap',
    lang: 'en',
    text: 'San Francisco to Tokyo, 6 days, solo, May, cheap as possible.',
    expect: { month: 5, tier: 'budget' },
  },
  {
    id: 'h2-en-email-business-shanghai',
    lang: 'en',
    text: "Subject: Shanghai trip next month\n\nHello,\n\nI'm attending a conference in Shanghai next month and will fly in from Singapore. I'll have 4 days in total, travelling alone. Please find me a good hotel (4 stars minimum) and keep one evening free for the skyline view from the Bund.\n\nThanks,\nDaniel",
    expect: {
      month: NEXT_MONTH,
      tier: 'luxury',
      evening: 'nightView',
      mustSee: [see('The Bund', /外滩|\bbund\b/i)],
    },
  },
  {
    id: 'h2-en-seniors-beijing-xian-october',
    lang: 'en',
    text: "My wife and I are both in our seventies and fairly slow walkers. We'd like 9 days in Beijing and Xi'an this October, flying from Sydney. The Terracotta Warriors are a must, and the Great Wall if there's a section that isn't too steep.",
    expect: { month: 10, mustSee: [TERRACOTTA, GREAT_WALL] },
  },
  {
    id: 'h2-en-friends-bangkok-march',
    lang: 'en',
    text: '4 of us (friends, late 20s) from Singapore, 3 days in Bangkok in March. Street food, temples, and a night market for sure. Around SGD 800 each.',
    expect: { month: 3, evening: 'nightMarket' },
  },
  {
    id: 'h2-en-family-singapore-june',
    lang: 'en',
    text: 'Family trip from Hong Kong to Singapore, 5 days in June. 2 adults, 2 kids aged 4 and 7. Universal Studios and the zoo are non-negotiable!',
    expect: { month: 6, mustSee: [UNIVERSAL_SG, see('Singapore Zoo', /动物园|\bzoo\b/i)] },
  },
  {
    id: 'h2-en-couple-tokyo-kyoto-autumn',
    lang: 'en',
    text: 'Autumn leaves trip for the two of us: 10 days in Tokyo and Kyoto, starting mid-November, flying from Los Angeles. In Kyoto we really want Fushimi Inari, Kinkaku-ji and a day out in Arashiyama.',
    expect: { month: 11, mustSee: [FUSHIMI, KINKAKU, ARASHIYAMA] },
  },
  {
    id: 'h2-en-voice-chengdu-april',
    lang: 'en',
    text: 'okay so um me and my girlfriend wanna go to chengdu from hong kong for like four days in april and we really wanna see the pandas and uh maybe one of those face changing opera shows at night',
    expect: { month: 4, mustSee: [PANDAS], evening: 'show' },
  },
  {
    id: 'h2-en-couple-shanghai-hangzhou-rail-only',
    lang: 'en',
    text: 'Starting from Beijing, my partner and I want to do Shanghai and Hangzhou in September, 6 days, by high-speed train only. No flying please.',
    expect: { month: 9, noFlights: true },
  },
  {
    id: 'h2-en-form-paris-five-star',
    lang: 'en',
    text: "Origin: New York\nDestination: Paris\nDates: 12-18 June 2027\nTravellers: 2 adults\nHotel: 5-star\nMust see: Louvre, Musée d'Orsay, Montmartre",
    expect: {
      month: 6,
      startBetween: ['2027-06-12', '2027-06-12'],
      tier: 'luxury',
      mustSee: [
        LOUVRE,
        see("Musée d'Orsay", /奥赛|orsay/i),
        see('Montmartre', /蒙马特|montmartre|圣心|sacr[ée][- ]c(œ|oe)ur/i),
      ],
    },
  },
  {
    id: 'h2-en-uncovered-lisbon',
    lang: 'en',
    text: "Could you put together 5 days in Lisbon for the two of us? We'd come from London in May. Keen on the old trams, pastéis de nata and the Alfama quarter.",
    expect: { uncovered: true, month: 5 },
  },
  {
    id: 'h2-en-mixed-xian-chengdu-students',
    lang: 'en',
    text: "Hi! 我们 are two uni students from Shanghai. Want to do Xi'an + Chengdu in 7 days in March, train only (不坐飞机), hostels totally fine, cheap cheap cheap. 兵马俑 and pandas for sure!",
    expect: { month: 3, noFlights: true, tier: 'budget', mustSee: [TERRACOTTA, PANDAS] },
  },
  {
    id: 'h2-en-solo-guangzhou-next-weekend-train',
    lang: 'en',
    text: 'Quick 2-day food trip to Guangzhou from Hong Kong next weekend, just me, on the train. Dim sum in the morning and the Canton Tower lit up at night.',
    expect: {
      startBetween: NEXT_WEEKEND,
      noFlights: true,
      evening: 'nightView',
      mustSee: [see('Canton Tower', /广州塔|canton tower/i)],
    },
  },
  {
    id: 'h2-en-honeymoon-bangkok-singapore-luxury',
    lang: 'en',
    text: "Honeymoon! Melbourne to Bangkok, then on to Singapore, 9 days in February. We'd like luxury hotels, the Grand Palace, and the Marina Bay skyline at night.",
    expect: {
      month: 2,
      tier: 'luxury',
      evening: 'nightView',
      mustSee: [see('Grand Palace', /大皇宫|grand palace/i)],
    },
  },
];
