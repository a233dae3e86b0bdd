// Variable-measure (restricted-circulation) barcodes printed by the store's scales: which digits
// are the item, which the price, weight or count, read by a layout the store configures, with
// presets for common GS1 national layouts and the two Chinese scale layouts in SPEC.md.
import { findCurrency } from '../money';
import type { Result } from '../result';
import { missingCase, ok } from '../result';
import type { BarcodeError } from './errors';
import { barcodeError, SCAN_AGAIN } from './errors';
import { hasValidCheckDigit, isDigits } from './gtin';
import { priceCheckDigit } from './price-check-digit';

export type MeasureKind = 'price' | 'weight' | 'count';

/** One number in the barcode and how to read it. */
export interface VariableValueField {
  readonly value: MeasureKind;
  readonly valueLength: number;
  /**
   * Decimal places of the printed number: for a price, of the major currency unit (price in fen
   * for CNY is 2); for a weight, of kilograms (3 means grams); for a count, of the count.
   */
  readonly decimals: number;
}

/**
 * A store's barcode layout: prefix, item reference, [price check digit], value, [second value],
 * check digit. The total length follows from the parts (13 for EAN-13 layouts, 12 for UPC-A,
 * 18 for the Chinese 18-digit scale label).
 */
export interface VariableMeasureLayout extends VariableValueField {
  readonly id: string;
  readonly description: string;
  /** Leading digits that select this layout, all of one length: ['2'], ['20', '21'], ['26']. */
  readonly prefixes: readonly string[];
  readonly itemReferenceLength: number;
  /** A GS1 price check digit (4- or 5-digit algorithm) sits between item and first value. */
  readonly priceCheckDigit: boolean;
  /** A second number after the first, e.g. the weight after the amount on 18-digit labels. */
  readonly secondValue?: VariableValueField;
}

export interface VariableMeasureReading {
  readonly layoutId: string;
  readonly prefix: string;
  /** The item's code (PLU) as printed, leading zeros kept: the catalog's key for scale items. */
  readonly itemReference: string;
  /** Minor units of `currency` (fen for CNY). */
  readonly price?: number;
  readonly currency?: string;
  readonly weightGrams?: number;
  readonly count?: number;
  /** The digits as scanned (after the scanner's suffix and AIM id were removed). */
  readonly raw: string;
}

const RCN_PREFIXES = ['20', '21', '22', '23', '24', '25', '26', '27', '28', '29'] as const;

/**
 * Example of a common European GS1 layout: 2-digit prefix, 5-digit item, price check digit,
 * 4-digit price with 2 decimals, EAN-13 check. National GS1 offices allocate the prefixes; narrow
 * `prefixes` to yours (`{ ...GS1_PRICE_4_WITH_CHECK, prefixes: ['22'] }`).
 */
export const GS1_PRICE_4_WITH_CHECK: VariableMeasureLayout = {
  id: 'gs1-price4-check',
  description: 'GS1 EAN-13: 2-digit prefix, 5-digit item, price check digit, 4-digit price',
  prefixes: RCN_PREFIXES,
  itemReferenceLength: 5,
  priceCheckDigit: true,
  value: 'price',
  valueLength: 4,
  decimals: 2,
};

/** Example European GS1 layout: 2-digit prefix, 5-digit item, 5-digit price, EAN-13 check. */
export const GS1_PRICE_5: VariableMeasureLayout = {
  id: 'gs1-price5',
  description: 'GS1 EAN-13: 2-digit prefix, 5-digit item, 5-digit price',
  prefixes: RCN_PREFIXES,
  itemReferenceLength: 5,
  priceCheckDigit: false,
  value: 'price',
  valueLength: 5,
  decimals: 2,
};

/** Example European GS1 layout: 2-digit prefix, 5-digit item, weight in grams, EAN-13 check. */
export const GS1_WEIGHT_5: VariableMeasureLayout = {
  id: 'gs1-weight5',
  description: 'GS1 EAN-13: 2-digit prefix, 5-digit item, 5-digit weight in grams',
  prefixes: RCN_PREFIXES,
  itemReferenceLength: 5,
  priceCheckDigit: false,
  value: 'weight',
  valueLength: 5,
  decimals: 3,
};

/** The US random-weight UPC-A: number system 2, 5-digit item, price check digit, 4-digit price. */
export const US_UPCA_PRICE_4_WITH_CHECK: VariableMeasureLayout = {
  id: 'us-upca-price4-check',
  description: 'UPC-A: number system 2, 5-digit item, price check digit, 4-digit price',
  prefixes: ['2'],
  itemReferenceLength: 5,
  priceCheckDigit: true,
  value: 'price',
  valueLength: 4,
  decimals: 2,
};

/** Chinese scale label, 13 digits `F IIIIII PPPPP C`: flag 2, item code, price in fen, check. */
export const CN_SCALE_13: VariableMeasureLayout = {
  id: 'cn-scale-13',
  description: 'Chinese scale label, 13 digits: flag 2, 6-digit item, price in fen, EAN-13 check',
  prefixes: ['2'],
  itemReferenceLength: 6,
  priceCheckDigit: false,
  value: 'price',
  valueLength: 5,
  decimals: 2,
};

/**
 * Chinese scale label, 18 digits `26 IIIII PPPPP WWWWW C`: prefix 26, 5-digit PLU, amount with 2
 * decimals, weight in kg with 3 decimals (grams), mod-10 check digit over the first 17 digits.
 */
export const CN_SCALE_18: VariableMeasureLayout = {
  id: 'cn-scale-18',
  description: 'Chinese scale label, 18 digits: 26, 5-digit PLU, amount, weight (g), check',
  prefixes: ['26'],
  itemReferenceLength: 5,
  priceCheckDigit: false,
  value: 'price',
  valueLength: 5,
  decimals: 2,
  secondValue: { value: 'weight', valueLength: 5, decimals: 3 },
};

/**
 * The same 18-digit label when the scale prints a count (3 decimals) instead of a weight. A store
 * configures one of the two for prefix 26: the barcode itself does not say which it is.
 */
export const CN_SCALE_18_COUNT: VariableMeasureLayout = {
  ...CN_SCALE_18,
  id: 'cn-scale-18-count',
  description: 'Chinese scale label, 18 digits: 26, 5-digit PLU, amount, count, check',
  secondValue: { value: 'count', valueLength: 5, decimals: 3 },
};

export const VARIABLE_MEASURE_PRESETS: readonly VariableMeasureLayout[] = [
  GS1_PRICE_4_WITH_CHECK,
  GS1_PRICE_5,
  GS1_WEIGHT_5,
  US_UPCA_PRICE_4_WITH_CHECK,
  CN_SCALE_13,
  CN_SCALE_18,
  CN_SCALE_18_COUNT,
];

function prefixLength(layout: VariableMeasureLayout): number {
  return layout.prefixes[0]?.length ?? 0;
}

/** Digits in a barcode of this layout, check digit included. */
export function layoutLength(layout: VariableMeasureLayout): number {
  return (
    prefixLength(layout) +
    layout.itemReferenceLength +
    (layout.priceCheckDigit ? 1 : 0) +
    layout.valueLength +
    (layout.secondValue?.valueLength ?? 0) +
    1
  );
}

/** True when `digits` has this layout's length and starts with one of its prefixes. */
export function layoutMatches(layout: VariableMeasureLayout, digits: string): boolean {
  return (
    digits.length === layoutLength(layout) && layout.prefixes.some((p) => digits.startsWith(p))
  );
}

/** Why a layout cannot be used with `currencyCode`, or undefined when it is sound. */
export function layoutProblem(
  layout: VariableMeasureLayout,
  currencyCode: string,
): string | undefined {
  const length = prefixLength(layout);
  if (length === 0 || !layout.prefixes.every((p) => p.length === length && isDigits(p))) {
    return 'its prefixes must be digits, all of the same length';
  }
  if (!isWhole(layout.itemReferenceLength, 1)) return 'its item reference length is not positive';
  if (layout.priceCheckDigit && layout.valueLength !== 4 && layout.valueLength !== 5) {
    return 'a price check digit needs a 4- or 5-digit value';
  }
  const fields = [layout, ...(layout.secondValue ? [layout.secondValue] : [])];
  if (layout.secondValue?.value === layout.value) return 'its two values have the same kind';
  const exponent = findCurrency(currencyCode)?.exponent;
  if (exponent === undefined) return `currency ${currencyCode} is unknown`;
  for (const field of fields) {
    if (!isWhole(field.valueLength, 1) || !isWhole(field.decimals, 0)) {
      return 'a value length or decimals setting is not a whole number';
    }
    if (field.value === 'price' && field.decimals > exponent) {
      return `its price has more decimals than ${currencyCode}`;
    }
    if (field.value === 'weight' && field.decimals > 3) return 'its weight is finer than a gram';
  }
  return undefined;
}

function isWhole(n: number, minimum: number): boolean {
  return Number.isSafeInteger(n) && n >= minimum;
}

type Measures = Pick<VariableMeasureReading, 'price' | 'weightGrams' | 'count'>;

/**
 * Reads `digits` by `layout`: verifies the check digit, the price check digit where the layout
 * has one, and turns the values into minor units, grams and whole counts. The caller has already
 * chosen the layout with `layoutMatches`.
 */
export function readVariableMeasure(
  digits: string,
  layout: VariableMeasureLayout,
  currencyCode: string,
): Result<VariableMeasureReading, BarcodeError> {
  const problem = layoutProblem(layout, currencyCode);
  if (problem !== undefined) {
    return barcodeError(
      'barcode.badLayout',
      `The store's scale-label setting '${layout.id}' is wrong: ${problem}. Ask a manager.`,
      { layoutId: layout.id },
    );
  }
  if (!isDigits(digits) || !layoutMatches(layout, digits)) {
    return barcodeError(
      'barcode.badLength',
      `This barcode does not fit the scale-label layout '${layout.id}'. ${SCAN_AGAIN}`,
      { layoutId: layout.id, length: digits.length },
    );
  }
  if (!hasValidCheckDigit(digits)) {
    return barcodeError(
      'barcode.badCheckDigit',
      `The barcode did not read correctly. ${SCAN_AGAIN}`,
      {
        layoutId: layout.id,
      },
    );
  }
  const prefix = digits.slice(0, prefixLength(layout));
  let position = prefix.length;
  const itemReference = digits.slice(position, position + layout.itemReferenceLength);
  position += layout.itemReferenceLength;
  const priceCheck = layout.priceCheckDigit ? Number(digits.charAt(position)) : undefined;
  if (layout.priceCheckDigit) position += 1;
  const firstDigits = digits.slice(position, position + layout.valueLength);
  position += layout.valueLength;
  if (priceCheck !== undefined && priceCheckDigit(firstDigits) !== priceCheck) {
    return barcodeError(
      'barcode.badCheckDigit',
      `The price in the barcode did not read correctly. ${SCAN_AGAIN}`,
      { layoutId: layout.id, field: 'price' },
    );
  }
  let measures: Measures = {};
  const fields: [VariableValueField, string][] = [[layout, firstDigits]];
  if (layout.secondValue) {
    fields.push([
      layout.secondValue,
      digits.slice(position, position + layout.secondValue.valueLength),
    ]);
  }
  for (const [field, text] of fields) {
    const read = readValue(field, Number(text), currencyCode, layout.id);
    if (!read.ok) return read;
    measures = { ...measures, ...read.value };
  }
  return ok({
    layoutId: layout.id,
    prefix,
    itemReference,
    ...measures,
    ...(measures.price === undefined ? {} : { currency: currencyCode }),
    raw: digits,
  });
}

function readValue(
  field: VariableValueField,
  printed: number,
  currencyCode: string,
  layoutId: string,
): Result<Measures, BarcodeError> {
  switch (field.value) {
    case 'price': {
      const exponent = findCurrency(currencyCode)?.exponent ?? field.decimals;
      return ok({ price: printed * 10 ** (exponent - field.decimals) });
    }
    case 'weight':
      return ok({ weightGrams: printed * 10 ** (3 - field.decimals) });
    case 'count': {
      const scale = 10 ** field.decimals;
      if (printed % scale !== 0) {
        return barcodeError(
          'barcode.badMeasure',
          `The label's count is not a whole number of items. Key the item in.`,
          { layoutId, printed },
        );
      }
      return ok({ count: printed / scale });
    }
    default:
      return missingCase(field.value);
  }
}
