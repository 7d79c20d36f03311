/**
 * Assembly of the chosen transport: the seed's flight bookings and a transportation activity per
 * leg (flights counted in `plan.flights`, ground legs with their cost on the activity).
 */
import { newId } from '../ids.js';
import type { FlightBooking, ItineraryActivity } from '../schemas/travel-plan.js';
import { epochOf, isoInZone, localIso } from './calendar.js';
import { groundCost, legTiming } from './transport-agent.js';
import { type Gathered, type LegChoice, type Resolved, cityName, round2 } from './trip-context.js';
import type { PlannerDeps } from './types.js';

/** Flight bookings and the transportation activities of each day. */
export interface TransportItems {
  flights: FlightBooking[];
  /** Transportation activities keyed by day number. */
  byDay: Map<number, ItineraryActivity[]>;
}

/** Turns the chosen way of every leg into bookings and activities. */
export function transportItems(
  r: Resolved,
  g: Gathered,
  transport: { choices: LegChoice[] },
  deps: PlannerDeps,
  conv: (amount: number, from: string) => number,
): TransportItems {
  const lang = r.request.language;
  const legTimes = transport.choices.map(legTiming);
  const flights: FlightBooking[] = [];
  const transportActivities = new Map<number, ItineraryActivity[]>();
  transport.choices.forEach((choice, i) => {
    const leg = g.legs[i]!;
    const t = legTimes[i]!;
    const list = transportActivities.get(leg.dayNumber) ?? [];
    if (choice.kind === 'flight') {
      const f = choice.flight;
      const departIso = localIso(leg.date, t.depart, leg.from.timezone);
      const departEpoch = epochOf(leg.date, t.depart, leg.from.timezone);
      const arriveIso = isoInZone(departEpoch + f.durationMinutes * 60_000, leg.to.timezone);
      const priceEach = conv(f.price, f.currency);
      const id = newId('flight');
      flights.push({
        id,
        flightNumber: f.flightNumber,
        airline: f.airline,
        departureAirport: f.fromAirport ?? f.fromCity,
        arrivalAirport: f.toAirport ?? f.toCity,
        departureTime: departIso,
        arrivalTime: arriveIso,
        flightDuration: f.durationMinutes,
        price: priceEach,
        seatClass: f.cabinClass,
        baggageAllowance: 'per airline policy',
        bookingStatus: 'selected',
        layovers: f.layovers.map((l) => ({
          airport: l.airport,
          duration: l.durationMinutes,
          isOvernight: false,
        })),
        amenities: [],
        departureCity: cityName(leg.from, lang),
        arrivalCity: cityName(leg.to, lang),
        passengers: r.people,
        provenance: f.provenance,
      });
      list.push({
        id: newId('activity'),
        name: `${f.flightNumber} ${cityName(leg.from, lang)} → ${cityName(leg.to, lang)}`,
        type: 'transportation',
        startTime: departIso,
        endTime: arriveIso,
        duration: f.durationMinutes,
        location: cityName(leg.from, lang),
        estimatedCost: 0,
        bookingRequired: true,
        tips: [],
        photos: [],
        placeId: f.id,
        city: cityName(leg.from, lang),
        cuisines: [],
        travelLeg: {
          mode: 'flight',
          from: cityName(leg.from, lang),
          to: cityName(leg.to, lang),
          durationMinutes: f.durationMinutes,
          distanceKm: f.distanceKm ?? 0,
          cost: 0, // counted in plan.flights
          units: r.people,
          provenance: f.provenance,
        },
        provenance: f.provenance,
      });
    } else {
      const o = choice.option;
      const { cost, units } = groundCost(o, r, deps);
      const departIso = localIso(leg.date, t.depart, leg.from.timezone);
      const arriveIso = isoInZone(
        epochOf(leg.date, t.depart, leg.from.timezone) + o.durationMinutes * 60_000,
        leg.to.timezone,
      );
      const modeName = { train: 'Train', bus: 'Bus', self_driving: 'Self-driving', taxi: 'Taxi' }[o.mode];
      list.push({
        id: newId('activity'),
        name: `${modeName} ${cityName(leg.from, lang)} → ${cityName(leg.to, lang)}`,
        type: 'transportation',
        startTime: departIso,
        endTime: arriveIso,
        duration: o.durationMinutes,
        location: cityName(leg.from, lang),
        estimatedCost: 0,
        bookingRequired: o.mode === 'train' || o.mode === 'bus',
        tips: [],
        photos: [],
        placeId: `ground:${leg.from.id}:${leg.to.id}:${o.mode}`,
        city: cityName(leg.from, lang),
        cuisines: [],
        travelLeg: {
          mode: o.mode,
          from: cityName(leg.from, lang),
          to: cityName(leg.to, lang),
          durationMinutes: o.durationMinutes,
          distanceKm: o.distanceKm,
          cost: round2(cost),
          units,
          provenance: o.provenance,
        },
        provenance: o.provenance,
      });
    }
    transportActivities.set(leg.dayNumber, list);
  });
  return { flights, byDay: transportActivities };
}
