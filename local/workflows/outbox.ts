/**
 * The local outbox: e-mail, SMS and in-app notifications as files a person can open, under
 * `<LOCAL_DATA_DIR>/outbox`: `<time>-<id>.eml` (MIME, the .ics attached — opens in any mail
 * client), the attachments beside it (`.ics`), and `.json` for SMS and in-app messages.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  EmailMessage,
  EmailSender,
  InAppMessage,
  InAppSender,
  NotificationSenders,
  SmsMessage,
  SmsSender,
} from '../../agents/ports/notifier.js';
import { toMime } from '../../agents/workflows/email.js';

const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, '_');

export class OutboxSender implements EmailSender, SmsSender, InAppSender {
  readonly dir: string;
  readonly #from: string;
  readonly #now: () => Date;

  constructor(options: { dir: string; from?: string; now?: () => Date }) {
    this.dir = options.dir;
    this.#from = options.from ?? 'Travel Planner <no-reply@travel-planner.local>';
    this.#now = options.now ?? (() => new Date());
    mkdirSync(this.dir, { recursive: true });
  }

  #base(kind: string, id: string): string {
    const stamp = this.#now().toISOString().replace(/[:.]/g, '-');
    return join(this.dir, `${stamp}-${kind}-${safe(id)}`);
  }

  async sendEmail(message: EmailMessage): Promise<void> {
    const base = this.#base('email', message.id);
    writeFileSync(`${base}.eml`, toMime(message, this.#from, this.#now()));
    for (const a of message.attachments) writeFileSync(`${base}-${safe(a.filename)}`, a.content);
  }

  async sendSms(message: SmsMessage): Promise<void> {
    writeFileSync(
      `${this.#base('sms', message.id)}.json`,
      JSON.stringify({ channel: 'sms', ...message }, null, 2),
    );
  }

  /** Always "delivered" once: the file stands in for the user's open app. */
  async sendInApp(message: InAppMessage): Promise<number> {
    writeFileSync(
      `${this.#base('in-app', message.id)}.json`,
      JSON.stringify({ channel: 'in_app', ...message }, null, 2),
    );
    return 1;
  }

  senders(): NotificationSenders {
    return { email: this, sms: this, inApp: this };
  }
}
