/**
 * Held-out realism scenarios, set 3: 30 trip requests (15 Chinese, 15 English) written for this
 * benchmark apart from the planner, by someone who read neither the planner's code nor its
 * destination data, from the request text alone. Each `expect` field states only what the request
 * itself says (a month only when the text names one or a relative date implies it; a holiday as a
 * start window; a must-see only when the traveller names it).
 *
 * Relative dates ("下周末", "next weekend", "下个月") are read against `REFERENCE_DATE`
 * (2027-01-10, a Sunday): next weekend is 2027-01-16/17, next month is February 2027. Holiday
 * windows for 2027: Spring Festival (Feb 6) 02-04..02-13; May Day 04-30..05-05; National Day
 * 09-30..10-07; Easter (Good Friday Mar 26) 03-25..03-29; US Thanksgiving (Nov 25) 11-23..11-26;
 * Christmas 12-18..12-27.
 *
 * Never tune the planner to these texts: `npm run bench:realism -- --heldout 3` only measures.
 */
import type { Scenario } from './scenarios.js';

const see = (label: string, match: RegExp) => ({ label, match });

export const HELDOUT_3_SCENARIOS: Scenario[] = [
  // ------------------------------------------------------------------ Chinese
  {
    id: 'h3-zh-couple-beijing-national-day',
    lang: 'zh',
    text: '我和男朋友国庆想从上海去北京玩4天，第一次去，想早起看天安门升旗，故宫肯定要去，其他你安排吧～',
    expect: {
      startBetween: ['2027-09-30', '2027-10-07'],
      mustSee: [see('Tiananmen Square', /天安门|tiananmen/i)],
    },
  },
  {
    id: 'h3-zh-family-chengdu-kids',
    lang: 'zh',
    text: '2月初带两个孩子（儿子7岁，女儿4岁）从广州去成都玩5天，一家四口。孩子最想看大熊猫，晚上想带他们看一场川剧变脸。',
    expect: {
      month: 2,
      mustSee: [see('Giant Panda Base', /熊猫|panda/i)],
      evening: 'show',
    },
  },
  {
    id: 'h3-zh-train-beijing3-xian2-mayday',
    lang: 'zh',
    text: '五一假期，南京出发，北京3天西安2天，全程坐高铁，不坐飞机。两个人，预算8000左右。',
    expect: { startBetween: ['2027-04-30', '2027-05-05'], noFlights: true },
  },
  {
    id: 'h3-zh-seniors-hangzhou-march',
    lang: 'zh',
    text: '帮我爸妈安排一下：他们都七十岁了，三月份从北京去杭州住4天，腿脚还行但别走太多路，节奏慢一点。我妈一直想去灵隐寺烧香，我爸想去雷峰塔看看。',
    expect: {
      month: 3,
      mustSee: [see('Lingyin Temple', /灵隐|lingyin/i), see('Leifeng Pagoda', /雷峰塔|leifeng/i)],
    },
  },
  {
    id: 'h3-zh-wheelchair-shanghai',
    lang: 'zh',
    text: '我们一家四口，奶奶坐轮椅，从成都去上海玩3天。景点尽量无障碍、少台阶，晚上想推奶奶去外滩看夜景。',
    expect: { evening: 'nightView' },
  },
  {
    id: 'h3-zh-student-budget-xian',
    lang: 'zh',
    text: '学生党穷游！郑州出发去西安3天，一个人，预算1500以内，住青旅就行。兵马俑必去，晚上想逛回民街吃小吃。',
    expect: {
      tier: 'budget',
      mustSee: [see('Terracotta Army', /兵马俑|terracotta/i)],
      evening: 'nightMarket',
    },
  },
  {
    id: 'h3-zh-honeymoon-tokyo-luxury',
    lang: 'zh',
    text: '蜜月旅行，5月从上海飞东京，6天，酒店要好一点的五星级，钱不是问题。想上晴空塔看东京全景。',
    expect: {
      month: 5,
      tier: 'luxury',
      mustSee: [see('Tokyo Skytree', /晴空塔|skytree/i)],
    },
  },
  {
    id: 'h3-zh-photographer-tokyo4-kyoto3',
    lang: 'zh',
    text: '摄影爱好者，一个人，11月从北京出发拍红叶：东京4天，然后京都3天。想清晨去伏见稻荷拍千本鸟居，岚山竹林也一定要拍。',
    expect: {
      month: 11,
      mustSee: [see('Fushimi Inari', /伏见稻荷|fushimi inari/i), see('Arashiyama', /岚山|arashiyama/i)],
    },
  },
  {
    id: 'h3-zh-girlfriends-bangkok-spring-festival',
    lang: 'zh',
    text: '姐妹们春节去曼谷！深圳出发，三个女生，5天。想去大皇宫拍照，晚上逛夜市买买买，酒店要三个人住得下的。',
    expect: {
      startBetween: ['2027-02-04', '2027-02-13'],
      mustSee: [see('Grand Palace', /大皇宫|grand palace/i)],
      evening: 'nightMarket',
    },
  },
  {
    id: 'h3-zh-family-singapore-july',
    lang: 'zh',
    text: '7月暑假带5岁女儿去新加坡，杭州出发，我们夫妻俩加孩子，玩4天。想去环球影城，还有夜间动物园。',
    expect: {
      month: 7,
      mustSee: [
        see('Universal Studios Singapore', /环球影城|universal studios/i),
        see('Night Safari', /夜间动物园|night safari/i),
      ],
    },
  },
  {
    id: 'h3-zh-email-paris-business',
    lang: 'zh',
    text: '您好，\n我9月要去巴黎出差，从北京出发，共5天，其中前两天开会，后面三天自己逛。请安排一家好一点的酒店（四星以上）。想去卢浮宫，另外想去蒙马特高地走走。\n谢谢！\n王先生',
    expect: {
      month: 9,
      tier: 'luxury',
      mustSee: [
        see('Louvre', /卢浮宫|louvre/i),
        see('Montmartre', /蒙马特|圣心|montmartre|sacr[ée][- ]c(œ|oe)ur/i),
      ],
    },
  },
  {
    id: 'h3-zh-voice-shanghai2-hangzhou2-next-weekend',
    lang: 'zh',
    text: '嗯那个就是我跟我老公下周末想从南京出发，先去上海玩两天然后再去杭州玩两天，坐高铁去，嗯杭州主要想看西湖',
    expect: {
      startBetween: ['2027-01-15', '2027-01-17'],
      noFlights: true,
      mustSee: [see('West Lake', /西湖|断桥|苏堤|白堤|west lake/i)],
    },
  },
  {
    id: 'h3-zh-uncovered-guilin',
    lang: 'zh',
    text: '想从广州去桂林玩5天，两个人，坐船游漓江，再去阳朔骑车。',
    expect: { uncovered: true },
  },
  {
    id: 'h3-zh-three-city-october',
    lang: 'zh',
    text: '10月下旬上海出发，北京2天、西安2天、成都3天，一共7天，一男一女两个朋友，各住一间房。',
    expect: { month: 10 },
  },
  {
    id: 'h3-zh-mixed-nyc-next-month',
    lang: 'zh',
    text: '下个月去NYC，上海出发，7天，我和我老婆。想看一场Broadway音乐剧，也想上帝国大厦看看，hotel在Midtown附近最好。',
    expect: {
      month: 2,
      evening: 'show',
      mustSee: [see('Empire State Building', /帝国大厦|empire state/i)],
    },
  },

  // ------------------------------------------------------------------ English
  {
    id: 'h3-en-anniversary-paris-april',
    lang: 'en',
    text: "Hi! My wife and I are celebrating our 10th anniversary and want to do Paris for 4 days in April, flying from London. We'd love a day at Versailles and one evening at a cabaret show. Nice hotel please, it's a special occasion.",
    expect: {
      month: 4,
      tier: 'luxury',
      evening: 'show',
      mustSee: [see('Versailles', /凡尔赛|versailles/i)],
    },
  },
  {
    id: 'h3-en-family-tokyo-easter',
    lang: 'en',
    text: 'Family of four from Sydney, kids are 9 and 12. Tokyo for 6 days over Easter, leaving Good Friday. The kids are obsessed with Studio Ghibli and teamLab, so both are must-dos.',
    expect: {
      startBetween: ['2027-03-25', '2027-03-29'],
      mustSee: [see('Ghibli Museum', /吉卜力|ghibli/i), see('teamLab', /teamlab/i)],
    },
  },
  {
    id: 'h3-en-solo-tokyo4-kyoto3-sakura',
    lang: 'en',
    text: "solo, from Singapore, late March for the cherry blossoms. Tokyo 4 days then Kyoto 3. on a budget, hostels fine. want to walk the Philosopher's Path in Kyoto.",
    expect: {
      month: 3,
      tier: 'budget',
      mustSee: [see("Philosopher's Path", /哲学之道|哲学之路|philosopher/i)],
    },
  },
  {
    id: 'h3-en-email-shanghai-business',
    lang: 'en',
    text: 'Subject: Shanghai trip, week of March 8\n\nHello,\nI will be in Shanghai on business for 3 days the week of March 8, flying in from Frankfurt. Please book a good hotel (5-star, ideally Lujiazui). I have one free evening and would like to see the Bund lit up at night.\n\nBest regards,\nKlaus',
    expect: {
      month: 3,
      startBetween: ['2027-03-07', '2027-03-14'],
      tier: 'luxury',
      evening: 'nightView',
    },
  },
  {
    id: 'h3-en-seniors-beijing4-xian3',
    lang: 'en',
    text: "We're a retired couple (both in our seventies) from Toronto. We'd like Beijing for 4 days and then Xi'an for 3 days in October, at an easy pace with not too much walking. The Great Wall is a must, and in Xi'an the Shaanxi History Museum as well as the Terracotta Warriors.",
    expect: {
      month: 10,
      mustSee: [
        see('Great Wall', /长城|great wall/i),
        see('Shaanxi History Museum', /陕西历史博物馆|shaanxi history/i),
        see('Terracotta Army', /兵马俑|terracotta/i),
      ],
    },
  },
  {
    id: 'h3-en-wheelchair-singapore-december',
    lang: 'en',
    text: 'Travelling from Hong Kong to Singapore in December, 4 days, me, my husband and my dad who uses a wheelchair. Step-free places please. We want Gardens by the Bay and Sentosa, and the light show at Marina Bay one night.',
    expect: {
      month: 12,
      evening: 'nightView',
      mustSee: [
        see('Gardens by the Bay', /滨海湾花园|gardens by the bay|supertree|flower dome/i),
        see('Sentosa', /圣淘沙|sentosa/i),
      ],
    },
  },
  {
    id: 'h3-en-photographer-bangkok-november',
    lang: 'en',
    text: "I'm a photographer, travelling alone from Melbourne to Bangkok for 4 days in November. Sunrise at Wat Arun is the shot I'm after, and I'd like an evening in Chinatown for street photography.",
    expect: {
      month: 11,
      evening: 'nightMarket',
      mustSee: [see('Wat Arun', /郑王庙|黎明寺|wat arun/i)],
    },
  },
  {
    id: 'h3-en-friends-bangkok-singapore-budget',
    lang: 'en',
    text: '4 friends from Seoul, mid-June. Bangkok 3 nights then Singapore 3 nights. Cheap as possible, hostels ok. One night we want to watch Muay Thai boxing.',
    expect: { month: 6, tier: 'budget', evening: 'show' },
  },
  {
    id: 'h3-en-trains-shanghai-hangzhou-may',
    lang: 'en',
    text: "My partner and I live in Beijing and we don't fly, trains only. Planning Shanghai for 3 days and then Hangzhou for 2 days in the second week of May.",
    expect: { month: 5, noFlights: true },
  },
  {
    id: 'h3-en-family-nyc-thanksgiving',
    lang: 'en',
    text: "Coming from Chicago with our kids (6 and 10) for 4 days in New York over Thanksgiving. We'd like the Natural History Museum, the Statue of Liberty, and a Broadway show the kids would enjoy.",
    expect: {
      startBetween: ['2027-11-23', '2027-11-26'],
      evening: 'show',
      mustSee: [
        see('American Museum of Natural History', /自然历史博物馆|natural history/i),
        see('Statue of Liberty', /自由女神|statue of liberty/i),
      ],
    },
  },
  {
    id: 'h3-en-uncovered-lisbon',
    lang: 'en',
    text: 'Thinking of Lisbon for 5 days in September, two of us flying from New York. Trams, custard tarts, and a day in Sintra.',
    expect: { month: 9, uncovered: true },
  },
  {
    id: 'h3-en-voice-chengdu3-xian2-new-year',
    lang: 'en',
    text: "okay so um me and my buddy are flying out of Hong Kong over Chinese New Year, we're thinking Chengdu for three days and then Xi'an for two, uh pandas obviously, and in Xi'an we wanna hit the Muslim Quarter at night for the food",
    expect: {
      startBetween: ['2027-02-04', '2027-02-13'],
      evening: 'nightMarket',
      mustSee: [see('Giant Panda Base', /熊猫|panda/i)],
    },
  },
  {
    id: 'h3-en-guangzhou-next-weekend-train',
    lang: 'en',
    text: 'HK -> Guangzhou next weekend, 2 days, 2 adults, by train. dim sum + Canton Tower at night.',
    expect: { startBetween: ['2027-01-15', '2027-01-17'], noFlights: true, evening: 'nightView' },
  },
  {
    id: 'h3-en-form-china-three-city-luxury',
    lang: 'en',
    text: 'Origin: Sydney\nTravellers: 2 adults\nDates: September, 8 days\nCities: Beijing 3 days, Shanghai 3 days, Hangzhou 2 days\nHotels: luxury\nMust see: Summer Palace, Yu Garden',
    expect: {
      month: 9,
      tier: 'luxury',
      mustSee: [see('Summer Palace', /颐和园|summer palace/i), see('Yu Garden', /豫园|yu ?garden|yuyuan/i)],
    },
  },
  {
    id: 'h3-en-wechat-tokyo-christmas',
    lang: 'en',
    text: 'hey! me + gf, from 深圳\nTokyo 5 days around Christmas\nwant Shibuya at night + Tokyo Tower 🗼\nnot too pricey pls',
    expect: {
      startBetween: ['2027-12-18', '2027-12-27'],
      evening: 'nightView',
      mustSee: [see('Tokyo Tower', /东京塔|tokyo tower/i), see('Shibuya', /涩谷|shibuya/i)],
    },
  },
];
