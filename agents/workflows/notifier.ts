/**
 * The preference-honouring notifier: decides the channels of a notification from the user's
 * `notification_preferences` and dispatches to the injected senders (pure logic over ports).
 *
 * Preference keys (seed defaults `{email: true, sms: false, push: true, price_alerts: true}`):
 * `email`, `sms`, `push` (in-app) switch channels; `price_alerts`, `weather_alerts` and
 * `trip_reminders` switch whole kinds off. A key that is absent takes the seed default (absent
 * kind switches mean on).
 */
import type {
  NotificationChannel,
  NotificationKind,
  NotificationSenders,
  Notifier,
  Notification,
  NotifyResult,
  Recipient,
} from '../ports/notifier.js';

const CHANNEL_DEFAULTS: Record<NotificationChannel, { key: string; default: boolean }> = {
  email: { key: 'email', default: true },
  sms: { key: 'sms', default: false },
  in_app: { key: 'push', default: true },
};

/** The preference key that switches a whole kind off, if any. */
const KIND_SWITCH: Partial<Record<NotificationKind, string>> = {
  price_drop: 'price_alerts',
  weather_warning: 'weather_alerts',
  trip_reminder: 'trip_reminders',
};

/** Channels a notification of `kind` may use under `preferences`, in delivery order. */
export function allowedChannels(
  preferences: Record<string, boolean>,
  kind: NotificationKind,
): NotificationChannel[] {
  const kindKey = KIND_SWITCH[kind];
  if (kindKey && preferences[kindKey] === false) return [];
  return (Object.keys(CHANNEL_DEFAULTS) as NotificationChannel[]).filter(
    (c) => preferences[CHANNEL_DEFAULTS[c].key] ?? CHANNEL_DEFAULTS[c].default,
  );
}

/** {@link Notifier} over the senders; a failing sender fails the call (the queue retries). */
export class PreferenceNotifier implements Notifier {
  readonly #senders: NotificationSenders;

  constructor(senders: NotificationSenders) {
    this.#senders = senders;
  }

  async notify(recipient: Recipient, n: Notification): Promise<NotifyResult> {
    const result: NotifyResult = { sent: [], skipped: [] };
    const allowed = new Set(allowedChannels(recipient.preferences, n.kind));
    for (const channel of ['email', 'sms', 'in_app'] as const) {
      if (!allowed.has(channel)) {
        result.skipped.push({ channel, reason: 'preference off' });
        continue;
      }
      if (channel === 'email') {
        if (!recipient.email) result.skipped.push({ channel, reason: 'no e-mail address' });
        else if (!this.#senders.email) result.skipped.push({ channel, reason: 'no e-mail adapter' });
        else {
          await this.#senders.email.sendEmail({
            id: n.id,
            to: recipient.email,
            subject: n.subject,
            text: n.text,
            attachments: n.attachments ?? [],
          });
          result.sent.push(channel);
        }
      } else if (channel === 'sms') {
        if (!recipient.phone) result.skipped.push({ channel, reason: 'no phone number' });
        else if (!this.#senders.sms) result.skipped.push({ channel, reason: 'no SMS adapter' });
        else {
          await this.#senders.sms.sendSms({ id: n.id, to: recipient.phone, text: n.shortText });
          result.sent.push(channel);
        }
      } else if (!this.#senders.inApp) {
        result.skipped.push({ channel, reason: 'no in-app adapter' });
      } else {
        const delivered = await this.#senders.inApp.sendInApp({
          id: n.id,
          userId: recipient.userId,
          kind: n.kind,
          title: n.subject,
          text: n.shortText,
          data: n.data ?? {},
        });
        if (delivered > 0) result.sent.push(channel);
        else result.skipped.push({ channel, reason: 'user offline' });
      }
    }
    return result;
  }
}
