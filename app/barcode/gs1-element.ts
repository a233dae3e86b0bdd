// One GS1 element (an AI and its data): checks the data against the AI's format and turns it into
// a typed value. Decimals stay exact: an integer and a count of decimal places, never a float.
import type { Result } from '../result';
import { missingCase, ok } from '../result';
import type { AiDefinition, MeasureUnit } from './gs1-ai-table';
import type { CalendarDate } from './gs1-date';
import { parseGs1Date } from './gs1-date';
import type { BarcodeError } from './errors';
import { barcodeError, SCAN_AGAIN } from './errors';
import { hasValidCheckDigit, isDigits } from './gtin';

/** An exact decimal: `value` × 10^−`decimals` (1.250 kg is { value: 1250, decimals: 3 }). */
export interface Gs1Decimal {
  readonly value: number;
  readonly decimals: number;
}

export type Gs1Value =
  | { readonly type: 'gtin'; readonly gtin14: string }
  | { readonly type: 'sscc'; readonly sscc: string }
  | { readonly type: 'gln'; readonly gln: string }
  | { readonly type: 'date'; readonly date: CalendarDate }
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'count'; readonly count: number }
  | { readonly type: 'measure'; readonly unit: MeasureUnit; readonly quantity: Gs1Decimal }
  /** `currency` is the ISO 4217 numeric code (156 for CNY) when the AI carries one (393n). */
  | { readonly type: 'amount'; readonly amount: Gs1Decimal; readonly currency?: string }
  | { readonly type: 'number'; readonly value: number };

export interface Gs1Element {
  readonly ai: string;
  readonly title: string;
  /** The data exactly as encoded (a date keeps its day 00 here). */
  readonly raw: string;
  readonly value: Gs1Value;
}

export interface Gs1ReadOptions {
  /** Epoch ms (UTC) that anchors the GS1 century rule for two-digit years; see `fullYear`. */
  readonly referenceAt?: number;
}

// GS1 AI encodable character set 82 (General Specs figure 7.11-1).
const CSET_82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]*$/;

function label(definition: AiDefinition): string {
  return `(${definition.ai}) ${definition.title}`;
}

/** Checks `raw` against the AI's length and character rules, then reads its meaning. */
export function readElement(
  definition: AiDefinition,
  raw: string,
  options: Gs1ReadOptions = {},
): Result<Gs1Element, BarcodeError> {
  const { minLength, maxLength } = definition;
  if (raw.length < minLength || raw.length > maxLength) {
    const expected = definition.fixed
      ? `exactly ${maxLength}`
      : minLength > 1
        ? `${minLength} to ${maxLength}`
        : `at most ${maxLength}`;
    return barcodeError(
      'barcode.badLength',
      `The label's ${label(definition)} field should have ${expected} characters but has ` +
        `${raw.length}. ${SCAN_AGAIN}`,
      { ai: definition.ai, length: raw.length },
    );
  }
  if (definition.charset === 'n' && !isDigits(raw)) {
    return barcodeError(
      'barcode.notDigits',
      `The label's ${label(definition)} field must be digits only. ${SCAN_AGAIN}`,
      { ai: definition.ai },
    );
  }
  if (definition.charset === 'x' && !CSET_82.test(raw)) {
    return barcodeError(
      'barcode.badCharacter',
      `The label's ${label(definition)} field has a character GS1 does not allow. ${SCAN_AGAIN}`,
      { ai: definition.ai },
    );
  }
  const value = readValue(definition, raw, options);
  if (!value.ok) return value;
  return ok({ ai: definition.ai, title: definition.title, raw, value: value.value });
}

function checked(
  definition: AiDefinition,
  raw: string,
  value: Gs1Value,
): Result<Gs1Value, BarcodeError> {
  if (hasValidCheckDigit(raw)) return ok(value);
  return barcodeError(
    'barcode.badCheckDigit',
    `The ${label(definition)} number on the label did not read correctly. ${SCAN_AGAIN}`,
    { ai: definition.ai },
  );
}

function readValue(
  definition: AiDefinition,
  raw: string,
  options: Gs1ReadOptions,
): Result<Gs1Value, BarcodeError> {
  const decimals = definition.decimals ?? 0;
  switch (definition.meaning) {
    case 'gtin':
      return checked(definition, raw, { type: 'gtin', gtin14: raw });
    case 'sscc':
      return checked(definition, raw, { type: 'sscc', sscc: raw });
    case 'gln':
      return checked(definition, raw, { type: 'gln', gln: raw });
    case 'date': {
      const date = parseGs1Date(raw, options.referenceAt);
      return date.ok ? ok({ type: 'date', date: date.value }) : date;
    }
    case 'text':
      return ok({ type: 'text', text: raw });
    case 'count':
      return ok({ type: 'count', count: Number(raw) });
    case 'measure':
      return ok({
        type: 'measure',
        unit: definition.unit ?? 'kg',
        quantity: { value: Number(raw), decimals },
      });
    case 'amount':
      return ok({ type: 'amount', amount: { value: Number(raw), decimals } });
    case 'amountInCurrency':
      return ok({
        type: 'amount',
        amount: { value: Number(raw.slice(3)), decimals },
        currency: raw.slice(0, 3),
      });
    case 'number':
      return ok({ type: 'number', value: Number(raw) });
    default:
      return missingCase(definition.meaning);
  }
}
