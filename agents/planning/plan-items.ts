/**
 * Assembly of plan items: accommodation bookings for the chosen stays and itinerary activities
 * for the scheduled visits and meals (with the local leg that reaches them).
 */
import { newId } from '../ids.js';
import type { LocalLeg } from '../ports/providers.js';
import type {
  AccommodationBooking,
  ItineraryActivity,
  PlanWarning,
  OriginalPrice,
  Provenance,
  TravelLeg,
} from '../schemas/travel-plan.js';
import { type HotelCandidate, hotelTierOf } from './hotel-agent.js';
import { addDays, localIso } from './calendar.js';
import { eveningName } from './evenings.js';
import { wishedAlias } from './attraction-selection.js';
import type { DaySlot, ScheduledItem } from './itinerary-types.js';
import { moneyText, priceText } from './money-text.js';
import { vehicles } from './transport-agent.js';
import { type Gathered, type Resolved, cityName, round2 } from './trip-context.js';
import type { PlannerDeps } from './types.js';

/** Soft wishes a stay can miss, in both languages. */
const MISS_TEXT: Record<string, { zh: string; en: string }> = {
  stars: { zh: '星级', en: 'star rating' },
  price: { zh: '每晚价格上限', en: 'nightly price cap' },
  amenities: { zh: '设施要求', en: 'amenities' },
};

const STAR_WORDS_ZH = ['', '一', '二', '三', '四', '五'];

/** A provider's price kept beside its conversion, when it is in another currency than the plan's. */
export function originalOf(amount: number, currency: string, planCurrency: string): OriginalPrice | null {
  return currency === planCurrency || amount <= 0 ? null : { amount: round2(amount), currency };
}

function provenanceOf(p: Provenance, estimateNote?: string): Provenance {
  if (!estimateNote || p.kind === 'estimate') return p;
  return { ...p, kind: 'estimate', note: estimateNote };
}

/**
 * Bookings for the chosen stay of every city with nights; a city without one, or a stay that
 * misses soft wishes, adds a warning. Returns the bookings and their ids by city.
 */
export function accommodationsOf(
  r: Resolved,
  g: Gathered,
  hotelChoices: Map<string, HotelCandidate | null>,
  conv: (amount: number, from: string) => number,
  warnings: PlanWarning[],
  /** Nights of a city's stay spent travelling (an arrival on a later day): not booked. */
  nightsInTransit: Map<string, number> = new Map(),
): { accommodations: AccommodationBooking[]; idByCity: Map<string, string> } {
  const lang = r.request.language;
  const accommodations: AccommodationBooking[] = [];
  const accommodationIdByCity = new Map<string, string>();
  for (const s of g.stays) {
    if (s.nights === 0) continue;
    const c = hotelChoices.get(s.city.id);
    if (!c) {
      const info = g.hotels.get(s.city.id);
      warnings.push({
        code: 'NO_ACCOMMODATION',
        message: `No stay in ${s.city.nameEn} meets the requirements (${
          Object.entries(info?.rejected ?? {})
            .map(([k, v]) => `${v} rejected for ${k}`)
            .join(', ') || 'no offers'
        }).`,
        messageZh: `${s.city.nameZh ?? s.city.name}没有符合要求的住宿。`,
      });
      continue;
    }
    const o = c.offer;
    const lost = nightsInTransit.get(s.city.id) ?? 0;
    const nights = lost > 0 && s.nights - lost >= Math.max(1, o.minimumNights) ? s.nights - lost : s.nights;
    const checkIn = addDays(s.checkIn, s.nights - nights);
    const id = newId('accommodation');
    accommodationIdByCity.set(s.city.id, id);
    accommodations.push({
      id,
      name: (lang === 'zh' ? o.nameZh : o.nameEn) ?? o.name,
      type: o.type,
      address: o.address ?? o.city,
      coordinates: o.coordinates ?? null,
      roomType: o.roomType,
      bedConfiguration: o.roomType === 'entire_room' ? 'entire place' : 'standard',
      maxOccupancy: o.maxOccupancy,
      checkInDate: checkIn,
      checkOutDate: s.checkOut,
      nights,
      pricePerNight: conv(o.pricePerNight, o.currency),
      totalPrice: conv(o.pricePerNight * c.rooms * nights, o.currency),
      starRating: o.stars ?? null,
      amenities: o.amenities,
      policies: Object.fromEntries(
        Object.entries(o.houseRules).map(([k, v]) => [k, v ? 'allowed' : 'not allowed']),
      ),
      bookingStatus: 'selected',
      rating: o.rating ?? null,
      city: cityName(s.city, lang),
      rooms: c.rooms,
      minimumNights: o.minimumNights,
      provenance: o.provenance,
      originalPricePerNight: originalOf(o.pricePerNight, o.currency, r.currency),
    });
    if (c.softMisses.includes('private_room')) {
      warnings.push({
        code: 'DORM_FOR_PARTY',
        message: `${s.city.nameEn}: no private room fits the party and the budget, so the plan books dorm beds (shared rooms) at ${o.name}.`,
        messageZh: `${s.city.nameZh ?? s.city.name}：没有符合人数和预算的独立房间，计划预订的是${o.name}的多人间床位（与他人合住）。`,
      });
    }
    if (c.softMisses.includes('tier')) warnings.push(belowTierWarning(r, g, s.city.id, c, conv));
    const misses = c.softMisses.filter((m) => m !== 'private_room' && m !== 'tier');
    if (misses.length > 0) {
      warnings.push({
        code: 'ACCOMMODATION_PREFERENCE',
        message: `The stay in ${s.city.nameEn} misses these wishes: ${misses.map((m) => MISS_TEXT[m]?.en ?? m).join(', ')}.`,
        messageZh: `${s.city.nameZh ?? s.city.name}的住宿未能满足：${misses.map((m) => MISS_TEXT[m]?.zh ?? m).join('、')}。`,
      });
    }
  }
  return { accommodations, idByCity: accommodationIdByCity };
}

/**
 * A stay below the tier asked for ("a good hotel", 4 or 5 stars), said plainly: which class was
 * asked, what is booked instead and what the cheapest stay of the asked class would add.
 */
function belowTierWarning(
  r: Resolved,
  g: Gathered,
  cityId: string,
  c: HotelCandidate,
  conv: (amount: number, from: string) => number,
): PlanWarning {
  const city = g.stays.find((s) => s.city.id === cityId)!.city;
  const min = hotelTierOf(r.request) === 'luxury' ? 5 : 4;
  const inTier = (g.hotels.get(cityId)?.candidates ?? []).filter((x) => (x.offer.stars ?? 0) >= min);
  const total = (x: HotelCandidate) => conv(x.total, x.offer.currency);
  const extra = inTier.length > 0 ? Math.min(...inTier.map(total)) - total(c) : null;
  const o = c.offer;
  const starsEn = o.stars ? `a ${o.stars}-star stay` : 'a simpler stay';
  const starsZh = o.stars ? `${STAR_WORDS_ZH[o.stars] ?? o.stars}星级的` : '档次较低的';
  const more =
    extra !== null && extra > 0
      ? {
          en: ` The cheapest ${min}-star stay there would add about ${moneyText(round2(extra), r.currency)}.`,
          zh: `那里最便宜的${STAR_WORDS_ZH[min]}星级住宿约需多花${moneyText(round2(extra), r.currency)}。`,
        }
      : { en: '', zh: '' };
  return {
    code: 'BELOW_ASKED_TIER',
    message: `The budget does not stretch to the ${min}-star hotels you asked for: in ${city.nameEn} the plan books ${o.nameEn ?? o.name}, ${starsEn}, instead.${more.en}`,
    messageZh: `预算不够住您要求的${STAR_WORDS_ZH[min]}星级及以上酒店：${cityName(city, 'zh')}改住${starsZh}${o.nameZh ?? o.name}。${more.zh}`,
  };
}

/** An itinerary activity for a scheduled visit or meal. */
export function toActivity(
  item: ScheduledItem,
  slot: DaySlot,
  r: Resolved,
  deps: PlannerDeps,
  conv: (amount: number, from: string) => number,
): ItineraryActivity {
  const tz = slot.city.timezone;
  const leg = item.leg ? toTravelLeg(item.leg, item, r, conv) : null;
  if (item.kind === 'visit') {
    const a = item.attraction;
    const notes = [
      item.assumedHours ? 'opening hours unknown; assumed 09:00-18:00' : null,
      item.assumedDuration ? 'visit length assumed' : null,
    ]
      .filter(Boolean)
      .join('; ');
    const zh = r.request.language === 'zh';
    const ownName = zh ? (a.nameZh ?? a.name) : (a.nameEn ?? a.name);
    // A wish written as an alias ("夜间动物园") is shown beside the place's name.
    const alias = wishedAlias(a, ownName, r.request.mustVisit, zh ? 'zh' : 'en');
    const plainName = alias ? (zh ? `${ownName}（${alias}）` : `${ownName} (${alias})`) : ownName;
    const name = item.evening ? eveningName(a, plainName, zh ? 'zh' : 'en') : plainName;
    const t = r.request.travelers;
    const seniors = Math.min(t.adults, t.seniors ?? 0);
    // Child and senior tickets where the data has them; the second half of a visit costs nothing.
    const tickets = item.resumed
      ? 0
      : (t.adults - seniors) * (a.ticketPrice ?? 0) +
        seniors * (a.seniorPrice ?? a.ticketPrice ?? 0) +
        t.children * (a.childPrice ?? a.ticketPrice ?? 0) +
        Math.max(0, r.people - t.adults - t.children) * (a.ticketPrice ?? 0);
    const tips = item.resumed
      ? []
      : [
          a.booking?.required ? (zh ? `预约：${a.booking.howZh}` : `Booking: ${a.booking.howEn}`) : null,
          a.dayTrip ? (zh ? `怎么去：${a.dayTrip.howZh}` : `Getting there: ${a.dayTrip.howEn}`) : null,
          // In the plan's currency, the provider's own price beside it (one currency per output).
          t.children > 0 && a.childPrice !== undefined
            ? `${zh ? '儿童票' : 'child ticket'} ${priceText(conv(a.childPrice, a.currency), r.currency, originalOf(a.childPrice, a.currency, r.currency))}`
            : null,
        ].filter((x): x is string => !!x);
    return {
      id: newId('activity'),
      name: item.resumed ? (zh ? `${name}（续）` : `${name} (continued)`) : name,
      type: a.category === 'shopping' || a.category === 'market' ? 'shopping' : 'sightseeing',
      startTime: localIso(slot.date, item.start, tz),
      endTime: localIso(slot.date, item.end, tz),
      duration: item.end - item.start,
      location: a.address ?? cityName(slot.city, r.request.language),
      address: a.address ?? null,
      coordinates: a.coordinates ?? null,
      estimatedCost: conv(tickets, a.currency),
      // The resumed half of a split visit is the same ticket: it needs the booking too (the text marks it once).
      bookingRequired: a.booking?.required === true,
      description: a.dayTrip && !item.resumed ? (zh ? a.dayTrip.howZh : a.dayTrip.howEn) : null,
      tips,
      photos: [],
      popularityScore: a.popularity ?? null,
      rating: a.rating ?? null,
      placeId: a.id,
      city: cityName(slot.city, r.request.language),
      cuisines: [],
      isIndoor: a.indoor ?? null,
      travelLeg: leg,
      provenance: provenanceOf(a.provenance, notes || undefined),
      originalCost: originalOf(tickets, a.currency, r.currency),
    };
  }
  const rest = item.restaurant;
  void deps;
  return {
    id: newId('activity'),
    name: r.request.language === 'zh' ? (rest.nameZh ?? rest.name) : (rest.nameEn ?? rest.name),
    type: 'dining',
    startTime: localIso(slot.date, item.start, tz),
    endTime: localIso(slot.date, item.end, tz),
    duration: item.end - item.start,
    location: cityName(slot.city, r.request.language),
    coordinates: rest.coordinates ?? null,
    estimatedCost: conv(rest.averageCost * r.people, rest.currency),
    bookingRequired: false,
    tips: [],
    photos: [],
    rating: rest.rating ?? null,
    placeId: rest.id,
    city: cityName(slot.city, r.request.language),
    mealType: item.meal,
    cuisines: rest.cuisines,
    travelLeg: leg,
    provenance: provenanceOf(
      rest.provenance,
      item.assumedHours ? 'opening hours unknown; assumed open for meals' : undefined,
    ),
    originalCost: originalOf(rest.averageCost * r.people, rest.currency, r.currency),
  };
}

function toTravelLeg(
  leg: LocalLeg,
  item: ScheduledItem,
  r: Resolved,
  conv: (amount: number, from: string) => number,
): TravelLeg {
  const units = leg.unit === 'person' ? r.people : vehicles(r.people, leg.capacity);
  const place = item.kind === 'visit' ? item.attraction : item.restaurant;
  const to = (r.request.language === 'zh' ? place.nameZh : place.nameEn) ?? place.name;
  return {
    mode: leg.mode,
    from: 'previous stop',
    to,
    durationMinutes: leg.durationMinutes,
    distanceKm: round2(leg.distanceKm),
    cost: conv(leg.cost * units, leg.currency),
    units,
    provenance: leg.provenance,
    originalCost: originalOf(leg.cost * units, leg.currency, r.currency),
  };
}
