// Card numbers as the register may hold them: masked (first 6, last 4), never whole (PCI DSS).

declare const masked: unique symbol;
/** "622202******1234": the only card-number shape any type, log or row of ours carries. */
export type MaskedPan = string & { readonly [masked]: true };

const MASKED = /^\d{6}\*{3,9}\d{4}$/;
const FULL = /^\d{13,19}$/;

/**
 * Accepts a masked PAN as the terminal sends it. A terminal that sends the whole number is
 * misconfigured: we mask it at once, and the caller logs the fact (never the number).
 */
export function readMaskedPan(text: string): { pan: MaskedPan; wasFull: boolean } | undefined {
  if (MASKED.test(text)) return { pan: text as MaskedPan, wasFull: false };
  if (FULL.test(text)) return { pan: maskDigits(text), wasFull: true };
  return undefined;
}

/** First six and last four kept, the rest starred. */
export function maskDigits(digits: string): MaskedPan {
  return `${digits.slice(0, 6)}${'*'.repeat(digits.length - 10)}${digits.slice(-4)}` as MaskedPan;
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
