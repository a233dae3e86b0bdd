// The few GS1 fields a register acts on (product, expiry, batch, weight…) lifted out of an element
// list, so callers need not search it; the full list stays available beside them.
import type { CalendarDate } from './gs1-date';
import type { Gs1Decimal, Gs1Element, Gs1Value } from './gs1-element';

export interface Gs1Amount {
  readonly amount: Gs1Decimal;
  /** ISO 4217 numeric code (156 = CNY) when the label names one (AI 393n). */
  readonly currency?: string;
}

export interface Gs1Summary {
  /** AI 01; AI 02 (the GTIN of goods inside a logistic unit) is in `contentGtin14`. */
  readonly gtin14?: string;
  readonly contentGtin14?: string;
  readonly sscc?: string;
  readonly batch?: string;
  readonly serial?: string;
  readonly productionDate?: CalendarDate;
  readonly packagingDate?: CalendarDate;
  readonly bestBefore?: CalendarDate;
  readonly sellBy?: CalendarDate;
  readonly expiry?: CalendarDate;
  /** AI 310n, exact. */
  readonly netWeightKg?: Gs1Decimal;
  /** AI 310n in whole grams, present when the label has at most 3 decimals of a kilogram. */
  readonly weightGrams?: number;
  /** AI 30 (variable count) or, failing that, AI 37 (count of trade items). */
  readonly count?: number;
  /** AI 390n or 393n: the amount payable for this item. */
  readonly amountPayable?: Gs1Amount;
  /** AI 392n: the price in the single monetary area. */
  readonly price?: Gs1Amount;
  /** AI 8005: price per unit of measure, as encoded (its unit is agreed outside the label). */
  readonly pricePerUnit?: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function dateOf(value: Gs1Value): CalendarDate | undefined {
  return value.type === 'date' ? value.date : undefined;
}

function textOf(value: Gs1Value): string | undefined {
  return value.type === 'text' ? value.text : undefined;
}

function amountOf(value: Gs1Value): Gs1Amount | undefined {
  if (value.type !== 'amount') return undefined;
  return value.currency === undefined
    ? { amount: value.amount }
    : { amount: value.amount, currency: value.currency };
}

export function summarizeGs1(elements: readonly Gs1Element[]): Gs1Summary {
  const summary: Mutable<Gs1Summary> = {};
  for (const { ai, value } of elements) {
    const stem = ai.slice(0, 3);
    if (ai === '01' && value.type === 'gtin') summary.gtin14 = value.gtin14;
    else if (ai === '02' && value.type === 'gtin') summary.contentGtin14 = value.gtin14;
    else if (ai === '00' && value.type === 'sscc') summary.sscc = value.sscc;
    else if (ai === '10') summary.batch = textOf(value);
    else if (ai === '21') summary.serial = textOf(value);
    else if (ai === '11') summary.productionDate = dateOf(value);
    else if (ai === '13') summary.packagingDate = dateOf(value);
    else if (ai === '15') summary.bestBefore = dateOf(value);
    else if (ai === '16') summary.sellBy = dateOf(value);
    else if (ai === '17') summary.expiry = dateOf(value);
    else if (stem === '310' && value.type === 'measure') {
      summary.netWeightKg = value.quantity;
      const { value: printed, decimals } = value.quantity;
      if (decimals <= 3) summary.weightGrams = printed * 10 ** (3 - decimals);
    } else if (ai === '30' && value.type === 'count') summary.count = value.count;
    else if (ai === '37' && value.type === 'count') summary.count ??= value.count;
    else if (stem === '390' || stem === '393') summary.amountPayable = amountOf(value);
    else if (stem === '392') summary.price = amountOf(value);
    else if (ai === '8005' && value.type === 'number') summary.pricePerUnit = value.value;
  }
  return summary;
}
