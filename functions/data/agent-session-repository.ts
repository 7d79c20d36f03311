/**
 * Agent sessions in DynamoDB. Per-agent progress is a map attribute updated one key at a time
 * (`SET task_progress.#task = :p`), so agents reporting concurrently never overwrite each other.
 * Interactions are separate items in the session's partition: one Query reads a session with its
 * whole interaction log, and the log can grow past the 400 KB item limit. Every write is
 * conditional on the session not having ended, so an ended session never changes again.
 */
import { z } from 'zod';
import { BatchWriteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError, ValidationError } from '../../agents/errors.js';
import type {
  AgentSessionChanges,
  AgentSessionRepository,
  Page,
  PageRequest,
} from '../../agents/ports/repositories.js';
import {
  AgentInteraction,
  AgentSession,
  AgentType,
  TERMINAL_SESSION_STATUSES,
} from '../../agents/schemas/agent.js';
import { toWire } from '../../agents/schemas/wire.js';
import { ENTITY, keys } from './keys.js';
import {
  fromItem,
  isConditionalCheckFailed,
  oldItemOf,
  rethrowStorageError,
  toItem,
  updateExpressionFor,
  rethrowPutIfAbsent,
} from './items.js';
import { queryPage } from './query-page.js';
import type { RepositoryOptions } from './repository-options.js';
import { GSI1 } from './table-definition.js';

const TASK_NAME = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * Condition that the session has not ended, so a late write (a planner still running after its
 * session was cancelled) can never change an ended session. Uses the name `#status`.
 */
const NOT_ENDED = {
  expression: `NOT (#status IN (${TERMINAL_SESSION_STATUSES.map((s) => `:ended_${s}`).join(', ')}))`,
  names: { '#status': 'status' },
  values: Object.fromEntries(TERMINAL_SESSION_STATUSES.map((s) => [`:ended_${s}`, s])),
};

/** The mutable fields of a session, validated one by one (the session schema has cross-field refinements). */
const SessionChanges = z
  .object({
    status: AgentSession.shape.status,
    currentTask: AgentSession.shape.currentTask,
    activeAgents: AgentSession.shape.activeAgents,
    sharedContext: AgentSession.shape.sharedContext,
  })
  .partial();

/** Items per BatchWriteItem request (the DynamoDB maximum). */
const BATCH_WRITE_LIMIT = 25;
/** Rounds of retrying unprocessed items before giving up. */
const MAX_BATCH_RETRIES = 6;

export class DynamoAgentSessionRepository implements AgentSessionRepository {
  readonly #o: RepositoryOptions;

  constructor(options: RepositoryOptions) {
    this.#o = options;
  }

  #now(): string {
    return (this.#o.now?.() ?? new Date()).toISOString();
  }

  async create(session: AgentSession): Promise<AgentSession> {
    const valid = AgentSession.parse(session);
    const { agentInteractions, ...rest } = valid;
    try {
      await this.#o.client.send(
        new PutCommand({
          TableName: this.#o.tableName,
          Item: toItem(
            AgentSession,
            { ...rest, agentInteractions: [] },
            {
              ...keys.session(valid.id),
              ...keys.sessionIndexes(valid.userId, valid.id, valid.createdAt),
              entity: ENTITY.session,
            },
          ),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (err) {
      rethrowPutIfAbsent(
        err,
        () =>
          new ConflictError('Session id already exists', {
            details: [{ field: 'id', message: 'already exists' }],
          }),
        'create session',
      );
    }
    await this.addInteractions(agentInteractions);
    return valid;
  }

  async get(userId: string, sessionId: string): Promise<AgentSession | null> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    try {
      do {
        const out = await this.#o.client.send(
          new QueryCommand({
            TableName: this.#o.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': keys.sessionPartition(sessionId) },
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        );
        items.push(...(out.Items ?? []));
        startKey = out.LastEvaluatedKey;
      } while (startKey);
    } catch (err) {
      rethrowStorageError(err, 'get session');
    }
    const head = items.find((i) => i['entity'] === ENTITY.session);
    if (!head || head['user_id'] !== userId) return null;
    const session = fromItem(AgentSession, head);
    // Interaction sort keys are time-ordered ids, so Query order is chronological.
    session.agentInteractions = items
      .filter((i) => i['entity'] === ENTITY.interaction)
      .map((i) => fromItem(AgentInteraction, i));
    return session;
  }

  async update(sessionId: string, changes: AgentSessionChanges): Promise<AgentSession> {
    const parsed = SessionChanges.parse(changes);
    // Keep only the fields the caller gave: zod fills defaults into absent keys of a partial object.
    const partial = Object.fromEntries(Object.entries(parsed).filter(([k]) => k in changes));
    const wire = toWire(AgentSession, partial as unknown as AgentSession) as Record<string, unknown>;
    const update = updateExpressionFor(wire, this.#now());
    try {
      const out = await this.#o.client.send(
        new UpdateCommand({
          TableName: this.#o.tableName,
          Key: keys.session(sessionId),
          UpdateExpression: update.expression,
          ConditionExpression: `attribute_exists(pk) AND ${NOT_ENDED.expression}`,
          ExpressionAttributeNames: { ...update.names, ...NOT_ENDED.names },
          ExpressionAttributeValues: { ...update.values, ...NOT_ENDED.values },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return fromItem(AgentSession, out.Attributes ?? {});
    } catch (err) {
      if (isConditionalCheckFailed(err)) {
        const old = oldItemOf(err);
        if (!old) throw new NotFoundError('Session not found', { context: { sessionId } });
        throw new ConflictError('Session has ended', {
          details: [{ field: 'status', message: `the session is ${String(old['status'])}` }],
          context: { sessionId, status: old['status'] },
        });
      }
      rethrowStorageError(err, 'update session');
    }
  }

  async cancel(userId: string, sessionId: string): Promise<AgentSession> {
    const now = this.#now();
    try {
      const out = await this.#o.client.send(
        new UpdateCommand({
          TableName: this.#o.tableName,
          Key: keys.session(sessionId),
          UpdateExpression:
            'SET #status = :cancelled, active_agents = :none, shared_context.cancelled_at = :now, updated_at = :now',
          ConditionExpression: `attribute_exists(pk) AND user_id = :user AND ${NOT_ENDED.expression}`,
          ExpressionAttributeNames: NOT_ENDED.names,
          ExpressionAttributeValues: {
            ...NOT_ENDED.values,
            ':cancelled': 'cancelled',
            ':none': [],
            ':now': now,
            ':user': userId,
          },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return fromItem(AgentSession, out.Attributes ?? {});
    } catch (err) {
      if (isConditionalCheckFailed(err)) {
        const old = oldItemOf(err);
        // Another user's session answers exactly like a missing one.
        if (!old || old['user_id'] !== userId) {
          throw new NotFoundError('Session not found', { context: { sessionId } });
        }
        if (old['status'] === 'cancelled') return fromItem(AgentSession, old);
        throw new ConflictError('Session has ended', {
          details: [{ field: 'status', message: `the session is ${String(old['status'])}` }],
          context: { sessionId, status: old['status'] },
        });
      }
      rethrowStorageError(err, 'cancel session');
    }
  }

  async setProgress(
    sessionId: string,
    task: string,
    progress: number,
    activeAgents?: readonly AgentType[],
  ): Promise<boolean> {
    if (!TASK_NAME.test(task)) {
      throw new ValidationError('Invalid task name', {
        details: [{ field: 'task', message: 'snake_case name expected' }],
      });
    }
    if (!Number.isFinite(progress) || progress < 0 || progress > 100) {
      throw new ValidationError('Invalid progress', {
        details: [{ field: 'progress', message: 'must be 0..100' }],
      });
    }
    try {
      await this.#o.client.send(
        new UpdateCommand({
          TableName: this.#o.tableName,
          Key: keys.session(sessionId),
          UpdateExpression: `SET task_progress.#task = :p, updated_at = :now${activeAgents ? ', active_agents = :active' : ''}`,
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(task_progress.#task) OR task_progress.#task <= :p)' +
            ` AND ${NOT_ENDED.expression}`,
          ExpressionAttributeNames: { '#task': task, ...NOT_ENDED.names },
          ExpressionAttributeValues: {
            ':p': progress,
            ':now': this.#now(),
            ...(activeAgents ? { ':active': activeAgents.map((a) => AgentType.parse(a)) } : {}),
            ...NOT_ENDED.values,
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) {
        if (!oldItemOf(err)) throw new NotFoundError('Session not found', { context: { sessionId } });
        // Progress already further along, or the session has ended (e.g. cancelled): a late or
        // duplicate report changes nothing.
        return false;
      }
      rethrowStorageError(err, 'set progress');
    }
  }

  async addInteraction(interaction: AgentInteraction): Promise<void> {
    const valid = AgentInteraction.parse(interaction);
    try {
      await this.#o.client.send(
        new PutCommand({
          TableName: this.#o.tableName,
          Item: toItem(AgentInteraction, valid, {
            ...keys.interaction(valid.sessionId, valid.id),
            entity: ENTITY.interaction,
          }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (err) {
      rethrowPutIfAbsent(
        err,
        () =>
          new ConflictError('Interaction id already exists', {
            details: [{ field: 'id', message: 'already exists' }],
          }),
        'add interaction',
      );
    }
  }

  async addInteractions(interactions: readonly AgentInteraction[]): Promise<void> {
    const items = interactions.map((interaction) => {
      const valid = AgentInteraction.parse(interaction);
      return toItem(AgentInteraction, valid, {
        ...keys.interaction(valid.sessionId, valid.id),
        entity: ENTITY.interaction,
      });
    });
    for (let i = 0; i < items.length; i += BATCH_WRITE_LIMIT) {
      let pending = items.slice(i, i + BATCH_WRITE_LIMIT).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) {
          if (attempt > MAX_BATCH_RETRIES) throw new Error(`${pending.length} interactions not written`);
          // Unprocessed items (throttling): back off with jitter, as the SDK advises.
          await new Promise((r) => setTimeout(r, Math.random() * 50 * 2 ** attempt));
        }
        try {
          const out = await this.#o.client.send(
            new BatchWriteCommand({ RequestItems: { [this.#o.tableName]: pending } }),
          );
          pending = (out.UnprocessedItems?.[this.#o.tableName] ?? []) as typeof pending;
        } catch (err) {
          rethrowStorageError(err, 'add interactions');
        }
      }
    }
  }

  async list(userId: string, page: PageRequest): Promise<Page<AgentSession>> {
    const result = await queryPage(this.#o, {
      indexName: GSI1,
      partitionValue: keys.sessionsOfUser(userId),
      order: 'desc',
      limit: page.limit,
      cursor: page.cursor,
      context: 'sessions',
    });
    return { items: result.items.map((i) => fromItem(AgentSession, i)), nextCursor: result.nextCursor };
  }
}
