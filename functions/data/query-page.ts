/**
 * One page of a DynamoDB Query with a signed cursor. Fetches `limit + 1` matching items (looping
 * when a filter discards some) so `nextCursor` is null exactly when nothing follows, and builds the
 * cursor from the last returned item's keys rather than from where DynamoDB happened to stop.
 */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { TABLE_DEFINITION } from './table-definition.js';
import { rethrowStorageError } from './items.js';
import type { RepositoryOptions } from './repository-options.js';

export interface PageQuery {
  /** Omit for the table itself. */
  indexName?: string;
  partitionValue: string;
  /** Extra key condition on the sort key, e.g. `#sk < :before`, using `#sk` for the sort key name. */
  sortCondition?: { expression: string; values: Record<string, unknown> };
  filter?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> };
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string | undefined;
  /** Everything else that defines the query (entity, filters); bound into the cursor signature. */
  context: string;
  /**
   * Attributes to read (top-level names); the keys the cursor needs are added. Omit for whole
   * items. A filter's attributes need not be listed: DynamoDB filters before projecting.
   */
  projection?: readonly string[];
}

function keyNames(indexName: string | undefined): { pk: string; sk: string } {
  if (!indexName) return { pk: TABLE_DEFINITION.partitionKey.name, sk: TABLE_DEFINITION.sortKey.name };
  const index = TABLE_DEFINITION.globalSecondaryIndexes.find((i) => i.indexName === indexName);
  if (!index) throw new Error(`Unknown index ${indexName}`);
  return { pk: index.partitionKey.name, sk: index.sortKey.name };
}

export async function queryPage(
  o: RepositoryOptions,
  q: PageQuery,
): Promise<{ items: Record<string, unknown>[]; nextCursor: string | null }> {
  const names = keyNames(q.indexName);
  const signatureContext = [q.indexName ?? 'table', q.partitionValue, q.order, q.context].join('|');
  let startKey = o.cursors.decode(q.cursor, signatureContext);
  const want = q.limit + 1;
  const items: Record<string, unknown>[] = [];
  const input: QueryCommandInput = {
    TableName: o.tableName,
    IndexName: q.indexName,
    KeyConditionExpression: `#pk = :pk${q.sortCondition ? ` AND ${q.sortCondition.expression}` : ''}`,
    ExpressionAttributeNames: {
      '#pk': names.pk,
      ...(q.sortCondition ? { '#sk': names.sk } : {}),
      ...q.filter?.names,
    },
    ExpressionAttributeValues: { ':pk': q.partitionValue, ...q.sortCondition?.values, ...q.filter?.values },
    FilterExpression: q.filter?.expression,
    ScanIndexForward: q.order === 'asc',
  };
  if (q.projection) {
    const attributes = new Set([
      ...q.projection,
      TABLE_DEFINITION.partitionKey.name,
      TABLE_DEFINITION.sortKey.name,
      names.pk,
      names.sk,
    ]);
    const placeholders = [...attributes].map((name, i) => {
      input.ExpressionAttributeNames![`#p${i}`] = name;
      return `#p${i}`;
    });
    input.ProjectionExpression = placeholders.join(', ');
  }
  try {
    do {
      const out = await o.client.send(
        new QueryCommand({ ...input, Limit: want - items.length, ExclusiveStartKey: startKey }),
      );
      items.push(...(out.Items ?? []));
      startKey = out.LastEvaluatedKey;
    } while (items.length < want && startKey);
  } catch (err) {
    rethrowStorageError(err, 'query');
  }
  if (items.length <= q.limit) return { items, nextCursor: null };
  const page = items.slice(0, q.limit);
  const last = page[page.length - 1]!;
  const lastKey: Record<string, unknown> = {
    [TABLE_DEFINITION.partitionKey.name]: last[TABLE_DEFINITION.partitionKey.name],
    [TABLE_DEFINITION.sortKey.name]: last[TABLE_DEFINITION.sortKey.name],
    [names.pk]: last[names.pk],
    [names.sk]: last[names.sk],
  };
  return { items: page, nextCursor: o.cursors.encode(lastKey, signatureContext) };
}
