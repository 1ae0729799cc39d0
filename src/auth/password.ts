/**
 * Staff passwords, hashed with scrypt (memory-hard): N = 2^15, r = 8, p = 1 (32 MiB, about 0.1 s here), a random
 * 16-byte salt, a 32-byte key. The parameters are stored with the hash, so they can be raised later and old
 * hashes still verify:
 *
 *   scrypt$<log2 N>$<r>$<p>$<salt, base64>$<key, base64>
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParams {
  log2N: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT: ScryptParams = { log2N: 15, r: 8, p: 1 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
/** longer passwords are refused outright: a passphrase needs no more, and nothing else is worth hashing */
export const MAX_PASSWORD_LENGTH = 1024;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = {
    N: 2 ** params.log2N,
    r: params.r,
    p: params.p,
    maxmem: 256 * 2 ** params.log2N * params.r,
  };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, params);
  return ['scrypt', params.log2N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join(
    '$',
  );
}

const STORED = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d)\$([A-Za-z0-9+/=]{1,64})\$([A-Za-z0-9+/=]{1,128})$/;

/** The parameters of a stored hash, or null when it is not one this code wrote (within sane bounds). */
export function parseStoredHash(stored: string): (ScryptParams & { salt: Buffer; key: Buffer }) | null {
  const m = STORED.exec(stored);
  if (!m) return null;
  const [log2N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (log2N < 10 || log2N > 20 || r < 1 || r > 16 || p < 1 || p > 4) return null;
  return { log2N, r, p, salt: Buffer.from(m[4], 'base64'), key: Buffer.from(m[5], 'base64') };
}

/** true when the password is the one hashed; compared in constant time. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  const parsed = parseStoredHash(stored);
  if (!parsed || password.length > MAX_PASSWORD_LENGTH) return false;
  const key = await derive(password, parsed.salt, parsed);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

let dummy: Promise<string> | undefined;
/** A hash of nothing anyone knows: unknown usernames are checked against it, so they take as long. */
export const dummyHash = (): Promise<string> => (dummy ??= hashPassword(randomBytes(18).toString('base64')));

/** A random password for a new account: 18 random bytes, base64url (24 characters). */
export const randomPassword = (): string => randomBytes(18).toString('base64url');
