/**
 * Where the PlanTrip tasks keep their intermediate results. Step Functions payloads are limited
 * to 256 KB, so states pass a run id and small summaries; each task reads what it needs from this
 * store and writes what it produced. In AWS it is the single DynamoDB table (one item per part,
 * expiring after a day); tests and the local runner may use the in-memory store.
 */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Intermediate results of one execution, by part name (`resolved`, `legs`, `plan#2`, ...). */
export interface RunStateStore {
  put(runId: string, part: string, value: unknown): Promise<void>;
  /** The stored part, or null when absent. */
  get<T>(runId: string, part: string): Promise<T | null>;
}

/** Keeps parts in memory (tests, the local runner without DynamoDB). */
export class MemoryRunStateStore implements RunStateStore {
  private readonly parts = new Map<string, string>();

  async put(runId: string, part: string, value: unknown): Promise<void> {
    // Stored as JSON, as DynamoDB would: no object is shared between tasks.
    this.parts.set(`${runId}|${part}`, JSON.stringify(value));
  }

  async get<T>(runId: string, part: string): Promise<T | null> {
    const raw = this.parts.get(`${runId}|${part}`);
    return raw === undefined ? null : (JSON.parse(raw) as T);
  }
}

/** How long run parts are kept (they are only needed while the execution runs). */
const RUN_PART_TTL_SECONDS = 24 * 3600;

/**
 * Parts as items of the single table: `pk = RUN#<runId>`, `sk = PART#<part>`, the value as a JSON
 * string in `payload` (DynamoDB's 400 KB item limit is far above a plan's size), `expires_at` for TTL.
 */
export class DynamoRunStateStore implements RunStateStore {
  constructor(
    private readonly options: { client: DynamoDBDocumentClient; tableName: string; now?: () => Date },
  ) {}

  async put(runId: string, part: string, value: unknown): Promise<void> {
    const now = (this.options.now ?? (() => new Date()))();
    await this.options.client.send(
      new PutCommand({
        TableName: this.options.tableName,
        Item: {
          pk: `RUN#${runId}`,
          sk: `PART#${part}`,
          payload: JSON.stringify(value),
          expires_at: Math.floor(now.getTime() / 1000) + RUN_PART_TTL_SECONDS,
        },
      }),
    );
  }

  async get<T>(runId: string, part: string): Promise<T | null> {
    const out = await this.options.client.send(
      new GetCommand({
        TableName: this.options.tableName,
        Key: { pk: `RUN#${runId}`, sk: `PART#${part}` },
        ConsistentRead: true,
      }),
    );
    const payload = out.Item?.['payload'];
    return typeof payload === 'string' ? (JSON.parse(payload) as T) : null;
  }
}
