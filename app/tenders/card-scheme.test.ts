import { describe, expect, it } from 'vitest';
import { cardSchemeFromPan } from './card-scheme';
import { maskPan } from './masked-pan';

const schemeOf = (digits: string) => {
  const pan = maskPan(digits);
  if (!pan.ok) throw new Error('test PAN must mask');
  return cardSchemeFromPan(pan.value);
};

describe('cardSchemeFromPan', () => {
  it.each([
    ['6228480012345678', 'unionPay'],
    ['6221260012345678', 'unionPay'], // Discover co-branded range is UnionPay in China
    ['8171999927660000', 'unionPay'],
    ['4111111111111111', 'visa'],
    ['4999990000000000', 'visa'],
    ['5105105105105100', 'mastercard'],
    ['5599990000000000', 'mastercard'],
    ['2221000000000009', 'mastercard'],
    ['2720990000000000', 'mastercard'],
    ['2721000000000000', 'other'],
    ['2220990000000000', 'other'],
    ['378282246310005', 'amex'],
    ['341111111111111', 'amex'],
    ['3528000000000000', 'jcb'],
    ['3589990000000000', 'jcb'],
    ['3527990000000000', 'other'],
    ['6011000990139424', 'discover'],
    ['6500000000000002', 'discover'],
    ['6440000000000000', 'discover'],
    ['9999990000000000', 'other'],
  ])('%s is %s', (digits, scheme) => {
    expect(schemeOf(digits)).toBe(scheme);
  });
});
