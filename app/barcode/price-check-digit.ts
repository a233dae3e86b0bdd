// The GS1 check digit that guards the 4- or 5-digit price (or weight) inside a variable-measure
// barcode (GS1 General Specifications 7.9.2 and 7.9.3), so a misread price is refused, not charged.
import { isDigits } from './gtin';

// Weighting factors as lookup tables, digit → weighted product's units digit:
// "2-": 2d, then units minus tens; "3": 3d, units; "5+": 5d, units plus tens; "5-": 5d, units
// minus tens (all mod 10).
const TWO_MINUS: readonly number[] = [0, 2, 4, 6, 8, 9, 1, 3, 5, 7];
const THREE: readonly number[] = [0, 3, 6, 9, 2, 5, 8, 1, 4, 7];
const FIVE_PLUS: readonly number[] = [0, 5, 1, 6, 2, 7, 3, 8, 4, 9];
const FIVE_MINUS: readonly number[] = [0, 5, 9, 4, 8, 3, 7, 2, 6, 1];

function weightedSum(value: string, weights: readonly (readonly number[])[]): number {
  let total = 0;
  for (let i = 0; i < weights.length; i += 1) {
    total += weights[i]?.[value.charCodeAt(i) - 48] ?? 0;
  }
  return total;
}

/**
 * The price check digit of a 4-digit (weights 2-, 2-, 3, 5-; sum × 3, units digit) or 5-digit
 * (weights 5+, 2-, 5-, 5+, 2-; the digit whose 5- product makes the sum a multiple of ten) value.
 * GS1's examples: 2875 → 9 and 14685 → 6. Throws for other lengths or non-digits.
 */
export function priceCheckDigit(value: string): number {
  if (!isDigits(value) || (value.length !== 4 && value.length !== 5)) {
    throw new RangeError(`priceCheckDigit needs 4 or 5 digits, got '${value}'`);
  }
  if (value.length === 4) {
    return (weightedSum(value, [TWO_MINUS, TWO_MINUS, THREE, FIVE_MINUS]) * 3) % 10;
  }
  const sum = weightedSum(value, [FIVE_PLUS, TWO_MINUS, FIVE_MINUS, FIVE_PLUS, TWO_MINUS]);
  return FIVE_MINUS.indexOf((10 - (sum % 10)) % 10);
}
