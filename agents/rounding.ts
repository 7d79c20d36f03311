/** Rounding of amounts (money, distances) to cents: the repository's one `round2`. */
export const round2 = (n: number): number => Math.round(n * 100) / 100;
