// Magnetic-stripe swipes (ISO 7813 tracks 1 and 2) read into what the register may know of them:
// a member card's number, or only that a bank card was swiped. Pure, so the card reader's decoder
// and the screens' keyboard-mode readers read swipes the same way.

import type { DomainError } from '../result';

/** Why a swipe put nothing on the sale: the same words from the serial reader and the keyboard. */
export const SWIPE_REFUSED = {
  bankCard: {
    code: 'cardReader.bankCard',
    message: 'A bank card was swiped on the member card reader: take card payments on the terminal',
  },
  unreadable: {
    code: 'cardReader.unreadable',
    message: 'The card could not be read. Swipe it again.',
  },
} as const satisfies Readonly<Record<string, DomainError>>;

/**
 * The prefixes a swiped member card's number starts with: the numeric ones of the store's
 * member-card rules (a rule's letters are for printed barcodes, not a stripe's digits).
 */
export function swipePrefixes(
  memberCards: readonly Readonly<{ prefixes: readonly string[] }>[],
): readonly string[] {
  return memberCards.flatMap((rule) => rule.prefixes).filter((prefix) => /^\d+$/.test(prefix));
}

/** Luhn check: tells a bank card number from a store's own card numbers. */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Whether typed or scanned text is a magnetic stripe's tracks rather than a barcode: it opens a
 * track with its start sentinel and closes it. Such text never goes anywhere as a scan.
 */
export function looksLikeSwipe(text: string): boolean {
  return /^\s*[%;][^?]{2,79}\?/.test(text);
}

/** No variant can carry a bank card number: a refused swipe says only that it was refused. */
export type CardSwipe =
  | Readonly<{ kind: 'member'; memberNumber: string; holderName?: string }>
  | Readonly<{ kind: 'bankCardRefused' }>;

export type SwipeOptions = Readonly<{
  /**
   * Account-number prefixes of the store's own member cards (set when the cards are ordered), or
   * a function answering them at each swipe (they live in the store settings a manager edits).
   */
  memberPrefixes: readonly string[] | (() => readonly string[]);
}>;

/** Reads one swipe's text; `text` is wiped by the caller's decoder, never kept. */
export function readSwipe(text: string, options: SwipeOptions): CardSwipe | undefined {
  const track1 = /%([^?]{2,79})\?/.exec(text)?.[1];
  const track2 = /;([^?]{2,39})\?/.exec(text)?.[1];
  const account1 = track1 ? /^([A-Z])(\d{1,19})\^([^^]*)\^/.exec(track1) : null;
  const account2 = track2 ? /^(\d{1,19})=/.exec(track2) : null;
  const number = account2?.[1] ?? account1?.[2];
  if (number === undefined) return undefined;
  const prefixes =
    typeof options.memberPrefixes === 'function'
      ? options.memberPrefixes()
      : options.memberPrefixes;
  if (prefixes.some((prefix) => number.startsWith(prefix))) {
    const name = account1?.[3]?.trim();
    return name
      ? { kind: 'member', memberNumber: number, holderName: name }
      : { kind: 'member', memberNumber: number };
  }
  // Format code B is a bank card by definition; a Luhn-valid 13–19 digit number is one in practice.
  const bank = account1?.[1] === 'B' || (number.length >= 13 && passesLuhn(number));
  return bank ? { kind: 'bankCardRefused' } : undefined;
}
