/**
 * A real local API for end-to-end tests: a fresh table in the run's DynamoDB Local, the handler
 * configuration in the environment, and the local API Gateway emulation on a free loopback port.
 * One per test file (each file runs in its own worker process).
 */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { resetApiConfig } from '../../functions/api/config.js';
import { setRuntime } from '../../functions/api/runtime.js';
import { startApiGateway, type LocalApiGateway } from '../../local/api-gateway.js';
import { localDynamoClient } from '../../local/dynamodb-local.js';
import { ensureTable } from '../../local/table.js';

export interface TestApi {
  url: string;
  tableName: string;
  gateway: LocalApiGateway;
  close(): Promise<void>;
  /** fetch + JSON: returns status, headers and the parsed body. */
  call(
    method: string,
    path: string,
    options?: { body?: unknown; token?: string; headers?: Record<string, string>; raw?: string },
  ): Promise<{ status: number; headers: Headers; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function startTestApi(env: Record<string, string> = {}): Promise<TestApi> {
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
  resetApiConfig();
  setRuntime(undefined);
  const gateway = await startApiGateway();
  return {
    url: gateway.url,
    tableName,
    gateway,
    close: () => gateway.close(),
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
