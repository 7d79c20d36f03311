/**
 * Misspelt time words in English ("5 dyas", "a weeek", "in novmber", "this weeknd", "the sumer"):
 * a word one letter short, one letter long, or with two neighbouring letters swapped, against a
 * small closed vocabulary of time words, becomes that word. Substitutions are not corrected
 * ("ways" is not "days"), the first letter must match, and real words of the vocabulary stay.
 * Same length in, same length out is not needed: this runs before the working text is built.
 */

const VOCAB = [
  'day',
  'days',
  'week',
  'weeks',
  'weekend',
  'weekends',
  'month',
  'months',
  'night',
  'nights',
  'january',
  'february',
  'march',
  'april',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'spring',
  'summer',
  'autumn',
  'winter',
  'show',
  'shows',
];
/**
 * Words of the hotel tier and the budget (`cheep hotel`, `hotle`, `luxary`): besides a swap or a letter
 * more or less, one vowel written for another is corrected too (only for these words: `Jane` is no
 * `June`).
 */
const TIER_VOCAB = [
  'cheap',
  'cheaper',
  'cheapest',
  'hotel',
  'hotels',
  'hostel',
  'hostels',
  'budget',
  'luxury',
];
VOCAB.push(...TIER_VOCAB);
const VOWEL_SWAPPABLE = new Set(TIER_VOCAB);
const KNOWN = new Set(VOCAB);

/** Real words a step away from a time word, left alone. */
const KEEP = new Set([
  'moth',
  'moths',
  'nigh',
  'mach',
  'marc',
  'shown',
  'showy',
  'sprig',
  'dray',
  'augusta',
  'weak',
  'chap',
  'budge',
  'hotly',
]);

const MONTH_NAMES = new Set(VOCAB.slice(10, 21));

/** Whether `a` is `b` with one vowel written for another (`cheep`, `luxary`). */
function oneVowelSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = -1;
  for (let i = 0; i < a.length; i++)
    if (a[i] !== b[i]) {
      if (diff >= 0) return false;
      diff = i;
    }
  return diff > 0 && /[aeiouy]/.test(a[diff]!) && /[aeiouy]/.test(b[diff]!);
}

/** The vocabulary by first letter (a typo keeps its first letter). */
const BY_FIRST_LETTER = new Map<string, string[]>();
for (const v of VOCAB) BY_FIRST_LETTER.set(v[0]!, [...(BY_FIRST_LETTER.get(v[0]!) ?? []), v]);

/** Whether `a` becomes `b` by deleting one letter. */
function oneDeletion(a: string, b: string): boolean {
  if (a.length !== b.length + 1) return false;
  let i = 0;
  while (i < b.length && a[i] === b[i]) i++;
  return a.slice(i + 1) === b.slice(i);
}

function oneTransposition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i < a.length - 1 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/** The time word `word` (lower case) is a misspelling of, if any. */
export function timeWordFor(word: string): string | undefined {
  const w = word.toLowerCase();
  if (w.length < 4 || KNOWN.has(w) || KEEP.has(w)) return undefined;
  const byLetter = BY_FIRST_LETTER.get(w[0]!);
  if (!byLetter) return undefined;
  // A swap first (`dasy` is `days`, not `day` with an extra letter), then a letter more or less.
  const near = byLetter.filter((v) => Math.abs(v.length - w.length) <= 1);
  if (near.length === 0) return undefined;
  return (
    near.find((v) => oneTransposition(w, v)) ??
    near.find((v) => oneDeletion(w, v) || oneDeletion(v, w)) ??
    near.find((v) => VOWEL_SWAPPABLE.has(v) && oneVowelSwap(w, v))
  );
}

/** "for a weak", "one weak in Rome": the noun after an article or a number is a week. */
const RX_WEAK =
  /\b(for|a|one|two|three|per|next|this|\d{1,2})\s+weak\b(?=\s*(?:[,.;!?)]|$|in\b|from\b|of\b|with\b|and\b|or\b|to\b|at\b))/gi;

/**
 * Corrects misspelt English time words in `text`. A capitalised word (a name: Daye, Springs) is
 * corrected only to a month name, which keeps its capital.
 */
export function correctTimeTypos(text: string): string {
  if (!/[a-z]/i.test(text)) return text;
  return text.replace(RX_WEAK, '$1 week').replace(/\b[A-Za-z]{4,10}\b/g, (word) => {
    const fixed = timeWordFor(word);
    if (!fixed) return word;
    if (!/^[A-Z]/.test(word)) return fixed;
    return MONTH_NAMES.has(fixed) ? fixed[0]!.toUpperCase() + fixed.slice(1) : word;
  });
}
