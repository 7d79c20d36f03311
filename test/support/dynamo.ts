/**
 * Per-test-file access to the run's DynamoDB Local: a fresh table (unique name, created from the
 * shared table definition) and repositories wired to it.
 */
import { inject } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localDynamoClient } from '../../local/dynamodb-local.js';
import { ensureTable } from '../../local/table.js';
import { createDocumentClient } from '../../functions/data/dynamo-client.js';
import { createRepositories, type Repositories } from '../../functions/data/repositories.js';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface TestTable {
  tableName: string;
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  repos: Repositories;
  cursorSecret: string;
}

export async function createTestTable(prefix = 'test'): Promise<TestTable> {
  const client = localDynamoClient(inject('dynamoEndpoint'));
  const tableName = `${prefix}-${randomBytes(6).toString('hex')}`;
  await ensureTable(client, tableName);
  const doc = createDocumentClient(client);
  const cursorSecret = randomBytes(32).toString('hex');
  return {
    tableName,
    client,
    doc,
    cursorSecret,
    repos: createRepositories({ client: doc, tableName, cursorSecret }),
  };
}
