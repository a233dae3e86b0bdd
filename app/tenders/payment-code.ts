// WeChat Pay and Alipay payment codes (the barcode on the customer's phone), kept only masked:
// a code is single-use, but a log full of live codes is still a gift to anyone who reads it.
import type { Result } from '../result';
import { err, ok } from '../result';

export type WalletProvider = 'wechatPay' | 'alipay';

export const WALLET_PROVIDERS: readonly WalletProvider[] = ['wechatPay', 'alipay'];

declare const maskedPaymentCodeBrand: unique symbol;

/** "13************1234": the provider prefix and the last 4 digits. */
export type MaskedPaymentCode = string & { readonly [maskedPaymentCodeBrand]: true };

export type PaymentCodeError = 'wallet.codeInvalid' | 'wallet.codeNotMasked';

const SHOWN_FIRST = 2;
const SHOWN_LAST = 4;

/** Which wallet a scanned code belongs to (SPEC): WeChat 18 digits from 10–15, Alipay 16–24 from 25–30. */
export function walletProviderOfCode(code: string): WalletProvider | undefined {
  if (!/^\d+$/.test(code)) return undefined;
  const prefix = Number(code.slice(0, 2));
  if (code.length === 18 && prefix >= 10 && prefix <= 15) return 'wechatPay';
  if (code.length >= 16 && code.length <= 24 && prefix >= 25 && prefix <= 30) return 'alipay';
  return undefined;
}

/** Masks a scanned code after recognising its provider; the error never repeats the code. */
export function maskPaymentCode(
  code: string,
): Result<{ readonly provider: WalletProvider; readonly code: MaskedPaymentCode }> {
  const provider = walletProviderOfCode(code);
  if (provider === undefined) {
    return err<PaymentCodeError>(
      'wallet.codeInvalid',
      'This is not a WeChat Pay or Alipay payment code: ask the customer to refresh it and scan again.',
    );
  }
  const hidden = '*'.repeat(code.length - SHOWN_FIRST - SHOWN_LAST);
  const masked = `${code.slice(0, SHOWN_FIRST)}${hidden}${code.slice(-SHOWN_LAST)}`;
  return ok({ provider, code: masked as MaskedPaymentCode });
}

/** Checks a code that arrives already masked (a stored row). */
export function parseMaskedPaymentCode(text: string): Result<MaskedPaymentCode> {
  if (!/^\d{2}\*{10,18}\d{4}$/.test(text)) {
    return err<PaymentCodeError>(
      'wallet.codeNotMasked',
      'A stored payment code must show only its first 2 and last 4 digits.',
    );
  }
  return ok(text as MaskedPaymentCode);
}
