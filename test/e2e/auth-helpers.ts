/**
 * Helpers shared by the auth end-to-end tests: unique accounts, registration and login over HTTP,
 * and repositories on the test API's own table (for back-office steps such as assigning a role).
 */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createDocumentClient } from '../../functions/data/dynamo-client.js';
import { createRepositories, type Repositories } from '../../functions/data/repositories.js';
import { localDynamoClient } from '../../local/dynamodb-local.js';
import type { TestApi } from '../support/api.js';
import { testNow } from '../support/clock.js';

export const PASSWORD = 'Tr4vel-Plans-2025';

export interface Account {
  username: string;
  email: string;
  password: string;
}

export function newAccount(prefix = 'user'): Account {
  const tag = randomBytes(5).toString('hex');
  return { username: `${prefix}_${tag}`, email: `${prefix}.${tag}@example.com`, password: PASSWORD };
}

/** Registers over HTTP and returns the response body's `data`. */
export async function registerAccount(api: TestApi, account: Account = newAccount()) {
  const res = await api.call('POST', '/v1/auth/register', { body: account });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { account, data: res.body.data as GrantWire };
}

export interface GrantWire {
  user: Record<string, unknown> & { id: string; email: string };
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
  refresh_expires_in: number;
}

/** Repositories over the test API's table (the environment startTestApi set), on the API's clock. */
export function tableRepositories(api: TestApi): Repositories {
  const client = localDynamoClient(inject('dynamoEndpoint'));
  return createRepositories({
    client: createDocumentClient(client),
    tableName: api.tableName,
    cursorSecret: process.env['CURSOR_SECRET']!,
    now: testNow,
  });
}
