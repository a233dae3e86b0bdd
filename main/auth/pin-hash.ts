// Staff PINs are stored only as slow salted hashes (scrypt), so a copied register database does
// not give away four- to six-digit PINs by brute force in seconds.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export interface PinHashCost {
  /** scrypt CPU/memory cost (power of two). */
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** About 50 ms per check on a counter PC: unnoticeable at login, costly for a guesser. */
export const PIN_HASH_COST: PinHashCost = { N: 1 << 15, r: 8, p: 1 };

const KEY_LENGTH = 32;
const PIN_PATTERN = /^\d{4,8}$/;

export function isAcceptablePin(pin: string): boolean {
  return PIN_PATTERN.test(pin);
}

function derive(pin: string, salt: Buffer, cost: PinHashCost): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(pin, salt, KEY_LENGTH, { ...cost, maxmem: 256 * cost.N * cost.r }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** `scrypt$N$r$p$salt$hash`, base64 parts: the cost travels with the hash so it can be raised. */
export async function hashPin(pin: string, cost: PinHashCost = PIN_HASH_COST): Promise<string> {
  if (!isAcceptablePin(pin)) throw new RangeError('A PIN is 4 to 8 digits');
  const salt = randomBytes(16);
  const key = await derive(pin, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), key.toString('base64')].join(
    '$',
  );
}

export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  if (![cost.N, cost.r, cost.p].every((v) => Number.isSafeInteger(v) && v > 0)) return false;
  const key = await derive(pin, Buffer.from(salt, 'base64'), cost);
  return key.length === expected.length && timingSafeEqual(key, expected);
}
