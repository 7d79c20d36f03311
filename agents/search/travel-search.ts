/**
 * Flight and hotel search: resolve the cities, ask the providers, rank with the planner's flight and
 * hotel agents, apply the seed's filters strictly (the agents treat some of them as soft wishes for
 * planning; a search shows only what matches), and map to the response views.
 */
import { ValidationError } from '../errors.js';
import { rankFlights, type RankedFlight } from '../planning/flight-agent.js';
import { haversineKm } from '../planning/geo.js';
import { filterHotels } from '../planning/hotel-agent.js';
import { parseClockTime } from '../planning/opening-hours.js';
import type { CityInfo, Providers } from '../ports/providers.js';
import { TripRequest } from '../schemas/trip-request.js';
import type {
  FlightLegView,
  FlightSearchBody,
  FlightSearchView,
  HotelSearchBody,
  HotelSearchView,
  HotelView,
} from '../contracts/search.js';
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

async function flightLeg(
  providers: Providers,
  body: FlightSearchBody,
  from: CityInfo,
  to: CityInfo,
  date: string,
  airports: { from?: string | null | undefined; to?: string | null | undefined },
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
  const kept = ranked.filter(
    (r) =>
      r.offer.cabinClass === body.cabinClass &&
      (f.maxStops == null || r.offer.stops <= f.maxStops) &&
      airlineMatches(r, f.airlines) &&
      inWindow(r, f.departureTime) &&
      (!airports.from || !r.offer.fromAirport || r.offer.fromAirport === airports.from) &&
      (!airports.to || !r.offer.toAirport || r.offer.toAirport === airports.to),
  );
  return {
    from: place(from),
    to: place(to),
    date,
    offers: kept.slice(0, body.limit).map((r) => ({
      id: r.offer.id,
      flightNumber: r.offer.flightNumber,
      airline: r.offer.airline,
      fromAirport: r.offer.fromAirport ?? null,
      toAirport: r.offer.toAirport ?? null,
      date: r.offer.date,
      departureTime: r.offer.departureTime,
      arrivalTime: r.offer.arrivalTime,
      arrivalDate: r.offer.arrivalDate ?? null,
      durationMinutes: r.offer.durationMinutes,
      stops: r.offer.stops,
      layovers: r.offer.layovers,
      price: r.offer.price,
      totalPrice: round2(r.offer.price * body.passengers),
      currency: r.offer.currency,
      cabinClass: r.offer.cabinClass,
      score: Math.round(r.score * 1000) / 1000,
      pareto: r.pareto,
      provenance: r.offer.provenance,
    })),
    total: kept.length,
    filteredOut: ranked.length - kept.length,
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
  const dep = { from: body.departure.airport, to: body.arrival.airport };
  const outbound = await flightLeg(providers, body, from, to, body.departureDate, dep);
  const back = body.returnDate
    ? await flightLeg(providers, body, to, from, body.returnDate, { from: dep.to, to: dep.from })
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
  const { candidates } = filterHotels(offers, request, body.guests, nights, city.coordinates);
  const hotels: HotelView[] = [];
  for (const c of candidates) {
    const o = c.offer;
    if (c.softMisses.includes('stars') || c.softMisses.includes('amenities')) continue;
    if (stars && o.stars === undefined) continue;
    const perNight = convertOrNull(providers.rates, o.pricePerNight, o.currency, body.currency);
    if (perNight === null) continue;
    if (f.priceRange && (perNight < f.priceRange[0] || perNight > f.priceRange[1])) continue;
    const rooms = Math.max(body.rooms, c.rooms);
    hotels.push({
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
      currency: body.currency,
      originalPrice: { amount: o.pricePerNight, currency: o.currency },
      amenities: o.amenities,
      distanceKm:
        city.coordinates && o.coordinates ? round2(haversineKm(city.coordinates, o.coordinates)) : null,
      score: Math.round(c.score * 1000) / 1000,
      provenance: o.provenance,
    });
  }
  return {
    destination: place(city),
    checkIn: body.checkIn,
    checkOut: body.checkOut,
    nights,
    hotels: hotels.slice(0, body.limit),
    total: hotels.length,
    filteredOut: offers.length - hotels.length,
  };
}
