/**
 * Flight and hotel search, and destination recommendations, over real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser, startApi, type TestApi, type TestUser } from './api-support.js';

let api: TestApi;
let alice: TestUser;

beforeAll(async () => {
  api = await startApi();
  alice = await registerUser(api, 'alice');
});
afterAll(async () => {
  await api?.close();
});

const fields = (res: { body: { error: { details: { field: string }[] } } }) =>
  res.body.error.details.map((d) => d.field);

/** The seed's flight search body. */
const seedFlights = (over: Record<string, unknown> = {}) => ({
  departure: { city: '北京', airport: 'PEK' },
  arrival: { city: '巴黎', airport: 'CDG' },
  departure_date: '2027-06-01',
  return_date: '2027-06-07',
  passengers: 2,
  cabin_class: 'economy',
  filters: { max_stops: 1, airlines: ['CA', 'AF'], departure_time: ['06:00', '12:00'] },
  ...over,
});

const clock = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

describe('POST /v1/search/flights', () => {
  it('returns ranked outbound and return offers that match every filter', async () => {
    const all = await api.call('POST', '/v1/search/flights', {
      token: alice.token,
      body: seedFlights({ filters: {} }),
    });
    expect(all.status).toBe(200);
    const out = all.body.data.outbound;
    expect(out.from).toMatchObject({ id: 'beijing', name_en: 'Beijing', country: 'CN' });
    expect(out.to).toMatchObject({ id: 'paris', country: 'FR' });
    expect(out.offers.length).toBeGreaterThan(1);
    expect(out.filtered_out).toBe(0);
    const scores = out.offers.map((o: { score: number }) => o.score);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    for (const o of out.offers) {
      expect(o.total_price).toBeCloseTo(o.price * 2, 1);
      expect(o.provenance.kind).toBe('estimate');
      expect(o.date).toBe('2027-06-01');
    }
    expect(all.body.data.return.date).toBe('2027-06-07');
    expect(all.body.data.return.from.id).toBe('paris');

    const filtered = await api.call('POST', '/v1/search/flights', {
      token: alice.token,
      body: seedFlights(),
    });
    expect(filtered.status).toBe(200);
    for (const leg of [filtered.body.data.outbound, filtered.body.data.return]) {
      for (const o of leg.offers) {
        expect(o.stops).toBeLessThanOrEqual(1);
        expect(['CA', 'AF']).toContain(o.flight_number.slice(0, 2));
        expect(clock(o.departure_time)).toBeGreaterThanOrEqual(clock('06:00'));
        expect(clock(o.departure_time)).toBeLessThanOrEqual(clock('12:00'));
      }
      expect(leg.total + leg.filtered_out).toBeGreaterThan(0);
    }
    expect(filtered.body.data.outbound.offers.length).toBeLessThan(out.offers.length);
  });

  it('searches one way without return_date, and honours limit', async () => {
    const res = await api.call('POST', '/v1/search/flights', {
      token: alice.token,
      body: seedFlights({ return_date: null, filters: {}, limit: 1 }),
    });
    expect(res.status).toBe(200);
    expect(res.body.data.return).toBeNull();
    expect(res.body.data.outbound.offers).toHaveLength(1);
    expect(res.body.data.outbound.total).toBeGreaterThan(1);
  });

  it('rejects bad searches with field details', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [seedFlights({ departure: { city: 'Qwxzv Nowhere' } }), 'departure.city'],
      [seedFlights({ arrival: { city: '北京' } }), 'arrival.city'],
      [seedFlights({ departure_date: '2020-01-01', return_date: null }), 'departure_date'],
      [seedFlights({ return_date: '2027-05-01' }), 'return_date'],
      [seedFlights({ passengers: 0 }), 'passengers'],
      [seedFlights({ cabin_class: 'cargo' }), 'cabin_class'],
      [seedFlights({ filters: { departure_time: ['12:00', '06:00'] } }), 'filters.departure_time'],
      [seedFlights({ filters: { departure_time: ['25:00', '26:00'] } }), 'filters.departure_time.0'],
      [seedFlights({ filters: { max_stops: -1 } }), 'filters.max_stops'],
      [seedFlights({ departure: { city: '北京', airport: 'PEKING' } }), 'departure.airport'],
      [{}, 'departure'],
    ];
    for (const [body, field] of cases) {
      const res = await api.call('POST', '/v1/search/flights', { token: alice.token, body });
      expect(res.status, field).toBe(400);
      expect(fields(res), field).toContain(field);
    }
    expect((await api.call('POST', '/v1/search/flights', { body: seedFlights() })).status).toBe(401);
  });
});

describe('POST /v1/search/hotels', () => {
  const seedHotels = (over: Record<string, unknown> = {}) => ({
    destination: '巴黎',
    check_in: '2027-06-01',
    check_out: '2027-06-07',
    guests: 2,
    rooms: 1,
    filters: {
      star_rating: [4, 5],
      price_range: [500, 1500],
      amenities: ['wifi', 'breakfast'],
      location: '市中心',
    },
    ...over,
  });

  it('ranks hotels and applies star, price and amenity filters', async () => {
    const all = await api.call('POST', '/v1/search/hotels', {
      token: alice.token,
      body: seedHotels({ filters: {} }),
    });
    expect(all.status).toBe(200);
    const d = all.body.data;
    expect(d).toMatchObject({ check_in: '2027-06-01', check_out: '2027-06-07', nights: 6 });
    expect(d.destination.id).toBe('paris');
    expect(d.hotels.length).toBeGreaterThan(2);
    for (const h of d.hotels) {
      expect(h.currency).toBe('CNY');
      expect(h.total_price).toBeCloseTo(h.price_per_night * h.rooms * 6, 0);
      expect(h.original_price.currency).toBe('EUR');
    }

    const priced = all.body.data.hotels
      .map((h: { price_per_night: number }) => h.price_per_night)
      .sort((a: number, b: number) => a - b);
    const lo = priced[0];
    const hi = priced[Math.floor(priced.length / 2)];
    const filtered = await api.call('POST', '/v1/search/hotels', {
      token: alice.token,
      body: seedHotels({ filters: { star_rating: [3, 5], price_range: [lo, hi], amenities: ['wifi'] } }),
    });
    expect(filtered.status).toBe(200);
    expect(filtered.body.data.hotels.length).toBeGreaterThan(0);
    for (const h of filtered.body.data.hotels) {
      expect(h.stars).toBeGreaterThanOrEqual(3);
      expect(h.price_per_night).toBeGreaterThanOrEqual(lo);
      expect(h.price_per_night).toBeLessThanOrEqual(hi);
      expect(h.amenities.map((a: string) => a.toLowerCase())).toContain('wifi');
    }
    expect(filtered.body.data.filtered_out).toBeGreaterThan(0);

    // The seed's own filters are valid, even when nothing in the data matches them.
    const seed = await api.call('POST', '/v1/search/hotels', { token: alice.token, body: seedHotels() });
    expect(seed.status).toBe(200);
    for (const h of seed.body.data.hotels) {
      expect(h.stars).toBeGreaterThanOrEqual(4);
      expect(h.price_per_night).toBeLessThanOrEqual(1500);
    }
  });

  it('rejects bad searches with field details', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [seedHotels({ destination: 'Qwxzv Nowhere' }), 'destination'],
      [seedHotels({ check_out: '2027-06-01' }), 'check_out'],
      [seedHotels({ check_in: '2020-06-01', check_out: '2020-06-03' }), 'check_in'],
      [seedHotels({ check_out: '2027-09-01' }), 'check_out'],
      [seedHotels({ guests: 0 }), 'guests'],
      [seedHotels({ currency: 'XYZ' }), 'currency'],
      [seedHotels({ filters: { star_rating: [6] } }), 'filters.star_rating.0'],
      [seedHotels({ filters: { price_range: [1500, 500] } }), 'filters.price_range'],
    ];
    for (const [body, field] of cases) {
      const res = await api.call('POST', '/v1/search/hotels', { token: alice.token, body });
      expect(res.status, field).toBe(400);
      expect(fields(res), field).toContain(field);
    }
  });
});

describe('GET /v1/recommendations/destinations', () => {
  it("answers the seed's query in the seed's shape", async () => {
    const res = await api.call(
      'GET',
      '/v1/recommendations/destinations?season=summer&budget=15000&style=romantic&duration=7&limit=10',
      { token: alice.token },
    );
    expect(res.status).toBe(200);
    const recs = res.body.data.recommendations;
    expect(recs.length).toBeGreaterThan(0);
    expect(recs.length).toBeLessThanOrEqual(10);
    for (const r of recs) {
      expect(Object.keys(r)).toEqual(
        expect.arrayContaining([
          'destination',
          'country',
          'confidence_score',
          'match_reasons',
          'estimated_budget',
          'best_season',
          'highlights',
          'photos',
        ]),
      );
      expect(r.confidence_score).toBeGreaterThanOrEqual(0);
      expect(r.confidence_score).toBeLessThanOrEqual(1);
    }
    const scores = recs.map((r: { confidence_score: number }) => r.confidence_score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));

    const en = await api.call('GET', '/v1/recommendations/destinations?limit=3&currency=USD', {
      token: alice.token,
      headers: { 'accept-language': 'en-US' },
    });
    expect(en.body.data.recommendations).toHaveLength(3);
    expect(en.body.data.recommendations[0].currency).toBe('USD');
    expect(en.body.data.recommendations[0].destination).toMatch(/^[\x20-\x7e]+$/);
  });

  it('validates the query', async () => {
    for (const [q, field] of [
      ['season=monsoon', 'season'],
      ['limit=0', 'limit'],
      ['limit=51', 'limit'],
      ['budget=-5', 'budget'],
      ['duration=abc', 'duration'],
      ['currency=XYZ', 'currency'],
    ]) {
      const res = await api.call('GET', `/v1/recommendations/destinations?${q}`, { token: alice.token });
      expect(res.status, q).toBe(400);
      expect(fields(res)).toContain(field);
    }
    expect((await api.call('GET', '/v1/recommendations/destinations')).status).toBe(401);
  });
});
