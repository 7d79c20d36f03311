/**
 * The contract table and the pipeline, end to end through the local gateway: unmatched routes
 * answer the error envelope; the one date rule holds for new plans as for search; the OpenAPI
 * document lists the statuses each route really answers, its error responses come from the zod
 * ErrorEnvelope, and tuples carry a plain `items` schema.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../agents/errors.js';
import { handler as plansHandler } from '../../functions/api/handlers/plans.js';
import {
  daysFromNow,
  registerUser,
  seedPlanBody,
  startApi,
  type TestApi,
  type TestUser,
} from './api-support.js';

let api: TestApi;
let user: TestUser;

beforeAll(async () => {
  api = await startApi();
  user = await registerUser(api, 'contract');
});
afterAll(async () => {
  await api?.close();
});

function expectErrorEnvelope(body: Record<string, unknown>, code: string): void {
  expect(body).toMatchObject({ success: false, error: { code, details: [] } });
  expect(body['request_id']).toMatch(/^req_[0-9a-f]{16}$/);
  expect(typeof (body['error'] as { message: unknown }).message).toBe('string');
}

describe('unmatched routes', () => {
  it('answer 404 / 405 in the error envelope at the gateway', async () => {
    const missing = await api.call('GET', '/v1/no-such-thing');
    expect(missing.status).toBe(404);
    expectErrorEnvelope(missing.body, 'NOT_FOUND');
    const wrongMethod = await api.call('PUT', '/v1/search/flights', { token: user.token, body: {} });
    expect(wrongMethod.status).toBe(405);
    expectErrorEnvelope(wrongMethod.body, 'NOT_FOUND');
  });

  it('answer 404 in the error envelope inside a function, with CORS and a request id', async () => {
    const res = await plansHandler({
      resource: '/v1/nothing/{id}',
      path: '/v1/nothing/1',
      httpMethod: 'GET',
      headers: { origin: 'https://app.example.com', 'accept-language': 'en' },
      multiValueHeaders: {},
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      pathParameters: { id: '1' },
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
      requestContext: {} as never,
    });
    expect(res.statusCode).toBe(404);
    const body = JSON.parse(res.body) as Record<string, unknown>;
    expectErrorEnvelope(body, 'NOT_FOUND');
    expect(res.headers?.['x-request-id']).toBe(body['request_id']);
    expect(res.headers?.['Access-Control-Allow-Origin']).toBe('*');
  });
});

describe('the date rule', () => {
  it('refuses a new plan starting in the past, as search refuses a past departure', async () => {
    const past = daysFromNow(-3);
    const plan = await api.call('POST', '/v1/travel-plans', {
      token: user.token,
      body: seedPlanBody({
        start_date: past,
        end_date: daysFromNow(2),
        destinations: [{ name: '巴黎', arrival_date: past, departure_date: daysFromNow(2) }],
      }),
    });
    expect(plan.status).toBe(400);
    expect(plan.body.error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'start_date' })]),
    );
    const search = await api.call('POST', '/v1/search/flights', {
      token: user.token,
      body: { departure: { city: '上海' }, arrival: { city: '北京' }, departure_date: past },
    });
    expect(search.status).toBe(400);
    expect(search.body.error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'departure_date' })]),
    );
    // Yesterday is still accepted (time zones ahead of UTC).
    const yesterday = daysFromNow(-1);
    const ok = await api.call('POST', '/v1/travel-plans', {
      token: user.token,
      body: seedPlanBody({
        start_date: yesterday,
        end_date: daysFromNow(3),
        destinations: [{ name: '巴黎', arrival_date: yesterday, departure_date: daysFromNow(3) }],
      }),
    });
    expect(ok.status).toBe(201);
  });
});

describe('GET /v1/openapi.json', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let doc: any;
  beforeAll(async () => {
    doc = (await api.call('GET', '/v1/openapi.json')).body;
  });

  const statuses = (path: string, method: string) => Object.keys(doc.paths[path][method].responses).sort();

  it('lists the statuses each route really answers', () => {
    expect(statuses('/v1/auth/login', 'post')).toEqual(['200', '400', '401', '413', '429', '500', '503']);
    expect(statuses('/v1/auth/register', 'post')).toContain('409');
    expect(statuses('/v1/travel-plans/{id}', 'put')).toEqual(
      expect.arrayContaining(['401', '403', '404', '409', '413']),
    );
    expect(statuses('/v1/travel-plans', 'post')).toContain('409'); // Idempotency-Key reuse
    expect(statuses('/v1/travel-plans', 'get')).not.toContain('413');
    expect(statuses('/v1/travel-plans', 'get')).not.toContain('404');
    expect(statuses('/health', 'get')).not.toContain('401');
  });

  it('describes errors with the zod ErrorEnvelope and the document itself as what it returns', () => {
    const ref = doc.paths['/v1/auth/login'].post.responses['401'].content['application/json'].schema;
    expect(ref).toEqual({ $ref: '#/components/schemas/ErrorEnvelope' });
    const envelope = doc.components.schemas.ErrorEnvelope;
    expect(envelope.required).toEqual(
      expect.arrayContaining(['success', 'error', 'timestamp', 'request_id']),
    );
    expect(envelope.properties.error.properties.code.enum).toEqual([...ERROR_CODES]);
    const self = doc.paths['/v1/openapi.json'].get.responses['200'];
    expect(self.description).toMatch(/OpenAPI/);
    expect(self.content['application/json'].schema.required).toEqual(['openapi', 'info', 'paths']);
  });

  it('gives tuples a plain items schema beside prefixItems', () => {
    const destination =
      doc.paths['/v1/travel-plans'].post.requestBody.content['application/json'].schema.properties
        .destinations.items;
    const coordinates = destination.properties.coordinates.anyOf.find(
      (s: { type?: string }) => s.type === 'array',
    );
    expect(coordinates.prefixItems).toHaveLength(2);
    // Latitude and longitude differ in range: the plain items schema is either of them.
    expect(coordinates.items.anyOf).toEqual(coordinates.prefixItems);
    expect(coordinates).toMatchObject({ minItems: 2, maxItems: 2 });
  });
});
