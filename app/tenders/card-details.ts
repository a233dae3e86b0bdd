// The other things a card terminal reports about a payment: the approval code and the terminal's
// reference. Both are checked on the way in so that no card field can carry a full card number.
import type { Result } from '../result';
import { err, ok } from '../result';

declare const authCodeBrand: unique symbol;
declare const terminalRefBrand: unique symbol;

/** The issuer's approval code (ISO 8583 field 38): 1 to 6 letters or digits. */
export type AuthCode = string & { readonly [authCodeBrand]: true };

/** The terminal's reference or token for a payment: what a refund or reversal quotes. */
export type TerminalRef = string & { readonly [terminalRefBrand]: true };

export type CardDetailsError = 'card.authCodeInvalid' | 'card.terminalRefInvalid';

// A bare run of 13–19 digits is what a PAN looks like. A 12-digit retrieval reference number
// (ISO 8583 field 37) is allowed; so are longer runs, which are not card numbers.
const PAN_LIKE = /(?<!\d)\d{13,19}(?!\d)/;

export function parseAuthCode(text: string): Result<AuthCode> {
  if (!/^[A-Za-z0-9]{1,6}$/.test(text)) {
    return err<CardDetailsError>(
      'card.authCodeInvalid',
      'The approval code from the terminal is missing or malformed.',
    );
  }
  return ok(text as AuthCode);
}

export function parseTerminalRef(text: string): Result<TerminalRef> {
  if (
    text.length === 0 ||
    text.length > 64 ||
    !/^[\x21-\x7e]+$/.test(text) ||
    PAN_LIKE.test(text)
  ) {
    // Never echo the text: it may be a card number typed into the wrong field.
    return err<CardDetailsError>(
      'card.terminalRefInvalid',
      'The terminal reference is missing, malformed or looks like a card number.',
    );
  }
  return ok(text as TerminalRef);
}
