/**
 * Evening wishes: what the traveller wants to do after dark (a show, a night view, a night market,
 * a night cruise), and which named places they want to see at night ("外滩夜景", "晚上看广州塔",
 * "Gardens by the Bay at night"). General vocabulary written by hand; the planner puts these in
 * the evening rather than the morning.
 */
import type { EveningWish } from '../schemas/trip-request.js';

const KINDS: { kind: EveningWish['kind']; re: RegExp }[] = [
  {
    kind: 'show',
    re: /看(?:一场|场|个)?(?:演出|秀|表演|剧|话剧|音乐剧|歌剧|京剧|川剧|杂技|变脸|歌舞)|演出|表演|(?:音乐|歌舞|杂技|魔术|水)秀|音乐剧|话剧|歌剧|京剧|川剧|歌舞伎|杂技|变脸|演唱会|音乐会|相声|脱口秀|^秀$|^戏$|\b(?:a|an|one|some|see|watch|catch|evening at a|night at a)\s+(?:[a-z-]+\s+)?shows?\b|^shows?$|^performances?$|\bconcerts?\b|\blive (?:music|bands?)\b|\bgigs?\b|\bmusicals?\b|\bcabaret\b|\bballet\b|\bjazz (?:clubs?|bars?)\b|\btheat(?:re|er)\b|\bopera\b|\bbroadway\b|\bkabuki\b|\bacrobatics?\b|泰拳|\bmuay thai\b|\bboxing\b|\bsumo\b/i,
  },
  { kind: 'night_market', re: /夜市|\bnight[- ]markets?\b/i },
  {
    kind: 'night_cruise',
    re: /夜游(?:船|江|河)?|游船夜|\bnight (?:cruise|boat)\b|\b(?:evening|dinner|sunset)\s+(?:\w+\s+)?cruise\b/i,
  },
  {
    kind: 'night_view',
    re: /夜景|灯光秀|\bnight[- ]?views?\b|\bnight tours?\b|\bcity lights\b|\bskyline at night\b|\blights? show\b/i,
  },
];

/** Words that put the place next to them in the evening. */
const AT_NIGHT =
  /夜景|夜游|晚上|夜里|夜晚|傍晚|\bat night\b|\bby night\b|\bin the evening\b|\bat dusk\b|\bafter dark\b|\bnight view\b/i;

const CLAUSE_END = ['，', ',', '。', '；', ';', '！', '!', '？', '?', '\n'];
const firstClauseEnd = (s: string): number => {
  const at = [...CLAUSE_END].map((p) => s.indexOf(p)).filter((i) => i >= 0);
  return at.length > 0 ? Math.min(...at) : s.length;
};

/** How far (characters) an evening word may stand from the place it qualifies. */
const NEAR_ZH = 6;
const NEAR_EN = 24;

/** The kind of evening outing a word names (`演出` show, `夜景` night view), if any. */
export function eveningKindOf(word: string): EveningWish['kind'] | undefined {
  return KINDS.find((k) => k.re.test(word))?.kind;
}

/**
 * The evening wishes of a request: first the must-visits the text puts at night (a place with an
 * evening word right next to it: 外滩夜景, "Gardens by the Bay at night"), then one wish per kind
 * among the evening words the parser read (`words`: already checked for negation and for being
 * part of a name, see `extractEvenings`), unless a place-tied wish already has that kind.
 */
export function extractEveningWishes(
  text: string,
  mustVisit: readonly string[],
  words: readonly string[],
): EveningWish[] {
  const out: EveningWish[] = [];
  const lower = text.toLowerCase();
  const placed = new Set<string>();
  for (const place of mustVisit) {
    const at = lower.indexOf(place.toLowerCase());
    if (at < 0) continue;
    // `个演出`, `个musical`: the evening word itself read as a must-visit is not a place.
    if (words.some((w) => place.toLowerCase().includes(w.toLowerCase()))) continue;
    const near = /[\u3400-\u9fff]/.test(place) ? NEAR_ZH : NEAR_EN;
    // The evening word must be in the place's clause (`看雨林，晚上逛夜市`: the night is the market's).
    const left = text.slice(Math.max(0, at - near), at);
    const right = text.slice(at + place.length, at + place.length + near);
    const around =
      left.slice(Math.max(...[...CLAUSE_END].map((p) => left.lastIndexOf(p))) + 1) +
      place +
      right.slice(0, firstClauseEnd(right));
    const m = AT_NIGHT.exec(around);
    if (!m) continue;
    const kind = KINDS.find((k) => k.re.test(around))?.kind ?? 'night_view';
    out.push({ kind, place });
    placed.add(kind);
  }
  for (const w of words) {
    const kind = eveningKindOf(w);
    if (!kind || placed.has(kind)) continue;
    out.push({ kind });
    placed.add(kind);
  }
  return out;
}
