/**
 * Searches that explain an empty answer (issue 16): the filter that removed the last results and
 * the nearest matches; and one currency per flight search answer, both legs alike. Runs the search
 * services on the offline providers (fixed clock), as the REST routes and MCP tools do.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { FlightSearchBody, HotelSearchBody } from '../../agents/contracts/search.js';
import type { Providers } from '../../agents/ports/providers.js';
import { applyFilters } from '../../agents/search/filter-report.js';
import { searchFlights, searchHotels } from '../../agents/search/travel-search.js';
import { createOfflineProviders } from '../../knowledge/offline/providers.js';

let providers: Providers;
beforeAll(() => {
  providers = createOfflineProviders({ now: () => new Date('2026-12-01T00:00:00Z') });
});

const flightBody = (input: Record<string, unknown>) =>
  FlightSearchBody.parse({
    departure: { city: '北京' },
    arrival: { city: 'Paris' },
    departureDate: '2027-05-10',
    returnDate: '2027-05-17',
    passengers: 2,
    ...input,
  });

describe('filters that report themselves', () => {
  it('names the filter that removed the last items and ranks the nearest by filters missed', () => {
    const items = [1, 2, 3, 4, 5, 6];
    const out = applyFilters(items, [
      { field: 'even', label: { zh: '偶数', en: 'even' }, pass: (n) => n % 2 === 0 },
      { field: 'big', label: { zh: '大于 6', en: 'over 6' }, pass: (n) => n > 6 },
      { field: 'small', label: { zh: '小于 3', en: 'under 3' }, pass: (n) => n < 3 },
    ]);
    expect(out.kept).toEqual([]);
    expect(out.emptyReason).toMatchObject({ filter: 'big', remainingBefore: 3 });
    expect(out.emptyReason?.messageZh).toContain('大于 6');
    // 2 misses only "big"; the odd numbers under 3 miss two filters, the rest more.
    expect(out.nearest[0]).toEqual({ item: 2, missed: ['big'] });
    expect(out.nearest.map((n) => n.missed.length)).toEqual([1, 2, 2]);
    const some = applyFilters(items, [
      { field: 'even', label: { zh: '', en: '' }, pass: (n) => n % 2 === 0 },
    ]);
    expect(some).toEqual({ kept: [2, 4, 6], emptyReason: null, nearest: [] });
  });
});

describe('flight search', () => {
  it('prices both legs in one currency (the departure city’s by default) with the original beside', async () => {
    const out = await searchFlights(providers, flightBody({}));
    const all = [...out.outbound.offers, ...out.return!.offers];
    expect(all.length).toBeGreaterThan(2);
    expect(new Set(all.map((o) => o.currency))).toEqual(new Set(['CNY']));
    expect(out.return!.offers.some((o) => o.originalPrice.currency === 'EUR')).toBe(true);
    const usd = await searchFlights(providers, flightBody({ currency: 'USD' }));
    expect(new Set([...usd.outbound.offers, ...usd.return!.offers].map((o) => o.currency))).toEqual(
      new Set(['USD']),
    );
    expect(usd.outbound.emptyReason).toBeNull();
  });

  it('says which filter emptied the answer and shows the nearest flights', async () => {
    const out = await searchFlights(
      providers,
      flightBody({ filters: { maxStops: 1, airlines: ['Nowhere Air'] }, returnDate: null }),
    );
    expect(out.outbound.offers).toEqual([]);
    expect(out.outbound.emptyReason?.filter).toBe('filters.airlines');
    expect(out.outbound.emptyReason?.message).toContain('Nowhere Air');
    expect(out.outbound.nearest.length).toBeGreaterThan(0);
    expect(out.outbound.nearest[0]!.missedFilters).toEqual(['filters.airlines']);
  });
});

describe('hotel search', () => {
  const hotelBody = (filters: Record<string, unknown>) =>
    HotelSearchBody.parse({
      destination: 'Paris',
      checkIn: '2027-05-10',
      checkOut: '2027-05-13',
      guests: 2,
      currency: 'CNY',
      filters,
    });

  it('says which filter emptied the answer and shows the nearest stays', async () => {
    const out = await searchHotels(providers, hotelBody({ starRating: [5], priceRange: [1, 50] }));
    expect(out.hotels).toEqual([]);
    expect(out.emptyReason?.filter).toBe('filters.price_range');
    expect(out.emptyReason?.messageZh).toContain('每晚 1-50 CNY');
    expect(out.nearest.length).toBe(3);
    // The nearest stays keep the star rating and miss only the price.
    expect(out.nearest.every((h) => h.stars === 5 && h.missedFilters.join() === 'filters.price_range')).toBe(
      true,
    );
  });

  it('reports nothing when stays are found', async () => {
    const out = await searchHotels(providers, hotelBody({ starRating: [4, 5] }));
    expect(out.hotels.length).toBeGreaterThan(0);
    expect(out.emptyReason).toBeNull();
    expect(out.nearest).toEqual([]);
  });
});
