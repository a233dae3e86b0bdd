// One interface in front of every wallet provider: submit a quick-pay ("micropay" / "bar code
// pay"), or create an order the customer pays by scanning the store's QR ("native" /
// "precreate"), query it, reverse or close it, refund it, and read a day's statement. Each adapter signs its
// requests and checks the signature of every answer; an answer it cannot trust is `unknown`,
// which the quick-pay flow treats like a lost answer (query, then reverse) — never as a refusal.
import type { WalletProvider as Wallet } from '../../../app/tenders';

export interface QuickPayOrder {
  /** The merchant order number: derived from the sale and attempt, so a repeat is the same order. */
  readonly outTradeNo: string;
  /** Minor units. */
  readonly amount: number;
  readonly currency: string;
  /** The customer's full payment code: passed straight to the provider, never stored or logged. */
  readonly authCode: string;
  /** What the customer's wallet shows, e.g. the store name. */
  readonly description: string;
}

/** An order the customer pays by scanning the store's QR on the customer display. */
export interface QrOrder {
  readonly outTradeNo: string;
  readonly amount: number;
  readonly currency: string;
  readonly description: string;
  /** Epoch ms after which the provider must not take the payment any more. */
  readonly expiresAt: number;
}

/** A definite "no": nothing was charged and the code may not be tried again under this order. */
export interface ProviderRefusal {
  /** `wallet.declined`, `wallet.insufficientFunds`, `wallet.codeExpired`, … */
  readonly code: string;
  readonly message: string;
}

export type SubmitOutcome =
  | { readonly kind: 'paid'; readonly transactionId: string }
  | ({ readonly kind: 'failed' } & ProviderRefusal)
  /** The customer is confirming on the phone (password): query until a result. */
  | { readonly kind: 'userPaying' }
  /** System error, timeout, lost or untrustworthy answer: the charge may or may not exist. */
  | { readonly kind: 'unknown'; readonly reason: string };

export type QueryOutcome =
  | { readonly kind: 'paid'; readonly transactionId: string; readonly amount: number }
  | { readonly kind: 'userPaying' }
  /** Declined, closed or reversed: it will never be paid. */
  | ({ readonly kind: 'failed' } & ProviderRefusal)
  /** The provider has no such order (the submit never arrived). */
  | { readonly kind: 'notFound' }
  | { readonly kind: 'unknown'; readonly reason: string };

export type ReverseOutcome =
  /** Closed if unpaid, paid back if paid: either way the customer ends up charged nothing. */
  | { readonly kind: 'reversed' }
  | ({ readonly kind: 'refused' } & ProviderRefusal)
  | { readonly kind: 'unknown'; readonly reason: string };

export type PrecreateOutcome =
  /** The text to draw as a QR: the customer's wallet app opens the payment from it. */
  | { readonly kind: 'created'; readonly qrContent: string }
  | ({ readonly kind: 'failed' } & ProviderRefusal)
  | { readonly kind: 'unknown'; readonly reason: string };

export type CloseOutcome =
  /** Closed unpaid: it can never be paid now. */
  | { readonly kind: 'closed' }
  /** Too late: the customer paid it (refund to give the money back). */
  | { readonly kind: 'alreadyPaid' }
  | ({ readonly kind: 'refused' } & ProviderRefusal)
  | { readonly kind: 'unknown'; readonly reason: string };

export interface RefundOrder {
  readonly outTradeNo: string;
  /** The merchant refund number: a repeat refunds once. */
  readonly outRefundNo: string;
  readonly amount: number;
  readonly total: number;
  readonly currency: string;
}

export type RefundOutcome =
  | { readonly kind: 'refunded'; readonly refundId: string }
  | ({ readonly kind: 'refused' } & ProviderRefusal)
  | { readonly kind: 'unknown'; readonly reason: string };

/** One provider transaction of a statement day. */
export interface StatementEntry {
  readonly outTradeNo: string;
  readonly transactionId: string;
  /** Paid, minor units. */
  readonly amount: number;
  /** Given back by refunds or a reversal, minor units. */
  readonly refundedAmount: number;
  readonly currency: string;
  /** Epoch ms of payment. */
  readonly paidAt: number;
}

export type StatementOutcome =
  | { readonly kind: 'statement'; readonly entries: readonly StatementEntry[] }
  | { readonly kind: 'unknown'; readonly reason: string };

export interface WalletProvider {
  readonly wallet: Wallet;
  submit(order: QuickPayOrder): Promise<SubmitOutcome>;
  /** Creates a QR order; the same `outTradeNo` again answers the same QR. */
  precreate(order: QrOrder): Promise<PrecreateOutcome>;
  query(outTradeNo: string): Promise<QueryOutcome>;
  reverse(outTradeNo: string): Promise<ReverseOutcome>;
  /** Closes an unpaid QR order (WeChat `closeorder`, Alipay `trade.close`). */
  close(outTradeNo: string): Promise<CloseOutcome>;
  refund(order: RefundOrder): Promise<RefundOutcome>;
  /** The provider's transactions paid on `day` (YYYY-MM-DD, the provider's time zone). */
  statement(day: string): Promise<StatementOutcome>;
}

/** The part of `fetch` the adapters use, so tests can cut a provider off. */
export type ProviderFetch = (url: string, init: RequestInit) => Promise<Response>;

/** Why a call's answer cannot be known: the adapters share one wording. */
export function unknownFrom(error: unknown): { readonly kind: 'unknown'; readonly reason: string } {
  const reason =
    error instanceof Error
      ? error.name === 'TimeoutError'
        ? 'the provider did not answer in time'
        : `no answer from the provider (${error.message})`
      : 'no answer from the provider';
  return { kind: 'unknown', reason };
}
