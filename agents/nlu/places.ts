/**
 * Origin, destinations and "N cities in a region": gazetteer mentions, each given a role by the
 * words around it (`从成都出发`, `到杭州旅行`, `departing from Kansas City`, `to Paris`,
 * `2 cities in Texas`, `云南三个城市`).
 */
import type { PlaceRef } from '../schemas/trip-request.js';
import type { ParseContext } from './context.js';
import type { GazetteerPlace, PlaceMention } from './gazetteer.js';
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
}

const ZH_FOLLOW_OK =
  /^(?:$|[^\p{Script=Han}]|[出旅玩游去到的市省县州人和与及、待住呆看逛吃过转飞坐乘回返往方站机周附一两三四五六七八九十几个等地为是了吧呢啊这那呀哦吗城附有哈嘛还然工生上读开自泡避躲浪]|自由行|本地|当地)/u;
const ZH_ORIGIN_BEFORE = /(?:从|由|自|出发地(?:是|为)?|出发城市(?:是|为)?|起点(?:是|为)?|始发地)\s*$/;
const ZH_ORIGIN_AFTER = /^\s*(?:市)?\s*(?:出发|启程|动身|起飞|始发)/;
/** Where the writer is now: `人在成都`, `我现在在深圳`, `我这边是武汉`, `坐标北京`, `现居武汉`, `楼主在重庆`. */
const ZH_HOME =
  /(?:(?:我|我们|咱们|人|家|住|现|楼主|其实|目前|现在)(?:现在|目前|其实|人|现再|现)?(?:再在|在|再)|我这边是|我们这边是|我这里是|坐标|现居|常驻|base在)\s*$/;
const ZH_DEST_BEFORE =
  /(?:到|去|往|至|飞|赴|游|逛|玩|抵达|前往|飞往|去往|目的地是?|目的地为|目的城市(?:是|为)?|想去|要去|来|游览|参观|打卡|转|去一?趟|去一下|决定|改成|改到|换成|加一站|再加|加上|还是)\s*$/;
const ZH_DEST_AFTER =
  /^\s*(?:市)?\s*(?:旅行|旅游|游玩|玩|游|自由行|之旅|度假|出差|看看|逛逛|待|呆|住|过|转转|走走|[\d一二两三四五六七八九十]+\s*(?:日|天|晚)|的[\d一二两三四五六七八九十]+\s*(?:日|天)|的?(?:旅行|行程|攻略))/;
const ZH_RETURN_BEFORE = /(?:回到?|返回)\s*$/;
const ZH_LINK = /^\s*(?:到|至|去|飞往?|→|->|—|-|~|—>|>|=>|⇒|➡️?)\s*$/;
const ZH_AND = /^\s*(?:和|与|及|、|,|\+|以及|然后再?去|再去|再到|然后到|再飞|转|->|→|-|>|=>|⇒)\s*$/;
/** A correction or a second thought right after a place: `青岛还是烟台`, `Savannah? no`. */
const DROP_AFTER =
  /^\s*(?:了)?\s*(?:[?？]\s*(?:no\b|not\b|actually|wait|不|算了|还是)|还是|(?:but|,\s*but)\s+(?:changed|then)|anymore\b|不去了)/i;
/** A place given up: `本来想去青岛`, `不去南京了`, `not Dublin anymore`, `I wanted Barcelona but`. */
const DROP_BEFORE =
  /(?:本来|原来|原本|本想|原计划|不去|不想去|不要去|别去|避开|not|instead\s+of|rather\s+than|wanted|planned|skip)\s*(?:想|要|打算)?\s*(?:去|到|to|visit|going\s+to)?\s*$/i;
/** Correction words: when several origins are marked, the last one after such a word wins. */
const CORRECTION =
  /不对|更正|改一下|说错|其实|算了|actually|wait|no\s+wait|scratch\s+that|correction|instead|changed/i;

const EN_ORIGIN_BEFORE =
  /(?:\b(?:I'm|I\s+am|Im|we're|we\s+are|she's|he's|she\s+is|he\s+is|they're|we\s+live|I\s+live|currently|staying)\s+(?:currently\s+|now\s+|staying\s+|living\s+|based\s+)?in\s+(?:the\s+)?$)|\b(?:origin(?:\s+city)?\s*:?|coming\s+from|from|leaving|leave|departing|depart|departs|start(?:s|ing)?(?:\s+(?:in|at|from))?|originat(?:e|es|ing)\s+(?:in|from)|setting\s+off\s+from|set\s+off\s+from|taking\s+off\s+from|based\s+in|live\s+in|living\s+in|flying\s+out\s+of|out\s+of|beginning\s+in|begin\s+in|home\s+in)\s+(?:the\s+)?(?:city\s+of\s+)?$/i;
const EN_DEST_BEFORE =
  /\b(?:destinations?\s*:?|check\s+out|do|hit|fancy|thinking(?:\s+about|\s+of)?|planning|want|add|to|into|visit|visiting|visits|explore|exploring|in|at|towards?|reach|covering|cover|tour|touring|see|around|across|ending\s+in|end\s+in|ending\s+at|stopping\s+in|venturing\s+into|trip\s+to|vacation\s+in|holiday\s+in|fly\s+to|go\s+to|heading\s+to|head\s+to|and|then)\s+(?:the\s+)?(?:city\s+of\s+)?$/i;
const EN_LINK = /^\s*(?:to|-|–|—|->|→|>|=>|⇒|➡️?)\s*$/i;
const EN_AND = /^\s*(?:,|and|,\s*and|then|&|\/|\+|->|→|>|=>|⇒|-|–)\s*$/i;
/** `Kyoto for 5 days`, `Paris, 3 days`: a place followed by a length is a destination. */
const EN_DEST_AFTER =
  /^\s*(?:,\s*)?(?:for\s+(?:a|an|the|like|about|around|\d|one|two|three|four|five|six|seven|eight|nine|ten|a\s+few|a\s+week|same)|\d{1,2}\s*(?:days?|nights?))/i;

const COUNT_ZH = String.raw`(\d{1,2}|[一二两三四五六七八九十])\s*(?:个|座)\s*(?:不同的?)?\s*(?:城市|地方|市)`;
const COUNT_EN = String.raw`\b(\d{1,2}|${EN_NUMBER_WORDS})\s+(?:different\s+|distinct\s+|separate\s+|unique\s+|other\s+|major\s+)?cities\b`;

function placeRef(ctx: ParseContext, p: GazetteerPlace, surface: string): PlaceRef {
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

  for (let i = 0; i < scored.length; i++) {
    const s = scored[i]!;
    const { m } = s;
    const lineStart = Math.max(text.lastIndexOf('\n', m.start - 1) + 1, m.start - 40);
    const before = text.slice(lineStart, m.start);
    const after = text.slice(m.end, m.end + 12);
    if (DROP_BEFORE.test(before) || DROP_AFTER.test(after)) {
      s.dropped = true;
      continue;
    }
    // Either script's markers: mixed requests put Chinese names after English words and back.
    if (ZH_ORIGIN_BEFORE.test(before) || ZH_ORIGIN_AFTER.test(after) || EN_ORIGIN_BEFORE.test(before))
      s.role = 'origin';
    else if (ZH_HOME.test(before) && !ZH_DEST_AFTER.test(after)) s.role = 'origin';
    else if (ZH_DEST_BEFORE.test(before) || ZH_DEST_AFTER.test(after)) s.role = 'destination';
    else if (ZH_RETURN_BEFORE.test(before)) s.role = 'origin';
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
    if (a.dropped || b.dropped) continue;
    const between = text.slice(a.m.end, b.m.start);
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
      (ZH_AND.test(between) || EN_AND.test(between)) &&
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
    const between = text.slice(a.m.end, b.m.start);
    if (
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

  const usable = scored.filter((s) => (s.strong || s.marked) && !s.dropped);
  const origins = usable.filter((s) => s.role === 'origin');
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

// Patterns built from the pieces above, compiled once.
const RX_PLACES_1 = new RegExp(COUNT_ZH);
const RX_PLACES_2 = new RegExp(COUNT_EN, 'i');
