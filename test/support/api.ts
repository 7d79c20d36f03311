/**
 * A real local API for end-to-end tests: a fresh table in the run's DynamoDB Local, the handler
 * configuration in the environment, and the local API Gateway emulation (REST and WebSocket) on a
 * free loopback port. With `{ workflows: true }` also fauxqs with the workflow queues and their
 * consumers, as `npm start` runs them (the API gets the queue URLs; notifications go to a
 * temporary outbox).
 * One per test file (each file runs in its own worker process).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFauxqs } from 'fauxqs';
import { inject } from 'vitest';
import { resetApiConfig } from '../../functions/api/config.js';
import { configureRuntime, setRuntime } from '../../functions/api/runtime.js';
import { startApiGateway, type LocalApiGateway } from '../../local/api-gateway.js';
import { LOCAL_REGION, localDynamoClient } from '../../local/dynamodb-local.js';
import { ensureTable } from '../../local/table.js';
import { startLocalWorkflows, type LocalWorkflows } from '../../local/workflows/start-workflows.js';
import { testNow } from './clock.js';

export interface TestApi {
  url: string;
  tableName: string;
  gateway: LocalApiGateway;
  /** The workflow queues, consumers and outbox, when started with `{ workflows: true }`. */
  workflows?: LocalWorkflows;
  close(): Promise<void>;
  /** fetch + JSON: returns status, headers and the parsed body. */
  call(
    method: string,
    path: string,
    options?: { body?: unknown; token?: string; headers?: Record<string, string>; raw?: string },
  ): Promise<{ status: number; headers: Headers; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function startTestApi(
  env: Record<string, string> = {},
  options: { workflows?: boolean } = {},
): Promise<TestApi> {
  const endpoint = inject('dynamoEndpoint');
  const tableName = `api-${randomBytes(6).toString('hex')}`;
  const client = localDynamoClient(endpoint);
  await ensureTable(client, tableName);
  client.destroy();
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: endpoint,
    JWT_SECRET: randomBytes(32).toString('hex'),
    CURSOR_SECRET: randomBytes(16).toString('hex'),
    LOG_LEVEL: 'ERROR',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    ...env,
  });
  let stopWorkflows = async () => undefined;
  let workflows: LocalWorkflows | undefined;
  if (options.workflows) {
    const sqs = await startFauxqs({ port: 0, logger: false });
    const dataDir = mkdtempSync(join(tmpdir(), 'api-workflows-'));
    process.env['SQS_ENDPOINT'] = sqs.address;
    // The consumers' clients take the region from the environment, as under `npm start`.
    process.env['AWS_REGION'] ??= LOCAL_REGION;
    // Sets the queue URLs (BOOKING_FOLLOW_UP_QUEUE_URL, ...) before the API reads its configuration.
    workflows = await startLocalWorkflows({
      dataDir,
      sqsEndpoint: sqs.address,
      region: LOCAL_REGION,
      now: testNow,
    });
    const started = workflows;
    stopWorkflows = async () => {
      await started.stop();
      await sqs.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }
  resetApiConfig();
  setRuntime(undefined);
  // Every handler reads the tests' clock (test/support/clock.ts), not the real date.
  configureRuntime({ now: testNow });
  const gateway = await startApiGateway();
  // The WebSocket API's management endpoint (postToConnection) is the gateway itself; the runtime
  // is built on the first request, after this.
  process.env['WEBSOCKET_ENDPOINT'] = gateway.managementEndpoint;
  return {
    url: gateway.url,
    tableName,
    gateway,
    ...(workflows ? { workflows } : {}),
    close: async () => {
      await gateway.close();
      await stopWorkflows();
    },
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (options.token) headers['authorization'] = `Bearer ${options.token}`;
      let body: string | undefined;
      if (options.raw !== undefined) body = options.raw;
      else if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(gateway.url + path, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        /* keep the text */
      }
      return { status: res.status, headers: res.headers, body: parsed };
    },
  };
}
