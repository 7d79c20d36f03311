/**
 * Evening wishes in the plan: which of a city's places fulfil "a show", "a night view", "a night
 * market" or "a night cruise", which place a wish tied to a name means ("外滩夜景" is the Bund,
 * at night), and how an evening visit for the view is named ("外滩夜景", "The Bund night view").
 */
import type { Attraction } from '../ports/providers.js';
import type { EveningWish } from '../schemas/trip-request.js';
import { intervalsOn } from './opening-hours.js';
import { hoursOn, isEvening, nameMatches, namesOf } from './sights.js';

/** The tags (lower case) of the places that fulfil each kind of evening wish. */
const KIND_TAGS: Record<EveningWish['kind'], string[]> = {
  show: [
    'show',
    'theatre',
    'theater',
    'musicals',
    'cabaret',
    'opera',
    'sichuan opera',
    'acrobatics',
    'kabuki',
    'muay-thai',
  ],
  night_view: [
    'night-view',
    'night view',
    'light-show',
    'observation-deck',
    'observation deck',
    'skyline',
    'rooftop',
  ],
  night_market: ['night-market', 'night market'],
  night_cruise: ['cruise'],
};

const tagsOf = (a: Attraction): Set<string> => new Set([a.category, ...a.tags].map((t) => t.toLowerCase()));

/** True when the place fulfils that kind of evening wish. */
export function fulfils(a: Attraction, kind: EveningWish['kind']): boolean {
  const tags = tagsOf(a);
  return KIND_TAGS[kind].some((t) => tags.has(t));
}

/** True when the place is open after 19:00 on some day (or its hours are unknown but it is an evening thing). */
export function openInTheEvening(a: Attraction, date?: string): boolean {
  const hours = date ? hoursOn(a, date) : a.hours;
  if (!hours) return isEvening(a);
  const spans = date ? (intervalsOn(hours, date) ?? []) : hours.flat();
  return spans.some(([, close]) => close >= 19 * 60 + 30);
}

/**
 * The places that fulfil the evening wishes, in wish order, one per wish: for a wish tied to a
 * name, the matching place best suited to the evening (tagged for that kind, else open late); for a
 * kind alone, the best-ranked place of that kind open in the evening. `ranked` is best first.
 */
export function eveningPicks(ranked: Attraction[], wishes: readonly EveningWish[]): Attraction[] {
  const picks: Attraction[] = [];
  const taken = new Set<string>();
  for (const w of wishes) {
    const pool = ranked.filter((a) => !taken.has(a.id) && openInTheEvening(a));
    let pick: Attraction | undefined;
    if (w.place) {
      const place = placeCore(w.place);
      // "登上东方明珠": the 上 of 登上 is not part of the name (but is in 上海中心).
      const hits = pool.filter(
        (a) =>
          nameMatches(namesOf(a), place) ||
          (place.startsWith('上') && nameMatches(namesOf(a), place.slice(1))),
      );
      pick = hits.find((a) => fulfils(a, w.kind)) ?? hits.find((a) => isEvening(a)) ?? hits[0];
    } else {
      pick = pool.find((a) => fulfils(a, w.kind) && (isEvening(a) || w.kind !== 'night_view'));
      pick ??= pool.find((a) => fulfils(a, w.kind));
    }
    if (pick) {
      picks.push(pick);
      taken.add(pick.id);
    }
  }
  return picks;
}

/** Words of an evening wish around the place's name ("晴空塔看夜景", "the Bund at night"). */
const WISH_TAIL =
  /(?:(?:去|登上?|上)?(?:看|赏|观赏|欣赏)?(?:的)?(?:夜景|夜色|灯光秀|灯光|夜游|演出|表演|夜市)|\s+(?:at|by) night|\s+night\s*(?:view|views|cruise|market|show)s?|\s+lit up(?: at night)?|\s+show)$/i;
const WISH_HEAD = /^(?:去|登|看|逛|(?:the\s+)?night\s+views?\s+(?:of|from)\s+)/i;

/** The place named in an evening wish, without the evening words ("晴空塔看夜景" -> "晴空塔"). */
export function placeCore(place: string): string {
  let p = place.trim();
  for (let k = 0; k < 3; k++) {
    const next = p.replace(WISH_TAIL, '').replace(WISH_HEAD, '').trim();
    if (next === p || next.length < 2) break;
    p = next;
  }
  return p;
}

const NIGHT_WORDS = /夜|night|evening|show|秀|演出|cruise|market|市/i;

/**
 * The name of an evening visit made for the view: a night-view place seen after dark is named as
 * such ("外滩" becomes "外滩夜景", "Canton Tower" becomes "Canton Tower night view"); other names
 * are unchanged.
 */
export function eveningName(a: Attraction, name: string, lang: 'zh' | 'en'): string {
  if (!fulfils(a, 'night_view') || NIGHT_WORDS.test(name)) return name;
  return lang === 'zh' ? `${name}夜景` : `${name} night view`;
}
