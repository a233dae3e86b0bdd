// X and Z reports: the figures of a shift computed from its records. An X report is read
// mid-shift and changes nothing; a Z report closes the shift and takes the next Z number.
import type { Money } from '../money';
import type { Result } from '../result';
import { err, missingCase, ok } from '../result';
import type { TenderKind } from '../tenders';
import { TENDER_KINDS } from '../tenders';
import type { ShiftRecord, TaxAmount } from './records';
import type { Shift, ShiftErrorCode } from './shift';

/** Sales recorded here but not yet accepted by the central server (the caller counts them). */
export interface UnsyncedSales {
  readonly count: number;
  readonly value: Money;
}

export interface TaxAtRate {
  readonly rateBasisPoints: number;
  readonly sales: Money;
  readonly refunds: Money;
  readonly net: Money;
}

/**
 * The cash drawer: expected = openingFloat + tendered − changeGiven − refundsPaidOut + paidIn −
 * paidOut. `cashSales` and the rounding figures explain it: tendered − changeGiven = cashSales +
 * saleRounding, and refundsPaidOut = cash refund lines + refundRounding.
 */
export interface CashFigures {
  readonly openingFloat: Money;
  readonly tendered: Money;
  readonly changeGiven: Money;
  readonly cashSales: Money;
  readonly saleRounding: Money;
  readonly refundsPaidOut: Money;
  readonly refundRounding: Money;
  readonly paidIn: Money;
  readonly paidOut: Money;
  readonly expected: Money;
}

/** Counted minus expected: positive is over, negative is short. */
export type CashCount =
  | { readonly kind: 'notCounted' }
  | {
      readonly kind: 'counted';
      readonly counted: Money;
      readonly variance: Money;
      readonly outcome: 'over' | 'short' | 'balanced';
    };

export interface ShiftFigures {
  readonly currency: string;
  readonly grossSales: Money;
  readonly discounts: Money;
  /** Gross sales − discounts. */
  readonly netSales: Money;
  readonly refunds: Money;
  /** Net sales − refunds. */
  readonly netAfterRefunds: Money;
  readonly salesByTender: Readonly<Record<TenderKind, Money>>;
  readonly refundsByTender: Readonly<Record<TenderKind, Money>>;
  readonly taxByRate: readonly TaxAtRate[];
  readonly saleCount: number;
  readonly refundCount: number;
  readonly voidedLines: number;
  readonly voidedValue: Money;
  readonly noSaleCount: number;
  readonly cash: CashFigures;
  readonly cashCount: CashCount;
  readonly unsynced: UnsyncedSales;
}

interface ReportHeader {
  readonly shiftId: string;
  readonly registerId: string;
  readonly cashierId: string;
  readonly openedAt: number;
  readonly at: number;
  readonly figures: ShiftFigures;
}

export interface XReport extends ReportHeader {
  readonly kind: 'x';
}

export interface ZReport extends ReportHeader {
  readonly kind: 'z';
  readonly zNumber: number;
  readonly cashCount: Extract<CashCount, { kind: 'counted' }>;
}

export interface XReportInput {
  readonly at: number;
  readonly unsynced: UnsyncedSales;
  /** A mid-shift count, if the manager made one. */
  readonly counted?: Money;
}

export interface ZReportInput {
  readonly at: number;
  readonly unsynced: UnsyncedSales;
  readonly counted: Money;
  /** The register's last Z number (0 before its first Z report). */
  readonly previousZNumber: number;
}

/** Mid-shift figures; the shift stays open. Refused on a closed shift: read its Z report. */
export function xReport(
  shift: Shift,
  records: readonly ShiftRecord[],
  input: XReportInput,
): Result<XReport> {
  if (shift.status.kind === 'closed') {
    return err<ShiftErrorCode>(
      'shift.closed',
      `This shift was closed by Z report ${shift.status.zNumber}.`,
    );
  }
  const figures = shiftFigures(shift, records, input.unsynced, input.counted, input.at);
  if (!figures.ok) return figures;
  return ok({ kind: 'x', ...header(shift, input.at), figures: figures.value });
}

/** Closes the shift with the counted cash; refused if it is already closed. */
export function zReport(
  shift: Shift,
  records: readonly ShiftRecord[],
  input: ZReportInput,
): Result<{ readonly shift: Shift; readonly report: ZReport }> {
  if (shift.status.kind === 'closed') {
    return err<ShiftErrorCode>(
      'shift.closed',
      `This shift was already closed by Z report ${shift.status.zNumber}.`,
    );
  }
  if (!Number.isSafeInteger(input.previousZNumber) || input.previousZNumber < 0) {
    throw new RangeError(
      `previousZNumber must be a whole number ≥ 0, got ${input.previousZNumber}`,
    );
  }
  const figures = shiftFigures(shift, records, input.unsynced, input.counted, input.at);
  if (!figures.ok) return figures;
  const { cashCount } = figures.value;
  if (cashCount.kind !== 'counted') throw new Error('A Z report always has a cash count');
  const zNumber = input.previousZNumber + 1;
  return ok({
    shift: { ...shift, status: { kind: 'closed', closedAt: input.at, zNumber } },
    report: { kind: 'z', zNumber, ...header(shift, input.at), figures: figures.value, cashCount },
  });
}

function header(shift: Shift, at: number) {
  const { shiftId, registerId, cashierId, openedAt } = shift;
  return { shiftId, registerId, cashierId, openedAt, at };
}

function byKind(currency: string): Record<TenderKind, Money> {
  const totals = {} as Record<TenderKind, Money>;
  for (const kind of TENDER_KINDS) totals[kind] = { amount: 0, currency };
  return totals;
}

/** Every figure of the shift, or the first record that does not add up. */
export function shiftFigures(
  shift: Shift,
  records: readonly ShiftRecord[],
  unsynced: UnsyncedSales,
  counted: Money | undefined,
  at: number,
): Result<ShiftFigures> {
  const currency = shift.openingFloat.currency;
  if (at < shift.openedAt) {
    return err<ShiftErrorCode>(
      'shift.beforeOpen',
      'A report cannot be dated before the shift opened.',
    );
  }
  if (counted !== undefined && (!Number.isSafeInteger(counted.amount) || counted.amount < 0)) {
    return err<ShiftErrorCode>('shift.invalidAmount', 'The counted cash cannot be negative.');
  }
  if (!Number.isSafeInteger(unsynced.count) || unsynced.count < 0) {
    return err<ShiftErrorCode>(
      'shift.invalidAmount',
      'The number of unsynced sales cannot be negative.',
    );
  }
  const moneyOf = [unsynced.value, ...(counted === undefined ? [] : [counted])];
  if (moneyOf.some((m) => m.currency !== currency)) {
    return err<ShiftErrorCode>('shift.currencyMismatch', `This shift counts in ${currency}.`);
  }

  let gross = 0;
  let discounts = 0;
  let refunds = 0;
  let saleCount = 0;
  let refundCount = 0;
  let voidedLines = 0;
  let voidedValue = 0;
  let noSaleCount = 0;
  let tendered = 0;
  let changeGiven = 0;
  let cashSales = 0;
  let saleRounding = 0;
  let refundCashLines = 0;
  let refundRounding = 0;
  let paidIn = 0;
  let paidOut = 0;
  const salesByTender = byKind(currency);
  const refundsByTender = byKind(currency);
  const taxSales = new Map<number, number>();
  const taxRefunds = new Map<number, number>();
  const addTax = (into: Map<number, number>, lines: readonly TaxAmount[]) => {
    for (const line of lines)
      into.set(line.rateBasisPoints, (into.get(line.rateBasisPoints) ?? 0) + line.tax.amount);
  };

  for (const [index, record] of records.entries()) {
    const refused = checkRecord(record, currency);
    if (refused !== undefined) {
      return err<ShiftErrorCode>(refused.code, refused.message, { recordIndex: index });
    }
    switch (record.kind) {
      case 'sale':
        saleCount += 1;
        gross += record.gross.amount;
        discounts += record.discounts.amount;
        addTax(taxSales, record.tax);
        for (const tender of record.tenders) {
          salesByTender[tender.kind] = {
            amount: salesByTender[tender.kind].amount + tender.amount.amount,
            currency,
          };
          if (tender.kind === 'cash') {
            tendered += tender.tendered.amount;
            changeGiven += tender.change.amount;
            cashSales += tender.amount.amount;
            saleRounding += tender.rounding.amount;
          }
        }
        break;
      case 'refund':
        refundCount += 1;
        refunds += record.amount.amount;
        addTax(taxRefunds, record.tax);
        for (const line of record.lines) {
          refundsByTender[line.kind] = {
            amount: refundsByTender[line.kind].amount + line.amount.amount,
            currency,
          };
          if (line.kind === 'cash') refundCashLines += line.amount.amount;
        }
        refundRounding += record.cashRounding.amount;
        break;
      case 'void':
        voidedLines += record.lines;
        voidedValue += record.value.amount;
        break;
      case 'paidIn':
        paidIn += record.amount.amount;
        break;
      case 'paidOut':
        paidOut += record.amount.amount;
        break;
      case 'noSale':
        noSaleCount += 1;
        break;
      default:
        return missingCase(record);
    }
  }

  const of = (amount: number): Money => ({ amount, currency });
  const refundsPaidOut = refundCashLines + refundRounding;
  const expected =
    shift.openingFloat.amount + tendered - changeGiven - refundsPaidOut + paidIn - paidOut;
  const rates = [...new Set([...taxSales.keys(), ...taxRefunds.keys()])].sort((a, b) => a - b);
  return ok({
    currency,
    grossSales: of(gross),
    discounts: of(discounts),
    netSales: of(gross - discounts),
    refunds: of(refunds),
    netAfterRefunds: of(gross - discounts - refunds),
    salesByTender,
    refundsByTender,
    taxByRate: rates.map((rate) => {
      const sales = taxSales.get(rate) ?? 0;
      const refunded = taxRefunds.get(rate) ?? 0;
      return {
        rateBasisPoints: rate,
        sales: of(sales),
        refunds: of(refunded),
        net: of(sales - refunded),
      };
    }),
    saleCount,
    refundCount,
    voidedLines,
    voidedValue: of(voidedValue),
    noSaleCount,
    cash: {
      openingFloat: shift.openingFloat,
      tendered: of(tendered),
      changeGiven: of(changeGiven),
      cashSales: of(cashSales),
      saleRounding: of(saleRounding),
      refundsPaidOut: of(refundsPaidOut),
      refundRounding: of(refundRounding),
      paidIn: of(paidIn),
      paidOut: of(paidOut),
      expected: of(expected),
    },
    cashCount: counted === undefined ? { kind: 'notCounted' } : countOf(counted, expected),
    unsynced,
  });
}

function countOf(counted: Money, expected: number): CashCount {
  const variance = counted.amount - expected;
  const outcome = variance > 0 ? 'over' : variance < 0 ? 'short' : 'balanced';
  return {
    kind: 'counted',
    counted,
    variance: { amount: variance, currency: counted.currency },
    outcome,
  };
}

interface Problem {
  readonly code: ShiftErrorCode;
  readonly message: string;
}

const BAD = (message: string): Problem => ({ code: 'shift.badRecord', message });

/** A stored row that does not add up is refused, so a report never prints wrong totals. */
function checkRecord(record: ShiftRecord, currency: string): Problem | undefined {
  const amounts = moneyIn(record);
  if (amounts.some((m) => m.currency !== currency)) {
    return { code: 'shift.currencyMismatch', message: `A record is not in ${currency}.` };
  }
  if (amounts.some((m) => !Number.isSafeInteger(m.amount)))
    return BAD('A record holds a broken amount.');
  switch (record.kind) {
    case 'sale': {
      const net = record.gross.amount - record.discounts.amount;
      const paid = record.tenders.reduce((a, t) => a + t.amount.amount, 0);
      if (record.discounts.amount < 0 || net < 0)
        return BAD('A sale has a negative total or discount.');
      if (paid !== net) return BAD('A sale was not paid exactly its total.');
      const cashBroken = record.tenders.some(
        (t) =>
          t.kind === 'cash' &&
          (t.change.amount < 0 ||
            t.tendered.amount - t.change.amount !== t.amount.amount + t.rounding.amount),
      );
      return cashBroken ? BAD('A cash payment does not balance with its change.') : undefined;
    }
    case 'refund': {
      const lines = record.lines.reduce((a, l) => a + l.amount.amount, 0);
      if (record.amount.amount <= 0 || lines !== record.amount.amount) {
        return BAD('A refund does not add up to its amount.');
      }
      return undefined;
    }
    case 'void':
      return !Number.isSafeInteger(record.lines) || record.lines < 0 || record.value.amount < 0
        ? BAD('A void has a negative count or value.')
        : undefined;
    case 'paidIn':
    case 'paidOut':
      return record.amount.amount <= 0 ? BAD('Cash in or out must be above zero.') : undefined;
    case 'noSale':
      return undefined;
    default:
      return missingCase(record);
  }
}

function moneyIn(record: ShiftRecord): readonly Money[] {
  switch (record.kind) {
    case 'sale':
      return [
        record.gross,
        record.discounts,
        ...record.tax.map((t) => t.tax),
        ...record.tenders.flatMap((t) =>
          t.kind === 'cash' ? [t.amount, t.tendered, t.change, t.rounding] : [t.amount],
        ),
      ];
    case 'refund':
      return [
        record.amount,
        record.cashRounding,
        ...record.tax.map((t) => t.tax),
        ...record.lines.map((l) => l.amount),
      ];
    case 'void':
      return [record.value];
    case 'paidIn':
    case 'paidOut':
      return [record.amount];
    case 'noSale':
      return [];
    default:
      return missingCase(record);
  }
}
