/**
 * Secrets of a local stack, generated once and kept beside its data, so tokens, cursors and the
 * demo login survive restarts (and `--reset` forgets them with the data).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export interface LocalSecrets {
  /** HS256 key of the access tokens (64 hex characters). */
  jwtSecret: string;
  /** HMAC key of the pagination cursors (64 hex characters). */
  cursorSecret: string;
  /** Password of the demo account (letters and digits, as the register schema wants). */
  demoPassword: string;
}

const SecretsFile = z.object({
  jwt_secret: z.string().min(32),
  cursor_secret: z.string().min(16),
  demo_password: z.string().min(8),
});

/** The file the secrets live in, inside the data directory. */
export const SECRETS_FILE = 'secrets.json';

/**
 * A password the register schema accepts (>= 8 characters, letters and digits, not containing
 * the account's name — so not "demo") and easy to type.
 */
function newDemoPassword(): string {
  return `Voyage-${randomBytes(6).toString('hex')}-26`;
}

/**
 * Reads `<dataDir>/secrets.json`, creating it (mode 0600) with fresh random values the first
 * time. A `cursor-secret` file from earlier versions of `npm start` is adopted, so cursors it
 * signed stay valid.
 */
export function loadLocalSecrets(dataDir: string): LocalSecrets {
  const file = join(dataDir, SECRETS_FILE);
  if (existsSync(file)) {
    const parsed = SecretsFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) {
      return {
        jwtSecret: parsed.data.jwt_secret,
        cursorSecret: parsed.data.cursor_secret,
        demoPassword: parsed.data.demo_password,
      };
    }
    throw new Error(
      `${file} is not valid (${parsed.error.issues[0]?.message}); delete it or run with --reset`,
    );
  }
  const legacyCursor = join(dataDir, 'cursor-secret');
  const secrets: LocalSecrets = {
    jwtSecret: randomBytes(32).toString('hex'),
    cursorSecret: existsSync(legacyCursor)
      ? readFileSync(legacyCursor, 'utf8').trim()
      : randomBytes(32).toString('hex'),
    demoPassword: newDemoPassword(),
  };
  writeFileSync(
    file,
    JSON.stringify(
      {
        jwt_secret: secrets.jwtSecret,
        cursor_secret: secrets.cursorSecret,
        demo_password: secrets.demoPassword,
      },
      null,
      2,
    ) + '\n',
    { mode: 0o600 },
  );
  return secrets;
}
