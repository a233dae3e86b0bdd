import { describe, expect, it } from 'vitest';
import { pointsStep, pointsToCover, pointsValue } from './points-rate';

const HUNDRED_PER_YUAN = { points: 100, value: 100 }; // 100 points = ¥1.00 = 100 fen

describe('pointsValue', () => {
  it('values 100 points at ¥1.00 and 1 point at 1 fen', () => {
    expect(pointsValue(100, HUNDRED_PER_YUAN)).toEqual({ ok: true, value: 100 });
    expect(pointsValue(1, HUNDRED_PER_YUAN)).toEqual({ ok: true, value: 1 });
    expect(pointsValue(12_345, HUNDRED_PER_YUAN)).toEqual({ ok: true, value: 12_345 });
  });

  it('refuses points that are not worth a whole fen', () => {
    const rate = { points: 200, value: 100 }; // 2 points per fen
    expect(pointsValue(200, rate)).toEqual({ ok: true, value: 100 });
    expect(pointsValue(2, rate)).toEqual({ ok: true, value: 1 });
    const odd = pointsValue(3, rate);
    expect(odd.ok ? undefined : odd.error).toMatchObject({
      code: 'tender.pointsStep',
      details: { step: 2 },
    });
  });

  it('refuses zero, negative and fractional points', () => {
    for (const bad of [0, -100, 1.5]) {
      const value = pointsValue(bad, HUNDRED_PER_YUAN);
      expect(value.ok ? undefined : value.error.code).toBe('tender.invalidAmount');
    }
  });

  it('throws for a rate that cannot be right (programmer error)', () => {
    expect(() => pointsValue(1, { points: 0, value: 100 })).toThrow(RangeError);
    expect(() => pointsValue(1, { points: 100, value: 0 })).toThrow(RangeError);
    expect(() => pointsValue(1, { points: 1.5, value: 1 })).toThrow(RangeError);
  });

  it('stays exact for large balances', () => {
    expect(pointsValue(Number.MAX_SAFE_INTEGER, { points: 1, value: 1 })).toEqual({
      ok: true,
      value: Number.MAX_SAFE_INTEGER,
    });
  });
});

describe('pointsStep and pointsToCover', () => {
  it('finds the smallest redeemable step', () => {
    expect(pointsStep(HUNDRED_PER_YUAN)).toBe(1);
    expect(pointsStep({ points: 200, value: 100 })).toBe(2);
    expect(pointsStep({ points: 150, value: 100 })).toBe(3); // 3 points = 2 fen
    expect(pointsStep({ points: 1, value: 5 })).toBe(1);
  });

  it('gives the most points whose value does not pass the amount', () => {
    expect(pointsToCover(1237, HUNDRED_PER_YUAN)).toBe(1237);
    expect(pointsToCover(1237, { points: 200, value: 100 })).toBe(2474);
    expect(pointsToCover(5, { points: 150, value: 100 })).toBe(6); // 6 points = 4 fen ≤ 5
    expect(pointsToCover(0, HUNDRED_PER_YUAN)).toBe(0);
    expect(pointsToCover(-5, HUNDRED_PER_YUAN)).toBe(0);
    const six = pointsValue(6, { points: 150, value: 100 });
    expect(six).toEqual({ ok: true, value: 4 });
  });
});
