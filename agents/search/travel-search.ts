/**
 * Flight and hotel search: resolve the cities, ask the providers, rank with the planner's flight and
 * hotel agents, apply the seed's filters strictly (the agents treat some of them as soft wishes for
 * planning; a search shows only what matches), and map to the response views.
 */
import { ValidationError } from '../errors.js';
import { rankFlights, type RankedFlight } from '../planning/flight-agent.js';
import { haversineKm } from '../planning/geo.js';
import { filterHotels, type HotelCandidate } from '../planning/hotel-agent.js';
import { parseClockTime } from '../planning/opening-hours.js';
import type { CityInfo, Providers } from '../ports/providers.js';
import { TripRequest } from '../schemas/trip-request.js';
import type {
  EmptyReasonView,
  FlightLegView,
  FlightSearchBody,
  FlightSearchView,
  HotelSearchBody,
  HotelSearchView,
  HotelView,
} from '../contracts/search.js';
import { applyFilters, type SearchFilter } from './filter-report.js';
import { assertKnownCurrency, convertOrNull, resolveCityOrFail, round2 } from './lookups.js';

function place(c: CityInfo) {
  return { id: c.id, name: c.nameZh ?? c.name, nameEn: c.nameEn, country: c.country };
}

function airlineMatches(r: RankedFlight, wanted: string[]): boolean {
  if (wanted.length === 0) return true;
  const code = r.offer.flightNumber.slice(0, 2).toUpperCase();
  const name = r.offer.airline.toLowerCase();
  return wanted.some((w) => w.toUpperCase() === code || name.includes(w.toLowerCase()));
}

function inWindow(r: RankedFlight, window: [string, string] | null | undefined): boolean {
  if (!window) return true;
  const t = parseClockTime(r.offer.departureTime);
  return t >= parseClockTime(window[0]) && t <= parseClockTime(window[1]);
}

function flightView(r: RankedFlight, body: FlightSearchBody, rates: Providers['rates'], currency: string) {
  const o = r.offer;
  const price = convertOrNull(rates, o.price, o.currency, currency) ?? o.price;
  const shown = convertOrNull(rates, o.price, o.currency, currency) === null ? o.currency : currency;
  return {
    id: o.id,
    flightNumber: o.flightNumber,
    airline: o.airline,
    fromAirport: o.fromAirport ?? null,
    toAirport: o.toAirport ?? null,
    date: o.date,
    departureTime: o.departureTime,
    arrivalTime: o.arrivalTime,
    arrivalDate: o.arrivalDate ?? null,
    durationMinutes: o.durationMinutes,
    stops: o.stops,
    layovers: o.layovers,
    price: round2(price),
    totalPrice: round2(price * body.passengers),
    currency: shown,
    originalPrice: { amount: o.price, currency: o.currency },
    cabinClass: o.cabinClass,
    score: Math.round(r.score * 1000) / 1000,
    pareto: r.pareto,
    provenance: o.provenance,
  };
}

/** The strict filters of a flight search, in the order they are applied (and reported). */
function flightFilters(
  body: FlightSearchBody,
  airports: { from?: string | null | undefined; to?: string | null | undefined },
): SearchFilter<RankedFlight>[] {
  const f = body.filters;
  const out: SearchFilter<RankedFlight>[] = [
    {
      field: 'cabin_class',
      label: { zh: `舱位 ${body.cabinClass}`, en: `cabin ${body.cabinClass}` },
      pass: (r) => r.offer.cabinClass === body.cabinClass,
    },
  ];
  if (f.maxStops != null) {
    const n = f.maxStops;
    out.push({
      field: 'filters.max_stops',
      label: {
        zh: n === 0 ? '只要直飞' : `最多 ${n} 次中转`,
        en: n === 0 ? 'non-stop only' : `at most ${n} stop(s)`,
      },
      pass: (r) => r.offer.stops <= n,
    });
  }
  if (f.airlines.length > 0) {
    out.push({
      field: 'filters.airlines',
      label: { zh: `航空公司 ${f.airlines.join('、')}`, en: `airlines ${f.airlines.join(', ')}` },
      pass: (r) => airlineMatches(r, f.airlines),
    });
  }
  if (f.departureTime) {
    const w = f.departureTime;
    out.push({
      field: 'filters.departure_time',
      label: { zh: `${w[0]}-${w[1]} 起飞`, en: `departing ${w[0]}-${w[1]}` },
      pass: (r) => inWindow(r, w),
    });
  }
  if (airports.from) {
    const code = airports.from;
    out.push({
      field: 'departure.airport',
      label: { zh: `从 ${code} 出发`, en: `from ${code}` },
      pass: (r) => !r.offer.fromAirport || r.offer.fromAirport === code,
    });
  }
  if (airports.to) {
    const code = airports.to;
    out.push({
      field: 'arrival.airport',
      label: { zh: `到达 ${code}`, en: `to ${code}` },
      pass: (r) => !r.offer.toAirport || r.offer.toAirport === code,
    });
  }
  return out;
}

async function flightLeg(
  providers: Providers,
  body: FlightSearchBody,
  from: CityInfo,
  to: CityInfo,
  date: string,
  airports: { from?: string | null | undefined; to?: string | null | undefined },
  currency: string,
): Promise<FlightLegView> {
  const f = body.filters;
  const offers = await providers.flights.search({
    from,
    to,
    date,
    passengers: body.passengers,
    cabinClass: body.cabinClass,
  });
  const ranked = rankFlights(offers, {
    cabinClass: body.cabinClass,
    maxLayovers: f.maxStops ?? 3,
    preferredAirlines: f.airlines,
    departureWindow: f.departureTime ?? null,
  });
  const { kept, emptyReason, nearest } = applyFilters(ranked, flightFilters(body, airports));
  return {
    from: place(from),
    to: place(to),
    date,
    offers: kept.slice(0, body.limit).map((r) => flightView(r, body, providers.rates, currency)),
    total: kept.length,
    filteredOut: ranked.length - kept.length,
    emptyReason,
    nearest: nearest.map((n) => ({
      ...flightView(n.item, body, providers.rates, currency),
      missedFilters: n.missed,
    })),
  };
}

export async function searchFlights(providers: Providers, body: FlightSearchBody): Promise<FlightSearchView> {
  const from = await resolveCityOrFail(providers.geo, body.departure.city, 'departure.city');
  const to = await resolveCityOrFail(providers.geo, body.arrival.city, 'arrival.city');
  if (from.id === to.id) {
    throw new ValidationError('Same city', {
      details: [
        { field: 'arrival.city', message: 'arrival city is the departure city / 出发与到达城市相同' },
      ],
    });
  }
  // One currency for both legs: the one asked for, else the departure city's (the traveller's home).
  const currency = body.currency ?? from.currency;
  assertKnownCurrency(providers.rates, currency, 'currency');
  const dep = { from: body.departure.airport, to: body.arrival.airport };
  const outbound = await flightLeg(providers, body, from, to, body.departureDate, dep, currency);
  const back = body.returnDate
    ? await flightLeg(providers, body, to, from, body.returnDate, { from: dep.to, to: dep.from }, currency)
    : null;
  return { outbound, return: back };
}

export async function searchHotels(providers: Providers, body: HotelSearchBody): Promise<HotelSearchView> {
  assertKnownCurrency(providers.rates, body.currency, 'currency');
  const city = await resolveCityOrFail(providers.geo, body.destination, 'destination');
  const nights = Math.round((Date.parse(body.checkOut) - Date.parse(body.checkIn)) / 86_400_000);
  const f = body.filters;
  const stars = f.starRating
    ? ([Math.min(...f.starRating), Math.max(...f.starRating)] as [number, number])
    : null;
  const offers = await providers.hotels.search({
    city,
    checkIn: body.checkIn,
    checkOut: body.checkOut,
    guests: body.guests,
  });
  // The hotel agent's filter takes a trip request: only its accommodation wishes matter here.
  const request = TripRequest.parse({
    origin: { name: city.nameEn },
    destinations: [{ name: city.nameEn }],
    accommodation: { stars, amenities: f.amenities },
  });
  const { candidates, rejected } = filterHotels(offers, request, body.guests, nights, city.coordinates);
  const perNightOf = (c: HotelCandidate) =>
    convertOrNull(providers.rates, c.offer.pricePerNight, c.offer.currency, body.currency);
  const filters: SearchFilter<HotelCandidate>[] = [];
  if (stars) {
    filters.push({
      field: 'filters.star_rating',
      label: {
        zh: `${stars[0] === stars[1] ? stars[0] : `${stars[0]}-${stars[1]}`} 星`,
        en: `${stars[0] === stars[1] ? stars[0] : `${stars[0]}-${stars[1]}`} stars`,
      },
      pass: (c) => c.offer.stars !== undefined && !c.softMisses.includes('stars'),
    });
  }
  if (f.amenities.length > 0) {
    filters.push({
      field: 'filters.amenities',
      label: { zh: `设施 ${f.amenities.join('、')}`, en: `amenities ${f.amenities.join(', ')}` },
      pass: (c) => !c.softMisses.includes('amenities'),
    });
  }
  filters.push({
    field: 'currency',
    label: { zh: `可换算为 ${body.currency}`, en: `priced in a currency convertible to ${body.currency}` },
    pass: (c) => perNightOf(c) !== null,
  });
  if (f.priceRange) {
    const [lo, hi] = f.priceRange;
    filters.push({
      field: 'filters.price_range',
      label: { zh: `每晚 ${lo}-${hi} ${body.currency}`, en: `${lo}-${hi} ${body.currency} a night` },
      pass: (c) => {
        const p = perNightOf(c);
        return p !== null && p >= lo && p <= hi;
      },
    });
  }
  const outcome = applyFilters(candidates, filters);
  const view = (c: HotelCandidate): HotelView => {
    const o = c.offer;
    const perNight = perNightOf(c) ?? o.pricePerNight;
    const rooms = Math.max(body.rooms, c.rooms);
    return {
      id: o.id,
      name: o.name,
      type: o.type,
      stars: o.stars ?? null,
      rating: o.rating ?? null,
      address: o.address ?? null,
      coordinates: o.coordinates ?? null,
      roomType: o.roomType,
      maxOccupancy: o.maxOccupancy,
      rooms,
      nights,
      pricePerNight: round2(perNight),
      totalPrice: round2(perNight * rooms * nights),
      currency: perNightOf(c) === null ? o.currency : body.currency,
      originalPrice: { amount: o.pricePerNight, currency: o.currency },
      amenities: o.amenities,
      distanceKm:
        city.coordinates && o.coordinates ? round2(haversineKm(city.coordinates, o.coordinates)) : null,
      score: Math.round(c.score * 1000) / 1000,
      provenance: o.provenance,
    };
  };
  const hotels = outcome.kept.map(view);
  // Every offer rejected before the strict filters: say which rule (stay length, party size) did it.
  const hardReason =
    candidates.length === 0 && offers.length > 0 ? hotelRejection(rejected, offers.length) : null;
  return {
    destination: place(city),
    checkIn: body.checkIn,
    checkOut: body.checkOut,
    nights,
    hotels: hotels.slice(0, body.limit),
    total: hotels.length,
    filteredOut: offers.length - hotels.length,
    emptyReason: outcome.emptyReason ?? hardReason,
    nearest: outcome.nearest.map((n) => ({ ...view(n.item), missedFilters: n.missed })),
  };
}

/** The hotel agent's own rules, as request fields and words, for an answer with no stay left. */
const HARD_RULES: Record<string, { field: string; zh: string; en: string }> = {
  minimum_nights: { field: 'check_out', zh: '最少入住晚数', en: 'the minimum stay' },
  occupancy: { field: 'guests', zh: '入住人数', en: 'the number of guests' },
  room_type: { field: 'room_type', zh: '房型', en: 'the room type' },
  house_rules: { field: 'house_rules', zh: '入住规定', en: 'the house rules' },
};

function hotelRejection(rejected: Record<string, number>, offers: number): EmptyReasonView | null {
  const top = Object.entries(rejected).sort((a, b) => b[1] - a[1])[0];
  const rule = top ? HARD_RULES[top[0]] : undefined;
  if (!rule) return null;
  return {
    filter: rule.field,
    remainingBefore: offers,
    message: `None of the ${offers} stays fits ${rule.en} of this search (${top![1]} ruled out by it).`,
    messageZh: `${offers} 家住宿都不符合本次搜索的${rule.zh}（其中 ${top![1]} 家因此被排除）。`,
  };
}
