import { describe, expect, it } from 'vitest';
import { GS1_COUPON_99, checkStoreCode, gtinCheckDigit, matchStoreCode } from './index';

describe('matchStoreCode', () => {
  const rules = [
    { prefixes: ['M', 'VIP'], length: 10 },
    { prefixes: ['99'], length: 12 },
  ];

  it('matches the first rule whose prefix and total length fit', () => {
    expect(matchStoreCode('M123456789', rules)).toEqual({ rule: rules[0], prefix: 'M' });
    expect(matchStoreCode('VIP1234567', rules)).toEqual({ rule: rules[0], prefix: 'VIP' });
    expect(matchStoreCode('991234567890', rules)).toEqual({ rule: rules[1], prefix: '99' });
  });

  it('needs digits after the prefix and the exact length', () => {
    expect(matchStoreCode('M12345678', rules)).toBeUndefined();
    expect(matchStoreCode('M1234567890', rules)).toBeUndefined();
    expect(matchStoreCode('M12345678A', rules)).toBeUndefined();
    expect(matchStoreCode('m123456789', rules)).toBeUndefined();
  });

  it('ignores an empty prefix rather than matching everything', () => {
    expect(matchStoreCode('1234567890', [{ prefixes: [''], length: 10 }])).toBeUndefined();
  });
});

describe('checkStoreCode', () => {
  it('verifies the mod-10 check digit of a GS1 coupon over all its digits', () => {
    const good = `990000012345${gtinCheckDigit('990000012345')}`;
    expect(checkStoreCode(good, GS1_COUPON_99, '99', 'coupon')).toEqual({ ok: true, value: good });
    const bad = `990000012345${(gtinCheckDigit('990000012345') + 5) % 10}`;
    const result = checkStoreCode(bad, GS1_COUPON_99, '99', 'coupon');
    expect(result.ok ? undefined : result.error.message).toBe(
      'The coupon did not read correctly. Scan it again or key in the number.',
    );
  });

  it('checks only the digits after a letter prefix', () => {
    const rule = { prefixes: ['M'], length: 9, checkDigit: 'mod10' as const };
    const code = `M1234567${gtinCheckDigit('1234567')}`;
    expect(checkStoreCode(code, rule, 'M', 'member card').ok).toBe(true);
  });
});
