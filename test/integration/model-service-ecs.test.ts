/**
 * The ECS model-service adapter with the real `@aws-sdk/client-ecs` client against a loopback
 * server that answers as the ECS API does (JSON 1.1, `X-Amz-Target`) and also serves the
 * endpoint's `/health` (as the internal ALB does: 503 until a target has loaded the model).
 * Walks the scale-to-zero cycle: cold -> wake (UpdateService) -> warming -> ready.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ECSClient } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  EcsModelService,
  ProbeModelService,
  modelServiceFromEnv,
  probeHealth,
} from '../../functions/llm/model-service.js';

interface FakeService {
  status: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  rolloutState: string;
}

let server: Server;
let endpoint: string;
let service: FakeService | null;
let healthy = false;
const calls: { target: string; body: Record<string, unknown> }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'GET' && req.url === '/health') {
        res.writeHead(healthy ? 200 : 503).end();
        return;
      }
      const target = String(req.headers['x-amz-target'] ?? '');
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      calls.push({ target, body });
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(value));
      };
      const arn = 'arn:aws:ecs:eu-west-1:123456789012:service/gpu/vllm';
      const describe = () =>
        service
          ? {
              serviceArn: arn,
              serviceName: 'vllm',
              status: service.status,
              desiredCount: service.desiredCount,
              runningCount: service.runningCount,
              pendingCount: service.pendingCount,
              deployments: [{ id: 'ecs-svc/1', status: 'PRIMARY', rolloutState: service.rolloutState }],
            }
          : undefined;
      if (target.endsWith('.DescribeServices')) {
        const s = describe();
        json(
          200,
          s ? { services: [s], failures: [] } : { services: [], failures: [{ arn, reason: 'MISSING' }] },
        );
      } else if (target.endsWith('.UpdateService')) {
        if (!service) {
          json(400, { __type: 'ServiceNotFoundException', message: 'Service not found.' });
          return;
        }
        service.desiredCount = Number(body['desiredCount']);
        json(200, { service: describe() });
      } else {
        json(400, { __type: 'InvalidParameterException', message: `unexpected ${target}` });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  calls.length = 0;
  healthy = false;
  service = {
    status: 'ACTIVE',
    desiredCount: 0,
    runningCount: 0,
    pendingCount: 0,
    rolloutState: 'COMPLETED',
  };
});

const client = () =>
  new ECSClient({
    endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });

describe('EcsModelService', () => {
  it('reads the counts of the one service it is given', async () => {
    const port = new EcsModelService({
      client: client(),
      cluster: 'gpu',
      service: 'vllm',
      baseUrl: `${endpoint}/v1`,
    });
    service!.desiredCount = 2;
    service!.runningCount = 1;
    service!.pendingCount = 1;
    expect(await port.snapshot()).toEqual({
      exists: true,
      desiredCount: 2,
      runningCount: 1,
      pendingCount: 1,
      rolloutFailed: false,
      healthy: false,
    });
    expect(calls[0]).toEqual({
      target: 'AmazonEC2ContainerServiceV20141113.DescribeServices',
      body: { cluster: 'gpu', services: ['vllm'] },
    });
  });

  it('walks cold -> warming -> ready, waking with UpdateService once', async () => {
    const monitor = modelServiceFromEnv({
      env: { MODEL_SERVICE_CLUSTER: 'gpu', MODEL_SERVICE_NAME: 'vllm', LLM_BASE_URL: `${endpoint}/v1` },
      client: client(),
      cacheMs: 0,
    })!;
    const first = await monitor.ensure();
    expect(first).toMatchObject({ status: 'warming', woke: true, useLlm: false });
    const updates = calls.filter((c) => c.target.endsWith('.UpdateService'));
    expect(updates.map((c) => c.body)).toEqual([{ cluster: 'gpu', service: 'vllm', desiredCount: 1 }]);
    expect(service!.desiredCount).toBe(1);

    // The instance is starting, then the task runs while vLLM loads the model.
    service!.pendingCount = 1;
    expect((await monitor.ensure()).status).toBe('warming');
    service!.pendingCount = 0;
    service!.runningCount = 1;
    expect((await monitor.ensure()).status).toBe('warming');
    healthy = true;
    expect(await monitor.ensure()).toEqual({ status: 'ready', woke: false, useLlm: true });
    expect(calls.filter((c) => c.target.endsWith('.UpdateService'))).toHaveLength(1);
  });

  it('never lowers the desired count when waking', async () => {
    service!.desiredCount = 3;
    const port = new EcsModelService({ client: client(), cluster: 'gpu', service: 'vllm' });
    expect(await port.wake(1)).toBe(true);
    expect(calls.filter((c) => c.target.endsWith('.UpdateService'))).toEqual([]);
    expect(service!.desiredCount).toBe(3);
  });

  it('a missing service, a failed rollout or an unreachable API is unavailable', async () => {
    const port = new EcsModelService({ client: client(), cluster: 'gpu', service: 'vllm' });
    service = null;
    expect(await port.snapshot()).toMatchObject({ exists: false, problem: expect.stringMatching(/MISSING/) });
    expect(await port.wake(1)).toBe(false);
    service = { status: 'ACTIVE', desiredCount: 1, runningCount: 1, pendingCount: 0, rolloutState: 'FAILED' };
    expect((await port.snapshot()).rolloutFailed).toBe(true);
    const dead = new EcsModelService({
      client: new ECSClient({
        endpoint: 'http://127.0.0.1:1',
        region: 'eu-west-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 1,
      }),
      cluster: 'gpu',
      service: 'vllm',
    });
    const snapshot = await dead.snapshot();
    expect(snapshot.exists).toBe(false);
    expect(snapshot.problem).toMatch(/^DescribeServices: /);
  });
});

describe('ProbeModelService and the factory', () => {
  it('a fixed endpoint is ready when /health answers 200 and unavailable otherwise', async () => {
    const port = new ProbeModelService(`${endpoint}/v1`);
    expect((await port.snapshot()).exists).toBe(false);
    healthy = true;
    expect(await probeHealth(`${endpoint}/v1`)).toBe(true);
    expect(await port.snapshot()).toMatchObject({ exists: true, healthy: true, runningCount: 1 });
    expect(await port.wake()).toBe(false);
  });

  it('offline mode has no monitor; MODEL_SERVICE_WAKE=false only reports', async () => {
    expect(modelServiceFromEnv({ env: {} })).toBeNull();
    const monitor = modelServiceFromEnv({
      env: { MODEL_SERVICE_CLUSTER: 'gpu', MODEL_SERVICE_NAME: 'vllm', MODEL_SERVICE_WAKE: 'false' },
      client: client(),
    })!;
    expect((await monitor.ensure()).status).toBe('cold');
    expect(calls.filter((c) => c.target.endsWith('.UpdateService'))).toEqual([]);
  });
});
