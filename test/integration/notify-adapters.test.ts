/**
 * The SES and SNS notification adapters with the real AWS SDK clients, against an HTTP server on
 * loopback that answers as the services do (SES v2 REST-JSON, SNS Query/XML). There is no SES or
 * SNS emulator here, so this checks what the adapters put on the wire: the raw MIME e-mail with its
 * .ics attachment to SendEmail, and a transactional SMS to an E.164 number through Publish; and
 * that a service error reaches the caller (the consumer retries, then the DLQ).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SesEmailSender } from '../../functions/notify/ses-email-sender.js';
import { SnsSmsSender, toE164 } from '../../functions/notify/sns-sms-sender.js';

interface Captured {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let endpoint: string;
const captured: Captured[] = [];
/** When set, the next request is answered with this service error. */
let failNext: { status: number; body: string; type: string } | null = null;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      captured.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      if (failNext) {
        const f = failNext;
        failNext = null;
        res.writeHead(f.status, { 'content-type': f.type, 'x-amzn-errortype': 'MessageRejected' });
        res.end(f.body);
        return;
      }
      if (req.url?.startsWith('/v2/email/outbound-emails')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ MessageId: 'ses-message-1' }));
        return;
      }
      // SNS (Query protocol): the action is in the form body.
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult>' +
          '<MessageId>sns-message-1</MessageId></PublishResult>' +
          '<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></PublishResponse>',
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

describe('SES e-mail adapter', () => {
  it('sends the raw MIME message with the calendar attachment from the configured identity', async () => {
    captured.length = 0;
    const client = new SESv2Client({ endpoint, region: 'eu-west-1', credentials, maxAttempts: 1 });
    const sender = new SesEmailSender({ client, from: 'noreply@example.com', configurationSet: 'trips' });
    const ics =
      'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:巴黎\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
    await sender.sendEmail({
      id: 'notif_1',
      to: 'alice@example.com',
      subject: '行程确认 / Trip confirmed',
      text: '您的巴黎行程已确认。\nYour Paris trip is confirmed.',
      attachments: [{ filename: 'trip.ics', contentType: 'text/calendar; method=PUBLISH', content: ics }],
    });
    expect(captured).toHaveLength(1);
    const req = captured[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/v2/email/outbound-emails');
    expect(String(req.headers['authorization'])).toMatch(
      /^AWS4-HMAC-SHA256 Credential=test\/\d{8}\/eu-west-1\/ses\//,
    );
    const body = JSON.parse(req.body) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(body['FromEmailAddress']).toBe('noreply@example.com');
    expect(body['Destination']).toEqual({ ToAddresses: ['alice@example.com'] });
    expect(body['ConfigurationSetName']).toBe('trips');
    const mime = Buffer.from(body['Content']['Raw']['Data'] as string, 'base64').toString('utf8');
    expect(mime).toMatch(/^From: .*noreply@example\.com/m);
    expect(mime).toMatch(/^To: alice@example\.com/m);
    expect(mime).toMatch(/multipart\/mixed/);
    expect(mime).toMatch(/text\/calendar/);
    expect(mime).toMatch(/filename="?trip\.ics"?/);
  });

  it('passes a rejection from SES to the caller', async () => {
    const client = new SESv2Client({ endpoint, region: 'eu-west-1', credentials, maxAttempts: 1 });
    const sender = new SesEmailSender({ client, from: 'noreply@example.com' });
    failNext = {
      status: 400,
      type: 'application/json',
      body: JSON.stringify({ message: 'Email address is not verified.' }),
    };
    await expect(
      sender.sendEmail({ id: 'n2', to: 'bob@example.com', subject: 's', text: 't', attachments: [] }),
    ).rejects.toThrow(/not verified/);
  });
});

describe('SNS SMS adapter', () => {
  it('publishes a transactional SMS to the E.164 number, with the sender id', async () => {
    captured.length = 0;
    const client = new SNSClient({ endpoint, region: 'ap-southeast-1', credentials, maxAttempts: 1 });
    const sender = new SnsSmsSender({ client, senderId: 'TRIPS' });
    await sender.sendSms({ id: 'sms_1', to: '+86-138 0013 8000', text: '明天出发去巴黎 / Paris tomorrow' });
    expect(captured).toHaveLength(1);
    const form = new URLSearchParams(captured[0]!.body);
    expect(form.get('Action')).toBe('Publish');
    expect(form.get('PhoneNumber')).toBe('+8613800138000');
    expect(form.get('Message')).toBe('明天出发去巴黎 / Paris tomorrow');
    const attributes = new Map<string, string>();
    for (let i = 1; form.has(`MessageAttributes.entry.${i}.Name`); i++) {
      attributes.set(
        form.get(`MessageAttributes.entry.${i}.Name`)!,
        form.get(`MessageAttributes.entry.${i}.Value.StringValue`)!,
      );
    }
    expect(attributes.get('AWS.SNS.SMS.SMSType')).toBe('Transactional');
    expect(attributes.get('AWS.SNS.SMS.SenderID')).toBe('TRIPS');
  });

  it('normalises phone numbers to E.164', () => {
    expect(toE164('+1 (415) 555-0100')).toBe('+14155550100');
    expect(toE164('8613800138000')).toBe('+8613800138000');
  });
});
