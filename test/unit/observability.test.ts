/**
 * functions/observability.ts: the request id found in each kind of event (REST, WebSocket, Step
 * Functions task payload, SQS, EventBridge), the ambient id inside a wrapped handler, and the EMF
 * record Powertools prints per invocation (Invocations, Errors, DurationMs by handler).
 */
import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it } from 'vitest';
import {
  METRICS_NAMESPACE,
  currentRequestId,
  observe,
  recordMetric,
  requestIdOfEvent,
  resetObservability,
  runWithRequestId,
} from '../../functions/observability.js';

afterEach(() => resetObservability());

describe('requestIdOfEvent', () => {
  it('keeps a well-formed x-request-id of a REST event, whatever its case', () => {
    const event = {
      httpMethod: 'GET',
      resource: '/health',
      requestContext: {},
      headers: { 'X-Request-Id': 'req_0123456789abcdef' },
    };
    expect(requestIdOfEvent(event)).toBe('req_0123456789abcdef');
  });

  it('gives a REST event without a valid id a new one, written on its headers', () => {
    const event: { httpMethod: string; requestContext: object; headers: Record<string, string> } = {
      httpMethod: 'POST',
      requestContext: {},
      headers: { 'X-Request-Id': 'bogus' },
    };
    const id = requestIdOfEvent(event)!;
    expect(id).toMatch(/^req_[0-9a-f]{16}$/);
    expect(event.headers).toEqual({ 'x-request-id': id });
  });

  it('reads Step Functions payloads, SQS messages, EventBridge details and WebSocket events', () => {
    expect(requestIdOfEvent({ runId: 'run_1', requestId: 'req_aaaaaaaaaaaaaaaa' })).toBe(
      'req_aaaaaaaaaaaaaaaa',
    );
    expect(
      requestIdOfEvent({
        Records: [{ body: '{"type":"x"}' }, { body: JSON.stringify({ requestId: 'req_b' }) }],
      }),
    ).toBe('req_b');
    expect(
      requestIdOfEvent({
        Records: [{ body: 'not json', messageAttributes: { requestId: { stringValue: 'req_c' } } }],
      }),
    ).toBe('req_c');
    expect(requestIdOfEvent({ detail: { input: JSON.stringify({ requestId: 'req_d' }) } })).toBe('req_d');
    expect(requestIdOfEvent({ requestContext: { requestId: 'ws-1', routeKey: '$connect' } })).toBe('ws-1');
    expect(requestIdOfEvent({ runId: 'run_1', requestId: null })).toBeUndefined();
    expect(requestIdOfEvent('nothing')).toBeUndefined();
  });
});

describe('observe', () => {
  it('makes the request id ambient inside the handler only, across awaits', async () => {
    const handler = observe('test.ambient', async (_event: { requestId: string }) => {
      await new Promise((r) => setTimeout(r, 5));
      return currentRequestId();
    });
    expect(await handler({ requestId: 'req_1111111111111111' })).toBe('req_1111111111111111');
    expect(currentRequestId()).toBeUndefined();
    // Without one in the event: the Lambda request id, else a new one.
    const plain = observe('test.plain', async () => currentRequestId());
    expect(await plain({}, { awsRequestId: 'lambda-req-1' })).toBe('lambda-req-1');
    expect(await plain({})).toMatch(/^req_/);
    expect(runWithRequestId('req_2222222222222222', () => currentRequestId())).toBe('req_2222222222222222');
  });

  it('prints one EMF record per invocation with Invocations, Errors and DurationMs by handler', async () => {
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      resetObservability({
        metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'test' }),
        tracer: null,
      });
      const ok = observe('api.system', async () => {
        recordMetric('PlanningDurationMs', 'milliseconds', 42);
        return 'ok';
      });
      const failing = observe('api.plans', async () => {
        throw new Error('boom');
      });
      await ok({ requestId: 'req_3333333333333333' });
      await expect(failing({})).rejects.toThrow('boom');
    } finally {
      process.stdout.write = write;
    }
    const records = lines
      .flatMap((l) => l.split('\n'))
      .filter((l) => l.includes('_aws'))
      .map((l) => JSON.parse(l) as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(records).toHaveLength(2);
    const [first, second] = records;
    expect(first!['_aws'].CloudWatchMetrics[0].Namespace).toBe(METRICS_NAMESPACE);
    expect(first!['handler']).toBe('api.system');
    expect(first!['Invocations']).toBe(1);
    expect(first!['PlanningDurationMs']).toBe(42);
    expect(first!['requestId']).toBe('req_3333333333333333');
    expect(first!['Errors']).toBeUndefined();
    expect(second!['handler']).toBe('api.plans');
    expect(second!['Errors']).toBe(1);
    expect(typeof second!['DurationMs']).toBe('number');
  });
});
