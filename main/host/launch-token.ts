// The per-launch secret that lets only the page opened from the printed URL drive the register:
// other local pages (any site the browser visits can reach 127.0.0.1) have neither it nor our origin.
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, URL-safe: printed once in the URL's fragment, never stored. */
export function newLaunchToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares in constant time, so the token cannot be guessed a character at a time. */
export function sameToken(expected: string, given: string | null | undefined): boolean {
  if (given === null || given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
