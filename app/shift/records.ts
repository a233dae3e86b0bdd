// What happened during a shift, as the register stores it: one record per sale, refund, void,
// paid-in, paid-out or no-sale drawer opening. Reports are computed from these rows alone.
import type { Money } from '../money';
import type { Result } from '../result';
import { err, ok } from '../result';
import type { CompletedPayment, RefundPlan, TenderKind } from '../tenders';
import type { ShiftErrorCode } from './shift';

/** Tax included in a sale or refund at one rate (13% is 1300 basis points). */
export interface TaxAmount {
  readonly rateBasisPoints: number;
  readonly tax: Money;
}

/** The figures of one tender of a sale; an AppliedTender from app/tenders has them all. */
export type SaleTenderFigures =
  | {
      readonly kind: 'cash';
      /** Part of the sale settled by this cash. */
      readonly amount: Money;
      readonly tendered: Money;
      readonly change: Money;
      /** Cash-rounding adjustment; tendered − change = amount + rounding. */
      readonly rounding: Money;
    }
  | { readonly kind: Exclude<TenderKind, 'cash'>; readonly amount: Money };

export interface SaleRecord {
  readonly kind: 'sale';
  readonly saleId: string;
  readonly at: number;
  /** Before discounts, tax included (shelf prices include VAT). */
  readonly gross: Money;
  readonly discounts: Money;
  readonly tax: readonly TaxAmount[];
  /** Their amounts add up to gross − discounts. */
  readonly tenders: readonly SaleTenderFigures[];
}

/** One part of a refund and where it went (a RefundLine from app/tenders has these fields). */
export interface RefundFigures {
  readonly kind: TenderKind;
  readonly amount: Money;
}

export interface RefundRecord {
  readonly kind: 'refund';
  readonly refundId: string;
  readonly saleId: string;
  readonly at: number;
  readonly amount: Money;
  readonly tax: readonly TaxAmount[];
  /** Their amounts add up to `amount`. */
  readonly lines: readonly RefundFigures[];
  /** Cash handed back minus the cash lines (negative when the fen are dropped). */
  readonly cashRounding: Money;
}

/** Lines taken off a cart before payment (or a whole cart voided). */
export interface VoidRecord {
  readonly kind: 'void';
  readonly at: number;
  readonly lines: number;
  readonly value: Money;
}

/** Cash put into the drawer that is not a sale (more change from the safe). */
export interface PaidInRecord {
  readonly kind: 'paidIn';
  readonly at: number;
  readonly amount: Money;
  readonly reason: string;
}

/** Cash taken out that is not a refund (a delivery paid, a drop to the safe). */
export interface PaidOutRecord {
  readonly kind: 'paidOut';
  readonly at: number;
  readonly amount: Money;
  readonly reason: string;
}

/** The drawer opened without a sale. */
export interface NoSaleRecord {
  readonly kind: 'noSale';
  readonly at: number;
}

export type ShiftRecord =
  SaleRecord | RefundRecord | VoidRecord | PaidInRecord | PaidOutRecord | NoSaleRecord;

function cashMovement<K extends 'paidIn' | 'paidOut'>(
  kind: K,
  amount: Money,
  reason: string,
  at: number,
): Result<{
  readonly kind: K;
  readonly at: number;
  readonly amount: Money;
  readonly reason: string;
}> {
  if (!Number.isSafeInteger(amount.amount) || amount.amount <= 0) {
    return err<ShiftErrorCode>('shift.invalidAmount', 'Enter an amount above zero.');
  }
  const trimmed = reason.trim();
  if (trimmed.length === 0) {
    return err<ShiftErrorCode>(
      'shift.reasonRequired',
      'Say why cash goes in or out of the drawer.',
    );
  }
  return ok({ kind, at, amount, reason: trimmed });
}

export function recordPaidIn(amount: Money, reason: string, at: number): Result<PaidInRecord> {
  return cashMovement('paidIn', amount, reason, at);
}

export function recordPaidOut(amount: Money, reason: string, at: number): Result<PaidOutRecord> {
  return cashMovement('paidOut', amount, reason, at);
}

export interface SaleRecordInput {
  readonly saleId: string;
  readonly at: number;
  readonly gross: Money;
  readonly discounts: Money;
  readonly tax: readonly TaxAmount[];
  readonly payment: CompletedPayment;
}

/** The shift's record of a paid sale; refused if the payment does not match the sale total. */
export function saleRecord(input: SaleRecordInput): Result<SaleRecord> {
  const { saleId, at, gross, discounts, tax, payment } = input;
  if (gross.amount - discounts.amount !== payment.due.amount) {
    return err<ShiftErrorCode>('shift.badRecord', 'The payment does not match the sale total.', {
      saleId,
    });
  }
  return ok({ kind: 'sale', saleId, at, gross, discounts, tax, tenders: payment.tenders });
}

export interface RefundRecordInput {
  readonly refundId: string;
  readonly saleId: string;
  readonly at: number;
  readonly tax: readonly TaxAmount[];
  readonly plan: RefundPlan;
}

export function refundRecord(input: RefundRecordInput): RefundRecord {
  const { refundId, saleId, at, tax, plan } = input;
  return {
    kind: 'refund',
    refundId,
    saleId,
    at,
    amount: plan.amount,
    tax,
    lines: plan.lines,
    cashRounding: plan.cashRounding,
  };
}
