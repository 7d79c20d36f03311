/**
 * Errors of travel-data providers that the orchestration treats specially: a transient failure
 * (timeout, throttling, 5xx) is retried with backoff by the PlanTrip state machine, which matches
 * it by its error name ({@link TRANSIENT_ERROR}, statemachines/plan-trip.ts RETRYABLE_ERRORS).
 */

/** Error name of a provider failure worth retrying. */
export const TRANSIENT_ERROR = 'TransientProviderError';

/** A provider call failed in a way that may succeed when retried (timeout, throttling, 5xx). */
export class TransientProviderError extends Error {
  override readonly name = TRANSIENT_ERROR;
}
