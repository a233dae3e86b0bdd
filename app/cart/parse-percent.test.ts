import { describe, expect, it } from 'vitest';
import { parsePercent } from './manual-discount';

describe('parsePercent', () => {
  it('reads what a cashier types as basis points', () => {
    expect(parsePercent('15')).toBe(1500);
    expect(parsePercent('12.5')).toBe(1250);
    expect(parsePercent(' 7,25 % ')).toBe(725);
    expect(parsePercent('0.01')).toBe(1);
    expect(parsePercent('100')).toBe(10_000);
  });

  it('refuses what is not a percentage from 0.01 to 100', () => {
    for (const typed of ['', '0', '0.00', '100.01', '101', '-5', '1e2', '12.345', 'abc', '5 5']) {
      expect(parsePercent(typed)).toBeUndefined();
    }
  });
});
