/** E-mail over Amazon SES (v2 SendEmail with raw MIME, so the `.ics` attachment goes along). */
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { EmailMessage, EmailSender } from '../../agents/ports/notifier.js';
import { toMime } from '../../agents/workflows/email.js';

export class SesEmailSender implements EmailSender {
  constructor(private readonly options: { client: SESv2Client; from: string; configurationSet?: string }) {}

  async sendEmail(message: EmailMessage): Promise<void> {
    await this.options.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.options.from,
        Destination: { ToAddresses: [message.to] },
        Content: { Raw: { Data: Buffer.from(toMime(message, this.options.from), 'utf8') } },
        ...(this.options.configurationSet ? { ConfigurationSetName: this.options.configurationSet } : {}),
      }),
    );
  }
}
