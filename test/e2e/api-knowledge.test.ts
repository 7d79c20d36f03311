/**
 * GET /v1/knowledge/search over real HTTP: bilingual passages citing their documents.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser, startApi, type TestApi, type TestUser } from './api-support.js';

let api: TestApi;
let alice: TestUser;

beforeAll(async () => {
  api = await startApi();
  alice = await registerUser(api, 'kb-alice');
});
afterAll(async () => {
  await api?.close();
});

describe('GET /v1/knowledge/search', () => {
  it('answers a Chinese question with cited passages, filtered by city and language', async () => {
    const q = encodeURIComponent('卢浮宫周几闭馆');
    const res = await api.call('GET', `/v1/knowledge/search?q=${q}&city=paris&lang=en&limit=3`, {
      token: alice.token,
    });
    expect(res.status).toBe(200);
    const data = res.body.data;
    expect(data.no_answer).toBe(false);
    expect(data.results.length).toBeGreaterThan(0);
    expect(data.results.length).toBeLessThanOrEqual(3);
    expect(data.results[0]).toMatchObject({
      doc_id: 'paris.sight.paris-louvre.en',
      lang: 'en',
      city: 'paris',
    });
    for (const r of data.results) {
      expect(r.city).toBe('paris');
      expect(r.lang).toBe('en');
      expect(typeof r.last_checked).toBe('string');
      expect(typeof r.source).toBe('string');
    }
  });

  it('says when the base has no answer', async () => {
    const res = await api.call(
      'GET',
      `/v1/knowledge/search?q=${encodeURIComponent('Sydney Opera House tickets')}`,
      { token: alice.token },
    );
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ no_answer: true, results: [] });
  });

  it('rejects a missing query and a bad limit with the error envelope, and needs a token', async () => {
    const missing = await api.call('GET', '/v1/knowledge/search?limit=3', { token: alice.token });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('VALIDATION_ERROR');
    expect(missing.body.error.details.map((d: { field: string }) => d.field)).toContain('q');
    const bad = await api.call('GET', '/v1/knowledge/search?q=metro&limit=99', { token: alice.token });
    expect(bad.status).toBe(400);
    const anonymous = await api.call('GET', '/v1/knowledge/search?q=metro');
    expect(anonymous.status).toBe(401);
  });
});
