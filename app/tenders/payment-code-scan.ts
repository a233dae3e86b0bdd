// Telling a customer's payment code from a product scan. The same scanner reads both; the store's
// own codes (scale labels, member cards, coupons) win, because the store chose them and one of
// them can look like a wallet code (an 18-digit "26…" scale label is Alipay-shaped).
import type { BarcodeOptions } from '../barcode';
import { parseBarcode, stripSymbologyId } from '../barcode';
import type { MaskedPaymentCode, WalletProvider } from './payment-code';
import { maskPaymentCode } from './payment-code';

/**
 * A scan recognised as a payment code: its wallet and masked form only. The digits to pay with
 * are the scan without its suffix and AIM id (`stripSymbologyId`), read by whoever pays, so no
 * function here hands the full code out.
 */
export interface ScannedPaymentCode {
  readonly provider: WalletProvider;
  readonly masked: MaskedPaymentCode;
}

/** Whether a scan is a wallet payment code (undefined when it is anything else). */
export function paymentCodeInScan(
  raw: string,
  barcode: BarcodeOptions = {},
): ScannedPaymentCode | undefined {
  const masked = maskPaymentCode(stripSymbologyId(raw.trim()).data);
  if (!masked.ok) return undefined;
  const parsed = parseBarcode(raw, barcode);
  // A payment code is no barcode the store knows: either refused (too long for a GTIN) or
  // `unknown`. Anything parseBarcode claims is the store's.
  if (parsed.ok && parsed.value.kind !== 'unknown') return undefined;
  return { provider: masked.value.provider, masked: masked.value.code };
}
