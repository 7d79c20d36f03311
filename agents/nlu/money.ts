/** Money amounts in Chinese or English text: `1.5万元`, `预算5000人民币`, `$1,400`, `€2k`, `2000 euros`. */
import { currencyOf } from './lexicon.js';
import { ENGLISH_CARDINALS, ZH_BIG_UNITS, ZH_DIGITS, ZH_SMALL_UNITS, parseChineseNumber } from './text.js';

export interface Money {
  amount: number;
  currency: string | undefined;
  start: number;
  end: number;
  /** Upper bound of a range (`5000-8000元` -> 8000 is `amount`, 5000 is `low`). */
  low?: number;
}

/** Dollars named by their country: `Hong Kong dollars`, `Aussie dollars`, `US dollars`. */
const NAMED_DOLLARS = String.raw`(?:Hong\s+Kong|HK|Singapore|Sing|Aussie|Australian|Canadian|New\s+Zealand|NZ|Kiwi|US|American)\s+dollars?`;
const PREFIX = String.raw`(US\$|HK\$|NT\$|AU\$|A\$|CA\$|C\$|S\$|NZ\$|RM(?=\s?\d)|RMB|CNY|USD|EUR|GBP|JPY|HKD|AUD|CAD|SGD|CHF|rmb|cny|usd|eur|gbp|jpy|hkd|aud|cad|sgd|[$€£¥])`;
const NUMBER = String.raw`(\d[\d,]*(?:\.\d+)?(?:[万千百]\d*){0,2}|[零一二两三四五六七八九十百千万亿][零一二两三四五六七八九十百千万亿]*)`;
const SCALE = String.raw`(?:\s?([kKwW])(?![A-Za-z]))?`;
const SUFFIX = String.raw`(人民币|元|块钱|块|美元|美金|欧元|英镑|日元|日币|港币|港元|蚊港纸|港纸|蚊|韩元|泰铢|澳元|澳币|加元|加币|新加坡元|新币|纽币|令吉|林吉特|马币|新台币|台币|刀|欧|${NAMED_DOLLARS}|US(?![A-Za-z$])|ringgit|MYR|myr|NZD|nzd|dollars?|bucks|euros?|euro|pounds?|yuan|yen|won|baht|francs?|RMB|CNY|USD|EUR|GBP|JPY|HKD|AUD|CAD|SGD|TWD|KRW|THB|CHF|usd|eur|rmb|aud|cad|cny|jpy|gbp|hkd|sgd|twd|krw|thb|chf|quid)?`;

/** A money expression: optional currency prefix, number (any script), scale, currency word. */
export const MONEY_SOURCE = String.raw`(?:${PREFIX}\s?)?${NUMBER}${SCALE}\s?${SUFFIX}`;
const MONEY_G = new RegExp(MONEY_SOURCE, 'g');
const RANGE_G = new RegExp(
  String.raw`${MONEY_SOURCE}\s?(?:-|~|到|至|to|and(?<=between\s[^\n]{1,20}and))\s?${MONEY_SOURCE}`,
  'g',
);

/** `四五千`, `两三万`, `七八百`: two neighbouring digits before a unit, a range. */
const RX_ZH_APPROX = /^([一二两三四五六七八])([二三四五六七八九])([十百千万])$/;
const ZH_UNIT: Readonly<Record<string, number>> = { ...ZH_SMALL_UNITS, 万: ZH_BIG_UNITS['万']! };

function toMoney(m: RegExpExecArray, offset: number): Money | undefined {
  const [, prefix, num, scale, suffix] = m.slice(offset);
  if (!num) return undefined;
  const approx = RX_ZH_APPROX.exec(num);
  if (approx && ZH_DIGITS[approx[2]!]! === ZH_DIGITS[approx[1]!]! + 1) {
    const unit = ZH_UNIT[approx[3]!]!;
    const named = suffix ? currencyOf(suffix) : undefined;
    return {
      amount: ZH_DIGITS[approx[2]!]! * unit,
      low: ZH_DIGITS[approx[1]!]! * unit,
      currency: (prefix && currencyOf(prefix)) || named || undefined,
      start: m.index,
      end: m.index + m[0].length,
    };
  }
  let amount = parseChineseNumber(num.replace(/,(?=\d{3}\b)/g, '').replace(/,$/, ''));
  if (amount === undefined || !Number.isFinite(amount)) return undefined;
  if (scale) amount *= /[kK]/.test(scale) ? 1000 : 10_000;
  // `$1500 AUD`, `¥20000 yen`: a currency word after the amount names the dollar or the yen/yuan sign.
  const named = suffix ? currencyOf(suffix) : undefined;
  const currency =
    ((prefix === '$' || prefix === '¥') && named) || (prefix && currencyOf(prefix)) || named || undefined;
  return { amount, currency, start: m.index, end: m.index + m[0].length };
}

/** Every money-like number in `text` (numbers without a currency included: callers decide). */
export function findMoney(text: string): Money[] {
  const out: Money[] = [];
  const taken: [number, number][] = [];
  for (const m of text.matchAll(RANGE_G)) {
    const exec = m as unknown as RegExpExecArray;
    const low = toMoney(exec, 0);
    const sep = /-|~|到|至|\bto\b|\band\b/.exec(m[0].slice(1));
    const highMatch = sep ? RX_MONEY_1.exec(m[0].slice(sep.index + 1 + sep[0].length)) : null;
    if (!low || !highMatch) continue;
    const high = toMoney(highMatch, 0);
    if (!high || high.amount <= low.amount / 50) continue;
    // 5-8千 / 5000-8000元: the scale and currency of the upper bound apply to both.
    const currency = high.currency ?? low.currency;
    let lowAmount = low.amount;
    if (lowAmount < high.amount / 50 && high.amount >= 1000)
      lowAmount *= high.amount >= 10_000 ? 10_000 : 1000;
    out.push({ amount: high.amount, low: lowAmount, currency, start: m.index, end: m.index + m[0].length });
    taken.push([m.index, m.index + m[0].length]);
  }
  for (const m of text.matchAll(MONEY_G)) {
    if (taken.some(([s, e]) => m.index >= s && m.index < e)) continue;
    const money = toMoney(m as unknown as RegExpExecArray, 0);
    if (money) out.push(money);
  }
  return out.sort((a, b) => a.start - b.start);
}

/** English cardinals in lower case and capitalised (`Twelve grand`, a request's first word). */
const CARDINAL_WORDS = Object.keys(ENGLISH_CARDINALS)
  .flatMap((w) => [w, w[0]!.toUpperCase() + w.slice(1)])
  .join('|');
const SPELLED = new RegExp(
  String.raw`\b(\d{1,3}|${Object.keys(ENGLISH_CARDINALS).join('|')})\s+(hundred|thousand)\b`,
  'gi',
);

/**
 * `grand` for a thousand: `3 grand`, `two grand`, and `a grand` after a spending word (`under a
 * grand`); lower case only, so `the Grand Canyon` stays a name.
 */
const GRAND = new RegExp(
  String.raw`\b(?:(\d{1,3}|${CARDINAL_WORDS})|(?<=\b(?:under|about|around|roughly|max|maximum|to|spend|budget\s+is|budget\s+of|budget)\s)an?|an?(?=\s+grand\s+(?:each|apiece|per\b|a\s+head|total|all[- ]in|in\s+total)))\s+grand\b`,
  'g',
);

/** `two and a half grand`, `3 and a half thousand`: a whole number and a half of a thousand. */
const HALF_THOUSANDS = new RegExp(
  String.raw`\b(\d{1,3}|${CARDINAL_WORDS})\s+and\s+a\s+half\s+(?:grand|thousand)\b`,
  'g',
);

/** `four thousand pounds` -> `4000 pounds`, `two grand` -> `2000` (spoken requests spell amounts out). */
export function spelledAmounts(text: string): string {
  return text
    .replace(HALF_THOUSANDS, (_, n: string) =>
      String(((/\d/.test(n) ? Number(n) : ENGLISH_CARDINALS[n.toLowerCase()]!) + 0.5) * 1000),
    )
    .replace(SPELLED, (_, n: string, scale: string) =>
      String(
        (/\d/.test(n) ? Number(n) : ENGLISH_CARDINALS[n.toLowerCase()]!) *
          (scale.toLowerCase() === 'hundred' ? 100 : 1000),
      ),
    )
    .replace(GRAND, (_, n: string | undefined) =>
      String((n === undefined ? 1 : /\d/.test(n) ? Number(n) : ENGLISH_CARDINALS[n.toLowerCase()]!) * 1000),
    );
}

/** The first money expression starting at (or right after spaces from) `index`. */
export function moneyAt(text: string, index: number): Money | undefined {
  const re = RX_MONEY_2;
  let i = index;
  while (text[i] === ' ') i++;
  re.lastIndex = i;
  const m = re.exec(text);
  return m ? toMoney(m, 0) : undefined;
}

// Patterns built from the pieces above, compiled once.
const RX_MONEY_1 = new RegExp(MONEY_SOURCE);
const RX_MONEY_2 = new RegExp(MONEY_SOURCE, 'y');
