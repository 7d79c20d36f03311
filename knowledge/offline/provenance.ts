/** Provenance records of the offline providers. */
import type { Provenance } from '../../agents/schemas/travel-plan.js';

/** Clock used for `retrievedAt`; injectable so tests and replays are deterministic. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** A record taken as it is from a data set. */
export function verified(clock: Clock, source: string, reference: string | null, note?: string): Provenance {
  return { source, retrievedAt: clock().toISOString(), kind: 'verified', reference, note: note ?? null };
}

/** A derived figure; `note` says how it was derived, in plain words. */
export function estimate(clock: Clock, source: string, reference: string | null, note: string): Provenance {
  return { source, retrievedAt: clock().toISOString(), kind: 'estimate', reference, note };
}
