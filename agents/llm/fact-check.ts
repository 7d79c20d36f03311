/**
 * Checks that a generated summary states no fact outside the plan. Two checks, both strict (a
 * false alarm only costs fluency: the caller then uses the template):
 *
 * - Numbers: every number in the text (digits, with 万/千/k scales, Chinese numerals before a
 *   measure word, English number words) must be one of the digest's numbers, up to the rounding
 *   its written precision implies (`1.5万` may stand for 15,000 ± 500; `7,368` for 7,368.4).
 * - Names: the plan's names are masked out first; what remains must not contain
 *   (a) a name from a lexicon of known places (built-in major cities, plus any the caller passes,
 *       e.g. the gazetteer's), (b) an English capitalised phrase that is not part of a plan name
 *       (common words excepted), or (c) a Chinese place-like word (…酒店, …公园, …寺, …博物馆 …)
 *       whose name part is not part of a plan name.
 *
 * Known limits: a number is checked against the set of the digest's numbers, not its meaning
 * ("1 night" passes if any 1 is in the digest); Chinese names without a place-like suffix are
 * only caught through the lexicon.
 */
import { ENGLISH_CARDINALS, parseChineseNumber } from '../nlu/text.js';

export interface FactCheckInput {
  text: string;
  lang: 'zh' | 'en';
  /** Numbers the text may state. */
  numbers: readonly number[];
  /** Names the text may mention (with their short forms). */
  names: readonly string[];
  /** Known place names (cities, POIs) the text must not mention unless they are in `names`. */
  lexicon?: Iterable<string>;
}

export interface FactCheckResult {
  ok: boolean;
  /** One line per problem, e.g. `number 18000 is not in the plan`. */
  problems: string[];
}

/** Major cities, Chinese and English: caught even when the caller passes no lexicon. */
export const BUILTIN_PLACE_LEXICON: readonly string[] = [
  ...'北京 上海 广州 深圳 成都 重庆 杭州 西安 南京 武汉 苏州 天津 长沙 厦门 青岛 昆明 大理 丽江 桂林 三亚 拉萨 哈尔滨 香港 澳门 台北 乌鲁木齐 东京 京都 大阪 首尔 曼谷 新加坡 巴黎 伦敦 纽约 罗马 悉尼 洛杉矶 旧金山 芝加哥 柏林 巴塞罗那 迪拜 清迈 普吉岛 巴厘岛'.split(
    ' ',
  ),
  ...[
    'Beijing',
    'Shanghai',
    'Guangzhou',
    'Shenzhen',
    'Chengdu',
    'Chongqing',
    'Hangzhou',
    "Xi'an",
    'Nanjing',
    'Wuhan',
    'Suzhou',
    'Tianjin',
    'Changsha',
    'Xiamen',
    'Qingdao',
    'Kunming',
    'Lijiang',
    'Guilin',
    'Sanya',
    'Lhasa',
    'Harbin',
    'Hong Kong',
    'Macau',
    'Taipei',
    'Tokyo',
    'Kyoto',
    'Osaka',
    'Seoul',
    'Bangkok',
    'Singapore',
    'Paris',
    'London',
    'New York',
    'Rome',
    'Sydney',
    'Los Angeles',
    'San Francisco',
    'Chicago',
    'Berlin',
    'Barcelona',
    'Dubai',
  ],
];

// ---------------------------------------------------------------- numbers

/** Chinese numerals are read by the request parser's reader (`十五` -> 15, `两万` -> 20000). */
export { parseChineseNumber };

const EN_WORDS: Record<string, number> = {
  ...ENGLISH_CARDINALS,
  hundred: 100,
  thousand: 1000,
  twice: 2,
  pair: 2,
  couple: 2,
  dozen: 12,
};

/** A number the text states, with the tolerance its written precision allows. */
interface Stated {
  value: number;
  tolerance: number;
  text: string;
}

/** Numbers stated in a text (digits with scales, Chinese numerals before a measure word, English words). */
export function statedNumbers(text: string): Stated[] {
  const out: Stated[] = [];
  const digits = /(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(万|千|[kK](?![a-zA-Z]))?/g;
  for (const m of text.matchAll(digits)) {
    const decimals = m[2]?.length ?? 0;
    const scale = m[3] === '万' ? 10_000 : m[3] ? 1000 : 1;
    const base = Number(`${m[1]!.replace(/,/g, '')}${m[2] ? `.${m[2]}` : ''}`);
    out.push({ value: base * scale, tolerance: 0.5 * 10 ** -decimals * scale, text: m[0].trim() });
  }
  const zh = /([零〇一二两三四五六七八九十百千万]+)(?=[天日晚夜人位名个家座条项次站周处间顿口元块星晚])/g;
  for (const m of text.matchAll(zh)) {
    const value = parseChineseNumber(m[1]!);
    if (value !== undefined) out.push({ value, tolerance: 0, text: m[0] });
  }
  const en =
    /\b(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(one|two|three|four|five|six|seven|eight|nine)\b|\b([a-z]+)\b/gi;
  for (const m of text.matchAll(en)) {
    if (m[1] && m[2]) {
      out.push({
        value: EN_WORDS[m[1].toLowerCase()]! + EN_WORDS[m[2].toLowerCase()]!,
        tolerance: 0,
        text: m[0],
      });
    } else if (m[3]) {
      const value = EN_WORDS[m[3].toLowerCase()];
      if (value !== undefined) out.push({ value, tolerance: 0, text: m[0] });
    }
  }
  return out;
}

// ---------------------------------------------------------------- names

const MASK = '\u0000';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function normalize(s: string): string {
  return s.normalize('NFC').replace(/[’‘`]/g, "'").replace(/\s+/g, ' ').trim().toLowerCase();
}

const HAN = /[\u3400-\u9fff]/;
const isHan = (ch: string | undefined) => ch !== undefined && HAN.test(ch);

/** A regexp finding `name` as a whole word (Latin) or anywhere (Han), case-insensitively. */
function namePattern(name: string): RegExp {
  const body = escapeRegExp(name).replace(/'/g, "['’]").replace(/\s+/g, '\\s+');
  const latinStart = /^[\p{L}\p{N}]/u.test(name) && !isHan(name[0]);
  const latinEnd = /[\p{L}\p{N}]$/u.test(name) && !isHan(name[name.length - 1]);
  // Word boundaries against Latin letters and digits only: `CNY的预算` still contains `CNY`.
  const edge = '[\\p{Script=Latin}\\p{N}]';
  return new RegExp(`${latinStart ? `(?<!${edge})` : ''}${body}${latinEnd ? `(?!${edge})` : ''}`, 'giu');
}

/** Replaces every allowed name (longest first) by a mask character of the same length. */
function maskNames(text: string, names: readonly string[]): string {
  let masked = text;
  for (const name of [...names].sort((a, b) => b.length - a.length)) {
    if (name.trim().length === 0) continue;
    masked = masked.replace(namePattern(name), (m) => MASK.repeat(m.length));
  }
  return masked;
}

/** Capitalised words that are not names (sentence starters, labels, months, weekdays). */
const COMMON_WORDS = new Set(
  (
    'the a an your you we our us this that these those it its i on in at after before then next finally first ' +
    'second third last start begin day days night nights enjoy explore visit visiting stay staying spend head ' +
    'return fly take arrive arrival depart departure total overall budget cost costs note notes warning warnings ' +
    'morning afternoon evening trip overview summary itinerary highlights highlight accommodation accommodations ' +
    'traveller travellers traveler travelers party from to with for and or but all each every both here there also ' +
    'plus meanwhile while during around about estimated estimate expect check relax discover experience continue ' +
    'wrap end round along see please keep remember have is are will be as by of hotel hotels stays stay tickets ' +
    'transport transportation food meals meal breakfast lunch dinner flight flights weather sights sight ' +
    'no not none yes under over within left remaining spending price prices ' +
    'january february march april may june july august september october november december ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday ' +
    'am pm one two three four five six seven eight nine ten eleven twelve twenty thirty'
  ).split(/\s+/),
);

const CONNECTORS = new Set([
  'of',
  'the',
  'de',
  'du',
  'des',
  'la',
  'le',
  'les',
  'et',
  'and',
  '&',
  'di',
  'del',
  'da',
]);

/** English capitalised phrases (e.g. `Summer Palace`, `Musée d'Orsay`) in a text. */
function capitalisedPhrases(text: string): string[] {
  const words = [...text.matchAll(/\p{Script=Latin}[\p{Script=Latin}\p{M}'’-]*|&/gu)];
  const phrases: string[] = [];
  let current: string[] = [];
  let pendingConnectors: string[] = [];
  let lastEnd = -1;
  const flush = () => {
    if (current.length > 0) phrases.push(current.join(' '));
    current = [];
    pendingConnectors = [];
  };
  for (const m of words) {
    const word = m[0];
    const start = m.index;
    const adjacent = lastEnd >= 0 && /^[ \t]+$/.test(text.slice(lastEnd, start));
    lastEnd = start + word.length;
    const capital = /^\p{Lu}/u.test(word);
    if (capital) {
      if (current.length > 0 && adjacent) {
        current.push(...pendingConnectors, word);
        pendingConnectors = [];
      } else {
        flush();
        current = [word];
      }
    } else if (current.length > 0 && adjacent && CONNECTORS.has(word.toLowerCase())) {
      pendingConnectors.push(word);
    } else {
      flush();
    }
  }
  flush();
  return phrases;
}

/** Place-like suffixes of Chinese names, longest first. */
const ZH_SUFFIXES = [
  '博物馆',
  '博物院',
  '美术馆',
  '纪念馆',
  '科技馆',
  '风景区',
  '步行街',
  '火车站',
  '高铁站',
  '大酒店',
  '酒店',
  '宾馆',
  '饭店',
  '客栈',
  '民宿',
  '公园',
  '广场',
  '古镇',
  '古城',
  '景区',
  '大街',
  '机场',
  '大学',
  '遗址',
  '故居',
  '长城',
  '寺',
  '庙',
  '宫',
  '塔',
  '阁',
  '殿',
  '园',
  '湖',
  '山',
  '城',
  '区',
];

/** Characters that end an ordinary word just before a suffix (`入住酒店`, `前往博物馆`, `的公园`). */
const ZH_BOUNDARY = new Set(
  '的家座个间所该此这那些级星型住色地往观览逛到去回达在和与及或入进出各游看赏爬登上下从至经过访拜由于乘坐次处近边旁内外晚早午一两三四五六七八九十第是有为把被将可能会再又也都就还先然接着便随即并且而但'.split(
    '',
  ),
);

/** Generic nouns ending in a place-like suffix (`花园` is a garden, not a named one). */
const ZH_GENERIC_WORDS = new Set(
  (
    '花园 乐园 校园 庄园 家园 田园 果园 菜园 游乐园 动物园 植物园 青山 高山 名山 山水 江山 火山 寺庙 宫殿 古塔 楼阁 ' +
    '湖泊 全城 名城 小城 主城 市区 城区 地区 小区 社区 园区 郊区 景区 老城区'
  ).split(' '),
);

/**
 * Chinese place-like words whose name part is not part of an allowed name. Runs on the text with
 * only the place-like plan names masked: masking the city `北京` would hide an invented `北京饭店`.
 */
function unknownChineseNames(text: string, names: readonly string[]): string[] {
  const found: string[] = [];
  const inNames = (s: string) => names.some((n) => n.includes(s));
  const exact = new Set(names);
  for (let i = 0; i < text.length; i++) {
    const suffix = ZH_SUFFIXES.find((s) => text.startsWith(s, i));
    if (!suffix) continue;
    let start = i;
    while (start > 0 && i - start < 6 && isHan(text[start - 1])) start--;
    const before = text.slice(start, i);
    // Longest tail of `before` that, with the suffix, is part of a plan name; a tail that makes a
    // whole plan name is accepted whatever precedes it (`第二天颐和园`).
    let k = 0;
    let whole = false;
    for (let len = before.length; len >= 1; len--) {
      const candidate = before.slice(before.length - len) + suffix;
      if (exact.has(candidate)) {
        whole = true;
        break;
      }
      if (k === 0 && inNames(candidate)) k = len;
    }
    if (whole || (before.length === 0 && exact.has(suffix))) {
      i += suffix.length - 1;
      continue;
    }
    if (k === 0) {
      for (const len of [2, 1]) {
        if (before.length >= len && ZH_GENERIC_WORDS.has(before.slice(before.length - len) + suffix)) {
          k = len;
          break;
        }
      }
    }
    const boundary = before[before.length - k - 1];
    const ok = k === before.length || (boundary !== undefined && ZH_BOUNDARY.has(boundary));
    if (!ok) found.push(before.slice(Math.max(0, before.length - k - 2)) + suffix);
    i += suffix.length - 1;
  }
  return found;
}

// ---------------------------------------------------------------- the check

export function checkFacts(input: FactCheckInput): FactCheckResult {
  const problems: string[] = [];
  const names = input.names.filter((n) => n.trim().length > 0);
  const masked = maskNames(input.text, names);

  for (const stated of statedNumbers(masked)) {
    const known = input.numbers.some((n) => Math.abs(n - stated.value) <= stated.tolerance + 1e-9);
    if (!known) problems.push(`number ${stated.text} is not in the plan`);
  }

  const normalizedNames = names.map(normalize);
  const lexicon = new Set([...BUILTIN_PLACE_LEXICON, ...(input.lexicon ?? [])]);
  for (const place of lexicon) {
    if (place.trim().length < 2) continue;
    if (namePattern(place).test(masked)) problems.push(`mentions ${place}, which is not in the plan`);
  }

  for (const phrase of capitalisedPhrases(masked)) {
    const words = phrase.split(' ');
    while (words.length > 0 && COMMON_WORDS.has(words[0]!.toLowerCase())) words.shift();
    while (words.length > 0 && COMMON_WORDS.has(words[words.length - 1]!.toLowerCase())) words.pop();
    if (words.length === 0) continue;
    const rest = normalize(words.join(' '));
    const partOfName = normalizedNames.some((n) => namePattern(rest).test(n));
    if (!partOfName) problems.push(`mentions "${words.join(' ')}", which is not a name in the plan`);
  }

  const placeLike = names.filter((n) => ZH_SUFFIXES.some((suffix) => n.includes(suffix)));
  for (const word of unknownChineseNames(maskNames(input.text, placeLike), names)) {
    problems.push(`mentions "${word}", which is not a name in the plan`);
  }

  return { ok: problems.length === 0, problems: [...new Set(problems)] };
}
