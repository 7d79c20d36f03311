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
    re: /看(?:一场|场|个)?(?:演出|秀|表演|剧|话剧|音乐剧|歌剧|京剧|川剧|杂技|变脸|歌舞)|演出|表演|(?:音乐|歌舞|杂技|魔术|水)秀|音乐剧|歌剧|京剧|川剧|歌舞伎|杂技|变脸|\b(?:a|an|one|some|see|watch|catch|evening at a|night at a)\s+(?:[a-z-]+\s+)?shows?\b|\bmusicals?\b|\bcabaret\b|\btheat(?:re|er)\b|\bopera\b|\bbroadway\b|\bkabuki\b|\bacrobatics?\b/i,
  },
  { kind: 'night_market', re: /夜市|\bnight[- ]markets?\b/i },
  { kind: 'night_cruise', re: /夜游(?:船|江|河)?|游船夜|\bnight (?:cruise|boat)\b|\bevening cruise\b/i },
  {
    kind: 'night_view',
    re: /夜景|灯光秀|\bnight[- ]?views?\b|\bcity lights\b|\bskyline at night\b|\blights? show\b/i,
  },
];

/** Words that put the place next to them in the evening. */
const AT_NIGHT =
  /夜景|夜游|晚上|夜里|夜晚|傍晚|\bat night\b|\bby night\b|\bin the evening\b|\bat dusk\b|\bafter dark\b|\bnight view\b/i;

/** How far (characters) an evening word may stand from the place it qualifies. */
const NEAR_ZH = 6;
const NEAR_EN = 24;

/**
 * The evening wishes of a request text: the kinds asked for, each with the named place it is about
 * when a must-visit stands right next to the evening word.
 */
export function extractEveningWishes(text: string, mustVisit: readonly string[]): EveningWish[] {
  const out: EveningWish[] = [];
  const lower = text.toLowerCase();
  const placed = new Set<string>();
  for (const place of mustVisit) {
    const at = lower.indexOf(place.toLowerCase());
    if (at < 0) continue;
    const near = /[\u3400-\u9fff]/.test(place) ? NEAR_ZH : NEAR_EN;
    const around = text.slice(Math.max(0, at - near), at + place.length + near);
    const m = AT_NIGHT.exec(around);
    if (!m) continue;
    const kind = KINDS.find((k) => k.re.test(around))?.kind ?? 'night_view';
    out.push({ kind, place });
    placed.add(kind);
  }
  for (const { kind, re } of KINDS) {
    if (placed.has(kind) || !re.test(text)) continue;
    out.push({ kind });
  }
  return out;
}
