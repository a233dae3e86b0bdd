import { validate, version } from 'uuid';
import { describe, expect, it } from 'vitest';
import { newId } from './ids';

describe('newId', () => {
  it('mints unique UUIDv7s that rise one by one, many to a millisecond, across pool refills', () => {
    const before = Date.now();
    // 10,000 ids take 160 KB of random bytes: the 4 KiB pool is drawn forty times over.
    const ids = Array.from({ length: 10_000 }, () => newId());
    const after = Date.now();
    expect(ids.every((id) => validate(id) && version(id) === 7)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 1; i < ids.length; i += 1) {
      expect((ids[i] ?? '') > (ids[i - 1] ?? '')).toBe(true);
    }
    // Far fewer milliseconds than ids went by, so most share one: the counter kept them in order.
    const millis = ids.map((id) => parseInt(id.replaceAll('-', '').slice(0, 12), 16));
    expect(new Set(millis).size).toBeLessThan(ids.length / 2);
    expect(Math.min(...millis)).toBeGreaterThanOrEqual(before);
    expect(Math.max(...millis)).toBeLessThanOrEqual(after + 1);
  });

  it('draws fresh random bytes for every id', () => {
    // The last 10 hex digits are random bytes only (no clock, no counter): no two alike.
    const tails = Array.from({ length: 2_000 }, () => newId().slice(-10));
    expect(new Set(tails).size).toBe(tails.length);
  });
});
