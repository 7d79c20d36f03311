/**
 * Whether the GPU model service can answer now, and waking it when it cannot: the rules on top of
 * the {@link ModelServicePort} (agents/ports/model-service.ts).
 *
 * The service scales to zero tasks after an idle period (infra/stacks/inference-stack.ts). A chat
 * turn that wants the LLM calls {@link ensureModelService}: when the service is `cold` it raises
 * the desired count to one task and reports `warming`; the caller answers this turn in offline
 * mode and shows {@link ModelAvailability.notice} ("the model is warming up"). Later turns find it
 * `ready` once the model has loaded (a few minutes from zero, ~80 s with a warm instance).
 *
 * {@link ModelServiceMonitor} caches the answer per process for a few seconds (clock injected), so
 * a busy chat does not call ECS on every turn, and never wakes twice within the cache window.
 */
import type { ModelServicePort, ModelServiceSnapshot, ModelServiceStatus } from '../ports/model-service.js';

/** A user-facing text in both languages. */
export interface BilingualText {
  readonly zh: string;
  readonly en: string;
}

/** The answer of {@link ensureModelService}. */
export interface ModelAvailability {
  readonly status: ModelServiceStatus;
  /** This call raised the desired count (the service was cold). */
  readonly woke: boolean;
  /** Whether to send this request to the LLM (only when `ready`). */
  readonly useLlm: boolean;
  /** What to tell the user when the LLM is not used; absent when `ready`. */
  readonly notice?: BilingualText;
  /** The adapter's problem text, for logs (never shown to users). */
  readonly problem?: string;
}

/** User notices per status (`ready` has none). */
export const MODEL_SERVICE_NOTICES: Readonly<Record<Exclude<ModelServiceStatus, 'ready'>, BilingualText>> = {
  cold: {
    zh: '智能模型正在启动，需要几分钟；这次先用离线模式为您回答。',
    en: 'The AI model is starting up, which takes a few minutes; this answer uses offline mode.',
  },
  warming: {
    zh: '智能模型正在预热，请稍候；这次先用离线模式为您回答。',
    en: 'The AI model is warming up; this answer uses offline mode meanwhile.',
  },
  unavailable: {
    zh: '智能模型暂时不可用，这次使用离线模式为您回答。',
    en: 'The AI model is unavailable right now; this answer uses offline mode.',
  },
};

/**
 * The status a snapshot means.
 *
 * - missing service, a failed rollout, or an unreadable state: `unavailable`;
 * - healthy endpoint with a running task: `ready`;
 * - desired 0 and nothing running or pending: `cold`;
 * - otherwise tasks are wanted, pending or loading: `warming`.
 */
export function classifyModelService(snapshot: ModelServiceSnapshot): ModelServiceStatus {
  if (!snapshot.exists || snapshot.rolloutFailed) return 'unavailable';
  if (snapshot.healthy === true && snapshot.runningCount > 0) return 'ready';
  if (snapshot.desiredCount === 0 && snapshot.runningCount === 0 && snapshot.pendingCount === 0) {
    return 'cold';
  }
  return 'warming';
}

/** Options of {@link ensureModelService}. */
export interface EnsureOptions {
  /** Raise the desired count when cold (default true); false only reports. */
  readonly wake?: boolean;
  /** Tasks to ask for when waking (default 1). */
  readonly wakeCount?: number;
}

function availability(
  status: ModelServiceStatus,
  woke: boolean,
  problem: string | undefined,
): ModelAvailability {
  return {
    status,
    woke,
    useLlm: status === 'ready',
    ...(status === 'ready' ? {} : { notice: MODEL_SERVICE_NOTICES[status] }),
    ...(problem ? { problem } : {}),
  };
}

/**
 * Reads the service and, when it is `cold` (and `wake` is not false), asks for `wakeCount` tasks.
 * A cold service that accepts the wake is reported `warming`; one that refuses it `unavailable`.
 * Never throws: an adapter failure becomes `unavailable` with its problem.
 */
export async function ensureModelService(
  port: ModelServicePort,
  options: EnsureOptions = {},
): Promise<ModelAvailability> {
  let snapshot: ModelServiceSnapshot;
  try {
    snapshot = await port.snapshot();
  } catch (err) {
    return availability('unavailable', false, (err as Error).message);
  }
  const status = classifyModelService(snapshot);
  if (status !== 'cold' || options.wake === false) return availability(status, false, snapshot.problem);
  let accepted = false;
  try {
    accepted = await port.wake(Math.max(1, options.wakeCount ?? 1));
  } catch (err) {
    return availability('unavailable', false, (err as Error).message);
  }
  return accepted
    ? availability('warming', true, undefined)
    : availability('unavailable', false, 'the wake request was refused');
}

/** Options of {@link ModelServiceMonitor}. */
export interface ModelServiceMonitorOptions extends EnsureOptions {
  /** How long an answer is reused, in ms (default 5000; `ready` is kept this long too). */
  readonly cacheMs?: number;
  /** Clock in ms (default Date.now). */
  readonly now?: () => number;
}

/**
 * {@link ensureModelService} with a per-process cache: concurrent and repeated calls within
 * `cacheMs` share one read (and at most one wake). What the chat and `GET /health` use.
 */
export class ModelServiceMonitor {
  private cached: { at: number; mayWake: boolean; value: Promise<ModelAvailability> } | undefined;
  private readonly cacheMs: number;
  private readonly now: () => number;

  constructor(
    private readonly port: ModelServicePort,
    private readonly options: ModelServiceMonitorOptions = {},
  ) {
    this.cacheMs = options.cacheMs ?? 5000;
    this.now = options.now ?? Date.now;
  }

  /** The service's availability, waking it when cold (unless `wake: false` was configured). */
  ensure(): Promise<ModelAvailability> {
    const at = this.now();
    // An answer of status() is not reused: it may have found the service cold without waking it.
    if (this.cached && at - this.cached.at < this.cacheMs && this.cached.mayWake) return this.cached.value;
    const value = ensureModelService(this.port, this.options);
    this.cached = { at, mayWake: this.options.wake !== false, value };
    return value;
  }

  /** Only reads: never wakes (for status routes that must not start GPUs). */
  async status(): Promise<ModelServiceStatus> {
    const at = this.now();
    if (this.cached && at - this.cached.at < this.cacheMs) return (await this.cached.value).status;
    const value = ensureModelService(this.port, { ...this.options, wake: false });
    this.cached = { at, mayWake: false, value };
    return (await value).status;
  }

  /** Forgets the cached answer (e.g. after an LLM call failed on a `ready` service). */
  invalidate(): void {
    this.cached = undefined;
  }
}
