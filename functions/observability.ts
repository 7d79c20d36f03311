/**
 * Observability shared by every Lambda handler: Powertools metrics (CloudWatch EMF) and tracer
 * (X-Ray), and the request id carried from the REST API through Step Functions to each task and
 * workflow.
 *
 * - {@link observe} wraps a handler: it finds the request id of the event ({@link requestIdOfEvent}:
 *   the `x-request-id` header of a REST event — set on the event when missing or malformed, so the
 *   REST stack answers with the same id — `requestId` of a Step Functions task payload, of an SQS
 *   message body or attribute, or of an EventBridge detail; else the Lambda request id), makes it
 *   the ambient id ({@link currentRequestId}, AsyncLocalStorage) for the invocation, opens an X-Ray
 *   subsegment annotated with it, and records `Invocations`, `Errors` and `DurationMs` with the
 *   dimension `handler` in the {@link METRICS_NAMESPACE} namespace.
 * - Code that starts more work passes {@link currentRequestId} on (the PlanTrip starter puts it in
 *   the execution input; the state machine hands it to every task).
 * - {@link recordMetric} adds a metric (planning duration, LLM time to first token, tokens/s) to
 *   the invocation's EMF record.
 *
 * Outside Lambda (`npm start`, tests) nothing is printed or traced: the wrapper only keeps the
 * ambient request id.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { newRequestId } from '../agents/schemas/envelope.js';

/** CloudWatch namespace of the application metrics (the dashboard reads it). */
export const METRICS_NAMESPACE = 'TravelPlanner';

/** The units {@link recordMetric} accepts. */
export const METRIC_UNITS = {
  count: MetricUnit.Count,
  milliseconds: MetricUnit.Milliseconds,
  seconds: MetricUnit.Seconds,
  countPerSecond: MetricUnit.CountPerSecond,
} as const;

/** A unit of {@link METRIC_UNITS}. */
export type MetricUnitName = keyof typeof METRIC_UNITS;

const REQUEST_ID = /^req_[0-9a-f]{16}$/;
const storage = new AsyncLocalStorage<{ requestId: string; handler: string }>();

const inLambda = (): boolean => Boolean(process.env['AWS_LAMBDA_FUNCTION_NAME']);

let metrics: Metrics | null | undefined;
let tracer: Tracer | null | undefined;

function getMetrics(): Metrics | null {
  if (metrics === undefined) {
    metrics = inLambda()
      ? new Metrics({
          namespace: process.env['POWERTOOLS_METRICS_NAMESPACE'] ?? METRICS_NAMESPACE,
          serviceName: process.env['POWERTOOLS_SERVICE_NAME'] ?? 'travel-planner',
        })
      : null;
  }
  return metrics;
}

function getTracer(): Tracer | null {
  if (tracer === undefined) {
    tracer = inLambda()
      ? new Tracer({ serviceName: process.env['POWERTOOLS_SERVICE_NAME'] ?? 'travel-planner' })
      : null;
  }
  return tracer;
}

/** The request id of the invocation in progress (undefined outside {@link observe}). */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** Runs `fn` with `requestId` as the ambient request id (tests, local runners). */
export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId, handler: storage.getStore()?.handler ?? 'local' }, fn);
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/**
 * The request id an event carries, or undefined. A REST proxy event without a well-formed
 * `x-request-id` gets a new one written onto its headers (so the handler answers with it).
 */
export function requestIdOfEvent(event: unknown): string | undefined {
  if (!isObject(event)) return undefined;
  // REST (API Gateway proxy) and WebSocket events.
  if (isObject(event['requestContext']) && ('httpMethod' in event || 'resource' in event)) {
    const headers = (isObject(event['headers']) ? event['headers'] : (event['headers'] = {})) as Json;
    const key = Object.keys(headers).find((k) => k.toLowerCase() === 'x-request-id');
    const given = key ? str(headers[key]) : undefined;
    if (given && REQUEST_ID.test(given)) return given;
    const id = newRequestId();
    if (key && key !== 'x-request-id') delete headers[key];
    headers['x-request-id'] = id;
    return id;
  }
  if (isObject(event['requestContext'])) {
    return str((event['requestContext'] as Json)['requestId']);
  }
  // Step Functions task payloads (the state machine passes `requestId` to every task).
  const direct = str(event['requestId']);
  if (direct) return direct;
  // EventBridge.
  if (isObject(event['detail'])) {
    const detail = event['detail'];
    const fromInput =
      typeof detail['input'] === 'string' ? safeJson(detail['input'])?.['requestId'] : undefined;
    return str(detail['requestId']) ?? str(fromInput);
  }
  // SQS: the first record's attribute or body field.
  if (Array.isArray(event['Records'])) {
    for (const record of event['Records'] as unknown[]) {
      if (!isObject(record)) continue;
      const attrs = isObject(record['messageAttributes']) ? record['messageAttributes'] : {};
      const attr = isObject(attrs['requestId']) ? str(attrs['requestId']['stringValue']) : undefined;
      const body = typeof record['body'] === 'string' ? safeJson(record['body']) : undefined;
      const id = attr ?? str(body?.['requestId']);
      if (id) return id;
    }
  }
  return undefined;
}

function safeJson(text: string): Json | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Adds a metric to the current invocation's EMF record (no-op outside Lambda). */
export function recordMetric(name: string, unit: MetricUnitName, value: number): void {
  if (!Number.isFinite(value)) return;
  getMetrics()?.addMetric(name, METRIC_UNITS[unit], value);
}

/** The Lambda context fields the wrapper reads. */
interface LambdaContextLike {
  awsRequestId?: string;
}

/**
 * Wraps a Lambda handler with metrics, tracing and the ambient request id (see the file header).
 * `name` becomes the `handler` dimension and the X-Ray subsegment (`## <name>`).
 */
export function observe<E, R, C extends LambdaContextLike = LambdaContextLike>(
  name: string,
  handler: (event: E, context?: C) => Promise<R>,
): (event: E, context?: C) => Promise<R> {
  return async (event: E, context?: C) => {
    const requestId = requestIdOfEvent(event) ?? context?.awsRequestId ?? newRequestId();
    return storage.run({ requestId, handler: name }, async () => {
      const m = getMetrics();
      const t = getTracer();
      const parent = t?.getSegment();
      const segment = parent?.addNewSubsegment(`## ${name}`);
      if (t && segment) {
        t.setSegment(segment);
        segment.addAnnotation('requestId', requestId);
        segment.addAnnotation('handler', name);
      }
      const started = performance.now();
      m?.addDimension('handler', name);
      m?.addMetadata('requestId', requestId);
      try {
        const result = await handler(event, context);
        m?.addMetric('Invocations', MetricUnit.Count, 1);
        return result;
      } catch (err) {
        m?.addMetric('Invocations', MetricUnit.Count, 1);
        m?.addMetric('Errors', MetricUnit.Count, 1);
        segment?.addError(err as Error);
        throw err;
      } finally {
        m?.addMetric('DurationMs', MetricUnit.Milliseconds, performance.now() - started);
        m?.publishStoredMetrics();
        if (t && segment && parent) {
          segment.close();
          t.setSegment(parent);
        }
      }
    });
  };
}

/** Replaces the Powertools instances (tests); `undefined` re-reads the environment. */
export function resetObservability(next?: { metrics?: Metrics | null; tracer?: Tracer | null }): void {
  metrics = next?.metrics;
  tracer = next?.tracer;
}
