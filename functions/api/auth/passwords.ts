/**
 * Password hashing with scrypt (node:crypto): a random 16-byte salt per hash, the parameters
 * recorded beside the hash (so they can be raised later and old hashes still verify), and a
 * constant-time comparison. Passwords are NFKC-normalised first, so the same password typed on
 * different keyboards (full-width digits, composed accents) hashes the same.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PasswordHash, PasswordHashParams } from '../../../agents/ports/auth.js';

const SALT_BYTES = 16;
const KEY_LENGTH = 32;

/** Parameters for a cost of 2^logN (r = 8, p = 1: 128 * N * r bytes of memory). */
export function scryptParams(logN: number): PasswordHashParams {
  return { algorithm: 'scrypt', N: 2 ** logN, r: 8, p: 1, keyLength: KEY_LENGTH };
}

function derive(password: string, salt: Buffer, params: PasswordHashParams): Promise<Buffer> {
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    maxmem: 256 * params.N * params.r * params.p,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, params.keyLength, options, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** Parameters a stored hash may claim; anything else is refused before any work is done. */
function plausible(p: PasswordHashParams): boolean {
  return (
    p.algorithm === 'scrypt' &&
    Number.isInteger(Math.log2(p.N)) &&
    p.N >= 2 ** 10 &&
    p.N <= 2 ** 20 &&
    p.r >= 1 &&
    p.r <= 32 &&
    p.p >= 1 &&
    p.p <= 4 &&
    p.keyLength >= 16 &&
    p.keyLength <= 64
  );
}

export async function hashPassword(password: string, params: PasswordHashParams): Promise<PasswordHash> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params);
  return { params, salt: salt.toString('base64'), hash: key.toString('base64') };
}

/** True when the password matches the stored hash (constant-time comparison of the derived keys). */
export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  if (!plausible(stored.params)) return false;
  const expected = Buffer.from(stored.hash, 'base64');
  if (expected.length !== stored.params.keyLength) return false;
  const actual = await derive(password, Buffer.from(stored.salt, 'base64'), stored.params);
  return timingSafeEqual(actual, expected);
}

/** True when a stored hash was made with other parameters than the current ones. */
export function needsRehash(stored: PasswordHash, current: PasswordHashParams): boolean {
  const p = stored.params;
  return p.N !== current.N || p.r !== current.r || p.p !== current.p || p.keyLength !== current.keyLength;
}

const dummies = new Map<number, Promise<PasswordHash>>();

/**
 * A hash of a random password with the current parameters. Verifying against it costs what a real
 * verification costs, so an unknown e-mail takes as long to reject as a wrong password.
 */
export function dummyHash(params: PasswordHashParams): Promise<PasswordHash> {
  let d = dummies.get(params.N);
  if (!d) {
    d = hashPassword(randomBytes(18).toString('base64'), params);
    dummies.set(params.N, d);
  }
  return d;
}
