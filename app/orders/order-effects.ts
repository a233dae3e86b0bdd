// What an order change asks the rest of the store to do, as data: the caller applies the stock
// moves, point changes and events of one change in a single transaction with the order itself.
import type { Money } from '../money';
import type { OrderStatus } from './order-status';

interface StockEffectBase {
  readonly orderId: string;
  readonly storeId: string;
  readonly productId: string;
  /** Integer quantity in the product's stock unit (pieces, or grams for weighed goods). */
  readonly quantity: number;
}

export type OrderEffect =
  /** At creation: hold the line's stock for this order (inventory `lockStock`). */
  | (StockEffectBase & { readonly type: 'lockStock' })
  /** At payment: the held stock leaves the store (inventory `deductStock`). */
  | (StockEffectBase & { readonly type: 'deductStock' })
  /** At cancellation: the held stock is free again (inventory `releaseStock`). */
  | (StockEffectBase & { readonly type: 'releaseStock' })
  /** At refund, only when the caller says the goods came back saleable (inventory `receiveStock`). */
  | (StockEffectBase & { readonly type: 'restock' })
  /** At completion: the member earns points for what was paid. */
  | {
      readonly type: 'earnPoints';
      readonly orderId: string;
      readonly memberId: string;
      readonly points: number;
      readonly paid: Money;
    }
  /** At refund: the points this order earned are taken back (members `clawBackPoints`). */
  | {
      readonly type: 'clawBackPoints';
      readonly orderId: string;
      readonly memberId: string;
      readonly points: number;
    }
  /** Every transition: the order-status-changed event for the outbox. */
  | {
      readonly type: 'orderStatusChanged';
      readonly orderId: string;
      readonly from: OrderStatus;
      readonly to: OrderStatus;
      readonly at: number;
    };

export type OrderEffectType = OrderEffect['type'];
