/**
 * What the realism benchmark knows about the world, written for the benchmark from public travel
 * knowledge (independently of the planner's own data and code, so that the checks measure the
 * planner instead of repeating it). Names are matched as a traveller reads them, in either
 * language, by regular expressions over activity names.
 */

/** A covered city: how a traveller names it, its country, and its headline sights in order. */
export interface CityFacts {
  id: string;
  names: RegExp;
  country: string;
  /** The sights a first-time visitor expects, most important first. */
  headlines: { label: string; match: RegExp }[];
  /** Local dinner habit: the earliest reasonable dinner start (HH:MM, local). */
  earliestDinner: string;
}

export const CITIES: CityFacts[] = [
  {
    id: 'beijing',
    names: /北京|beijing|peking/i,
    country: 'CN',
    headlines: [
      { label: 'Forbidden City', match: /故宫|forbidden city|palace museum/i },
      { label: 'Great Wall', match: /长城|great wall/i },
      { label: 'Temple of Heaven', match: /天坛|temple of heaven/i },
      { label: 'Summer Palace', match: /颐和园|summer palace/i },
    ],
    earliestDinner: '17:30',
  },
  {
    id: 'shanghai',
    names: /上海|shanghai/i,
    country: 'CN',
    headlines: [
      { label: 'The Bund', match: /外滩|\bbund\b/i },
      { label: 'Yu Garden', match: /豫园|yu ?garden|yuyuan/i },
      {
        label: 'Lujiazui towers',
        match: /东方明珠|上海中心|环球金融中心|oriental pearl|shanghai tower|world financial/i,
      },
    ],
    earliestDinner: '17:30',
  },
  {
    id: 'hangzhou',
    names: /杭州|hangzhou/i,
    country: 'CN',
    headlines: [
      { label: 'West Lake', match: /西湖|断桥|苏堤|白堤|三潭|west lake|broken bridge|causeway|three pools/i },
      { label: 'Lingyin Temple', match: /灵隐|lingyin/i },
      { label: 'Longjing tea villages', match: /龙井|梅家坞|茶叶博物馆|longjing|meijiawu|tea museum/i },
    ],
    earliestDinner: '17:30',
  },
  {
    id: 'xian',
    names: /西安|\bxi'?an\b/i,
    country: 'CN',
    headlines: [
      { label: 'Terracotta Army', match: /兵马俑|秦始皇|terracotta/i },
      { label: 'City Wall', match: /城墙|city wall/i },
      { label: 'Giant Wild Goose Pagoda', match: /大雁塔|wild goose/i },
    ],
    earliestDinner: '17:30',
  },
  {
    id: 'chengdu',
    names: /成都|chengdu/i,
    country: 'CN',
    headlines: [
      { label: 'Giant Panda Base', match: /熊猫|panda/i },
      { label: 'Kuanzhai Alley', match: /宽窄巷子|kuanzhai/i },
      { label: 'Wuhou Shrine / Jinli', match: /武侯祠|锦里|wuhou|jinli/i },
    ],
    earliestDinner: '17:30',
  },
  {
    id: 'guangzhou',
    names: /广州|guangzhou|canton\b/i,
    country: 'CN',
    headlines: [
      { label: 'Canton Tower', match: /广州塔|canton tower/i },
      { label: 'Chen Clan Hall', match: /陈家祠|chen clan/i },
      { label: 'Shamian Island', match: /沙面|shamian/i },
    ],
    earliestDinner: '17:30',
  },
  {
    id: 'paris',
    names: /巴黎|paris/i,
    country: 'FR',
    headlines: [
      { label: 'Louvre', match: /卢浮宫|louvre/i },
      { label: 'Eiffel Tower', match: /埃菲尔|eiffel/i },
      { label: "Musée d'Orsay", match: /奥赛|orsay/i },
      { label: 'Versailles', match: /凡尔赛|versailles/i },
    ],
    earliestDinner: '19:00',
  },
  {
    id: 'tokyo',
    names: /东京|tokyo/i,
    country: 'JP',
    headlines: [
      { label: 'Senso-ji', match: /浅草寺|senso-?ji/i },
      { label: 'Shibuya', match: /涩谷|shibuya/i },
      { label: 'Meiji Jingu', match: /明治神宫|meiji/i },
    ],
    earliestDinner: '17:30',
  },
  {
    id: 'kyoto',
    names: /京都|kyoto/i,
    country: 'JP',
    headlines: [
      { label: 'Fushimi Inari', match: /伏见稻荷|fushimi inari/i },
      { label: 'Kiyomizu-dera', match: /清水寺|kiyomizu/i },
      { label: 'Kinkaku-ji', match: /金阁寺|kinkaku/i },
      { label: 'Arashiyama', match: /岚山|arashiyama/i },
    ],
    earliestDinner: '17:30',
  },
  {
    id: 'bangkok',
    names: /曼谷|bangkok/i,
    country: 'TH',
    headlines: [
      { label: 'Grand Palace', match: /大皇宫|grand palace/i },
      { label: 'Wat Pho', match: /卧佛寺|wat pho/i },
      { label: 'Wat Arun', match: /郑王庙|黎明寺|wat arun/i },
    ],
    earliestDinner: '17:30',
  },
  {
    id: 'singapore',
    names: /新加坡|singapore/i,
    country: 'SG',
    headlines: [
      {
        label: 'Gardens by the Bay',
        match: /滨海湾花园|超级树|花穹|gardens by the bay|supertree|flower dome/i,
      },
      { label: 'Marina Bay', match: /鱼尾狮|滨海湾金沙|merlion|marina bay sands/i },
    ],
    earliestDinner: '17:30',
  },
  {
    id: 'new-york',
    names: /纽约|new york|nyc/i,
    country: 'US',
    headlines: [
      { label: 'Central Park', match: /中央公园|central park/i },
      { label: 'Statue of Liberty', match: /自由女神|statue of liberty/i },
      { label: 'Metropolitan Museum', match: /大都会艺术博物馆|metropolitan museum/i },
      { label: 'Times Square', match: /时代广场|times square/i },
    ],
    earliestDinner: '17:30',
  },
];

/** Countries of cities that appear as origins (for "is this flight international?"). */
export const ORIGIN_COUNTRIES: { names: RegExp; country: string }[] = [
  {
    names:
      /北京|上海|杭州|西安|成都|广州|深圳|南京|武汉|重庆|长沙|厦门|青岛|天津|苏州|昆明|大连|沈阳|哈尔滨|郑州|济南|合肥|福州|南宁|贵阳|兰州|乌鲁木齐|三亚|海口|宁波|beijing|shanghai|hangzhou|xi'?an|chengdu|guangzhou|shenzhen|nanjing|wuhan|chongqing|changsha|xiamen|qingdao|tianjin|suzhou|kunming|dalian|shenyang|harbin/i,
    country: 'CN',
  },
  { names: /香港|hong kong/i, country: 'HK' },
  { names: /东京|京都|大阪|tokyo|kyoto|osaka/i, country: 'JP' },
  { names: /巴黎|paris|lyon|nice/i, country: 'FR' },
  { names: /伦敦|london|manchester|edinburgh/i, country: 'GB' },
  {
    names:
      /纽约|旧金山|洛杉矶|芝加哥|西雅图|new york|san francisco|los angeles|chicago|seattle|boston|washington/i,
    country: 'US',
  },
  { names: /新加坡|singapore/i, country: 'SG' },
  { names: /曼谷|bangkok/i, country: 'TH' },
  { names: /悉尼|墨尔本|sydney|melbourne/i, country: 'AU' },
  { names: /首尔|seoul/i, country: 'KR' },
  { names: /柏林|慕尼黑|法兰克福|berlin|munich|frankfurt/i, country: 'DE' },
  { names: /多伦多|温哥华|toronto|vancouver/i, country: 'CA' },
];

export function cityOf(name: string | null | undefined): CityFacts | undefined {
  if (!name) return undefined;
  return CITIES.find((c) => c.names.test(name));
}

export function countryOf(name: string | null | undefined): string | undefined {
  if (!name) return undefined;
  return cityOf(name)?.country ?? ORIGIN_COUNTRIES.find((o) => o.names.test(name))?.country;
}

/**
 * City pairs where a traveller takes the train: high-speed rail or Shinkansen door to door beats
 * flying (short rail times, centre-to-centre stations, frequent departures).
 */
export const RAIL_WINS: [string, string][] = [
  ['shanghai', 'hangzhou'],
  ['tokyo', 'kyoto'],
  ['xian', 'chengdu'],
  ['beijing', 'xian'],
];

export function railWins(a: string, b: string): boolean {
  return RAIL_WINS.some(([x, y]) => (x === a && y === b) || (x === b && y === a));
}

/** Sights that need an advance (often real-name or timed) reservation. */
export const BOOKING_REQUIRED: { label: string; match: RegExp }[] = [
  { label: 'Palace Museum', match: /故宫|forbidden city|palace museum/i },
  { label: 'National Museum of China', match: /中国国家博物馆|national museum of china/i },
  { label: 'Louvre', match: /卢浮宫|louvre/i },
  { label: 'Terracotta Army', match: /兵马俑|terracotta/i },
  { label: 'Shaanxi History Museum', match: /陕西历史博物馆|shaanxi history museum/i },
  { label: 'Ghibli Museum', match: /吉卜力|ghibli/i },
  { label: 'teamLab', match: /teamlab/i },
];

/**
 * Winter closing times (local): the latest a visit may end from November to March, for sights
 * whose winter hours are shorter than their summer ones.
 */
export const WINTER_CLOSING: { label: string; match: RegExp; closes: string }[] = [
  { label: 'Palace Museum', match: /故宫|forbidden city|palace museum/i, closes: '16:30' },
  { label: 'Summer Palace', match: /颐和园|summer palace/i, closes: '17:00' },
  { label: 'Temple of Heaven (scenic halls)', match: /天坛|temple of heaven/i, closes: '17:00' },
  { label: 'Terracotta Army', match: /兵马俑|terracotta/i, closes: '17:30' },
  { label: 'Leifeng Pagoda', match: /雷峰塔|leifeng/i, closes: '17:30' },
  { label: 'Great Wall (Mutianyu/Badaling)', match: /长城|great wall/i, closes: '17:00' },
];

/** Cuisines that are not a meal: a dessert or a coffee is not lunch. */
export const NOT_A_MEAL =
  /^(dessert|desserts|ice cream|gelato|bakery|patisserie|pastry|cafe|coffee|tea|bubble tea|crepes|kaya toast|juice|bar)$/i;

/**
 * Cuisine tags too broad to mean "the same dish twice": a country's or region's cuisine, dietary
 * tags, and formats such as street food or fine dining.
 */
export const BROAD_CUISINES = new Set([
  'chinese',
  'japanese',
  'french',
  'thai',
  'american',
  'italian',
  'singaporean',
  'korean',
  'indian',
  'cantonese',
  'sichuan',
  'shanghainese',
  'hangzhou',
  'beijing',
  'shaanxi',
  'jiangsu',
  'hunan',
  'yunnan',
  'halal',
  'vegetarian',
  'vegan',
  'street food',
  'local',
  'international',
  'fine dining',
  'european',
  'asian',
  'western',
  'seafood',
  'snacks',
  'market',
  'peranakan',
  'malay',
  'teochew',
  'hainanese',
  'isan',
  'southern thai',
  'modern',
  'fusion',
  'bistro',
  'brasserie',
  'new american',
  'buffet',
]);

/** Evening wishes and how to recognise what fulfils them. */
export const EVENING_WISHES: Record<string, RegExp> = {
  nightMarket:
    /夜市|night market|asiatique|乍都乍|chatuchak|回民街|muslim quarter|宁夏|yaowarat|唐人街|chinatown|锦里|jinli/i,
  show: /演出|秀|剧|show|theat|opera|kabuki|歌舞伎|broadway|百老汇|变脸|宋城|boxing|拳击|cabaret|moulin/i,
  nightView:
    /夜景|夜游|灯光|观景|天空|不夜城|night view|night cruise|observatory|observation|sky|tower|skytree|灯光秀|dome|sands/i,
};
