// Splitting a refund back over the tenders the sale was paid with: money goes back the way it
// came, so a card refund reaches the same card and cash leaves the drawer only as a last resort.
import type { CashRounding, Money } from '../money';
import { roundCash } from '../money';
import type { Result } from '../result';
import { err, missingCase, ok } from '../result';
import type { TerminalRef } from './card-details';
import { parseTerminalRef } from './card-details';
import type { CardScheme } from './card-scheme';
import { parseMaskedPan } from './masked-pan';
import type { MaskedPan } from './masked-pan';
import type { MaskedPaymentCode, WalletProvider } from './payment-code';
import type { AppliedTender } from './tender';

interface RefundLineBase {
  /** Position of the sale tender this refund draws on. */
  readonly originalIndex: number;
  readonly amount: Money;
}

/** Where a part of a refund goes. `kind` is what the customer receives. */
export type RefundLine =
  | (RefundLineBase & {
      readonly kind: 'cash';
      /** 'card' or 'wallet' only under a manager's cash override. */
      readonly insteadOf: 'cash' | 'card' | 'wallet';
    })
  | (RefundLineBase & {
      readonly kind: 'card';
      readonly pan: MaskedPan;
      readonly scheme: CardScheme;
      readonly terminalRef: TerminalRef;
    })
  | (RefundLineBase & {
      readonly kind: 'wallet';
      readonly provider: WalletProvider;
      readonly paymentCode: MaskedPaymentCode | null;
      readonly providerTransactionId: string;
    })
  | (RefundLineBase & { readonly kind: 'points'; readonly points: number })
  | (RefundLineBase & { readonly kind: 'voucher'; readonly code: string });

export interface RefundRequest {
  /** The original sale's applied tenders, in the order they were taken. */
  readonly paid: readonly AppliedTender[];
  /** Lines of earlier refunds against the same sale, so no tender is refunded twice. */
  readonly previousRefunds: readonly RefundLine[];
  readonly amount: Money;
  readonly cashRounding: CashRounding;
  /**
   * A manager approved paying the card and wallet part in cash (the card is gone, the wallet
   * refund failed). Points and vouchers still go back as points and vouchers: paying them out in
   * cash would turn them into money.
   */
  readonly cashOverrideApproved: boolean;
}

export interface RefundPlan {
  readonly amount: Money;
  readonly lines: readonly RefundLine[];
  /** The cash actually handed back: the cash lines after cash rounding. */
  readonly cashOut: Money;
  /** cashOut − the cash lines: the rounding adjustment, its own figure as on a sale. */
  readonly cashRounding: Money;
  readonly pointsBack: number;
}

export type RefundErrorCode =
  | 'refund.invalidAmount'
  | 'refund.currencyMismatch'
  | 'refund.exceedsPaid'
  | 'refund.historyMismatch'
  | 'refund.paymentRecordInvalid';

// Order in which tenders are refunded: card and wallet first (they go back to the same card or
// wallet), then points, then vouchers, and cash last.
const PRIORITY: Readonly<Record<AppliedTender['kind'], number>> = {
  card: 0,
  wallet: 0,
  points: 1,
  voucher: 2,
  cash: 3,
};

interface Refundable {
  readonly index: number;
  readonly tender: AppliedTender;
  readonly amountLeft: number;
  readonly pointsLeft: number;
}

/** Splits `amount` over the original tenders; never more back to a tender than it paid. */
export function planRefund(request: RefundRequest): Result<RefundPlan> {
  const { amount, paid } = request;
  const currency = amount.currency;
  if (!Number.isSafeInteger(amount.amount) || amount.amount <= 0) {
    return err<RefundErrorCode>('refund.invalidAmount', 'Enter a refund amount above zero.');
  }
  if (paid.some((t) => t.amount.currency !== currency)) {
    return err<RefundErrorCode>(
      'refund.currencyMismatch',
      'The refund must be in the currency of the sale.',
    );
  }
  // A stored row cast to the type is checked again: a card refund must not carry a full PAN out.
  const damaged = paid.some(
    (t) => t.kind === 'card' && (!parseMaskedPan(t.pan).ok || !parseTerminalRef(t.terminalRef).ok),
  );
  if (damaged) {
    return err<RefundErrorCode>(
      'refund.paymentRecordInvalid',
      'The card record of this sale is damaged: refund with a manager from the card terminal.',
    );
  }
  const refundable = whatIsLeft(request);
  if (!refundable.ok) return refundable;
  const available = refundable.value.reduce((a, r) => a + r.amountLeft, 0);
  if (amount.amount > available) {
    return err<RefundErrorCode>(
      'refund.exceedsPaid',
      'That is more than is left to refund on this sale.',
      {
        refundable: available,
      },
    );
  }

  const order = [...refundable.value].sort(
    (a, b) => PRIORITY[a.tender.kind] - PRIORITY[b.tender.kind] || a.index - b.index,
  );
  const lines: RefundLine[] = [];
  let toRefund = amount.amount;
  for (const entry of order) {
    if (toRefund === 0) break;
    const part = Math.min(toRefund, entry.amountLeft);
    if (part === 0) continue;
    lines.push(lineFor(entry, part, request.cashOverrideApproved));
    toRefund -= part;
  }

  const cashLines = lines.reduce((a, l) => a + (l.kind === 'cash' ? l.amount.amount : 0), 0);
  const cashOut = roundCash(cashLines, request.cashRounding);
  return ok({
    amount,
    lines,
    cashOut: { amount: cashOut, currency },
    cashRounding: { amount: cashOut - cashLines, currency },
    pointsBack: lines.reduce((a, l) => a + (l.kind === 'points' ? l.points : 0), 0),
  });
}

function whatIsLeft(request: RefundRequest): Result<Refundable[]> {
  const left = request.paid.map((tender, index) => ({
    index,
    tender,
    amountLeft: tender.amount.amount,
    pointsLeft: tender.kind === 'points' ? tender.points : 0,
  }));
  for (const line of request.previousRefunds) {
    const entry = left[line.originalIndex];
    const sameTender =
      entry !== undefined &&
      line.amount.currency === entry.tender.amount.currency &&
      (line.kind === 'cash' ? line.insteadOf : line.kind) === entry.tender.kind;
    if (!sameTender || line.amount.amount > entry.amountLeft) {
      return err<RefundErrorCode>(
        'refund.historyMismatch',
        'Earlier refunds of this sale do not match its payment: ask head office to check the sale.',
        { originalIndex: line.originalIndex },
      );
    }
    entry.amountLeft -= line.amount.amount;
    if (line.kind === 'points') entry.pointsLeft = Math.max(0, entry.pointsLeft - line.points);
  }
  return ok(left);
}

function lineFor(entry: Refundable, part: number, cashOverride: boolean): RefundLine {
  const { tender, index: originalIndex } = entry;
  const amount: Money = { amount: part, currency: tender.amount.currency };
  switch (tender.kind) {
    case 'cash':
      return { kind: 'cash', originalIndex, amount, insteadOf: 'cash' };
    case 'card':
      if (cashOverride) return { kind: 'cash', originalIndex, amount, insteadOf: 'card' };
      return {
        kind: 'card',
        originalIndex,
        amount,
        pan: tender.pan,
        scheme: tender.scheme,
        terminalRef: tender.terminalRef,
      };
    case 'wallet':
      if (cashOverride) return { kind: 'cash', originalIndex, amount, insteadOf: 'wallet' };
      return {
        kind: 'wallet',
        originalIndex,
        amount,
        provider: tender.provider,
        paymentCode: tender.paymentCode,
        providerTransactionId: tender.providerTransactionId,
      };
    case 'points': {
      // Points in proportion, rounded down; the refund that empties the tender returns every
      // point still owed, so partial refunds never lose points overall.
      const points =
        part === entry.amountLeft
          ? entry.pointsLeft
          : Math.min(
              entry.pointsLeft,
              Number((BigInt(part) * BigInt(tender.points)) / BigInt(tender.amount.amount)),
            );
      return { kind: 'points', originalIndex, amount, points };
    }
    case 'voucher':
      return { kind: 'voucher', originalIndex, amount, code: tender.code };
    default:
      return missingCase(tender);
  }
}
