// The cart's flash-sale products as this till sees them: which flash sales its lines fall under,
// how many units the member may have at the flash price here (their limit left, the lease left),
// the badge the screen shows, the refusal when a lease ran out of time while the cart was open,
// and the units taken from the lease inside the sale's durable transaction.
import { tillFlashAllowance } from '../../app/flash-sale';
import type { TillFlashAllowance } from '../../app/flash-sale';
import type { Cart, CartTotals } from '../../app/cart';
import type { FlashSaleBadgeView } from '../../app/commands';
import type { Promotion } from '../../app/pricing';
import { isPromotionValidAt } from '../../app/pricing';
import type { DomainError } from '../../app/result';
import type { Logger } from '../core/ports';
import type { TillFlashSale } from '../leases/flash-terms';
import { boughtHere, tillFlashSales } from '../leases/flash-terms';
import { leaseAvailable, leaseInTime, takeFromLease } from '../leases/lease-store';
import type { ServerContact } from '../leases/server-contact';
import type { RegisterDb } from '../store/register-db';

export interface FlashLine {
  readonly sale: TillFlashSale;
  readonly leaseLeft: number;
  readonly allowance: TillFlashAllowance;
}

export type FlashUnits = Readonly<Record<string, number>>;

/** The cart's flash-sale products now, on the register's lease and the member's purchases here. */
export function flashLines(
  db: RegisterDb,
  contact: ServerContact,
  promotions: readonly Promotion[],
  cart: Cart,
  now: number,
): readonly FlashLine[] {
  const valid = promotions.filter((p) => p.rule.kind === 'flashSale' && isPromotionValidAt(p, now));
  if (valid.length === 0) return [];
  const inCart = new Set(
    cart.lines.filter((l) => l.status.kind === 'active').map((l) => l.product.id),
  );
  return tillFlashSales(valid)
    .filter((sale) => inCart.has(sale.productId))
    .map((sale) => {
      const leaseLeft = leaseAvailable(db, contact, sale.productId);
      const member = cart.member;
      return {
        sale,
        leaseLeft,
        allowance: tillFlashAllowance({
          leaseLeft,
          perMemberLimit: sale.perMemberLimit,
          member:
            member === null
              ? null
              : { alreadyBought: boughtHere(db, sale.flashSaleId, member.memberId) },
        }),
      };
    });
}

/** The pricing engine's `flashSaleAllowances`: units per flash sale id. */
export function allowancesOf(lines: readonly FlashLine[]): FlashUnits {
  return Object.fromEntries(lines.map((l) => [l.sale.flashSaleId, l.allowance.units]));
}

/** Units the priced cart sells at each flash price. */
export function unitsAtFlashPrice(totals: CartTotals): FlashUnits {
  const units: Record<string, number> = {};
  for (const applied of totals.priced.appliedPromotions) {
    if (applied.kind === 'flashSale' && applied.allowanceUsed > 0) {
      units[applied.promotionId] = (units[applied.promotionId] ?? 0) + applied.allowanceUsed;
    }
  }
  return units;
}

export function flashBadges(
  lines: readonly FlashLine[],
  totals: CartTotals,
): readonly FlashSaleBadgeView[] {
  const used = unitsAtFlashPrice(totals);
  return lines.map((l) => ({
    flashSaleId: l.sale.flashSaleId,
    productId: l.sale.productId,
    flashPrice: l.sale.flashPrice,
    perMemberLimit: l.sale.perMemberLimit,
    leaseLeft: l.leaseLeft,
    memberLeft: l.allowance.memberLeft,
    unitsAtFlashPrice: used[l.sale.flashSaleId] ?? 0,
    reason: l.allowance.reason,
  }));
}

export type FlashRepriced = DomainError<'flashSale.leaseExpired' | 'flashSale.leaseExhausted'>;

/**
 * The first flash sale whose units at the flash price fell below what the cart last showed, as
 * the refusal the cashier reads; undefined when nothing fell.
 */
export function flashShortfall(
  db: RegisterDb,
  contact: ServerContact,
  quoted: FlashUnits,
  now: FlashUnits,
  lines: readonly FlashLine[],
): FlashRepriced | undefined {
  for (const [flashSaleId, units] of Object.entries(quoted)) {
    const left = now[flashSaleId] ?? 0;
    if (left >= units) continue;
    const productId = lines.find((l) => l.sale.flashSaleId === flashSaleId)?.sale.productId;
    const expired = productId !== undefined && leaseInTime(db, contact, productId) === false;
    const details = { flashSaleId, quoted: units, now: left };
    return expired
      ? {
          code: 'flashSale.leaseExpired',
          message: `This register's flash-sale share ran out of time while the sale was open: ${units - left} unit(s) are now at the shelf price. Check the new total with the customer and take payment again.`,
          details,
        }
      : {
          code: 'flashSale.leaseExhausted',
          message: `This register has no more flash-sale units for ${units - left} unit(s): they are now at the shelf price. Check the new total with the customer and take payment again.`,
          details,
        };
  }
  return undefined;
}

/**
 * Takes the flash units of a paid sale from the register's lease, in the sale's transaction (the
 * `flashSale.leaseSale` outbox row goes with them). Checked just before, in the same tick, so the
 * lease holds them; after money moved on a card or wallet (the price was frozen when payment
 * started) a lease that ran out meanwhile gives what it has and the rest is logged, never refused.
 */
export function takeFlashUnits(
  db: RegisterDb,
  contact: ServerContact,
  logger: Logger,
  sale: Readonly<{ registerId: string; saleId: string; at: number; units: FlashUnits }>,
  lines: readonly FlashLine[],
): void {
  for (const [flashSaleId, units] of Object.entries(sale.units)) {
    const productId = lines.find((l) => l.sale.flashSaleId === flashSaleId)?.sale.productId;
    if (productId === undefined || units <= 0) continue;
    const quantity = Math.min(units, leaseAvailable(db, contact, productId));
    if (quantity < units) {
      logger.warn('flash units sold past the lease after payment started', {
        flashSaleId,
        saleId: sale.saleId,
        units,
        fromLease: quantity,
      });
    }
    if (quantity === 0) continue;
    const taken = takeFromLease(db, contact, {
      registerId: sale.registerId,
      saleId: sale.saleId,
      productId,
      quantity,
      at: sale.at,
    });
    // leaseAvailable said yes a moment ago in the same tick: a refusal here is a bug.
    if (!taken.ok) throw new Error(`lease refused units it showed: ${taken.error.code}`);
  }
}
