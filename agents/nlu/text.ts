/** Text helpers of the request parser: normalisation, language, numbers, list splitting, dates. */

import { addDays as calendarAddDays, daysBetween } from '../planning/calendar.js';

/** The segmenter port: word segmentation for Chinese (e.g. jieba). Optional for the parser. */
export interface Segmenter {
  /** Words of `text`, in order, concatenating back to `text`. */
  cut(text: string): string[];
}

/**
 * Folds full-width forms to ASCII (`１５００` -> `1500`, `，` -> `,`, `（` -> `(`, `￥` -> `¥`), the
 * ideographic space to a space, control characters to spaces, and Traditional characters and
 * Cantonese words to Simplified Mandarin ({@link foldChineseVariants}). Every change is one UTF-16 unit
 * for one, so offsets in the result are offsets in the input: names are cut from the input as the
 * user wrote them (`（成都环球店）` stays full-width).
 */
export function normalizeText(text: string): string {
  return foldChineseVariants(text).replace(TO_NORMALIZE, (ch, offset: number) => {
    const code = ch.charCodeAt(0);
    if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
    if (code === 0xffe5) return '\u00A5';
    if (code === 0xffe1) return '\u00A3';
    if (code === 0x0d) return text.charCodeAt(offset + 1) === 0x0a ? ' ' : '\n';
    return ' ';
  });
}

/** Full-width forms, the ideographic space, CR, and control and invisible characters (not \n or \t). */
/* eslint-disable no-control-regex -- control characters are what this pattern removes */
const TO_NORMALIZE =
  /[\uFF01-\uFF5E\u3000\uFFE5\uFFE1\r\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200F\u2028\u2029\uFEFF]/g;
/* eslint-enable no-control-regex */

const HAN_G = /\p{Script=Han}/gu;
const LATIN_WORD_G = /[A-Za-z]{2,}/g;

/** `zh` when Chinese characters carry the text, else `en` (mixed text goes by the larger share). */
export function detectLanguage(text: string): 'zh' | 'en' {
  const han = text.match(HAN_G)?.length ?? 0;
  const words = text.match(LATIN_WORD_G)?.length ?? 0;
  if (han === 0) return 'en';
  return han >= words * 1.5 ? 'zh' : 'en';
}

export const ZH_DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  幺: 1,
  二: 2,
  两: 2,
  俩: 2,
  三: 3,
  仨: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
export const ZH_SMALL_UNITS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };
export const ZH_BIG_UNITS: Readonly<Record<string, number>> = { 万: 10_000, 亿: 100_000_000 };

/**
 * A number written with Chinese numerals, Arabic digits or both: `三` 3, `十一` 11, `一百五` 150,
 * `一万五` 15000, `1.5万` 15000, `1万5` 15000, `两千` 2000, `5,000` 5000. Undefined if none.
 */
export function parseChineseNumber(raw: string): number | undefined {
  const text = raw.replace(/,/g, '').trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  let total = 0;
  let section = 0;
  let current: number | undefined;
  let lastUnit = 0;
  let sawZero = false;
  let any = false;
  for (const m of text.matchAll(
    /(\d+(?:\.\d+)?)|([零〇一幺二两俩三仨四五六七八九])|([十百千])|([万亿])|(.)/g,
  )) {
    if (m[1] !== undefined) {
      current = Number(m[1]);
      any = true;
    } else if (m[2] !== undefined) {
      const d = ZH_DIGITS[m[2]]!;
      if (d === 0) sawZero = true;
      // Digit runs such as 二零二五 (years).
      current = current !== undefined && lastUnit === 0 ? current * 10 + d : d;
      any = true;
    } else if (m[3] !== undefined) {
      const unit = ZH_SMALL_UNITS[m[3]]!;
      section += (current ?? 1) * unit;
      current = undefined;
      lastUnit = unit;
      sawZero = false;
      any = true;
    } else if (m[4] !== undefined) {
      const unit = ZH_BIG_UNITS[m[4]]!;
      section += current ?? 0;
      total += (section || 1) * unit;
      section = 0;
      current = undefined;
      lastUnit = unit;
      sawZero = false;
      any = true;
    } else {
      return undefined;
    }
  }
  if (!any) return undefined;
  if (current !== undefined) {
    // 一万五 = 15000, 三千五 = 3500, 一百五 = 150: a bare digit after a unit is one unit lower.
    if (lastUnit >= 100 && !sawZero && current < 10 && Number.isInteger(current))
      section += (current * lastUnit) / 10;
    else section += current;
  }
  return total + section;
}

/** English cardinal words up to ninety (shared with the narration fact-checker). */
export const ENGLISH_CARDINALS: Readonly<Record<string, number>> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

/**
 * The words the request parser reads as small counts: cardinals up to thirty (trips, parties and
 * city counts are small), and "a"/"an"/"single"/"dozen"/"half a dozen".
 */
const EN_NUMBERS: Record<string, number> = {
  ...Object.fromEntries(Object.entries(ENGLISH_CARDINALS).filter(([, v]) => v <= 30)),
  a: 1,
  an: 1,
  single: 1,
  dozen: 12,
  'half a dozen': 6,
};

/** English number words. */
export const EN_NUMBER_WORDS = Object.keys(EN_NUMBERS).join('|');

/** `3`, `three`, `三`, `两`, `十二` -> number; undefined otherwise. */
export function parseSmallNumber(raw: string): number | undefined {
  const t = raw.trim().toLowerCase();
  if (/^\d+$/.test(t)) return Number(t);
  if (t in EN_NUMBERS) return EN_NUMBERS[t];
  const twenty = /^(twenty|thirty)[- ](one|two|three|four|five|six|seven|eight|nine)$/.exec(t);
  if (twenty) return EN_NUMBERS[twenty[1]!]! + EN_NUMBERS[twenty[2]!]!;
  return parseChineseNumber(t);
}

/** Splits a list of names on separators: `A 和 B 或 C`, `A、B`, `A, B and C`. */
export function splitList(text: string, segmenter?: Segmenter): { items: string[]; any: boolean } {
  const any = /\s或\s|或者|\sor\s|之一|任一|任意|其中一|either/i.test(text);
  const trimmed = text.trim();
  let parts: string[];
  if (/\s(和|或|与|及|以及|跟)\s|、|;|；|，/.test(trimmed) || /,\s*|\s(and|or|&)\s/i.test(trimmed)) {
    parts = trimmed.split(/\s+(?:和|或|与|及|以及|跟|and|or|&)\s+|、|;|；|，\s*|,\s*(?:and\s+|or\s+)?/i);
    // `故宫、长城和国家博物馆`: the last item of a 、 list joined by an unspaced 和 (split only where
    // both sides keep two characters: `文和友` stays one name).
    const last = parts.at(-1)!.trim();
    if (parts.length > 1 && /^\p{Script=Han}+$/u.test(last) && /[和与及跟]/.test(last))
      parts = [...parts.slice(0, -1), ...splitUnspaced(last)];
  } else if (/\p{Script=Han}/u.test(trimmed) && /[和或与及跟]/.test(trimmed)) {
    parts = splitUnspaced(trimmed, segmenter);
  } else {
    parts = [trimmed];
  }
  return { items: parts.map((p) => p.trim()).filter((p) => p.length > 0), any };
}

/** `颐和园和故宫` -> [颐和园, 故宫]: on conjunction words when a segmenter is there, else on safe splits. */
function splitUnspaced(raw: string, segmenter?: Segmenter): string[] {
  // `A或者B`: one conjunction (a segmenter may cut it as 或 + 者B).
  const text = raw.replace(/或者/g, '或');
  if (segmenter) {
    const out: string[] = [];
    let cur = '';
    for (const w of segmenter.cut(text)) {
      if (['和', '或', '与', '及', '以及', '跟', '或者', '还有'].includes(w) && cur.length > 0) {
        out.push(cur);
        cur = '';
      } else cur += w;
    }
    if (cur) out.push(cur);
    return out;
  }
  const out: string[] = [];
  let start = 0;
  for (let i = 1; i < text.length - 1; i++) {
    if ('和或与及跟'.includes(text[i]!) && i - start >= 2 && text.length - i - 1 >= 2) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

/** Dates as `YYYY-MM-DD`, computed in UTC. */
export function toIso(y: number, m: number, d: number): string | undefined {
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return undefined;
  return dt.toISOString().slice(0, 10);
}

/** `iso` plus `days` calendar days (the planner's calendar arithmetic). */
export function addDays(iso: string, days: number): string {
  return calendarAddDays(iso, days);
}

/** Whole days from `from` to `to`. */
export function diffDays(from: string, to: string): number {
  return daysBetween(from, to);
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekday(iso: string): number {
  return new Date(`${iso}T00:00:00Z`).getUTCDay();
}

/** Replaces `[start, end)` of `text` with a filler of the same length (so offsets stay valid). */
export function mask(text: string, start: number, end: number): string {
  return text.slice(0, start) + '\u25A1'.repeat(Math.max(0, end - start)) + text.slice(end);
}

/** {@link mask} for several spans at once (`[start0, end0, start1, end1, ...]`, in order). */
export function maskSpans(text: string, spans: readonly number[]): string {
  let out = '';
  let at = 0;
  for (let i = 0; i < spans.length; i += 2) {
    const start = Math.max(at, spans[i]!);
    const end = Math.max(start, spans[i + 1]!);
    out += text.slice(at, start) + '\u25A1'.repeat(end - start);
    at = end;
  }
  return out + text.slice(at);
}

/**
 * Traditional characters common in trip requests, each with its Simplified form (pairs of one
 * character each, written Traditional then Simplified). Characters whose Traditional form is also
 * a Simplified character of another meaning (著, 乾, 藉, 徵) are left out.
 */
const TRADITIONAL_PAIRS =
  '個个們们從从過过預预兩两萬万幣币臺台灣湾這这裡里裏里來来說说時时間间問问題题還还會会' +
  '對对為为與与後后點点幾几錢钱貴贵買买賣卖飛飞機机場场車车鐵铁軌轨橋桥島岛灣湾區区縣县' +
  '園园館馆廟庙樓楼塔塔門门閣阁廣广東东華华陽阳鄉乡網网頭头邊边關关開开閉闭業业電电話话' +
  '號号碼码張张長长紅红綠绿藍蓝黃黄無无雙双親亲愛爱媽妈爺爷孫孙兒儿孩孩歲岁學学師师隊队' +
  '員员務务總总計计劃划規规節节慶庆貨货覽览遊游戲戏樂乐藝艺聽听聞闻見见視视觀观覺觉識识' +
  '讀读寫写語语請请謝谢讓让議议試试認认論论讚赞歡欢喜喜顧顾價价錯错變变選选擇择輕轻鬆松' +
  '慢慢趕赶累累難难夠够該该嗎吗嗎吗麼么麵面飯饭餐餐館馆湯汤雞鸡魚鱼鴨鸭豬猪牛牛肉肉蝦虾' +
  '蟹蟹滷卤燒烧烤烤鍋锅茶茶酒酒咖咖啡啡甜甜點点飲饮食食齋斋葷荤素素辣辣鹹咸淡淡熱热涼凉' +
  '溫温暖暖氣气颱台風风雲云霧雾雪雪晴晴陰阴濕湿細细燥燥噸吨歷历曆历週周鐘钟錶表點点鐘钟' +
  '晚晚夜夜宿宿酒酒店店飯饭房房間间床床廳厅層层樓楼陽阳臺台窗窗戶户帶带攜携陪陪跟跟隨随' +
  '團团體体單单獨独結结婚婚禮礼紀纪蜜蜜週周末末假假期期寒寒暑暑春春節节國国慶庆連连續续' +
  '發发達达離离開开進进運运輸输軟软硬硬臥卧鋪铺艙舱艙舱座座位位標标準准豪豪華华經经濟济' +
  '實实惠惠便便宜宜貴贵預预算算額额費费用用約约塊块圓圆訂订購购導导遊游嚮向線线路路條条' +
  '種种類类樣样處处絕绝對对應应當当決决確确專专門门憶忆懷怀舊旧鬧闹靜静閒闲嗎吗呢呢吧吧' +
  '啊啊喔喔們们歐欧亞亚美美澳澳紐纽倫伦蘭兰荷荷義义德德俄俄韓韩越越緬缅寮寮柬柬馬马斯斯' +
  '爾尔維维納纳薩萨羅罗亞亚漢汉滬沪蘇苏錫锡鄭郑貴贵遼辽寧宁齊齐魯鲁陝陕隴陇閩闽贛赣粵粤' +
  '瓊琼臺台澎澎蓮莲雄雄義义嶼屿墾垦灘滩崗岗嶺岭巒峦瀑瀑灣湾潭潭湖湖廈厦門门崑昆侖仑' +
  '鳳凤凰凰龍龙虎虎獅狮貓猫熊熊鶴鹤鷹鹰動动物物傳传統统戰战爭争軍军艦舰礦矿廠厂壩坝' +
  '橫横豎竖側侧邊边緣缘圍围牆墙壯壮麗丽覽览勝胜蹟迹跡迹紀纪滿满飽饱餓饿醫医藥药險险' +
  '證证護护簽签辦办續续條条須须態态優优惡恶歸归興兴奮奋嚴严厲厉強强彎弯穩稳準准備备' +
  '週周夠够闆板帳账戲戏劇剧擺摆攤摊鋪铺價价碼码圖图書书報报紙纸筆笔盤盘燈灯鑰钥匙匙' +
  '爸爸媽妈婦妇夫夫妻妻兒儿婆婆爺爷奶奶孫孫姊姊親亲戚戚朋朋友友鄰邻居居同同事事闆板' +
  '員员隻只雙双對对幾几倆俩啥啥這这那那哪哪誰谁麼么麼么樣样氣气歡欢裝装換换帶带給给' +
  '讓让叫叫離离到到從从經经過过轉转乘乘搭搭坐坐騎骑駕驾駛驶租租賃赁載载送送接接機机' +
  '腳脚農农夢梦緊紧較较雜杂討讨厭厌舉举搖摇窮穷帥帅練练績绩賽赛級级組组織织參参訪访' +
  '鎮镇莊庄寶宝際际環环壓压擠挤擁拥憂忧邁迈飄飘嶽岳濱滨廬庐濤涛遠远愛爱讀读樹树葉叶' +
  '繩绳檳槟磯矶輩辈湊凑銖铢寵宠礙碍輪轮嬰婴鮮鲜纜缆楓枫櫻樱潛潜衝冲郵邮匯汇現现譯译講讲' +
  '煩烦幫帮內内頂顶聖圣誕诞畢毕殘残戀恋豐丰盡尽雖虽驗验質质廁厕淨净衛卫術术築筑傷伤療疗' +
  '顆颗輛辆燈灯廳厅鍾钟讓让緻致髮发狀状況况權权歷历陸陆灣湾窩窝';

const TRADITIONAL: Record<string, string> = {};
for (let i = 0; i + 1 < TRADITIONAL_PAIRS.length; i += 2) {
  const t = TRADITIONAL_PAIRS[i]!;
  const s = TRADITIONAL_PAIRS[i + 1]!;
  if (t !== s) TRADITIONAL[t] = s;
}
/** Dialect words with a Mandarin word of the same length (`我哋` we, `细路` kids, `唔想` do not want, `俺` I). */
const CANTONESE: Record<string, string> = {
  我哋: '我们',
  你哋: '你们',
  佢哋: '他们',
  细路: '小孩',
  仔女: '子女',
  两公婆: '夫妻俩',
  屋企: '家里',
  边度: '哪里',
  乜嘢: '什么',
  佢: '他',
  // Traditional `著` is `着` after a verb (alone it is also Simplified `著名`).
  带著: '带着',
  跟著: '跟着',
  陪著: '陪着',
  随著: '随着',
  // Northern `俺` (I, we): `俺们俩`.
  俺: '我',
  喺: '在',
  // `唔` only before a verb: `唔该` is thanks, not `不该`.
  唔该: '谢谢',
  唔想: '不想',
  唔要: '不要',
  唔好: '不要',
  唔去: '不去',
  唔使: '不用',
  唔坐: '不坐',
  唔搭: '不坐',
  唔食: '不吃',
  唔系: '不是',
  唔係: '不是',
  嘅: '的',
  咗: '了',
  啲: '些',
  睇: '看',
  冇: '没',
};
const RX_TRADITIONAL = new RegExp(`[${Object.keys(TRADITIONAL).join('')}]`, 'g');
const RX_CANTONESE = new RegExp(Object.keys(CANTONESE).join('|'), 'g');
const RX_HAN_ALL = /\p{Script=Han}/gu;

/**
 * Folds Traditional characters to Simplified, then Cantonese words to Mandarin ones, one UTF-16
 * unit for one (offsets stay valid), so every Chinese rule reads `一個人從台北過去` and `我哋两个`.
 */
export function foldChineseVariants(text: string): string {
  let out = text;
  // Only a text written in Traditional is folded: a Traditional character or two in a Simplified
  // text belong to a name (`大無烧肉`, `杏花樓`), which is given back as written.
  const traditional = out.match(RX_TRADITIONAL)?.length ?? 0;
  const han = out.match(RX_HAN_ALL)?.length ?? 0;
  if (traditional > 0 && (traditional >= 0.15 * han || (traditional >= 3 && traditional >= 0.08 * han)))
    out = out.replace(RX_TRADITIONAL, (ch) => TRADITIONAL[ch] ?? ch);
  RX_CANTONESE.lastIndex = 0;
  if (RX_CANTONESE.test(out)) out = out.replace(RX_CANTONESE, (w) => CANTONESE[w] ?? w);
  return out;
}
