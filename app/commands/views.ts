// What the register core answers with: plain, serialisable views the screens render. No SQL row
// shapes and no device handles cross the command map.
import type { StaffRole } from '../catalog';
import type { CartTotals } from '../cart';
import type { Cart } from '../cart';
import type { DomainError } from '../result';

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
  /**
   * Wallet only: which one, the masked payment code (absent when the customer scanned the store's
   * QR) and the provider's transaction id.
   */
  readonly wallet?: 'wechatPay' | 'alipay';
  readonly maskedCode?: string;
  readonly providerTransactionId?: string;
}

/**
 * A flash-sale product in the cart, for its badge: the flash price applies to `unitsAtFlashPrice`
 * units (the member's limit left and what this register can still sell from its lease), the rest
 * at the shelf price; `reason` says why no more units get it.
 */
export interface FlashSaleBadgeView {
  readonly flashSaleId: string;
  readonly productId: string;
  /** Minor units per unit. */
  readonly flashPrice: number;
  readonly perMemberLimit: number;
  /** Units this register's lease can still sell now (0: none, or its time ran out). */
  readonly leaseLeft: number;
  /** What is left of the member's limit; null without a member. */
  readonly memberLeft: number | null;
  readonly unitsAtFlashPrice: number;
  readonly reason: 'needsMember' | 'memberLimit' | 'leaseExhausted' | 'none';
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
  /** Flash-sale products in the cart (none: empty). */
  readonly flashSales?: readonly FlashSaleBadgeView[];
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

/** How the register reaches the central server: `blocked` waits for a person (see lastError). */
export type SyncConnection = 'unknown' | 'online' | 'offline' | 'blocked';

/** A pushed change the server refused (`rejected`) or booked but wants a person to look at. */
export interface SyncAttentionView {
  readonly seq: number;
  readonly mutationId: string;
  readonly status: 'rejected' | 'flagged';
  readonly reason: string;
}

export interface SyncStatusView {
  readonly unsyncedMutations: number;
  readonly unsyncedSales: number;
  /** Minor units, the register's currency. */
  readonly unsyncedSalesValue: number;
  readonly lastSeq: number;
  /** False when the register has no central server: it sells alone and keeps its outbox. */
  readonly linked: boolean;
  /** Push and pull together: offline if either cannot reach the server, blocked if either waits. */
  readonly connection: SyncConnection;
  /** Epoch ms of the last exchange that went through (push or pull), null before the first. */
  readonly lastSuccessAt: number | null;
  readonly lastError: {
    readonly code: string;
    readonly message: string;
    readonly at: number;
  } | null;
  /** Recent rejections and flags, newest last, each with the server's reason. */
  readonly attention: readonly SyncAttentionView[];
  /** The register's clock is off the server's by more than the tolerance (positive: ahead). */
  readonly clockSkew: { readonly offsetMs: number; readonly at: number } | null;
  /** The server is older than this register (it answered 426): its changes wait for an update. */
  readonly serverTooOld: boolean;
  /** The server reads newer changes than this register writes: update the register. */
  readonly updateAdvised: boolean;
  /** Pulled streams held back until this register's own changes to them are acknowledged. */
  readonly pullWaiting: readonly string[];
  /**
   * Every register of the store as head office last told this one (`at`): how far each has
   * synced. Null until head office has said (never, for a register with no server).
   */
  readonly storeRegisters: {
    readonly at: number;
    readonly registers: readonly StoreRegisterView[];
  } | null;
  /** Flash-sale units head office set aside for this register to sell, offline too. */
  readonly leases: readonly HeldLeaseView[];
}

/** One flash-sale lease this register holds: what was granted, sold here, and is left. */
export interface HeldLeaseView {
  readonly flashSaleId: string;
  readonly productId: string;
  /** The product's name on this register; null when the catalog does not have it. */
  readonly productName: string | null;
  readonly granted: number;
  readonly sold: number;
  /** Units this register may still sell from it (not yet sold or handed back). */
  readonly left: number;
  /** Server time (epoch ms) after which head office takes the unsold units back. */
  readonly expiresAt: number;
}

export interface StoreRegisterView {
  readonly registerId: string;
  readonly name: string;
  /** The highest of its changes head office holds. */
  readonly lastSeq: number;
  /** When it last pushed, epoch ms; null when it never has. */
  readonly lastPushAt: number | null;
}

/** Why a product is suggested: bought with the cart's products, for this member, a best seller. */
export type SuggestionReasonView = 'bought-with' | 'for-you' | 'popular';

export interface SuggestionView {
  readonly product: ProductView;
  readonly reason: SuggestionReasonView;
  /** For ordering only; not comparable across reasons. */
  readonly score: number;
}

/**
 * Suggestions from the register's model. `noModel`: none has arrived from the server yet, so the
 * list is empty — not an error, the till just shows nothing.
 */
export type RecsView =
  | {
      readonly reason: 'model';
      readonly modelVersion: number;
      readonly builtAt: number;
      readonly suggestions: readonly SuggestionView[];
    }
  | { readonly reason: 'noModel'; readonly suggestions: readonly [] };

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
  /** First 2 and last 4 digits only; null when the customer scans the store's QR. */
  readonly maskedCode: string | null;
  /** The store's QR for the customer display to draw, while it is offered. */
  readonly qr?: { readonly content: string; readonly expiresAt: number };
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
  | { readonly type: 'sale.completed'; readonly sale: CompletedSaleView }
  /** The sync figures changed: connection, pending outbox, rejections, skew, updates. */
  | { readonly type: 'sync.status'; readonly status: SyncStatusView }
  /** Long work in the background (loading the catalog, the first sync) moved on, or ended. */
  | { readonly type: 'work.progress'; readonly progress: WorkProgressView }
  /**
   * A serial scanner's code or a card reader's swipe the register did not take (an unknown
   * product, no such member, a bank card swiped on the member card reader): the screen says why.
   */
  | { readonly type: 'input.refused'; readonly source: InputSource; readonly error: DomainError };

/** Counter devices whose input reaches the core without passing through a screen. */
export type InputSource = 'scanner' | 'cardReader';

/**
 * Long work the register does while it keeps selling: loading a catalog file, taking the first
 * catalog from head office, building the search index. `total` null: not known yet.
 */
export interface WorkProgressView {
  readonly work: 'catalogImport' | 'firstSync' | 'searchIndex';
  readonly done: number;
  readonly total: number | null;
  /** True on the last report: the work ended (the screens take the bar away). */
  readonly finished: boolean;
}
