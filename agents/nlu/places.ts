/**
 * Origin, destinations and "N cities in a region": gazetteer mentions, each given a role by the
 * words around it (`从成都出发`, `到杭州旅行`, `departing from Kansas City`, `to Paris`,
 * `2 cities in Texas`, `云南三个城市`).
 */
import type { PlaceRef } from '../schemas/trip-request.js';
import type { ParseContext } from './context.js';
import type { GazetteerPlace, PlaceMention } from './gazetteer.js';
import { daySegments, endsWithDayMark, endsWithDayVisit } from './day-plan.js';
import { regionName } from './gazetteer.js';
import { EN_NUMBER_WORDS, parseSmallNumber } from './text.js';

export interface PlacesFinding {
  origin?: PlaceRef;
  destinations: PlaceRef[];
  region?: { name: string; cityCount: number };
  /** Confidence of origin, destinations, region. */
  confidence: { origin: number; destinations: number };
  /** The region's city count came from the text (not assumed). */
  regionCountGiven: boolean;
}

type Role = 'origin' | 'destination' | undefined;

interface Scored {
  m: PlaceMention;
  role: Role;
  strong: boolean;
  /** Role from a clear marker (从, 到, from, to) rather than from position. */
  marked: boolean;
  /** Named only to be given up (`本来想去青岛`, `not Dublin anymore`). */
  dropped?: boolean;
  /** Named in a clause about the past or the writer's life (`去年去过青岛`, `I run a cafe in Leeds`). */
  aside?: boolean;
}

const ZH_FOLLOW_OK =
  /^(?:$|[^\p{Script=Han}]|[出旅玩游去到的市省县州人和与及、待住呆看逛吃过转飞坐乘回返往方站机周附一两三四五六七八九十几个等地为是了吧呢啊这那呀哦吗耶啦咯喔呗噢哟嘞哇咧城附有哈嘛还然工生上读开自泡避躲浪各进不挺很]|自由行|本地|当地|亲子|攻略)/u;
const ZH_ORIGIN_BEFORE = /(?:从|由|自|出发地(?:是|为)?|出发城市(?:是|为)?|起点(?:是|为)?|始发地)\s*$/;
const ZH_ORIGIN_AFTER = /^\s*(?:市)?\s*(?:出发|启程|动身|起飞|始发)/;
/** Where the writer is now: `人在成都`, `我现在在深圳`, `我这边是武汉`, `坐标北京`, `现居武汉`, `楼主在重庆`. */
const ZH_HOME =
  /(?:(?:我|我们|咱们|他们|她们|人|家|住|现|楼主|其实|目前|现在)(?:俩|仨|两个人?|三个人?|一家(?:人|三口|四口)?|全家)?(?:现在|目前|其实|人|现再|现)?(?:再在|在|再)|我这边是|我们这边是|我这里是|坐标|现居|常驻|base在|\u25A1+(?:现在|目前)?在)\s*$/;
const ZH_DEST_BEFORE =
  /(?:到|去|往|至|飞|赴|游|逛|玩|抵达|前往|飞往|去往|目的地是?|目的地为|目的城市(?:是|为)?|想去|要去|来|游览|参观|打卡|转|去一?趟|去一下|决定|改成|改到|换成|加一站|再加|加上|还是)\s*(?:那个|这个)?\s*$/;
const ZH_DEST_AFTER =
  /^\s*(?:市)?\s*(?:怎么样|咋样|如何|好不好|行不行|可以吗|旅行|旅游|游玩|玩|游|自由行|之旅|度假|出差|看看|逛逛|待|呆|住|过|转转|走走|进(?!行)|[\d一二两三四五六七八九十]+\s*(?:日|天|晚)|的[\d一二两三四五六七八九十]+\s*(?:日|天)|的?(?:旅行|行程|攻略))/;
const ZH_RETURN_BEFORE = /(?:回到?|返回)\s*$/;
/** `train back to London`, `fly home to Leeds`: the way home. */
const EN_RETURN_BEFORE = /\b(?:back|home|return(?:ing)?)\s+(?:home\s+)?to\s+$/i;
/** `London, which is where we start from`: the origin named before it is said to be one. */
const EN_ORIGIN_AFTER =
  /^\s*,?\s*(?:which\s+is\s+|that's\s+|that\s+is\s+)?where\s+(?:we|I)(?:'re|'m|\s+are|\s+am)?\s+(?:start|starting|set\s+off|leave|leaving|live|based|fly(?:ing)?\s+(?:out\s+)?from)\b/i;
const ZH_LINK = /^\s*(?:到|至|去|飞往?|→|->|—|-|~|—>|>|=>|⇒|➡️?)\s*$/;
const ZH_AND = /^\s*(?:和|与|及|、|,|\+|以及|然后再?去|再去|再到|然后到|再飞|转|->|→|-|>|=>|⇒)\s*$/;
/** A correction or a second thought right after a place: `青岛还是烟台`, `Savannah? no`. */
const DROP_AFTER =
  /^\s*(?:了)?\s*(?:(?:[?？]|\.{2,}|…+)\s*(?:no\b|not\b|actually|wait|不|算了|还是)|还是|(?:but|,\s*but)\s+(?:changed|then)|anymore\b|不去了|就?算了|就不去了)/i;
/** A place given up: `本来想去青岛`, `不去南京了`, `not Dublin anymore`, `I wanted Barcelona but`. */
const DROP_BEFORE =
  /(?:本来|原来|原本|本想|原计划|不去|不想去|不要去|别去|避开|不从|不再从|not|instead\s+of|rather\s+than|wanted|planned|skip)\s*(?:想|要|打算)?\s*(?:去|到|to|visit|going\s+to)?\s*$/i;
/**
 * Words that ask for a place as a sight to see (`一定要去泰山`, `宏村必去`) or a place to skip
 * (`鼓浪屿就算了`, `skip Hallstatt`), as opposed to a change of plan (`本来想去青岛`).
 */
const MUST_BEFORE =
  /(?:必去|必须要?去|一定要去|一定得去|必看|一定要看|必打卡|(?:想|要)爬|must[- ](?:see|visit|do))\s*[:：]?\s*$/i;
const MUST_AFTER = /^\s*(?:也|都)?(?:必去|必须要?去|一定要去|一定得去|必看|is\s+a\s+must)/i;
const AVOID_BEFORE = /(?:不想去|不要去|别去|避开|不去|skip|avoid|not\s+interested\s+in)\s*$/i;
const AVOID_AFTER = /^\s*(?:就|也)?(?:算了|不去了|免了|不用去了|不想去)/;

/** Correction words: when several origins are marked, the last one after such a word wins. */
const CORRECTION =
  /不对|更正|改一下|说错|其实|算了|actually|wait|no\s+wait|scratch\s+that|correction|instead|changed/i;

const EN_ORIGIN_BEFORE =
  /(?:\b(?:I'm|I\s+am|Im|we're|we\s+are|she's|he's|she\s+is|he\s+is|they're|we\s+live|I\s+live|currently|staying)\s+(?:currently\s+|now\s+|staying\s+|living\s+|based\s+)?in\s+(?:the\s+)?$)|\b(?:origin(?:\s+city)?\s*:?|coming\s+from|from|leaving|leave|departing|depart|departs|start(?:s|ing)?(?:\s+(?:in|at|from))?|originat(?:e|es|ing)\s+(?:in|from)|setting\s+off\s+from|set\s+off\s+from|taking\s+off\s+from|based\s+in|live\s+in|living\s+in|flying\s+out\s+of|out\s+of|beginning\s+in|begin\s+in|home\s+in)\s+(?:the\s+)?(?:city\s+of\s+)?$/i;
const EN_DEST_BEFORE =
  /\b(?:destinations?\s*:?|check\s+out|do|hit|fancy|thinking(?:\s+about|\s+of)?|planning|want|add|adding|meant|try|to|into|visit|visiting|visits|explore|exploring|in|at|towards?|reach|covering|cover|tour|touring|see|around|across|ending\s+in|end\s+in|ending\s+at|stopping\s+in|venturing\s+into|trip\s+to|vacation\s+in|holiday\s+in|fly\s+to|go\s+to|heading\s+to|head\s+to|and|then)\s+(?:the\s+)?(?:city\s+of\s+)?$/i;
/** A verb of wishing or planning right before a place. */
const EN_WISH_BEFORE =
  /\b(?:thinking(?:\s+about|\s+of)?|planning|considering|fancy|want(?:ing)?(?:\s+to\s+do)?)\s+$/i;
const EN_LINK = /^\s*(?:to|-|–|—|->|→|>|=>|⇒|➡️?)\s*$/i;
const EN_AND = /^\s*(?:,|and|,\s*and|then|&|\/|\+|->|→|>|=>|⇒|-|–)\s*$/i;
/** `Kyoto for 5 days`, `Paris, 3 days`: a place followed by a length is a destination. */
const EN_DEST_AFTER =
  /^\s*(?:,\s*)?(?:first\b|for\s+(?:a|an|the|like|about|around|\d|\u25A1|one|two|three|four|five|six|seven|eight|nine|ten|a\s+few|a\s+week|same)|\d{1,2}\s*(?:days?|nights?))/i;

/**
 * A clause about the past or about the writer's life, not about this trip: its places are neither
 * origin nor destination (`年轻时去过桂林`, `经常出差去新加坡`, `We've done Rome in past years`,
 * `I moved from Leeds to York years ago`, `I run a cafe in Bath`).
 */
const ASIDE_ZH =
  /去过|来过|到过|玩过|住过|待过|前年|去年|上次|以前|之前|年轻时|小时候|经常|常常|每年都|读的|读过|念的|上的大学|工作过|(?:一般|通常|平时|每年)都?回/;
const ASIDE_ZH_NOT = /没|未|从不|第一次|这次|今年/;
/** `my cousin in Bogota`, `my wife's from Osaka`, `my best mate lives in Berlin`: where someone else is. */
const RELATIVE_AT = String.raw`\b(?:my|our|his|her|their)\s+(?:\w+\s+)?(?:cousins?|brothers?|sisters?|mum|mom|mother|dad|father|parents|grandparents|grandma|grandpa|nan|friends?|mates?|aunt|uncle|relatives|in-laws|sons?|daughters?|colleagues?|boss|family|wife|husband|partner|girlfriend|boyfriend|folks)(?:(?:'s|\s+(?:is|was|were|are))(?:\s+(?:over|originally|now|currently|still|back))*\s+(?:from|in)|(?:\s+(?:lives?|living|stays?|moved))?(?:\s+(?:over|now|currently|still|back))*\s+in)\s`;
const ASIDE_EN = new RegExp(
  String.raw`\b(?:(?:'ve|have|has|had)\s+(?:already\s+)?been\s+to|been\s+to\s+\S+(?:\s+\S+)?\s+(?:twice|before|already|a\s+bunch|(?:a\s+few|several|many)\s+times)|(?:I|we|they)(?:'ve|\s+have)\s+(?:done|visited|seen)|past\s+years|last\s+(?:year|summer|winter|spring|time)|years?\s+ago|moved|grew\s+up|was\s+born|used\s+to|went\s+to|(?:I|we)\s+(?:run|own|work|teach|manage)\b|just\s+got\s+back|\b(?:lived|studied)\s+(?:in|at)\b|${RELATIVE_AT})`,
  'i',
);
const ASIDE_EN_NOT =
  /\b(?:never\s+been|(?:haven't|have\s+not|hasn't|not)\s+been|this\s+(?:time|year|summer)|first\s+time)\b/i;
/** Clause breaks for the aside test. */
const RX_CLAUSE_BREAK = /[。！？!?;；\n,，]|\.(?:\s|$)/g;

/** Spoken fillers between the words of a route (`Paris and then uh Amsterdam`, `去那个呃大连`). */
const FILLERS = /\b(?:uh+|um+|erm|er|like)\b|[嗯呃]/gi;
const unfill = (s: string): string => s.replace(FILLERS, ' ').replace(/ {2,}/g, ' ');

/**
 * Whether each clause of `text` is an aside, by clause: `asideAt(index)` answers for the clause
 * around `index`. The clauses are found once per text.
 */
function asides(text: string): (index: number) => boolean {
  const ends: number[] = [];
  for (const m of text.matchAll(RX_CLAUSE_BREAK)) ends.push(m.index);
  ends.push(text.length);
  const verdicts = new Map<number, boolean>();
  return (index) => {
    let k = 0;
    while (ends[k]! < index) k++;
    let v = verdicts.get(k);
    if (v === undefined) {
      const clause = text.slice(k > 0 ? ends[k - 1]! + 1 : 0, ends[k]);
      v =
        (ASIDE_ZH.test(clause) && !ASIDE_ZH_NOT.test(clause)) ||
        (ASIDE_EN.test(clause) && !ASIDE_EN_NOT.test(clause));
      verdicts.set(k, v);
    }
    return v;
  };
}

/** Whether the country or region `outer` holds the city `inner`. */
function holds(outer: GazetteerPlace, inner: GazetteerPlace): boolean {
  if (inner.kind !== 'city' || outer.kind === 'city' || outer.country !== inner.country) return false;
  return outer.kind === 'country' || inner.region === outer.zh || inner.regionEn === outer.en;
}

const COUNT_ZH = String.raw`(\d{1,2}|[一二两三四五六七八九十])\s*(?:个|座)\s*(?:不同的?)?\s*(?:城市|地方|市)`;
const COUNT_EN = String.raw`\b(\d{1,2}|${EN_NUMBER_WORDS})\s+(?:different\s+|distinct\s+|separate\s+|unique\s+|other\s+|major\s+)?cities\b`;

export function placeRef(ctx: ParseContext, p: GazetteerPlace, surface: string): PlaceRef {
  const useZh = ctx.lang === 'zh' && !!p.zh;
  const region =
    p.kind === 'city' ? (p.country === 'CN' ? (p.region ?? null) : (p.regionEn ?? p.region ?? null)) : null;
  return {
    name: useZh ? p.zh! : p.en || surface,
    nameEn: p.en || null,
    nameZh: p.zh,
    country: p.country,
    region,
  };
}

/** Word boundaries of the jieba segmentation, when a segmenter is there. */
function boundaries(ctx: ParseContext): Set<number> | undefined {
  if (!ctx.segmenter) return undefined;
  const set = new Set<number>([0]);
  let pos = 0;
  for (const w of ctx.segmenter.cut(ctx.text)) {
    pos += w.length;
    set.add(pos);
  }
  return set;
}

function isHan(s: string): boolean {
  return /\p{Script=Han}/u.test(s);
}

/** Picks, among same-name candidates, the one coherent with the other places named. */
function resolveCandidates(mentions: PlaceMention[]): void {
  const unambiguousCountries = new Set(
    mentions.filter((m) => m.candidates.length === 1).map((m) => m.country),
  );
  for (const m of mentions) {
    if (m.candidates.length < 2) continue;
    const coherent = m.candidates.find((c) => unambiguousCountries.has(c.country));
    if (coherent && coherent !== m.place) choose(m, coherent);
  }
}

function choose(m: PlaceMention, p: GazetteerPlace): void {
  m.place = p;
  m.kind = p.kind;
  m.country = p.country;
  m.nameEn = p.en;
  m.nameZh = p.zh;
  m.region = regionName(p);
}

export function extractPlaces(ctx: ParseContext): PlacesFinding {
  const text = ctx.text;
  const bounds = boundaries(ctx);
  const mentions = ctx.gazetteer.findMentions(text);
  resolveCandidates(mentions);

  // "N cities in X", "X state", "云南三个城市": the region reading of a name.
  let count: number | undefined;
  const countZh = RX_PLACES_1.exec(text);
  const countEn = RX_PLACES_2.exec(text);
  if (countZh) count = parseSmallNumber(countZh[1]!);
  else if (countEn) count = parseSmallNumber(countEn[1]!);
  for (const m of mentions) {
    const after = text.slice(m.end, m.end + 8);
    const before = text.slice(Math.max(0, m.start - 40), m.start);
    const regionCandidate = m.candidates.find((c) => c.kind === 'region');
    if (!regionCandidate || m.place.kind === 'region') continue;
    if (
      /^\s*(?:state|州)\b/i.test(after) ||
      /\bcities\s+(?:in|across|of|around|throughout)\s+(?:the\s+state\s+of\s+)?$/i.test(before)
    )
      choose(m, regionCandidate);
  }

  const scored: Scored[] = mentions.map((m) => {
    let strong = true;
    if (isHan(m.surface)) {
      strong = ZH_FOLLOW_OK.test(text.slice(m.end, m.end + 3));
      if (bounds && !(bounds.has(m.start) && (bounds.has(m.end) || /^[市省县州]/.test(text.slice(m.end)))))
        strong = false;
    }
    return { m, role: undefined, strong, marked: false };
  });

  const asideAt = asides(text);
  const dayPlan = daySegments(ctx.original).length > 0;
  for (let i = 0; i < scored.length; i++) {
    const s = scored[i]!;
    const { m } = s;
    const lineStart = Math.max(text.lastIndexOf('\n', m.start - 1) + 1, m.start - 40);
    const before = unfill(text.slice(lineStart, m.start));
    const after = text.slice(m.end, m.end + 12);
    if (DROP_BEFORE.test(before) || DROP_AFTER.test(after)) {
      s.dropped = true;
      continue;
    }
    if (asideAt(m.start)) {
      s.aside = true;
      continue;
    }
    // `第4天乌镇`, `Day 2: Kyoto`, `第5天从乌镇直接回武汉`: a day's stop (not `第一天：北京到承德`).
    if (
      dayPlan &&
      endsWithDayMark(ctx.original.slice(lineStart, m.start)) &&
      !/^\s*(?:到|至|去|飞|→|->|-|—|to\b)/i.test(after)
    ) {
      s.role = 'destination';
      s.marked = true;
      continue;
    }
    // `three weeks based in Rome`: the base of a stay is where the trip goes.
    if (
      /\b(?:days?|nights?|weeks?|fortnight|months?)\s+based\s+in\s+(?:the\s+)?$/i.test(
        ctx.original.slice(lineStart, m.start),
      )
    )
      s.role = 'destination';
    // Either script's markers: mixed requests put Chinese names after English words and back.
    else if (ZH_ORIGIN_BEFORE.test(before) || ZH_ORIGIN_AFTER.test(after) || EN_ORIGIN_BEFORE.test(before))
      s.role = 'origin';
    else if (ZH_HOME.test(before) && !ZH_DEST_AFTER.test(after)) s.role = 'origin';
    else if (ZH_DEST_BEFORE.test(before) || ZH_DEST_AFTER.test(after)) s.role = 'destination';
    else if (
      ZH_RETURN_BEFORE.test(before) ||
      EN_RETURN_BEFORE.test(before) ||
      EN_ORIGIN_AFTER.test(text.slice(m.end, m.end + 60))
    )
      s.role = 'origin';
    // `Thinking Melbourne to Adelaide`: a route after a verb of wishing starts at the first place.
    else if (EN_WISH_BEFORE.test(before) && /^\s*(?:to|->|→|–|—)\s/i.test(after) && scored[i + 1])
      s.role = 'origin';
    else if (EN_DEST_BEFORE.test(before) || EN_DEST_AFTER.test(after)) s.role = 'destination';
    // `Kyoto for 5 days` with the length already read: a clause that opens with a place.
    else if (!isHan(m.surface) && /(?:^|[.!?\n:]\s*)$/.test(before) && /^\s*\u25A1/.test(after))
      s.role = 'destination';
    s.marked = s.role !== undefined;
  }
  // 去日本北海道, 去湘西凤凰古城, 去云南的昆明: a place written right after a destination narrows it.
  for (let i = 0; i + 1 < scored.length; i++) {
    const a = scored[i]!;
    const b = scored[i + 1]!;
    const gap = text.slice(a.m.end, b.m.start);
    if (a.role === 'destination' && b.role === undefined && /^的?$/.test(gap) && isHan(b.m.surface)) {
      b.role = 'destination';
      b.marked = true;
    }
  }
  // "北京到上海", "Boston to Denver", "郑州—开封—洛阳": the first is the origin; "去北京和上海": both
  // destinations. "杭州 乌镇 2日": two Chinese names with only a space between read as from and to.
  for (let i = 0; i + 1 < scored.length; i++) {
    const a = scored[i]!;
    const b = scored[i + 1]!;
    if (a.dropped || b.dropped || a.aside || b.aside) continue;
    const between = unfill(text.slice(a.m.end, b.m.start));
    // `Vietnam north to south, Hanoi -> Hue`: a route inside the country to visit starts there.
    if (
      a.role === undefined &&
      scored.some((r, j) => j < i && r.role === 'destination' && holds(r.m.place, a.m.place))
    )
      a.role = 'destination';
    const link =
      ZH_LINK.test(between) ||
      EN_LINK.test(between) ||
      (/^ +$/.test(between) && isHan(a.m.surface) && isHan(b.m.surface));
    if (link && a.role !== 'destination') {
      a.role ??= 'origin';
      b.role ??= 'destination';
    } else if (link && a.role === 'destination' && b.role === undefined && !/^ +$/.test(between)) {
      b.role = 'destination';
    } else if (
      // `Beijing 3 days, Shanghai 3 days`: a list of destinations, each with its length (masked).
      (ZH_AND.test(between) || EN_AND.test(between.replace(/^\s*\u25A1+/, ''))) &&
      a.role === 'destination' &&
      b.role === undefined
    ) {
      b.role = 'destination';
    }
  }
  // "Paris, London and Rome": the names listed before a destination are destinations too.
  for (let i = scored.length - 2; i >= 0; i--) {
    const a = scored[i]!;
    const b = scored[i + 1]!;
    const between = unfill(text.slice(a.m.end, b.m.start));
    if (
      !a.aside &&
      a.role === undefined &&
      b.role === 'destination' &&
      (ZH_AND.test(between) || EN_AND.test(between)) &&
      a.strong
    )
      a.role = 'destination';
  }
  // A place given up anywhere is given up everywhere (`想去南京 ... 不去南京了，去扬州`), also when
  // the clause reader took it as a place to avoid.
  const given = new Set(scored.filter((s) => s.dropped).map((s) => s.m.place));
  for (const name of ctx.constraints.attractions.exclude)
    for (const p of ctx.gazetteer.lookup(name)) if (p.kind === 'city') given.add(p);
  for (const s of scored) if (given.has(s.m.place) && s.role === 'destination') s.dropped = true;
  // A place of a past trip named again as a destination (`西安前年去过了，改去宜昌`) is given up too,
  // unless it is the only destination left.
  const past = new Set(scored.filter((s) => s.aside).map((s) => s.m.place));
  const kept = scored.filter((s) => s.role === 'destination' && !s.dropped && !s.aside);
  if (kept.some((s) => !past.has(s.m.place))) for (const s of kept) if (past.has(s.m.place)) s.dropped = true;
  // 去马来西亚，吉隆坡和槟城各玩几天: cities of a country or region to visit, named after it.
  for (const s of scored) {
    if (s.role !== undefined || s.aside || s.dropped || !s.strong) continue;
    if (
      scored.some(
        (r) => r.m.start < s.m.start && r.role === 'destination' && !r.dropped && holds(r.m.place, s.m.place),
      )
    )
      s.role = 'destination';
  }

  sightsInRegion(ctx, scored, dayPlan);

  const usable = scored.filter((s) => (s.strong || s.marked) && !s.dropped && !s.aside);
  const origins = usable.filter((s) => s.role === 'origin');
  // Several origins (`she is visiting from Taipei ... we go from Melbourne to Sydney`): the one
  // that opens a route to a destination.
  if (origins.length > 1) {
    const routed = origins.find((o) => {
      const next = usable.find((u) => u.m.start > o.m.start);
      return (
        !!next &&
        next.role === 'destination' &&
        (ZH_LINK.test(text.slice(o.m.end, next.m.start)) || EN_LINK.test(text.slice(o.m.end, next.m.start)))
      );
    });
    if (routed && routed !== origins[0])
      origins.splice(origins.indexOf(routed), 1).forEach((o) => origins.unshift(o));
  }
  // Several origins after a correction word (`从成都出发。不对，从昆明出发`): the last one.
  if (origins.length > 1) {
    const last = origins.at(-1)!;
    const between = text.slice(origins[0]!.m.end, last.m.start);
    if (last.m.place !== origins[0]!.m.place && CORRECTION.test(between)) origins.unshift(last);
  }
  let dests = usable.filter((s) => s.role === 'destination');
  let destConfidence = 0.95;
  if (dests.length === 0) {
    dests = usable.filter(
      (s) => s.role === undefined && s.strong && (origins.length === 0 || s.m.start > origins[0]!.m.start),
    );
    if (dests.length === 0) dests = usable.filter((s) => s.role === undefined && s.strong);
    destConfidence = 0.6;
  }
  const originS = origins[0];
  const finding: PlacesFinding = {
    destinations: [],
    confidence: { origin: originS ? (originS.marked ? 0.95 : 0.7) : 0, destinations: 0 },
    regionCountGiven: count !== undefined,
  };
  if (originS) finding.origin = placeRef(ctx, originS.m.place, originS.m.surface);

  // Destinations: cities in order, without repeats or the origin; regions and countries become the region
  // unless a named city lies inside them.
  const cities: Scored[] = [];
  const regions: Scored[] = [];
  for (const s of dests) {
    if (originS && s.m.place === originS.m.place && dests.length > 1) continue;
    if (s.m.place.kind === 'city') {
      if (!cities.some((c) => c.m.place === s.m.place)) cities.push(s);
    } else if (!regions.some((r) => r.m.place === s.m.place)) regions.push(s);
  }
  orderFirstThen(text, cities);
  for (const s of cities) finding.destinations.push(placeRef(ctx, s.m.place, s.m.surface));
  // A country is dropped when a region inside it is named (日本北海道 -> 北海道).
  const specific = regions.filter(
    (r) =>
      !(
        r.m.place.kind === 'country' &&
        regions.some((o) => o.m.place.kind === 'region' && o.m.place.country === r.m.place.country)
      ),
  );
  const region = specific.find(
    (r) =>
      !cities.some(
        (c) =>
          (r.m.place.kind === 'country' && c.m.place.country === r.m.place.country) ||
          (r.m.place.kind === 'region' &&
            (c.m.place.region === r.m.place.zh || c.m.place.regionEn === r.m.place.en)),
      ),
  );
  if (region && (cities.length === 0 || count !== undefined)) {
    const name = ctx.lang === 'zh' ? (region.m.place.zh ?? region.m.place.en) : region.m.place.en;
    finding.region = { name, cityCount: Math.min(10, Math.max(1, count ?? 1)) };
    if (count === undefined) {
      ctx.notes.push(
        ctx.lang === 'zh'
          ? `没有说明要去${name}的几个城市，暂按1个。`
          : `The number of cities to visit in ${name} is not given; assumed 1.`,
      );
    }
  }
  if (finding.destinations.length > 0 || finding.region) finding.confidence.destinations = destConfidence;
  return finding;
}

/**
 * A minor place (a tourist town or a sight the gazetteer lists, rank < 3) asked for with a
 * must-see verb, or given up with an avoid verb, in the province of another destination city, is a
 * sight of that trip (`去泰安，一定要去泰山`, `去厦门，鼓浪屿就算了`): a must-visit or a must-avoid,
 * not a stop of its own.
 */
function sightsInRegion(ctx: ParseContext, scored: Scored[], dayPlan: boolean): void {
  const text = ctx.text;
  const cities = scored.filter(
    (s) => s.role === 'destination' && !s.dropped && !s.aside && s.m.place.kind === 'city',
  );
  if (cities.length === 0) return;
  for (const s of scored) {
    const p = s.m.place;
    if (p.kind !== 'city' || p.rank >= 3 || s.aside) continue;
    const sameRegion = cities.some(
      (c) =>
        c.m.place !== p && c.m.place.country === p.country && !!p.region && c.m.place.region === p.region,
    );
    if (!sameRegion) continue;
    const before = text.slice(Math.max(0, s.m.start - 12), s.m.start);
    const after = text.slice(s.m.end, s.m.end + 10);
    const name = ctx.lang === 'zh' || isHan(s.m.surface) ? (p.zh ?? s.m.surface) : p.en;
    // `D1 逛鼓浪屿`: a day's visit in a day-by-day plan asks for the sight too.
    const lineStart = Math.max(ctx.original.lastIndexOf('\n', s.m.start - 1) + 1, s.m.start - 40);
    const dayVisit = dayPlan && endsWithDayVisit(ctx.original.slice(lineStart, s.m.start));
    if (
      !s.dropped &&
      (MUST_BEFORE.test(before) || MUST_AFTER.test(after) || dayVisit) &&
      cities.some((c) => c !== s)
    ) {
      s.dropped = true;
      const w = ctx.constraints.attractions.include;
      if (!w.includes(name)) w.push(name);
    } else if (s.dropped && (AVOID_BEFORE.test(before) || AVOID_AFTER.test(after))) {
      const w = ctx.constraints.attractions.exclude;
      if (!w.includes(name)) w.push(name);
    }
  }
}

/**
 * `先成都再重庆`, `Salzburg first and then Munich`, `first Kyoto, then Osaka`: the order the text
 * asks for, over the order of mention.
 */
function orderFirstThen(text: string, cities: Scored[]): void {
  for (let i = 0; i < cities.length; i++) {
    for (let j = 0; j < cities.length; j++) {
      if (i === j) continue;
      const a = cities[i]!;
      const b = cities[j]!;
      // Any mention of the two places, not only the first one kept.
      const firstA = text.indexOf(a.m.surface);
      const lastA = text.lastIndexOf(a.m.surface);
      const lastB = text.lastIndexOf(b.m.surface);
      if (lastB < 0 || lastA < 0 || firstA === lastB) continue;
      const startA = lastA < lastB ? lastA : firstA;
      if (startA >= lastB) continue;
      const before = text.slice(Math.max(0, startA - 6), startA);
      const gap = text.slice(startA + a.m.surface.length, lastB);
      const zh =
        /先\s*(?:去|到)?\s*$/.test(before) &&
        /^\s*(?:玩\S{0,3})?\s*[,，]?\s*(?:再|然后|后|之后)\s*(?:去|到)?\s*$/.test(gap);
      const en =
        /^\s*first\s*,?\s*(?:and\s+)?then\s+(?:to\s+)?$/i.test(gap) ||
        (/\bfirst\s*,?\s*$/i.test(before) && /^\s*,?\s*(?:and\s+)?then\s+(?:to\s+)?$/i.test(gap));
      if ((zh || en) && i > j) {
        cities.splice(i, 1);
        cities.splice(j, 0, a);
        return;
      }
    }
  }
}

// Patterns built from the pieces above, compiled once.
const RX_PLACES_1 = new RegExp(COUNT_ZH);
const RX_PLACES_2 = new RegExp(COUNT_EN, 'i');
