/**
 * Assembly of the chosen transport: the seed's flight bookings, a transportation activity per leg
 * (flights counted in `plan.flights`, ground legs with their cost on the activity), and the
 * transfers between the airports or stations and the hotel (or the centre) as real legs with their
 * time and cost. The origin's end (home) is not planned.
 */
import { airlineLabel } from './display-labels.js';
import { newId } from '../ids.js';
import type { CityInfo } from '../ports/providers.js';
import type { FlightBooking, ItineraryActivity } from '../schemas/travel-plan.js';
import { addDays, daysBetween, epochOf, isoInZone, localIso } from './calendar.js';
import { haversineKm } from './geo.js';
import type { HotelCandidate } from './hotel-agent.js';
import { originalOf } from './plan-items.js';
import { groundCost, type HubEnd, type LegPlan } from './transport-agent.js';
import { type Gathered, type Leg, type Resolved, cityName, round2 } from './trip-context.js';
import type { PlannerDeps } from './types.js';

/** Flight bookings and the transportation activities of each day. */
export interface TransportItems {
  flights: FlightBooking[];
  /** Transportation activities keyed by day number. */
  byDay: Map<number, ItineraryActivity[]>;
}

const MODE_NAME = {
  en: { train: 'Train', bus: 'Coach', self_driving: 'Drive', taxi: 'Taxi' },
  zh: { train: '火车', bus: '大巴', self_driving: '自驾', taxi: '出租车' },
} as const;

/**
 * A transfer's name for its direction: the data names the way in from the hub ("Narita Express
 * to Tokyo Station", "机场利木津巴士至京都站"); on the way out the train or bus leaves from there.
 */
export function transferName(name: string, direction: 'arrival' | 'departure', lang: 'zh' | 'en'): string {
  if (direction === 'arrival') return name;
  if (lang === 'zh') return name.replace(/至([^（）()]+)$/, (_m, place: string) => `·${place.trim()}出发`);
  return name.replace(/ to ([^()]+)$/, (_m, place: string) => ` from ${place.trim()}`);
}

/** The activity that takes the party between a hub and the hotel or centre. */
function transferActivity(
  end: HubEnd,
  direction: 'arrival' | 'departure',
  city: CityInfo,
  date: string,
  start: number,
  place: { name: string; coordinates?: [number, number] | undefined },
  lang: 'zh' | 'en',
  conv: (amount: number, from: string) => number,
): ItineraryActivity {
  const hub = lang === 'zh' ? end.terminal.name.zh : end.terminal.name.en;
  const option = transferName(lang === 'zh' ? end.transfer.name.zh : end.transfer.name.en, direction, lang);
  const [from, to] = direction === 'arrival' ? [hub, place.name] : [place.name, hub];
  const label =
    end.terminal.kind === 'airport'
      ? {
          zh: direction === 'arrival' ? '机场到市区' : '前往机场',
          en: direction === 'arrival' ? 'From the airport' : 'To the airport',
        }
      : {
          zh: direction === 'arrival' ? '出站到市区' : '前往车站',
          en: direction === 'arrival' ? 'From the station' : 'To the station',
        };
  const minutes = end.transfer.durationMinutes;
  const km =
    end.terminal.coordinates && (place.coordinates ?? city.coordinates)
      ? haversineKm(end.terminal.coordinates, (place.coordinates ?? city.coordinates)!) * 1.3
      : 0;
  return {
    id: newId('activity'),
    name:
      lang === 'zh'
        ? `${label.zh}：${option}（${from} → ${to}）`
        : `${label.en}: ${option} (${from} → ${to})`,
    type: 'transportation',
    startTime: localIso(date, start, city.timezone),
    endTime: localIso(date, start + minutes, city.timezone),
    duration: minutes,
    location: hub,
    estimatedCost: 0,
    bookingRequired: false,
    tips: [],
    photos: [],
    placeId: `transfer:${end.terminal.id}:${end.transfer.mode}`,
    city: cityName(city, lang),
    cuisines: [],
    travelLeg: {
      mode: end.transfer.mode,
      from,
      to,
      durationMinutes: minutes,
      distanceKm: round2(km),
      cost: round2(conv(end.cost, 'PLAN')),
      units: end.units,
      provenance: end.transfer.provenance,
    },
    transfer: {
      direction,
      hub,
      hubKind: end.terminal.kind,
      option,
      bufferMinutes: end.buffer,
    },
    provenance: end.transfer.provenance,
  };
}

/** Turns the chosen way of every leg into bookings, journey activities and hub transfers. */
export function transportItems(
  r: Resolved,
  g: Gathered,
  transport: { plans: LegPlan[] },
  hotelChoices: Map<string, HotelCandidate | null>,
  /** The stay's name in the plan, by city id. */
  stayNames: Map<string, string>,
  deps: PlannerDeps,
  conv: (amount: number, from: string) => number,
): TransportItems {
  const lang = r.request.language;
  const flights: FlightBooking[] = [];
  const byDay = new Map<number, ItineraryActivity[]>();
  const push = (day: number, a: ItineraryActivity) => {
    if (day < 1 || day > r.days) return;
    byDay.set(day, [...(byDay.get(day) ?? []), a]);
  };
  // Transfer costs are already in the plan currency.
  const planConv = (amount: number, from: string) => (from === 'PLAN' ? amount : conv(amount, from));
  /** Where a transfer starts or ends in a city: the hotel of that night, else the centre. */
  const placeIn = (city: CityInfo, night: number) => {
    const stay = g.stays.find(
      (s) => s.city.id === city.id && night >= s.arrivalDay && night < s.arrivalDay + s.nights,
    );
    const hotel = stay ? hotelChoices.get(stay.city.id)?.offer : undefined;
    return hotel
      ? { name: stayNames.get(stay!.city.id) ?? hotel.name, coordinates: hotel.coordinates }
      : {
          name: lang === 'zh' ? `${cityName(city, lang)}市中心` : `${cityName(city, lang)} centre`,
          coordinates: city.coordinates,
        };
  };
  transport.plans.forEach((p, i) => {
    const leg: Leg = g.legs[i]!;
    const t = p.timing;
    const choice = p.choice;
    const departIso = localIso(leg.date, t.depart, leg.from.timezone);
    const departEpoch = epochOf(leg.date, t.depart, leg.from.timezone);
    const minutes = choice.kind === 'flight' ? choice.flight.durationMinutes : choice.option.durationMinutes;
    const arriveIso = isoInZone(departEpoch + minutes * 60_000, leg.to.timezone);
    const endDayOffset = Math.max(0, daysBetween(leg.date, arriveIso.slice(0, 10)));
    const from = cityName(leg.from, lang);
    const to = cityName(leg.to, lang);
    if (choice.kind === 'flight') {
      const f = choice.flight;
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
        price: conv(f.price, f.currency),
        seatClass: f.cabinClass,
        baggageAllowance: 'per airline policy',
        bookingStatus: 'selected',
        layovers: f.layovers.map((l) => ({
          airport: l.airport,
          duration: l.durationMinutes,
          isOvernight: false,
        })),
        amenities: [],
        departureCity: from,
        arrivalCity: to,
        passengers: r.people,
        provenance: f.provenance,
        originalPrice: originalOf(f.price, f.currency, r.currency),
      });
      const estimated = f.provenance.kind === 'estimate';
      // An airport in another place than the city it serves is named (Kyoto's flights land in Osaka).
      const end = (hub: HubEnd | null, city: string) =>
        hub?.terminal.locatedIn ? hub.terminal.name[lang] : city;
      const fromLabel = end(p.departure, from);
      const toLabel = end(p.arrival, to);
      const name = estimated
        ? lang === 'zh'
          ? `${airlineLabel(f.airline, 'zh')} ${fromLabel} → ${toLabel}（预估时刻，请以航空公司为准）`
          : `${f.airline} ${fromLabel} → ${toLabel} (estimated schedule — check the airline)`
        : `${f.flightNumber} ${fromLabel} → ${toLabel}`;
      push(leg.dayNumber, {
        id: newId('activity'),
        name,
        type: 'transportation',
        startTime: departIso,
        endTime: arriveIso,
        duration: f.durationMinutes,
        location: p.departure
          ? lang === 'zh'
            ? p.departure.terminal.name.zh
            : p.departure.terminal.name.en
          : from,
        estimatedCost: 0,
        bookingRequired: true,
        tips: [],
        photos: [],
        placeId: f.id,
        city: from,
        cuisines: [],
        travelLeg: {
          mode: 'flight',
          from,
          to,
          durationMinutes: f.durationMinutes,
          distanceKm: f.distanceKm ?? 0,
          cost: 0, // counted in plan.flights
          units: r.people,
          provenance: f.provenance,
        },
        endDayOffset: endDayOffset > 0 ? endDayOffset : null,
        provenance: f.provenance,
      });
    } else {
      const o = choice.option;
      const { cost, units } = groundCost(o, r, deps);
      const hubs =
        p.departure && p.arrival
          ? lang === 'zh'
            ? `${p.departure.terminal.name.zh} → ${p.arrival.terminal.name.zh}`
            : `${p.departure.terminal.name.en} → ${p.arrival.terminal.name.en}`
          : `${from} → ${to}`;
      const service = o.service ? (lang === 'zh' ? o.service.zh : o.service.en) : MODE_NAME[lang][o.mode];
      push(leg.dayNumber, {
        id: newId('activity'),
        name: `${service} ${hubs}`,
        type: 'transportation',
        startTime: departIso,
        endTime: arriveIso,
        duration: o.durationMinutes,
        location: p.departure
          ? lang === 'zh'
            ? p.departure.terminal.name.zh
            : p.departure.terminal.name.en
          : from,
        estimatedCost: 0,
        bookingRequired: o.mode === 'train' || o.mode === 'bus',
        tips: [],
        photos: [],
        placeId: `ground:${leg.from.id}:${leg.to.id}:${o.mode}`,
        city: from,
        cuisines: [],
        travelLeg: {
          mode: o.mode,
          from,
          to,
          durationMinutes: o.durationMinutes,
          distanceKm: o.distanceKm,
          cost: round2(cost),
          units,
          provenance: o.provenance,
        },
        endDayOffset: endDayOffset > 0 ? endDayOffset : null,
        provenance: o.provenance,
      });
    }
    // Transfers at the cities of the trip (home, at the origin, is not planned).
    if (p.departure && leg.from.id !== r.origin.id) {
      const start = t.depart - p.departure.buffer - p.departure.transfer.durationMinutes;
      push(
        leg.dayNumber,
        transferActivity(
          p.departure,
          'departure',
          leg.from,
          leg.date,
          start,
          placeIn(leg.from, leg.dayNumber - 1),
          lang,
          planConv,
        ),
      );
    }
    // Landing on a later day: that day opens with the landing and the time at the hub (a
    // travel day, not a free one); the journey itself stays on the day it leaves.
    const landing = t.arrive - 1440 * endDayOffset;
    if (
      endDayOffset > 0 &&
      p.arrival &&
      leg.to.id !== r.origin.id &&
      landing >= 0 &&
      landing + p.arrival.buffer < 1440
    ) {
      const hub = lang === 'zh' ? p.arrival.terminal.name.zh : p.arrival.terminal.name.en;
      const dayOut = leg.dayNumber;
      push(leg.dayNumber + endDayOffset, {
        id: newId('activity'),
        name:
          lang === 'zh'
            ? `抵达${hub}：入境、取行李（第${dayOut}天出发，${from} → ${to}）`
            : `Landing at ${hub}: immigration and baggage (left ${from} on day ${dayOut})`,
        type: 'transportation',
        startTime: arriveIso,
        endTime: localIso(addDays(leg.date, endDayOffset), landing + p.arrival.buffer, leg.to.timezone),
        duration: p.arrival.buffer,
        location: hub,
        estimatedCost: 0,
        bookingRequired: false,
        tips: [],
        photos: [],
        placeId: `landing:${p.arrival.terminal.id}`,
        city: to,
        cuisines: [],
        travelLeg: {
          mode: choice.kind === 'flight' ? 'flight' : choice.option.mode,
          from,
          to,
          durationMinutes: p.arrival.buffer,
          distanceKm: 0,
          cost: 0, // the journey is counted on the day it leaves
          units: r.people,
          provenance: p.arrival.transfer.provenance,
        },
        transfer: {
          direction: 'arrival',
          hub,
          hubKind: p.arrival.terminal.kind,
          option: lang === 'zh' ? '入境与取行李' : 'immigration and baggage',
          bufferMinutes: p.arrival.buffer,
        },
        provenance: p.arrival.transfer.provenance,
      });
    }
    if (p.arrival && leg.to.id !== r.origin.id) {
      const offset = Math.floor((t.arrive + p.arrival.buffer) / 1440);
      const start = t.arrive + p.arrival.buffer - 1440 * offset;
      push(
        leg.dayNumber + offset,
        transferActivity(
          p.arrival,
          'arrival',
          leg.to,
          addDays(leg.date, offset),
          start,
          placeIn(leg.to, leg.dayNumber + offset),
          lang,
          planConv,
        ),
      );
    }
  });
  return { flights, byDay };
}
