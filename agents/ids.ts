/**
 * Identifier generation. Ids are `<prefix>_<ULID>`: globally unique, URL-safe, and sortable by
 * creation time (a ULID starts with a millisecond timestamp), which the message store relies on to
 * page a conversation by time and `before_message_id`. Request ids follow the seed's own format
 * (`req_` + 16 hex digits) and come from `newRequestId` in schemas/envelope.ts.
 */
import { monotonicFactory } from 'ulid';

const nextUlid = monotonicFactory();

export const ID_PREFIXES = {
  user: 'user',
  plan: 'plan',
  conversation: 'conv',
  message: 'msg',
  session: 'session',
  interaction: 'ix',
  task: 'task',
  document: 'doc',
  attachment: 'att',
  toolCall: 'call',
  destination: 'dest',
  flight: 'flt',
  accommodation: 'acc',
  activity: 'act',
  booking: 'bkg',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

/** A new time-ordered id such as `plan_01JH...`. `now` (ms) is for tests and deterministic seeding. */
export function newId(kind: IdKind, now?: number): string {
  return `${ID_PREFIXES[kind]}_${nextUlid(now)}`;
}

/** True when `id` has the prefix of `kind` and a well-formed ULID body. */
export function isIdOf(kind: IdKind, id: string): boolean {
  return new RegExp(`^${ID_PREFIXES[kind]}_[0-9A-HJKMNP-TV-Z]{26}$`).test(id);
}
