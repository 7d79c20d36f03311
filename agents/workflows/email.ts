/**
 * E-mail as MIME (RFC 5322/2045): a UTF-8 plain-text body and base64 attachments, as SES's raw
 * send and the local outbox's `.eml` files take it. Pure.
 */
import type { EmailMessage } from '../ports/notifier.js';

/** RFC 2047 encoded-word for a non-ASCII header value. */
export function encodeHeader(value: string): string {
  return /^[\x20-\x7e]*$/.test(value)
    ? value
    : `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

const base64Lines = (content: string) =>
  (
    Buffer.from(content, 'utf8')
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join('\r\n');

/** The message as MIME text with CRLF line ends. */
export function toMime(message: EmailMessage, from: string, date: Date = new Date()): string {
  const boundary = `=_tp_${message.id.replace(/[^A-Za-z0-9]/g, '')}`;
  const headers = [
    `From: ${from}`,
    `To: ${message.to}`,
    `Subject: ${encodeHeader(message.subject)}`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${message.id}@travel-planner>`,
    'MIME-Version: 1.0',
  ];
  const textPart = [
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(message.text),
  ];
  if (message.attachments.length === 0) return [...headers, ...textPart, ''].join('\r\n');
  const parts = [
    ...headers,
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    ...textPart,
  ];
  for (const a of message.attachments) {
    parts.push(
      `--${boundary}`,
      `Content-Type: ${a.contentType}; name="${a.filename}"`,
      `Content-Disposition: attachment; filename="${a.filename}"`,
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(a.content),
    );
  }
  parts.push(`--${boundary}--`, '');
  return parts.join('\r\n');
}
