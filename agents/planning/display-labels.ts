/**
 * Words the printed plan shows in the reader's language: cuisine and restaurant-type words of the
 * curated data (stored in lower-case English) as Chinese labels. One language per output: a
 * Chinese plan never prints "(cafe, french)".
 */
import { CUISINES_ZH } from '../nlu/lexicon.js';

const CUISINE_LABEL_ZH: Record<string, string> = {
  american: '美式',
  australian: '澳式',
  bagels: '贝果',
  bakery: '面包店',
  baozi: '包子',
  bar: '酒吧',
  bbq: '烧烤',
  beef: '牛肉',
  beijing: '京菜',
  buffet: '自助餐',
  burgers: '汉堡',
  cafe: '咖啡馆',
  cantonese: '粤菜',
  chinese: '中餐',
  congee: '粥',
  crab: '螃蟹',
  crepes: '可丽饼',
  deli: '熟食店',
  dessert: '甜品',
  'dim sum': '点心',
  diner: '美式餐馆',
  dumplings: '饺子',
  european: '欧式',
  farmhouse: '农家菜',
  'fast food': '快餐',
  'fine dining': '高级餐厅',
  fish: '鱼',
  french: '法餐',
  hainanese: '海南菜',
  halal: '清真',
  hangzhou: '杭帮菜',
  'hot pot': '火锅',
  indian: '印度菜',
  international: '国际料理',
  isan: '泰国东北菜',
  italian: '意大利菜',
  izakaya: '居酒屋',
  japanese: '日本料理',
  kaiseki: '怀石料理',
  'kaya toast': '咖椰吐司',
  malay: '马来菜',
  market: '市场',
  mexican: '墨西哥菜',
  'middle eastern': '中东菜',
  noodles: '面食',
  okonomiyaki: '大阪烧',
  paomo: '泡馍',
  'peking duck': '北京烤鸭',
  peranakan: '娘惹菜',
  pizza: '披萨',
  ramen: '拉面',
  roujiamo: '肉夹馍',
  sandwiches: '三明治',
  satay: '沙爹',
  seafood: '海鲜',
  shaanxi: '陕西菜',
  shanghainese: '本帮菜',
  shojin: '精进料理（素斋）',
  sichuan: '川菜',
  snacks: '小吃',
  soba: '荞麦面',
  'southern thai': '泰国南部菜',
  steak: '牛排',
  steakhouse: '牛排馆',
  'street food': '街头小吃',
  sukiyaki: '寿喜烧',
  sushi: '寿司',
  taiwanese: '台湾菜',
  tea: '茶',
  tempura: '天妇罗',
  teochew: '潮州菜',
  thai: '泰国菜',
  tofu: '豆腐料理',
  tonkatsu: '炸猪排',
  udon: '乌冬面',
  ukrainian: '乌克兰菜',
  vegetarian: '素食',
  vietnamese: '越南菜',
  western: '西餐',
  xiaolongbao: '小笼包',
  xinjiang: '新疆菜',
  yunnan: '云南菜',
};

/** The parser's Chinese words, reversed: a fallback for cuisines the table above lacks. */
const FROM_PARSER = new Map<string, string>();
for (const [zh, en] of Object.entries(CUISINES_ZH)) if (!FROM_PARSER.has(en)) FROM_PARSER.set(en, zh);

/**
 * A cuisine word in the reader's language; null when a Chinese label is unknown (the caller then
 * leaves the word out rather than print English in a Chinese plan).
 */
export function cuisineLabel(cuisine: string, lang: 'zh' | 'en'): string | null {
  if (lang === 'en') return cuisine;
  const key = cuisine.toLowerCase();
  return CUISINE_LABEL_ZH[key] ?? FROM_PARSER.get(key) ?? (/[\u3400-\u9fff]/.test(cuisine) ? cuisine : null);
}

/** A duration in the output's language: "45 min" / "2 h 15 min", "45分钟" / "2小时15分钟". */
export function durationText(minutes: number, lang: 'zh' | 'en'): string {
  const m = Math.max(0, Math.round(minutes));
  const h = Math.floor(m / 60);
  const rest = m % 60;
  if (lang === 'zh') return h === 0 ? `${rest}分钟` : rest === 0 ? `${h}小时` : `${h}小时${rest}分钟`;
  return h === 0 ? `${rest} min` : rest === 0 ? `${h} h` : `${h} h ${rest} min`;
}

/** Chinese names of the airlines the offline schedules use (the English name is the key). */
const AIRLINE_ZH: Record<string, string> = {
  'Air China': '中国国际航空',
  'China Eastern Airlines': '中国东方航空',
  'China Southern Airlines': '中国南方航空',
  'Hainan Airlines': '海南航空',
  'Sichuan Airlines': '四川航空',
  'Shenzhen Airlines': '深圳航空',
  'Xiamen Airlines': '厦门航空',
  'Juneyao Air': '吉祥航空',
  'Cathay Pacific': '国泰航空',
  'Hong Kong Airlines': '香港航空',
  'Air Macau': '澳门航空',
  'China Airlines': '中华航空',
  'EVA Air': '长荣航空',
  'All Nippon Airways': '全日空',
  'Japan Airlines': '日本航空',
  'Skymark Airlines': '天马航空',
  'Korean Air': '大韩航空',
  'Asiana Airlines': '韩亚航空',
  'Jeju Air': '济州航空',
  'Thai Airways': '泰国国际航空',
  'Thai AirAsia': '泰国亚洲航空',
  'Singapore Airlines': '新加坡航空',
  Scoot: '酷航',
  'Malaysia Airlines': '马来西亚航空',
  AirAsia: '亚洲航空',
  'Garuda Indonesia': '印尼鹰航',
  'Vietnam Airlines': '越南航空',
  'VietJet Air': '越捷航空',
  'Philippine Airlines': '菲律宾航空',
  'Air India': '印度航空',
  IndiGo: '靛蓝航空',
  Emirates: '阿联酋航空',
  'Qatar Airways': '卡塔尔航空',
  'Etihad Airways': '阿提哈德航空',
  'Turkish Airlines': '土耳其航空',
  'American Airlines': '美国航空',
  'Delta Air Lines': '达美航空',
  'United Airlines': '美国联合航空',
  'Southwest Airlines': '西南航空',
  'Alaska Airlines': '阿拉斯加航空',
  JetBlue: '捷蓝航空',
  'Air Canada': '加拿大航空',
  WestJet: '西捷航空',
  Aeromexico: '墨西哥国际航空',
  'LATAM Airlines': '南美航空',
  Avianca: '哥伦比亚航空',
  'British Airways': '英国航空',
  'Air France': '法国航空',
  KLM: '荷兰皇家航空',
  Lufthansa: '汉莎航空',
  Swiss: '瑞士国际航空',
  'Austrian Airlines': '奥地利航空',
  Iberia: '西班牙国家航空',
  Vueling: '伏林航空',
  'ITA Airways': '意大利航空',
  'TAP Air Portugal': '葡萄牙航空',
  SAS: '北欧航空',
  Finnair: '芬兰航空',
  easyJet: '易捷航空',
  Ryanair: '瑞安航空',
  Aeroflot: '俄罗斯航空',
  Qantas: '澳洲航空',
  'Virgin Australia': '维珍澳洲航空',
  'Air New Zealand': '新西兰航空',
  'Ethiopian Airlines': '埃塞俄比亚航空',
  EgyptAir: '埃及航空',
  'South African Airways': '南非航空',
};

/** An airline's name in the output's language (unknown names are kept as given). */
export function airlineLabel(airline: string, lang: 'zh' | 'en'): string {
  return lang === 'zh' ? (AIRLINE_ZH[airline] ?? airline) : airline;
}
