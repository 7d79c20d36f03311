/**
 * The per-process plan count cache against DynamoDB Local: counts come from memory while fresh,
 * this process's own writes drop them at once, and writes by another process show after the TTL.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { PlanCountCache } from '../../functions/data/plan-count-cache.js';
import { demoPlan, demoUser } from '../../local/demo-data.js';
import { createTestTable, type TestTable } from '../support/dynamo.js';

let t: TestTable;
beforeAll(async () => {
  t = await createTestTable('counts');
});

describe('plan count cache', () => {
  it("serves counts from memory, drops them on its own writes, and sees other processes' writes after the TTL", async () => {
    const user = demoUser();
    let now = 1_000;
    let queries = 0;
    // The table's repository, counting the count queries that reach DynamoDB.
    const counting = new Proxy(t.repos.plans, {
      get(target, prop) {
        if (prop === 'count') {
          return (...args: Parameters<typeof target.count>) => {
            queries++;
            return target.count(...args);
          };
        }
        const value: unknown = Reflect.get(target, prop);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const plans = new PlanCountCache(counting, 2000, () => now);

    const first = await plans.create(demoPlan(user.id, { status: 'drafting' }));
    expect(await plans.count(user.id)).toBe(1);
    expect(await plans.count(user.id)).toBe(1);
    expect(queries).toBe(1);

    // Own writes: the next count is fresh.
    await plans.create(demoPlan(user.id, { status: 'confirmed' }));
    expect(await plans.count(user.id)).toBe(2);
    expect(await plans.count(user.id, 'confirmed')).toBe(1);
    expect(queries).toBe(3);
    await plans.save(user.id, { ...first, status: 'confirmed' }, first.version);
    expect(await plans.count(user.id, 'confirmed')).toBe(2);
    await plans.delete(user.id, first.id);
    expect(await plans.count(user.id)).toBe(1);
    expect(await plans.count(user.id, 'confirmed')).toBe(1);

    // Another process's write is not seen until the cached count expires.
    await t.repos.plans.create(demoPlan(user.id));
    expect(await plans.count(user.id)).toBe(1);
    now += 2001;
    expect(await plans.count(user.id)).toBe(2);
  });
});
