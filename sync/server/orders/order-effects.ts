// Applies the side effects app/orders returns for a change, in the order's own transaction:
// stock moves on the store's books, points earned or taken back, and the status-changed event.
// A flash-sale order's stock lives in the flash-sale pool, so its stock effects are not applied
// to the store's books (the reservation holds the unit; its expiry gives it back).
import type { OrderEffect } from '../../../app/orders';
import { earnForOrder, refundOrderPoints } from '../../../app/members';
import { missingCase } from '../../../app/result';
import type { SqlRunner } from '../db/db';
import { fromDomainError } from '../http/api-error';
import { moveStock } from '../inventory/stock-books';
import type { StockMoveKind } from '../inventory/stock-books';
import { loadMember, saveMemberChange } from '../members/member-books';
import { enqueueEvent } from '../outbox/outbox';

const STOCK_MOVE: Readonly<
  Record<'lockStock' | 'deductStock' | 'releaseStock' | 'restock', StockMoveKind>
> = {
  lockStock: 'lock',
  deductStock: 'deduct',
  releaseStock: 'release',
  restock: 'receive',
};

export async function applyOrderEffects(
  tx: SqlRunner,
  effects: readonly OrderEffect[],
  now: number,
  options: Readonly<{ flashSale: boolean }>,
): Promise<void> {
  for (const effect of effects) {
    switch (effect.type) {
      case 'lockStock':
      case 'deductStock':
      case 'releaseStock':
      case 'restock': {
        if (options.flashSale) break;
        const moved = await moveStock(
          tx,
          {
            storeId: effect.storeId,
            productId: effect.productId,
            kind: STOCK_MOVE[effect.type],
            quantity: effect.quantity,
            orderId: effect.orderId,
          },
          now,
        );
        // Throwing rolls the whole order change back: no half-applied order.
        if (!moved.ok) throw fromDomainError(moved.error);
        break;
      }
      case 'earnPoints': {
        const loaded = await loadMember(tx, effect.memberId);
        if (loaded === undefined) break;
        const earned = earnForOrder(loaded.member, loaded.ledger, {
          orderId: effect.orderId,
          paid: effect.paid,
          at: now,
        });
        // A suspended member earns nothing; the order still completes (app/members' rule).
        if (earned.ok) await saveMemberChange(tx, loaded, earned.value);
        break;
      }
      case 'clawBackPoints': {
        const loaded = await loadMember(tx, effect.memberId);
        if (loaded === undefined) break;
        await saveMemberChange(
          tx,
          loaded,
          refundOrderPoints(loaded.member, loaded.ledger, { orderId: effect.orderId, at: now }),
        );
        break;
      }
      case 'orderStatusChanged':
        await enqueueEvent(tx, {
          type: 'orderStatusChanged',
          key: effect.orderId,
          payload: effect,
          at: now,
        });
        break;
      default:
        missingCase(effect);
    }
  }
}
