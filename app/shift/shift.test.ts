import { describe, expect, it } from 'vitest';
import type { Money } from '../money';
import { isOpen, openShift } from './shift';

const cny = (amount: number): Money => ({ amount, currency: 'CNY' });
const input = { shiftId: 'S1', registerId: 'R1', cashierId: 'C1', openedAt: 1_700_000_000_000 };

describe('openShift', () => {
  it('opens with the counted float', () => {
    const opened = openShift({ ...input, openingFloat: cny(50_000) });
    expect(opened).toEqual({
      ok: true,
      value: { ...input, openingFloat: cny(50_000), status: { kind: 'open' } },
    });
    expect(opened.ok && isOpen(opened.value)).toBe(true);
  });

  it('opens with an empty drawer (float 0)', () => {
    expect(openShift({ ...input, openingFloat: cny(0) }).ok).toBe(true);
  });

  it('refuses a negative or fractional float', () => {
    for (const amount of [-1, 0.5]) {
      const opened = openShift({ ...input, openingFloat: cny(amount) });
      expect(opened.ok ? undefined : opened.error.code).toBe('shift.invalidFloat');
    }
  });
});
