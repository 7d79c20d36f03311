/**
 * Request rate limits per client IP and per user: fixed one-minute windows counted in DynamoDB
 * (CounterRepository.hit: atomic ADD refused at the limit), `RATE_LIMIT_PER_MINUTE` each.
 * Over the limit: 429 RATE_LIMITED with Retry-After = seconds to the end of the window.
 *
 * If the counter store fails, the request is let through and the failure logged: an outage of the
 * limiter must not become an outage of the API (authentication itself still fails closed).
 */
import { RateLimitedError } from '../../../agents/errors.js';
import type { RateLimitCheck } from '../http.js';

export const WINDOW_SECONDS = 60;

export const rateLimitCheck: RateLimitCheck = async (rt, keys) => {
  const limit = rt.config.RATE_LIMIT_PER_MINUTE;
  let hits;
  try {
    hits = await Promise.all(keys.map((key) => rt.repos.counters.hit(key, limit, WINDOW_SECONDS)));
  } catch (err) {
    rt.logger.error('rate limiter unavailable; request let through', { error: String(err) });
    return;
  }
  const refused = hits.filter((h) => !h.allowed);
  if (refused.length > 0) {
    const retryAfter = Math.max(1, ...refused.map((h) => h.resetInSeconds));
    throw new RateLimitedError('Rate limit exceeded', retryAfter, {
      context: { keys: keys.filter((_k, i) => !hits[i]!.allowed) },
    });
  }
};
