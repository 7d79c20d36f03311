/**
 * Model-service port: the state of the GPU inference service (vLLM with Qwen on ECS) that scales
 * to zero tasks when idle, and the one action callers need — waking it. Adapters:
 * functions/llm/model-service.ts (ECS DescribeServices/UpdateService plus a probe of the load
 * balancer's `/health`; a probe-only adapter for a fixed endpoint such as the compose vLLM).
 *
 * The domain rules (what a snapshot means, when to wake, what to tell the user) are in
 * agents/llm/model-availability.ts; adapters only report facts.
 */

/**
 * What the model service can do for a request right now.
 *
 * - `cold`: scaled to zero; nothing answers until it is woken (minutes).
 * - `warming`: tasks wanted or starting, the model is loading; answer in offline mode meanwhile.
 * - `ready`: the endpoint answers `/health`: send LLM requests.
 * - `unavailable`: not deployed, not reachable, or failing to start: offline mode until fixed.
 */
export const MODEL_SERVICE_STATUSES = ['cold', 'warming', 'ready', 'unavailable'] as const;

/** One of {@link MODEL_SERVICE_STATUSES}. */
export type ModelServiceStatus = (typeof MODEL_SERVICE_STATUSES)[number];

/** The facts an adapter reads about the service (no interpretation). */
export interface ModelServiceSnapshot {
  /** The service exists and is ACTIVE (false: missing, DRAINING or INACTIVE). */
  readonly exists: boolean;
  /** Tasks the service wants. */
  readonly desiredCount: number;
  /** Tasks in the RUNNING state (a running task may still be loading the model). */
  readonly runningCount: number;
  /** Tasks PENDING (waiting for a GPU instance or pulling the image). */
  readonly pendingCount: number;
  /** The current deployment's rollout failed (e.g. the circuit breaker stopped it). */
  readonly rolloutFailed: boolean;
  /** The endpoint answered its health check (`GET /health` 200), or null when not probed. */
  readonly healthy: boolean | null;
  /** Why the snapshot could not be read fully (service missing, access denied, timeout). */
  readonly problem?: string;
}

/** Reads and changes the model service. Implementations never throw for a down service. */
export interface ModelServicePort {
  /** The service's current facts; `exists: false` with `problem` when it cannot be read. */
  snapshot(): Promise<ModelServiceSnapshot>;
  /**
   * Raises the desired task count to at least `count` (never lowers it). Resolves true when the
   * request was accepted, false (with nothing thrown) when it was refused.
   */
  wake(count: number): Promise<boolean>;
}
