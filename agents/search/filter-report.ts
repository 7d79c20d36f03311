/**
 * Strict search filters that explain themselves: applied in order, so when nothing is left the
 * answer can say which filter removed the last results, and which items came nearest (the ones
 * missing the fewest filters, each with the filters it misses).
 */

/** One named filter of a search. */
export interface SearchFilter<T> {
  /** The request field it comes from, e.g. `filters.max_stops`. */
  field: string;
  /** What it asked for, in words: "at most 0 stops" / "最多 0 次中转". */
  label: { zh: string; en: string };
  pass: (item: T) => boolean;
}

/** Why a search has no results (null when it has some, or the provider returned nothing). */
export interface EmptyReason {
  /** The filter that removed the last results. */
  filter: string;
  /** How many results were left just before it. */
  remainingBefore: number;
  message: string;
  messageZh: string;
}

export interface FilterOutcome<T> {
  kept: T[];
  emptyReason: EmptyReason | null;
  /** When nothing is kept: the nearest items (fewest filters missed, then in rank order). */
  nearest: { item: T; missed: string[] }[];
}

/** Applies the filters in order; `items` are in rank order and stay so. */
export function applyFilters<T>(items: T[], filters: SearchFilter<T>[], nearestLimit = 3): FilterOutcome<T> {
  let remaining = items;
  let emptyReason: EmptyReason | null = null;
  for (const f of filters) {
    const next = remaining.filter(f.pass);
    if (next.length === 0 && remaining.length > 0) {
      emptyReason = {
        filter: f.field,
        remainingBefore: remaining.length,
        message: `No result is left after the filter ${f.field} (${f.label.en}): it removed the last ${remaining.length}. The nearest matches are listed.`,
        messageZh: `筛选条件 ${f.field}（${f.label.zh}）去掉了剩下的 ${remaining.length} 个结果，因此没有完全符合的结果；下面列出最接近的选项。`,
      };
    }
    remaining = next;
    if (remaining.length === 0) break;
  }
  if (remaining.length > 0 || items.length === 0) return { kept: remaining, emptyReason: null, nearest: [] };
  const scored = items.map((item, rank) => ({
    item,
    rank,
    missed: filters.filter((f) => !f.pass(item)).map((f) => f.field),
  }));
  scored.sort((a, b) => a.missed.length - b.missed.length || a.rank - b.rank);
  return {
    kept: [],
    emptyReason,
    nearest: scored.slice(0, nearestLimit).map(({ item, missed }) => ({ item, missed })),
  };
}
