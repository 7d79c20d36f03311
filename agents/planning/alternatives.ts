/**
 * Alternatives: what the plan did not pick but a traveller may prefer (other flights per leg and
 * other stays per city).
 */
import type { TravelPlan } from '../schemas/travel-plan.js';
import type { HotelCandidate } from './hotel-agent.js';
import { type Gathered, type LegChoice, cityName } from './trip-context.js';

/** Up to three flights per leg and three stays per city that the plan did not pick. */
export function alternativesOf(
  g: Gathered,
  transport: { choices: LegChoice[] } | null,
  hotelChoices: Map<string, HotelCandidate | null>,
  conv: (amount: number, from: string) => number,
  lang: 'zh' | 'en',
): TravelPlan['alternatives'] {
  const flights = g.legs.flatMap((leg, i) => {
    const chosen = transport?.choices[i];
    const chosenId = chosen?.kind === 'flight' ? chosen.flight.id : null;
    return leg.flights
      .filter((f) => f.offer.id !== chosenId)
      .slice(0, 3)
      .map((f) => ({
        from: cityName(leg.from, lang),
        to: cityName(leg.to, lang),
        date: leg.date,
        flightNumber: f.offer.flightNumber,
        airline: f.offer.airline,
        departureTime: f.offer.departureTime,
        arrivalTime: f.offer.arrivalTime,
        arrivalDate: f.offer.arrivalDate && f.offer.arrivalDate !== leg.date ? f.offer.arrivalDate : null,
        durationMinutes: f.offer.durationMinutes,
        stops: f.offer.stops,
        pricePerPerson: conv(f.offer.price, f.offer.currency),
        pareto: f.pareto,
        provenance: f.offer.provenance,
      }));
  });
  const hotels = g.stays.flatMap((s) => {
    const chosen = hotelChoices.get(s.city.id)?.offer.id;
    return (g.hotels.get(s.city.id)?.candidates ?? [])
      .filter((c) => c.offer.id !== chosen)
      .slice(0, 3)
      .map((c) => ({
        city: cityName(s.city, lang),
        name: (lang === 'zh' ? c.offer.nameZh : c.offer.nameEn) ?? c.offer.name,
        starRating: c.offer.stars ?? null,
        rating: c.offer.rating ?? null,
        pricePerNight: conv(c.offer.pricePerNight, c.offer.currency),
        totalPrice: conv(c.total, c.offer.currency),
        rooms: c.rooms,
        provenance: c.offer.provenance,
      }));
  });
  return { flights, hotels };
}
