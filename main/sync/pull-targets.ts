// The register's side of each pulled stream: a page applied in one SQLite transaction together
// with the stream's new cursor, so a crash leaves either both or neither. Entries that refer to
// something not here yet are parked and applied when it arrives.
import { promotionSchema } from '../../app/pricing';
import type { Promotion } from '../../app/pricing';
import type { PullStreamTarget } from '../../sync/client';
import type {
  CatalogEntry,
  PriceEntry,
  PromotionEntry,
  PullPage,
  PullStream,
} from '../../sync/protocol';
import { catalogEntrySchema, priceEntrySchema, stockEntrySchema } from '../../sync/protocol';
import { applyRecsModelEntry } from '../recs/recs-model-store';
import type { RegisterDb } from '../store/register-db';
import { statement } from '../store/statement-cache';
import type { CatalogWriteContext } from './pull-catalog-rows';
import {
  missingReference,
  productIdOf,
  writeCategory,
  writePrice,
  writeProduct,
  writeTaxClass,
} from './pull-catalog-rows';
import {
  outboxSettled,
  parkEntry,
  readPullCursor,
  STREAM_OUTBOX_TYPES,
  takeParked,
  unparkKey,
  writePullCursor,
} from './pull-state';
import { writeTransaction } from '../store/write-transaction';
import { WAITS_FOR_OUTBOX } from './pull-holds';
import { membersPullTarget } from './pull-members';
import { stockPullTarget } from './pull-stock';

export interface PullTargetOptions {
  readonly currency: string;
  /** Epoch ms, for cursor rows and product stamps. */
  readonly now: () => number;
}

function contextOf(options: PullTargetOptions): CatalogWriteContext {
  return { currency: options.currency, updatedAt: new Date(options.now()).toISOString() };
}

function target<S extends PullStream>(
  db: RegisterDb,
  stream: S,
  options: PullTargetOptions,
  applyEntries: (entries: PullPage<S>['entries']) => void,
): PullStreamTarget<S> {
  const applyPage = writeTransaction(db, (page: PullPage<S>) => {
    applyEntries(page.entries);
    writePullCursor(db, stream, page.cursor, options.now());
  });
  return {
    stream,
    cursor: () => readPullCursor(db, stream) ?? 0,
    ready: () => outboxSettled(db, STREAM_OUTBOX_TYPES[stream]),
    apply: (page) => applyPage(page),
  };
}

/** One catalog entry; also re-runs what was parked waiting for it. Call inside a transaction. */
export function applyCatalogEntry(
  db: RegisterDb,
  entry: CatalogEntry,
  context: CatalogWriteContext,
): void {
  switch (entry.kind) {
    case 'taxClass':
      writeTaxClass(db, entry);
      applyParked(db, `taxClass:${entry.id}`, context);
      return;
    case 'category':
      writeCategory(db, entry);
      applyParked(db, `category:${entry.id}`, context);
      return;
    case 'product': {
      const waitsFor = missingReference(db, entry);
      if (waitsFor !== undefined) {
        parkEntry(db, 'catalog', entry.gtin14, waitsFor, entry);
        return;
      }
      unparkKey(db, 'catalog', entry.gtin14);
      writeProduct(db, entry, 'keep', context);
      applyParked(db, `product:${entry.gtin14}`, context);
      return;
    }
    default: {
      const unknown: never = entry;
      throw new Error(`Unknown catalog entry ${JSON.stringify(unknown)}`);
    }
  }
}

export function applyPriceEntry(db: RegisterDb, entry: PriceEntry): void {
  const productId = productIdOf(db, entry.gtin14);
  if (productId === undefined) {
    parkEntry(db, 'prices', entry.gtin14, `product:${entry.gtin14}`, entry);
    return;
  }
  writePrice(db, productId, entry.price);
}

function applyParked(db: RegisterDb, what: string, context: CatalogWriteContext): void {
  for (const parked of takeParked(db, what)) {
    // Parked entries were checked when they arrived; read again so a bad row fails loudly.
    if (parked.stream === 'catalog') {
      applyCatalogEntry(db, catalogEntrySchema.parse(parked.entry), context);
    } else if (parked.stream === 'prices') {
      applyPriceEntry(db, priceEntrySchema.parse(parked.entry));
    } else if (parked.stream === 'stock') {
      // Its product is here now; the stock stream applies it at its next page, through the
      // outbox check this transaction cannot make.
      const entry = stockEntrySchema.parse(parked.entry);
      parkEntry(db, 'stock', entry.productKey, WAITS_FOR_OUTBOX, entry);
    }
  }
}

/**
 * Head office names products by GTIN-14; the register's pricing matches its own product ids. An id
 * not on the register stays as it is and matches nothing.
 */
function toLocalIds(db: RegisterDb, promotion: Promotion): Promotion {
  const local = (gtin14: string) => {
    const id = productIdOf(db, gtin14);
    return id === undefined ? gtin14 : String(id);
  };
  const targets =
    promotion.targets.kind === 'products'
      ? { ...promotion.targets, productIds: promotion.targets.productIds.map(local) }
      : promotion.targets;
  const rule = promotion.rule;
  const localRule =
    rule.kind === 'bundle'
      ? { ...rule, items: rule.items.map((i) => ({ ...i, productId: local(i.productId) })) }
      : rule.kind === 'buyXGetY' && rule.get.kind === 'products'
        ? { ...rule, get: { ...rule.get, productIds: rule.get.productIds.map(local) } }
        : rule;
  return promotionSchema.parse({ ...promotion, targets, rule: localRule });
}

function applyPromotionEntry(db: RegisterDb, entry: PromotionEntry): void {
  if (entry.promotion === null) {
    statement(db, 'DELETE FROM promotion WHERE id = ?').run(entry.id);
    return;
  }
  const promotion = toLocalIds(db, entry.promotion);
  statement(
    db,
    'INSERT OR REPLACE INTO promotion (id, definition, starts_at, ends_at) VALUES (?, ?, ?, ?)',
  ).run(entry.id, JSON.stringify(promotion), promotion.startsAt, promotion.endsAt);
}

/** The streams in the order they are pulled: products before their prices, promotions and stock. */
export function registerPullTargets(
  db: RegisterDb,
  options: PullTargetOptions,
): readonly PullStreamTarget[] {
  return [
    target(db, 'catalog', options, (entries) => {
      const context = contextOf(options);
      for (const entry of entries) applyCatalogEntry(db, entry, context);
    }),
    target(db, 'prices', options, (entries) => {
      for (const entry of entries) applyPriceEntry(db, entry);
    }),
    target(db, 'promotions', options, (entries) => {
      for (const entry of entries) applyPromotionEntry(db, entry);
    }),
    membersPullTarget(db, options),
    stockPullTarget(db, options),
    // Last: suggestions name products by GTIN-14 and are matched to this catalog when answered.
    target(db, 'recommendations', options, (entries) => {
      for (const entry of entries) applyRecsModelEntry(db, entry, options.now());
    }),
  ];
}
