/**
 * The messages of the async workflow queues (one zod schema per contract). Every queue also takes
 * a `sweep` message, which the EventBridge schedule sends: its consumer fans out one message per
 * trip to watch. `dedupeKey` names the unit of work, so a duplicate delivery or a re-sent message
 * for the same work is recognised by the consumer's idempotency record.
 */
import { z } from 'zod';

const Id = z.string().min(1).max(64);

/** Scheduled fan-out: find the trips this monitor watches and enqueue one check each. */
export const SweepMessage = z.object({
  type: z.literal('sweep'),
  monitor: z.enum(['price_watch', 'weather_watch', 'trip_reminder']),
  /** ISO time the schedule fired (part of the dedupe key). */
  scheduledAt: z.string().min(1),
});
export type SweepMessage = z.infer<typeof SweepMessage>;

export const BookingFollowUpMessage = z.object({
  type: z.literal('booking_follow_up'),
  userId: Id,
  planId: Id,
  /** Plan version the follow-up is for; a newer confirmation gets its own follow-up. */
  version: z.number().int().min(1).default(1),
});
export type BookingFollowUpMessage = z.infer<typeof BookingFollowUpMessage>;

/** One trip to check for one monitor, on one day (`date`: the local day of the check). */
export const TripCheckMessage = z.object({
  type: z.enum(['price_check', 'weather_check', 'trip_reminder']),
  userId: Id,
  planId: Id,
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});
export type TripCheckMessage = z.infer<typeof TripCheckMessage>;

export const WorkflowMessage = z.discriminatedUnion('type', [
  SweepMessage,
  BookingFollowUpMessage,
  TripCheckMessage,
]);
export type WorkflowMessage = z.infer<typeof WorkflowMessage>;

/** The unit of work a message stands for (idempotency key material). */
export function dedupeKey(m: WorkflowMessage): string {
  switch (m.type) {
    case 'sweep':
      return `sweep:${m.monitor}:${m.scheduledAt}`;
    case 'booking_follow_up':
      return `follow_up:${m.planId}:v${m.version}`;
    default:
      return `${m.type}:${m.planId}:${m.date}`;
  }
}
