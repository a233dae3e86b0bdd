import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskPaymentCode, parseMaskedPaymentCode, walletProviderOfCode } from './payment-code';

describe('walletProviderOfCode', () => {
  it('knows WeChat Pay: 18 digits starting 10–15', () => {
    expect(walletProviderOfCode('134567890123456789')).toBe('wechatPay');
    expect(walletProviderOfCode('104567890123456789')).toBe('wechatPay');
    expect(walletProviderOfCode('154567890123456789')).toBe('wechatPay');
    expect(walletProviderOfCode('164567890123456789')).toBeUndefined();
    expect(walletProviderOfCode('094567890123456789')).toBeUndefined();
    expect(walletProviderOfCode('13456789012345678')).toBeUndefined(); // 17 digits
    expect(walletProviderOfCode('1345678901234567890')).toBeUndefined(); // 19 digits
  });

  it('knows Alipay: 16–24 digits starting 25–30', () => {
    expect(walletProviderOfCode('2845678901234567')).toBe('alipay');
    expect(walletProviderOfCode('250000000000000000000000')).toBe('alipay');
    expect(walletProviderOfCode('3012345678901234567')).toBe('alipay');
    expect(walletProviderOfCode('284567890123456')).toBeUndefined(); // 15 digits
    expect(walletProviderOfCode('2800000000000000000000000')).toBeUndefined(); // 25 digits
    expect(walletProviderOfCode('3112345678901234567')).toBeUndefined();
    expect(walletProviderOfCode('2412345678901234567')).toBeUndefined();
  });

  it('refuses anything that is not all digits', () => {
    expect(walletProviderOfCode('13456789012345678a')).toBeUndefined();
    expect(walletProviderOfCode('')).toBeUndefined();
  });
});

describe('maskPaymentCode', () => {
  it('keeps the provider prefix and last 4 digits', () => {
    expect(maskPaymentCode('134567890123456789')).toEqual({
      ok: true,
      value: { provider: 'wechatPay', code: '13************6789' },
    });
    expect(maskPaymentCode('2845678901234567')).toEqual({
      ok: true,
      value: { provider: 'alipay', code: '28**********4567' },
    });
  });

  it('refuses an unknown code without repeating it', () => {
    const refused = maskPaymentCode('994567890123456789');
    expect(refused.ok ? undefined : refused.error.code).toBe('wallet.codeInvalid');
    expect(JSON.stringify(refused)).not.toContain('994567890123456789');
  });

  it('masks every valid code so that it parses back (property)', () => {
    const wechat = fc.tuple(fc.integer({ min: 10, max: 15 }), fc.stringMatching(/^\d{16}$/));
    const alipay = fc.tuple(fc.integer({ min: 25, max: 30 }), fc.stringMatching(/^\d{14,22}$/));
    fc.assert(
      fc.property(fc.oneof(wechat, alipay), ([prefix, rest]) => {
        const code = `${prefix}${rest}`;
        const masked = maskPaymentCode(code);
        if (!masked.ok) throw new Error('valid code must mask');
        expect(masked.value.provider).toBe(prefix <= 15 ? 'wechatPay' : 'alipay');
        expect(masked.value.code).not.toContain(code.slice(2, -4));
        expect(parseMaskedPaymentCode(masked.value.code)).toEqual({
          ok: true,
          value: masked.value.code,
        });
      }),
    );
  });
});

describe('parseMaskedPaymentCode', () => {
  it('refuses an unmasked code and a badly masked one', () => {
    expect(parseMaskedPaymentCode('134567890123456789').ok).toBe(false);
    expect(parseMaskedPaymentCode('13**********56789').ok).toBe(false);
    expect(parseMaskedPaymentCode('1***6789').ok).toBe(false);
    expect(parseMaskedPaymentCode('13************6789').ok).toBe(true);
  });
});
