/**
 * The model-service rules (agents/llm/model-availability.ts) over an in-memory port that records
 * calls: classification of each snapshot, waking only a cold service, bilingual notices, and the
 * monitor's cache with an injected clock.
 */
import { describe, expect, it } from 'vitest';
import {
  MODEL_SERVICE_NOTICES,
  ModelServiceMonitor,
  classifyModelService,
  ensureModelService,
} from '../../agents/llm/model-availability.js';
import type { ModelServicePort, ModelServiceSnapshot } from '../../agents/ports/model-service.js';

const base: ModelServiceSnapshot = {
  exists: true,
  desiredCount: 0,
  runningCount: 0,
  pendingCount: 0,
  rolloutFailed: false,
  healthy: false,
};

class RecordingPort implements ModelServicePort {
  reads = 0;
  wakes: number[] = [];
  constructor(
    public state: ModelServiceSnapshot,
    private readonly acceptWake = true,
  ) {}
  async snapshot(): Promise<ModelServiceSnapshot> {
    this.reads += 1;
    return this.state;
  }
  async wake(count: number): Promise<boolean> {
    this.wakes.push(count);
    if (this.acceptWake)
      this.state = { ...this.state, desiredCount: Math.max(count, this.state.desiredCount) };
    return this.acceptWake;
  }
}

describe('classifyModelService', () => {
  it.each([
    [{}, 'cold'],
    [{ desiredCount: 1 }, 'warming'],
    [{ desiredCount: 1, pendingCount: 1 }, 'warming'],
    [{ desiredCount: 1, runningCount: 1, healthy: false }, 'warming'],
    [{ desiredCount: 1, runningCount: 1, healthy: true }, 'ready'],
    [{ desiredCount: 0, runningCount: 1, healthy: true }, 'ready'],
    [{ desiredCount: 0, runningCount: 1, healthy: false }, 'warming'],
    [{ exists: false }, 'unavailable'],
    [{ desiredCount: 1, runningCount: 1, healthy: true, rolloutFailed: true }, 'unavailable'],
  ] as const)('%j -> %s', (patch, status) => {
    expect(classifyModelService({ ...base, ...patch })).toBe(status);
  });
});

describe('ensureModelService', () => {
  it('wakes a cold service to one task and reports warming with the notice in both languages', async () => {
    const port = new RecordingPort(base);
    const result = await ensureModelService(port);
    expect(result).toMatchObject({ status: 'warming', woke: true, useLlm: false });
    expect(result.notice).toEqual(MODEL_SERVICE_NOTICES.warming);
    expect(result.notice!.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(result.notice!.en).toMatch(/warming up/);
    expect(port.wakes).toEqual([1]);
  });

  it('does not wake a service that is warming, ready or unavailable', async () => {
    for (const state of [
      { ...base, desiredCount: 1 },
      { ...base, desiredCount: 1, runningCount: 1, healthy: true },
      { ...base, exists: false, problem: 'service missing' },
    ]) {
      const port = new RecordingPort(state);
      const result = await ensureModelService(port);
      expect(result.woke).toBe(false);
      expect(port.wakes).toEqual([]);
    }
  });

  it('uses the LLM only when ready, and then carries no notice', async () => {
    const result = await ensureModelService(
      new RecordingPort({ ...base, desiredCount: 1, runningCount: 1, healthy: true }),
    );
    expect(result).toEqual({ status: 'ready', woke: false, useLlm: true });
  });

  it('reports only, without waking, when asked to', async () => {
    const port = new RecordingPort(base);
    expect((await ensureModelService(port, { wake: false })).status).toBe('cold');
    expect(port.wakes).toEqual([]);
  });

  it('a refused wake or a failing adapter is unavailable, never an exception', async () => {
    expect((await ensureModelService(new RecordingPort(base, false))).status).toBe('unavailable');
    const broken: ModelServicePort = {
      snapshot: () => Promise.reject(new Error('access denied')),
      wake: () => Promise.resolve(true),
    };
    const result = await ensureModelService(broken);
    expect(result).toMatchObject({ status: 'unavailable', problem: 'access denied', useLlm: false });
    expect(result.notice).toEqual(MODEL_SERVICE_NOTICES.unavailable);
  });
});

describe('ModelServiceMonitor', () => {
  it('shares one read within the cache window and reads again after it', async () => {
    let now = 1_000;
    const port = new RecordingPort({ ...base, desiredCount: 1, runningCount: 1, healthy: true });
    const monitor = new ModelServiceMonitor(port, { cacheMs: 5000, now: () => now });
    await Promise.all([monitor.ensure(), monitor.ensure(), monitor.ensure()]);
    expect(port.reads).toBe(1);
    now += 4999;
    await monitor.ensure();
    expect(port.reads).toBe(1);
    now += 1;
    await monitor.ensure();
    expect(port.reads).toBe(2);
  });

  it('status() never wakes, and a later ensure() still wakes the cold service', async () => {
    const now = 0;
    const port = new RecordingPort(base);
    const monitor = new ModelServiceMonitor(port, { now: () => now });
    expect(await monitor.status()).toBe('cold');
    expect(port.wakes).toEqual([]);
    expect((await monitor.ensure()).status).toBe('warming');
    expect(port.wakes).toEqual([1]);
    // Within the window the wake is not repeated.
    await monitor.ensure();
    expect(port.wakes).toEqual([1]);
    expect(await monitor.status()).toBe('warming');
  });

  it('invalidate() forces a fresh read', async () => {
    const port = new RecordingPort({ ...base, desiredCount: 1 });
    const monitor = new ModelServiceMonitor(port, { now: () => 0 });
    await monitor.ensure();
    port.state = { ...port.state, runningCount: 1, healthy: true };
    expect((await monitor.ensure()).status).toBe('warming');
    monitor.invalidate();
    expect((await monitor.ensure()).status).toBe('ready');
  });
});
