/**
 * Pure monitor logic: re-checked prices against the plan, booking links, weather warnings for
 * trip days, whether a reminder is due, and the bilingual texts of each notification.
 */
import type { AccommodationBooking, FlightBooking, TravelPlan, WeatherInfo } from '../schemas/travel-plan.js';
import { addDays } from '../planning/calendar.js';

/** A plan item re-checked against its provider. */
export interface PriceCheck {
  itemId: string;
  kind: 'flight' | 'hotel';
  label: string;
  /** Price in the plan (flight: per person; hotel: total of the stay). */
  plannedPrice: number;
  /** Price now, same basis; null when the provider no longer offers it. */
  currentPrice: number | null;
  currency: string;
  bookingLink: string;
}

/** A fall of at least `minFraction` (default 5 %) of the planned price. */
export function priceDrops(checks: PriceCheck[], minFraction = 0.05): PriceCheck[] {
  return checks.filter(
    (c) => c.currentPrice !== null && c.currentPrice <= c.plannedPrice * (1 - minFraction) + 1e-9,
  );
}

/** The flight's booking page, or a flight search for it when the plan has none. */
export function flightLink(f: FlightBooking): string {
  if (f.bookingUrl) return f.bookingUrl;
  const q = `Flights ${f.flightNumber} from ${f.departureCity ?? f.departureAirport} to ${f.arrivalCity ?? f.arrivalAirport} on ${f.departureTime.slice(0, 10)}`;
  return `https://www.google.com/travel/flights?q=${encodeURIComponent(q)}`;
}

/** The stay's booking page, or a hotel search for its dates and party. */
export function hotelLink(a: AccommodationBooking, guests: number): string {
  if (a.bookingUrl) return a.bookingUrl;
  const params = new URLSearchParams({
    ss: `${a.name} ${a.city ?? ''}`.trim(),
    checkin: a.checkInDate,
    checkout: a.checkOutDate,
    group_adults: String(guests),
    no_rooms: String(a.rooms),
  });
  return `https://www.booking.com/searchresults.html?${params.toString()}`;
}

/** A forecast worth warning about, with what it affects. */
export interface WeatherWarning {
  date: string;
  dayNumber: number;
  destination: string;
  reasons: string[];
  reasonsZh: string[];
  /** Outdoor (or unknown) activities that day. */
  outdoorActivities: string[];
}

/** Why a forecast is a warning (empty: no warning). */
export function weatherReasons(w: WeatherInfo): { en: string[]; zh: string[] } {
  const en: string[] = [];
  const zh: string[] = [];
  const add = (when: boolean, english: string, chinese: string) => {
    if (!when) return;
    en.push(english);
    zh.push(chinese);
  };
  add(w.condition === 'stormy', 'thunderstorms', '雷暴');
  add(w.condition === 'snowy', 'snow', '降雪');
  add(
    w.condition === 'rainy' || w.precipitationChance >= 70,
    `rain likely (${w.precipitationChance}%)`,
    `降雨概率 ${w.precipitationChance}%`,
  );
  add(w.temperatureHigh >= 35, `heat, up to ${w.temperatureHigh}°C`, `高温 ${w.temperatureHigh}°C`);
  add(w.temperatureLow <= -10, `severe cold, ${w.temperatureLow}°C`, `严寒 ${w.temperatureLow}°C`);
  add(w.windSpeed >= 50, `strong wind ${w.windSpeed} km/h`, `大风 ${w.windSpeed} km/h`);
  return { en, zh };
}

/** Trip days from `today` to `today + horizonDays - 1` whose forecast warrants a warning. */
export function weatherWarnings(
  plan: TravelPlan,
  forecasts: Map<string, WeatherInfo>,
  today: string,
  horizonDays = 3,
): WeatherWarning[] {
  const last = addDays(today, horizonDays - 1);
  const warnings: WeatherWarning[] = [];
  for (const day of plan.itinerary) {
    if (day.date < today || day.date > last) continue;
    const w = forecasts.get(day.date);
    if (!w) continue;
    const r = weatherReasons(w);
    if (r.en.length === 0) continue;
    warnings.push({
      date: day.date,
      dayNumber: day.dayNumber,
      destination: day.destination,
      reasons: r.en,
      reasonsZh: r.zh,
      outdoorActivities: day.activities
        .filter((a) => a.isIndoor !== true && a.type !== 'dining')
        .map((a) => a.name),
    });
  }
  return warnings;
}

/** True when `today` is the day before the trip starts. */
export function reminderDue(plan: TravelPlan, today: string): boolean {
  return addDays(today, 1) === plan.startDate;
}

/** Plans in these states are watched by the monitors. */
export const WATCHED_STATUSES = ['confirmed', 'booked'] as const;

const money = (amount: number, currency: string) => `${currency} ${amount.toFixed(2)}`;

/** Text of the booking follow-up (confirmation) e-mail. */
export function followUpText(
  plan: TravelPlan,
  checks: PriceCheck[],
): { subject: string; text: string; short: string } {
  const lines = [
    `${plan.title}`,
    `${plan.startDate} → ${plan.endDate} · ${plan.travelerCount} 人 / traveller(s)`,
    '',
    '预订核对 / Booking check:',
  ];
  for (const c of checks) {
    const status =
      c.currentPrice === null
        ? '不再可订 / no longer available'
        : c.currentPrice === c.plannedPrice
          ? `价格未变 / price unchanged ${money(c.currentPrice, c.currency)}`
          : `现价 / now ${money(c.currentPrice, c.currency)} (计划 / planned ${money(c.plannedPrice, c.currency)})`;
    lines.push(`- ${c.label}: ${status}`, `  预订链接 / Book: ${c.bookingLink}`);
  }
  if (checks.length === 0) lines.push('- 无航班或住宿 / no flights or stays in this plan');
  lines.push('', '日历 / Calendar: 附件 trip.ics / attached trip.ics');
  const unavailable = checks.filter((c) => c.currentPrice === null).length;
  return {
    subject: `行程确认 / Trip confirmation: ${plan.title}`,
    text: lines.join('\n'),
    short:
      `行程确认 Trip confirmed: ${plan.title} ${plan.startDate}` +
      (unavailable ? ` (${unavailable} item(s) unavailable)` : ''),
  };
}

export function priceDropText(
  plan: TravelPlan,
  drops: PriceCheck[],
): { subject: string; text: string; short: string } {
  const lines = drops.map(
    (d) =>
      `- ${d.label}: ${money(d.plannedPrice, d.currency)} → ${money(d.currentPrice ?? 0, d.currency)}\n  ${d.bookingLink}`,
  );
  return {
    subject: `降价提醒 / Price drop: ${plan.title}`,
    text: [`${plan.title} (${plan.startDate})`, '', '以下价格下降 / These prices fell:', ...lines].join('\n'),
    short: `降价 Price drop: ${drops.map((d) => `${d.label} ${money(d.currentPrice ?? 0, d.currency)}`).join('; ')}`,
  };
}

export function weatherWarningText(
  plan: TravelPlan,
  warnings: WeatherWarning[],
): { subject: string; text: string; short: string } {
  const lines = warnings.map(
    (w) =>
      `- 第${w.dayNumber}天 Day ${w.dayNumber} (${w.date}, ${w.destination}): ${w.reasonsZh.join('、')} / ${w.reasons.join(', ')}` +
      (w.outdoorActivities.length ? `\n  户外安排 / Outdoor plans: ${w.outdoorActivities.join(', ')}` : ''),
  );
  return {
    subject: `天气预警 / Weather warning: ${plan.title}`,
    text: [`${plan.title}`, '', ...lines, '', '建议准备室内备选 / Consider indoor alternatives.'].join('\n'),
    short: `天气预警 Weather: ${warnings.map((w) => `${w.date} ${w.reasons.join(', ')}`).join('; ')}`,
  };
}

export function reminderText(plan: TravelPlan): { subject: string; text: string; short: string } {
  const first = plan.itinerary[0];
  const flight = plan.flights[0];
  const lines = [`${plan.title}`, `明天出发 / You leave tomorrow: ${plan.startDate}`];
  if (flight) lines.push(`航班 / Flight: ${flight.flightNumber} ${flight.departureTime}`);
  if (first) {
    lines.push('', `第1天 / Day 1 (${first.destination}):`);
    for (const a of first.activities) lines.push(`- ${a.startTime?.slice(11, 16) ?? '--:--'} ${a.name}`);
  }
  return {
    subject: `出发提醒 / Trip reminder: ${plan.title}`,
    text: lines.join('\n'),
    short:
      `明天出发 Trip tomorrow: ${plan.title}` +
      (flight ? ` ${flight.flightNumber} ${flight.departureTime.slice(11, 16)}` : ''),
  };
}
