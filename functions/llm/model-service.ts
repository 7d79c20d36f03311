/**
 * Adapters of the model-service port (agents/ports/model-service.ts) and the factory handlers use.
 *
 * - {@link EcsModelService}: `@aws-sdk/client-ecs` DescribeServices (desired/running/pending
 *   counts, the rollout state) and UpdateService (raise the desired count) on ONE service — the
 *   inference stack grants exactly these two actions on that service's ARN — plus a `GET /health`
 *   of the endpoint (the internal ALB answers 200 only once a target's vLLM has loaded the model).
 * - {@link ProbeModelService}: a fixed endpoint (the compose file's vLLM, any OpenAI-compatible
 *   server): ready when `/health` (or `/v1/models`) answers, unavailable otherwise; waking is a no-op.
 *
 * Environment (set by InferenceStack.grantModelAccess, next to `LLM_BASE_URL` and `LLM_MODEL`):
 *
 * | variable                  | meaning                                                      |
 * |---------------------------|--------------------------------------------------------------|
 * | `MODEL_SERVICE_CLUSTER`   | ECS cluster name or ARN of the inference service             |
 * | `MODEL_SERVICE_NAME`      | ECS service name or ARN                                      |
 * | `MODEL_SERVICE_WAKE`      | `false`: report only, never raise the desired count          |
 * | `LLM_BASE_URL`            | the endpoint probed (its origin's `/health`)                 |
 */
import { DescribeServicesCommand, ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { ModelServiceMonitor } from '../../agents/llm/model-availability.js';
import type { ModelServicePort, ModelServiceSnapshot } from '../../agents/ports/model-service.js';

/** Environment variable names of the model-service adapter. */
export const MODEL_SERVICE_ENV = {
  cluster: 'MODEL_SERVICE_CLUSTER',
  service: 'MODEL_SERVICE_NAME',
  wake: 'MODEL_SERVICE_WAKE',
} as const;

/** `GET <origin>/health` within `timeoutMs`: true on 200, false on anything else. */
export async function probeHealth(baseUrl: string, timeoutMs = 1500): Promise<boolean> {
  const url = new URL('/health', new URL(baseUrl).origin);
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return res.status === 200;
  } catch {
    return false;
  }
}

const NOTHING: Omit<ModelServiceSnapshot, 'exists' | 'healthy'> = {
  desiredCount: 0,
  runningCount: 0,
  pendingCount: 0,
  rolloutFailed: false,
};

/** Options of {@link EcsModelService}. */
export interface EcsModelServiceOptions {
  readonly client: ECSClient;
  readonly cluster: string;
  readonly service: string;
  /** The LLM endpoint to probe; without it a running task counts as healthy. */
  readonly baseUrl?: string;
  readonly probeTimeoutMs?: number;
}

/** The inference service on ECS. */
export class EcsModelService implements ModelServicePort {
  constructor(private readonly options: EcsModelServiceOptions) {}

  async snapshot(): Promise<ModelServiceSnapshot> {
    const { client, cluster, service, baseUrl, probeTimeoutMs } = this.options;
    let described;
    try {
      described = await client.send(new DescribeServicesCommand({ cluster, services: [service] }));
    } catch (err) {
      return {
        ...NOTHING,
        exists: false,
        healthy: null,
        problem: `DescribeServices: ${(err as Error).message}`,
      };
    }
    const svc = described.services?.[0];
    if (!svc || svc.status !== 'ACTIVE') {
      const reason = described.failures?.[0]?.reason ?? svc?.status ?? 'not found';
      return { ...NOTHING, exists: false, healthy: null, problem: `service ${service}: ${reason}` };
    }
    const primary = svc.deployments?.find((d) => d.status === 'PRIMARY');
    const runningCount = svc.runningCount ?? 0;
    const healthy = runningCount === 0 ? false : baseUrl ? await probeHealth(baseUrl, probeTimeoutMs) : true;
    return {
      exists: true,
      desiredCount: svc.desiredCount ?? 0,
      runningCount,
      pendingCount: svc.pendingCount ?? 0,
      rolloutFailed: primary?.rolloutState === 'FAILED',
      healthy,
    };
  }

  async wake(count: number): Promise<boolean> {
    const { client, cluster, service } = this.options;
    try {
      const current = await client.send(new DescribeServicesCommand({ cluster, services: [service] }));
      const desired = current.services?.[0]?.desiredCount ?? 0;
      if (desired >= count) return true;
      await client.send(new UpdateServiceCommand({ cluster, service, desiredCount: count }));
      return true;
    } catch {
      return false;
    }
  }
}

/** A fixed endpoint without a control plane (compose vLLM, a hosted endpoint). */
export class ProbeModelService implements ModelServicePort {
  constructor(
    private readonly baseUrl: string,
    private readonly probeTimeoutMs = 1500,
  ) {}

  async snapshot(): Promise<ModelServiceSnapshot> {
    const healthy = await probeHealth(this.baseUrl, this.probeTimeoutMs);
    return healthy
      ? { exists: true, desiredCount: 1, runningCount: 1, pendingCount: 0, rolloutFailed: false, healthy }
      : { ...NOTHING, exists: false, healthy, problem: `${this.baseUrl} does not answer /health` };
  }

  async wake(): Promise<boolean> {
    return false;
  }
}

/** Options of {@link modelServiceFromEnv}. */
export interface ModelServiceFromEnvOptions {
  readonly env?: Record<string, string | undefined>;
  /** The ECS client (tests point it at a loopback endpoint); default: one for the Lambda's region. */
  readonly client?: ECSClient;
  readonly cacheMs?: number;
  readonly now?: () => number;
}

/**
 * The monitor for this process's configuration: ECS when `MODEL_SERVICE_CLUSTER` and
 * `MODEL_SERVICE_NAME` are set, a probe of `LLM_BASE_URL` when only that is set, and null in
 * offline mode (no LLM configured: nothing to report or wake).
 */
export function modelServiceFromEnv(options: ModelServiceFromEnvOptions = {}): ModelServiceMonitor | null {
  const env = options.env ?? process.env;
  const baseUrl = env['LLM_BASE_URL']?.trim() || undefined;
  const cluster = env[MODEL_SERVICE_ENV.cluster]?.trim();
  const service = env[MODEL_SERVICE_ENV.service]?.trim();
  const wake = !/^(false|0|no)$/i.test(env[MODEL_SERVICE_ENV.wake]?.trim() ?? '');
  const monitorOptions = {
    wake,
    ...(options.cacheMs !== undefined ? { cacheMs: options.cacheMs } : {}),
    ...(options.now ? { now: options.now } : {}),
  };
  if (cluster && service) {
    const client = options.client ?? new ECSClient({});
    return new ModelServiceMonitor(
      new EcsModelService({ client, cluster, service, ...(baseUrl ? { baseUrl } : {}) }),
      monitorOptions,
    );
  }
  if (baseUrl) return new ModelServiceMonitor(new ProbeModelService(baseUrl), monitorOptions);
  return null;
}

let shared: ModelServiceMonitor | null | undefined;

/**
 * The process-wide monitor from the environment (created at first use), or null in offline mode.
 * What the chat calls before an LLM turn: `(await sharedModelService()?.ensure())`.
 */
export function sharedModelService(): ModelServiceMonitor | null {
  if (shared === undefined) shared = modelServiceFromEnv();
  return shared;
}

/** Replaces (tests) or drops the process-wide monitor. */
export function setSharedModelService(next: ModelServiceMonitor | null | undefined): void {
  shared = next;
}
