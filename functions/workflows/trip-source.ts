/**
 * Trips the monitors watch, read from the single table: a paginated Scan for plan items in a
 * watched status that have not ended. Runs a few times a day from the schedule; at a scale where
 * a Scan is too costly, a sparse "watched trips by start date" index replaces it behind the port.
 */
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TripSource, WatchedTrip } from '../../agents/workflows/workflows.js';
import { ENTITY } from '../data/keys.js';

export class DynamoTripSource implements TripSource {
  constructor(private readonly options: { client: DynamoDBDocumentClient; tableName: string }) {}

  async *upcomingTrips(from: string, statuses: readonly string[]): AsyncIterable<WatchedTrip> {
    let start: Record<string, unknown> | undefined;
    const values: Record<string, unknown> = { ':plan': ENTITY.plan, ':from': from };
    statuses.forEach((s, i) => (values[`:s${i}`] = s));
    do {
      const page = await this.options.client.send(
        new ScanCommand({
          TableName: this.options.tableName,
          FilterExpression: `entity = :plan AND end_date >= :from AND #status IN (${statuses.map((_, i) => `:s${i}`).join(', ')})`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: values,
          ProjectionExpression: 'id, user_id, start_date, end_date',
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        yield {
          planId: String(item['id']),
          userId: String(item['user_id']),
          startDate: String(item['start_date']),
          endDate: String(item['end_date']),
        };
      }
      start = page.LastEvaluatedKey;
    } while (start);
  }
}
