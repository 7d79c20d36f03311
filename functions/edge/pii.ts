/**
 * PII masking for anything that goes to the logs (REST, WebSocket, MCP): e-mail addresses, phone
 * numbers and JWTs are shortened so a log line never carries them whole.
 */

/** Masks e-mail addresses, phone numbers and tokens in `text`. */
export function maskPii(text: string): string {
  return text
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, (m) => `${m[0]}***@${m.split('@')[1]}`)
    .replace(/\+?\d[\d\s-]{7,}\d/g, (m) => `${m.slice(0, 3)}****${m.slice(-2)}`)
    .replace(/eyJ[\w-]+\.[\w-]+\.[\w-]+/g, '[jwt]');
}
