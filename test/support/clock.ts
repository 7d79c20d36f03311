/**
 * The tests' clock. Travel dates in tests are literals (`2027-06-01`) or built with
 * {@link testDate}; either way they are read against {@link TEST_TODAY}, never against the real
 * date, so a test cannot start failing because the calendar moved on (the contracts refuse past
 * dates, the parser resolves 下周 and 明年 from "today").
 *
 * - Pure code takes `today: TEST_TODAY` (parser) or `now: testNow` (planner, tools, repositories).
 * - The local API of the end-to-end tests (test/support/api.ts) is built with `now: testNow`, so
 *   its date rule, tokens, sessions and repositories share it; a test that signs a token or writes
 *   a timestamp the API compares with uses {@link testNow} too, not `Date.now()`.
 *
 * {@link testNow} is the real time shifted by a whole number of days: the date is TEST_TODAY (when
 * the run started) and the time of day is real, so timeouts, token lifetimes, rate-limit minutes and
 * TTLs behave as in production, and a test that waits for a fresh rate-limit minute can keep reading
 * the real clock.
 */

/** The date every test runs on, whatever the real date: a Wednesday. */
export const TEST_TODAY = '2026-12-02';

const DAY_MS = 86_400_000;

/** Whole days from the real date (at load) to TEST_TODAY. */
const shiftMs = Date.parse(`${TEST_TODAY}T00:00:00Z`) - Math.floor(Date.now() / DAY_MS) * DAY_MS;

/** Milliseconds since the epoch on the tests' clock. */
export function testNowMs(): number {
  return Date.now() + shiftMs;
}

/** The tests' clock (see the module comment): TEST_TODAY at the real time of day. */
export function testNow(): Date {
  return new Date(testNowMs());
}

/** The ISO date (`YYYY-MM-DD`) `days` after `from` (default {@link TEST_TODAY}); negative: before. */
export function testDate(days: number, from: string = TEST_TODAY): string {
  return new Date(Date.parse(`${from}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
