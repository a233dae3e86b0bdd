// The store's own codes that are not products: member cards and coupons, recognised by a prefix
// and a length the store configures (e.g. member cards "M" + 9 digits, GS1 coupons: EAN-13 with prefix 99).
import type { Result } from '../result';
import { ok } from '../result';
import type { BarcodeError } from './errors';
import { barcodeError, SCAN_AGAIN } from './errors';
import { hasValidCheckDigit, isDigits } from './gtin';

export interface StoreCodeRule {
  /** Any of these starts the code: ['M'], ['99'], ['M', 'VIP']. */
  readonly prefixes: readonly string[];
  /** Total length, prefix included. Everything after the prefix must be digits. */
  readonly length: number;
  /**
   * 'mod10': the last digit is a GS1 mod-10 check digit over the digits before it (the prefix
   * included when it is digits), as on GS1 coupons printed as EAN-13. Default 'none'.
   */
  readonly checkDigit?: 'none' | 'mod10';
}

/** GS1 coupons for use within one country are EAN-13 codes with prefix 99. */
export const GS1_COUPON_99: StoreCodeRule = { prefixes: ['99'], length: 13, checkDigit: 'mod10' };

/** The first rule whose prefix and length fit `code`, with the prefix that matched. */
export function matchStoreCode(
  code: string,
  rules: readonly StoreCodeRule[],
): { readonly rule: StoreCodeRule; readonly prefix: string } | undefined {
  for (const rule of rules) {
    if (code.length !== rule.length) continue;
    const prefix = rule.prefixes.find((p) => p !== '' && code.startsWith(p));
    if (prefix !== undefined && isDigits(code.slice(prefix.length))) return { rule, prefix };
  }
  return undefined;
}

/** Verifies a matched code's check digit, where its rule asks for one. */
export function checkStoreCode(
  code: string,
  rule: StoreCodeRule,
  prefix: string,
  what: 'member card' | 'coupon',
): Result<string, BarcodeError> {
  if (rule.checkDigit !== 'mod10') return ok(code);
  const digits = isDigits(prefix) ? code : code.slice(prefix.length);
  if (hasValidCheckDigit(digits)) return ok(code);
  return barcodeError(
    'barcode.badCheckDigit',
    `The ${what} did not read correctly. ${SCAN_AGAIN}`,
    {
      kind: what,
    },
  );
}
