// GS1 dates (YYMMDD, AIs 11–17): the century rule, day 00 meaning "end of the month", and the
// refusal of dates that do not exist (month 13, 30 February, 29 February of a common year).
import type { Result } from '../result';
import { ok } from '../result';
import type { BarcodeError } from './errors';
import { barcodeError, SCAN_AGAIN } from './errors';
import { isDigits } from './gtin';

export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * The full year for a two-digit YY. With a reference time the GS1 rule applies (General Specs
 * 7.12): the year is the one ending in YY that lies from 49 years before to 50 years after the
 * reference year. Without one, 20YY: simple, and right for every label printed this century
 * until the 2050s, so callers that can pass the business date should.
 */
export function fullYear(yy: number, referenceAt?: number): number {
  if (referenceAt === undefined) return 2000 + yy;
  if (!Number.isFinite(referenceAt)) throw new RangeError('referenceAt must be epoch milliseconds');
  const referenceYear = new Date(referenceAt).getUTCFullYear();
  const century = referenceYear - (referenceYear % 100);
  const difference = yy - (referenceYear % 100);
  if (difference >= 51) return century - 100 + yy;
  if (difference <= -50) return century + 100 + yy;
  return century + yy;
}

/**
 * Reads a six-digit GS1 date. Day 00 means the last day of the month (GS1 General Specs 7.12),
 * so the returned `day` is always a real day; the raw text keeps the 00 for anyone who needs it.
 */
export function parseGs1Date(
  yymmdd: string,
  referenceAt?: number,
): Result<CalendarDate, BarcodeError> {
  if (yymmdd.length !== 6 || !isDigits(yymmdd)) {
    return barcodeError(
      'barcode.notDigits',
      `A date on the label is not six digits. ${SCAN_AGAIN}`,
    );
  }
  const year = fullYear(Number(yymmdd.slice(0, 2)), referenceAt);
  const month = Number(yymmdd.slice(2, 4));
  const dayGiven = Number(yymmdd.slice(4, 6));
  if (month < 1 || month > 12) {
    return impossible(yymmdd, `month ${month} does not exist`);
  }
  const lastDay = daysInMonth(year, month);
  if (dayGiven > lastDay) {
    return impossible(yymmdd, `${year}-${pad(month)} has ${lastDay} days`);
  }
  return ok({ year, month, day: dayGiven === 0 ? lastDay : dayGiven });
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function impossible(yymmdd: string, why: string): ReturnType<typeof barcodeError> {
  return barcodeError(
    'barcode.impossibleDate',
    `The label has a date that does not exist (${yymmdd}: ${why}). Check the label or key the item in.`,
    { date: yymmdd },
  );
}
