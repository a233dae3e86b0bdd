import { describe, expect, it } from 'vitest';
import { DROP_THE_FEN, NO_CASH_ROUNDING, roundCash } from './cash-rounding';
import { ROUNDING_MODES } from './rounding';

describe('roundCash', () => {
  it('drops the fen: 12.37 → 12.30, 12.30 stays, 12.39 → 12.30', () => {
    expect(roundCash(1237, DROP_THE_FEN)).toBe(1230);
    expect(roundCash(1230, DROP_THE_FEN)).toBe(1230);
    expect(roundCash(1239, DROP_THE_FEN)).toBe(1230);
    expect(roundCash(1231, DROP_THE_FEN)).toBe(1230);
  });

  it('drops the fen down to zero for an amount under one jiao', () => {
    expect(roundCash(9, DROP_THE_FEN)).toBe(0);
    expect(roundCash(0, DROP_THE_FEN)).toBe(0);
  });

  // Refunds: 'down' rounds toward zero, so −12.37 pays out 12.30. That is the sensible reading:
  // a customer who paid 12.30 cash for a 12.37 sale gets exactly 12.30 back, and the drawer never
  // pays out more than the rule would have taken in. No negative zero comes out.
  it('rounds refunds (negative amounts) toward zero, mirroring the sale', () => {
    expect(roundCash(-1237, DROP_THE_FEN)).toBe(-1230);
    expect(roundCash(-1230, DROP_THE_FEN)).toBe(-1230);
    expect(Object.is(roundCash(-9, DROP_THE_FEN), 0)).toBe(true);
    for (const due of [1, 5, 9, 1234, 99_999]) {
      expect(roundCash(-due, DROP_THE_FEN)).toBe(0 - roundCash(due, DROP_THE_FEN));
    }
  });

  it('rounds to 0.05 to the nearest step, halves away from zero', () => {
    const rule = { increment: 5, mode: 'halfUp' } as const;
    expect(roundCash(1237, rule)).toBe(1235);
    expect(roundCash(1238, rule)).toBe(1240);
    expect(roundCash(1235, rule)).toBe(1235);
    expect(roundCash(1232, rule)).toBe(1230);
    expect(roundCash(1233, rule)).toBe(1235);
    expect(roundCash(-1233, rule)).toBe(-1235);
  });

  it('rounds an exact half-step by the mode: 12.35 to the jiao', () => {
    expect(ROUNDING_MODES.map((mode) => roundCash(1235, { increment: 10, mode }))).toEqual([
      1240, 1240, 1230, 1240,
    ]);
    expect(ROUNDING_MODES.map((mode) => roundCash(1245, { increment: 10, mode }))).toEqual([
      1250, 1240, 1240, 1250,
    ]);
    expect(ROUNDING_MODES.map((mode) => roundCash(-1245, { increment: 10, mode }))).toEqual([
      -1250, -1240, -1240, -1250,
    ]);
  });

  it('leaves the amount alone without rounding', () => {
    expect(roundCash(1237, NO_CASH_ROUNDING)).toBe(1237);
    expect(roundCash(-1, NO_CASH_ROUNDING)).toBe(-1);
  });

  it('refuses bad increments and fractional amounts', () => {
    expect(() => roundCash(100, { increment: 0, mode: 'down' })).toThrow(RangeError);
    expect(() => roundCash(100, { increment: -10, mode: 'down' })).toThrow(RangeError);
    expect(() => roundCash(100, { increment: 2.5, mode: 'down' })).toThrow(RangeError);
    expect(() => roundCash(12.5, NO_CASH_ROUNDING)).toThrow(RangeError);
    expect(() => roundCash(12.5, DROP_THE_FEN)).toThrow(RangeError);
  });

  it('keeps every result within one increment and on a step', () => {
    for (let due = -300; due <= 300; due += 1) {
      for (const mode of ROUNDING_MODES) {
        for (const increment of [5, 10, 50]) {
          const r = roundCash(due, { increment, mode });
          expect(r % increment === 0).toBe(true);
          expect(Math.abs(r - due)).toBeLessThan(increment);
        }
      }
    }
  });
});
