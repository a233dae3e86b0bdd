// GTIN arithmetic: the GS1 mod-10 check digit, validity of GTIN-8/12/13/14, and the GTIN-14 form
// every lookup uses so one product has one key whatever length it was printed at.

const DIGITS = /^\d+$/;

/** True when `text` is one or more ASCII digits and nothing else. */
export function isDigits(text: string): boolean {
  return DIGITS.test(text);
}

/**
 * The GS1 mod-10 check digit for the digits that precede it: weights 3, 1, 3, … from the right.
 * Works for every GS1 key (7 digits for GTIN-8, 11 for GTIN-12, 12 for GTIN-13 and GLN, 13 for
 * GTIN-14, 17 for SSCC). Throws on anything but digits: callers validate scanned text first.
 */
export function gtinCheckDigit(digitsWithoutCheck: string): number {
  if (!isDigits(digitsWithoutCheck)) {
    throw new RangeError(`gtinCheckDigit needs digits only, got '${digitsWithoutCheck}'`);
  }
  let total = 0;
  let weight = 3;
  for (let i = digitsWithoutCheck.length - 1; i >= 0; i -= 1) {
    total += (digitsWithoutCheck.charCodeAt(i) - 48) * weight;
    weight = 4 - weight;
  }
  return (10 - (total % 10)) % 10;
}

/** True when the last digit of `digits` (two or more digits) is its mod-10 check digit. */
export function hasValidCheckDigit(digits: string): boolean {
  if (digits.length < 2 || !isDigits(digits)) return false;
  return gtinCheckDigit(digits.slice(0, -1)) === digits.charCodeAt(digits.length - 1) - 48;
}

export type GtinLength = 8 | 12 | 13 | 14;

export function isGtinLength(length: number): length is GtinLength {
  return length === 8 || length === 12 || length === 13 || length === 14;
}

/** A GTIN-8, -12, -13 or -14: digits only, one of those lengths, and the right check digit. */
export function isValidGtin(code: string): boolean {
  return isGtinLength(code.length) && hasValidCheckDigit(code);
}

/**
 * The GTIN-14 form (left-padded with zeros) used as the lookup key: EAN-13 4006381333931 and
 * GTIN-14 04006381333931 are the same product. Throws on a code that is not a valid GTIN.
 */
export function toGtin14(gtin: string): string {
  if (!isValidGtin(gtin)) throw new RangeError(`'${gtin}' is not a valid GTIN`);
  return gtin.padStart(14, '0');
}

/**
 * A GTIN-14 written at `length` digits, or undefined when the dropped leading digits are not all
 * zeros (a GTIN-14 with indicator 1 has no 13-digit form). Throws on an invalid GTIN-14.
 */
export function fromGtin14(gtin14: string, length: GtinLength): string | undefined {
  if (gtin14.length !== 14 || !isValidGtin(gtin14)) {
    throw new RangeError(`'${gtin14}' is not a valid GTIN-14`);
  }
  const dropped = gtin14.slice(0, 14 - length);
  return /^0*$/.test(dropped) ? gtin14.slice(14 - length) : undefined;
}

/**
 * The shortest usual form of a GTIN-14: GTIN-8 when it has six leading zeros, GTIN-12 (UPC-A)
 * with two, GTIN-13 with one, else the GTIN-14 itself. A GTIN printed as 13 digits with leading
 * zeros comes back shorter: that is the same product, which is why lookups use GTIN-14.
 */
export function shortestGtin(gtin14: string): string {
  for (const length of [8, 12, 13] as const) {
    const shorter = fromGtin14(gtin14, length);
    if (shorter !== undefined) return shorter;
  }
  return gtin14;
}
