/**
 * Preferences read from free text: transport modes to avoid or prefer, cuisines and dietary
 * restrictions, house rules, room type, hotel stars, pace, interests, travel style.
 */
import type {
  HotelTier,
  HouseRule,
  IntercityMode,
  Pace,
  PriceTier,
  RoomType,
} from '../schemas/trip-request.js';
import type { TravelStyle } from '../schemas/user.js';
import type { ParseContext } from './context.js';
import { eachMatch, withFlags } from './context.js';
import {
  CUISINES_EN,
  CUISINES_ZH,
  DIETARY_EN,
  DIETARY_ZH,
  INTERESTS_EN,
  INTERESTS_ZH,
  MODE_WORDS,
} from './lexicon.js';
import { parseSmallNumber } from './text.js';

function push<T>(list: T[], item: T): void {
  if (!list.includes(item)) list.push(item);
}

/** The clause around `index`: from the last clause break before it to the next one after. */
function clauseBefore(text: string, index: number, max: number): string {
  const from = Math.max(0, index - max);
  const before = text.slice(from, index);
  const cut = Math.max(
    before.lastIndexOf('.'),
    before.lastIndexOf('。'),
    before.lastIndexOf('\n'),
    before.lastIndexOf(';'),
    before.lastIndexOf('!'),
    before.lastIndexOf('?'),
  );
  return before.slice(cut + 1);
}

const NEG_ZH = /不|别|没|无需|避免|拒绝|不要|排除/;
const NEG_EN =
  /\bno\b|\bnot\b|n't\b|\bnever\b|\bavoid|\bwithout\b|\bnon-?|\brather not\b|\brather than\b|\binstead of\b|\bexcept\b|\bexclud/i;
const POS_ZH = /坐|乘|搭|选择|想|要|用|开|希望|最好|可以/;
const POS_EN =
  /\bby\b|\btake\b|\btaking\b|\bvia\b|\bprefer|\blike to\b|\bwant to\b|\bplan to\b|\brather\b|\bwould love\b|\bgo by\b|\btravel by\b|\bride\b/i;

/** What ends a negation's reach after the mode it names: a comma, `but`, `only`, `instead`. */
const RX_NEGATION_END = /[,，、;；]|\bbut\b|\bonly\b|\bjust\b|\binstead\b|\brather\b|而是|只/i;

/**
 * A negation in the words before a mode word rules the mode out, unless another mode is named
 * after the negation and a break follows it: in "we don't fly, trains only" the `n't` belongs to
 * flying; in "we don't fly or take the train" to both.
 */
function negates(local: string, zh: boolean): boolean {
  const neg = withFlags(zh ? NEG_ZH : NEG_EN, 'gi');
  let last = -1;
  for (const m of local.matchAll(neg)) last = m.index + m[0].length;
  if (last < 0) return false;
  const after = local.slice(last);
  for (const [re] of MODE_WORDS) {
    const other = re.exec(after);
    if (!other) continue;
    const rest = after.slice(other.index + other[0].length);
    // `no trains, buses or flights`: a list of modes keeps the negation.
    if (/^(?:\s*(?:[,，、]|\bor\b|\band\b|\bnor\b)\s*(?:\w+\s*)?)*$/i.test(rest)) continue;
    if (RX_NEGATION_END.test(rest)) return false;
  }
  return true;
}

export interface TransportFinding {
  avoid: IntercityMode[];
  prefer: IntercityMode[];
}

export function extractTransport(ctx: ParseContext): TransportFinding {
  const avoid: IntercityMode[] = [];
  const prefer: IntercityMode[] = [];
  const text = ctx.text;
  for (const [re, mode] of MODE_WORDS) {
    const g = withFlags(re, 'gi');
    for (const m of text.matchAll(g)) {
      const zh = /\p{Script=Han}/u.test(m[0]);
      const clause = clauseBefore(text, m.index, zh ? 10 : 50);
      // English: the words since the last comma, or the one before when they are only a list's
      // joint (`no trains, buses or coaches`), not a new clause (`No flights, we'll drive`).
      const segs = clause.split(',');
      const local = zh
        ? (clause.split(/[,，、]/).pop() ?? '')
        : /^\s*(?:\w+\s+)?(?:or|and|nor)\s*$|^\s*$/i.test(segs.at(-1) ?? '')
          ? segs.slice(-2).join(',')
          : (segs.at(-1) ?? '');
      // "trains only", "only by train", "train is fine": a positive statement whatever came before it.
      const only =
        /^\s*(?:only\b|(?:is|are|would\s+be)\s+(?:fine|ok|okay|good|great|better|best|preferred)\b|works\b|也行|就行|可以|没问题)/i.test(
          text.slice(m.index + m[0].length),
        ) || /\bonly\s+(?:by\s+)?$/i.test(local);
      if (!only && negates(local, zh)) {
        push(avoid, mode);
      } else if (
        only ||
        (zh ? POS_ZH.test(local) : POS_EN.test(local)) ||
        /自驾|租车|road ?trip|self[- ]?driv|rental|hire|rent/i.test(m[0])
      ) {
        // "no specific preferences about ... transportation" names no mode; "a flight of stairs" is rare enough.
        if (mode === 'taxi' && zh) continue; // 打车 is inner-city transport in Chinese requests.
        push(prefer, mode);
      }
    }
  }
  return { avoid, prefer: prefer.filter((m) => !avoid.includes(m)) };
}

/** Chinese cuisine words, longest first; English ones as compiled word patterns. */
const CUISINE_WORDS_ZH = Object.keys(CUISINES_ZH).sort((a, b) => b.length - a.length);
const CUISINE_WORDS_EN: [RegExp, string][] = Object.entries(CUISINES_EN).map(([word, name]) => [
  new RegExp(String.raw`\b${word}\b`, 'gi'),
  name,
]);

export function extractCuisines(ctx: ParseContext): { wanted: string[]; avoided: string[] } {
  const wanted: string[] = [];
  const avoided: string[] = [];
  const text = ctx.text;
  let masked = text;
  for (const word of CUISINE_WORDS_ZH) {
    let idx = masked.indexOf(word);
    while (idx >= 0) {
      const name = CUISINES_ZH[word]!;
      const before = clauseBefore(masked, idx, 8);
      if (/不吃|不想吃|不要|不喜欢|别|避开|不爱|吃不了|不能吃/.test(before)) push(avoided, name);
      else push(wanted, name);
      masked = masked.slice(0, idx) + '\u25A1'.repeat(word.length) + masked.slice(idx + word.length);
      idx = masked.indexOf(word, idx + word.length);
    }
  }
  // English: cuisine adjectives in a sentence about food.
  for (const sentence of text.split(/(?<=[.!?\n])\s+/)) {
    if (
      !/\b(?:cuisines?|food|foods|restaurants?|dishes|meals?|dining|dine|eat|eating|try|tasting|culinary)\b/i.test(
        sentence,
      )
    )
      continue;
    for (const [re, name] of CUISINE_WORDS_EN) {
      re.lastIndex = 0;
      for (const m of sentence.matchAll(re)) {
        const before = sentence.slice(Math.max(0, m.index - 30), m.index);
        if (/\b(?:no|not|don't like|dislike|avoid|except|hate|nothing)\b[^,]*$/i.test(before))
          push(avoided, name);
        else push(wanted, name);
      }
    }
  }
  return { wanted: wanted.filter((c) => !avoided.includes(c)), avoided };
}

export function extractDietary(ctx: ParseContext): string[] {
  const out: string[] = [];
  for (const [re, name] of [...DIETARY_ZH, ...DIETARY_EN]) if (re.test(ctx.text)) push(out, name);
  return out;
}

export function extractHouseRules(ctx: ParseContext): HouseRule[] {
  const rules: HouseRule[] = [];
  const t = ctx.text;
  const check = (re: RegExp, rule: HouseRule, negRe: RegExp = NEG_EN): void => {
    const g = withFlags(re, 'gi');
    for (const m of t.matchAll(g)) {
      const before = clauseBefore(t, m.index, 25).split(',').pop() ?? '';
      if (negRe.test(before) && !/\ballow|\bpermit|\bfriendly|允许|可以|能/i.test(before + m[0])) continue;
      push(rules, rule);
    }
  };
  check(
    /\bsmok(?:ing|e|er|ers)\b(?!\s*-?free)|允许吸烟|可以吸烟|能吸烟|可吸烟|允许抽烟|可以抽烟|能抽烟|要抽烟|抽烟/,
    'smoking',
    /\bno\b|\bnon-?|\bnot\b|n't\b|禁|无烟|不抽|不吸/i,
  );
  check(
    /\bparties\b|\bparty[- ]friendly\b|\bhost(?:ing)?\s+(?:a\s+)?part(?:y|ies)\b|\bthrow(?:ing)?\s+(?:a\s+)?part(?:y|ies)\b|派对|聚会|轰趴/,
    'parties',
  );
  check(
    /\bchildren\s+under\s+(?:the\s+age\s+of\s+)?10\b|\bkids\s+under\s+(?:the\s+age\s+of\s+)?10\b|\bunder\s+10\b|\bchild[- ]friendly\b|\bkid[- ]friendly\b|\bsuitable\s+for\s+(?:young\s+)?children\b|10岁以下|十岁以下|允许(?:带)?(?:小孩|儿童)/,
    'children_under_10',
  );
  check(/\bvisitors?\b|\bguests?\s+(?:are\s+)?allowed\b|访客|会客|朋友来访/, 'visitors');
  check(/\bpets?\b|\bpet[- ]friendly\b|\bdogs?\b|\bcats?\b|宠物|带狗|带猫|狗狗|猫咪/, 'pets');
  return rules;
}

export function extractRoomType(ctx: ParseContext): RoomType | undefined {
  const t = ctx.text;
  if (
    /\bno\s+shared\s+rooms?\b|\bnot?\s+(?:a\s+)?shared\b|\bnon-shared\b|\bdon'?t\s+(?:want\s+to\s+)?share\b|不要?合住|不合住|不拼房|不和别人合住|不想和别人(?:合住|住一起)/i.test(
      t,
    )
  )
    return 'not_shared_room';
  if (
    /\bentire\s+(?:rooms?|homes?|houses?|apartments?|place|units?|flats?)\b|\bwhole\s+(?:home|house|apartment|place|flat)\b|\b(?:rooms?|place)\s+to\s+ourselves\b|整套|整租|整间|独栋|包栋/i.test(
      t,
    )
  )
    return 'entire_room';
  if (/\bprivate\s+rooms?\b|独立房间|私人房间|单间/i.test(t)) return 'private_room';
  if (/\bshared\s+rooms?\b|\bdorm(?:itory)?s?\b|合住|床位|拼房|共享房间/i.test(t)) return 'shared_room';
  return undefined;
}

const STAR = String.raw`([1-5]|[一二三四五]|one|two|three|four|five)`;

export function extractStars(ctx: ParseContext): [number, number] | undefined {
  let out: [number, number] | undefined;
  eachMatch(ctx, RX_PREFS_1, (m) => {
    const a = parseSmallNumber(m[1]!);
    const b = parseSmallNumber(m[2]!);
    if (!a || !b) return false;
    out ??= [Math.min(a, b), Math.max(a, b)];
  });
  eachMatch(ctx, RX_PREFS_2, (m) => {
    const n = parseSmallNumber(m[2]!);
    if (!n || n > 5) return false;
    const atLeast = !!m[1] || !!m[3] || /\+/.test(m[0]);
    out ??= atLeast ? [n, 5] : [n, n];
  });
  return out;
}

const MODE_MENTIONS: [RegExp, IntercityMode][] = [
  [/高铁|动车|火车|\btrains?\b|\bEurostar\b|\brail\b/gi, 'train'],
  [/飞机|航班|(?<![不别])飞(?!往返)|\bfl(?:y|ying|ights?)\b/gi, 'flight'],
  [
    /自驾|开车|租车|\b(?:self[- ])?driv(?:e|ing)\b|\broad[- ]trip\b|\bby\s+car\b|\b(?:rental|hire|hired|rented)\s+car\b|\bcar\s+(?:rental|hire)\b/gi,
    'self_driving',
  ],
  [/大巴(?!扎)|长途汽车|\bbus(?:es)?\b|\bcoach\b/gi, 'bus'],
];
/** Words of a change of mind between two modes. */
const CHANGE_OF_MIND =
  /后来|想了想|想想|还是|算了|改成|改为|不如|actually|on second thought|scratch that|changed my mind|\binstead\b(?!\s+of)|I meant/i;
const MODE_NEGATION =
  /(?:不|别|不想|不要|不坐|不乘|不用|避免|\bno\b|\bnot\b|\bdon'?t\b|\bavoid\b|\bwithout\b|\bprefer\s+not\s+to\b|\bnever\b|\bnon-)[^,，。;.!?\n]{0,24}$/i;
/** `the Eurostar rather than fly`, `instead of flying`: rules out only the mode right after it. */
const MODE_INSTEAD_OF = /\b(?:rather\s+than|instead\s+of)\s+(?:(?:taking|going\s+by|using|a|the)\s+){0,2}$/i;

/** Words that put the mode after them below another: `rather ... than`, `instead of`, `而不是`, `比起`. */
const RX_RATHER_THAN =
  /\brather\b[^.!?\n]{0,40}\bthan\s+(?:to\s+|take\s+(?:a\s+|the\s+)?|taking\s+(?:a\s+|the\s+)?)?$|\b(?:rather\s+than|instead\s+of)\s+(?:(?:a|the|take|taking)\s+){0,2}$|(?:而不是|而非|比起|与其)\s*(?:坐|乘|搭)?$/i;
/** A question that weighs options (`哪个更好`, `还是`, `which`, `A or B?`). */
const RX_CHOICE_QUESTION =
  /哪个|哪种|哪一个|哪样|还是.*[?？吗呢]|\bwhich\b|\bor\b[^.!?\n]*\?|\bvs\.?\b|\bversus\b/i;

/** Whether the sentence around `index` is a question weighing modes against each other. */
function inChoiceQuestion(text: string, index: number): boolean {
  const from =
    Math.max(...['。', '！', '!', '?', '？', '\n', '.'].map((p) => text.lastIndexOf(p, index - 1))) + 1;
  const rest = text.slice(index);
  const endRel = rest.search(/[。！!?？\n]|\.(?:\s|$)/);
  const end = endRel < 0 ? text.length : index + endRel + 1;
  const sentence = text.slice(from, end);
  return /[?？]$|吗|呢/.test(sentence.trim()) && RX_CHOICE_QUESTION.test(sentence);
}

/**
 * Every intercity mode the text names, stated (`坐高铁`, `从广州飞`, `by car`) or ruled out
 * (`不坐大巴`, `no flying`): a mode named without a negation before it in its clause is preferred.
 */
export function statedModes(ctx: ParseContext): { prefer: IntercityMode[]; avoid: IntercityMode[] } {
  const prefer = new Set<IntercityMode>();
  const avoid = new Set<IntercityMode>();
  for (const [re, mode] of MODE_MENTIONS) {
    for (const m of ctx.original.matchAll(re)) {
      const before = ctx.original.slice(Math.max(0, m.index - 30), m.index);
      const neg = MODE_NEGATION.exec(before) ?? MODE_INSTEAD_OF.exec(before);
      // "not flying but taking the train": the negation ends at the mode it names.
      const ended =
        neg &&
        MODE_MENTIONS.some(([other]) => {
          const o = withFlags(other, 'i').exec(neg[0].slice(1));
          return !!o && RX_NEGATION_END.test(neg[0].slice(1 + o.index + o[0].length));
        });
      // `rather take trains than fly`, `坐高铁而不是飞机`: the mode after the comparison is ruled out.
      if (RX_RATHER_THAN.test(ctx.original.slice(Math.max(0, m.index - 60), m.index))) avoid.add(mode);
      // `高铁和飞机哪个更划算？`, `train or plane?`: modes weighed in a question are not chosen.
      else if (inChoiceQuestion(ctx.original, m.index)) continue;
      else (neg && !ended ? avoid : prefer).add(mode);
    }
  }
  for (const m of avoid) prefer.delete(m);
  return { prefer: [...prefer], avoid: [...avoid] };
}

/**
 * The modes named only in a question that weighs them (`坐飞机还是高铁好？`, `fly or take the train?`):
 * the question asks for advice and chooses none, whatever reader took the mode for a wish.
 */
export function questionOnlyModes(text: string): IntercityMode[] {
  const out: IntercityMode[] = [];
  for (const [re, mode] of MODE_MENTIONS) {
    const at = [...text.matchAll(re)].map((m) => m.index);
    if (at.length > 0 && at.every((i) => inChoiceQuestion(text, i))) out.push(mode);
  }
  return out;
}

/** `Flying is too expensive`, `火车太慢了`: a complaint about a mode. */
const RX_COMPLAINT_AFTER =
  /^\s*(?:(?:is|are|would\s+be|'s|takes?|costs?|gets?)\s+(?:way\s+|just\s+|far\s+|much\s+)?too\s+(?:expensive|pricey|slow|long|tiring|much)|(?:也|实在|真的)?太(?:贵|慢|累|久|折腾|麻烦)了?)/i;

/** The modes the text complains about (too slow, too dear): not wished for. */
export function complainedModes(text: string): IntercityMode[] {
  const out: IntercityMode[] = [];
  for (const [re, mode] of MODE_MENTIONS)
    for (const m of text.matchAll(re))
      if (RX_COMPLAINT_AFTER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 30))) {
        if (!out.includes(mode)) out.push(mode);
      }
  return out;
}

/**
 * `坐火车。后来想想还是飞吧`, `by train... actually let's fly`: a preferred mode named before a change
 * of mind gives way to a different one named after it (and not again later).
 */
export function dropChangedModes(text: string, prefer: Set<IntercityMode>): void {
  const named: { mode: IntercityMode; at: number }[] = [];
  for (const [re, mode] of MODE_MENTIONS)
    for (const m of text.matchAll(re)) {
      // `火车太久了`, `trains are too slow`: a complaint about a mode names no wish for it.
      const complaint = /^\s*(?:(?:is|are)\s+)?(?:太|too\s)/i.test(
        text.slice(m.index + m[0].length, m.index + m[0].length + 10),
      );
      if (prefer.has(mode) && !complaint) named.push({ mode, at: m.index });
    }
  named.sort((a, b) => a.at - b.at);
  const dropped = new Set<IntercityMode>();
  for (let i = 0; i < named.length; i++)
    for (let j = i + 1; j < named.length; j++)
      if (
        named[j]!.mode !== named[i]!.mode &&
        CHANGE_OF_MIND.test(text.slice(named[i]!.at, named[j]!.at)) &&
        !named.some((n, k) => k > j && n.mode === named[i]!.mode)
      )
        dropped.add(named[i]!.mode);
  for (const m of dropped) if (prefer.size > 1) prefer.delete(m);
}

/**
 * Hotel tier and spending level stated in words: `住好一点`/`豪华`/`luxury` (luxury), `中档`/`mid-range`,
 * `经济实惠`/`cheap`/`hostel` (budget) for the hotel; `预算有限`/`穷游`/`tight budget` for the money
 * when no amount is given.
 */
export function extractTiers(ctx: ParseContext): { hotel?: HotelTier; budget?: PriceTier } {
  const t = ctx.text;
  const out: { hotel?: HotelTier; budget?: PriceTier } = {};
  if (
    /预算(?:有限|不多|紧张?|比较紧|不高)|(?:^|[^a-z])budget\s*有限|穷游|穷学生|\b(?:budget\s+is\s+tight|tight\s+budget|on\s+a\s+(?:tight\s+)?budget|shoestring|backpacker\s+budget|low\s+budget|limited\s+budget)\b/i.test(
      t,
    ) ||
    // Words about spending little count as a level only when no amount is given.
    (!ctx.request.budget && spendsLittle(t))
  )
    out.budget = 'budget';
  else if (/不差钱|预算充足|\bmoney(?:'s|’s|\s+is)\s+no\s+object\b/i.test(t)) out.budget = 'luxury';
  // Read on the text before masking (a wished hotel type, `豪华型酒店`, is masked by the clause
  // reader), but not inside a named restaurant or hotel (`便宜坊`).
  const c = ctx.constraints;
  const names = [
    ...c.restaurants.include,
    ...c.restaurants.exclude,
    ...c.hotels.include,
    ...c.hotels.exclude,
  ];
  const lodging = withoutCheapFood(ctx.original);
  tiers: for (const [re, tier] of HOTEL_TIERS) {
    for (const m of lodging.matchAll(withFlags(re, 'gi'))) {
      // `no luxury`, `不要豪华的`: a tier ruled out is no tier asked for.
      if (RX_TIER_NEGATED.test(lodging.slice(Math.max(0, m.index - 12), m.index))) continue;
      if (!names.some((n) => n.includes(m[0]))) {
        out.hotel = tier;
        break tiers;
      }
    }
  }
  return out;
}

/** Spending little, with no amount: `a budget trip`, `as cheap as it gets`, `越便宜越好`, `没什么钱`. */
const RX_SPEND_LITTLE =
  /\b(?:(?:a|on|our|my)\s+budget\s+(?:trip|travel|holiday|vacation|getaway|break)|(?:as\s+)?cheap(?:ly)?\s+as\s+(?:possible|it\s+gets|we\s+can|I\s+can)|(?:the\s+)?cheapest\s+possible|on\s+the\s+cheap|low[- ]cost\s+(?:trip|travel|holiday|vacation)|money(?:'s|’s|\s+is)\s+(?:tight|limited)|tight\s+on\s+(?:money|cash|funds)|keep\s+(?:it|things|the\s+costs?|costs?)\s+(?:cheap|low|down))\b|越便宜越好|能省则省|尽量省钱?|省钱为主|钱不多|没(?:什么|啥|多少)钱|手头(?:比较)?紧/i;

/**
 * Cheap food (`cheap eats`, `便宜的小吃`, `吃得便宜`): about meals, so neither a lodging tier nor a
 * level for the trip.
 */
const RX_CHEAP_FOOD =
  /\b(?:cheap|inexpensive|affordable|budget|low[- ]cost)\s+(?:local\s+|street\s+)?(?:eats?|food|foods|meals?|restaurants?|snacks?|dinners?|lunch(?:es)?|breakfasts?|bites?|eateries|noodles|dumplings)\b|\beat(?:ing)?\s+(?:cheap|cheaply|on\s+the\s+cheap)\b|(?:便宜|实惠|平价)(?:的|点的|一点的|又好吃的|好吃的)?(?:小吃|美食|吃的|饭菜?|餐馆?|馆子|餐厅|快餐|夜宵|早餐|午餐|晚餐)|吃(?:得|的)?(?:便宜|实惠)|好吃不贵/gi;

function withoutCheapFood(t: string): string {
  return t.replace(RX_CHEAP_FOOD, (m) => ' '.repeat(m.length));
}

/** Words for one part of the trip: spending little on it (`flights as cheap as possible`) is no level. */
const RX_ONE_ITEM =
  /flights?|fares?|tickets?|hotels?|rooms?|hostels?|accommodation|food|eats|meals?|restaurants?|机票|车票|酒店|住宿|民宿|吃|餐/i;

function spendsLittle(t: string): boolean {
  const m = RX_SPEND_LITTLE.exec(t);
  return !!m && !RX_ONE_ITEM.test(clauseAround(t, m.index, m.index + m[0].length));
}

/** The clause holding `start..end`: up to the punctuation on either side. */
function clauseAround(t: string, start: number, end: number): string {
  const before = t.slice(Math.max(0, start - 24), start);
  const after = t.slice(end, end + 16);
  const b = before.split(/[,.;!?，。；！？\n]/).pop() ?? '';
  const a = after.split(/[,.;!?，。；！？\n]/)[0] ?? '';
  return `${b} ${a}`;
}

/**
 * Hotel tiers, first match wins: luxury only for explicit luxury words (豪华, 五星, luxury);
 * `住好一点`, `a nice hotel`, `upscale` are upscale (four stars and up); then mid-range; then budget.
 */
const RX_TIER_NEGATED =
  /(?:\bno|\bnot|n't|\bnothing|不要|不住|不需要|不用|别|不必)\s*(?:too\s+|very\s+|need\s+(?:for\s+)?|太)?$/i;
const HOTEL_TIERS: [RegExp, HotelTier][] = [
  [
    /豪华|奢华|五星级?|5星|顶级(?:酒店|住宿)|\b(?:luxury|luxary|luxurious|five[- ]star|5[- ]star|deluxe)\b/i,
    'luxury',
  ],
  [
    /住(?:得|的)?好一?点|好一?点的(?:酒店|住宿|宾馆)?|高档|高端|四星|4星|品质(?:酒店|住宿)|\b(?:upscale|high[- ]end|four[- ]star|4[- ]star|(?:a\s+)?(?:nice|good|nicer|better|comfortable|decent)\s+(?:hotels?|stays?|places?\s+to\s+stay|accommodations?)|somewhere\s+nice\s+to\s+stay|(?:stay|sleep)\s+somewhere\s+nice)\b/i,
    'upscale',
  ],
  [
    /中档|中等(?:的)?(?:酒店|住宿)|舒适型|\bmid[- ]?range\b|\bmidrange\b|\bmoderate(?:ly priced)?\s+hotels?\b/i,
    'mid_range',
  ],
  [
    /经济(?:型|实惠|实会|一点|点)|实惠|便宜|青旅|青年旅舍|\b(?:cheap|cheapest|budget[- ]friendly|budget\s+(?:hotels?|stays?|accommodations?)|hostels?|hostles|economical|inexpensive|affordable)\b/i,
    'budget',
  ],
];

export function extractPace(ctx: ParseContext): { pace: Pace; confidence: number } | undefined {
  const t = ctx.text;
  if (
    // A negated busy word: 不当特种兵, 别太累, 别安排太紧, nothing too hectic, don't want anything rushed.
    // Read on the text as written: an avoid clause (别安排太多走路) may already be masked.
    /(?:不要|别|不想|不用|不|不当|不想当|别当|别安排|不要安排)(?:太|得太|那么)?(?:紧凑|赶|累|满|紧|特种兵|暴走)|(?:不|别)[^，。,.;；!！?？\n]{0,5}太(?:累|赶|折腾|紧|满|辛苦)|(?:别|不要|不用)安排(?:太多|那么多|很多)|节奏[^，。,.;；!！?？\n]{0,4}慢|(?:行程|安排|节奏)[^，。,.;；!！?？\n]{0,3}松|不着急|不赶时间|(?:别|不想|不要|不用)早起|睡到自然醒|多睡|\btake\s+(?:our|my|their|his|her|your)\s+time\b|\bno\s+early\s+(?:mornings?|starts?)\b|\bsleep\s+in\b|\b(?:don'?t|do\s+not|won'?t)\s+(?:want\s+to\s+|like\s+to\s+)?(?:rush|hurry)\b|\b(?:not|nothing|none|no)\s+(?:too\s+|that\s+|overly\s+)?(?:packed|rushed|busy|tiring|hectic|intense|crazy|exhausting|strenuous|demanding|taxing|full[- ]on|(?:a\s+)?whirlwind)\b|走不了(?:太多|多少|很多|太远)|不能走(?:太多|太远|很多)|\bdon'?t\s+want\s+(?:it\s+|anything\s+)?(?:to\s+be\s+)?(?:too\s+)?(?:rushed|packed|hectic|tiring)\b|\btake\s+it\s+(?:slow|easy)\b|\bno\s+rush\b|\bgentle\b/i.test(
      ctx.original,
    )
  )
    return { pace: 'relaxed', confidence: 0.9 };
  if (
    /轻松|悠闲|悠哉|悠着|慢悠悠|慢慢来|放松为主|休息为主|\blow[- ]key\b|\bplenty\s+of\s+(?:rest|downtime|free\s+time)\b|(?<!\bno\s)\brest\s+days?\b|休闲|慢节奏|慢游|慢慢玩|慢慢逛|\blazy\b|\bdowntime\b|\beasy\s+pace\b|慢一点|慢点|宽松|躺平|佛系|\brelaxe?d?\b|\brelaxing\b|\bslow\s+pace\b|\bleisurely\b|\blaid[- ]back\b|\bslow[- ]?(?:paced?|travel)\b|\beasy[- ]going\b|\bchill\b|\bunhurried\b|\bslow\b(?!\s+(?:trains?|boats?|wi-?fi|internet|service))/i.test(
      t,
    )
  )
    return { pace: 'relaxed', confidence: 0.85 };
  if (
    /紧凑|特种兵|暴走|充实|行程满|[排安]满|排得满|排紧|多去几个|多跑几个|多看几个|多打卡|打卡多|能(?:看|去|玩)多少(?:就)?(?:看|去|玩)多少|\bwhirlwind\b|\bfill\s+(?:every|each)\s+day\b|\b(?:fine|ok|okay)\s+with\s+(?:long|full|busy)\s+days\b|越多[^，。,.;；!！?？\n]{0,4}越好|尽可能多|\bas\s+much\s+as\s+(?:we|i|they)\s+can\b|\bcram\b|\bfit\s+(?:in\s+)?(?:everything|as\s+much|it\s+all)\b|高效|\bgo(?:ing)?\s+hard\b|\bnon[- ]?stop\b|\bfull[- ]on\b|\bpacked\b|\bbusy\b|\bfast[- ]paced\b|\bintense\b|\bas\s+much\s+as\s+possible\b|\bmaximi[sz]e\b|\bjam[- ]packed\b/i.test(
      t,
    )
  )
    return { pace: 'packed', confidence: 0.85 };
  if (/适中|不紧不慢|\bmoderate\b|\bbalanced\b/i.test(t)) return { pace: 'moderate', confidence: 0.8 };
  return undefined;
}

export function extractInterests(ctx: ParseContext, extra: string[]): string[] {
  const out: string[] = [];
  const t = ctx.text;
  for (const [re, interest] of [...INTERESTS_ZH, ...INTERESTS_EN]) {
    const g = withFlags(re, `${re.flags.replace('g', '')}g`);
    for (const m of t.matchAll(g)) {
      const before = clauseBefore(t, m.index, 12);
      if (
        /不喜欢|不感兴趣|不想|不要|没兴趣|\bnot\s+(?:interested|into|a fan)\b|\bdon'?t\s+(?:like|care)\b|\bno\b/i.test(
          before,
        )
      )
        continue;
      // "no specific preferences about ... cuisine" is no interest in food.
      if (/\bpreferences?\b/i.test(before) && /\bno\b/i.test(clauseBefore(t, m.index, 60))) continue;
      push(out, interest);
      break;
    }
  }
  for (const i of extra) push(out, i);
  return out;
}

export function extractTravelStyle(ctx: ParseContext): TravelStyle | undefined {
  const t = ctx.text;
  if (/蜜月|情侣|\bhoneymoon\b|\bromantic\b|\bcouple'?s?\b/i.test(t)) return 'couple';
  if (/亲子|带娃|遛娃|一家[三四五六]口|全家|\bfamily\b|\bwith\s+(?:our|my|the)?\s*kids\b/i.test(t))
    return 'family';
  if (/出差|商务|\bbusiness\s+trip\b/i.test(t)) return 'business';
  if (
    /穷游|省钱|经济实惠|\bbackpack(?:ing|er)\b|\bon\s+a\s+(?:tight\s+)?budget\b|\bcheap\b/i.test(
      withoutCheapFood(t),
    )
  )
    return 'budget';
  if (/奢华|豪华|高端|\bluxur(?:y|ious)\b/i.test(t)) return 'luxury';
  if (/探险|户外|\badventur(?:e|ous)\b/i.test(t)) return 'adventure';
  if (/独自|一个人|\bsolo\b|\balone\b/i.test(t)) return 'solo';
  return undefined;
}

// Patterns built from the pieces above, compiled once.
const RX_PREFS_1 = new RegExp(String.raw`${STAR}\s*(?:到|至|-|–|or|to)\s*${STAR}\s*[- ]?(?:星|stars?)`, 'i');
const RX_PREFS_2 = new RegExp(
  String.raw`(at\s+least\s+)?${STAR}\s*(?:\+\s*)?[- ]?(?:星级?|stars?)(?:\s*(?:酒店|宾馆|hotels?))?\s*(以上|及以上|或以上|起|or\s+(?:above|higher|more|better)|and\s+(?:above|up))?`,
  'i',
);

/** Parts of the day, as windows for leaving (local HH:MM). */
const DAY_PARTS: [RegExp, [string, string]][] = [
  [/早上|上午|清早|\bmorning\b/i, ['06:00', '12:00']],
  [/中午|\bmidday\b|\bnoon\b/i, ['11:00', '14:00']],
  [/下午|\bafternoon\b/i, ['12:00', '18:00']],
  [/傍晚|晚上|夜里|\bevening\b|\bnight\b|\blate\b/i, ['17:00', '23:30']],
];

/** What names the journey home: 回程, 返程, 最后一天…走, "fly back", "the return flight", "head home". */
const RX_RETURN =
  /回程|返程|回来的(?:航班|飞机|火车|高铁|车)|最后一天|\b(?:fly|flying|head(?:ing)?|get(?:ting)?|go(?:ing)?|come|coming|travel(?:ling)?|train)\s+(?:back|home)\b|\breturn(?:ing)?(?:\s+(?:flight|train|leg|journey|trip))?\b(?!\s+to\b)|\bon the last day\b|\bway (?:back|home)\b/i;

/**
 * A stated time for the journey home (`回程晚上走`, `最后一天下午再走`, `返程6点以后`, "fly back in the
 * evening", "return flight after 5pm", "leave on the last day before noon"): the departure window.
 */
export function extractReturnWindow(ctx: ParseContext): [string, string] | undefined {
  const text = ctx.original;
  const m = RX_RETURN.exec(text);
  if (!m) return undefined;
  // The words right after the mention (its clause), or right before it ("evening flight back").
  const after = text
    .slice(m.index + m[0].length)
    .split(/[,，。;；!?！？\n]/)[0]!
    .slice(0, 40);
  const before = text
    .slice(Math.max(0, m.index - 20), m.index)
    .split(/[,，。;；!?！？\n]/)
    .pop()!;
  const near = `${before} ${after}`;
  // "最后一天" / "on the last day" names the way home only with a verb of leaving.
  if (
    /最后一天|last day/i.test(m[0]) &&
    !/走|回|离开|出发|飞|航班|返|\bleav|\bfly|\bdepart|\bhead|\bgo home/i.test(after)
  )
    return undefined;
  if (/\bbefore\s+(?:noon|midday|lunch)\b|中午(?:以前|之前|前)/i.test(after)) return ['05:00', '12:00'];
  if (/\bafter\s+(?:noon|lunch)\b|午饭后|中午(?:以后|之后|后)/i.test(after)) return ['12:30', '23:30'];
  const clock =
    /(?:(after|later than|not before|以后|之后|后)\s*)?(\d{1,2})(?::(\d{2}))?\s*(am|pm|点|时)?\s*(以后|之后|后|以前|之前|前)?/i;
  const hm = /(\d{1,2})(?::(\d{2}))?\s*(am|pm|点|时)/i.exec(after) ?? /(\d{1,2}):(\d{2})()/.exec(after);
  if (hm) {
    const c = clock.exec(after.slice(Math.max(0, hm.index - 12)));
    let h = Number(hm[1]);
    if (/pm/i.test(hm[3] ?? '') && h < 12) h += 12;
    // `返程6点以后`: a small hour on the way home without 早上/上午 is read in the afternoon or evening.
    if (
      /点|时/.test(hm[3] ?? '') &&
      h < 12 &&
      (/晚上|下午|傍晚/.test(near) || (h <= 7 && !/早|上午|凌晨/.test(near)))
    )
      h += 12;
    if (h > 23) return undefined;
    const at = `${String(h).padStart(2, '0')}:${hm[2] ?? '00'}`;
    const ahead = after.slice(Math.max(0, hm.index - 14), hm.index);
    const behind = after.slice(hm.index + hm[0].length, hm.index + hm[0].length + 4);
    if (/\bbefore\b|\bby\b|\bno later than\b/i.test(ahead) || /^\s*(?:以前|之前|前)/.test(behind))
      return ['05:00', at];
    if (c || /\bafter\b|\blater than\b/i.test(ahead) || /^\s*(?:以后|之后|后)/.test(behind))
      return [at, '23:30'];
    return [at, at];
  }
  for (const [re, window] of DAY_PARTS) if (re.test(near)) return [...window];
  return undefined;
}
