/**
 * The travelling party: adults, children and children's ages, in Chinese or English.
 *
 * Two sources, in this order:
 * 1. Counts the text states (`3人`, `2大1小`, `2A1C`, `2+1家庭`, `一家三口`, `我们仨`, `4 adults`,
 *    `family of 5`, `two couples`, `We are 3`, `Travelers: 2`, `Adults: 2 / Kids: 3`). A later
 *    statement replaces an earlier one after a correction (`3 adults. Scratch that: 4 adults`,
 *    `make that 2`, `改成4个人`); people added on top are added (`又多了一个朋友`, `2 more are
 *    joining`, `2 adults + grandma`, `2A+2老人`).
 * 2. Otherwise a small grammar of companions: the writer, plus each relation named as a companion
 *    (`我跟闺蜜` 2, `带着老婆孩子` 2+1, `爷爷奶奶` side by side, `my parents and I` 3, `me, my wife
 *    and our two kids` 2+2, `my 奶奶`, a misspelt `my parnets`). A couple word (`情侣`, `a retired
 *    couple`) already includes the writer. A relation is not a companion when it stays home or is
 *    only quoted (`my dog is staying with my brother`, `a friend just got back`, `朋友推荐`), or
 *    when it is dropped later (`孩子不去了`, `my brother can't make it`). Ages move people between
 *    adults and children (`my son (24)`, `女儿今年大二`, `my nephew (7)`).
 *    When the request is written for others (`帮爸妈安排`, `on behalf of my manager`, `my parents
 *    are taking my son`, `我爷爷奶奶想去`, `我不去`, `I'm the PA for our CFO`, `我本人不去`), the
 *    writer is not counted unless they say they come (`我和我爸会陪着一起去`, `I'm tagging along`);
 *    a partner's wish (`我老婆一直想去`) is a trip made together.
 *
 * Also read: groups with leaders (`32个学生加3个老师`, `16 players (U14) and 3 coaches`; members
 * are children only when a grade, an age or `U14` says they are minors, or the word is `孩子`/`kids`);
 * counts as words (`half a dozen`, `九口人`, `the pair of us`, `twin boys`, `me + 2`, `a trio`) and
 * after their word (`成人2 儿童1`, `成人两位`); `with two uni mates` (the one named and N others);
 * `一个人预算五百` in a counted party (a budget per head, not a solo traveller); approximate counts
 * (`三四个人`, asked about); relations located or quoted elsewhere (`my cousin in Bogota keeps
 * asking`, `grandparents were from Lima`). Traditional and Cantonese text arrives folded to
 * Simplified Mandarin (text.ts), so `我哋`, `细路`, `一個人` are read by the same rules.
 */
import type { ParseContext } from './context.js';
import { eachMatch } from './context.js';
import { EN_NUMBER_WORDS, parseSmallNumber } from './text.js';

export interface PartyFinding {
  adults: number;
  children: number;
  childAges: number[];
  confidence: number;
  found: boolean;
}

/** An amount right after `一个人` (`一个人4000`, `一个人3k`): a budget per head, not the party
 * (`一个人 预算1000`, `一个人预算五千` stay a solo traveller with a total). */
const RX_PER_HEAD_AMOUNT = new RegExp(
  String.raw`^(?:[¥￥$€£]|\d[\d,.]*\s*(?:[kK千万wW元块]|rmb|RMB)|\d{3,}(?![\d\s]*[天日晚夜号月年岁人位])|[一二两三四五六七八九十][一二两三四五六七八九十百]*[千万百块元])`,
);
/** Two neighbouring digits, an approximate count: `三四`, `四五`, `两三`. */
const RX_ZH_APPROX_COUNT = /^(?:一二|两三|二三|三四|四五|五六|六七|七八|八九)$/;
/** An amount right before `一个人` (`5000块一个人`, `三千一个人`): per head, not the party. */
const RX_AMOUNT_BEFORE =
  /(?:\d[\d,.]*\s*(?:[kK千万wW元块]|rmb|RMB)?|[一二两三四五六七八九十百]+[千万百块元])\s*$/;

const ZN = String.raw`(\d{1,2}|[一二两三四五六七八九十]{1,3}|俩|仨)`;
const EN = String.raw`(\d{1,2}|${EN_NUMBER_WORDS})`;
/** Spaces within one line (a form's next line is another field). */
const SP = String.raw`[^\S\n]`;

/** One relation word: how many people it names, and whether they are children. */
interface Relation {
  people: number;
  child: boolean;
  /** The word names the writer too (`情侣`, `a couple`). */
  withWriter?: boolean;
  /** Children of a generic word (`孩子`, `kids`) are not added to a specific one (`儿子`, `son`). */
  generic?: boolean;
  /** A word naming an adult and a child (`妻女`, wife and daughter). */
  plusChild?: boolean;
}

const ZH_RELATIONS: Record<string, Relation> = {};
const EN_RELATIONS: Record<string, Relation> = {};
function relations(table: Record<string, Relation>, words: string, r: Relation): void {
  for (const w of words.split(' ')) table[w] = r;
}
relations(
  ZH_RELATIONS,
  '老婆 老公 妻子 丈夫 爱人 对象 女朋友 男朋友 女友 男友 媳妇 先生 太太 另一半 闺蜜 闺密 朋友 好友 同事 同学 室友 兄弟 哥们 姐妹 妈妈 爸爸 老妈 老爸 母亲 父亲 家母 家父 婆婆 公公 岳母 岳父 表妹 表姐 表哥 表弟 姐姐 妹妹 哥哥 弟弟 奶奶 爷爷 外婆 外公 姥姥 姥爷 孩子他爸 孩子他妈 孩子爸爸 孩子妈妈 孩子爸 孩子妈 娃他爸 娃他妈 娃爸 娃妈 他爸 他妈 她爸 她妈 老人 妈 爸 妻 发小 男票 女票 嫂子 姐夫 妹夫 哥 姐 弟 妹 舅舅 舅妈 姑姑 姑父 姨妈 小姨 阿姨 叔叔 婶婶 伯伯 堂哥 堂姐 堂弟 堂妹 老铁 死党 基友 搭子 驴友 伴侣 老伴 家属 丈母娘 老丈人 亲家 亲家母 大姨子 小舅子 连襟 女婿 儿媳 儿媳妇',
  { people: 1, child: false },
);
relations(ZH_RELATIONS, '老板 领导 上司 经理 客户 老总 总监 总经理 董事长', { people: 1, child: false });
relations(ZH_RELATIONS, '双方父母 双方老人 两边父母 两边老人', { people: 4, child: false });
relations(ZH_RELATIONS, '爸妈 父母 双亲 老爸老妈 爸爸妈妈 公婆 岳父母 老两口 哥嫂 兄嫂 叔婶', {
  people: 2,
  child: false,
});
relations(ZH_RELATIONS, '情侣 夫妻 夫妻俩 两口子 小两口', { people: 2, child: false, withWriter: true });
relations(ZH_RELATIONS, '儿子 女儿 闺女 侄子 侄女 外甥 外甥女 孙子 孙女 外孙 外孙女', {
  people: 1,
  child: true,
});
relations(ZH_RELATIONS, '孩子 小孩 小孩子 娃 宝宝 小朋友 孩 子女 儿女', {
  people: 1,
  child: true,
  generic: true,
});
relations(ZH_RELATIONS, '双胞胎', { people: 2, child: true });
relations(ZH_RELATIONS, '妻女 妻儿', { people: 1, child: false, plusChild: true });
relations(
  EN_RELATIONS,
  'wife husband partner girlfriend boyfriend fiance fiancé fiancee fiancée spouse friend buddy budy mate pal sister brother mom mum mother dad father cousin colleague coworker roommate grandma grandpa grandmother grandfather aunt uncle girlfreind freind wief hubby wifey gf bf bestie bff bro sis granny gran nana missus nephew niece mother-in-law father-in-law',
  { people: 1, child: false },
);
relations(EN_RELATIONS, 'other_half better_half significant_other', { people: 1, child: false });
for (const w of Object.keys(EN_RELATIONS))
  if (w.includes('_')) {
    EN_RELATIONS[w.replace('_', ' ')] = EN_RELATIONS[w]!;
    delete EN_RELATIONS[w];
  }
relations(
  EN_RELATIONS,
  'boss manager director supervisor client ceo cfo cto coo chairman chairwoman president employer',
  {
    people: 1,
    child: false,
  },
);
relations(EN_RELATIONS, 'parents in-laws grandparents', { people: 2, child: false });
relations(
  EN_RELATIONS,
  'son daughter boy girl stepson stepdaughter teen teenager grandson granddaughter grandkid grandchild',
  {
    people: 1,
    child: true,
  },
);
relations(EN_RELATIONS, 'kid child toddler baby infant newborn', { people: 1, child: true, generic: true });
EN_RELATIONS['little one'] = { people: 1, child: true, generic: true };
relations(EN_RELATIONS, 'twins', { people: 2, child: true });
// `our twin boys`: `twin` before a child word names two children.
for (const w of ['boys', 'girls', 'sons', 'daughters'])
  EN_RELATIONS[`twin ${w}`] = { people: 2, child: true };

const byLength = (t: Record<string, Relation>): string =>
  Object.keys(t)
    .sort((a, b) => b.length - a.length)
    .join('|');
/** Words that may stand between `my` and a relation (`my teenage son`). */
const EN_ADJECTIVES =
  'best|elderly|teenage|little|young|old|lovely|dear|younger|older|oldest|closest|dearest|good|great|favou?rite|new|close';
/** A Chinese relation named as a companion: after 和/跟/带/携/陪/与/加/、/还有/我(的), with an optional count. */
const RX_ZH_COMPANION = new RegExp(
  String.raw`(?:和|跟|与|同|带|携|陪|加|\+|&|、|,|还有|以及|及|我|上)(?:着|上|了)?(?:我的|我|自家的?|她的?|他的?)?(?:${ZN}(?:个|位|名)?)?(?:\d{1,2}岁(?:半)?的|上小学的|上初中的|最好的|好|亲|老)?(${byLength(ZH_RELATIONS)})`,
);
/** A child named anywhere (`孩子7岁`, `儿子想看恐龙`): children mentioned in a trip request travel. */
const RX_ZH_CHILD =
  /(?<![他她]|双胞胎)(儿子|女儿|闺女|孩子|小孩|娃|宝宝|小朋友|双胞胎|孙子|孙女|外孙女?)(?!他[爸妈]|爸|妈|们)/;
/** An English relation with a determiner: `my wife`, `our two kids`, `the baby`, `my best friend`. */
const RX_EN_COMPANION = new RegExp(
  String.raw`(?:\b(?:my|our|the|his|her)${SP}+|(?:\bme|[+&,]|\band)${SP}*)(?:(?:${EN_ADJECTIVES})${SP}+)?(?:${EN}${SP}+)?(?:(?:${EN_ADJECTIVES})${SP}+)?((?:${byLength(EN_RELATIONS)}|kids|children|grandchildren|buddies)s?)\b`,
  'i',
);
/** An English relation after a Chinese companion word (`和girlfriend`, `我跟buddy`, `我和my wife`). */
const RX_MIXED_COMPANION = new RegExp(
  String.raw`(?:和|跟|与|带|带着)\s*(?:我的?|my\s+)?(${byLength(EN_RELATIONS)})\b`,
  'i',
);
/** `with two friends`, `me + 2 buddies`: the writer and N others. */
const RX_EN_WITH_N = new RegExp(
  String.raw`\b(?:with|me${SP}*(?:\+|and|&|plus))${SP}+${EN}${SP}+(?:(?:uni|university|college|school|work|old|close|good|best)${SP}+)?(?:friends|buddies|mates|pals|colleagues|coworkers|classmates|kids|children)\b`,
  'i',
);

export function extractParty(ctx: ParseContext): PartyFinding {
  let total: { value: number; at: number } | undefined;
  let adults: number | undefined;
  let children: number | undefined;
  let childrenUnknown = false;
  let we = false;
  /** 我和老婆, my wife and I: two, unless counted otherwise. */
  let couple = false;
  /** The writer travels alone with children (`我一个人带两个孩子`, `single mom with two kids`). */
  let soloAdult = false;
  /** A first-person singular traveller and nothing else (`本人`, `I will be travelling`). */
  let soloHint = false;
  const ages: number[] = [];
  let forumAdults = 0;
  let forumChildren = 0;
  // `三四个人`: an approximate count is no count (asked about, not read as 34).
  const n = (raw: string | undefined): number | undefined =>
    raw === undefined || RX_ZH_APPROX_COUNT.test(raw) ? undefined : parseSmallNumber(raw);
  const perHeadAmount = (at: number, from?: number): boolean =>
    RX_PER_HEAD_AMOUNT.test(ctx.original.slice(at, at + 16)) ||
    (from !== undefined && RX_AMOUNT_BEFORE.test(ctx.original.slice(Math.max(0, from - 12), from)));
  /**
   * `一个人预算五百`: per head when the request counts its party elsewhere (`我们三个`), else a
   * solo traveller. Decided once all counts are read.
   */
  let soloBeforeBudget: number | undefined;
  const soloOrPerHead = (at: number): boolean => {
    if (!/^\s*(?:的)?(?:预算|花费|费用)/.test(ctx.original.slice(at))) return false;
    soloBeforeBudget ??= at;
    return true;
  };
  /** A stated total; a later one corrects an earlier one. */
  const setTotal = (v: number | undefined, at: number): void => {
    if (v !== undefined && v >= 1 && v <= 50 && (!total || at >= total.at)) total = { value: v, at };
  };
  /** Where the adults and children counts were stated: a later count replaces one only after a correction. */
  let adultsAt = -1;
  let childrenAt = -1;
  const corrects = (from: number, to: number): boolean =>
    from >= 0 && to > from && RX_CORRECTION.test(ctx.original.slice(from, to));
  const setAdults = (v: number | undefined, at: number): void => {
    if (v === undefined) return;
    if (adults === undefined || corrects(adultsAt, at)) {
      adults = v;
      adultsAt = at;
    }
  };
  const setChildren = (v: number | undefined, at: number): void => {
    if (v === undefined) return;
    if (children === undefined || corrects(childrenAt, at)) {
      children = v;
      childrenAt = at;
    }
  };

  /** Adults added after a count: `2 adults + grandma`, `2大人+2老人`, `two adults plus my mom`. */
  // `带上公公婆婆和我们一家三口`: relatives joined to the household before it, outside it (not a
  // spouse or a child, whom the household already counts).
  const adultsBeforeHousehold = (at: number): number => {
    let before = ctx.original.slice(Math.max(0, at - 20), at).replace(/(?:我们|咱们|我)(?:的)?$/, '');
    if (!/(?:和|跟|与|加上?|以及|还有|带上?)$/.test(before)) return 0;
    before = before.replace(/(?:和|跟|与|加上?|以及|还有|带上?)$/, '');
    let people = 0;
    for (let k = 0; k < 4; k++) {
      const m = RX_RELATION_AT_END.exec(before);
      if (!m) break;
      const r = ZH_RELATIONS[m[2]!];
      if (!r || r.child || r.withWriter || HOUSEHOLD_WORD.test(m[2]!)) return 0;
      people += countOf(m[1]) ?? r.people;
      before = before.slice(0, m.index);
    }
    return people;
  };
  const extraAdults = (from: number): number => {
    const m = RX_PLUS_ADULTS.exec(ctx.original.slice(from, from + 24));
    if (!m) return 0;
    const word = m[3]!.toLowerCase();
    const r = ZH_RELATIONS[word] ?? EN_RELATIONS[word] ?? EN_RELATIONS[word.replace(/s$/, '')];
    if (!r || r.child) return 0;
    return countOf(m[1] ?? m[2]) ?? r.people;
  };

  // `两家人各带一个孩子`, `two families, each with a kid`: each family is two adults and the children
  // named for each, counted once per family (read first: the per-family count is no total).
  eachMatch(ctx, RX_EACH_FAMILY, (m) => {
    const families = n(m[1] ?? m[3]);
    const kids = n(m[2] ?? m[4]);
    if (families === undefined || kids === undefined || families < 2) return false;
    setAdults(families * 2, m.index);
    setChildren(families * kids, m.index);
  });

  // `32个学生加3个老师`, `16 players (U14) and 3 coaches`: members and leaders; the members are
  // children only when the text says they are minors (a grade, an age, `U14`).
  let groupChildren: number | undefined;
  eachMatch(ctx, RX_GROUP_WITH_LEADERS, (m) => {
    const members = n(m[1] ?? m[5]);
    const leaders = n(m[4] ?? m[8]);
    if (members === undefined || leaders === undefined) return false;
    setTotal(members + leaders, m.index);
    // `三个孩子加一个老师`: a child word names children; students or players need a minor's mark.
    const word = m[2] ?? m[6]!;
    if (/孩子|小孩|小朋友|小学生|初中生|中学生|高中生|kids|children/i.test(word)) groupChildren = members;
    else if (!/大学生|研究生/.test(word) && minorsSaid(m[3] ?? m[7] ?? '')) groupChildren = members;
  });
  /** Whether a group's note (or else the whole request) says its members are minors. */
  function minorsSaid(note: string): boolean {
    const where = note || ctx.original;
    return RX_MINORS.test(where) && !RX_GROWN_UPS.test(where);
  }

  // --- Counts stated in Chinese ---
  // `成人2 儿童1`, `大人：2`: the count after its word.
  {
    let grown: number | undefined;
    let kids: number | undefined;
    let at = -1;
    eachMatch(ctx, RX_ZH_COUNT_AFTER, (m) => {
      const v = n(m[2]);
      if (v === undefined) return false;
      if (/儿童|小孩|孩子|小朋友/.test(m[1]!)) kids = (kids ?? 0) + v;
      else grown = (grown ?? 0) + v;
      if (at < 0) at = m.index;
    });
    if (grown !== undefined) setAdults(grown, at);
    if (kids !== undefined) setChildren(kids, at);
  }
  // `两口子加一个娃`, `老两口`: a couple is two adults (children may come on top).
  eachMatch(ctx, /老两口|小两口|两口子|夫妻俩|夫妻二人|夫妇俩|夫妇二人/, () => {
    adults ??= 2;
  });
  eachMatch(ctx, RX_PARTY_1, (m) => {
    setAdults(n(m[1]), m.index);
    setChildren(n(m[2]), m.index);
  });
  // Shorthand: `2A1C`, `2A+1C`, `3A`, `2A+2老人` (not a `5A景区` rating).
  eachMatch(ctx, RX_SHORT_AC, (m) => {
    const a = n(m[1] ?? m[3]);
    setAdults(a !== undefined ? a + extraAdults(m.index + m[0].length) : undefined, m.index);
    if (m[2] ?? m[4]) setChildren(n(m[2] ?? m[4]), m.index);
  });
  // `2+1家庭`, `a 2+2 family`: adults plus children.
  eachMatch(ctx, /(?<![\d.+])([1-9])\s*\+\s*([1-9])(?![\d.%])\s*(?:的|口之)?(?:家庭|family|亲子)/i, (m) => {
    setAdults(n(m[1]), m.index);
    setChildren(n(m[2]), m.index);
  });
  eachMatch(ctx, RX_PARTY_2, (m) => {
    setAdults(n(m[1]) !== undefined ? n(m[1])! + extraAdults(m.index + m[0].length) : undefined, m.index);
  });
  eachMatch(ctx, RX_PARTY_3, (m) => {
    setChildren(n(m[1]), m.index);
  });
  // `一家三口加上爸妈`: the household and the adults named after it.
  eachMatch(ctx, RX_PARTY_4, (m) => {
    const v = n(m[1] ?? m[2]);
    setTotal(
      v !== undefined ? v + extraAdults(m.index + m[0].length) + adultsBeforeHousehold(m.index) : undefined,
      m.index,
    );
  });
  eachMatch(ctx, RX_PARTY_5, (m) => {
    // 一人2000 is a per-person amount, not the party.
    if (/^\s*\d/.test(ctx.original.slice(m.index + m[0].length))) return false;
    if (/^一\s*个?\s*[人位]$/.test(m[0]) && perHeadAmount(m.index + m[0].length, m.index)) return false;
    if (/^一\s*个?\s*[人位]$/.test(m[0]) && soloOrPerHead(m.index + m[0].length)) return false;
    // `我和老公俩人还有我妈`: an adult named after the count comes on top.
    const v = n(m[1]);
    setTotal(v !== undefined ? v + extraAdults(m.index + m[0].length) : undefined, m.index);
  });
  eachMatch(ctx, RX_ZH_GROUP, (m) => {
    // `我跟两个同事`, `我和3个朋友`: the writer and N others.
    // `女儿想和两个同学`: whoever goes with them (the writer or the one named) comes too.
    const withWriter = /(?:^|[^人个位名])(?:跟|和|与|带|带着|陪|同)$/.test(
      ctx.original.slice(Math.max(0, m.index - 3), m.index),
    );
    // `两个同学（也都17岁）`: the members are minors.
    const note = /^\s*[(（][^)）]{0,16}[)）]/.exec(ctx.original.slice(m.index + m[0].length));
    if (note && m[1] && minorsSaid(note[0])) groupChildren = n(m[1]);
    // `30个小学生`: pupils below university are minors.
    else if (m[1] && /小学生|初中生|中学生|高中生/.test(m[0])) groupChildren = n(m[1]);
    // `又多了一个朋友`: added to a count (RX_ONE_MORE), not a count of its own.
    if (/(?:多了|再加|加了|又来了)$/.test(ctx.original.slice(Math.max(0, m.index - 3), m.index)))
      return false;
    const v = n(m[1] ?? m[2]);
    setTotal(v !== undefined ? v + (withWriter && m[1] ? 1 : 0) : undefined, m.index);
  });
  eachMatch(ctx, RX_ZH_WE_N, (m) => setTotal(n(m[1]), m.index));
  // `两对夫妻`: adults (children may come on top).
  eachMatch(ctx, RX_ZH_COUPLES, (m) => setAdults((n(m[1]) ?? 0) * 2, m.index));
  // `闺蜜俩`, `他们俩`, `我俩`: two people in all.
  eachMatch(ctx, RX_ZH_PAIR, (m) => setTotal(2, m.index));
  eachMatch(
    ctx,
    /(?<![\d一二两三四五六七八九十])(?:我)?(?:一个人|独自|自己一个人|单人(?!间|房|床)|独行|一人(?![\d均间\u25A1]))|就我一个人?|就我自己|只有我(?:自己)?(?!们|和|跟)/,
    (m) => {
      // 一个人4000, 4000块一个人: an amount per head, not a solo traveller.
      if (perHeadAmount(m.index + m[0].length, m.index)) return false;
      if (soloOrPerHead(m.index + m[0].length)) return false;
      if (/^\s*(?:带|领)/.test(ctx.text.slice(m.index + m[0].length))) soloAdult = true;
      else setTotal(1, m.index);
    },
  );
  if (/本人(?!和|与|及|携|带|陪)/.test(ctx.text)) soloHint = true;
  eachMatch(
    ctx,
    /情侣|夫妻|两口子|小两口|蜜月|我和(?:我的)?(?:老婆|老公|妻子|丈夫|爱人|对象|女朋友|男朋友|女友|男友|媳妇|朋友|同事|闺蜜|妈妈|爸爸|母亲|父亲|室友|同学|另一半)|和(?:我的)?(?:老婆|老公|妻子|丈夫|爱人|对象|女朋友|男朋友|女友|男友|媳妇|另一半)一起/,
    () => {
      couple = true;
      // Not consumed: the companion grammar below reads the same words.
      return false;
    },
  );
  eachMatch(
    ctx,
    /(?<![\d.])(\d{1,2}|[一二三四五六七八九十]{1,3})\s*(?:周)?岁(?:半)?(?:的)?(?:孩子|小孩|儿子|女儿|宝宝|男孩|女孩|娃)?/,
    (m) => {
      const age = n(m[1]);
      if (age === undefined || age > 17) return false;
      ages.push(age);
    },
  );
  if (/带(?:着)?(?:孩子|小孩|娃|宝宝|儿子|女儿)|亲子|遛娃/.test(ctx.text) && children === undefined)
    childrenUnknown = true;
  if (/我们|咱们|一家|全家|家人/.test(ctx.text)) we = true;

  // --- Counts stated in English ---
  eachMatch(ctx, RX_PARTY_6, (m) => {
    setAdults(n(m[1]) !== undefined ? n(m[1])! + extraAdults(m.index + m[0].length) : undefined, m.index);
  });
  eachMatch(ctx, RX_PARTY_7, (m) => {
    // `me and two kids`, `with two kids` are read by the companion grammar too; only the count here.
    // `a teen and a 9-year-old`: several single children add up.
    setChildren(n(m[1]), m.index);
    return false;
  });
  eachMatch(ctx, RX_EN_BOYS, (m) => {
    setChildren(n(m[1]), m.index);
    return false;
  });
  eachMatch(ctx, RX_PARTY_8, (m) => {
    // `an 18-month-old`: months give the age in whole years.
    const age = m[2] !== undefined ? Math.floor((n(m[2]) ?? 99) / 12) : n(m[1]);
    if (age === undefined || age > 17) return false;
    ages.push(age);
    // "a 5-year-old" is itself a child.
    const before = ctx.text.slice(Math.max(0, m.index - 8), m.index);
    if (
      /\b(?:a|an|one|and)\s+$/i.test(before) ||
      (children === undefined && /\b(?:our|my)\s+$/i.test(before))
    ) {
      children = (children ?? 0) + 1;
      childrenAt = m.index;
    }
  });
  eachMatch(
    ctx,
    /\b(?:aged?|ages)\s+(\d{1,2})(?:\s*(?:,|and|&)\s*(\d{1,2}))?(?:\s*(?:,|and|&)\s*(\d{1,2}))?/i,
    (m) => {
      for (const a of [m[1], m[2], m[3]]) if (a && Number(a) <= 17) ages.push(Number(a));
    },
  );
  // `kids are 4 and 7`, `our boys, 6 and 9`: ages listed after a plural child word.
  eachMatch(ctx, RX_AGE_LIST, (m) => {
    for (const a of [m[1], m[2], m[3]]) if (a && Number(a) <= 17) ages.push(Number(a));
    return false;
  });
  // `kids (8 and 11)`, `our daughter (6)`, `twins (7)`: ages in brackets after a child word.
  eachMatch(
    ctx,
    /(?:\b|grand)(?:kids|children|daughters?|sons?|twins|kid|child|teens?|teenagers?|one|ones)\s*\((\d{1,2})(?:\s*(?:,|and|&)\s*(\d{1,2}))?(?:\s*(?:,|and|&)\s*(\d{1,2}))?\)/i,
    (m) => {
      for (const a of [m[1], m[2], m[3]]) if (a && Number(a) <= 17) ages.push(Number(a));
      return false;
    },
  );
  eachMatch(ctx, RX_PARTY_9, (m) => setTotal(n(m[1]), m.index));
  eachMatch(ctx, RX_PARTY_10, (m) => {
    const before = ctx.text.slice(Math.max(0, m.index - 12), m.index);
    // `with three friends`, `me and 2 friends`: the writer comes too.
    const plusWriter =
      /friends|buddies|colleagues|coworkers|mates|classmates/i.test(m[0]) &&
      /\b(?:with|(?:me|myself)\s*(?:and|\+|&|plus))\s*$/i.test(before);
    const v = (n(m[1]) ?? 0) + (plusWriter ? 1 : 0);
    // `3 of us + a baby`, `2 adults plus 2 kids`: the children come on top of the count.
    const plus = RX_PLUS_CHILDREN.exec(ctx.text.slice(m.index + m[0].length, m.index + m[0].length + 24));
    const k = plus ? n(plus[1]) : undefined;
    if (k !== undefined && (plus![0].includes('+') || /plus/i.test(plus![0]) || /of us/i.test(m[0]))) {
      children ??= k;
      setTotal(v + k, m.index);
    } else setTotal(v, m.index);
  });
  eachMatch(ctx, RX_PARTY_11, (m) => setTotal(n(m[1]), m.index));
  eachMatch(ctx, RX_EN_WE_N, (m) => setTotal(n(m[1]), m.index));
  eachMatch(ctx, RX_EN_N_COMPANIONS, (m) => setTotal(n(m[1]), m.index));
  // `a mother-daughter trip`, `father and son weekend`: the two of them.
  eachMatch(ctx, RX_EN_PAIR_TRIP, (m) => {
    setTotal(2, m.index);
    return false;
  });
  eachMatch(ctx, RX_EN_COUPLES, (m) => setAdults((n(m[1]) ?? 0) * 2, m.index));
  // `the pair of us`: two, unless counted otherwise (`both of us and the kids`).
  if (RX_EN_PAIR_OF_US.test(ctx.text)) couple = true;
  // `a trio of us`, `we're a foursome`: a total.
  eachMatch(ctx, /\b(trio|threesome|quartet|foursome)\b/i, (m) =>
    setTotal(/^(?:trio|threesome)$/i.test(m[1]!) ? 3 : 4, m.index),
  );
  // `Family trip, 2+2`: adults plus children after a family word.
  eachMatch(ctx, RX_FAMILY_N_PLUS_N, (m) => {
    setAdults(n(m[1]), m.index);
    setChildren(n(m[2]), m.index);
    return false;
  });
  // `6 engineers plus me`, `two colleagues and myself`: N people and the writer.
  eachMatch(ctx, RX_EN_N_PLUS_ME, (m) => setTotal((n(m[1]) ?? 0) + 1, m.index));
  // `just us three`, `we two`: a total.
  eachMatch(ctx, RX_EN_US_N, (m) => setTotal(n(m[1]), m.index));
  eachMatch(ctx, RX_EN_ME_PLUS_N, (m) => {
    const v = n(m[1]);
    if (v === undefined) return false;
    setTotal(v + 1, m.index);
  });
  eachMatch(ctx, RX_EN_CHILDREN_OF_THEM, (m) => {
    setChildren(n(m[1]), m.index);
    return false;
  });
  eachMatch(ctx, RX_EN_WITH_N, (m) => {
    const v = n(m[1]);
    if (v === undefined) return false;
    if (/kids|children/i.test(m[0])) {
      children ??= v;
      return false;
    }
    setTotal(v + 1, m.index);
  });
  eachMatch(
    ctx,
    /\b(?:a\s+pair|(?:a|an|the)\s+(?:[a-z]+\s+)?couple(?!\s+of)|couple's|honeymoon|(?:my|our)\s+(?:wife|husband|partner|girlfriend|boyfriend|fianc[ée]e?|spouse)\s+and\s+(?:I|me)|(?:me|I)\s+and\s+my\s+(?:wife|husband|partner|girlfriend|boyfriend|fianc[ée]e?|spouse|friend|mom|mother|dad|father|sister|brother)|with\s+my\s+(?:wife|husband|partner|girlfriend|boyfriend|fianc[ée]e?|spouse)|two of us)\b/i,
    () => {
      couple = true;
      return false;
    },
  );
  // A bare `couple` in a list (`2 days, couple, luxury`); not `a couple of days`.
  eachMatch(ctx, /(?:^|[,;:\n-]|\b(?:a|as|for)\s)\s*couple\b(?!\s+of)(?!s)/i, () => {
    couple = true;
  });
  eachMatch(
    ctx,
    /\b(?:solo(?:travel(?:l?ers?)?)?(?!\s+(?:mom|mum|dad|parent|mother|father)\b)|alone|by (?:myself|herself|himself)|on (?:my|her|his) own|single[- ]person|single traveller|single traveler|a single person|one person|1 person|just me|myself only|for one)\b/i,
    (m) => {
      const after = ctx.text.slice(m.index + m[0].length);
      // `just me and my bestie`: the companions are counted below.
      if (/^\s*(?:and|&|\+)\s(?!\s*I\b|\s*I'm\b)/i.test(after) && /just me|only me/i.test(m[0])) return false;
      if (
        /^\s*,?\s*(?:with|and|\+)\s+(?:my\s+|our\s+|\w+\s+)?(?:kids?|children|child|sons?|daughters?|toddler|baby|twins)\b/i.test(
          after,
        )
      )
        soloAdult = true;
      else setTotal(1, m.index);
    },
  );
  if (/\b(?:single|solo|lone)\s+(?:mom|mum|dad|parent|mother|father)\b/i.test(ctx.original)) soloAdult = true;
  if (/\b(?:just|only)\s+(?:him|her)\s+and\s+(?:me|I)\b|\b(?:me|I)\s+and\s+(?:him|her)\b/i.test(ctx.text))
    setTotal(2, ctx.text.length);
  // `My boss needs 2 days ..., just him`: the one named, alone.
  eachMatch(ctx, /\b(?:just|only)\s+(?:him|her|them)(?:self|selves)?\b(?!\s+(?:and|&|\+|with))/i, (m) => {
    if (/them/i.test(m[0])) return false;
    setTotal(1, m.index);
  });
  // `Just the three of them`, `the 4 of us`: a total.
  eachMatch(ctx, new RegExp(String.raw`\bthe${SP}+${EN}${SP}+of${SP}+(?:us|them)\b`, 'i'), (m) =>
    setTotal(n(m[1]), m.index),
  );
  // `I live in Sacramento and want to drive to Portland`: a first-person singular traveller.
  if (
    /\bI(?:'ll|\s+will|'m|\s+am)?\s+(?:be\s+)?travell?ing\b|\bI\s+travel\b|\bfor\s+me\b(?!\s+and)|\bI(?:'m|\s+am)\s+(?:flying|driving|heading|going|taking\s+the\s+train)\b|\bI\b[^.!?,;]{0,30}?\b(?:want|plan|need|hope)\s+to\s+(?:go|drive|fly|visit|travel|see|take|spend|do)\b/i.test(
      ctx.text,
    )
  )
    soloHint = true;
  if (
    /\bwith\s+(?:our|my|the)?\s*(?:young\s+)?(?:kids|children|child|toddler|baby)\b/i.test(ctx.text) &&
    children === undefined
  )
    childrenUnknown = true;
  if (/\bwe\b|\bus\b|\bour\b|\bwe're\b|\bwe'd\b/i.test(ctx.text)) we = true;

  // `make that 2`, `改成4个`: a bare count correcting a party count stated before.
  eachMatch(ctx, RX_RECOUNT, (m) => {
    const prev = total;
    if (!prev || prev.at >= m.index || RX_LENGTH_WORD.test(ctx.original.slice(prev.at, m.index)))
      return false;
    setTotal(n(m[1] ?? m[2]), m.index);
  });
  // `后来又多了一个朋友`, `plus one more friend`: people added to a count stated before.
  eachMatch(ctx, RX_ONE_MORE, (m) => {
    const prev = total;
    const v = countOf(m[1] ?? m[2] ?? m[3]);
    if (!prev || prev.at >= m.index || v === undefined) return false;
    setTotal(prev.value + v, m.index);
  });

  // Forum shorthand for family members: `DH` (husband), `DW`, `DP`; `DS8`, `DD(5)` (son, daughter).
  for (const m of ctx.original.matchAll(globalRx(RX_FORUM_KIN))) {
    const age = m[2] ?? m[3];
    if (m[1] === 'DS' || m[1] === 'DD') {
      if (age !== undefined && Number(age) >= 18) forumAdults++;
      else {
        forumChildren++;
        if (age !== undefined) ages.push(Number(age));
      }
    } else forumAdults++;
  }

  if (RX_EN_MY_SO.test(ctx.original)) forumAdults++;

  // --- Forms: `人数: 3`, `Travelers: 4`, `Party size - 2` ---
  eachMatch(ctx, RX_FORM_COUNT, (m) => setTotal(n(m[1]), m.index));
  eachMatch(ctx, RX_FORM_ADULTS, (m) => setAdults(n(m[1]), m.index));
  eachMatch(ctx, RX_FORM_CHILDREN, (m) => setChildren(n(m[1]), m.index));

  // --- The companion grammar ---
  // A request made for others (`帮我爸妈规划`, `my parents want to visit`): the writer stays home.
  const forOthers =
    RX_WRITER_STAYS.test(ctx.original) ||
    ((RX_FOR_OTHERS.test(ctx.text) || RX_OTHERS_WANT_PLACE.test(ctx.text) || othersAsSubject(ctx.text)) &&
      !RX_WRITER_TRAVELS.test(ctx.text));
  const companions = readCompanions(ctx, forOthers);
  if (forumAdults + forumChildren > 0) {
    if (!companions.found) companions.adults = forOthers ? 0 : 1;
    companions.found = true;
    companions.adults += forumAdults;
    companions.children += forumChildren;
  }

  // --- Combine ---
  if (soloBeforeBudget !== undefined && total === undefined && adults === undefined)
    setTotal(1, soloBeforeBudget);
  // A group of minors, plus the specific children named beside it (`女儿想和两个同学`).
  if (groupChildren !== undefined)
    children = Math.min(total?.value ?? 50, groupChildren + companions.specificChildren);
  if (children === undefined && ages.length > 0) children = ages.length;
  if (children === undefined && companions.children > 0) children = companions.children;
  if (children !== undefined && companions.children > children && total === undefined && adults === undefined)
    children = companions.children;
  let a: number;
  let c = children ?? 0;
  let confidence = 0.95;
  if (adults !== undefined) {
    a = adults;
    if (children === undefined && total !== undefined && total.value > adults) c = total.value - adults;
  } else if (total !== undefined) {
    const t = total.value;
    a = Math.max(1, t - c);
    if (t - c < 1) c = Math.max(0, t - 1);
  } else if (soloAdult) {
    a = 1;
    c = Math.max(c, 1);
  } else if (companions.found) {
    a = companions.adults;
    c = Math.max(c, companions.children);
    confidence = 0.9;
    // `we ... our 3 kids`: the writer and a partner.
    if (a === 1 && c > 0 && we && !forOthers) {
      a = 2;
      confidence = 0.6;
    }
  } else if (couple) {
    a = 2;
  } else if (children !== undefined || childrenUnknown) {
    c = children ?? 1;
    a = we ? 2 : 1;
    confidence = 0.5;
    ctx.notes.push(
      ctx.lang === 'zh'
        ? `未说明大人人数，暂按${a}位大人、${c}个孩子。`
        : `The number of adults is not given; assumed ${a} adult(s) and ${c} child(ren).`,
    );
  } else if (soloHint && !we) {
    a = 1;
    confidence = 0.7;
  } else {
    return { adults: 1, children: 0, childAges: [], confidence: 0.3, found: false };
  }
  if (childrenUnknown && children === undefined && total !== undefined && adults === undefined)
    confidence = 0.8;
  return { adults: a, children: c, childAges: ages.slice(0, c), confidence, found: true };
}

interface Companions {
  found: boolean;
  /** The writer included. */
  adults: number;
  children: number;
  /** Children named by a specific word (`女儿`, `son`), not a generic one (`孩子`). */
  specificChildren: number;
}

/** The writer plus the relations named as companions; see the module comment. */
function readCompanions(ctx: ParseContext, forOthers: boolean): Companions {
  const text = ctx.text;
  /** Each relation named, with its count and where it was last named. */
  const seen = new Map<string, Relation & { count: number; at: number }>();
  const add = (
    word: string,
    table: Record<string, Relation>,
    count: number | undefined,
    at: number,
  ): void => {
    const lower = word.toLowerCase();
    const key = table[lower] ? lower : (GRAND_PLURALS[lower] ?? lower.replace(/s$/, ''));
    const r = table[key];
    if (!r) return;
    const people = count ?? r.people;
    const prev = seen.get(key);
    if (!prev || people > prev.count)
      seen.set(key, { ...r, count: people, at: Math.max(at, prev?.at ?? -1) });
    else prev.at = Math.max(prev.at, at);
  };
  /** Relations written side by side after one (`爷爷奶奶`, `老婆孩子`) are companions too. */
  const chain = (from: number, first: string): void => {
    let prev = ZH_RELATIONS[first];
    for (let at = from; ;) {
      const m = RX_ZH_NEXT.exec(text.slice(at, at + 12));
      if (!m) return;
      const r = ZH_RELATIONS[m[1]!];
      // `双胞胎女儿`, `孩子儿子`: a child word right after a child word names the same children.
      if (!(r?.child && prev?.child && m[0] === m[1])) add(m[1]!, ZH_RELATIONS, undefined, at);
      prev = r;
      at += m[0].length;
    }
  };
  for (const m of text.matchAll(globalRx(RX_ZH_COMPANION))) {
    const word = m[2]!;
    // `爸爸妈妈加一个小朋友` opening a clause: the writer is one of the parents.
    if (
      PARENT_PAIRS.has(word) &&
      /^[,、]$/.test(m[0].slice(0, 1)) &&
      m[0].length === word.length + 1 &&
      RX_PLUS_CHILD_ZH.test(ctx.original.slice(m.index + m[0].length, m.index + m[0].length + 8))
    ) {
      add(word, ZH_RELATIONS, 1, m.index);
      continue;
    }
    // `我朋友推荐了成都`, `我同事去过`: an adult relation quoted, not travelling.
    if (
      !ZH_RELATIONS[word]?.child &&
      RX_ZH_STAYS_AFTER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 8))
    )
      continue;
    add(word, ZH_RELATIONS, countOf(m[1]), m.index);
    chain(m.index + m[0].length, word);
  }
  for (const m of text.matchAll(globalRx(RX_ZH_LIST_HEAD))) add(m[1]!, ZH_RELATIONS, undefined, m.index);
  for (const m of text.matchAll(globalRx(RX_EN_LIST_HEAD))) add(m[1]!, EN_RELATIONS, undefined, m.index);
  for (const m of text.matchAll(globalRx(RX_ZH_SUBJECT))) {
    add(m[1]!, ZH_RELATIONS, undefined, m.index);
    chain(m.index + m[0].length, m[1]!);
  }
  // The people a plan is made for travel (`给爷爷奶奶安排`), and with `forOthers` any `给我爸妈`.
  for (const m of text.matchAll(globalRx(forOthers ? RX_ZH_FOR_WHOM : RX_ZH_PLAN_FOR))) {
    add(m[1]!, ZH_RELATIONS, undefined, m.index);
    chain(m.index + m[0].length, m[1]!);
  }
  for (const m of text.matchAll(globalRx(RX_ZH_CHILD))) add(m[1]!, ZH_RELATIONS, undefined, m.index);
  for (const m of text.matchAll(globalRx(RX_MIXED_COMPANION))) add(m[1]!, EN_RELATIONS, undefined, m.index);
  for (const m of text.matchAll(globalRx(RX_EN_ZH_COMPANION))) add(m[1]!, ZH_RELATIONS, undefined, m.index);
  /** A relation only mentioned (`my grandfather grew up in Kyoto`): a later `He, my mother and I` brings it back. */
  let mentioned: { word: string; count: number | undefined; at: number } | undefined;
  for (const m of text.matchAll(globalRx(RX_EN_COMPANION))) {
    const end = m.index + m[0].length;
    // `my dog is staying with my brother`, `a friend just got back from there`: not travelling.
    if (RX_EN_STAYS_BEFORE.test(text.slice(Math.max(0, m.index - 24), m.index))) continue;
    if (RX_EN_STAYS_AFTER.test(text.slice(end, end + 40))) continue;
    if (RX_EN_ELSEWHERE_AFTER.test(ctx.original.slice(end, end + 40))) {
      mentioned = { word: m[2]!.toLowerCase(), count: countOf(m[1]), at: m.index };
      continue;
    }
    const word = m[2]!.toLowerCase();
    add(word === 'children' ? 'child' : word, EN_RELATIONS, countOf(m[1]), m.index);
  }
  // `My grandfather grew up in Kyoto ... He, my mother and I will go`: the pronoun travels.
  if (mentioned) {
    const pronoun = RX_EN_PRONOUN_IN_LIST.exec(ctx.original);
    if (pronoun && pronoun.index > mentioned.at)
      add(mentioned.word, EN_RELATIONS, mentioned.count, pronoun.index);
  }
  // A misspelt relation after `my`/`our` (`my parnets`, `my brother`).
  for (const m of text.matchAll(globalRx(RX_EN_MY_WORD))) {
    const w = m[1]!.toLowerCase();
    if (EN_RELATIONS[w] || EN_RELATIONS[w.replace(/s$/, '')] || RX_EN_ADJECTIVE.test(w)) continue;
    const near = nearRelation(w);
    if (near) add(near, EN_RELATIONS, undefined, m.index);
  }
  // `孩子不去了`, `她来不了了`, `my sister can't come`: a relation named, then dropped (a pronoun
  // drops the relation named last before it).
  for (const m of ctx.original.matchAll(globalRx(RX_DROPPED))) {
    const word = (m[1] ?? m[2] ?? m[3] ?? '').toLowerCase();
    const key = ZH_RELATIONS[word] || EN_RELATIONS[word] ? word : word.replace(/s$/, '');
    if (seen.has(key)) {
      seen.delete(key);
      continue;
    }
    let last: string | undefined;
    for (const [k, r] of seen) if (r.at < m.index && (!last || r.at > seen.get(last)!.at)) last = k;
    if (last && RX_PRONOUN.test(word)) seen.delete(last);
  }
  // `孩子放爷爷奶奶家`, `不带孩子`: left at home.
  for (const m of ctx.original.matchAll(globalRx(RX_ZH_LEFT_HOME))) seen.delete(m[1] ?? m[2] ?? '');
  // `my son (24)`, `女儿（她已经25岁了）`, `a 30-year-old daughter`: grown-up children are adults.
  for (const re of [RX_GROWN_CHILD_AFTER, RX_GROWN_CHILD_BEFORE, RX_CHILD_WITH_PARTNER])
    for (const m of ctx.original.matchAll(globalRx(re))) {
      const word = (m[1] ?? m[2] ?? '').toLowerCase();
      const r = seen.get(word) ?? seen.get(word.replace(/s$/, ''));
      if (r?.child) {
        r.child = false;
        r.generic = false;
      }
    }
  // `my nephew (7)`, `my 10-year-old sister`, `8岁的侄女`: a relation with a child's age is a child.
  for (const re of [RX_MINOR_AFTER, RX_MINOR_BEFORE])
    for (const m of ctx.original.matchAll(globalRx(re))) {
      const word = (m[1] ?? m[2] ?? '').toLowerCase();
      const key = seen.has(word) ? word : word.replace(/s$/, '');
      const r = seen.get(key);
      if (r && !r.child && r.people === 1 && !r.withWriter) {
        r.child = true;
        r.generic = false;
      }
    }
  if (seen.size === 0) return { found: false, adults: 1, children: 0, specificChildren: 0 };
  // `my parents: my mom and dad`: a pair word and its members name the same people.
  for (const [pair, members] of PAIRS)
    if (seen.has(pair) && members.some((w) => seen.has(w))) for (const w of members) seen.delete(w);
  let adults = 0;
  let specificChildren = 0;
  let genericChildren = 0;
  let withWriter = false;
  for (const r of seen.values()) {
    if (r.withWriter) withWriter = true;
    if (r.plusChild) specificChildren += 1;
    if (!r.child) adults += r.count;
    else if (r.generic) genericChildren = Math.max(genericChildren, r.count);
    else specificChildren += r.count;
  }
  const children = specificChildren > 0 ? specificChildren : genericChildren;
  return {
    found: true,
    adults: Math.max(1, adults + (withWriter || forOthers ? 0 : 1)),
    children,
    specificChildren,
  };
}

/** An English relation one edit or one swap away from `w` (same first letter, five letters or more). */
function nearRelation(w: string): string | undefined {
  if (w.length < 5) return undefined;
  for (const r of EN_RELATION_KEYS)
    if (r[0] === w[0] && Math.abs(r.length - w.length) <= 1 && oneEdit(r, w)) return r;
  return undefined;
}

/** Whether `a` and `b` differ by one insertion, deletion, substitution or swap of neighbours. */
function oneEdit(a: string, b: string): boolean {
  if (a === b) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const ra = a.slice(i);
  const rb = b.slice(i);
  return (
    ra.slice(1) === rb.slice(1) ||
    ra.slice(1) === rb ||
    ra === rb.slice(1) ||
    (ra.length >= 2 && ra[0] === rb[1] && ra[1] === rb[0] && ra.slice(2) === rb.slice(2))
  );
}

function countOf(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const v = parseSmallNumber(raw === '俩' ? '两' : raw === '仨' ? '三' : raw);
  return v !== undefined && v >= 1 && v <= 20 ? v : undefined;
}

const globalCache = new Map<RegExp, RegExp>();
function globalRx(re: RegExp): RegExp {
  let g = globalCache.get(re);
  if (!g) {
    g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
    globalCache.set(re, g);
  }
  g.lastIndex = 0;
  return g;
}

/** Words for two people, and the words for each of them. */
const PAIRS: [string, string[]][] = [
  ['parents', ['mom', 'mum', 'mother', 'dad', 'father']],
  ['grandparents', ['grandma', 'grandpa', 'grandmother', 'grandfather', 'granny', 'gran', 'nana']],
  // `帮我爸妈订……两个老人`: the two old people are the parents.
  ['爸妈', ['爸爸', '妈妈', '老爸', '老妈', '爸', '妈', '父亲', '母亲', '老人']],
  ['父母', ['爸爸', '妈妈', '老爸', '老妈', '爸', '妈', '父亲', '母亲', '老人']],
];

// Patterns built from the pieces above, compiled once.
const ZH_RELATION_WORDS = byLength(ZH_RELATIONS);
/** English relation words of five letters or more, singular and plural: the targets of a typo. */
const EN_RELATION_KEYS = Object.keys(EN_RELATIONS)
  .filter((w) => w.length >= 4 && /^[a-z]+$/.test(w))
  .flatMap((w) => [w, `${w}s`]);
const RX_EN_ADJECTIVE = new RegExp(`^(?:${EN_ADJECTIVES})$`);
const RX_EN_MY_WORD = /\b(?:my|our)\s+([a-z]{5,13})\b/i;
/** Plurals the `-s` rule does not undo. */
const GRAND_PLURALS: Record<string, string> = { grandchildren: 'grandchild', children: 'child' };
/** An English relation opening a `+` list: `wife + me + baby`. */
const RX_EN_LIST_HEAD = new RegExp(
  String.raw`(?:^|[\s,:;(])(${byLength(EN_RELATIONS)})(?=${SP}*(?:[+&]|and${SP}+(?:I|me|(?:my${SP}+)?(?:${byLength(EN_RELATIONS)}))\b))`,
  'i',
);
/** A relation left at home: `孩子放爷爷奶奶家`, `娃留在家`, `不带孩子`, `老公不去`. */
const RX_ZH_LEFT_HOME = new RegExp(
  String.raw`(${ZH_RELATION_WORDS})(?:就|先|都)?(?:放|留|托|寄放)(?:在|给)?[^,.!?，。！？]{0,6}家|不(?:带|用带)(?:上|着)?(?:我的?|家里的?)?(${ZH_RELATION_WORDS})`,
);
const RX_PRONOUN = /^(?:他|她|他们|她们|he|she|they)$/i;
/** A relation or pronoun that no longer travels: `孩子不去了`, `她来不了`, `my brother can't come`. */
const RX_DROPPED = new RegExp(
  String.raw`(?:(${ZH_RELATION_WORDS}|他们|她们|他|她)(?:俩)?(?:就|也|又|还是|最后)?(?:不(?:去|来|跟着?去|一起去|同行)了|(?:去|来)不了)` +
    String.raw`|\b(?:my\s+|our\s+)?(${byLength(EN_RELATIONS)}|he|she|they)\s+(?:can(?:no|['’])t|won['’]t|will\s+not|isn['’]t|is\s+not|aren['’]t|are\s+not)\s+(?:be\s+)?(?:come|coming|make\s+it|join(?:ing)?|travell?ing|going)\b` +
    String.raw`|\b(?:my\s+|our\s+)?(${byLength(EN_RELATIONS)}|he|she|they)\s+(?:dropped|pulled|backed)\s+out\b)`,
  'i',
);
const CHILD_WORDS = String.raw`儿子|女儿|闺女|孩子|孙子|孙女|外孙女?|sons?|daughters?|kids?|child|boys?|girls?|grandsons?|granddaughters?`;
/** A child word with a grown-up age after it: `my son (24)`, `女儿（她已经25岁了）`, `son is 30`. */
const RX_GROWN_CHILD_AFTER = new RegExp(
  String.raw`(${CHILD_WORDS})(?:${SP}*[(（])?[^.!?。;\n]{0,8}?(?:(?:今年|已经|现在)?(?:大[一二三四]|上大学|读大学|大学生|研究生|读研|工作了|上班了|成年了)|(?:\bis|'s|turned|aged?|今年|已经|都)${SP}*(?<!\d)(?:1[89]|[2-9]\d)(?!\d)|(?<!\d)(?:1[89]|[2-9]\d)${SP}*(?:岁|years?${SP}+old|yo\b|y\/o|[)）]))`,
  'i',
);
/** A child with a partner of their own: `my son and his wife`, `女儿和女婿`. */
const RX_CHILD_WITH_PARTNER = new RegExp(
  String.raw`\b(sons?|daughters?)${SP}+(?:and|&)${SP}+(?:his|her|their)${SP}+(?:wife|husband|partner|fianc[ée]e?|girlfriend|boyfriend|spouse)|(儿子|女儿)(?:和|跟|与|、)(?:儿媳|媳妇|女婿|他老婆|她老公)`,
  'i',
);
/** A child word with a grown-up age before it: `a 30-year-old son`, `25岁的女儿`. */
const RX_GROWN_CHILD_BEFORE = new RegExp(
  String.raw`(?<!\d)(?:1[89]|[2-9]\d)(?:[- ]years?[- ]old${SP}+|岁的?)(${CHILD_WORDS})`,
  'i',
);
/** A relation with a child's age after it: `my nephew (7)`, `妹妹（12岁）`, `my sister, aged 9`. */
const RX_MINOR_AFTER = new RegExp(
  String.raw`(${ZH_RELATION_WORDS}|\b(?:${byLength(EN_RELATIONS)}))${SP}*(?:[(（]|,${SP}*aged?${SP}+)${SP}*(?:age${SP}+|aged${SP}+|she's${SP}+|he's${SP}+)?(?<!\d)(1[0-7]|[1-9])(?!\d)${SP}*(?:岁|yo)?${SP}*(?:[)）]|(?=[,.;]|$))`,
  'i',
);
/** A relation with a child's age before it: `my 10-year-old sister`, `8岁的侄女`. */
const RX_MINOR_BEFORE = new RegExp(
  String.raw`(?<!\d)(?:1[0-7]|[1-9])(?:[- ]years?[- ]old${SP}+|岁(?:半)?的)(?:(?:little|younger|baby)${SP}+)?(${ZH_RELATION_WORDS}|(?:${byLength(EN_RELATIONS)})\b)`,
  'i',
);
/** Forum shorthand (upper case only): `DH`, `DW`, `DP`, `DS8`, `DD(5)`. */
const RX_FORUM_KIN = /(?<![/\-.])\b(DH|DW|DP|DS|DD)(?:(\d{1,2})|\s?\((\d{1,2})\))?(?![A-Za-z/\-.])/g;
/** Words for one's two parents. */
const PARENT_PAIRS = new Set(['爸爸妈妈', '爸妈', '父母', '老爸老妈']);
/** A child added to a list: `加一个小朋友`, `+娃`, `带两个孩子`. */
const RX_PLUS_CHILD_ZH = new RegExp(
  String.raw`^\s*(?:加|\+|带|和)(?:上|着)?\s*(?:${ZN}\s*(?:个|位|名)?)?\s*(?:小孩子?|孩子|小朋友|娃|宝宝|儿子|女儿)`,
);
/** The next relation in a row of them: `爷爷奶奶`, `老婆、孩子`, `爸妈和我弟`. */
const RX_ZH_NEXT = new RegExp(String.raw`^(?:和|跟|与|、|及|以及|还有)?(?:我的?)?(${ZH_RELATION_WORDS})`);
/** A relation opening a clause as the one who wants to travel: `爸妈想去桂林`, `我妈打算去云南`. */
const RX_ZH_SUBJECT = new RegExp(
  String.raw`(?:^|[\s,.!?;:，。！？；])(?:我的?)?(${ZH_RELATION_WORDS})(?=(?:${ZH_RELATION_WORDS}|和|、)*(?:俩|们)?(?:都|也)?(?:很|一直|特别)?(?:想|要|打算|准备|计划)(?:去|到|出去))`,
);
/** The people a plan is made for: `给爷爷奶奶安排`, `帮我妈规划` (they travel). */
const RX_ZH_PLAN_FOR = new RegExp(
  String.raw`(?:帮|给|为|替)(?:我的?)?(${ZH_RELATION_WORDS})(?=(?:${ZH_RELATION_WORDS}|俩|们|和|、)*[^，。,.]{0,4}(?:规划|安排|计划|设计|定|订|找|看看))`,
);
/** A Chinese relation after an English determiner: `my 奶奶`, `with my 老公`. */
const RX_EN_ZH_COMPANION = new RegExp(
  String.raw`\b(?:my|our|with|and)\s*(?:my\s*)?(${ZH_RELATION_WORDS})`,
  'i',
);
/** A Chinese relation quoted as a source, not a traveller: `朋友推荐`, `同事去过`, `表姐住在那边`. */
const RX_ZH_STAYS_AFTER = /^(?:之前|上次|去年|以前)?(?:推荐|建议|告诉|去过|住在|在那边|在那儿|说那边|说那里)/;
/** Where a named relation stays home: `staying with my brother`, `left the dog with my mom`. */
const RX_EN_STAYS_BEFORE =
  /\b(?:stay(?:s|ing)?|liv(?:e|es|ing)|left|leav(?:e|es|ing)|drop(?:ping)?\s+\w+\s+off)\s+with\s+$/i;
/** A named relation doing something other than travelling: `a friend just got back`, `my sister said`. */
const RX_EN_STAYS_AFTER =
  /^\s+(?:just\s+)?(?:got\s+back|came\s+back|went|visited|lived|loved|has\s+(?:been|visited|gone)|had\s+been|swears\s+by|recommends|(?:are|is|will\s+be)\s+staying|stays?\s+(?:home|behind)|(?:are|is)\s+not\s+coming|recommended|suggested|said|says|told|lives\s+(?:in|there)|is\s+staying|will\s+(?:look\s+after|watch|feed|mind|take\s+care)|is\s+(?:looking\s+after|watching|minding))\b/i;
/** A relation opening a `+` list: `老公+我+两个娃`. */
const RX_ZH_LIST_HEAD = new RegExp(
  String.raw`(?:^|[\s,:;])(${ZH_RELATION_WORDS})(?=\s*(?:[+&和跟、]|,\s*(?:我的?)?(?:${ZH_RELATION_WORDS})))`,
);
/** The people a request is made for: `帮我爸妈规划`, `给公婆安排`. */
const RX_ZH_FOR_WHOM = new RegExp(
  String.raw`(?:帮|给|为|替)(?:我们|我的?)?(?:部门|公司|单位|团队|家)?的?(${ZH_RELATION_WORDS})`,
);
const RX_ZH_PAIR = new RegExp(
  String.raw`(?:他们|她们|咱们?|我们?|母女|父子|母子|父女|姐弟|兄妹|姐妹|兄弟|爷孙|祖孙|婆媳|娘儿?|爷儿?|${ZH_RELATION_WORDS})俩(?!人)`,
);
/** Children on top of a count: `+ a baby`, `plus 2 kids`, `and a toddler`. */
const RX_PLUS_CHILDREN = new RegExp(
  String.raw`^${SP}*(?:\+|plus|and|&)${SP}*${EN}${SP}+(?:bab(?:y|ies)|toddlers?|infants?|kids?|child(?:ren)?)\b`,
  'i',
);
/**
 * Partners: a partner's wish (`我老婆一直想去看海`, `my wife wants to see Rome`) is a trip the writer
 * makes with them, not one planned for others.
 */
const PARTNERS = new Set(
  '老婆 老公 妻子 丈夫 爱人 对象 女朋友 男朋友 女友 男友 媳妇 先生 太太 另一半 男票 女票 伴侣 wife husband partner girlfriend boyfriend fiance fiancé fiancee fiancée spouse hubby wifey gf bf missus'.split(
    ' ',
  ),
);
const EN_NON_PARTNERS = Object.keys(EN_RELATIONS)
  .filter((w) => !PARTNERS.has(w) && !/^(?:other|better) half$|^significant other$/.test(w))
  .sort((a, b) => b.length - a.length)
  .join('|');
/** A relation other than a partner opening a clause as the one who wants to travel (`爸妈想去桂林`). */
function othersAsSubject(text: string): boolean {
  for (const m of text.matchAll(globalRx(RX_ZH_SUBJECT))) if (!PARTNERS.has(m[1]!)) return true;
  return false;
}
/** A request written for other travellers (the writer does not come). */
const RX_FOR_OTHERS = new RegExp(
  String.raw`(?:帮|给|为|替)(?:我的?)?(?:${ZH_RELATION_WORDS}|他|她)(?:俩|们)?(?:[^，。,.]{0,4})(?:规划|安排|计划|设计|做|定|订|弄|找|看看)|他们|她们|\b(?:plan(?:ning)?|trip|itinerary|holiday|vacation|something|getaway|organi[sz]e|organi[sz]ing|book|booking|arrange|arranging)\b[^.!?\n]{0,24}\bfor\s+my\b|\bon\s+behalf\s+of\b|(?:^|[.!?:]\s*)for\s+(?:my|our|a|an)\s+[^.!?:\n]{0,30}:|\bmy\s+(?:${EN_NON_PARTNERS}|kids|children|friends)\b[^.!?]{0,40}\b(?:wants?|would like|are|is|plans?|hopes?|will\s+be|needs?)\s+(?:to|going|planning|thinking|taking|bringing|travell?ing|flying|heading|visiting|\d|a|an|some)\b|\bthey(?:'d|'re|\s+want|\s+would|\s+will|\s+are|\s+plan)\b`,
  'i',
);
/** `My son and his girlfriend want Barcelona`: a relation who wants a place by name (case-sensitive). */
const RX_OTHERS_WANT_PLACE = new RegExp(
  String.raw`\b[Mm]y\s+(?:${EN_NON_PARTNERS}|kids|children|friends)\b[^.!?]{0,40}\bwants?\s+(?:to\s+see\s+)?[A-Z]`,
);
/** The writer says they stay home: `我不去`, `I'm not going`, `I won't be travelling`. */
const RX_WRITER_STAYS =
  /我(?:就|自己|本人)?不(?:去|跟着?去|同行|一起去)|我是[^，。,.]{0,10}(?:秘书|助理)|\bI(?:'m|\s+am)\s+(?:the|a|an|his|her|their|our)\s+(?:PA|EA|(?:personal|executive)\s+assistant|assistant|secretary)\b|我(?:就)?不跟|\bI(?:'m|\s+am)\s+not\s+(?:going|coming|travell?ing|joining)\b|\bI\s+(?:won't|will\s+not)\s+be\s+(?:going|coming|travell?ing|joining)\b|\bI(?:'m|\s+am)\s+(?:just|only)\s+(?:organi[sz]ing|booking|planning|arranging)\b|\bwithout\s+me\b|\bnot\s+for\s+me\b/i;
/** The writer is one of the travellers (`我们`, `我和`, `we`, `me and`). */
const RX_WRITER_TRAVELS =
  /我们|我也(?:去|跟着)|\btag(?:ging)?\s+along\b|\bcoming\s+along\b|咱们|咱俩|我俩|我和|我跟|我带|我陪|我也|和我|跟我|带我|陪我|我一个人|\bme\s*[,+&]|[+&]\s*(?:me|I)\b|\b(?:we|we're|we'd|us|me\s+and|and\s+(?:me|I)|(?:I'll|I\s+will)(?!\s+(?:pay|cover|foot|fund|book|sort|handle|organi[sz]e|arrange|be\s+paying|be\s+covering|take\s+care))|I'm\s+(?:going|taking|travell?ing)|I\s+want|myself|with\s+me|(?<!\b(?:are|is)\s+)taking\s+my)\b/i;
/** Words that correct what was said before (`scratch that`, `actually`, `改成`, `不对`). */
const RX_CORRECTION =
  /scratch\s+that|actually|correction|make\s+(?:it|that)\b|instead|no\s+wait|\bsorry\b|change\s+of\s+plan|改成|改为|不对|更正|算了|其实|又多了|还要加/i;
/** `2A1C`, `2A+1C`, `2A 2C`, `3A`: adults and children in shorthand; not a `5A` scenic rating. */
const RX_SHORT_AC = new RegExp(
  String.raw`(?<![A-Za-z0-9])(\d{1,2})${SP}*A(?:${SP}*\+?${SP}*(\d{1,2})${SP}*C)?(?![A-Za-z0-9级景])` +
    // `2a1c` in lower case only with both counts.
    String.raw`|(?<![A-Za-z0-9])(\d{1,2})a\+?(\d{1,2})c(?![A-Za-z0-9])`,
);
/** An adult companion after a count (see `extraAdults`). */
/** A relation (with its count) at the end of a text, joined to what follows by 和/、 or nothing. */
const RX_RELATION_AT_END = new RegExp(
  String.raw`(?:${ZN}\s*(?:个|位|名)?\s*)?(${byLength(ZH_RELATIONS)})\s*[和跟与、及]?$`,
);
/** Relations inside a household (a spouse, the child's parent): counted by `一家三口` itself. */
const HOUSEHOLD_WORD =
  /^(?:老婆|老公|妻子|丈夫|爱人|对象|女朋友|男朋友|女友|男友|媳妇|先生|太太|另一半|伴侣|老伴|家属|妻|.*[他她娃](?:爸|妈)|孩子(?:爸爸?|妈妈?))$/;
const RX_PLUS_ADULTS = new RegExp(
  String.raw`^\s*(?:\+|plus\b|and\b|&|加上?|外加|再加|还有)\s*(?:(?:my|our)\s+|我的?)?(?:${ZN}\s*(?:个|位|名)?\s*|${EN}\s+)?(${byLength(ZH_RELATIONS)}|(?:${byLength(EN_RELATIONS)})s?\b)`,
  'i',
);
const RX_PARTY_1 = new RegExp(String.raw`${ZN}\s*大\s*${ZN}\s*小`);
const RX_PARTY_2 = new RegExp(String.raw`(?<!\d)${ZN}\s*(?:个|位|名)?\s*(?:大人|成人|成年人)`);
const RX_EACH_FAMILY = new RegExp(
  String.raw`${ZN}\s*(?:家人|家|个家庭)[,，\s]*(?:各自?|每家(?:人)?|每个家庭)(?:都)?(?:带|有)?(?:了)?\s*${ZN}\s*(?:个|位|名)?\s*(?:小孩子?|孩子|儿童|小朋友|娃娃?|宝宝|孩)` +
    String.raw`|\b${EN}${SP}+families${SP}*,?${SP}*(?:each${SP}+(?:with|bringing|has|having)|with${SP}+(?:each|one)${SP}+(?:kid|child)${SP}+each|with)${SP}+${EN.replace('(', '(an?|')}${SP}+(?:kids?|children|child)(?:${SP}+each)?\b(?!${SP}*(?:in${SP}+total|total|altogether|combined|between${SP}+them))`,
  'i',
);
const RX_PARTY_3 = new RegExp(
  String.raw`(?<!\d)${ZN}\s*(?:个|位|名)?\s*(?:是|为)?(?:小孩子?|孩子|儿童|小朋友|娃娃?|宝宝|儿子|女儿|孩)`,
);
/** `一家三口`, `九口人`, `五口之家`: a household counted in mouths. */
const RX_PARTY_4 = new RegExp(String.raw`一家\s*${ZN}\s*口|${ZN}\s*口(?:人|之家)`);
const RX_PARTY_5 = new RegExp(
  String.raw`(?<![\d.])${ZN}\s*(?:个)?\s*(?:人|位)(?!均|间|房|床|座|份|民|次|生|物|数|左右的|以上|\s*带)(?:出行|同行|一起|结伴|自由行|出游|游)?`,
);
/** `3名员工`, `4个女生`, `两个学生`, `一行5人`: a group counted by a word for its members. */
const RX_ZH_GROUP = new RegExp(
  String.raw`(?<![\d.])${ZN}\s*(?:个|位|名)?\s*(?:员工|小学生|初中生|中学生|高中生|大学生|研究生|学生|女生|男生|同事|同学|朋友|伙伴|小伙伴|驴友|成员)(?!们)|一行\s*${ZN}\s*(?:人|位)?`,
);
/** `我们仨`, `我们四个`, `我们两个学生`. */
const RX_ZH_WE_N = new RegExp(
  String.raw`(?:我们|咱们|我们是)\s*(?:一共|共)?\s*${ZN}(?:个(?:人)?)?(?![天日晚月号岁小大对家口\d])`,
);
const RX_ZH_COUPLES = new RegExp(String.raw`${ZN}\s*对\s*(?:夫妻|情侣|夫妇|小夫妻)`);
const RX_PARTY_6 = new RegExp(
  String.raw`\b${EN}${SP}+(?:adults?|adluts?|aduts?|adlts?|grown-?ups|(?<!\b(?:my|our|his|her|their)${SP}+\w+${SP}+)(?:grand)?parents)\b`,
  'i',
);
const RX_PARTY_7 = new RegExp(
  String.raw`\b${EN}${SP}+(?:young${SP}+|little${SP}+|small${SP}+)?(?:children|kids|child|kid|toddlers?|infants?|newborns?|bab(?:y|ies)|little ones|sons?|daughters?|teens?|teenagers?|grandkids?|grandchildren|grandchild|grand(?:son|daughter)s?)\b`,
  'i',
);
const RX_AGE_LIST = new RegExp(
  String.raw`\b(?:kids|children|boys|girls|sons|daughters|twins|grandkids|grandchildren)(?:${SP}+(?:are|aged?)|${SP}*[,:\-]|${SP}+(?=\d))${SP}*(\d{1,2})${SP}*(?:,|and|&)${SP}*(\d{1,2})(?:${SP}*(?:,|and|&)${SP}*(\d{1,2}))?(?!${SP}*(?:days?|nights?|weeks?|hours?|am|pm|:|\d|%))`,
  'i',
);
const RX_PARTY_8 = new RegExp(
  String.raw`\b${EN}(?:[- ](?:year|yr)s?[- ]olds?\b|${SP}*(?:yo|y\/o|y\.o\.)(?![A-Za-z]))|\b(\d{1,2})[- ]months?[- ]old\b`,
  'i',
);
const RX_PARTY_9 = new RegExp(
  String.raw`\b(?:group|party|fami?l+i?y|fam|team|total|delegation)${SP}+of${SP}+${EN}\b`,
  'i',
);
const RX_PARTY_10 = new RegExp(
  String.raw`\b${EN}(?:${SP}+(?:people|persons|person|travell?ers?|individuals|guests|pax|ppl|of us|friends|buddies|colleagues|coworkers|employees|staff(?:${SP}+members)?|students|women|men|ladies|gentlemen|guys|lads|blokes|gals|chaps|mates|retirees|seniors|pensioners)|${SP}*(?:pax|ppl|ppls|persons|people))\b`,
  'i',
);
const RX_PARTY_11 = new RegExp(
  String.raw`\bfor\s+(two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\b(?=\s*(?:[,.?!;]|$|departing|leaving|starting|from|to\b|heading|travell?ing|with|who|and|,))`,
  'i',
);
/** `We are 3`, `we're four`, `we will be 5`: a total after a first-person plural. */
const RX_EN_WE_N = new RegExp(
  String.raw`\b(?:we${SP}+are|we're|we${SP}+will${SP}+be|we'll${SP}+be|we${SP}+would${SP}+be|there${SP}+are|there'll${SP}+be)${SP}+(?:(?:a${SP}+(?:group|party|family)${SP}+of)${SP}+)?(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\b(?!${SP}*(?:days?|nights?|weeks?|hours?|kids|children|adults|couples|families|groups|of${SP}+us|am|pm|:|\.\d))`,
  'i',
);
/** A bare count after a correction: `make that 2`, `make it three people`, `改成4个人`. */
const RX_RECOUNT = new RegExp(
  String.raw`\bmake${SP}+(?:it|that)${SP}+(two|three|four|five|six|seven|eight|nine|ten|\d{1,2})(?!${SP}*(?:days?|nights?|weeks?|hours?|stars?|cities|am|pm|[:\d]|\.\d|k\b|grand))` +
    String.raw`|(?:改成|改为|变成)${ZN}(?:个人|个|人|位)(?![天日晚夜])`,
  'i',
);
/** A trip length between a count and its correction: the correction is then about the days. */
const RX_LENGTH_WORD = /days?|nights?|weeks?|天|晚|日/i;
/** People added on top: `又多了一个朋友`, `再加两个人`, `plus one more friend`, `2 more people are joining`. */
const RX_ONE_MORE = new RegExp(
  String.raw`(?:又多了|多了|还要加|再加|又加了|又来了)${ZN}(?:个|位|名)?(?:人|朋友|同事|同学)` +
    String.raw`|\b(?:plus|add(?:ing)?)${SP}+(one|two|three|an?|\d)${SP}+more\b` +
    String.raw`|\b(one|two|three|an?|\d)${SP}+more${SP}+(?:person|people|friends?|adults?|travell?ers?)${SP}+(?:is|are|will${SP}+be|might${SP}+be)?${SP}*(?:joining|coming)\b`,
  'i',
);
/** `our two boys`, `with 3 girls`: children when a parent's word comes first. */
const RX_EN_BOYS = new RegExp(
  String.raw`\b(?:our|my|with|his|her)${SP}+${EN}${SP}+(?:little${SP}+)?(?:boys|girls)\b`,
  'i',
);
/** A request opening with its travellers: `Three girlfriends, ...`, `We are two sisters`. */
const RX_EN_N_COMPANIONS = new RegExp(
  String.raw`(?:^|[.!?;:(\n]${SP}*|\bwe(?:'re|${SP}+are)${SP}+)(two|three|four|five|six|seven|eight|nine|ten|\d{1,2})${SP}+(?:(?:old|best|close|retired|young)${SP}+)?(?:friends|girlfriends|boyfriends|sisters|brothers|cousins|colleagues|coworkers|mates|buddies|pals|girls|guys|lads|siblings)\b(?!${SP}+of)`,
  'i',
);
/** `mother-daughter trip`, `father and son weekend`: two relations making one trip. */
const RX_EN_PAIR_TRIP = new RegExp(
  String.raw`\b(?:mother|mom|mum|father|dad|sister|brother|grandma|grandpa|grandmother|grandfather|aunt|uncle)(?:-|${SP}+and${SP}+|${SP}*&${SP}*)(?:daughter|son|sister|brother|granddaughter|grandson|niece|nephew|mother|mom|mum|father|dad)${SP}+(?:[a-z]+${SP}+)?(?:trip|getaway|holiday|vacation|weekend|adventure|break)\b`,
  'i',
);
const RX_EN_COUPLES = new RegExp(String.raw`\b${EN}${SP}+couples\b`, 'i');
/** A form's party field with a bare number: `人数: 3`, `Travelers - 4`, `Party size: 2`. */
const RX_FORM_COUNT = new RegExp(
  String.raw`(?:人数|人员|出行人数|同行人数|travell?ers|people|party(?:${SP}+size)?|group(?:${SP}+size)?|how${SP}+many|pax|guests)${SP}*(?:[:：\-|]|\|${SP}*[:：])${SP}*${EN}(?:${SP}*(?:人|位|people|persons|pax))?${SP}*(?=$|\n|[,;。，|])`,
  'im',
);
/** A form's adults or children field: `Adults: 2`, `成人：2`, `Kids | 3`, `儿童：1（5岁）`. */
const RX_FORM_ADULTS = new RegExp(
  String.raw`(?:^|\n|[|;,.])${SP}*(?:adults?|grown-?ups|成人|大人|成年人)${SP}*[:：|\-]${SP}*${EN}(?=${SP}*(?:$|\n|[,;.。，|(（]))`,
  'im',
);
const RX_FORM_CHILDREN = new RegExp(
  String.raw`(?:^|\n|[|;,.])${SP}*(?:kids?|children|child|minors|儿童|小孩|孩子)${SP}*[:：|\-]${SP}*${EN}(?=${SP}*(?:$|\n|[,;.。，|(（]))`,
  'im',
);

/** A count after its word: `成人2 儿童1`, `大人：3`, `老人1` (not `孩子3岁`, `大人2天`). */
const RX_ZH_COUNT_AFTER = new RegExp(
  String.raw`(?=[成大老儿小孩])(?<![\d一二两三四五六七八九十俩仨个位名])(成人|大人|成年人|老人|儿童|小孩|孩子|小朋友)${SP}*[:：]?${SP}*(\d{1,2}|[一二两三四五六七八九十])(?:个|位|名)?(?!\d|${SP}*(?:岁|周岁|天|日|晚|夜|号|月|年|点|口|[.]\d)|(?:个|位|名)?(?:小孩|孩子|儿童|小朋友|大人|成人|老人|人|娃|宝宝)|(?:个|位|名)?(?:\d{1,2}|[一二两三四五六七八九十]{1,3})?${SP}*(?:岁|周岁))`,
);
/** `the pair of us`, `both of us`, `the two of us`: two adults. */
const RX_EN_PAIR_OF_US = /\b(?:the\s+pair\s+of\s+us|both\s+of\s+us|the\s+two\s+of\s+us|us\s+two)\b/i;
/** `me + 2`, `me plus 3`: the writer and N others (not `me + 2 days`). */
const RX_EN_ME_PLUS_N = new RegExp(
  String.raw`\bme${SP}*(?:\+|plus)${SP}*(\d{1,2}|${EN_NUMBER_WORDS})\b(?!${SP}*(?:days?|nights?|weeks?|hours?|kids?|children|bab(?:y|ies)|[:\d]))`,
  'i',
);
/** A partner in forum shorthand after a possessive: `my SO`, `with my SO` (upper case only). */
const RX_EN_MY_SO = /\b(?:my|our|with)\s+SO\b/;
/** `the kids (two of them, ...)`, `kids - three of them`: the count of a plural child word. */
const RX_EN_CHILDREN_OF_THEM = new RegExp(
  String.raw`\b(?:kids|children|boys|girls|sons|daughters|grandkids|grandchildren)${SP}*[(,\-–—]${SP}*${EN}${SP}+of${SP}+them\b`,
  'i',
);
/**
 * A group with its leaders: `32个学生加3个老师`, `12个队员（都是大学生）加1个教练`, `16 players
 * (U14) and 3 coaches`, `12 students (aged 14-15) plus 2 teachers`. Members, a note, leaders.
 */
const ZH_MEMBERS =
  '小学生|初中生|中学生|高中生|大学生|研究生|学生|同学|队员|球员|学员|营员|孩子|小孩|小朋友|运动员|团员';
const ZH_LEADERS = '带队老师|老师|教练|领队|家长|辅导员|教师|导游';
const EN_MEMBERS =
  'students|pupils|players|kids|children|scouts|campers|athletes|swimmers|dancers|singers|members|teens|teenagers|juniors';
const EN_LEADERS =
  'teachers?|coach(?:es)?|chaperones?|leaders?|parents?|adults?|staff|supervisors?|instructors?';
const RX_GROUP_WITH_LEADERS = new RegExp(
  String.raw`(?=[\d一二两三四五六七八九十俩仨])(?<![\d.])${ZN}${SP}*(?:个|位|名)?${SP}*(${ZH_MEMBERS})([(（][^)）]{0,24}[)）])?${SP}*(?:加上?|和|跟|及|外加|还有|另有|带|\+|,|，|、)${SP}*${ZN}${SP}*(?:个|位|名)?${SP}*(?:${ZH_LEADERS})` +
    String.raw`|\b${EN}${SP}+(?:[a-z]+${SP}+)?(${EN_MEMBERS})${SP}*(\([^)]{0,24}\))?${SP}*(?:,|and|&|\+|plus|with)${SP}+${EN}${SP}+(?:[a-z]+${SP}+)?(?:${EN_LEADERS})\b`,
  'i',
);
/** Words saying the members of a group are minors: a school grade, an age under 18, `U14`. */
const RX_MINORS =
  /初[一二三]|初中|小学|中学生|高[一二三](?!铁)|高中|未成年|(?<!\d)(?:[1-9]|1[0-7])\s*(?:-\s*1[0-7]\s*)?岁|\bU\s?1[0-8]\b|\bunder[- ]1[0-8]s?\b|\bage[ds]?\s+(?:[1-9]|1[0-7])\b|\bminors?\b|\b(?:high|middle|primary|secondary|elementary)\s+school\b|\bgrade\s+\d\b|\byear\s+\d{1,2}s?\b|\bteen(?:age|s|agers?)?\b/i;
/** Words saying they are grown-ups: `大学生`, `university`, `adults`. */
const RX_GROWN_UPS =
  /大学生|研究生|成年人|都是大人|\b(?:university|uni|college)\s+(?:students|kids|team|players|mates)\b|\bgrown[- ]?ups?\b|\bover\s+18\b|\ball\s+adults\b/i;
/** A named relation located or quoted elsewhere: `my cousin in Bogota`, `grandparents were from Lima`. */
const RX_EN_ELSEWHERE_AFTER =
  /^\s+(?:was|were)\s+(?:originally\s+)?from\b|^(?:'s|\s+(?:is|are|was|were))\s+(?:over\s+in|based\s+in|back\s+in|living\s+in|at\s+home)\b|^\s+(?:are|is|will\s+be|stay(?:s|ing)?)\s+(?:staying\s+)?(?:at\s+)?home\b|^\s+(?:in\s+[A-Z][\w ]{0,20}?\s+)?(?:keeps?|kept|grew\s+up|used\s+to|passed\s+away|moved)\b/;
/** `Family trip, 2+2`, `家庭出游 2+1`: adults plus children after a family word. */
const RX_FAMILY_N_PLUS_N =
  /(?:\bfamily|家庭|亲子|一家)[^,.;\n\d]{0,14}?[,:：，\s]\s*([1-9])\s*\+\s*([1-9])(?![\d.%])(?!\s*(?:days?|nights?|天|晚|日))/i;
/** `6 engineers plus me`, `3 colleagues and myself` (not `my wife, our 2 boys and me`: a list). */
const RX_EN_N_PLUS_ME = new RegExp(
  String.raw`\b(?<!(?:\b(?:our|my|the|his|her)|,)${SP}*)${EN}${SP}+(?:[a-z]+${SP}+)?[a-z]+s${SP}*(?:plus|and|\+|&)${SP}*(?:me|myself)\b`,
  'i',
);
/** `just us three`, `we two`. */
const RX_EN_US_N = new RegExp(
  String.raw`\b(?:us|we)${SP}+(two|three|four|five|six|seven|eight)\b(?!${SP}*(?:days?|nights?|weeks?|of\b))`,
  'i',
);
/** A pronoun in a list of travellers with the writer: `He, my mother and I`, `she and I will go`. */
const RX_EN_PRONOUN_IN_LIST =
  /\b(?:he|she|they)\s*(?:,|and|&)\s*(?:(?:my|our)\s+[a-z-]+\s*(?:,|and|&)\s*)*(?:I|me)\b(?!')/i;
