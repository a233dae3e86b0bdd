// Head office's catalog writes: tax classes, categories, products, prices and promotions. Each
// write takes the next cursor of its stream in the same transaction (see catalog-cursor.ts), so a
// register pulling that stream sees every change exactly in commit order.
import type { LocalizedNames, MemberLevel } from '../../../app/catalog';
import type { Promotion } from '../../../app/pricing';
import type { SqlRunner } from '../db/db';
import { ApiError } from '../http/api-error';
import { takeCursors } from './catalog-cursor';

/** The store id of the chain-wide default price. */
export const CHAIN_PRICE = '';

export interface TaxClassInput {
  readonly name: string;
  readonly rateBasisPoints: number;
}

export interface CategoryInput {
  readonly names: LocalizedNames;
  readonly sortOrder: number;
}

export interface ProductInput {
  readonly name: string;
  readonly names: LocalizedNames;
  readonly categoryId: string | null;
  readonly brand: string | null;
  readonly soldBy: 'each' | 'weight';
  readonly taxClassId: string;
  readonly active: boolean;
}

export interface PriceInput {
  readonly amount: number;
  readonly currency: string;
  readonly memberPrices: Readonly<Partial<Record<MemberLevel, number>>>;
}

export interface ProductRecord extends ProductInput {
  readonly gtin14: string;
  readonly cursor: number;
  /** By store id; the chain default under 'chain'. Removed prices are left out. */
  readonly prices: Readonly<Record<string, PriceInput>>;
}

export async function putTaxClass(
  tx: SqlRunner,
  id: string,
  input: TaxClassInput,
  now: number,
): Promise<number> {
  const cursor = await takeCursors(tx, 'catalog', 1);
  await tx.query(
    `INSERT INTO tax_class (id, name, rate_basis_points, change_cursor, updated_at)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name,
       rate_basis_points = excluded.rate_basis_points, change_cursor = excluded.change_cursor,
       updated_at = excluded.updated_at`,
    [id, input.name, input.rateBasisPoints, cursor, now],
  );
  return cursor;
}

export async function putCategory(
  tx: SqlRunner,
  id: string,
  input: CategoryInput,
  now: number,
): Promise<number> {
  const cursor = await takeCursors(tx, 'catalog', 1);
  await tx.query(
    `INSERT INTO category (id, names, sort_order, change_cursor, updated_at)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO UPDATE SET names = excluded.names, sort_order = excluded.sort_order,
       change_cursor = excluded.change_cursor, updated_at = excluded.updated_at`,
    [id, JSON.stringify(input.names), input.sortOrder, cursor, now],
  );
  return cursor;
}

/** Creates or replaces a product; its tax class and category must exist. */
export async function putProduct(
  tx: SqlRunner,
  gtin14: string,
  input: ProductInput,
  now: number,
): Promise<number> {
  await mustExist(tx, 'tax_class', input.taxClassId, 'catalog.unknownTaxClass', 'tax class');
  if (input.categoryId !== null) {
    await mustExist(tx, 'category', input.categoryId, 'catalog.unknownCategory', 'category');
  }
  const cursor = await takeCursors(tx, 'catalog', 1);
  await tx.query(
    `INSERT INTO product (gtin14, name, names, category_id, brand, sold_by, tax_class_id, active,
       change_cursor, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (gtin14) DO UPDATE SET name = excluded.name, names = excluded.names,
       category_id = excluded.category_id, brand = excluded.brand, sold_by = excluded.sold_by,
       tax_class_id = excluded.tax_class_id, active = excluded.active,
       change_cursor = excluded.change_cursor, updated_at = excluded.updated_at`,
    [
      gtin14,
      input.name,
      JSON.stringify(input.names),
      input.categoryId,
      input.brand,
      input.soldBy,
      input.taxClassId,
      input.active,
      cursor,
      now,
    ],
  );
  return cursor;
}

/** Products are never deleted: old receipts and returns name them. */
export async function deactivateProduct(
  tx: SqlRunner,
  gtin14: string,
  now: number,
): Promise<number> {
  await mustHaveProduct(tx, gtin14);
  const cursor = await takeCursors(tx, 'catalog', 1);
  await tx.query(
    'UPDATE product SET active = false, change_cursor = $2, updated_at = $3 WHERE gtin14 = $1',
    [gtin14, cursor, now],
  );
  return cursor;
}

/** Sets a product's price at one store, or the chain default with CHAIN_PRICE. */
export async function putPrice(
  tx: SqlRunner,
  gtin14: string,
  storeId: string,
  input: PriceInput,
  now: number,
): Promise<number> {
  await mustHaveProduct(tx, gtin14);
  if (storeId !== CHAIN_PRICE) await mustExist(tx, 'store', storeId, 'store.notFound', 'store');
  const cursor = await takeCursors(tx, 'prices', 1);
  await tx.query(
    `INSERT INTO product_price (gtin14, store_id, price_minor, currency, member_prices,
       change_cursor, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (gtin14, store_id) DO UPDATE SET price_minor = excluded.price_minor,
       currency = excluded.currency, member_prices = excluded.member_prices,
       change_cursor = excluded.change_cursor, updated_at = excluded.updated_at`,
    [
      gtin14,
      storeId,
      input.amount,
      input.currency,
      JSON.stringify(input.memberPrices),
      cursor,
      now,
    ],
  );
  return cursor;
}

/**
 * Removes a price: a store's own price falls back to the chain default; without a default the
 * product has no price and registers stop selling it. The row stays, marked, so pulls see it.
 */
export async function removePrice(
  tx: SqlRunner,
  gtin14: string,
  storeId: string,
  now: number,
): Promise<number> {
  const cursor = await takeCursors(tx, 'prices', 1);
  const { rowCount } = await tx.query(
    `UPDATE product_price SET price_minor = NULL, member_prices = '{}', change_cursor = $3,
       updated_at = $4
     WHERE gtin14 = $1 AND store_id = $2 AND price_minor IS NOT NULL`,
    [gtin14, storeId, cursor, now],
  );
  if (rowCount === 0) {
    throw new ApiError(404, 'catalog.priceNotFound', `No price for ${gtin14} there.`);
  }
  return cursor;
}

export async function putPromotion(
  tx: SqlRunner,
  promotion: Promotion,
  storeId: string | null,
  now: number,
): Promise<number> {
  if (storeId !== null) await mustExist(tx, 'store', storeId, 'store.notFound', 'store');
  const cursor = await takeCursors(tx, 'promotions', 1);
  await tx.query(
    `INSERT INTO promotion (id, store_id, definition, change_cursor, updated_at)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO UPDATE SET store_id = excluded.store_id,
       definition = excluded.definition, change_cursor = excluded.change_cursor,
       updated_at = excluded.updated_at`,
    [promotion.id, storeId, JSON.stringify(promotion), cursor, now],
  );
  return cursor;
}

/** The row stays with no definition, so registers that hold the promotion learn to drop it. */
export async function removePromotion(tx: SqlRunner, id: string, now: number): Promise<number> {
  const cursor = await takeCursors(tx, 'promotions', 1);
  const { rowCount } = await tx.query(
    `UPDATE promotion SET definition = NULL, change_cursor = $2, updated_at = $3
     WHERE id = $1 AND definition IS NOT NULL`,
    [id, cursor, now],
  );
  if (rowCount === 0) throw new ApiError(404, 'promotion.notFound', `No promotion ${id}.`);
  return cursor;
}

export async function readPromotion(
  tx: SqlRunner,
  id: string,
): Promise<{ storeId: string | null; promotion: Promotion; cursor: number } | undefined> {
  const { rows } = await tx.query<{
    store_id: string | null;
    definition: Promotion;
    change_cursor: number;
  }>(
    'SELECT store_id, definition, change_cursor FROM promotion WHERE id = $1 AND definition IS NOT NULL',
    [id],
  );
  const row = rows[0];
  return row === undefined
    ? undefined
    : { storeId: row.store_id, promotion: row.definition, cursor: row.change_cursor };
}

interface ProductRow {
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

export async function readProduct(
  tx: SqlRunner,
  gtin14: string,
): Promise<ProductRecord | undefined> {
  const { rows } = await tx.query<ProductRow>(
    `SELECT gtin14, name, names, category_id, brand, sold_by, tax_class_id, active, change_cursor
     FROM product WHERE gtin14 = $1`,
    [gtin14],
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  const prices = await tx.query<{
    store_id: string;
    price_minor: number;
    currency: string;
    member_prices: PriceInput['memberPrices'];
  }>(
    `SELECT store_id, price_minor, currency, member_prices FROM product_price
     WHERE gtin14 = $1 AND price_minor IS NOT NULL ORDER BY store_id`,
    [gtin14],
  );
  return {
    gtin14: row.gtin14,
    name: row.name,
    names: row.names,
    categoryId: row.category_id,
    brand: row.brand,
    soldBy: row.sold_by,
    taxClassId: row.tax_class_id,
    active: row.active,
    cursor: row.change_cursor,
    prices: Object.fromEntries(
      prices.rows.map((p) => [
        p.store_id === CHAIN_PRICE ? 'chain' : p.store_id,
        { amount: p.price_minor, currency: p.currency, memberPrices: p.member_prices },
      ]),
    ),
  };
}

async function mustHaveProduct(tx: SqlRunner, gtin14: string): Promise<void> {
  const { rows } = await tx.query('SELECT 1 FROM product WHERE gtin14 = $1', [gtin14]);
  if (rows.length === 0) {
    throw new ApiError(404, 'catalog.productNotFound', `No product with GTIN ${gtin14}.`);
  }
}

async function mustExist(
  tx: SqlRunner,
  table: 'tax_class' | 'category' | 'store',
  id: string,
  code: string,
  what: string,
): Promise<void> {
  const { rows } = await tx.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id]);
  if (rows.length === 0) throw new ApiError(409, code, `There is no ${what} ${id}.`);
}
