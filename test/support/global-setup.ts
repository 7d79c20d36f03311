/**
 * Vitest global setup: starts one DynamoDB Local for the whole run (about 3-4 s) and stops it at
 * the end. Test files read its endpoint with `inject('dynamoEndpoint')` and each creates its own
 * table, so files running in parallel never share data.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

let server: DynamoDbLocal | undefined;

export async function setup(project: TestProject): Promise<void> {
  server = await startDynamoDbLocal({ timeoutMs: 60_000 });
  project.provide('dynamoEndpoint', server.endpoint);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
