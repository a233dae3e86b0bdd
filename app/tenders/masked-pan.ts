// A card number as the register may keep it: first 6 and last 4 digits, the rest masked (PCI DSS).
// There is deliberately no type for a full PAN: digits from a reader are masked on arrival.
import type { Result } from '../result';
import { err, ok } from '../result';

declare const maskedPanBrand: unique symbol;

/** "622848******1234": built only by `maskPan` or `parseMaskedPan`, so it cannot hold a full PAN. */
export type MaskedPan = string & { readonly [maskedPanBrand]: true };

export type MaskedPanError = 'card.panInvalid' | 'card.panNotMasked';

// Payment cards carry 13 to 19 digits, so at least three stay hidden. The floor of 13 matches
// the free-text guard in card-details: a 12-digit run is a retrieval reference, not a card.
// No Luhn check, because some UnionPay cards are issued without one.
const MIN_PAN_LENGTH = 13;
const MAX_PAN_LENGTH = 19;
const SHOWN_FIRST = 6;
const SHOWN_LAST = 4;
const MASKED = /^(\d{6})(\*+)(\d{4})$/;

/**
 * Masks the digits a card reader gives. The error never repeats the digits, so a refused number
 * cannot leak into a log or onto a screen.
 */
export function maskPan(digits: string): Result<MaskedPan> {
  if (!/^\d+$/.test(digits) || digits.length < MIN_PAN_LENGTH || digits.length > MAX_PAN_LENGTH) {
    return err<MaskedPanError>(
      'card.panInvalid',
      `A card number has ${MIN_PAN_LENGTH} to ${MAX_PAN_LENGTH} digits: read the card again.`,
    );
  }
  const hidden = '*'.repeat(digits.length - SHOWN_FIRST - SHOWN_LAST);
  return ok(`${digits.slice(0, SHOWN_FIRST)}${hidden}${digits.slice(-SHOWN_LAST)}` as MaskedPan);
}

/** Checks a number that arrives already masked (a stored row, a terminal's receipt data). */
export function parseMaskedPan(text: string): Result<MaskedPan> {
  const match = MASKED.exec(text);
  if (match === null || text.length < MIN_PAN_LENGTH || text.length > MAX_PAN_LENGTH) {
    // An unmasked number lands here too; the message says what is wanted, never echoes the text.
    return err<MaskedPanError>(
      'card.panNotMasked',
      'A stored card number must show only the first 6 and last 4 digits, e.g. 622848******1234.',
    );
  }
  return ok(text as MaskedPan);
}

/** The issuer identification (first 6 digits): it names the scheme and the bank. */
export function panBin(pan: MaskedPan): string {
  return pan.slice(0, SHOWN_FIRST);
}

/** The last 4 digits, for the receipt and for the customer to recognise their card. */
export function panLastFour(pan: MaskedPan): string {
  return pan.slice(-SHOWN_LAST);
}
