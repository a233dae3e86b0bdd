// What the register core answers with: plain, serialisable views the screens render. No SQL row
// shapes and no device handles cross the command map.
import type { StaffRole } from '../catalog';
import type { CartTotals } from '../cart';
import type { Cart } from '../cart';

export interface StaffSession {
  readonly staffId: string;
  readonly name: string;
  readonly role: StaffRole;
}

export interface ProductView {
  readonly id: number;
  readonly gtin14: string;
  readonly name: string;
  readonly names: Readonly<Record<string, string>>;
  readonly categoryId: string | null;
  readonly soldBy: 'each' | 'weight';
  /** Minor units; per kilogram when sold by weight. */
  readonly price: number;
  readonly currency: string;
  readonly active: boolean;
}

export interface TenderView {
  readonly kind: 'cash' | 'card' | 'points' | 'voucher' | 'wallet';
  /** The part of the sale this tender settles, minor units. */
  readonly amount: number;
  /** Cash only: handed over and given back. */
  readonly tendered?: number;
  readonly change?: number;
  /** Card only: first 6 / last 4, never the full number. */
  readonly maskedPan?: string;
  readonly authCode?: string;
  /** Card only: the terminal's reference, quoted by a refund or a void. */
  readonly terminalRef?: string;
  /** Wallet only: which one, the masked payment code and the provider's transaction id. */
  readonly wallet?: 'wechatPay' | 'alipay';
  readonly maskedCode?: string;
  readonly providerTransactionId?: string;
}

export interface CartView {
  readonly cart: Cart;
  readonly totals: CartTotals;
  readonly status: 'open' | 'parked';
  /** Tenders taken so far (a split payment in progress). */
  readonly tenders: readonly TenderView[];
  /** Still to pay, after tenders so far; the cash figure applies the store's cash rounding. */
  readonly remaining: number;
  readonly remainingInCash: number;
}

export interface CompletedSaleView {
  readonly saleId: string;
  readonly receiptNo: number;
  readonly total: number;
  readonly paid: number;
  readonly change: number;
  readonly cashRounding: number;
  readonly pointsEarned: number;
  readonly tenders: readonly TenderView[];
  /** The drawer opens for cash (or cash back) only. */
  readonly openDrawer: boolean;
}

export type TenderOutcome =
  | { readonly status: 'partial'; readonly cart: CartView }
  | { readonly status: 'completed'; readonly sale: CompletedSaleView };

export interface ParkedCartView {
  readonly cartId: string;
  readonly parkedAt: number;
  readonly lines: number;
  readonly total: number;
}

export interface SyncStatusView {
  readonly unsyncedMutations: number;
  readonly unsyncedSales: number;
  readonly unsyncedSalesValue: number;
  readonly lastSeq: number;
}

/**
 * How a card payment on the terminal is going. waiting: sent, the customer is paying · checking:
 * asking the terminal what became of it (no answer, or after a restart) · cancelRequested: the
 * cashier cancelled, the register is settling what the terminal did · then one outcome.
 */
export type CardProgressStage =
  | 'waiting'
  | 'checking'
  | 'cancelRequested'
  | 'approved'
  | 'declined'
  | 'notReceived'
  | 'unknown'
  | 'cancelled'
  | 'reversed';

export interface CardProgressView {
  /** The terminal request id of this payment. */
  readonly attemptId: string;
  readonly amount: number;
  readonly stage: CardProgressStage;
}

/** What `checkout.cancelCard` achieved: nothing charged, or charged and voided on the terminal. */
export interface CardCancelView {
  readonly attemptId: string;
  readonly outcome: 'cancelled' | 'reversed';
}

/**
 * How a wallet payment (WeChat Pay, Alipay) is going. sending: on disk, the request on its way ·
 * waiting: the customer is confirming on the phone (or the server is still settling it) ·
 * checking: asking the server what became of it (a lost answer, a restart) · cancelRequested: the
 * cashier cancelled, the server is reversing it · then one outcome: paid (on the sale), failed
 * (nothing charged: declined, expired code, offline, never received) or cancelled (reversed).
 */
export type WalletProgressStage =
  'sending' | 'waiting' | 'checking' | 'cancelRequested' | 'paid' | 'failed' | 'cancelled';

export interface WalletProgressView {
  /** The cart the payment is for (the wallet attempt's sale id). */
  readonly cartId: string;
  readonly attempt: number;
  readonly wallet: 'wechatPay' | 'alipay';
  readonly amount: number;
  /** First 2 and last 4 digits only. */
  readonly maskedCode: string;
  readonly stage: WalletProgressStage;
  /** failed or cancelled: why, for the cashier. */
  readonly failure?: { readonly code: string; readonly message: string };
  /** paid: the tender's effect — the cart still owing (partial) or the completed sale. */
  readonly outcome?: TenderOutcome;
}

/** What `checkout.cancelWallet` achieved: nothing charged, or charged and given back. */
export interface WalletCancelView {
  readonly cartId: string;
  readonly attempt: number;
  readonly outcome: 'cancelled';
}

/** The receipt as the printer would print it: text lines and an HTML preview of the same bytes. */
export interface ReceiptPreviewView {
  readonly saleId: string;
  readonly receiptNo: number;
  readonly lines: readonly string[];
  readonly html: string;
}

export interface ReprintView {
  readonly saleId: string;
  readonly receiptNo: number;
  /** The print job in the journal: it prints when the printer can. */
  readonly jobId: string;
}

/** Printer (and drawer, which hangs off it) status as the printer reports it. */
export type PrinterStatusName =
  | 'online'
  | 'offline'
  | 'paperOk'
  | 'paperLow'
  | 'paperOut'
  | 'coverOpen'
  | 'coverClosed'
  | 'drawerOpen'
  | 'drawerClosed';

/** Events the core pushes to every screen, in order. */
export type CoreEvent =
  | { readonly type: 'cart.updated'; readonly view: CartView }
  | { readonly type: 'card.progress'; readonly progress: CardProgressView }
  | { readonly type: 'wallet.progress'; readonly progress: WalletProgressView }
  | { readonly type: 'printer.status'; readonly status: PrinterStatusName }
  /** A sale was paid and recorded (any tender): the customer display's thank-you. */
  | { readonly type: 'sale.completed'; readonly sale: CompletedSaleView };
