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
