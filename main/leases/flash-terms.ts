// What makes a product a flash-sale product at this till: the sale's terms (flash price, limit
// per member, window), asked of the server for every lease the register holds and kept as a
// `flashSale` promotion under the sale's own id, so the pricing engine prices the units the
// register may sell from its lease (its `flashSaleAllowances`, keyed by that id) and nothing more.
import type { Promotion } from '../../app/pricing';
import { promotionSchema } from '../../app/pricing';
import type { DomainError, Result } from '../../app/result';
import { err, ok } from '../../app/result';
import type { FlashSaleTerms } from '../../sync/client';
import type { RegisterDb } from '../store/register-db';
import { statement } from '../store/statement-cache';
import type { EscrowLink } from './lease-sync';

/** A flash-sale promotion as the till uses it: the sale, its one product, its price and limit. */
export interface TillFlashSale {
  readonly flashSaleId: string;
  readonly productId: string;
  readonly flashPrice: number;
  readonly perMemberLimit: number;
}

/** The flash sales among the promotions, valid or not (the pricing engine checks the window). */
export function tillFlashSales(promotions: readonly Promotion[]): readonly TillFlashSale[] {
  const sales: TillFlashSale[] = [];
  for (const promotion of promotions) {
    const { rule, targets } = promotion;
    if (rule.kind !== 'flashSale' || targets.kind !== 'products') continue;
    for (const productId of targets.productIds) {
      sales.push({
        flashSaleId: promotion.id,
        productId,
        flashPrice: rule.flashPrice,
        perMemberLimit: rule.perMemberLimit,
      });
    }
  }
  return sales;
}

/** Units of a flash sale this register sold to a member (from its leases): their limit's use here. */
export function boughtHere(db: RegisterDb, flashSaleId: string, memberId: string): number {
  return (
    statement<[string, string], number>(
      db,
      `SELECT coalesce(sum(s.quantity), 0) FROM flash_lease_sale s
       JOIN flash_lease l ON l.id = s.lease_id JOIN sale ON sale.id = s.sale_id
       WHERE l.flash_sale_id = ? AND sale.member_id = ?`,
    )
      .pluck()
      .get(flashSaleId, memberId) ?? 0
  );
}

export function hasFlashTerms(db: RegisterDb, flashSaleId: string): boolean {
  return (
    statement<[string], number>(db, 'SELECT count(*) FROM promotion WHERE id = ?')
      .pluck()
      .get(flashSaleId) === 1
  );
}

export type FlashTermsError = DomainError<
  'sync.offline' | 'sync.refused' | 'flashSale.currencyMismatch'
>;

/** Keeps a sale's terms as its promotion; a cancelled sale's promotion is removed. */
export function saveFlashTerms(
  db: RegisterDb,
  terms: FlashSaleTerms,
  currency: string,
): Result<Promotion | null, FlashTermsError> {
  if (terms.status === 'cancelled') {
    statement(db, 'DELETE FROM promotion WHERE id = ?').run(terms.id);
    return ok(null);
  }
  if (terms.flashPrice.currency !== currency) {
    return err(
      'flashSale.currencyMismatch',
      `Flash sale ${terms.id} is priced in ${terms.flashPrice.currency}; this register sells in ${currency}.`,
    );
  }
  const promotion = promotionSchema.parse({
    id: terms.id,
    name: 'Flash sale',
    priority: 0,
    startsAt: terms.startsAt,
    endsAt: terms.endsAt,
    // A flash price is the whole offer on its units: no other promotion stacks on them.
    stacking: 'exclusive',
    stackingGroup: null,
    targets: { kind: 'products', productIds: [terms.productId] },
    rule: {
      kind: 'flashSale',
      flashPrice: terms.flashPrice.amount,
      perMemberLimit: terms.perMemberLimit,
    },
  });
  statement(
    db,
    'INSERT OR REPLACE INTO promotion (id, definition, starts_at, ends_at) VALUES (?, ?, ?, ?)',
  ).run(promotion.id, JSON.stringify(promotion), promotion.startsAt, promotion.endsAt);
  return ok(promotion);
}

/** Asks the server for a flash sale's terms and keeps them. */
export async function learnFlashSale(
  link: EscrowLink,
  flashSaleId: string,
  currency: string,
): Promise<Result<Promotion | null, FlashTermsError>> {
  const outcome = await link.transport.flashSaleTerms(flashSaleId);
  if (outcome.kind === 'unreachable') {
    return err('sync.offline', `The server cannot be reached: ${outcome.message}`);
  }
  if (outcome.kind !== 'answer') return err('sync.refused', outcome.message);
  return saveFlashTerms(link.db, outcome.answer, currency);
}
