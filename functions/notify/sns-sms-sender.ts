/** SMS over Amazon SNS (direct publish to a phone number, transactional). */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { SmsMessage, SmsSender } from '../../agents/ports/notifier.js';

/** `+86-138 0013 8000` -> `+8613800138000` (SNS wants E.164). */
export function toE164(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, '');
  return digits.startsWith('+') ? digits : `+${digits}`;
}

export class SnsSmsSender implements SmsSender {
  constructor(private readonly options: { client: SNSClient; senderId?: string }) {}

  async sendSms(message: SmsMessage): Promise<void> {
    await this.options.client.send(
      new PublishCommand({
        PhoneNumber: toE164(message.to),
        Message: message.text,
        MessageAttributes: {
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          ...(this.options.senderId
            ? { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: this.options.senderId } }
            : {}),
        },
      }),
    );
  }
}
