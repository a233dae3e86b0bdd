// The catalog's three pull streams, read for one store: `catalog` (tax classes, categories and
// products), `prices` (the price in force at the store: its own, else the chain default) and
// `promotions` (the chain's and the store's). Each row's change cursor is its place in the stream.
import type { MemberLevel } from '../../../app/catalog';
import type { Promotion } from '../../../app/pricing';
import type {
  CatalogEntry,
  PriceEntry,
  ProductEntry,
  PromotionEntry,
  StorePrice,
} from '../../protocol';
import type { SqlRunner } from '../db/db';
import type { PullRequest, PullStreamHandler } from '../pull/pull-stream';
import { sliceOf } from '../pull/pull-stream';
import { CHAIN_PRICE } from './catalog-books';

interface TaxClassRow {
  id: string;
  name: string;
  rate_basis_points: number;
  change_cursor: number;
}
interface CategoryRow {
  id: string;
  names: Record<string, string>;
  sort_order: number;
  change_cursor: number;
}
export interface ProductRow {
  gtin14: string;
  name: string;
  names: Record<string, string>;
  category_id: string | null;
  brand: string | null;
  sold_by: 'each' | 'weight';
  tax_class_id: string;
  active: boolean;
  change_cursor: number;
}

export const PRODUCT_COLUMNS =
  'p.gtin14, p.name, p.names, p.category_id, p.brand, p.sold_by, p.tax_class_id, p.active, p.change_cursor';

export function taxClassEntry(row: TaxClassRow): CatalogEntry {
  return {
    kind: 'taxClass',
    cursor: row.change_cursor,
    id: row.id,
    name: row.name,
    rateBasisPoints: row.rate_basis_points,
  };
}

export function categoryEntry(row: CategoryRow): CatalogEntry {
  return {
    kind: 'category',
    cursor: row.change_cursor,
    id: row.id,
    names: row.names,
    sortOrder: row.sort_order,
  };
}

export function productEntry(row: ProductRow): ProductEntry {
  return {
    kind: 'product',
    cursor: row.change_cursor,
    gtin14: row.gtin14,
    name: row.name,
    names: row.names,
    categoryId: row.category_id,
    brand: row.brand,
    soldBy: row.sold_by,
    taxClassId: row.tax_class_id,
    active: row.active,
  };
}

/** Tax classes and categories in (after, until], cursor order: few rows, read whole. */
export async function readClasses(
  db: SqlRunner,
  after: number,
  until: number,
  limit: number,
): Promise<CatalogEntry[]> {
  const taxClasses = await db.query<TaxClassRow>(
    `SELECT id, name, rate_basis_points, change_cursor FROM tax_class
     WHERE change_cursor > $1 AND change_cursor <= $2 ORDER BY change_cursor LIMIT $3`,
    [after, until, limit],
  );
  const categories = await db.query<CategoryRow>(
    `SELECT id, names, sort_order, change_cursor FROM category
     WHERE change_cursor > $1 AND change_cursor <= $2 ORDER BY change_cursor LIMIT $3`,
    [after, until, limit],
  );
  return [...taxClasses.rows.map(taxClassEntry), ...categories.rows.map(categoryEntry)].sort(
    (a, b) => a.cursor - b.cursor,
  );
}

const catalogStream: PullStreamHandler = {
  stream: 'catalog',
  async read(db, { after, limit }: PullRequest) {
    const classes = await readClasses(db, after, Number.MAX_SAFE_INTEGER, limit + 1);
    const products = await db.query<ProductRow>(
      `SELECT ${PRODUCT_COLUMNS} FROM product p WHERE p.change_cursor > $1
       ORDER BY p.change_cursor LIMIT $2`,
      [after, limit + 1],
    );
    const entries = [...classes, ...products.rows.map(productEntry)].sort(
      (a, b) => a.cursor - b.cursor,
    );
    return sliceOf(entries, limit);
  },
};

interface PriceRow {
  gtin14: string;
  store_id: string;
  price_minor: number;
  currency: string;
  member_prices: Partial<Record<MemberLevel, number>>;
}

/** The price in force for each GTIN at the store: its own row, else the chain's, else none. */
export async function storePrices(
  db: SqlRunner,
  storeId: string,
  gtins: readonly string[],
): Promise<Map<string, StorePrice>> {
  const { rows } = await db.query<PriceRow>(
    `SELECT gtin14, store_id, price_minor, currency, member_prices FROM product_price
     WHERE gtin14 = ANY($1::text[]) AND store_id IN ($2, $3) AND price_minor IS NOT NULL`,
    [gtins, CHAIN_PRICE, storeId],
  );
  const prices = new Map<string, StorePrice>();
  const own = new Set<string>();
  for (const row of rows) {
    const mine = row.store_id !== CHAIN_PRICE;
    if (!mine && own.has(row.gtin14)) continue;
    if (mine) own.add(row.gtin14);
    prices.set(row.gtin14, {
      amount: row.price_minor,
      currency: row.currency,
      memberPrices: row.member_prices,
    });
  }
  return prices;
}

const pricesStream: PullStreamHandler = {
  stream: 'prices',
  async read(db, { storeId, after, limit }: PullRequest) {
    // Changes of the chain price and of this store's own price: one GTIN may appear twice, and is
    // answered once, at its later cursor, with the price in force now.
    const changed = await db.query<{ gtin14: string; change_cursor: number }>(
      `SELECT gtin14, change_cursor FROM product_price
       WHERE change_cursor > $1 AND store_id IN ($2, $3) ORDER BY change_cursor LIMIT $4`,
      [after, CHAIN_PRICE, storeId, limit + 1],
    );
    const latest = new Map<string, number>();
    for (const row of changed.rows.slice(0, limit)) latest.set(row.gtin14, row.change_cursor);
    const prices = await storePrices(db, storeId, [...latest.keys()]);
    const entries = [...latest]
      .map(([gtin14, cursor]): PriceEntry => ({
        cursor,
        gtin14,
        price: prices.get(gtin14) ?? null,
      }))
      .sort((a, b) => a.cursor - b.cursor);
    return { entries, more: changed.rows.length > limit };
  },
};

const promotionsStream: PullStreamHandler = {
  stream: 'promotions',
  async read(db, { storeId, after, limit }: PullRequest) {
    // Every promotion change, another store's as a removal: a promotion moved from this store to
    // another must leave this register too. Only its id is told.
    const { rows } = await db.query<{
      id: string;
      store_id: string | null;
      definition: Promotion | null;
      change_cursor: number;
    }>(
      `SELECT id, store_id, definition, change_cursor FROM promotion WHERE change_cursor > $1
       ORDER BY change_cursor LIMIT $2`,
      [after, limit + 1],
    );
    const entries = rows.map((row): PromotionEntry => ({
      cursor: row.change_cursor,
      id: row.id,
      promotion: row.store_id === null || row.store_id === storeId ? row.definition : null,
    }));
    return sliceOf(entries, limit);
  },
};

export const CATALOG_STREAMS: readonly PullStreamHandler[] = [
  catalogStream,
  pricesStream,
  promotionsStream,
];
