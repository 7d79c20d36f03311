/**
 * An itinerary written day by day (`第1天上海，第2-3天杭州`, `D1 到青岛 / D2 八大关`, `Day 1 Rome,
 * days 2-4 Florence`): the day markers give the trip's length (the last day named), a place right
 * after a marker is a stop of the trip, and a sight named as a day's programme is a must-visit.
 * Read only when the text has at least two markers and the first one is day 1 or 2, so a lone
 * `第3天` or `Day 2 of the conference` changes nothing.
 */
import { parseSmallNumber } from './text.js';

const NUM = String.raw`(?:\d{1,2}|[一二两三四五六七八九十]{1,3})`;
/** `第1天`, `第2-3天`, `第一天`, `D1`, `Day 1`, `Day1-2`, `days 2-4`. */
const MARK = String.raw`(?:第\s*(${NUM})\s*(?:[-–~到至]\s*(${NUM}))?\s*天|\b(?:D|[Dd]ays?|DAYS?)\s*(\d{1,2})(?:\s*[-–~]\s*(\d{1,2}))?(?!\d))`;
const RX_MARK = new RegExp(String.raw`${MARK}\s*[:：]?\s*`, 'g');
/** A marker (and `从`/`from`) right before a place: `第4天乌镇`, `Day 2: Kyoto`, `第5天从乌镇`. */
const RX_MARK_BEFORE = new RegExp(String.raw`${MARK}\s*[:：]?\s*(?:从|from\s+)?$`);

export interface DaySegment {
  first: number;
  last: number;
  /** Offsets of the day's programme in the text (after the marker, up to the next one or the line's end). */
  start: number;
  end: number;
}

function num(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  return /^\d+$/.test(s) ? Number(s) : parseSmallNumber(s);
}

/** The day segments of a day-by-day plan, in order; empty when the text is not one. */
export function daySegments(text: string): DaySegment[] {
  const marks: { first: number; last: number; at: number; end: number }[] = [];
  for (const m of text.matchAll(RX_MARK)) {
    const first = num(m[1] ?? m[3]);
    if (first === undefined || first < 1 || first > 30) continue;
    const last = num(m[2] ?? m[4]) ?? first;
    if (last < first || last > 30) continue;
    marks.push({ first, last, at: m.index, end: m.index + m[0].length });
  }
  if (marks.length < 2 || marks[0]!.first > 2) return [];
  return marks.map((k, i) => {
    const next = marks[i + 1]?.at ?? text.length;
    // The day's programme ends at the next marker, the line's end or the sentence's end.
    const stop = /\n|[。！？!?]|\.(?=\s|$)/g;
    stop.lastIndex = k.end;
    const m = stop.exec(text);
    return { first: k.first, last: k.last, start: k.end, end: m && m.index < next ? m.index : next };
  });
}

/** The trip's length a day-by-day plan gives (its last day), or undefined. */
export function dayPlanLength(segments: readonly DaySegment[]): number | undefined {
  if (segments.length < 2) return undefined;
  return Math.max(...segments.map((s) => s.last));
}

/** A marker and a verb of visiting right before a place: `D1 逛鼓浪屿`, `Day 2: visit Nara`. */
const RX_MARK_VISIT = new RegExp(
  String.raw`${MARK}\s*[:：]?\s*(?:逛逛?|游览?|玩|参观|打卡|看看?|爬|visit(?:ing)?|see(?:ing)?|explore)\s*$`,
  'i',
);

/** Whether `before` ends with a day marker and a verb of visiting (a sight of that day, not a stop). */
export function endsWithDayVisit(before: string): boolean {
  return RX_MARK_VISIT.test(before);
}

/** Whether a day marker ends right before `before`'s end (a place named as a day's stop). */
export function endsWithDayMark(before: string): boolean {
  return RX_MARK_BEFORE.test(before);
}

/** What a day's programme says that is no sight: travel, rest, shopping, the way home. */
const NOT_A_SIGHT =
  /从|回|返|出发|抵达|到达|机场|车站|高铁|火车|飞机|自由|休息|购物|逛街|市区|市内|老城|古城区|\b(?:arriv\w*|depart\w*|fly|flight|train|bus|drive|back|home|leave|leaving|airport|station|rest|free|shopping|shop|relax\w*|explore|old\s+town|downtown|city\s+cent(?:re|er)|travel|transfer|check[- ]?(?:in|out))\b/i;
/** Words around a sight's name: a verb before it, a time of day after it. */
const LEAD =
  /^(?:(?:逛逛?|游览?|玩|参观|打卡|看看?|爬|去|到|visit(?:ing)?|see(?:ing)?|tour(?:ing)?|hike|climb)\s*)+/i;
const TAIL =
  /\s*(?:(?:in|on)\s+the\s+(?:morning|afternoon|evening)|早上|上午|下午|晚上|一日游|一整天|all\s+day|(?:half|full)[- ]day)\s*$/i;

/**
 * The sights a day-by-day plan names as days' programmes (`D2 八大关`, `Day 3: Senso-ji in the
 * morning`, `Day 1-2 Edinburgh Castle and the Old Town`), without the places (`isPlace`), travel
 * and rest (`D5 返程`, `Day 4: shopping`) or a stop's city area (`乌鲁木齐市区`, `Ha Long Bay`).
 * `places` are the gazetteer's mentions in the text.
 */
export function daySights(
  text: string,
  segments: readonly DaySegment[],
  places: readonly { start: number; end: number; surface: string }[],
): string[] {
  const out: string[] = [];
  for (const seg of segments) {
    const sep = /\s*(?:[,，;；/|&+、]|和|与|\band\b|\s-\s)\s*/g;
    let from = seg.start;
    for (;;) {
      sep.lastIndex = from;
      const m = sep.exec(text);
      const to = m && m.index < seg.end ? m.index : seg.end;
      const name = dayPart(text, from, to, places);
      if (name && !out.includes(name)) out.push(name);
      if (!m || m.index >= seg.end) break;
      from = m.index + m[0].length;
    }
  }
  return out;
}

/** The sight one part of a day's programme names, or undefined. */
function dayPart(
  text: string,
  from: number,
  to: number,
  places: readonly { start: number; end: number; surface: string }[],
): string | undefined {
  const raw = text.slice(from, to);
  const name = raw.trim().replace(LEAD, '').replace(TAIL, '').trim();
  if (name.length < 2 || name.length > 40 || NOT_A_SIGHT.test(name) || /\d/.test(name)) return undefined;
  if (/^(?:the|a|an)\s/i.test(name)) return undefined;
  // `青岛`, `北京到承德`, `Ha Long Bay`, `乌鲁木齐市区`: stops, a route, a stop with a word for its area.
  let rest = raw;
  for (const p of places) if (p.start >= from && p.end <= to) rest = rest.replace(p.surface, ' ');
  if (/^(?:\s|到|至|去|逛|游|玩|→|->|-|\bto\b|\bbay\b|\bcity\b|\barea\b|市|城区|一带)*$/i.test(rest))
    return undefined;
  if (/^\p{Script=Han}/u.test(name) ? !/^[\p{Script=Han}·]{2,10}$/u.test(name) : !/[A-Z]/.test(name))
    return undefined;
  return name;
}
