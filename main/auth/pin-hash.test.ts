import { describe, expect, it } from 'vitest';
import { hashPin, isAcceptablePin, verifyPin } from './pin-hash';

// A cheap cost keeps the test quick; the production cost is the default.
const cheap = { N: 1 << 10, r: 8, p: 1 };

describe('PIN hashing', () => {
  it('verifies the right PIN and refuses a wrong one', async () => {
    const stored = await hashPin('4821', cheap);
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(stored).not.toContain('4821');
    expect(await verifyPin('4821', stored)).toBe(true);
    expect(await verifyPin('4822', stored)).toBe(false);
  });

  it('salts every hash, so equal PINs do not look equal', async () => {
    expect(await hashPin('1234', cheap)).not.toBe(await hashPin('1234', cheap));
  });

  it('refuses PINs that are not 4 to 8 digits, and garbage hashes', async () => {
    expect(isAcceptablePin('123')).toBe(false);
    expect(isAcceptablePin('12a4')).toBe(false);
    expect(isAcceptablePin('123456789')).toBe(false);
    await expect(hashPin('12', cheap)).rejects.toThrow(/4 to 8 digits/);
    expect(await verifyPin('1234', 'garbage')).toBe(false);
    expect(await verifyPin('1234', 'scrypt$0$8$1$AAAA$AAAA')).toBe(false);
  });

  it('stores the slow default cost with the hash', async () => {
    const stored = await hashPin('1234');
    expect(stored.split('$').slice(1, 4)).toEqual(['32768', '8', '1']);
    expect(await verifyPin('1234', stored)).toBe(true);
  });
});
