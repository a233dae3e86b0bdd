// Paying one sale with several tenders in turn (split tender): each tender is applied to what is
// still due, under the rules of its kind, until the due is met.
import type { CashRounding, Money } from '../money';
import { roundCash } from '../money';
import type { DomainError, Result } from '../result';
import { err, missingCase, ok } from '../result';
import { parseAuthCode, parseTerminalRef } from './card-details';
import { parseMaskedPan } from './masked-pan';
import type { PointsRate } from './points-rate';
import { pointsValue } from './points-rate';
import type {
  AppliedCard,
  AppliedCash,
  AppliedPoints,
  AppliedTender,
  AppliedVoucher,
  AppliedWallet,
  CardTender,
  CashTender,
  PointsTender,
  Tender,
  VoucherTender,
  WalletTender,
} from './tender';

/** Points the member may spend on this sale, and what they are worth. */
export interface PointsAllowance {
  readonly rate: PointsRate;
  /** The member's balance as the register knows it. */
  readonly balance: number;
  /** Set while offline: the most points this register may redeem before the server confirms. */
  readonly offlineLimit?: number;
}

export interface PaymentRules {
  /** The store's cash rounding; applies only when cash pays what remains. */
  readonly cashRounding: CashRounding;
  /** Absent when no member is attached: points are then refused. */
  readonly points?: PointsAllowance;
}

/** A payment in progress. `paid + remaining = due` always; `remaining` is never negative. */
export interface Payment {
  readonly due: Money;
  readonly tenders: readonly AppliedTender[];
  readonly paid: Money;
  readonly remaining: Money;
  readonly change: Money;
  /** Sum of cash-rounding adjustments, its own figure on the receipt and the Z report. */
  readonly cashRounding: Money;
  readonly pointsUsed: number;
}

/** A payment whose tenders meet the due exactly: ready to record with the sale. */
export interface CompletedPayment {
  readonly due: Money;
  readonly tenders: readonly AppliedTender[];
  readonly change: Money;
  readonly cashRounding: Money;
  readonly pointsUsed: number;
}

export type TenderErrorCode =
  | 'tender.invalidDue'
  | 'tender.invalidAmount'
  | 'tender.currencyMismatch'
  | 'tender.alreadyPaid'
  | 'tender.exceedsDue'
  | 'tender.cashBelowRounded'
  | 'tender.underpaid'
  | 'tender.pointsNotAccepted'
  | 'tender.pointsStep'
  | 'tender.pointsOverBalance'
  | 'tender.pointsOverOfflineLimit'
  | 'tender.voucherOverBalance'
  | 'tender.cardDetailsInvalid'
  | 'tender.walletDetailsInvalid';

type Refusal = Result<never, DomainError>;

const of = (amount: number, currency: string): Money => ({ amount, currency });

/** A new payment for `due` (zero is allowed: a fully discounted sale needs no tender). */
export function startPayment(due: Money): Result<Payment> {
  if (!Number.isSafeInteger(due.amount) || due.amount < 0) {
    return err<TenderErrorCode>(
      'tender.invalidDue',
      'The amount due must be zero or more; a refund is paid back separately.',
    );
  }
  const zero = of(0, due.currency);
  return ok({
    due,
    tenders: [],
    paid: zero,
    remaining: due,
    change: zero,
    cashRounding: zero,
    pointsUsed: 0,
  });
}

/** Applies one tender to what remains due, or says why the cashier cannot take it. */
export function applyTender(
  payment: Payment,
  tender: Tender,
  rules: PaymentRules,
): Result<Payment> {
  const currency = payment.due.currency;
  const amounts = tenderMoney(tender);
  if (amounts.some((m) => m.currency !== currency)) {
    return err<TenderErrorCode>('tender.currencyMismatch', `This sale is paid in ${currency}.`);
  }
  if (payment.remaining.amount === 0) {
    return err<TenderErrorCode>('tender.alreadyPaid', 'Nothing is left to pay: complete the sale.');
  }
  const applied = applyByKind(payment, tender, rules);
  if (!applied.ok) return applied;
  const entry = applied.value;
  const paid = payment.paid.amount + entry.amount.amount;
  return ok({
    due: payment.due,
    tenders: [...payment.tenders, entry],
    paid: of(paid, currency),
    remaining: of(payment.due.amount - paid, currency),
    change: of(payment.change.amount + (entry.kind === 'cash' ? entry.change.amount : 0), currency),
    cashRounding: of(
      payment.cashRounding.amount + (entry.kind === 'cash' ? entry.rounding.amount : 0),
      currency,
    ),
    pointsUsed: payment.pointsUsed + (entry.kind === 'points' ? entry.points : 0),
  });
}

/** Applies tenders in the order given; a refusal names the tender by its position. */
export function payWith(
  due: Money,
  tenders: readonly Tender[],
  rules: PaymentRules,
): Result<Payment> {
  let payment = startPayment(due);
  for (const [index, tender] of tenders.entries()) {
    if (!payment.ok) return payment;
    const next = applyTender(payment.value, tender, rules);
    if (!next.ok) {
      return err(next.error.code, next.error.message, {
        ...next.error.details,
        tenderIndex: index,
      });
    }
    payment = next;
  }
  return payment;
}

/** The payment as recorded with the sale; refused while anything is still due. */
export function completePayment(payment: Payment): Result<CompletedPayment> {
  if (payment.remaining.amount !== 0) {
    return err<TenderErrorCode>(
      'tender.underpaid',
      'The sale is not fully paid: take another tender for the rest.',
      {
        remaining: payment.remaining.amount,
      },
    );
  }
  const { due, tenders, change, cashRounding, pointsUsed } = payment;
  return ok({ due, tenders, change, cashRounding, pointsUsed });
}

function tenderMoney(tender: Tender): readonly Money[] {
  switch (tender.kind) {
    case 'cash':
      return [tender.tendered];
    case 'card':
    case 'wallet':
      return [tender.amount];
    case 'voucher':
      return [tender.amount, tender.balance];
    case 'points':
      return [];
    default:
      return missingCase(tender);
  }
}

function applyByKind(payment: Payment, tender: Tender, rules: PaymentRules): Result<AppliedTender> {
  switch (tender.kind) {
    case 'cash':
      return applyCash(payment, tender, rules);
    case 'card':
      return applyCard(payment, tender);
    case 'points':
      return applyPoints(payment, tender, rules);
    case 'voucher':
      return applyVoucher(payment, tender);
    case 'wallet':
      return applyWallet(payment, tender);
    default:
      return missingCase(tender);
  }
}

/**
 * Cash may overpay and gets change. Cash rounding applies only when this cash pays all that
 * remains: a partial cash payment is taken at face value and the rest is paid another way.
 */
function applyCash(payment: Payment, tender: CashTender, rules: PaymentRules): Result<AppliedCash> {
  const currency = payment.due.currency;
  const tendered = tender.tendered.amount;
  if (!Number.isSafeInteger(tendered) || tendered < 0) {
    return err<TenderErrorCode>('tender.invalidAmount', 'Enter the cash received.');
  }
  const remaining = payment.remaining.amount;
  const roundedDue = roundCash(remaining, rules.cashRounding);
  if (tendered >= roundedDue) {
    return ok({
      kind: 'cash',
      amount: payment.remaining,
      tendered: tender.tendered,
      change: of(tendered - roundedDue, currency),
      rounding: of(roundedDue - remaining, currency),
    });
  }
  if (tendered >= remaining) {
    // Rounding up (e.g. to 0.05 half-up) made the cash due larger than what was handed over.
    return err<TenderErrorCode>(
      'tender.cashBelowRounded',
      'Cash due after rounding is more than was received.',
      {
        cashDue: roundedDue,
      },
    );
  }
  if (tendered === 0)
    return err<TenderErrorCode>('tender.invalidAmount', 'Enter the cash received.');
  return ok({
    kind: 'cash',
    amount: tender.tendered,
    tendered: tender.tendered,
    change: of(0, currency),
    rounding: of(0, currency),
  });
}

function checkNonCash(payment: Payment, amount: Money): Refusal | undefined {
  if (!Number.isSafeInteger(amount.amount) || amount.amount <= 0) {
    return err<TenderErrorCode>('tender.invalidAmount', 'Enter an amount above zero.');
  }
  if (amount.amount > payment.remaining.amount) {
    return err<TenderErrorCode>(
      'tender.exceedsDue',
      'Only cash can pay more than is due; enter at most what remains.',
      {
        remaining: payment.remaining.amount,
      },
    );
  }
  return undefined;
}

function applyCard(payment: Payment, tender: CardTender): Result<AppliedCard> {
  const refused = checkNonCash(payment, tender.amount);
  if (refused) return refused;
  // Checked again at run time: a stored row cast to the type must not smuggle a PAN through.
  if (
    !parseMaskedPan(tender.pan).ok ||
    !parseAuthCode(tender.authCode).ok ||
    !parseTerminalRef(tender.terminalRef).ok
  ) {
    return err<TenderErrorCode>(
      'tender.cardDetailsInvalid',
      'The card payment details from the terminal are incomplete or malformed.',
    );
  }
  const { amount, pan, scheme, authCode, terminalRef } = tender;
  return ok({ kind: 'card', amount, pan, scheme, authCode, terminalRef });
}

function applyWallet(payment: Payment, tender: WalletTender): Result<AppliedWallet> {
  const refused = checkNonCash(payment, tender.amount);
  if (refused) return refused;
  if (tender.providerTransactionId.trim().length === 0) {
    return err<TenderErrorCode>(
      'tender.walletDetailsInvalid',
      'The wallet payment has no transaction id from the provider.',
    );
  }
  const { provider, amount, paymentCode, providerTransactionId } = tender;
  return ok({ kind: 'wallet', provider, amount, paymentCode, providerTransactionId });
}

function applyVoucher(payment: Payment, tender: VoucherTender): Result<AppliedVoucher> {
  const refused = checkNonCash(payment, tender.amount);
  if (refused) return refused;
  if (tender.amount.amount > tender.balance.amount) {
    return err<TenderErrorCode>(
      'tender.voucherOverBalance',
      'The voucher does not hold that much.',
      {
        balance: tender.balance.amount,
      },
    );
  }
  const left = of(tender.balance.amount - tender.amount.amount, tender.amount.currency);
  return ok({
    kind: 'voucher',
    amount: tender.amount,
    code: tender.code,
    leftover:
      tender.use === 'storedValue'
        ? { kind: 'keptOnCard', amount: left }
        : { kind: 'forfeited', amount: left },
  });
}

function applyPoints(
  payment: Payment,
  tender: PointsTender,
  rules: PaymentRules,
): Result<AppliedPoints> {
  const allowance = rules.points;
  if (allowance === undefined) {
    return err<TenderErrorCode>(
      'tender.pointsNotAccepted',
      'Look up the member before paying with points.',
    );
  }
  const value = pointsValue(tender.points, allowance.rate);
  if (!value.ok) return value;
  const total = payment.pointsUsed + tender.points;
  if (total > allowance.balance) {
    return err<TenderErrorCode>(
      'tender.pointsOverBalance',
      'The member does not have that many points.',
      {
        available: Math.max(0, allowance.balance - payment.pointsUsed),
      },
    );
  }
  if (allowance.offlineLimit !== undefined && total > allowance.offlineLimit) {
    return err<TenderErrorCode>(
      'tender.pointsOverOfflineLimit',
      'While offline this register can redeem only a few points.',
      {
        available: Math.max(0, allowance.offlineLimit - payment.pointsUsed),
      },
    );
  }
  const amount = of(value.value, payment.due.currency);
  const refused = checkNonCash(payment, amount);
  if (refused) return refused;
  return ok({ kind: 'points', amount, points: tender.points });
}
