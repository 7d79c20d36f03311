/**
 * Plan edits as typed operations: the {@link EditOp} union (one zod schema, used by the chat turn
 * engine, the MCP `edit_plan` tool and `PUT /v1/travel-plans/{id}/optimize`), and the parser that
 * reads one from a Chinese or English sentence.
 *
 * The parser works with general rules, not phrase lists: it finds the edit's TARGET (the hotel, a
 * day, a place, a meal, the intercity transport, the dates, length, budget or party) and its
 * DIRECTION (cheaper / better / closer, add / remove / move, lighter / fuller, a mode, a shift, a
 * value) independently, reading values with the request parser (agents/nlu), so "换一个便宜点的酒店",
 * "the hotel is too expensive", "第二天加上迪士尼", "make day 3 more relaxed", "we'd rather take the
 * train" and "晚一天出发" are all read the same way as their many paraphrases.
 * Pure: nothing in the text is executed; unknown text yields `null`.
 */
import { z } from 'zod';
import { parseSmallNumber } from '../nlu/text.js';
import { IntercityMode } from '../schemas/trip-request.js';
import { MealType } from '../schemas/travel-plan.js';

/** A day of the plan, 1-based. */
const Day = z.number().int().min(1).max(60);
const Name = z.string().trim().min(1).max(120);

/** Replace the stay (of one city, or every city): cheaper, better, closer to a place, or a named one. */
export const ReplaceHotelOp = z.object({
  op: z.literal('replace_hotel'),
  criterion: z.enum(['cheaper', 'better', 'closer', 'named']),
  /** City whose stay changes (default: every stay). */
  city: Name.nullish(),
  /** `closer`: the place to be near. */
  near: Name.nullish(),
  /** `named`: the hotel wanted. */
  name: Name.nullish(),
  /** The kind of stay wanted (a `hotel` is never swapped for dorm beds); default: any private stay. */
  kind: z.enum(['hotel', 'apartment', 'hostel', 'resort', 'guesthouse']).nullish(),
});
/** Add a place (on a day, or wherever it fits best). */
export const AddPlaceOp = z.object({ op: z.literal('add_place'), place: Name, day: Day.nullish() });
/** Remove a place from the plan. */
export const RemovePlaceOp = z.object({ op: z.literal('remove_place'), place: Name });
/** Move a place to another day. */
export const MovePlaceOp = z.object({ op: z.literal('move_place'), place: Name, toDay: Day });
/** Make one day lighter (one sight fewer) or fuller (one more). */
export const AdjustDayOp = z.object({
  op: z.literal('adjust_day'),
  day: Day,
  direction: z.enum(['lighter', 'fuller']),
});
/** Travel between cities by another mode. */
export const ChangeModeOp = z.object({ op: z.literal('change_intercity_mode'), mode: IntercityMode });
/** Leave `days` later (negative: earlier), or on a given date. */
export const ChangeDatesOp = z.object({
  op: z.literal('change_dates'),
  shiftDays: z.number().int().min(-60).max(60).nullish(),
  startDate: z.iso.date().nullish(),
});
/** Trip length in days. */
export const ChangeLengthOp = z.object({ op: z.literal('change_length'), days: Day });
/** Budget for the whole party (or per person). */
export const ChangeBudgetOp = z.object({
  op: z.literal('change_budget'),
  amount: z.number().positive().max(1e9),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullish(),
  perPerson: z.boolean().default(false),
});
/** The party. */
export const ChangePartyOp = z.object({
  op: z.literal('change_party'),
  adults: z.number().int().min(1).max(50),
  children: z.number().int().min(0).max(50).default(0),
});
/** A meal of a cuisine (on a day and meal, or the first meal where it fits). */
export const ChangeMealOp = z.object({
  op: z.literal('change_meal'),
  cuisine: Name,
  day: Day.nullish(),
  meal: MealType.nullish(),
});
/** A day trip to another city: out in the morning, back to the same hotel at night (no overnight stop). */
export const AddDayTripOp = z.object({ op: z.literal('add_day_trip'), city: Name, day: Day.nullish() });

/** One edit of a plan. */
export const EditOp = z.discriminatedUnion('op', [
  ReplaceHotelOp,
  AddPlaceOp,
  RemovePlaceOp,
  MovePlaceOp,
  AdjustDayOp,
  ChangeModeOp,
  ChangeDatesOp,
  ChangeLengthOp,
  ChangeBudgetOp,
  ChangePartyOp,
  ChangeMealOp,
  AddDayTripOp,
]);
export type EditOp = z.infer<typeof EditOp>;
export type EditOpInput = z.input<typeof EditOp>;

/** Edit kinds that change the request itself: the planner plans again (they touch every day). */
export const REQUEST_LEVEL_OPS: ReadonlySet<EditOp['op']> = new Set([
  'change_intercity_mode',
  'change_dates',
  'change_length',
  'change_budget',
  'change_party',
]);

/** Values the request parser found in the same sentence (agents/nlu parseTripText), when given. */
export interface ParsedValues {
  days?: number | null;
  startDate?: string | null;
  budget?: { amount: number; currency: string; perPerson: boolean } | null;
  travelers?: { adults: number; children: number } | null;
  /** True when the parser found the party in the text (not a default). */
  travelersFound?: boolean;
  cuisines?: readonly string[];
  destinations?: readonly string[];
}

export interface EditParseContext {
  /** Number of days of the current plan (to read "the last day"). */
  planDays: number;
  /** Names of the plan's places (to find the place a sentence names). */
  planPlaces?: readonly string[];
  /** Names of places the plan could add (the cities' attractions). */
  knownPlaces?: readonly string[];
  /** Values the request parser read from the sentence. */
  values?: ParsedValues;
}

// ---------------------------------------------------------------- vocabulary (general rules)

const DAY_ZH = /第\s*([0-9一二两三四五六七八九十]+)\s*天/;
const DAY_EN = /\bday\s*(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b/i;
const ORDINAL_EN = /\b(first|second|third|fourth|fifth|sixth|seventh|last)\s+day\b/i;
const ORDINALS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
};

const HOTEL =
  /酒店|宾馆|饭店|住宿|住的地方|民宿|旅馆|客栈|hotel|stay\b|accommodation|place to stay|lodging|hostel/i;
const CHEAPER =
  /便宜|实惠|省钱|划算|经济|太贵|贵了|低一点|cheaper|less expensive|too expensive|budget|lower (?:price|cost)|save money|affordable/i;
const BETTER =
  /好一点|好一些|更好|高档|豪华|星级高|高级|舒适|升级|better|nicer|upscale|luxur|fancier|more comfortable|upgrade|higher[- ]rated/i;
const CLOSER_ZH = /(?:离|靠近|挨着|在)\s*([^，。,.!！?？的]{1,20}?)\s*(?:近|附近|旁边|边上)/;
const CLOSER_EN =
  /\b(?:closer to|near(?:er)?(?: to)?|next to|close to|walking distance (?:of|to|from))\s+(?:the\s+)?([^,.!?]{2,40})/i;
const NAMED_HOTEL_ZH = /(?:换成|改成|改住|换到|住到|住进|想住)\s*([^，。,.!！?？]{2,30})/;
const NAMED_HOTEL_EN = /\b(?:switch to|change to|stay at|book)\s+(?:the\s+)?([^,.!?]{2,60})/i;

const ADD =
  /加上|加个|加一个|增加|添加|安排上|安排一下|想去|也去|顺便去|加入|\badd\b|\binclude\b|fit in|squeeze in|\bvisit\b|also (?:go|see)/i;
const REMOVE =
  /去掉|删掉|删除|不去|取消|不要去|不想去|拿掉|\bremove\b|\bdrop\b|\bskip\b|\bcut\b|don'?t (?:want to )?(?:go|visit)|no longer/i;
const MOVE = /(?:挪|移|换|调|放|改)到|\bmove\b|\bshift\b|\breschedule\b/i;
const LIGHTER =
  /轻松|悠闲|少一点|少安排|别太累|不要太累|宽松|太满|太赶|太累|休息|relax|lighter|less packed|easier|slower|fewer|too (?:busy|packed|much|tiring)|take it easy|rest/i;
const FULLER =
  /充实|多一点|多安排|紧凑|丰富|太空|太闲|fuller|more packed|busier|more (?:things|sights|places|to do|activities)|too (?:empty|light)/i;

const MODE_WORDS: [RegExp, IntercityMode][] = [
  [/火车|高铁|动车|铁路|\btrain\b|\brail\b|railway/i, 'train'],
  [/大巴|长途汽车|巴士|\bbus\b|\bcoach\b/i, 'bus'],
  [/自驾|开车|租车|\bdriv(?:e|ing)\b|road trip|rent a car/i, 'self_driving'],
  [/飞机|航班|坐飞|\bfly\b|\bflight\b|\bplane\b/i, 'flight'],
];
const NOT_MODE =
  /不坐|不想坐|不要坐|不乘|别坐|avoid|no (?:more )?flights?|don'?t (?:want to )?(?:fly|take)|instead of/i;

const LATER_ZH =
  /(?:晚|推迟|延后|推后|往后推)\s*([0-9一二两三四五六七八九十]+)?\s*(?:天|日)?\s*(?:出发|走|动身)?/;
const EARLIER_ZH = /(?:早|提前|提早)\s*([0-9一二两三四五六七八九十]+)?\s*(?:天|日)\s*(?:出发|走|动身)?/;
const LATER_EN =
  /\b(?:(a|one|two|three|\d+)\s+days?\s+later|push (?:it |the trip )?back(?: by)?\s*(a|one|two|three|\d+)?\s*days?|postpone)/i;
const EARLIER_EN = /\b(a|one|two|three|\d+)\s+days?\s+earlier|leave earlier/i;
const DEPART = /出发|启程|动身|走|leave|depart|start|set off|go\b/i;

const LENGTH_MORE = /多玩|多待|多留|加一天|延长|one more day|an extra day|extra day|stay longer|another day/i;
const LENGTH_LESS = /少玩|少待|缩短|减一天|one day (?:less|fewer|shorter)|shorter|cut (?:a|one) day/i;
const LENGTH_SET =
  /(?:改成|变成|改为|只玩|玩|make it|change (?:it )?to|only)\s*([0-9一二两三四五六七八九十]+|\w+)\s*(?:天|days?)/i;

const BUDGET = /预算|花费|总共花|budget|spend|afford/i;
const PARTY = /(?:个人|位|人|people|persons?|adults?|kids?|children|child|travell?ers)/i;
const PARTY_CHANGE =
  /改成|变成|一共|总共|加一个人|多一个人|多一人|再加|还有|带上|another person|one more person|now\s+\d|we are|we're|there are|party of/i;

const MEAL_ZH: [RegExp, z.infer<typeof MealType>][] = [
  [/早餐|早饭|早点/, 'breakfast'],
  [/午餐|午饭|中饭|中午/, 'lunch'],
  [/晚餐|晚饭|晚上吃|夜宵/, 'dinner'],
];
const MEAL_EN: [RegExp, z.infer<typeof MealType>][] = [
  [/\bbreakfast\b/i, 'breakfast'],
  [/\blunch\b/i, 'lunch'],
  [/\bdinner\b|\bsupper\b/i, 'dinner'],
];
const EAT = /吃|餐|饭|菜|料理|美食|\beat\b|\bfood\b|cuisine|\bmeal\b|restaurant|lunch|dinner|breakfast/i;
const DAY_TRIP = /一日游|当天来回|日归|day[- ]trip|side trip|excursion/i;

const UNDO =
  /^(?:撤销|撤回|恢复|还原|改回去|改回来|回到上一版|回退|返回上一步|取消(?:刚才|上次|上一次)?的?(?:修改|改动|更改)|undo|revert|go back|roll ?back|undo (?:that|the last (?:change|edit)))[\s。.!！,，]*(?:吧|一下|please)?[\s。.!！]*$/i;

/** "撤销" / "undo" (and close paraphrases): restore the previous plan version. */
export function isUndo(text: string): boolean {
  const t = text.trim();
  return UNDO.test(t) || /^(?:请|帮我)?(?:撤销|撤回)/.test(t) || /^(?:please\s+)?undo\b/i.test(t);
}

function dayOf(text: string, planDays: number): number | undefined {
  if (/最后一天|last day/i.test(text)) return planDays;
  if (/第一天|首日|first day/i.test(text)) return 1;
  const zh = DAY_ZH.exec(text);
  if (zh) return parseSmallNumber(zh[1]!);
  const en = DAY_EN.exec(text);
  if (en) return parseSmallNumber(en[1]!);
  const ord = ORDINAL_EN.exec(text);
  if (ord) return ord[1]!.toLowerCase() === 'last' ? planDays : ORDINALS[ord[1]!.toLowerCase()];
  return undefined;
}

/** All days a sentence names, in order ("从第二天挪到第三天" -> [2, 3]). */
function daysOf(text: string, planDays: number): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(new RegExp(DAY_ZH.source, 'g'))) {
    const n = parseSmallNumber(m[1]!);
    if (n) out.push(n);
  }
  for (const m of text.matchAll(new RegExp(DAY_EN.source, 'gi'))) {
    const n = parseSmallNumber(m[1]!);
    if (n) out.push(n);
  }
  if (out.length === 0) {
    const d = dayOf(text, planDays);
    if (d) out.push(d);
  }
  return out;
}

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[\s'’"“”()（）·・.,，。!！?？-]/g, '')
    .replace(/(?:the|a|an)(?=[a-z])/g, '');

/**
 * The known place a sentence names: the longest name (or the longest shared core of at least two
 * characters, e.g. "迪士尼" in "上海迪士尼度假区", "Disney" in "Shanghai Disneyland") found in it.
 */
const GENERIC =
  /^(?:乐园|公园|博物馆|美术馆|大厦|广场|寺|庙|路|街|步行街|中心|酒店|饭店|餐厅|上海|北京|park|museum|tower|temple|street|square|center|centre|hotel|garden|gardens|market|road)$/;

export function findPlace(text: string, names: readonly string[], minCoverage = 0): string | undefined {
  const t = norm(text);
  let best: { name: string; score: number } | undefined;
  for (const name of names) {
    const n = norm(name);
    if (n.length < 2) continue;
    let score = 0;
    if (t.includes(n)) score = n.length * 2;
    else {
      // The longest substring of the name (>= 2 CJK or >= 4 Latin characters) that the text contains.
      const latin = /^[a-z0-9]+$/.test(n);
      const min = latin ? 4 : 2;
      for (let len = Math.min(n.length, 24); len >= min && score === 0; len--) {
        for (let i = 0; i + len <= n.length; i++) {
          const core = n.slice(i, i + len);
          if (t.includes(core) && !GENERIC.test(core) && len >= minCoverage * t.length) {
            score = len;
            break;
          }
        }
      }
    }
    if (score > 0 && (!best || score > best.score)) best = { name, score };
  }
  return best?.name;
}

function shiftOf(m: RegExpExecArray | null): number | undefined {
  if (!m) return undefined;
  const raw = m.slice(1).find((g) => g !== undefined);
  if (raw === undefined) return 1;
  return parseSmallNumber(raw) ?? (/^an?$/i.test(raw) ? 1 : undefined);
}

/**
 * Reads one edit from a sentence, or `null` when it asks for none. See the module comment.
 * Check {@link isUndo} first: undo is not an edit of the plan but a return to an earlier version.
 */
export function parseEditOp(text: string, ctx: EditParseContext): EditOp | null {
  const t = (typeof text === 'string' ? text : '').slice(0, 2000);
  if (t.trim() === '') return null;
  const v = ctx.values ?? {};
  const days = daysOf(t, ctx.planDays);
  const planPlace = ctx.planPlaces ? findPlace(t, ctx.planPlaces) : undefined;

  // Hotel: a stay named as the target, with a direction.
  if (HOTEL.test(t) && !DAY_TRIP.test(t)) {
    const closer = CLOSER_ZH.exec(t) ?? CLOSER_EN.exec(t);
    if (closer) return { op: 'replace_hotel', criterion: 'closer', near: closer[1]!.trim() };
    if (CHEAPER.test(t)) return { op: 'replace_hotel', criterion: 'cheaper' };
    if (BETTER.test(t)) return { op: 'replace_hotel', criterion: 'better' };
    const named = NAMED_HOTEL_ZH.exec(t) ?? NAMED_HOTEL_EN.exec(t);
    if (named) return { op: 'replace_hotel', criterion: 'named', name: named[1]!.trim() };
    if (/换|change|another|different|switch/i.test(t)) return { op: 'replace_hotel', criterion: 'better' };
  }

  // Day trip to another city.
  if (DAY_TRIP.test(t)) {
    const city = v.destinations?.[0];
    if (city) return { op: 'add_day_trip', city, day: days[0] ?? null };
  }

  // A meal or cuisine (the parser's cuisine words: 火锅, 烤鸭, sushi, Italian, ...).
  const cuisine = v.cuisines?.[0];
  if (cuisine && EAT.test(t)) {
    const meal = [...MEAL_ZH, ...MEAL_EN].find(([re]) => re.test(t))?.[1];
    return { op: 'change_meal', cuisine, day: days[0] ?? null, meal: meal ?? null };
  }

  // Moving a place of the plan to another day.
  if (planPlace && MOVE.test(t) && days.length > 0) {
    return { op: 'move_place', place: planPlace, toDay: days[days.length - 1]! };
  }
  // Removing a place of the plan.
  if (planPlace && REMOVE.test(t)) return { op: 'remove_place', place: planPlace };

  // Adding a place: a known place named with an "add" word, or a day with a place.
  const known = ctx.knownPlaces ? findPlace(t, ctx.knownPlaces) : undefined;
  if (ADD.test(t) && !HOTEL.test(t)) {
    const place = known ?? addedName(t);
    if (place && place !== planPlace) return { op: 'add_place', place, day: days[0] ?? null };
  }

  // A day lighter or fuller.
  if (days.length > 0 || /这一天|那天|that day|this day/i.test(t)) {
    const day = days[0] ?? 1;
    if (LIGHTER.test(t)) return { op: 'adjust_day', day, direction: 'lighter' };
    if (FULLER.test(t)) return { op: 'adjust_day', day, direction: 'fuller' };
  }

  // Intercity mode ("we'd rather take the train", "不坐飞机了，坐高铁").
  const modes = MODE_WORDS.filter(([re]) => re.test(t)).map(([, m]) => m);
  if (modes.length > 0 && !BUDGET.test(t)) {
    const negated = NOT_MODE.test(t);
    const wanted = negated ? modes.find((m) => m !== 'flight') : modes[0];
    if (wanted) return { op: 'change_intercity_mode', mode: wanted };
    if (negated && modes.includes('flight')) return { op: 'change_intercity_mode', mode: 'train' };
  }

  // Dates: leave later / earlier, or on a date.
  const later = LATER_ZH.exec(t);
  if (later && DEPART.test(t) && /晚|推迟|延后|推后|往后/.test(later[0])) {
    return { op: 'change_dates', shiftDays: shiftOf(later) ?? 1 };
  }
  const earlier = EARLIER_ZH.exec(t);
  if (earlier && DEPART.test(t)) return { op: 'change_dates', shiftDays: -(shiftOf(earlier) ?? 1) };
  const laterEn = LATER_EN.exec(t);
  if (laterEn) return { op: 'change_dates', shiftDays: shiftOf(laterEn) ?? 1 };
  const earlierEn = EARLIER_EN.exec(t);
  if (earlierEn) return { op: 'change_dates', shiftDays: -(shiftOf(earlierEn) ?? 1) };
  if (v.startDate && DEPART.test(t) && /改|换|instead|change|move|rather|actually/i.test(t)) {
    return { op: 'change_dates', startDate: v.startDate };
  }

  // Length.
  if (LENGTH_MORE.test(t)) return { op: 'change_length', days: ctx.planDays + 1 };
  if (LENGTH_LESS.test(t) && ctx.planDays > 1) return { op: 'change_length', days: ctx.planDays - 1 };
  const len = LENGTH_SET.exec(t);
  if (len && v.days) return { op: 'change_length', days: v.days };

  // Budget.
  if (BUDGET.test(t) && v.budget) {
    return {
      op: 'change_budget',
      amount: v.budget.amount,
      currency: v.budget.currency,
      perPerson: v.budget.perPerson,
    };
  }
  // Party.
  if (PARTY.test(t) && PARTY_CHANGE.test(t) && v.travelersFound && v.travelers) {
    return { op: 'change_party', adults: v.travelers.adults, children: v.travelers.children };
  }
  return null;
}

/** The name after an "add" word when it is not a known place ("加上迪士尼" -> "迪士尼"). */
function addedName(text: string): string | undefined {
  const zh = /(?:加上|加个|加一个|增加|添加|安排上|想去|也去|顺便去|加入)\s*([^，。,.!！?？\s]{2,20})/.exec(
    text,
  );
  if (zh) return zh[1]!.replace(/(?:吧|呢|啊|嘛|一下|这个地方)$/, '').trim() || undefined;
  const en =
    /\b(?:add|include|visit|fit in|squeeze in)\s+(?:the\s+)?([^,.!?]{2,40}?)(?:\s+(?:on|to|in|for)\s+(?:day|the)\b.*)?$/i.exec(
      text.trim(),
    );
  return en ? en[1]!.trim() : undefined;
}
