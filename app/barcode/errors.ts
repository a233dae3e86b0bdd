// The ways a scan can be refused, each with a stable code and a message a cashier can act on.
import type { DomainError, Err } from '../result';
import { err } from '../result';

export type BarcodeErrorCode =
  | 'barcode.empty'
  | 'barcode.notDigits'
  | 'barcode.badLength'
  | 'barcode.badCheckDigit'
  | 'barcode.badNumberSystem'
  | 'barcode.unknownAi'
  | 'barcode.impossibleDate'
  | 'barcode.badCharacter'
  | 'barcode.duplicateAi'
  | 'barcode.trailingData'
  | 'barcode.badMeasure'
  | 'barcode.badLayout';

export type BarcodeError = DomainError<BarcodeErrorCode>;

/** Every refusal in this folder goes through here so the code list above stays the whole list. */
export function barcodeError(
  code: BarcodeErrorCode,
  message: string,
  details?: BarcodeError['details'],
): Err<BarcodeError> {
  return err(code, message, details);
}

/** The advice that ends most messages: a misread is fixed by scanning again or keying in. */
export const SCAN_AGAIN = 'Scan it again or key in the number.';
