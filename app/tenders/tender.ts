// The ways a sale can be paid: what the cashier enters (a Tender) and what the payment keeps once
// the tender is applied to the amount due (an AppliedTender).
import type { Money } from '../money';
import type { AuthCode, TerminalRef } from './card-details';
import type { CardScheme } from './card-scheme';
import type { MaskedPan } from './masked-pan';
import type { MaskedPaymentCode, WalletProvider } from './payment-code';

export type TenderKind = 'cash' | 'card' | 'points' | 'voucher' | 'wallet';

export const TENDER_KINDS: readonly TenderKind[] = ['cash', 'card', 'points', 'voucher', 'wallet'];

/** Notes and coins handed over; may be more than is due (change is given). */
export interface CashTender {
  readonly kind: 'cash';
  readonly tendered: Money;
}

/**
 * An approved card payment from the terminal. Every field is a checked type: none can hold a
 * full card number.
 */
export interface CardTender {
  readonly kind: 'card';
  readonly amount: Money;
  readonly pan: MaskedPan;
  readonly scheme: CardScheme;
  readonly authCode: AuthCode;
  readonly terminalRef: TerminalRef;
}

/** Member points redeemed at the rate passed in with the payment. */
export interface PointsTender {
  readonly kind: 'points';
  readonly points: number;
}

/**
 * A voucher or gift card. `balance` is what it holds; `amount` is what this sale takes from it.
 * What stays on it is never given as change: a gift card keeps it, a single-use voucher loses it.
 */
export interface VoucherTender {
  readonly kind: 'voucher';
  readonly code: string;
  readonly use: 'singleUse' | 'storedValue';
  readonly amount: Money;
  readonly balance: Money;
}

/** A WeChat Pay or Alipay payment already confirmed by the provider (the flow lives elsewhere). */
export interface WalletTender {
  readonly kind: 'wallet';
  readonly provider: WalletProvider;
  readonly amount: Money;
  /** The customer's code, masked; null when the customer scanned the store's QR instead. */
  readonly paymentCode: MaskedPaymentCode | null;
  readonly providerTransactionId: string;
}

export type Tender = CashTender | CardTender | PointsTender | VoucherTender | WalletTender;

/**
 * Cash as applied. `amount` is the part of the sale it settles; `rounding` is the cash-rounding
 * adjustment (negative when the fen are dropped); `tendered − change = amount + rounding` is what
 * stays in the drawer.
 */
export interface AppliedCash {
  readonly kind: 'cash';
  readonly amount: Money;
  readonly tendered: Money;
  readonly change: Money;
  readonly rounding: Money;
}

export interface AppliedCard extends Omit<CardTender, 'kind'> {
  readonly kind: 'card';
}

export interface AppliedPoints {
  readonly kind: 'points';
  readonly amount: Money;
  readonly points: number;
}

/** What is left on a voucher after this sale: kept on a gift card, lost on a single-use voucher. */
export type VoucherLeftover =
  | { readonly kind: 'keptOnCard'; readonly amount: Money }
  | { readonly kind: 'forfeited'; readonly amount: Money };

export interface AppliedVoucher {
  readonly kind: 'voucher';
  readonly amount: Money;
  readonly code: string;
  readonly leftover: VoucherLeftover;
}

export interface AppliedWallet extends Omit<WalletTender, 'kind'> {
  readonly kind: 'wallet';
}

export type AppliedTender =
  AppliedCash | AppliedCard | AppliedPoints | AppliedVoucher | AppliedWallet;
