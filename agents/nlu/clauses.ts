/**
 * Constraint clauses that name things: attractions to see or skip, attraction categories,
 * restaurants and restaurant types, hotels and hotel features, the mode of each intercity leg,
 * inner-city transport, per-category budgets, time windows. Each understood clause is masked
 * out of the working text, so that the names inside it (`上海博物馆`, `全季酒店(武汉...店)`) are not
 * read again as destinations, cuisines or budgets.
 */
import type { ParseContext } from './context.js';
import { consume, eachMatch, rawGroup, withFlags } from './context.js';
import {
  ATTRACTION_CATEGORIES_ZH,
  CUISINES_EN,
  CUISINES_ZH,
  HOTEL_FEATURES_ZH,
  INNER_MODE_WORDS,
  MODE_WORDS,
} from './lexicon.js';
import { moneyAt } from './money.js';
import { parseSmallNumber, splitList } from './text.js';
import type { NameWishes, ParsedConstraints } from './types.js';

/**
 * A wished-for place up to the end of the clause or to where the sentence moves on: a connective,
 * a particle, the party, a length or an origin (spoken requests have no commas:
 * `想去看莫高窟然后我们三个人`).
 */
const WISH_END = String.raw`然后|嘛|吧|呢|啊|呀|哈(?!尔)|从|坐|住|待|预算|人均|我们|我跟|我和|我一|就我|当天|[\d一二两三四五六七八九十几]+\s*(?:天|日|个|人|位|晚)|别|不想|不要|和我|跟我|因为|听说|怎么|有没有`;
const REST_WISH = String.raw`((?:(?!${WISH_END})[^,。;!?\n])+)`;
/** A name up to the end of the clause; `!` and `?` may be part of it (`teamLab共创！未来园`). */
const NAME = String.raw`([^,。;\n]+)`;
/** Up to the end of the line: template lists separate items with spaced 和/或, not commas. */
const REST_LINE = String.raw`([^。;!?\n]+)`;
const NEG = String.raw`(不希望|不想要|不想|不要|不愿意|不愿|不打算|不用|别|不)`;
const WANT = String.raw`(?:希望|想要|想|要|打算|计划|准备|一定要|必须|务必|最好)`;

const PARTICLES =
  /(?:吧|了|呢|啊|呀|哦|哈|嘛|耶|啦|咯|喔|呗|噢|哟|嘞|咧|等地方?|等景点|等|这些地方|这几个地方|这几处|一下|一趟|看看|看一看|玩玩|玩|逛逛|的)+$/;
const GENERIC_ITEM =
  /^.$|^(?:走走|看看|逛逛|玩玩|转转|溜达|溜溜|散散步|散步)$|^(?:[一几]?(?:次|场|个|下|趟|圈|点|部|台|顿)|^(?:逛|吃|喝|泡|听|买)(?!.*[馆寺庙园楼塔宫])|我|你|他|她|大家|孩子|那些|这些|一些)|^[\d一二两三四五六七八九十几]+\s*(?:天|日|晚|夜|个|座|人|位|周)|[\d一二两三四五六七八九十]+\s*(?:天|日|晚)游?$|(?:城市|地方)$|预算|^(?:旅游|旅行|行程|出发|玩|酒店|住宿|飞机|高铁|火车|自驾|打车)|太远|太累|人多|人太多|很多/;

/**
 * What opens a clause before 想去 or 算了 without naming a sight: a time (`寒假想去`), a person
 * (`老公想去`), or words of a sentence (a pronoun, a verb).
 */
const NOT_A_NAME_ZH =
  /^(?:今年|明年|去年|寒假|暑假|周末|这周末|下周|国庆|五一|十一|春节|过年|元旦|端午|中秋|清明|假期|年底|年初|月底|下个?月|这个?月|[\d一二三四五六七八九十]+月|老公|老婆|爸妈|父母|孩子|儿子|女儿|朋友|闺蜜|同事|家人|全家|一家|一直|早就|特别|非常|真的|还|最|主要|其实|本来|那就|就|所以|但是|可是|然后|一定|必须|务必|也|都|还是?|晚上|白天|早上|每天|行程|这次)$|[我你他她它想要去说带会能得吗呢很但真]/;

/** Trims an item of a list; `exact` items (names in a list after 以下...) keep their last characters. */
function cleanItem(raw: string, exact = false): string {
  const s = raw
    .trim()
    .replace(/^(?:以下(?:的)?(?:景点|地方|餐厅|酒店)?(?:之一)?[:：]?|一下|[:：]|那个|这个)\s*/, '')
    .replace(/^["'“”‘’「」『』《》]+|["'“”‘’「」『』《》]+$/g, '')
    .trim();
  // `蜈支洲岛（太贵了）`, `牛奶海（`: a remark in brackets after a name, or an unclosed bracket, is not
  // part of it; a name's own brackets stay (`太平天国历史博物馆(瞻园)`, `文和友(海信广场店)`).
  return exact
    ? s
    : s
        .replace(/\s*[(（](?:[^()（）]*[了说太很听吧呢啊哈!！?？][^()（）]*[)）])?[^()（）]*$/, '')
        .replace(PARTICLES, '')
        .trim();
}

/** A group of a match, cut from the user's text and split into list items. */
function items(
  ctx: ParseContext,
  m: RegExpExecArray,
  group: number,
  exact: boolean,
): { items: string[]; any: boolean } {
  const list = splitList(rawGroup(ctx, m, group) ?? '', ctx.segmenter);
  return { items: list.items.map((i) => cleanItem(i, exact)).filter(Boolean), any: list.any };
}

/** Attraction category (`自然风光`, `美术馆/艺术馆`), not a place name. */
function isCategory(item: string): boolean {
  if (item in ATTRACTION_CATEGORIES_ZH) return true;
  const parts = item.split('/');
  return (
    parts.length > 1 && parts.some((p) => p in ATTRACTION_CATEGORIES_ZH) && parts.every((p) => p.length <= 5)
  );
}

/** A name as the user wrote it (full-width brackets kept), trimmed, without list splitting. */
function exactName(ctx: ParseContext, m: RegExpExecArray, group: number): string {
  return cleanItem(rawGroup(ctx, m, group) ?? '', true).replace(/了$/, '');
}

function isPlace(ctx: ParseContext, item: string): boolean {
  return ctx.gazetteer.lookup(item).length > 0;
}

/**
 * A major city (`不去苏州了`, `不去南京了，去扬州`): a destination given up, read by the places reader,
 * not a sight to avoid.
 */
function isMajorCity(ctx: ParseContext, item: string): boolean {
  return ctx.gazetteer.lookup(item).some((p) => p.kind === 'city' && p.rank >= 3);
}

const PLACE_USE =
  /^(?:市|省)?(?:([\u4e00-\u9fff])\1|[A-Za-z]|那边|这边|那里|这里|周边|附近|泡|的?\s*(?:[\d一二两三四五六七八九十]+\s*(?:日|天|晚))|的?(?:旅行|旅游|行程|攻略)|玩|旅游|旅行|游玩|游|自由行|自驾|跟团|看|吃|避暑|转(?!机)|到|至|→|->|滑雪|爬山|徒步|潜水|冲浪|赏|拍照|躺平|放松|过冬|过年|蜜月|看看|逛逛|转转|走走|待|呆|住|度假|出差|过|和|、|[\d一二两三四五六七八九十]|\s|[,，。!?]|$)/;

/**
 * The item names a city or region used as one (`巴黎`, `巴黎的7日游`, `成都玩`), not a place
 * whose name begins with a city's (`上海交通大学`, `中山公园`, `杭州宋城`).
 */
function startsWithPlace(ctx: ParseContext, item: string): boolean {
  for (let len = Math.min(item.length, 8); len >= 2; len--) {
    if (!isPlace(ctx, item.slice(0, len))) continue;
    const rest = item.slice(len);
    if (PLACE_USE.test(rest)) return true;
    // 日本北海道滑雪: a place right after a place.
    for (let l2 = Math.min(rest.length, 8); l2 >= 2; l2--) if (isPlace(ctx, rest.slice(0, l2))) return true;
  }
  if (!/^[A-Z]/.test(item)) return false;
  const m = ctx.gazetteer.findMentions(item).find((x) => x.start === 0);
  // `Chiang Mai躺平几天`: an English name in Chinese text, then what is done there.
  return !!m && /^\s*(?:$|for\b|in\b|to\b|and\b|,|\p{Script=Han})/iu.test(item.slice(m.end));
}

function addAll(target: string[], items: string[]): void {
  for (const i of items) if (i && !target.includes(i)) target.push(i);
}

function wish(w: NameWishes, items: string[], negated: boolean, any: boolean): void {
  if (items.length === 0) return;
  addAll(negated ? w.exclude : w.include, items);
  if (!negated && any && items.length > 1) w.anyOf = true;
}

function isNegated(prefix: string | undefined): boolean {
  return !!prefix && /不|别/.test(prefix);
}

/** Whether the clause before `index` (back to the last clause break) negates. */
function negatedBefore(text: string, index: number, window = 8): boolean {
  const from = Math.max(0, index - window);
  const before = text.slice(from, index);
  const clause = before.slice(
    Math.max(before.lastIndexOf(','), before.lastIndexOf('。'), before.lastIndexOf('\n')) + 1,
  );
  return /不|别|没有|无需|避免|\bno\b|\bnot\b|n't\b|\bavoid\b|\bwithout\b|\bnon-?\b/i.test(clause);
}

export function extractClauses(ctx: ParseContext): void {
  anyOfClause(ctx);
  categoryBudgets(ctx);
  scheduleClauses(ctx);
  stayNear(ctx);
  roomBeds(ctx);
  namedLists(ctx);
  attractionsZh(ctx);
  attractionsEn(ctx);
  legs(ctx);
  innerCity(ctx);
}

function anyOfClause(ctx: ParseContext): void {
  eachMatch(
    ctx,
    /要求满足以下任意一[个条项]|满足以下(?:任意|任何|其中)一[个条项]|(?:以下|这些)(?:条件|要求)?(?:满足)?(?:任意|其中)?一[个条项]即可|任选其一|满足其一即可|(?:any|at least) one of the following/i,
    () => {
      ctx.constraints.anyOf = true;
      ctx.notes.push(
        ctx.lang === 'zh'
          ? '请求列出的是备选条件（满足其一即可）；各条件仍分别记录。'
          : 'The request lists alternatives (any one will do); each is still recorded.',
      );
    },
  );
  eachMatch(ctx, /要求如下[:]?|具体要求[:]?|要求[:]/, () => true);
}

const TIME = String.raw`(\d{1,2}[:：]\d{2}|\d{1,2}点(?:半|\d{1,2}分?)?)`;

function hhmm(raw: string): string {
  const m = /^(\d{1,2})(?:[:：](\d{2})|点(半|(\d{1,2})分?)?)$/.exec(raw.trim());
  if (!m) return raw;
  const h = Number(m[1]);
  const min = m[2] !== undefined ? Number(m[2]) : m[3] === '半' ? 30 : m[4] ? Number(m[4]) : 0;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

function scheduleClauses(ctx: ParseContext): void {
  const s = ctx.constraints.schedule;
  eachMatch(ctx, RX_CLAUSES_1, (m) => {
    const place = exactName(ctx, m, 3);
    if (!place) return false;
    s.push({ kind: 'visit_between', place, from: hhmm(m[1]!), to: hhmm(m[2]!) });
  });
  eachMatch(ctx, RX_CLAUSES_2, (m) => {
    s.push({ kind: 'leave_after', place: exactName(ctx, m, 2), from: hhmm(m[1]!) });
  });
  eachMatch(ctx, RX_CLAUSES_3, (m) => {
    s.push({ kind: 'arrive_before', place: exactName(ctx, m, 2), to: hhmm(m[1]!) });
  });
  eachMatch(
    ctx,
    /在\s*([^,。;\n]{1,40}?)\s*(?:停留|待|游玩|逗留|玩)\s*(?:不少于|至少|起码|超过|最少)\s*([\d.]+|[一二两三四五六七八九十半]+)\s*(分钟|个?小时)/,
    (m) => {
      const n = m[2] === '半' ? 0.5 : parseSmallNumber(m[2]!);
      if (n === undefined) return false;
      s.push({ kind: 'stay_at_least', place: exactName(ctx, m, 1), minutes: m[3] === '分钟' ? n : n * 60 });
    },
  );
  eachMatch(ctx, /先去\s*([^,。;\n]{1,40}?)\s*[,]?\s*(?:然后|之后|再|后)+去\s*([^,。;\n]+)/, (m) => {
    const place = exactName(ctx, m, 1);
    const then = exactName(ctx, m, 2);
    // 先去黄山，再去杭州 is a route between cities, read by the place reader.
    if (startsWithPlace(ctx, place) || startsWithPlace(ctx, then)) return false;
    s.push({ kind: 'order', place, then });
  });
}

function stayNear(ctx: ParseContext): void {
  eachMatch(
    ctx,
    /(?:希望|想|要)?(?:住宿地?|酒店|住)(?:点)?(?:在|离|靠近|选在)\s*([^,。;\n]{1,40}?)\s*(?:的)?(?:周围|附近|周边|旁边|边上|近一点)\s*(?:([\d.]+)\s*(?:千米|公里|km)\s*(?:以内|内|之内|范围内)?)?/,
    (m) => {
      const place = exactName(ctx, m, 1);
      if (!place || isPlace(ctx, place)) return false;
      const km = m[2] ? Math.round(Number(m[2]) * 100) / 100 : null;
      ctx.constraints.stayNear = { place, km };
    },
  );
  eachMatch(
    ctx,
    /\bstay(?:ing)?\s+(?:near|close to|next to|within\s+([\d.]+)\s*(?:km|kilomet(?:er|re)s?)\s+of)\s+(?:the\s+)?([A-Z][^,.;!?\n]{1,40})/,
    (m) => {
      const place = m[2]!.trim();
      if (isPlace(ctx, place)) return false;
      ctx.constraints.stayNear = { place, km: m[1] ? Number(m[1]) : null };
    },
  );
}

function roomBeds(ctx: ParseContext): void {
  eachMatch(
    ctx,
    /(?:希望|想|要)?(?:入住|住)?(单床房|大床房|一张大床|大床|king[- ]size bed|queen[- ]size bed|double bed)/i,
    () => {
      ctx.constraints.roomBeds = 1;
    },
  );
  eachMatch(
    ctx,
    /(?:希望|想|要)?(?:入住|住)?(双床房|双床|标间|标准间|两张床|twin beds?|twin room|two beds)/i,
    () => {
      ctx.constraints.roomBeds = 2;
    },
  );
}

/** `希望入住以下酒店...`, `不希望尝试以下类型的餐厅...` and their natural forms. */
function namedLists(ctx: ParseContext): void {
  const c = ctx.constraints;
  eachMatch(ctx, RX_CLAUSES_4, (m) => {
    const list = items(ctx, m, 4, true);
    wish(m[2] ? c.hotelFeatures : c.hotels, list.items, isNegated(m[1]), list.any || !!m[3]);
  });
  eachMatch(ctx, RX_CLAUSES_5, (m) => {
    const list = items(ctx, m, 4, true);
    wish(m[2] ? c.restaurantTypes : c.restaurants, list.items, isNegated(m[1]), list.any || !!m[3]);
  });
  // Natural: 想住在全季酒店 / 不想住如家 / 想住民宿.
  eachMatch(
    ctx,
    /(不想|不要|不希望|别|不)?(?:想|要|希望)?(?:住在|入住|住(?!宿))\s*([^\s,。;!?\n]{0,30}?(?:酒店|宾馆|饭店|客栈|度假村|青旅|青年旅舍|公寓|民宿))/,
    (m) => {
      const name = cleanItem(rawGroup(ctx, m, 2) ?? '').replace(/[\u25A1\s]/g, '');
      const generic =
        /^(?:[一二三四五12345]星级?(?:以上|及以上)?|整套|整租|独栋|五星级|四星级|三星级|经济型?|豪华型?|高档型?|舒适型|中档|mid-?range|budget|luxury|upscale|便宜(?:的|点的)?|好一?点的|舒适的?|快捷|连锁|商务|精品|度假|网红|特色|当地|市中心的?|景区附近的?|海景|亲子|干净的?|温泉|设计师|电竞)?(?:的)?(?:酒店|宾馆|饭店|客栈|度假村|青旅|青年旅舍|公寓|民宿)$/;
      if (
        generic.test(name) ||
        /^[^的]{1,6}的(?:酒店|宾馆|饭店|客栈|度假村|青旅|青年旅舍|公寓|民宿)$/.test(name)
      ) {
        const kind = /民宿|客栈|公寓|青旅|青年旅舍|度假村/.exec(name)?.[0];
        if (!kind || /^(?:[一二三四五12345]星|整|独栋)/.test(name)) return false;
        wish(c.hotelFeatures, [kind], isNegated(m[1]), false);
        return true;
      }
      wish(c.hotels, [name], isNegated(m[1]), false);
    },
  );
  eachMatch(
    ctx,
    /\b(?:stay(?:ing)?|book(?:ing)?)\s+(?:at|in)\s+(?:the\s+)?((?:[A-Z][\w'’&-]*\s+){0,5}(?:Hotel|Inn|Resort|Hostel|Suites|Lodge)\b)/,
    (m) => {
      wish(c.hotels, [m[1]!.trim()], negatedBefore(ctx.text, m.index, 12), false);
    },
  );
  eachMatch(ctx, /\b(?:eat|dine|dinner|lunch)\s+at\s+((?:[A-Z][\w'’&-]*\s*){1,5})/, (m) => {
    const name = m[1]!.trim();
    if (isPlace(ctx, name)) return false;
    wish(c.restaurants, [name], negatedBefore(ctx.text, m.index, 12), false);
  });
  // Features wished for a stay: 要有免费停车 / 带泳池 / 含早.
  eachMatch(ctx, featureWish(), (m) => {
    wish(c.hotelFeatures, [m[2]!], !!m[1], false);
  });
  // 想去海底捞吃火锅: a place that is not a city, then 吃.
  eachMatch(
    ctx,
    /(?:想|要|一定要)?去\s*([^\s,。;!?\n\d]{2,16}?)\s*吃(?=饭|一顿|个饭|火锅|烤鸭|早茶|[^,。;!?\n]{0,6})/,
    (m) => {
      const name = cleanItem(rawGroup(ctx, m, 1) ?? '');
      if (!name || startsWithPlace(ctx, name) || name in CUISINES_ZH || GENERIC_ITEM.test(name)) return false;
      wish(c.restaurants, [name], false, false);
    },
  );
}

let featureWishRx: RegExp | undefined;
/** `要有免费停车`, `带泳池`: the pattern over the hotel features, built on first use. */
function featureWish(): RegExp {
  if (!featureWishRx) {
    const features = Object.keys(HOTEL_FEATURES_ZH)
      .filter((f) => f.length >= 2 && !/^(?:民宿|客栈|公寓|温泉|亲子|早餐|SPA|WiFi)$/.test(f))
      .sort((a, b) => b.length - a.length)
      .join('|');
    featureWishRx = new RegExp(
      String.raw`(不要|不需要|不用)?(?:要|需要|最好|希望)?(?:有|带|含|包含|提供)\s*(${features})`,
    );
  }
  return featureWishRx;
}

function categorise(ctx: ParseContext, items: string[], negated: boolean, any: boolean): void {
  const c = ctx.constraints;
  const names: string[] = [];
  const types: string[] = [];
  for (const item of items) (isCategory(item) ? types : names).push(item);
  wish(c.attractionTypes, types, negated, any);
  wish(c.attractions, names, negated, any);
}

function attractionsZh(ctx: ParseContext): void {
  const c = ctx.constraints;
  eachMatch(
    ctx,
    /(?:希望|想|要)?只(?:游览|去|玩|逛|参观)免费(?:的)?(?:景点|景区|地方)|(?:景点|门票)(?:都|全部)?(?:要)?免费|不(?:想)?(?:花|买)门票(?:钱)?|\bonly\s+free\s+(?:attractions|sights|sightseeing)\b|\bfree\s+attractions\s+only\b/i,
    () => {
      c.freeAttractionsOnly = true;
      c.categoryBudgets.attractions = 0;
    },
  );
  // 去承德避暑山庄, 去上海迪士尼, 有恐龙博物馆: a city, then a sight of it (the city stays a destination).
  for (const m of ctx.text.matchAll(RX_CITY_SIGHT)) {
    const run = m[1]!;
    for (let len = Math.min(4, run.length - 2); len >= 2; len--) {
      const city = run.slice(0, len);
      // 去安顺看黄果树瀑布: the verb between the city and the sight is not part of the name.
      const rest = run.slice(len).replace(/^(?:看看?|逛逛?|玩玩?|爬|游览?|参观|打卡)/, '');
      if (!ctx.gazetteer.lookup(city).some((p) => p.kind === 'city') || isPlace(ctx, rest)) continue;
      if (!SIGHT_END.test(rest) || rest.length > 8 || rest.length < 2) continue;
      // 恩施大峡谷: a sight named only by its kind takes the city's name; a bare kind that every
      // city has (古城, 公园, 博物馆) names no sight.
      if (GENERIC_SIGHT.test(rest)) break;
      const sight = /^大?(?:峡谷|瀑布|草原|沙漠)$/.test(rest) && run.slice(len) === rest ? run : rest;
      wish(c.attractions, [sight], negatedBefore(ctx.text, m.index, 8), false);
      // Only the sight's own words are masked: the city stays for the places reader.
      const at = m.index + m[0].length - rest.length;
      consume(ctx, at, at + rest.length);
      break;
    }
  }
  // Template and plain forms: 希望游览A 和 B / 不希望游览自然风光 / 参观以下景点之一: A 或 B.
  eachMatch(ctx, RX_CLAUSES_6, (m) => {
    const list = items(ctx, m, 3, false);
    const kept = list.items.filter((i) => isCategory(i) || (!GENERIC_ITEM.test(i) && i.length <= 30));
    const negated = isNegated(m[1]);
    if (kept.length === 0) return false;
    if (!negated && kept.every((i) => startsWithPlace(ctx, i))) return false;
    categorise(
      ctx,
      kept.filter((i) => negated || !startsWithPlace(ctx, i)),
      negated,
      list.any || !!m[2],
    );
  });
  // 一定要去故宫和长城 / 想去看兵马俑 (a city after 去 is a destination, left for later).
  eachMatch(ctx, RX_WISH_1, (m) => {
    const list = items(ctx, m, 2, false);
    if (
      list.items.length === 0 ||
      list.items.some((i) => startsWithPlace(ctx, i) || (!isCategory(i) && i.length > 20))
    )
      return false;
    const named = list.items.filter((i) => isCategory(i) || !GENERIC_ITEM.test(i));
    if (named.length === 0) return false;
    categorise(ctx, named, false, list.any);
  });
  // 主要想看兵马俑 / 去敦煌看莫高窟 / 想爬泰山 / 大熊猫基地必去: the thing to see, when it is not a city.
  eachMatch(ctx, RX_WISH_2, (m) => {
    // 想看故宫和长城: a list of things to see, each checked on its own.
    const list = items(ctx, m, m[1] !== undefined ? 1 : m[2] !== undefined ? 2 : 3, false);
    // `黄鹤楼想去`, `清华和北大一定要去看看`, `西湖一定要骑车转一圈`: the clause opens with the names.
    if (m[1] === undefined && list.items.some((i) => NOT_A_NAME_ZH.test(i))) return false;
    const kept = list.items
      .map((raw) => cleanItem(raw))
      .filter(
        (item): item is string =>
          !!item &&
          item.length <= 12 &&
          item.length >= 2 &&
          !GENERIC_ITEM.test(item) &&
          !startsWithPlace(ctx, item) &&
          !/^(?:海|雪|日出|日落|风景|夜景|花|樱花|牡丹|极光|冰雕|恐龙|熊猫|看|一下|一看|历史|古城|古都|园林)$/.test(
            item,
          ),
      );
    if (kept.length === 0) return false;
    categorise(ctx, kept, false, false);
  });
  // 想去环球影城，还有夜间动物园: a clause that only adds a name to a wish just read is a wish too.
  eachMatch(ctx, RX_WISH_MORE, (m) => {
    if (c.attractions.include.length === 0) return false;
    // The clause before names a wish (想/要/去/看...), whatever of it the readers have masked.
    const before = ctx.original.slice(Math.max(0, m.index - 24), m.index);
    const prev = before.slice(
      Math.max(...[',', '，', '。', ';', '；', '\n'].map((p) => before.lastIndexOf(p, before.length - 2))) +
        1,
    );
    if (!/想|要|去|看|玩|打卡|必/.test(prev)) return false;
    const name = cleanItem(m[1]!);
    if (
      !name ||
      name.length < 3 ||
      /[\d一二两三四五六七八九十]/.test(name) ||
      NOT_A_NAME_ZH.test(name) ||
      GENERIC_ITEM.test(name) ||
      startsWithPlace(ctx, name) ||
      isCategory(name) ||
      name in CUISINES_ZH
    )
      return false;
    wish(c.attractions, [name], false, false);
  });
  // 希望行程里能安排洪崖洞看夜景: a sight the plan should include, then what is done there.
  eachMatch(ctx, RX_ARRANGE, (m) => {
    const name = cleanItem(rawGroup(ctx, m, 1) ?? '');
    if (!name || NOT_A_NAME_ZH.test(name) || GENERIC_ITEM.test(name) || ARRANGE_NOT_A_NAME.test(name))
      return false;
    if (startsWithPlace(ctx, name) || isCategory(name) || name in CUISINES_ZH) return false;
    wish(c.attractions, [name], false, false);
  });
  eachMatch(ctx, RX_WISH_3, (m) => {
    const postposed = m[4] !== undefined;
    const list = items(ctx, m, m[2] !== undefined ? 2 : m[3] !== undefined ? 3 : 4, false);
    // `鼓浪屿就算了`: the name opens the clause; a city given up so is left to the places reader.
    const arranged = /安排/.test(m[0]);
    const kept = list.items.filter((i) =>
      (arranged && ARRANGE_NOT_A_NAME.test(i)) || isMajorCity(ctx, i)
        ? false
        : postposed
          ? !NOT_A_NAME_ZH.test(i) && !GENERIC_ITEM.test(i) && !startsWithPlace(ctx, i)
          : isCategory(i) || (!GENERIC_ITEM.test(i) && i.length <= 30),
    );
    if (kept.length === 0) return false;
    categorise(ctx, kept, true, false);
  });
}

/**
 * Kinds of scenery, sights every place has and things seen (`热带雨林`, `雾凇`, `园林`, `升旗`, `夜景`):
 * a wish to see one names no sight, so it is not a must-visit.
 */
const SCENERY_KIND_ZH =
  /^(?:热带)?(?:雨林|森林|雾凇|油菜花|花海|园林|古城|古镇|古建筑?|老建筑|升旗|日出|日落|云海|星空|银河|极光|雪景|雪山|大?海|海边|海景|沙滩|草原|沙漠|瀑布|红叶|枫叶|樱花|梯田|冰雪|冰雕|夜景|风景|美景|山水|湖|江景|古迹|庙|寺庙|博物馆|动物|大熊猫|熊猫|恐龙|鲸鱼|海豚|企鹅|烟花|灯会|花灯|花|牡丹|荷花|桃花|梅花|银杏|雪|冰川|火山|温泉|夜市|小吃|美食|历史|文化|民俗|风土人情)$/;
/** Regions of a country named by their direction or old name (`北疆`, `东北`, `江南`), not sights. */
const REGION_WORD_ZH =
  /^(?:大?[东西南北]{2}|[南北]疆|华[东南西北中]|江南|江浙沪?|川西|湘西|滇西北?|闽南|岭南|胶东|珠三角|长三角|东南亚|欧洲|日韩)(?:地区|一带|那边)?$/;
/**
 * The end of a clause read as a name: a filler (`就好`, `看情况`), a verb's particle (`放松下`), a
 * sentence particle (`首尔耶`) or a place word (`山里`, `海边`).
 */
const NOT_A_NAME_END_ZH =
  /(?:就好|就行|就可以|就够了?|而已|一下|情况|安排|时间|天气|[下耶啦咯喔呗])$|^\p{Script=Han}{1,2}(?:里|边|上|那儿|这儿)$|^(?:放松|休息|散心|度假|躺平|发呆|拍照|购物|随便|到处)/u;

const ACTIVITY_END_ZH =
  /(?:自驾游?|自由行|旅游|旅行|游玩|玩玩?|游|避暑|度假|转转|走走|逛逛|看看|骑行|骑车|徒步|露营|拍照|打卡|野餐|漂流|冲浪|潜水|滑雪|爬山|看?升(?:国)?旗|看?(?:日出|日落|夜景))$/;

/** Drops the must-visits that name no sight: a kind of scenery, a region, a filler (zh only). */
export function keepSightNames(ctx: ParseContext): void {
  const a = ctx.constraints.attractions;
  const kept: string[] = [];
  for (const name of a.include) {
    if (!/^\p{Script=Han}+$/u.test(name)) {
      kept.push(name);
      continue;
    }
    // `北疆自驾`, `青海湖骑行`, `天安门升国旗`: what is done there is not part of the name.
    const bare = name.replace(ACTIVITY_END_ZH, '') || name;
    if (SCENERY_KIND_ZH.test(bare) || REGION_WORD_ZH.test(bare) || NOT_A_NAME_END_ZH.test(bare)) continue;
    // `长城一日游`: a bare 游 or 玩 is only cut for the checks above, never from the name kept.
    const cut = name.replace(ACTIVITY_END_ZH, (w) => (/^(?:游|玩玩?)$/.test(w) ? w : ''));
    const sight = cut.length >= 2 && !isPlace(ctx, cut) ? cut : name;
    if (!kept.includes(sight)) kept.push(sight);
  }
  a.include = kept;
}

/** A capitalised word, or a brand written with an inner capital (`teamLab`). */
const CAP_WORD = String.raw`(?:St\.|Mt\.|Ft\.|Dr\.|[A-Z][\w'’&-]*|[a-z]+[A-Z][\w'’&-]*)`;
/** Capitalised words, joined by spaces or by `of`, `of the`, `de`, `la`, ... (`Museum of the City of New York`). */
const PROPER_NAME = new RegExp(
  String.raw`^${CAP_WORD}(?:\s+(?:(?:of(?:\s+the)?|by\s+the|de|la|le|du|del|di|da|von|van|y)\s+)?${CAP_WORD})*`,
);

/** The leading run of capitalised words of `raw` (`the Louvre while in Paris` -> `Louvre`). */
function properName(raw: string): string | undefined {
  const s = raw.trim().replace(/^(?:the|a|an)\s+/i, '');
  const m = PROPER_NAME.exec(s);
  if (!m) return undefined;
  // `Haeundae beach`: a proper name and the kind of place it is.
  const kind =
    /^\s+(?:beach|museum|park|market|temple|palace|castle|tower|bridge|square|lake|gardens?|zoo|cathedral)\b/.exec(
      s.slice(m[0].length),
    );
  if (kind) return (m[0] + kind[0]).trim();
  // A sentence-final dot is not part of the name; an abbreviation's is (St. Louis).
  return m[0].replace(/(?<!\b(?:St|Mt|Ft|Dr|Jr|Sr|Ste))\.$/, '').trim();
}

/** A capitalised name, its words joined by spaces or by `of`, `by the`, `de`, ... (case-sensitive). */
const CAP_NAME = String.raw`(?:the\s+)?${CAP_WORD}(?:\s+(?:(?:of(?:\s+the)?|by\s+the|de|la|du|del|di)\s+)?${CAP_WORD})*`;
const CAP_NAMES = String.raw`${CAP_NAME}(?:\s*(?:,|&|,?\s+and)\s+${CAP_NAME})*`;
const RX_PLACE_BRACKETS = new RegExp(
  String.raw`(${CAP_NAME}|\p{Script=Han}{2,8})\s*[(（]\s*([^()（）\n]{2,60}?)\s*[)）]`,
  'gu',
);
/** Names before `is non-negotiable`, `is top of the list`, `are a must`. */
const RX_MUST_AFTER = new RegExp(
  String.raw`(${CAP_NAMES})\s+(?:is|are)\s+(?:non-negotiable|top\s+of\s+(?:the|my|our)\s+list|(?:a\s+)?must(?:-see|-do)?s?|(?:a\s+)?highlight)\b`,
);
/** Names that make a clause of their own before `for sure`, `obviously`, `definitely`. */
const RX_SURE_AFTER = new RegExp(
  String.raw`(?:^|[.!?;:]\s+|,\s+)(${CAP_NAMES})\s+(?:for\s+sure|obviously|definitely|of\s+course)\b`,
);

/** `Is Arashiyama doable`, `Is the Louvre worth it`: a sight the question is about. */
const RX_ASKED_SIGHT = new RegExp(
  String.raw`\b(?:[Ii]s|[Aa]re)\s+(${CAP_NAME})\s+(?:(?:really|still|even)\s+)?(?:doable|worth|possible|feasible|manageable|ok|okay|accessible|open|crowded|busy|overrated|suitable|walkable|stroller[- ]friendly|kid[- ]friendly|good\s+for)\b`,
);
/**
 * `the night view from Victoria Peak`, `sunset over Uluru`: a sight seen from or looked at (the
 * evening reader may have masked `night view` already).
 */
const RX_VIEW_FROM = new RegExp(
  String.raw`(?:\b(?:views?|sunrise|sunset|panorama|skyline)|\u25A1{4,})\s+(?:from|over|at|of)\s+(${CAP_NAME})`,
);
/** `Angkor Wat at sunrise`, `the Eiffel Tower at night`: a sight and the time to see it. */
const RX_SIGHT_AT_TIME = new RegExp(
  String.raw`(?:^|[,.;!?:]\s*|\b(?:and|see|visit|for|plus)\s+)(${CAP_NAME})\s+(?:at|by)\s+(?:sunrise|sunset|dawn|dusk|night)\b`,
);

/** Words that start a capitalised phrase but name no place to visit. */
const NOT_A_POI = new RegExp(
  String.raw`^(?:${Object.keys(CUISINES_EN).join('|')}|I|We|Our|My|The|A|An|Also|And|But|Please|Thanks|Thank|Budget|Day|Days|Week|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)$`,
  'i',
);

/**
 * English "must visit X, Y and Z" / "avoid X": the leading run of proper names after the verb.
 * Only the names are consumed; the rest of the sentence stays for the other readers.
 */
function properNameList(
  ctx: ParseContext,
  re: RegExp,
  onNames: (names: string[], any: boolean) => void,
): void {
  const g = withFlags(re, 'gi');
  for (const m of [...ctx.text.matchAll(g)]) {
    const restStart = m.index + m[0].length;
    const rest = ctx.text.slice(restStart);
    const names: string[] = [];
    let consumedTo = restStart;
    let any = false;
    const sep = /^(?:\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s*&\s*)/i;
    let pos = 0;
    for (;;) {
      const chunk = rest.slice(pos);
      const lead = /^(?:the\s+|a\s+|an\s+)?/i.exec(chunk)![0];
      let name =
        properName(chunk.slice(lead.length)) ?? /^\p{Script=Han}[\p{Script=Han}\d]{1,11}/u.exec(chunk)?.[0];
      // `must visit the zoo`, `would love to see the pandas`: a short lower-case name after `the`.
      if (!name && /^the\s+$/i.test(lead) && names.length === 0) {
        const common =
          /^[a-z][a-z'-]*(?:\s+(?!and\b|but\b|or\b|in\b|on\b|with\b|for\b|is\b)[a-z][a-z'-]*){0,2}/.exec(
            chunk.slice(lead.length),
          );
        name = common?.[0];
      }
      if (!name || NOT_A_POI.test(name) || isPlace(ctx, name)) break;
      if (
        /^\s*(?:food|cuisines?|restaurants?|dishes|meals?|cooking)\b/i.test(
          chunk.slice(lead.length + name.length),
        )
      )
        break;
      names.push(name);
      pos += lead.length + name.length;
      consumedTo = restStart + pos;
      const s = sep.exec(rest.slice(pos));
      if (!s) break;
      if (/\bor\b/i.test(s[0])) any = true;
      pos += s[0].length;
    }
    if (names.length === 0) continue;
    onNames(names, any);
    consume(ctx, m.index, consumedTo);
  }
}

function attractionsEn(ctx: ParseContext): void {
  const c = ctx.constraints;
  // `Is Arashiyama doable with a stroller?`, `the night view from Victoria Peak`, `Angkor Wat at
  // sunrise`: a named sight asked about, looked at or timed is a wish too (a city is left alone).
  for (const re of /[A-Z]/.test(ctx.text) ? [RX_ASKED_SIGHT, RX_VIEW_FROM, RX_SIGHT_AT_TIME] : []) {
    eachMatch(ctx, re, (m) => {
      const name = m[1]!.replace(/^the\s+/i, '').trim();
      if (!name || isPlace(ctx, name) || NOT_A_POI.test(name.split(/\s+/)[0]!)) return false;
      wish(c.attractions, [name], negatedBefore(ctx.text, m.index, 12), false);
    });
  }
  properNameList(
    ctx,
    /\b(?:must[- ](?:visit|see|se|do)|(?:would|'d)\s+(?:really\s+)?(?:like|love)\s+to\s+(?:visit|see)|(?:want|wish|hope|hoping|plan|planning)\s+to\s+(?:visit|see|walk(?:\s+(?:along|through))?|hike|climb|explore|stroll(?:\s+(?:along|through))?|ride)|make\s+sure\s+(?:we|I)\s+(?:visit|see)|(?:definitely|really)\s+(?:want\s+to\s+)?(?:visit|see)|don'?t\s+want\s+to\s+miss|include\s+a\s+visit\s+to|(?:fit|squeeze)\s+in\s+(?:a\s+visit\s+to\s+)?|(?:please\s+)?include|(?:eat|walk|wander)\s+(?:our|my|their)\s+way\s+(?:through|around)|with\s+a\s+visit\s+to|(?:visit|see)\s+(?:both\s+)?|(?:wanna|gonna|want\s+to|wants\s+to|going\s+to)\s+(?:go\s+to|hit|check\s+out|do)|wants?\s+(?=\S))\s*:?\s*/,
    (names, any) => wish(c.attractions, names, false, any),
  );
  // `the ice festival is a must`, `Disneyland is a must-do`: the name before the verb.
  eachMatch(
    ctx,
    /(?:^|[,.;!?:]\s*)((?:the\s+)?[\p{L}][\p{L}'’ &-]{1,60}?)\s+(?:is|are)\s+(?:(?:a\s+)?must(?:[- ](?:see|visit|do))?|non[- ]?negotiable|(?:our\s+|my\s+|the\s+|a\s+)?(?:top\s+|first\s+)?priority|unmissable|essential)\b/iu,
    (m) => {
      // `Universal Studios and the zoo are non-negotiable`: each name on its own.
      const names = m[1]!
        .split(/\s*(?:,|&|\band\b)\s*/i)
        .map((n) => n.replace(/^the\s+/i, '').trim())
        .filter((n) => n.length > 1);
      const kept = names.filter(
        (n) =>
          !isPlace(ctx, n) &&
          !NOT_A_POI.test(n) &&
          !/^(?:it|this|that|which|price|budget|time|food|comfort|safety)$/i.test(n),
      );
      if (kept.length === 0 || kept.length < names.length) return false;
      wish(c.attractions, kept, false, false);
    },
  );
  // `Jagalchi Market is top of the list`, `the Opera House is non-negotiable`, `Gardens by the Bay
  // for sure`, `Hagia Sophia and the Grand Bazaar for sure`: names, then what makes them a must.
  for (const re of /[A-Z]/.test(ctx.text) ? [RX_MUST_AFTER, RX_SURE_AFTER] : []) {
    eachMatch(ctx, re, (m) => {
      const names = m[1]!
        .split(/\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*/)
        .map((n) => n.replace(/^the\s+/i, '').trim())
        .filter(Boolean);
      if (names.some((n) => isPlace(ctx, n) || NOT_A_POI.test(n))) return false;
      wish(c.attractions, names, false, false);
    });
  }
  // `Orlando (Disney + Universal)`, `北京（故宫、颐和园）`: the sights of a place, in brackets after it.
  for (const m of [...ctx.text.matchAll(RX_PLACE_BRACKETS)]) {
    // 去北京（故宫）: the place is the longest end of the Chinese run that names one.
    const head = m[1]!.trim();
    const place = /\p{Script=Han}/u.test(head)
      ? [...head].some((_, k) => isPlace(ctx, head.slice(k)))
      : isPlace(ctx, head);
    if (!place) continue;
    const names = m[2]!
      .split(/\s*(?:[+&,，、/＋]|\band\b)\s*/)
      .map((n) => n.trim())
      .filter(Boolean);
    const ok = names.every((n) =>
      /\p{Script=Han}/u.test(n)
        ? /^\p{Script=Han}{2,8}$/u.test(n) &&
          !/[边面里外上下头方处了的说]$/.test(n) &&
          !NOT_A_NAME_ZH.test(n) &&
          !GENERIC_ITEM.test(n) &&
          !startsWithPlace(ctx, n)
        : new RegExp(String.raw`^${CAP_NAME}$`).test(n) && !NOT_A_POI.test(n) && !isPlace(ctx, n),
    );
    if (names.length === 0 || !ok) continue;
    wish(c.attractions, names, false, false);
    // Only the brackets are masked: the place stays for the places reader.
    const open = m.index + m[0].indexOf(m[2]!) - 1;
    consume(ctx, open, m.index + m[0].length);
  }
  // `Chimelong Safari Park for the kids`, `take the kids to Legoland`: a named place the clause
  // gives to someone in the party is a wish too.
  eachMatch(
    ctx,
    /(?:^|[,.;!?:]\s*)(?:the\s+)?([A-Z][\w'’&-]*(?:\s+[A-Z][\w'’&-]*)+)\s+for\s+(?:the\s+|my\s+|our\s+)?(?:kids|children|boys|girls|son|daughter|family|little\s+ones?)\b/u,
    (m) => {
      const name = m[1]!.trim();
      if (isPlace(ctx, name) || NOT_A_POI.test(name.split(/\s+/)[0]!)) return false;
      wish(c.attractions, [name], false, false);
    },
  );
  properNameList(
    ctx,
    /\btake\s+(?:the\s+|my\s+|our\s+)?(?:kids|children|boys|girls|son|daughter|family|parents|grandparents|them|her|him)\s+to\s+/,
    (names) => wish(c.attractions, names, false, false),
  );
  properNameList(
    ctx,
    /\b(?:(?:but|and)\s+no|avoid(?:ing)?|skip(?:ping)?|not\s+(?:doing|interested\s+in|visit(?:ing)?|go(?:ing)?\s+to|see(?:ing)?)|don'?t\s+(?:want\s+to\s+)?(?:visit|go\s+to|see)|stay\s+away\s+from|no\s+visits?\s+to)\s+/,
    (names) => wish(c.attractions, names, true, false),
  );
}

/** Words of a terse request's other fields (pace, tier, party, transport), never a sight's name. */
const TERSE_FIELD_EN =
  /^(?:relaxed|slow|chill|packed|fast|intense|luxury|budget|cheap|upscale|mid-?range|solo|family|couple|friends|business|economy|hotel|hostel|airbnb|eurostar|shinkansen|amtrak|ferry|cruise|no|none|tbd|flexible|asap|please|thanks)\b/i;
const TERSE_FIELD_ZH =
  /[星住宿预算不别吃玩游慢累赶轻松休闲豪华经济便宜亲子飞高铁车船]|左右|以内|以上|以下|返程|回程|返回|回家/;
/** Words of a sentence: a request that has them is not terse. */
const SENTENCE_ZH = /[想要去请谢您吗呢吧啊我你他她]/;
const SENTENCE_EN =
  /\b(?:I|I'm|we|we're|my|our|want|wanna|would|like|love|please|thanks|is|are|go|going|visit|see|from|to|with)\b/i;

/**
 * A terse request (`Rome, 4 days, solo, Vatican`, `北京-西安，3天，2人，兵马俑`, `渝 4D3N 洪崖洞+磁器口`):
 * short fields and no sentence. Its last field, when it is a name that no other reader took (not a
 * place, not a length, party, tier or mode), is the sight asked for. Run after the other readers.
 */
export function terseSights(ctx: ParseContext): void {
  const zh = ctx.lang === 'zh';
  const sep = zh ? /[,，。、;；|\n\s]+/ : /[,，。;；|\n]+/;
  const fields = ctx.original
    .trim()
    .replace(/[.!。！]+$/, '')
    .split(sep)
    .filter((f) => f.trim());
  if (fields.length < 3 || ctx.original.length > 140 || fields.some((f) => f.trim().length > (zh ? 14 : 26)))
    return;
  if ((zh ? SENTENCE_ZH : SENTENCE_EN).test(ctx.original)) return;
  // The same field in the working text, where what the readers understood is masked.
  const lastAt = ctx.original
    .trimEnd()
    .replace(/[.!。！]+$/, '')
    .lastIndexOf(fields.at(-1)!);
  if (lastAt < 0) return;
  const masked = ctx.text.slice(lastAt, lastAt + fields.at(-1)!.length);
  const tail = masked
    .split(/\u25A1+/)
    .at(-1)!
    .trim();
  if (!tail) return;
  const names = tail.split(/\s*[+&＋]\s*|\s+and\s+/).map((n) => n.trim());
  const ok = names.every((n) =>
    zh || /\p{Script=Han}/u.test(n)
      ? /^\p{Script=Han}{2,10}$/u.test(n) &&
        !NOT_A_NAME_ZH.test(n) &&
        !GENERIC_ITEM.test(n) &&
        !TERSE_FIELD_ZH.test(n) &&
        !(n in CUISINES_ZH) &&
        !isCategory(n) &&
        !startsWithPlace(ctx, n)
      : /^[A-Z][\w'’-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'’-]*){0,3}$/.test(n) &&
        !/^[A-Z]{2,4}$/.test(n) &&
        !NOT_A_POI.test(n.split(/\s+/)[0]!) &&
        !TERSE_FIELD_EN.test(n) &&
        !MODE_WORDS.some(([re]) => re.test(n)) &&
        !isPlace(ctx, n),
  );
  if (ok) wish(ctx.constraints.attractions, names, false, false);
}

const LEG_MODE = String.raw`(airplanes?|planes?|flights?|trains?|bus|飞机|航班|高铁|动车|火车|大巴|长途汽车|长途车|汽车|自驾)`;

function modeOf(word: string): string | undefined {
  for (const [re, mode] of MODE_WORDS) if (re.test(word)) return mode;
  if (/汽车|长途车/.test(word)) return 'bus';
  return undefined;
}

function legs(ctx: ParseContext): void {
  const l = ctx.constraints.legs;
  eachMatch(ctx, RX_CLAUSES_7, (m) => {
    const mode = modeOf(m[2]!);
    if (!mode) return false;
    const leg = { mode, avoid: isNegated(m[1]) };
    if (/返回|回程|回来|回家|返程/.test(m[3]!)) l.return = leg;
    else l.outbound = leg;
  });
  eachMatch(ctx, RX_CLAUSES_8, (m) => {
    const mode = modeOf(m[3]!);
    if (!mode) return false;
    const leg = { mode, avoid: isNegated(m[2]) };
    if (m[1] === '去程') l.outbound = leg;
    else l.return = leg;
  });
  // 坐高铁去北京: the outbound leg; only the mode words are masked (去北京 stays for the places).
  const re = RX_CLAUSES_9;
  for (const m of ctx.text.matchAll(re)) {
    const mode = modeOf(m[2]!);
    if (!mode || l.outbound) continue;
    l.outbound = { mode, avoid: isNegated(m[1]) };
  }
}

const INNER = String.raw`(?:walk|taxi|metro|subway|bus|步行|走路|打车|出租车|的士|地铁|公交)`;

function innerModes(text: string): string[] {
  const out: string[] = [];
  for (const [re, mode] of INNER_MODE_WORDS) if (re.test(text) && !out.includes(mode)) out.push(mode);
  return out;
}

function innerCity(ctx: ParseContext): void {
  const ic = ctx.constraints.innerCity;
  eachMatch(ctx, RX_CLAUSES_10, (m) => addAll(ic.avoid, innerModes(m[2]!)));
  eachMatch(
    ctx,
    /(?:市内|城市内|城内|市区内?|当地)(?:交通|出行)?\s*(?:不希望|不想|不要|尽量不|不|别)\s*((?:坐|乘|搭|用)?\s*(?:地铁|出租车|的士|打车|打的|公交|步行|走路|走太多路))/,
    (m) => addAll(ic.avoid, innerModes(m[1]!)),
  );
  eachMatch(
    ctx,
    /(不想|不要|不愿意?|尽量不|别|不)(坐地铁|乘地铁|打车|坐出租车?|打的|走路|步行|走太多路|坐公交)/,
    (m) => addAll(ic.avoid, innerModes(m[2]!)),
  );
  eachMatch(
    ctx,
    /\b(?:no|avoid(?:ing)?|without|don'?t\s+(?:want\s+to\s+)?(?:take|use|ride))\s+(?:the\s+)?(subways?|metro|underground|walking|public buses)\b/i,
    (m) => addAll(ic.avoid, innerModes(m[1]!)),
  );
  eachMatch(
    ctx,
    /(?:若|如果)?\s*(?:两地点?间)?的?(?:交通)?距离\s*(?:超过|大于|多于|在)\s*([\d.]+)\s*(?:千米|公里|km)(?:以上)?\s*[,]?\s*(?:则|就)?\s*(?:打车|坐出租车|打的)(?:出行)?/,
    (m) => {
      ic.taxiAboveKm = Math.round(Number(m[1]) * 100) / 100;
    },
  );
  eachMatch(
    ctx,
    /\btake\s+(?:a\s+)?(?:taxi|cab)\s+(?:if|when|for)\s+(?:the\s+)?(?:distance\s+is\s+|trips?\s+)?(?:over|more than|above|beyond|longer than)\s+([\d.]+)\s*(?:km|kilomet(?:er|re)s?)/i,
    (m) => {
      ic.taxiAboveKm = Number(m[1]);
    },
  );
}

type Category = keyof ParsedConstraints['categoryBudgets'];

function categoryOfZh(word: string): Category {
  if (/用餐|餐饮|吃饭|吃喝|美食|饮食|餐费|吃/.test(word)) return 'meals';
  if (/住宿|酒店|住/.test(word)) return 'accommodation';
  if (/游览|门票|景点|游玩/.test(word)) return 'attractions';
  if (/城市内|市内|当地/.test(word)) return 'innerCityTransport';
  return 'intercityTransport';
}

function categoryOfEn(word: string): Category {
  const w = word.toLowerCase();
  if (/food|meal|dining|restaurant/.test(w)) return 'meals';
  if (/hotel|accommodation|lodging/.test(w)) return 'accommodation';
  if (/attraction|sightseeing|ticket/.test(w)) return 'attractions';
  if (/local|city/.test(w)) return 'innerCityTransport';
  return 'intercityTransport';
}

function categoryBudgets(ctx: ParseContext): void {
  const cb = ctx.constraints.categoryBudgets;
  eachMatch(
    ctx,
    /(?:在)?(用餐|餐饮|吃饭|吃喝|美食|饮食|餐费|住宿|酒店|游览|门票|景点|游玩|跨城市交通|城际交通|大交通|往返交通|长途交通|城市内出行|城市内交通|市内交通|市内出行|当地交通)(?:上|方面)?的?(?:总)?(?:预算|花费|开销|费用|开支|支出)\s*(?:为|是|控制在|不超过|不高于|在|大概|大约|约|有|最多|:|\s)*/,
    (m) => {
      const money = moneyAt(ctx.text, m.index + m[0].length);
      if (!money) return false;
      cb[categoryOfZh(m[1]!)] = money.amount;
      // The amount is part of the clause.
      ctx.text =
        ctx.text.slice(0, money.start) + '\u25A1'.repeat(money.end - money.start) + ctx.text.slice(money.end);
    },
  );
  eachMatch(
    ctx,
    /\b(food|meals?|dining|restaurants?|hotels?|accommodations?|lodging|attractions?|sightseeing|tickets?|flights?|intercity transport(?:ation)?|local transport(?:ation)?|transport(?:ation)?)\s+budget\s+(?:of|is|at|:)?\s*(?:around|about|up to|under|roughly)?\s*/i,
    (m) => {
      const money = moneyAt(ctx.text, m.index + m[0].length);
      if (!money) return false;
      cb[categoryOfEn(m[1]!)] = money.amount;
      ctx.text =
        ctx.text.slice(0, money.start) + '\u25A1'.repeat(money.end - money.start) + ctx.text.slice(money.end);
    },
  );
  eachMatch(
    ctx,
    /\bspend\s+(?:no more than|at most|up to|under|less than|about|around|only)?\s*(\S+)\s+(?:on|for)\s+(food|meals|dining|hotels?|accommodations?|lodging|attractions|sightseeing|tickets|flights|transport(?:ation)?)\b/i,
    (m) => {
      const money = moneyAt(m[1]!, 0);
      if (!money) return false;
      cb[categoryOfEn(m[2]!)] = money.amount;
    },
  );
}

/** Cuisine words of a list item, in English (`川菜` -> `sichuan`), or the item itself. */
export function cuisineName(item: string): string {
  const zh = CUISINES_ZH[item];
  if (zh) return zh;
  const en = CUISINES_EN[item.toLowerCase()];
  if (en) return en;
  for (const [word, name] of Object.entries(CUISINES_ZH)) if (item.includes(word)) return name;
  return item.toLowerCase();
}

// Patterns built from the pieces above, compiled once.
const RX_CLAUSES_1 = new RegExp(
  String.raw`在\s*${TIME}\s*(?:到|至|-|~)\s*${TIME}\s*(?:之间|期间)?\s*(?:游览|参观|去|逛|在|游玩)\s*${NAME}`,
);
const RX_CLAUSES_2 = new RegExp(String.raw`(?:不早于|最早)\s*${TIME}\s*(?:才)?离开\s*${NAME}`);
const RX_CLAUSES_3 = new RegExp(
  String.raw`(?:不晚于|最晚|最迟)\s*${TIME}\s*(?:前)?(?:到达|抵达|赶到|到)\s*${NAME}`,
);
const RX_CLAUSES_4 = new RegExp(
  String.raw`${NEG}?${WANT}?(?:入住|住|住在)以下(类型的)?(?:酒店|宾馆|住宿|民宿)(之一)?[:]? *${REST_LINE}`,
);
const RX_CLAUSES_5 = new RegExp(
  String.raw`${NEG}?${WANT}?(?:尝试|去|品尝|吃|试试)以下(类型的)?(?:餐厅|饭店|餐馆|美食)(之一)?[:]? *${REST_LINE}`,
);
const RX_CLAUSES_6 = new RegExp(
  String.raw`${NEG}?${WANT}?(?:游览|参观|打卡|逛一?逛)(?:以下(?:的)?(?:景点|地方)(之一)?[:]?)? *${REST_WISH}`,
);
const RX_CLAUSES_7 = new RegExp(
  String.raw`${NEG}?(?:希望|想|要|打算)?(?:乘坐|坐|搭乘|乘|搭|选择)\s*${LEG_MODE}\s*(前往目的地|去程|前往|过去|出发|返回|回程|回来|回家|返程)`,
);
const RX_CLAUSES_8 = new RegExp(
  String.raw`(去程|回程|返程|回来)\s*(?:的时候)?\s*${NEG}?(?:想|要|希望)?(?:乘坐|坐|搭乘|乘|搭)?\s*${LEG_MODE}`,
);
const RX_CLAUSES_9 = new RegExp(
  String.raw`${NEG}?(?:希望|想|要|打算)?(?:乘坐|坐|搭乘|乘|搭)\s*${LEG_MODE}(?=\s*(?:去|到|前往))`,
  'g',
);
const RX_CLAUSES_10 = new RegExp(
  String.raw`${NEG}以?\s*(${INNER}(?:\s*(?:和|与|或|、|,|及)\s*${INNER})*)\s*(?:的)?(?:方式)?\s*在?(?:城市内|市内|城内|当地|市区)(?:出行|交通|移动)`,
);

// Wish patterns over REST_WISH, compiled once.
const RX_WISH_1 = new RegExp(
  String.raw`(?<![不别没])(一定要|必须要?|务必|必|特别想|非常想|很想|主要是?|重点是?|想|要|希望能?|计划|打算)(?:去|到)(?:一?趟|一下)?(?:看看?|看一看|打卡|参观|逛逛?|游览)?[^\S\n]*${REST_WISH}`,
);
const RX_WISH_2 = new RegExp(
  String.raw`(?<![不别没])(?:一定要|必须|务必|很想|特别想|主要想|想|要|去)?(?:看看?|爬|打卡|(?:留|空)出?一整?天(?:时间)?(?:给|去))[^\S\n]*${REST_WISH}|(?<=^|[,。;!?\n\s~～:])(?:给|为)?([^,。;!?\n\s]{2,12}?)(?:也|都|是)?(?:必去|不能错过|不可错过|(?:一定|必须)?要?(?:留|空)出?一整?天|必看|必打卡|一定要去|一定得去|必须要?去|必须得去|非去不可|想去|要去|想看|要看|一定要看)(?=\s*(?:看看?|一下|玩玩?|逛逛)?\s*(?:了|吧|啊|呀|哦|哈)?\s*(?:$|[,。;!?\n\s~～]))|(?<=^|[,。;!?\n\s~～:])([^,。;!?\n\s]{2,8}?)(?:一定要|必须要?|务必)(?:去)?(?=骑|坐|爬|环|泡|逛|走|打卡)`,
);
const RX_WISH_3 = new RegExp(
  String.raw`(不想|不要|不希望|不愿意?|不打算|别|不)(?:去|游览|参观|看|安排|逛)[^\S\n]*${REST_WISH}|(?:避开|跳过|排除|去掉)[^\S\n]*${REST_WISH}|(?<=^|[,。;!?\n\s~～:])([^,。;!?\n\s]{2,12}?)(?:就|也|都)?(?:算了|不去了|免了|不用去了|不想去了?|跳过|pass掉?)(?=$|[,。;!?\n\s]|吧|了|听说|因为)`,
);
/** `，还有夜间动物园`: a clause that adds one name (a sight, when a wish was just read). */
const RX_WISH_MORE =
  /(?<=[,，、;；]\s*)(?:还有|以及|再加上|外加|另外还有)([^,，。;；!！?？\n\s]{2,12}?)(?:也想去|也要去|也想看|也很想去)?(?=\s*(?:$|[,，。;；!！?？\n]))/;
/** `安排洪崖洞`, `行程包括中山陵`: a name the plan should include, up to what is done there. */
const RX_ARRANGE =
  /(?<![不别没])(?:安排(?:上|一下)?|包括|包含)\s*([^\s,。;!?\n\d:：]{2,10}?)(?=看|吃|逛|玩|拍|[,。;!?\n]|$)/u;
/** What follows 安排 without naming a sight: how full the days are, or the trip itself. */
const ARRANGE_NOT_A_NAME = /[太得满紧松多少好几些在]|行程|时间|住宿|酒店|交通|一天|每天/;

/** A run of Chinese after a verb of going (the city and sight are split by the gazetteer). */
const RX_CITY_SIGHT = /(?:去|到|逛|游|有)(\p{Script=Han}{4,12}?)(?=[,。;!?\s\d]|玩|看|旅|游|$)/gu;
/** Kinds of sight every city has: alone, they name none. */
const GENERIC_SIGHT =
  /^(?:古城|古镇|园林|海洋馆|公园|博物馆|博物院|动物园|寺|塔|湖|岛|宫|景区|乐园|老街|大桥|洞|陵)$/;
/** How a sight's name ends (a park, a canyon, a museum) or a theme-park brand. */
const SIGHT_END =
  /(?:山庄|迪士尼|迪士尼乐园|乐园|公园|峡谷|博物馆|博物院|古城|古镇|寺|塔|湖|岛|长隆|环球影城|欢乐谷|方特|宫|景区|水乡|动物园|海洋馆|海洋公园|度假区|基地|石窟|土楼|瀑布|草原|沙漠|洞|园林|陵|故居|老街|大桥)$/;
