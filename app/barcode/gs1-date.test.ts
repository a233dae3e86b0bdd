import { describe, expect, it } from 'vitest';
import { daysInMonth, fullYear, isLeapYear, parseGs1Date } from './index';

/** Epoch ms of 1 June of `year`, UTC: a business date to anchor the century rule. */
function midYear(year: number): number {
  return Date.UTC(year, 5, 1);
}

describe('leap years', () => {
  it.each([
    [2024, true],
    [2025, false],
    [2000, true],
    [2100, false],
    [1900, false],
    [2400, true],
  ])('%i leap: %s', (year, leap) => {
    expect(isLeapYear(year)).toBe(leap);
    expect(daysInMonth(year, 2)).toBe(leap ? 29 : 28);
  });

  it('knows the 30-day months', () => {
    expect([1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2025, m))).toEqual([
      31, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
  });
});

describe('parseGs1Date', () => {
  it('reads YYMMDD as 20YY without a reference date', () => {
    expect(parseGs1Date('250101')).toEqual({ ok: true, value: { year: 2025, month: 1, day: 1 } });
    expect(parseGs1Date('991231')).toEqual({ ok: true, value: { year: 2099, month: 12, day: 31 } });
  });

  it('accepts 29 February in a leap year and refuses it in a common year', () => {
    expect(parseGs1Date('240229')).toEqual({ ok: true, value: { year: 2024, month: 2, day: 29 } });
    const common = parseGs1Date('250229');
    expect(common.ok ? undefined : common.error.code).toBe('barcode.impossibleDate');
  });

  it('refuses 29 February 2100, which the century rule can reach', () => {
    const result = parseGs1Date('000229', midYear(2070));
    expect(result.ok ? undefined : result.error.code).toBe('barcode.impossibleDate');
    expect(parseGs1Date('000229', midYear(2025))).toEqual({
      ok: true,
      value: { year: 2000, month: 2, day: 29 },
    });
  });

  it('reads day 00 as the last day of the month', () => {
    expect(parseGs1Date('240200')).toEqual({ ok: true, value: { year: 2024, month: 2, day: 29 } });
    expect(parseGs1Date('250200')).toEqual({ ok: true, value: { year: 2025, month: 2, day: 28 } });
    expect(parseGs1Date('250400')).toEqual({ ok: true, value: { year: 2025, month: 4, day: 30 } });
    expect(parseGs1Date('251200')).toEqual({ ok: true, value: { year: 2025, month: 12, day: 31 } });
  });

  it.each([
    ['month 00', '250001'],
    ['month 13', '251301'],
    ['31 April', '250431'],
    ['32 January', '250132'],
    ['30 February', '240230'],
  ])('refuses %s', (_why, yymmdd) => {
    const result = parseGs1Date(yymmdd);
    expect(result.ok ? undefined : result.error.code).toBe('barcode.impossibleDate');
    if (!result.ok) expect(result.error.message).toContain(yymmdd);
  });

  it('accepts the last real day of each month', () => {
    expect(parseGs1Date('250131').ok).toBe(true);
    expect(parseGs1Date('250430').ok).toBe(true);
    expect(parseGs1Date('250228').ok).toBe(true);
  });

  it('refuses non-digits', () => {
    const result = parseGs1Date('25O101');
    expect(result.ok ? undefined : result.error.code).toBe('barcode.notDigits');
  });
});

describe('GS1 century rule', () => {
  it('places YY from 49 years before to 50 years after the reference year', () => {
    const at2025 = midYear(2025);
    expect(fullYear(25, at2025)).toBe(2025);
    expect(fullYear(75, at2025)).toBe(2075); // +50: still ahead
    expect(fullYear(76, at2025)).toBe(1976); // +51: last century
    expect(fullYear(0, at2025)).toBe(2000);
    expect(fullYear(99, at2025)).toBe(1999);
  });

  it('crosses into the next century near its end', () => {
    const at2080 = midYear(2080);
    expect(fullYear(30, at2080)).toBe(2130); // −50: next century
    expect(fullYear(31, at2080)).toBe(2031); // −49: this century
    expect(fullYear(99, at2080)).toBe(2099);
  });

  it('without a reference date, is 20YY', () => {
    expect(fullYear(0)).toBe(2000);
    expect(fullYear(99)).toBe(2099);
  });
});
