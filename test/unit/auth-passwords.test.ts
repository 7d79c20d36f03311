/** Password hashing (scrypt) and the password policy. */
import { describe, expect, it } from 'vitest';
import { passwordProblems } from '../../agents/auth/password-policy.js';
import type { PasswordHash } from '../../agents/ports/auth.js';
import { RegisterBody } from '../../functions/api/auth/auth-schemas.js';
import {
  dummyHash,
  hashPassword,
  needsRehash,
  scryptParams,
  verifyPassword,
} from '../../functions/api/auth/passwords.js';
import { parseWire } from '../../agents/schemas/wire.js';
import { ValidationError } from '../../agents/errors.js';

/** Cheap parameters for the tests (the service uses 2^15). */
const FAST = scryptParams(10);

describe('scrypt password hashes', () => {
  it('records algorithm and parameters, salts each hash, and verifies only the right password', async () => {
    const a = await hashPassword('Tr4vel-Plans', FAST);
    const b = await hashPassword('Tr4vel-Plans', FAST);
    expect(a.params).toEqual({ algorithm: 'scrypt', N: 1024, r: 8, p: 1, keyLength: 32 });
    expect(Buffer.from(a.salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(a.hash, 'base64')).toHaveLength(32);
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
    expect(await verifyPassword('Tr4vel-Plans', a)).toBe(true);
    expect(await verifyPassword('Tr4vel-Plans', b)).toBe(true);
    expect(await verifyPassword('tr4vel-plans', a)).toBe(false);
    expect(await verifyPassword('Tr4vel-Plans ', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('verifies with the parameters stored beside the hash, not the current ones', async () => {
    const old = await hashPassword('S3cret-enough', scryptParams(11));
    expect(await verifyPassword('S3cret-enough', old)).toBe(true);
    expect(needsRehash(old, scryptParams(15))).toBe(true);
    expect(needsRehash(old, scryptParams(11))).toBe(false);
  });

  it('normalises to NFKC: full-width digits and composed accents match their plain forms', async () => {
    const h = await hashPassword('café2025', FAST);
    expect(await verifyPassword('cafe\u03012025', h)).toBe(true);
    expect(await verifyPassword('café２０２５', h)).toBe(true);
  });

  it('fails closed on a tampered or implausible stored hash, without doing unbounded work', async () => {
    const h = await hashPassword('Tr4vel-Plans', FAST);
    const flipped = Buffer.from(h.hash, 'base64');
    flipped[0]! ^= 1;
    expect(await verifyPassword('Tr4vel-Plans', { ...h, hash: flipped.toString('base64') })).toBe(false);
    expect(await verifyPassword('Tr4vel-Plans', { ...h, hash: h.hash.slice(0, 20) })).toBe(false);
    // Refused before any scrypt work (an N of 2^30 would need 1 TiB); the time it takes is a figure
    // of test/bench/guards.bench.ts.
    const huge: PasswordHash = { ...h, params: { ...h.params, N: 2 ** 30 } };
    expect(await verifyPassword('Tr4vel-Plans', huge)).toBe(false);
    expect(await verifyPassword('Tr4vel-Plans', { ...h, params: { ...h.params, N: 1000 } })).toBe(false);
  });

  it('keeps one dummy hash per cost, matching no password', async () => {
    const d1 = await dummyHash(FAST);
    expect(await dummyHash(FAST)).toBe(d1);
    expect(d1.params).toEqual(FAST);
    expect(await verifyPassword('', d1)).toBe(false);
    expect(await verifyPassword('Tr4vel-Plans', d1)).toBe(false);
  });
});

describe('password policy', () => {
  it('flags common passwords, one repeated character, and the user’s own names', () => {
    expect(passwordProblems('Password123')).toHaveLength(1);
    expect(passwordProblems('woaini1314')).toHaveLength(1);
    expect(passwordProblems('1111111111')).toHaveLength(1);
    expect(passwordProblems('xiaoming2025', { username: 'XiaoMing' })).toHaveLength(1);
    expect(passwordProblems('li.hua-88x', { email: 'li.hua@example.com' })).toHaveLength(1);
    expect(
      passwordProblems('Tr4vel-Plans-2025', { username: 'xiaoming', email: 'li.hua@example.com' }),
    ).toEqual([]);
    // Names shorter than 3 characters are not searched for (every password would contain "a").
    expect(passwordProblems('Tr4vel-Plans', { email: 'ab@example.com' })).toEqual([]);
  });

  it('reports the problems as details on the password field of the register body', () => {
    const body = { username: 'xiaoming', email: 'x@example.com', password: 'xiaoming2025' };
    try {
      parseWire(RegisterBody, body);
      expect.unreachable('the body should be refused');
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).details).toEqual([
        { field: 'password', message: expect.stringContaining('username') },
      ]);
    }
    expect(() => parseWire(RegisterBody, { ...body, password: 'Tr4vel-Plans-2025' })).not.toThrow();
    // Letters and digits of any script count.
    expect(() => parseWire(RegisterBody, { ...body, password: '旅行计划２０２５年春' })).not.toThrow();
  });
});
