/**
 * Earlier versions of plans in DynamoDB (what a chat "undo" restores): one item per replaced
 * version, `PLAN#<id>#REVS` / `REV#<version>`, holding the plan and its request as compact JSON
 * (a plan is tens of KB, well under the 400 KB item limit). Items expire after 30 days (TTL).
 * Reads check the owner, so nobody reads another user's revisions.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { PlanRevision, PlanRevisionStore } from '../../agents/conversation/conversation-tools.js';
import { TravelPlan } from '../../agents/schemas/travel-plan.js';
import { TripRequest } from '../../agents/schemas/trip-request.js';
import { rethrowStorageError } from './items.js';
import { ENTITY, keys } from './keys.js';
import type { RepositoryOptions } from './repository-options.js';

/** How long a revision is kept. */
export const REVISION_TTL_SECONDS = 30 * 86_400;

export class DynamoPlanRevisionRepository implements PlanRevisionStore {
  readonly #o: RepositoryOptions;

  constructor(options: RepositoryOptions) {
    this.#o = options;
  }

  async put(userId: string, planId: string, version: number, revision: PlanRevision): Promise<void> {
    const now = (this.#o.now?.() ?? new Date()).getTime();
    try {
      await this.#o.client.send(
        new PutCommand({
          TableName: this.#o.tableName,
          Item: {
            ...keys.planRevision(planId, version),
            entity: ENTITY.planRevision,
            user_id: userId,
            plan_id: planId,
            version,
            plan_json: JSON.stringify(revision.plan),
            request_json: revision.request ? JSON.stringify(revision.request) : null,
            created_at: new Date(now).toISOString(),
            expires_at: Math.floor(now / 1000) + REVISION_TTL_SECONDS,
          },
        }),
      );
    } catch (err) {
      rethrowStorageError(err, 'put plan revision');
    }
  }

  async get(userId: string, planId: string, version: number): Promise<PlanRevision | null> {
    try {
      const out = await this.#o.client.send(
        new GetCommand({
          TableName: this.#o.tableName,
          Key: keys.planRevision(planId, version),
          ConsistentRead: true,
        }),
      );
      const item = out.Item;
      if (!item || item['user_id'] !== userId) return null;
      const plan = TravelPlan.safeParse(JSON.parse(String(item['plan_json'])));
      if (!plan.success) return null;
      const request =
        typeof item['request_json'] === 'string'
          ? TripRequest.safeParse(JSON.parse(item['request_json']))
          : null;
      return { plan: plan.data, request: request?.success ? request.data : null };
    } catch (err) {
      rethrowStorageError(err, 'get plan revision');
    }
  }
}
