import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CN_SCALE_18 } from '../barcode';
import { paymentCodeInScan } from './payment-code-scan';

/** An 18-digit "26…" scale label with a right mod-10 check digit (PLU 00123, ¥12.34, 567 g). */
function scaleLabel(): string {
  const body = '26001230123400567';
  const sum = [...body].reverse().reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 3 : 1), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

describe('paymentCodeInScan', () => {
  it('reads WeChat Pay and Alipay codes, with the scanner suffix and AIM id removed', () => {
    expect(paymentCodeInScan('134567890123456789\r\n')).toEqual({
      provider: 'wechatPay',
      masked: '13************6789',
    });
    expect(paymentCodeInScan(']C028456789012345678901')).toEqual({
      provider: 'alipay',
      masked: '28**************8901',
    });
    expect(paymentCodeInScan(']Q12845678901234567')).toEqual({
      provider: 'alipay',
      masked: '28**********4567',
    });
    // 15 digits: no wallet's.
    expect(paymentCodeInScan(']Q1284567890123456')).toBeUndefined();
  });

  it('leaves product barcodes, member codes and short numbers alone', () => {
    expect(paymentCodeInScan('6901234567892')).toBeUndefined();
    expect(paymentCodeInScan('96385074')).toBeUndefined();
    expect(paymentCodeInScan('M0001')).toBeUndefined();
    expect(paymentCodeInScan('(01)06901234567892(10)ABC')).toBeUndefined();
  });

  it('gives the store its own codes first: a valid 18-digit scale label stays a scale label', () => {
    const label = scaleLabel();
    // Alipay-shaped (18 digits from 26) …
    expect(paymentCodeInScan(label)).toMatchObject({ provider: 'alipay' });
    // … but this store prints such labels on its scales.
    expect(paymentCodeInScan(label, { variableMeasureLayouts: [CN_SCALE_18] })).toBeUndefined();
    // A member card rule that covers a wallet prefix is the store's choice too.
    const cards = { memberCards: [{ prefixes: ['13'], length: 18 }] };
    expect(paymentCodeInScan('134567890123456789', cards)).toBeUndefined();
  });

  it('answers a code exactly when the provider rules recognise its digits (no store codes set)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{16,24}$/), (digits) => {
        const found = paymentCodeInScan(digits);
        const prefix = Number(digits.slice(0, 2));
        const wechat = digits.length === 18 && prefix >= 10 && prefix <= 15;
        const alipay = prefix >= 25 && prefix <= 30;
        expect(found?.provider).toBe(wechat ? 'wechatPay' : alipay ? 'alipay' : undefined);
        if (found !== undefined) expect(found.masked.slice(-4)).toBe(digits.slice(-4));
        // The full code is never handed out.
        expect(JSON.stringify(found ?? null)).not.toContain(digits);
      }),
    );
  });
});
