import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CursorCodec } from './cursor.js';

/** What every DynamoDB repository is constructed with (injected, never created inside). */
export interface RepositoryOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  cursors: CursorCodec;
  /** Current time; injectable for tests. */
  now?: () => Date;
}
