/**
 * Waiting for a condition instead of sleeping a fixed time: {@link waitFor} polls `probe` until it
 * returns something other than `undefined`, `null` or `false`, and fails with `what` (and the last
 * value seen) once `timeoutMs` has passed. A test that sleeps either waits too long or, on a loaded
 * machine, not long enough.
 */

export interface WaitOptions {
  /** Upper bound (default 10 s): the time after which the condition counts as never met. */
  timeoutMs?: number;
  /** Pause between probes (default 25 ms). */
  intervalMs?: number;
  /** What is awaited, for the error message. */
  what?: string;
}

/** Polls `probe` until it gives a value (not `undefined`, `null` or `false`) and returns it. */
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  options: WaitOptions = {},
): Promise<Exclude<T, undefined | null | false>> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false)
      return value as Exclude<T, undefined | null | false>;
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${options.timeoutMs ?? 10_000} ms waiting for ${options.what ?? 'a condition'} (last: ${JSON.stringify(value)})`,
      );
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 25));
  }
}

/** Lets every pending callback and promise reaction run (one turn of the event loop). */
export function settle(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}
