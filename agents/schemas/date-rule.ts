/**
 * The one date rule of every contract that takes travel dates (search, new plans, planning
 * requirements): a date must not be in the past, with one day of slack for time zones ahead of
 * UTC. "Today" comes from the clock of the parse in progress — {@link withContractClock} runs a
 * (synchronous) parse with the runtime's clock, so tests and replays decide what "now" is — and
 * from the system clock when no parse set one.
 */
import type { z } from 'zod';

let clock: (() => Date) | null = null;

/** Runs `parse` (synchronous: zod's `safeParse`) with `now` as the contracts' clock. */
export function withContractClock<T>(now: () => Date, parse: () => T): T {
  const previous = clock;
  clock = now;
  try {
    return parse();
  } finally {
    clock = previous;
  }
}

/** The earliest date the rule accepts (`YYYY-MM-DD`): yesterday in UTC by the current clock. */
export function earliestTravelDate(): string {
  const now = clock ? clock() : new Date();
  return new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
}

/** Whether an ISO date (`YYYY-MM-DD`) passes the rule. */
export function notPast(date: string): boolean {
  return date >= earliestTravelDate();
}

/**
 * Adds the rule's issue at `path` when `date` is in the past; `label` is the field's wire name
 * (`start_date`) for the message.
 */
export function checkNotPast(
  date: string | null | undefined,
  ctx: z.RefinementCtx,
  path: (string | number)[],
  label: string,
): void {
  if (date && !notPast(date)) ctx.addIssue({ code: 'custom', path, message: `${label} is in the past` });
}
