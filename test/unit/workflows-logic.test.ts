/**
 * Pure workflow logic: channel selection from notification_preferences, the notifier's dispatch,
 * iCalendar output, MIME, price drops, weather warnings, reminders and sweep selection.
 */
import { describe, expect, it } from 'vitest';
import type { EmailMessage, InAppMessage, SmsMessage } from '../../agents/ports/notifier.js';
import { toMime } from '../../agents/workflows/email.js';
import { escapeIcsText, foldIcsLine, planToIcs } from '../../agents/workflows/ics.js';
import { dedupeKey, WorkflowMessage } from '../../agents/workflows/messages.js';
import {
  priceDrops,
  reminderDue,
  weatherWarnings,
  type PriceCheck,
} from '../../agents/workflows/monitors.js';
import { allowedChannels, PreferenceNotifier } from '../../agents/workflows/notifier.js';
import { watches } from '../../agents/workflows/workflows.js';
import { demoPlan } from '../../local/demo-data.js';

describe('allowedChannels', () => {
  it('follows the seed defaults (email, in-app; no SMS)', () => {
    expect(allowedChannels({}, 'booking_confirmation')).toEqual(['email', 'in_app']);
  });
  it('honours each channel switch and the price_alerts kind switch', () => {
    const prefs = { email: false, sms: true, push: true, price_alerts: false };
    expect(allowedChannels(prefs, 'trip_reminder')).toEqual(['sms', 'in_app']);
    expect(allowedChannels(prefs, 'price_drop')).toEqual([]);
    expect(allowedChannels({ weather_alerts: false }, 'weather_warning')).toEqual([]);
  });
});

describe('PreferenceNotifier', () => {
  const sent: { email: EmailMessage[]; sms: SmsMessage[]; inApp: InAppMessage[] } = {
    email: [],
    sms: [],
    inApp: [],
  };
  const notifier = new PreferenceNotifier({
    email: { sendEmail: async (m) => void sent.email.push(m) },
    sms: { sendSms: async (m) => void sent.sms.push(m) },
    inApp: { sendInApp: async (m) => (sent.inApp.push(m), 0) },
  });
  it('sends on allowed channels with an address and reports the rest', async () => {
    const result = await notifier.notify(
      { userId: 'u1', email: 'a@example.com', phone: null, preferences: { sms: true }, language: 'en-us' },
      { id: 'n1', kind: 'trip_reminder', subject: 'S', text: 'T', shortText: 's' },
    );
    expect(result.sent).toEqual(['email']);
    expect(result.skipped).toEqual([
      { channel: 'sms', reason: 'no phone number' },
      { channel: 'in_app', reason: 'user offline' },
    ]);
    expect(sent.email[0]).toMatchObject({ id: 'n1', to: 'a@example.com', subject: 'S', text: 'T' });
  });
});

describe('iCalendar', () => {
  it('escapes text and folds long lines at 75 octets (UTF-8 safe)', () => {
    expect(escapeIcsText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
    const line = `SUMMARY:${'巴黎'.repeat(40)}`;
    const folded = foldIcsLine(line).split('\r\n');
    for (const l of folded) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
    expect(folded.map((l, i) => (i === 0 ? l : l.slice(1))).join('')).toBe(line);
  });
  it('exports a trip without bookings as one all-day event, with CRLF line ends', () => {
    const plan = demoPlan('user_1');
    const ics = planToIcs(plan, new Date('2027-01-01T00:00:00Z'));
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics).toContain('DTSTART;VALUE=DATE:20270601\r\nDTEND;VALUE=DATE:20270608');
    expect(ics).toContain('DTSTAMP:20270101T000000Z');
    expect(ics.replace(/\r\n/g, '')).not.toContain('\n');
  });
});

describe('MIME', () => {
  it('encodes a Chinese subject and attaches files as base64 parts', () => {
    const mime = toMime(
      {
        id: 'n-1',
        to: 'a@example.com',
        subject: '行程确认',
        text: '你好',
        attachments: [{ filename: 'trip.ics', contentType: 'text/calendar', content: 'BEGIN:VCALENDAR' }],
      },
      'from@example.com',
      new Date('2027-01-01T00:00:00Z'),
    );
    expect(mime).toContain(`Subject: =?UTF-8?B?${Buffer.from('行程确认').toString('base64')}?=`);
    expect(mime).toContain('Content-Disposition: attachment; filename="trip.ics"');
    expect(mime).toContain(Buffer.from('BEGIN:VCALENDAR').toString('base64'));
    expect(mime.trimEnd().endsWith('--=_tp_n1--')).toBe(true);
  });
});

describe('monitors', () => {
  const check = (planned: number, current: number | null): PriceCheck => ({
    itemId: 'x',
    kind: 'flight',
    label: 'X',
    plannedPrice: planned,
    currentPrice: current,
    currency: 'CNY',
    bookingLink: 'https://example.com',
  });
  it('reports drops of at least 5 % only', () => {
    expect(
      priceDrops([check(100, 96), check(100, 95), check(100, null), check(100, 120)]).map(
        (c) => c.currentPrice,
      ),
    ).toEqual([95]);
  });
  it('warns about rain, storms and heat on trip days within the horizon', () => {
    const plan = demoPlan('user_1', {
      itinerary: [1, 2, 3, 4].map((n) => ({ dayNumber: n, date: `2027-06-0${n}`, destination: 'Paris' })),
    });
    const w = (date: string, over: Record<string, unknown>) => ({
      date,
      temperatureHigh: 25,
      temperatureLow: 15,
      condition: 'sunny' as const,
      humidity: 50,
      windSpeed: 10,
      precipitationChance: 10,
      uvIndex: 5,
      ...over,
    });
    const forecasts = new Map([
      ['2027-06-01', w('2027-06-01', {})],
      ['2027-06-02', w('2027-06-02', { condition: 'rainy', precipitationChance: 80 })],
      ['2027-06-03', w('2027-06-03', { temperatureHigh: 37 })],
      ['2027-06-04', w('2027-06-04', { condition: 'stormy' })],
    ]);
    const warnings = weatherWarnings(plan, forecasts, '2027-06-01');
    expect(warnings.map((x) => x.date)).toEqual(['2027-06-02', '2027-06-03']);
    expect(warnings[0]!.reasons).toEqual(['rain likely (80%)']);
  });
  it('is due for a reminder only the day before the trip', () => {
    const plan = demoPlan('user_1');
    expect(reminderDue(plan, '2027-05-31')).toBe(true);
    expect(reminderDue(plan, '2027-06-01')).toBe(false);
  });
  it('selects trips per monitor', () => {
    const trip = { userId: 'u', planId: 'p', startDate: '2027-06-01', endDate: '2027-06-07' };
    expect(watches('trip_reminder', trip, '2027-05-31')).toBe(true);
    expect(watches('trip_reminder', trip, '2027-05-30')).toBe(false);
    expect(watches('weather_watch', trip, '2027-05-30')).toBe(true);
    expect(watches('weather_watch', trip, '2027-05-28')).toBe(false);
    expect(watches('price_watch', trip, '2027-06-01')).toBe(false);
  });
});

describe('messages', () => {
  it('derive the same dedupe key for the same unit of work', () => {
    const m = WorkflowMessage.parse({ type: 'booking_follow_up', userId: 'u', planId: 'p' });
    expect(dedupeKey(m)).toBe('follow_up:p:v1');
    expect(
      dedupeKey(WorkflowMessage.parse({ type: 'price_check', userId: 'u', planId: 'p', date: '2027-06-01' })),
    ).toBe('price_check:p:2027-06-01');
    expect(WorkflowMessage.safeParse({ type: 'price_check', userId: 'u' }).success).toBe(false);
  });
});
