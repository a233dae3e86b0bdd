// UPC-E, the zero-suppressed 8-digit UPC printed on small packs, expanded to the UPC-A (GTIN-12)
// it stands for: the catalog knows products by their full GTIN, never by the short form.
import type { Result } from '../result';
import { ok } from '../result';
import type { BarcodeError } from './errors';
import { barcodeError, SCAN_AGAIN } from './errors';
import { gtinCheckDigit, isDigits } from './gtin';

/**
 * The 11 UPC-A digits (without check) for number system `ns` and the six UPC-E data digits.
 * The last data digit says where the suppressed zeros go (UPC-E rules, GS1 General Specs 5.2).
 */
function expandDigits(ns: string, six: string): string {
  const d1 = six.charAt(0);
  const d2 = six.charAt(1);
  const d3 = six.charAt(2);
  const d4 = six.charAt(3);
  const d5 = six.charAt(4);
  const d6 = six.charAt(5);
  switch (d6) {
    case '0':
    case '1':
    case '2':
      return `${ns}${d1}${d2}${d6}0000${d3}${d4}${d5}`;
    case '3':
      return `${ns}${d1}${d2}${d3}00000${d4}${d5}`;
    case '4':
      return `${ns}${d1}${d2}${d3}${d4}00000${d5}`;
    default:
      return `${ns}${d1}${d2}${d3}${d4}${d5}0000${d6}`;
  }
}

/**
 * Expands a UPC-E to its 12-digit UPC-A. Accepts 8 digits (number system 0 or 1, six data digits,
 * check digit, which must match the UPC-A's) or 6 digits (number system 0 implied, no check digit
 * sent, so none is verified). Refuses other lengths, other number systems and a wrong check digit.
 */
export function expandUpcE(code: string): Result<string, BarcodeError> {
  if (!isDigits(code)) {
    return barcodeError('barcode.notDigits', 'A UPC-E barcode has digits only. ' + SCAN_AGAIN);
  }
  if (code.length !== 6 && code.length !== 8) {
    return barcodeError(
      'barcode.badLength',
      `A UPC-E barcode has 6 or 8 digits, this one has ${code.length}. ${SCAN_AGAIN}`,
      { length: code.length },
    );
  }
  const ns = code.length === 8 ? code.slice(0, 1) : '0';
  if (ns !== '0' && ns !== '1') {
    return barcodeError(
      'barcode.badNumberSystem',
      `A UPC-E barcode starts with 0 or 1, this one starts with ${ns}. ${SCAN_AGAIN}`,
      { numberSystem: ns },
    );
  }
  const six = code.length === 8 ? code.slice(1, 7) : code;
  const body = expandDigits(ns, six);
  const check = gtinCheckDigit(body);
  if (code.length === 8 && code.slice(7) !== String(check)) {
    return barcodeError(
      'barcode.badCheckDigit',
      `The barcode did not read correctly. ${SCAN_AGAIN}`,
      {
        expected: check,
        found: Number(code.slice(7)),
      },
    );
  }
  return ok(`${body}${check}`);
}
