// The catalog's lookup key for a scanned or typed GTIN: GTIN-8, GTIN-12 (UPC-A), GTIN-13 (EAN-13)
// and GTIN-14 left-padded to 14 digits, the GS1 rule that makes them one key per product.

const GTIN_LENGTHS: ReadonlySet<number> = new Set([8, 12, 13, 14]);
const DIGITS = /^\d+$/;

/**
 * The 14-digit key, or undefined when `code` is not 8, 12, 13 or 14 digits. The check digit is the
 * scan parser's business (app/barcode); a lookup only needs the key, and a code with a wrong check
 * digit simply finds nothing.
 */
export function gtin14Key(code: string): string | undefined {
  if (!GTIN_LENGTHS.has(code.length) || !DIGITS.test(code)) return undefined;
  return code.padStart(14, '0');
}
