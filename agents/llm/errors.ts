/**
 * Typed errors of the LLM port. Upstream failures are {@link DependencyFailedError}s (503, shown
 * generically); a cancelled call is a {@link ProcessingFailedError}: the caller gave up, nothing
 * is wrong with the request. `context.reason` says which, for logs and for callers that fall back.
 */
import { DependencyFailedError, ProcessingFailedError, type AppErrorOptions } from '../errors.js';

export type LlmFailureReason = 'timeout' | 'cancelled' | 'http' | 'connection' | 'bad_response';

/** The call did not finish within its deadline. */
export class LlmTimeoutError extends DependencyFailedError {
  readonly reason = 'timeout' as const;
  constructor(timeoutMs: number, options: AppErrorOptions = {}) {
    super(`LLM call timed out after ${timeoutMs} ms`, {
      ...options,
      context: { reason: 'timeout', timeoutMs, ...options.context },
    });
  }
}

/** The caller's AbortSignal fired. */
export class LlmCancelledError extends ProcessingFailedError {
  readonly reason = 'cancelled' as const;
  constructor(options: AppErrorOptions = {}) {
    super('LLM call cancelled', { ...options, context: { reason: 'cancelled', ...options.context } });
  }
}

/** The endpoint answered with an HTTP error, or could not be reached. */
export class LlmUpstreamError extends DependencyFailedError {
  readonly reason: 'http' | 'connection';
  /** HTTP status, when there was a response. */
  readonly status: number | undefined;
  constructor(message: string, status: number | undefined, options: AppErrorOptions = {}) {
    const reason = status === undefined ? 'connection' : 'http';
    super(message, { ...options, context: { reason, status, ...options.context } });
    this.reason = reason;
    this.status = status;
  }
}

/** The endpoint answered 2xx with something that is not a usable completion (or a cut stream). */
export class LlmBadResponseError extends DependencyFailedError {
  readonly reason = 'bad_response' as const;
  constructor(message: string, options: AppErrorOptions = {}) {
    super(message, { ...options, context: { reason: 'bad_response', ...options.context } });
  }
}

/** The reason of an LLM port error, or undefined for anything else. */
export function llmFailureReason(err: unknown): LlmFailureReason | undefined {
  if (
    err instanceof LlmTimeoutError ||
    err instanceof LlmCancelledError ||
    err instanceof LlmUpstreamError ||
    err instanceof LlmBadResponseError
  ) {
    return err.reason;
  }
  return undefined;
}
