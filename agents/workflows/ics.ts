/**
 * iCalendar (RFC 5545) export of a trip: one VEVENT per flight, stay and timed activity, in UTC,
 * with CRLF line ends, escaped text and lines folded at 75 octets. Pure.
 */
import type { TravelPlan } from '../schemas/travel-plan.js';
import { addDays } from '../planning/calendar.js';

/** Escapes TEXT values (backslash, semicolon, comma, newline). */
export function escapeIcsText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line to at most 75 octets per physical line (UTF-8 safe). */
export function foldIcsLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    const limit = out.length === 0 ? 75 : 74; // continuation lines start with a space
    if (bytes + size > limit) {
      out.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

/** `20270601T083000Z` for an ISO date-time with an offset. */
export function icsUtc(isoDateTime: string): string {
  return new Date(isoDateTime)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

const icsDate = (date: string) => date.replace(/-/g, '');

interface IcsEvent {
  uid: string;
  summary: string;
  description?: string | undefined;
  location?: string | undefined;
  /** Timed (ISO date-times) or all-day (`YYYY-MM-DD`, end exclusive). */
  start: string;
  end: string;
  allDay: boolean;
  url?: string | null | undefined;
}

function eventLines(e: IcsEvent, stamp: string): string[] {
  const lines = ['BEGIN:VEVENT', `UID:${e.uid}`, `DTSTAMP:${stamp}`];
  if (e.allDay) {
    lines.push(`DTSTART;VALUE=DATE:${icsDate(e.start)}`, `DTEND;VALUE=DATE:${icsDate(e.end)}`);
  } else {
    lines.push(`DTSTART:${icsUtc(e.start)}`, `DTEND:${icsUtc(e.end)}`);
  }
  lines.push(`SUMMARY:${escapeIcsText(e.summary)}`);
  if (e.location) lines.push(`LOCATION:${escapeIcsText(e.location)}`);
  if (e.description) lines.push(`DESCRIPTION:${escapeIcsText(e.description)}`);
  if (e.url) lines.push(`URL:${e.url}`);
  lines.push('END:VEVENT');
  return lines;
}

/** The plan's events (flights, stays, timed activities), in plan order. */
export function planEvents(plan: TravelPlan): IcsEvent[] {
  const events: IcsEvent[] = [];
  for (const f of plan.flights) {
    events.push({
      uid: `${f.id}@travel-planner`,
      summary: `✈ ${f.flightNumber} ${f.departureCity ?? f.departureAirport} → ${f.arrivalCity ?? f.arrivalAirport}`,
      description: `${f.airline}, ${f.seatClass}${f.bookingReference ? `, ref ${f.bookingReference}` : ''}`,
      location: f.departureAirport,
      start: f.departureTime,
      end: f.arrivalTime,
      allDay: false,
      url: f.bookingUrl,
    });
  }
  for (const a of plan.accommodations) {
    events.push({
      uid: `${a.id}@travel-planner`,
      summary: `🏨 ${a.name}`,
      description: `${a.roomType}, ${a.nights} night(s)${a.bookingReference ? `, ref ${a.bookingReference}` : ''}`,
      location: a.address,
      start: a.checkInDate,
      end: a.checkOutDate,
      allDay: true,
      url: a.bookingUrl,
    });
  }
  for (const day of plan.itinerary) {
    for (const act of day.activities) {
      const start = act.startTime;
      const end = act.endTime;
      if (!start || !end) continue;
      events.push({
        uid: `${act.id}@travel-planner`,
        summary: act.name,
        description: act.description ?? undefined,
        location: act.address ?? act.location ?? undefined,
        start,
        end,
        allDay: false,
      });
    }
  }
  if (events.length === 0) {
    events.push({
      uid: `${plan.id}@travel-planner`,
      summary: plan.title,
      start: plan.startDate,
      end: addDays(plan.endDate, 1),
      allDay: true,
    });
  }
  return events;
}

/** The whole trip as an `.ics` document (CRLF line ends). */
export function planToIcs(plan: TravelPlan, now: Date = new Date()): string {
  const stamp = icsUtc(now.toISOString());
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//AI Travel Planner//Trip//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeIcsText(plan.title)}`,
    ...planEvents(plan).flatMap((e) => eventLines(e, stamp)),
    'END:VCALENDAR',
  ];
  return lines.map(foldIcsLine).join('\r\n') + '\r\n';
}
