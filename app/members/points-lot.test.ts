import { describe, expect, it } from 'vitest';
import { lotExpiresAt } from './points-lot';

const CST = 8 * 3_600_000;
/** An instant given as a China Standard Time wall clock. */
function cst(y: number, m: number, d: number, h = 0, min = 0): number {
  return Date.UTC(y, m - 1, d, h, min) - CST;
}

describe('lotExpiresAt', () => {
  it('is the same wall-clock time on the same date next year', () => {
    expect(lotExpiresAt(cst(2025, 6, 15, 14, 30))).toBe(cst(2026, 6, 15, 14, 30));
  });

  it('uses the store calendar, not UTC: 1 March 00:30 in China stays 1 March', () => {
    // 2024-03-01 00:30 CST is 2024-02-29 16:30 UTC; in UTC it would clamp to 28 February.
    expect(lotExpiresAt(cst(2024, 3, 1, 0, 30))).toBe(cst(2025, 3, 1, 0, 30));
  });

  it('29 February expires on 28 February the next year', () => {
    expect(lotExpiresAt(cst(2024, 2, 29, 10))).toBe(cst(2025, 2, 28, 10));
  });

  it('28 February before a leap day still expires on 28 February', () => {
    expect(lotExpiresAt(cst(2023, 2, 28, 10))).toBe(cst(2024, 2, 28, 10));
  });

  it('31 December rolls into the next year’s 31 December', () => {
    expect(lotExpiresAt(cst(2025, 12, 31, 23, 59))).toBe(cst(2026, 12, 31, 23, 59));
  });

  it('honours the offset passed in', () => {
    const utcMidnight = Date.UTC(2024, 1, 29);
    expect(lotExpiresAt(utcMidnight, 0)).toBe(Date.UTC(2025, 1, 28));
  });
});
