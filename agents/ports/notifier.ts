/**
 * Notifier port: how the async workflows reach a traveller — e-mail, SMS and in-app (WebSocket)
 * messages. Adapters: SES, SNS and API Gateway postToConnection in functions/notify, the local
 * outbox (files) in local/workflows. Which channels a notification uses is decided by
 * agents/workflows/notifier.ts from the user's `notification_preferences`, never by an adapter.
 */

/** A delivery channel. `in_app` is the seed's `push` preference (WebSocket frames to open apps). */
export type NotificationChannel = 'email' | 'sms' | 'in_app';

/** What a notification is about; `price_drop` also honours the `price_alerts` preference. */
export type NotificationKind = 'booking_confirmation' | 'price_drop' | 'weather_warning' | 'trip_reminder';

/** A file attached to an e-mail (e.g. the trip's `.ics` calendar). */
export interface EmailAttachment {
  filename: string;
  /** MIME type, e.g. `text/calendar; method=PUBLISH`. */
  contentType: string;
  content: string;
}

/** One e-mail, plain text (bilingual where the templates are). */
export interface EmailMessage {
  /** Stable id of the notification (used as Message-ID and outbox file name). */
  id: string;
  to: string;
  subject: string;
  text: string;
  attachments: EmailAttachment[];
}

export interface SmsMessage {
  id: string;
  /** E.164-ish phone number as stored on the user. */
  to: string;
  text: string;
}

/** A frame for the user's open app sessions. */
export interface InAppMessage {
  id: string;
  userId: string;
  kind: NotificationKind;
  title: string;
  text: string;
  data: Record<string, unknown>;
}

/** Sends e-mail (SES in AWS, files in the local outbox). */
export interface EmailSender {
  sendEmail(message: EmailMessage): Promise<void>;
}

/** Sends SMS (SNS in AWS, files in the local outbox). */
export interface SmsSender {
  sendSms(message: SmsMessage): Promise<void>;
}

/** Delivers in-app messages; returns how many live sessions received it (0 = user offline). */
export interface InAppSender {
  sendInApp(message: InAppMessage): Promise<number>;
}

/** The three senders a notifier dispatches to; a missing one means the channel is unavailable. */
export interface NotificationSenders {
  email?: EmailSender | undefined;
  sms?: SmsSender | undefined;
  inApp?: InAppSender | undefined;
}

/** Who is notified: the fields of a user the channels need. */
export interface Recipient {
  userId: string;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  /** The user's `notification_preferences` map (email, sms, push, price_alerts, ...). */
  preferences: Record<string, boolean>;
  language: string;
}

/** A notification in channel-neutral form. */
export interface Notification {
  /** Stable id: the same notification retried gets the same id. */
  id: string;
  kind: NotificationKind;
  subject: string;
  /** Full text (e-mail body, in-app text). */
  text: string;
  /** Short text for SMS (at most a few hundred characters). */
  shortText: string;
  attachments?: EmailAttachment[] | undefined;
  data?: Record<string, unknown> | undefined;
}

/** What happened per channel. */
export interface NotifyResult {
  sent: NotificationChannel[];
  /** Channels skipped, with why (preference off, no address, no adapter, user offline). */
  skipped: { channel: NotificationChannel; reason: string }[];
}

/** Sends a notification over the channels the recipient allows. */
export interface Notifier {
  notify(recipient: Recipient, notification: Notification): Promise<NotifyResult>;
}
