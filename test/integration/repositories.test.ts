/**
 * Repositories against a real DynamoDB Local (started by the vitest global setup).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../../agents/errors.js';
import { newId } from '../../agents/ids.js';
import { TravelPlanListing, type PlanStatus, type TravelPlan } from '../../agents/schemas/travel-plan.js';
import { createRepositories } from '../../functions/data/repositories.js';
import { demoConversation, demoMessage, demoPlan, demoSession, demoUser } from '../../local/demo-data.js';
import { createTestTable, type TestTable } from '../support/dynamo.js';

let t: TestTable;

beforeAll(async () => {
  t = await createTestTable('repos');
});

async function errorOf(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('users', () => {
  it('creates, reads by id and by e-mail (case-insensitive), and stores the wire format', async () => {
    const user = demoUser({ email: 'Alice.Zhang@Example.com' });
    await t.repos.users.create(user);
    expect((await t.repos.users.getById(user.id))?.username).toBe(user.username);
    const byEmail = await t.repos.users.getByEmail('ALICE.ZHANG@example.COM');
    expect(byEmail?.id).toBe(user.id);
    expect(byEmail?.preferences.budgetRange).toEqual([1000, 10000]);
    const raw = await t.doc.send(
      new GetCommand({ TableName: t.tableName, Key: { pk: `USER#${user.id}`, sk: 'PROFILE' } }),
    );
    expect(raw.Item?.['created_at']).toBe(user.createdAt);
    expect((raw.Item?.['preferences'] as Record<string, unknown>)['budget_range']).toEqual([1000, 10000]);
    expect(raw.Item?.['createdAt']).toBeUndefined();
  });

  it('lets exactly one of many concurrent registrations with one e-mail win', async () => {
    const email = `race-${newId('user').toLowerCase()}@example.com`;
    const attempts = Array.from({ length: 8 }, () => t.repos.users.create(demoUser({ email })));
    const results = await Promise.allSettled(attempts);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(7);
    for (const r of lost) {
      const err = (r as PromiseRejectedResult).reason as AppError;
      expect(err).toBeInstanceOf(ConflictError);
      expect(err.details.map((d) => d.field)).toContain('email');
    }
    const winner = (won[0] as PromiseFulfilledResult<{ id: string }>).value;
    expect((await t.repos.users.getByEmail(email))?.id).toBe(winner.id);
  });

  it('rejects a duplicate username and an invalid user before writing', async () => {
    const first = demoUser();
    await t.repos.users.create(first);
    const err = await errorOf(t.repos.users.create(demoUser({ username: first.username })));
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.details.map((d) => d.field)).toEqual(['username']);
    await expect(t.repos.users.create({ ...demoUser(), email: 'not-an-email' })).rejects.toThrow();
  });

  it('updates preferences, and moves the e-mail lock atomically', async () => {
    const user = demoUser();
    await t.repos.users.create(user);
    const updated = await t.repos.users.update(user.id, {
      preferences: { ...user.preferences, currency: 'USD', hotelStarRating: [4, 5] },
    });
    expect(updated.preferences.currency).toBe('USD');
    expect(updated.preferences.hotelStarRating).toEqual([4, 5]);
    expect(updated.username).toBe(user.username);

    const other = demoUser();
    await t.repos.users.create(other);
    const taken = await errorOf(t.repos.users.changeEmail(user.id, other.email));
    expect(taken).toBeInstanceOf(ConflictError);

    const moved = await t.repos.users.changeEmail(user.id, `new-${user.email}`);
    expect(moved.email).toBe(`new-${user.email}`);
    expect(await t.repos.users.getByEmail(user.email)).toBeNull();
    expect((await t.repos.users.getByEmail(`new-${user.email}`))?.id).toBe(user.id);
    // The old address is free again.
    await t.repos.users.create(demoUser({ email: user.email }));

    expect(await errorOf(t.repos.users.update('user_missing', { isPremium: true }))).toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('plans', () => {
  it('saves with optimistic versioning: a stale version is a CONFLICT that names the current version', async () => {
    const user = demoUser();
    const plan = await t.repos.plans.create(demoPlan(user.id));
    expect(plan.version).toBe(1);

    const v2 = await t.repos.plans.save(user.id, { ...plan, title: 'Edited by A' }, 1);
    expect(v2.version).toBe(2);

    const err = await errorOf(t.repos.plans.save(user.id, { ...plan, title: 'Edited by B' }, 1));
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.context['currentVersion']).toBe(2);

    const stored = await t.repos.plans.get(user.id, plan.id);
    expect(stored?.title).toBe('Edited by A');
    expect(stored?.version).toBe(2);
  });

  it('lets exactly one of two concurrent editors of one version win', async () => {
    const user = demoUser();
    const plan = await t.repos.plans.create(demoPlan(user.id));
    const results = await Promise.allSettled([
      t.repos.plans.save(user.id, { ...plan, title: 'A' }, 1),
      t.repos.plans.save(user.id, { ...plan, title: 'B' }, 1),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(
      ConflictError,
    );
  });

  it("hides another user's plan: get is null, save and delete are NOT_FOUND", async () => {
    const owner = demoUser();
    const intruder = demoUser();
    const plan = await t.repos.plans.create(demoPlan(owner.id));
    expect(await t.repos.plans.get(intruder.id, plan.id)).toBeNull();
    expect(
      await errorOf(t.repos.plans.save(intruder.id, { ...plan, userId: intruder.id }, 1)),
    ).toBeInstanceOf(NotFoundError);
    expect(await errorOf(t.repos.plans.delete(intruder.id, plan.id))).toBeInstanceOf(NotFoundError);
    expect(await errorOf(t.repos.plans.save(owner.id, { ...plan, userId: intruder.id }, 1))).toBeInstanceOf(
      ValidationError,
    );
    expect(await t.repos.plans.get(owner.id, plan.id)).not.toBeNull();
  });

  it('deletes with a version check', async () => {
    const user = demoUser();
    const plan = await t.repos.plans.create(demoPlan(user.id));
    expect(await errorOf(t.repos.plans.delete(user.id, plan.id, 7))).toBeInstanceOf(ConflictError);
    await t.repos.plans.delete(user.id, plan.id, 1);
    expect(await t.repos.plans.get(user.id, plan.id)).toBeNull();
    expect(await errorOf(t.repos.plans.delete(user.id, plan.id))).toBeInstanceOf(NotFoundError);
  });

  describe('listing', () => {
    const user = demoUser();
    const statuses: PlanStatus[] = ['drafting', 'confirmed', 'planning'];
    const plans: TravelPlan[] = [];

    beforeAll(async () => {
      const base = Date.parse('2026-01-01T00:00:00Z');
      for (let i = 0; i < 23; i++) {
        const created = new Date(base + i * 60_000);
        // Updated times run in the opposite order of created times.
        const updated = new Date(base + (100 - i) * 60_000);
        const plan = demoPlan(
          user.id,
          { status: statuses[i % 3]!, createdAt: created.toISOString(), updatedAt: updated.toISOString() },
          created,
        );
        plans.push(await t.repos.plans.create(plan));
      }
      // Another user's plans must never show up.
      await t.repos.plans.create(demoPlan(demoUser().id));
    });

    async function collect(query: Parameters<typeof t.repos.plans.list>[0]) {
      const ids: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await t.repos.plans.list({ ...query, ...(cursor ? { cursor } : {}) });
        expect(page.items.length).toBeLessThanOrEqual(query.limit);
        ids.push(...page.items.map((p) => p.id));
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor && pages < 50);
      return { ids, pages };
    }

    it('pages through all plans by creation time, newest first, without gaps or repeats', async () => {
      const { ids, pages } = await collect({
        userId: user.id,
        sortBy: 'created_at',
        order: 'desc',
        limit: 5,
      });
      expect(pages).toBe(5);
      expect(ids).toEqual([...plans].reverse().map((p) => p.id));
    });

    it('sorts by update time', async () => {
      const { ids } = await collect({ userId: user.id, sortBy: 'updated_at', order: 'asc', limit: 4 });
      const expected = [...plans].sort((a, b) => a.updatedAt.localeCompare(b.updatedAt)).map((p) => p.id);
      expect(ids).toEqual(expected);
    });

    it('filters by status with either sort, across pages', async () => {
      for (const sortBy of ['created_at', 'updated_at'] as const) {
        const { ids } = await collect({
          userId: user.id,
          sortBy,
          order: 'desc',
          status: 'confirmed',
          limit: 3,
        });
        const expected = plans
          .filter((p) => p.status === 'confirmed')
          .sort((a, b) =>
            sortBy === 'created_at'
              ? b.createdAt.localeCompare(a.createdAt)
              : b.updatedAt.localeCompare(a.updatedAt),
          )
          .map((p) => p.id);
        expect(ids).toEqual(expected);
      }
      expect(await t.repos.plans.count(user.id)).toBe(23);
      expect(await t.repos.plans.count(user.id, 'confirmed')).toBe(
        plans.filter((p) => p.status === 'confirmed').length,
      );
    });

    it('reads list pages with only the listed fields: same order, cursors and filters as full pages', async () => {
      for (const query of [
        { userId: user.id, sortBy: 'created_at', order: 'desc', limit: 4 },
        { userId: user.id, sortBy: 'updated_at', order: 'asc', limit: 3, status: 'confirmed' },
      ] as const) {
        let cursor: string | undefined;
        let summaryCursor: string | undefined;
        let pages = 0;
        do {
          const full = await t.repos.plans.list({ ...query, ...(cursor ? { cursor } : {}) });
          const listed = await t.repos.plans.listSummaries({
            ...query,
            ...(summaryCursor ? { cursor: summaryCursor } : {}),
          });
          expect(listed.items.map((p) => p.id)).toEqual(full.items.map((p) => p.id));
          for (const [i, item] of listed.items.entries()) {
            const plan = full.items[i]!;
            // Exactly the listing's fields, equal to the full plan's.
            expect(Object.keys(item).sort()).toEqual(Object.keys(TravelPlanListing.shape).sort());
            expect(item).toMatchObject({
              title: plan.title,
              status: plan.status,
              totalBudget: plan.totalBudget,
              version: plan.version,
              updatedAt: plan.updatedAt,
            });
            expect(item.destinations).toEqual(
              plan.destinations.map((d) => ({ name: d.name, visitOrder: d.visitOrder })),
            );
            expect(item).not.toHaveProperty('itinerary');
          }
          // Cursors of either read continue the same query.
          expect(Boolean(listed.nextCursor)).toBe(Boolean(full.nextCursor));
          cursor = full.nextCursor ?? undefined;
          summaryCursor = listed.nextCursor ?? undefined;
          pages++;
        } while (cursor && pages < 20);
        expect(pages).toBeGreaterThan(1);
      }
    });

    it("rejects a cursor used in another user's query, a tampered cursor, and one from another secret", async () => {
      const first = await t.repos.plans.list({
        userId: user.id,
        sortBy: 'created_at',
        order: 'desc',
        limit: 5,
      });
      const cursor = first.nextCursor!;
      expect(cursor).toBeTruthy();

      const stolen = await errorOf(
        t.repos.plans.list({ userId: demoUser().id, sortBy: 'created_at', order: 'desc', limit: 5, cursor }),
      );
      expect(stolen).toBeInstanceOf(ValidationError);
      expect(stolen.details[0]?.field).toBe('cursor');

      const otherQuery = await errorOf(
        t.repos.plans.list({ userId: user.id, sortBy: 'updated_at', order: 'desc', limit: 5, cursor }),
      );
      expect(otherQuery).toBeInstanceOf(ValidationError);

      const [payload, sig] = cursor.split('.');
      const key = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, string>;
      key['gsi1pk'] = `USER#${demoUser().id}#PLANS`;
      const forged = `${Buffer.from(JSON.stringify(key)).toString('base64url')}.${sig}`;
      expect(
        await errorOf(
          t.repos.plans.list({
            userId: user.id,
            sortBy: 'created_at',
            order: 'desc',
            limit: 5,
            cursor: forged,
          }),
        ),
      ).toBeInstanceOf(ValidationError);

      const otherSecret = createRepositories({
        client: t.doc,
        tableName: t.tableName,
        cursorSecret: 'another-secret-0123456789',
      });
      expect(
        await errorOf(
          otherSecret.plans.list({ userId: user.id, sortBy: 'created_at', order: 'desc', limit: 5, cursor }),
        ),
      ).toBeInstanceOf(ValidationError);
    });
  });
});

describe('conversations and messages', () => {
  it('appends messages with counters, and pages by time and before_message_id', async () => {
    const user = demoUser();
    const conversation = await t.repos.conversations.create(demoConversation(user.id));
    const base = Date.parse('2026-03-01T08:00:00Z');
    const messages = [];
    for (let i = 0; i < 12; i++) {
      const at = new Date(base + i * 1000);
      messages.push(
        await t.repos.conversations.appendMessage(
          user.id,
          demoMessage(
            conversation.id,
            `message ${i}`,
            { role: i % 2 ? 'assistant' : 'user', promptTokens: 10, completionTokens: 5 },
            at,
          ),
        ),
      );
    }
    const stored = await t.repos.conversations.get(user.id, conversation.id);
    expect(stored?.messageCount).toBe(12);
    expect(stored?.totalTokens).toBe(180);
    expect(stored?.lastMessageAt).toBe(messages[11]!.timestamp);

    const newest = await t.repos.conversations.listMessages({
      userId: user.id,
      conversationId: conversation.id,
      limit: 5,
    });
    expect(newest.items.map((m) => m.content)).toEqual([
      'message 11',
      'message 10',
      'message 9',
      'message 8',
      'message 7',
    ]);

    const next = await t.repos.conversations.listMessages({
      userId: user.id,
      conversationId: conversation.id,
      limit: 5,
      cursor: newest.nextCursor!,
    });
    expect(next.items.map((m) => m.content)).toEqual([
      'message 6',
      'message 5',
      'message 4',
      'message 3',
      'message 2',
    ]);

    const before = await t.repos.conversations.listMessages({
      userId: user.id,
      conversationId: conversation.id,
      limit: 20,
      beforeMessageId: messages[3]!.id,
    });
    expect(before.items.map((m) => m.content)).toEqual(['message 2', 'message 1', 'message 0']);
    expect(before.nextCursor).toBeNull();

    const asc = await t.repos.conversations.listMessages({
      userId: user.id,
      conversationId: conversation.id,
      limit: 3,
      order: 'asc',
    });
    expect(asc.items.map((m) => m.content)).toEqual(['message 0', 'message 1', 'message 2']);
  });

  it("keeps other users out of a conversation and lists a user's conversations by activity", async () => {
    const user = demoUser();
    const a = await t.repos.conversations.create(
      demoConversation(user.id, {}, new Date('2026-01-01T00:00:00Z')),
    );
    const b = await t.repos.conversations.create(
      demoConversation(user.id, {}, new Date('2026-01-02T00:00:00Z')),
    );
    const bump = await t.repos.conversations.appendMessage(
      user.id,
      demoMessage(a.id, 'bump', {}, new Date('2026-01-03T00:00:00Z')),
    );
    // The same message id again: a put-if-absent conflict, and the count stays.
    expect(await errorOf(t.repos.conversations.appendMessage(user.id, bump))).toBeInstanceOf(ConflictError);
    const list = await t.repos.conversations.list(user.id, { limit: 10 });
    expect(list.items.map((c) => c.id)).toEqual([a.id, b.id]);

    const intruder = demoUser().id;
    expect(await t.repos.conversations.get(intruder, a.id)).toBeNull();
    expect(
      await errorOf(t.repos.conversations.appendMessage(intruder, demoMessage(a.id, 'hi'))),
    ).toBeInstanceOf(NotFoundError);
    expect(
      await errorOf(t.repos.conversations.listMessages({ userId: intruder, conversationId: a.id, limit: 5 })),
    ).toBeInstanceOf(NotFoundError);
    expect((await t.repos.conversations.get(user.id, a.id))?.messageCount).toBe(1);

    const renamed = await t.repos.conversations.update(user.id, b.id, { title: '新标题', status: 'paused' });
    expect(renamed.title).toBe('新标题');
    expect(renamed.status).toBe('paused');
  });
});

describe('agent sessions', () => {
  it('sets progress and the still-active agents in one write, and a late report changes neither', async () => {
    const user = demoUser();
    const session = await t.repos.sessions.create(demoSession(user.id, newId('conversation')));
    expect(await t.repos.sessions.setProgress(session.id, 'flight_search', 100, ['hotel', 'itinerary'])).toBe(
      true,
    );
    let read = await t.repos.sessions.get(user.id, session.id);
    expect(read?.taskProgress['flight_search']).toBe(100);
    expect(read?.activeAgents).toEqual(['hotel', 'itinerary']);
    // A lower (late) report is refused as a whole: the agent list stays.
    expect(
      await t.repos.sessions.setProgress(session.id, 'flight_search', 50, ['flight', 'hotel', 'itinerary']),
    ).toBe(false);
    read = await t.repos.sessions.get(user.id, session.id);
    expect(read?.taskProgress['flight_search']).toBe(100);
    expect(read?.activeAgents).toEqual(['hotel', 'itinerary']);
    await expect(
      t.repos.sessions.setProgress(session.id, 'hotel_search', 100, ['wizard' as never]),
    ).rejects.toThrow();
    // A session that has ended takes no more reports (and says so: no agent frame follows).
    await t.repos.sessions.cancel(user.id, session.id);
    expect(await t.repos.sessions.setProgress(session.id, 'hotel_search', 100)).toBe(false);
    expect((await t.repos.sessions.get(user.id, session.id))?.taskProgress['hotel_search']).toBe(0);
  });

  it('stores interaction logs in batches, in order, and reads them back with the session', async () => {
    const user = demoUser();
    const session = await t.repos.sessions.create(demoSession(user.id, newId('conversation')));
    const base = Date.now();
    const log = Array.from({ length: 60 }, (_, i) => ({
      id: newId('interaction'),
      sessionId: session.id,
      fromAgent: i % 2 ? ('hotel' as const) : ('coordinator' as const),
      toAgent: i % 2 ? ('coordinator' as const) : ('hotel' as const),
      interactionType: i % 2 ? ('response' as const) : ('request' as const),
      content: { step: i },
      timestamp: new Date(base + i).toISOString(),
    }));
    await t.repos.sessions.addInteractions(log);
    // Writing the same log again (a retried task) stores nothing twice.
    await t.repos.sessions.addInteractions(log.slice(0, 30));
    const read = await t.repos.sessions.get(user.id, session.id);
    expect(read?.agentInteractions.map((x) => x.content['step'])).toEqual(log.map((_, i) => i));
    await expect(
      t.repos.sessions.addInteractions([{ ...log[0]!, id: newId('interaction'), content: null as never }]),
    ).rejects.toThrow();
  });

  it('records per-agent progress concurrently without lost updates, and never moves backwards', async () => {
    const user = demoUser();
    const session = await t.repos.sessions.create(demoSession(user.id, newId('conversation')));
    await Promise.all([
      t.repos.sessions.setProgress(session.id, 'flight_search', 100),
      t.repos.sessions.setProgress(session.id, 'hotel_search', 80),
      t.repos.sessions.setProgress(session.id, 'itinerary_planning', 30),
    ]);
    await t.repos.sessions.setProgress(session.id, 'hotel_search', 50); // late report: ignored
    await t.repos.sessions.addInteraction({
      id: newId('interaction'),
      sessionId: session.id,
      fromAgent: 'coordinator',
      toAgent: 'flight',
      interactionType: 'request',
      content: { route: 'PEK-CDG', passengers: 2 },
      timestamp: new Date().toISOString(),
    });
    await t.repos.sessions.update(session.id, { status: 'completed' });

    const read = await t.repos.sessions.get(user.id, session.id);
    expect(read?.taskProgress).toEqual({
      flight_search: 100,
      hotel_search: 80,
      itinerary_planning: 30,
      budget_optimization: 0,
    });
    expect(read?.status).toBe('completed');
    expect(read?.activeAgents).toEqual(['flight', 'hotel', 'itinerary']);
    expect(read?.agentInteractions).toHaveLength(1);
    expect(read?.agentInteractions[0]?.content).toEqual({ route: 'PEK-CDG', passengers: 2 });
    expect(await t.repos.sessions.get(demoUser().id, session.id)).toBeNull();

    expect(await errorOf(t.repos.sessions.setProgress(session.id, 'flight_search', 140))).toBeInstanceOf(
      ValidationError,
    );
    expect(
      await errorOf(t.repos.sessions.setProgress('session_missing', 'flight_search', 10)),
    ).toBeInstanceOf(NotFoundError);
  });

  it('never changes an ended session: cancel is conditional and idempotent, late writes are refused or ignored', async () => {
    const user = demoUser();
    const session = await t.repos.sessions.create(demoSession(user.id, newId('conversation')));
    await t.repos.sessions.setProgress(session.id, 'flight_search', 40);

    // Another user's session (or a missing one) behaves as missing; nothing changes.
    expect(await errorOf(t.repos.sessions.cancel(demoUser().id, session.id))).toBeInstanceOf(NotFoundError);
    expect(await errorOf(t.repos.sessions.cancel(user.id, 'session_missing'))).toBeInstanceOf(NotFoundError);
    expect((await t.repos.sessions.get(user.id, session.id))?.status).toBe('processing');

    const cancelled = await t.repos.sessions.cancel(user.id, session.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', activeAgents: [] });
    const at = cancelled.sharedContext['cancelled_at'];
    expect(typeof at).toBe('string');
    const again = await t.repos.sessions.cancel(user.id, session.id);
    expect(again.sharedContext['cancelled_at']).toBe(at);

    // A planner still running: its completion is refused, its progress ignored.
    const late = await errorOf(
      t.repos.sessions.update(session.id, { status: 'completed', activeAgents: [], sharedContext: {} }),
    );
    expect(late).toBeInstanceOf(ConflictError);
    expect(late.context['status']).toBe('cancelled');
    await t.repos.sessions.setProgress(session.id, 'flight_search', 100);
    await t.repos.sessions.setProgress(session.id, 'verification', 100);
    const read = await t.repos.sessions.get(user.id, session.id);
    expect(read).toMatchObject({
      status: 'cancelled',
      activeAgents: [],
      sharedContext: { cancelled_at: at },
    });
    expect(read?.taskProgress).toEqual({
      flight_search: 40,
      hotel_search: 0,
      itinerary_planning: 0,
      budget_optimization: 0,
    });

    // A completed (or failed) session cannot be cancelled, nor changed back.
    const done = await t.repos.sessions.create(demoSession(user.id, newId('conversation')));
    await t.repos.sessions.update(done.id, { status: 'completed', activeAgents: [] });
    const refused = await errorOf(t.repos.sessions.cancel(user.id, done.id));
    expect(refused).toBeInstanceOf(ConflictError);
    expect(refused.context['status']).toBe('completed');
    expect(await errorOf(t.repos.sessions.update(done.id, { status: 'processing' }))).toBeInstanceOf(
      ConflictError,
    );
    expect((await t.repos.sessions.get(user.id, done.id))?.status).toBe('completed');
    expect(await errorOf(t.repos.sessions.update('session_missing', { status: 'failed' }))).toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('connections', () => {
  it('lists a user’s live connections and hides expired ones before TTL deletes them', async () => {
    const userId = demoUser().id;
    const now = Math.floor(Date.now() / 1000);
    await t.repos.connections.put({
      connectionId: 'c-live',
      userId,
      connectedAt: new Date().toISOString(),
      expiresAt: now + 600,
    });
    await t.repos.connections.put({
      connectionId: 'c-old',
      userId,
      connectedAt: new Date().toISOString(),
      expiresAt: now - 5,
    });
    expect((await t.repos.connections.listByUser(userId)).map((c) => c.connectionId)).toEqual(['c-live']);
    expect(await t.repos.connections.get('c-old')).toBeNull();
    expect(await errorOf(t.repos.connections.touch('c-old', now + 600))).toBeInstanceOf(NotFoundError);
    await t.repos.connections.touch('c-live', now + 1200);
    expect((await t.repos.connections.get('c-live'))?.expiresAt).toBe(now + 1200);
    await t.repos.connections.delete('c-live');
    expect(await t.repos.connections.listByUser(userId)).toEqual([]);
  });
});

describe('idempotency', () => {
  it('runs a request once, replays its response, and rejects key reuse with another payload', async () => {
    const scope = `user_1#POST /v1/travel-plans`;
    const key = `key-${newId('task')}`;
    expect(await t.repos.idempotency.begin(scope, key, 'hash-a', 3600)).toEqual({ state: 'started' });
    expect(await errorOf(t.repos.idempotency.begin(scope, key, 'hash-a', 3600))).toBeInstanceOf(
      ConflictError,
    );
    await t.repos.idempotency.complete(scope, key, { statusCode: 201, body: '{"id":"plan_1"}' });
    expect(await t.repos.idempotency.begin(scope, key, 'hash-a', 3600)).toEqual({
      state: 'completed',
      response: { statusCode: 201, body: '{"id":"plan_1"}' },
    });
    const reuse = await errorOf(t.repos.idempotency.begin(scope, key, 'hash-b', 3600));
    expect(reuse).toBeInstanceOf(ConflictError);
    expect(reuse.details[0]?.field).toBe('Idempotency-Key');
    // Another scope (another user) with the same key is independent.
    expect(await t.repos.idempotency.begin('user_2#POST /v1/travel-plans', key, 'hash-b', 3600)).toEqual({
      state: 'started',
    });
  });

  it('lets a retry run after release, and after an abandoned claim or the record expired', async () => {
    let clock = Date.parse('2026-05-01T00:00:00Z');
    const repos = createRepositories({
      client: t.doc,
      tableName: t.tableName,
      cursorSecret: t.cursorSecret,
      now: () => new Date(clock),
    });
    const key = `key-${newId('task')}`;
    await repos.idempotency.begin('s', key, 'h', 3600);
    await repos.idempotency.release('s', key);
    expect(await repos.idempotency.begin('s', key, 'h', 3600)).toEqual({ state: 'started' });
    clock += 61_000; // the in-progress lock (60 s) has lapsed: the handler is presumed dead
    expect(await repos.idempotency.begin('s', key, 'h', 3600)).toEqual({ state: 'started' });
    await repos.idempotency.complete('s', key, { statusCode: 200, body: '{}' });
    clock += 3601_000; // the whole record expired
    expect(await repos.idempotency.begin('s', key, 'other', 3600)).toEqual({ state: 'started' });
    expect(await errorOf(repos.idempotency.begin('s', 'bad key!', 'h', 60))).toBeInstanceOf(ValidationError);
  });
});
