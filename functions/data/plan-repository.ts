/**
 * Travel plans in DynamoDB with optimistic versioning: every save is conditional on the version
 * the caller read, so two editors can never silently overwrite each other.
 */
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError, ValidationError } from '../../agents/errors.js';
import type { Page, PlanListQuery, PlanRepository } from '../../agents/ports/repositories.js';
import { TravelPlan, TravelPlanListing, type PlanStatus } from '../../agents/schemas/travel-plan.js';
import { camelToSnake } from '../../agents/schemas/wire.js';
import { ENTITY, keys } from './keys.js';
import {
  cancellationCodes,
  fromItem,
  isConditionalCheckFailed,
  oldItemOf,
  rethrowStorageError,
  toItem,
  rethrowPutIfAbsent,
} from './items.js';
import { queryPage } from './query-page.js';
import type { RepositoryOptions } from './repository-options.js';
import { GSI1, GSI2, GSI3 } from './table-definition.js';

/** Share tokens are URL-safe random strings (base64url). */
const SHARE_TOKEN = /^[A-Za-z0-9_-]{20,128}$/;
/** The stored attributes a list page reads (the listing schema's fields in their wire names). */
const LISTING_ATTRIBUTES = Object.keys(TravelPlanListing.shape).map(camelToSnake);

export class DynamoPlanRepository implements PlanRepository {
  readonly #o: RepositoryOptions;

  constructor(options: RepositoryOptions) {
    this.#o = options;
  }

  #item(plan: TravelPlan): Record<string, unknown> {
    return toItem(TravelPlan, plan, {
      ...keys.plan(plan.id),
      ...keys.planIndexes(plan.userId, plan.id, plan.status, plan.createdAt, plan.updatedAt),
      entity: ENTITY.plan,
    });
  }

  async create(plan: TravelPlan): Promise<TravelPlan> {
    const valid = TravelPlan.parse(plan);
    try {
      await this.#o.client.send(
        new PutCommand({
          TableName: this.#o.tableName,
          Item: this.#item(valid),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return valid;
    } catch (err) {
      rethrowPutIfAbsent(
        err,
        () =>
          new ConflictError('Plan id already exists', {
            details: [{ field: 'id', message: 'already exists' }],
          }),
        'create plan',
      );
    }
  }

  async getAnyOwner(planId: string): Promise<TravelPlan | null> {
    try {
      const out = await this.#o.client.send(
        new GetCommand({ TableName: this.#o.tableName, Key: keys.plan(planId), ConsistentRead: true }),
      );
      return out.Item ? fromItem(TravelPlan, out.Item) : null;
    } catch (err) {
      rethrowStorageError(err, 'get plan');
    }
  }

  async get(userId: string, planId: string): Promise<TravelPlan | null> {
    const plan = await this.getAnyOwner(planId);
    return plan && plan.userId === userId ? plan : null;
  }

  async save(userId: string, plan: TravelPlan, expectedVersion: number): Promise<TravelPlan> {
    if (plan.userId !== userId) {
      throw new ValidationError('Plan owner cannot change', {
        details: [{ field: 'user_id', message: 'must be the owner of the plan' }],
      });
    }
    const next = TravelPlan.parse({
      ...plan,
      version: expectedVersion + 1,
      updatedAt: (this.#o.now?.() ?? new Date()).toISOString(),
    });
    try {
      await this.#o.client.send(
        new PutCommand({
          TableName: this.#o.tableName,
          Item: this.#item(next),
          ConditionExpression: 'attribute_exists(pk) AND user_id = :uid AND version = :expected',
          ExpressionAttributeValues: { ':uid': userId, ':expected': expectedVersion },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return next;
    } catch (err) {
      if (isConditionalCheckFailed(err)) this.#conditionFailure(err, userId, plan.id, expectedVersion);
      rethrowStorageError(err, 'save plan');
    }
  }

  async delete(userId: string, planId: string, expectedVersion?: number): Promise<void> {
    const versioned = expectedVersion !== undefined;
    try {
      await this.#o.client.send(
        new DeleteCommand({
          TableName: this.#o.tableName,
          Key: keys.plan(planId),
          ConditionExpression: `attribute_exists(pk) AND user_id = :uid${versioned ? ' AND version = :expected' : ''}`,
          ExpressionAttributeValues: {
            ':uid': userId,
            ...(versioned ? { ':expected': expectedVersion } : {}),
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
    } catch (err) {
      if (isConditionalCheckFailed(err)) this.#conditionFailure(err, userId, planId, expectedVersion);
      rethrowStorageError(err, 'delete plan');
    }
  }

  /** Tells NOT_FOUND (missing or someone else's) from CONFLICT (stale version) after a failed condition. */
  #conditionFailure(
    err: unknown,
    userId: string,
    planId: string,
    expectedVersion: number | undefined,
  ): never {
    const old = oldItemOf(err);
    if (!old || old['user_id'] !== userId) {
      throw new NotFoundError('Plan not found', { context: { planId } });
    }
    throw new ConflictError('Plan was modified by someone else', {
      details: [
        {
          field: 'version',
          message: `expected version ${expectedVersion ?? '?'} but the plan is at version ${String(old['version'])}`,
        },
      ],
      context: { planId, expectedVersion, currentVersion: old['version'] },
    });
  }

  async list(q: PlanListQuery): Promise<Page<TravelPlan>> {
    const page = await this.#queryList(q);
    return { items: page.items.map((i) => fromItem(TravelPlan, i)), nextCursor: page.nextCursor };
  }

  async listSummaries(q: PlanListQuery): Promise<Page<TravelPlanListing>> {
    const page = await this.#queryList(q, LISTING_ATTRIBUTES);
    return { items: page.items.map((i) => fromItem(TravelPlanListing, i)), nextCursor: page.nextCursor };
  }

  #queryList(q: PlanListQuery, projection?: readonly string[]) {
    const byStatusIndex = q.status !== undefined && q.sortBy === 'created_at';
    return queryPage(this.#o, {
      indexName: byStatusIndex ? GSI3 : q.sortBy === 'created_at' ? GSI1 : GSI2,
      partitionValue: byStatusIndex
        ? keys.plansOfUserWithStatus(q.userId, q.status!)
        : keys.plansOfUser(q.userId),
      // Status with sort by update time has no index of its own: filter, and queryPage refills the page.
      filter:
        q.status !== undefined && !byStatusIndex
          ? {
              expression: '#status = :status',
              names: { '#status': 'status' },
              values: { ':status': q.status },
            }
          : undefined,
      order: q.order,
      limit: q.limit,
      cursor: q.cursor,
      context: `plans|${q.sortBy}|${q.status ?? '*'}`,
      ...(projection ? { projection } : {}),
    });
  }

  async count(userId: string, status?: PlanStatus): Promise<number> {
    let total = 0;
    let startKey: Record<string, unknown> | undefined;
    try {
      do {
        const out = await this.#o.client.send(
          new QueryCommand({
            TableName: this.#o.tableName,
            IndexName: status ? GSI3 : GSI1,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': status ? 'gsi3pk' : 'gsi1pk' },
            ExpressionAttributeValues: {
              ':pk': status ? keys.plansOfUserWithStatus(userId, status) : keys.plansOfUser(userId),
            },
            Select: 'COUNT',
            ExclusiveStartKey: startKey,
          }),
        );
        total += out.Count ?? 0;
        startKey = out.LastEvaluatedKey;
      } while (startKey);
      return total;
    } catch (err) {
      rethrowStorageError(err, 'count plans');
    }
  }

  async share(userId: string, planId: string, token: string): Promise<TravelPlan> {
    if (!SHARE_TOKEN.test(token)) throw new Error('share token must be 20-128 URL-safe characters');
    const current = await this.get(userId, planId);
    if (!current) throw new NotFoundError('Plan not found', { context: { planId } });
    if (current.shareToken) return current;
    const now = (this.#o.now?.() ?? new Date()).toISOString();
    const next = TravelPlan.parse({
      ...current,
      shareToken: token,
      isPublic: true,
      version: current.version + 1,
      updatedAt: now,
    });
    try {
      await this.#o.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#o.tableName,
                Item: {
                  ...keys.shareLink(token),
                  entity: ENTITY.shareLink,
                  plan_id: planId,
                  user_id: userId,
                  created_at: now,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.#o.tableName,
                Item: this.#item(next),
                ConditionExpression: 'attribute_exists(pk) AND user_id = :uid AND version = :expected',
                ExpressionAttributeValues: { ':uid': userId, ':expected': current.version },
              },
            },
          ],
        }),
      );
      return next;
    } catch (err) {
      const codes = cancellationCodes(err);
      if (codes?.[1] === 'ConditionalCheckFailed') {
        const latest = await this.get(userId, planId);
        if (!latest) throw new NotFoundError('Plan not found', { context: { planId } });
        if (latest.shareToken) return latest;
        throw new ConflictError('Plan changed while it was being shared; retry', { cause: err });
      }
      if (codes?.[0] === 'ConditionalCheckFailed') {
        throw new ConflictError('Share token collision; retry', { cause: err });
      }
      rethrowStorageError(err, 'share plan');
    }
  }

  async getByShareToken(token: string): Promise<TravelPlan | null> {
    if (!SHARE_TOKEN.test(token)) return null;
    let planId: unknown;
    try {
      const out = await this.#o.client.send(
        new GetCommand({ TableName: this.#o.tableName, Key: keys.shareLink(token), ConsistentRead: true }),
      );
      planId = out.Item?.['plan_id'];
    } catch (err) {
      rethrowStorageError(err, 'get share link');
    }
    if (typeof planId !== 'string') return null;
    const plan = await this.getAnyOwner(planId);
    // A deleted plan, or one whose token changed, no longer answers to this link.
    return plan && plan.shareToken === token ? plan : null;
  }

  async deleteShareLink(token: string): Promise<void> {
    if (!SHARE_TOKEN.test(token)) return;
    try {
      await this.#o.client.send(
        new DeleteCommand({ TableName: this.#o.tableName, Key: keys.shareLink(token) }),
      );
    } catch (err) {
      rethrowStorageError(err, 'delete share link');
    }
  }
}
