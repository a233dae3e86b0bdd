// Writes pulled catalog rows into the register's catalog tables: tax classes, categories, products
// (with their CJK search grams) and store prices. Server wins: a pulled row replaces the local one.
// A product the server lists without a price here is kept not for sale until a price arrives.
import type { CatalogEntry, ProductEntry, StorePrice } from '../../sync/protocol';
import { cjkGrams, hasCjk, searchKey } from '../catalog/search-key';
import type { RegisterDb } from '../store/register-db';
import { statement } from '../store/statement-cache';

export interface CatalogWriteContext {
  /** The register's currency, for a product that arrives without a price. */
  readonly currency: string;
  /** ISO 8601, stamped on written products. */
  readonly updatedAt: string;
}

export function writeTaxClass(db: RegisterDb, entry: Extract<CatalogEntry, { kind: 'taxClass' }>) {
  statement(
    db,
    `INSERT INTO tax_class (id, name, rate_basis_points) VALUES (?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name,
       rate_basis_points = excluded.rate_basis_points`,
  ).run(entry.id, entry.name, entry.rateBasisPoints);
}

export function writeCategory(db: RegisterDb, entry: Extract<CatalogEntry, { kind: 'category' }>) {
  statement(
    db,
    `INSERT INTO category (id, names, sort_order) VALUES (?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET names = excluded.names, sort_order = excluded.sort_order`,
  ).run(entry.id, JSON.stringify(entry.names), entry.sortOrder);
}

interface LocalProduct {
  readonly id: number;
  readonly name: string;
  /** server_active of product_unpriced; null when the product has a price. */
  readonly unpriced: 0 | 1 | null;
}

function localProduct(db: RegisterDb, gtin14: string): LocalProduct | undefined {
  return statement<[string], LocalProduct>(
    db,
    `SELECT p.id, p.name, u.server_active AS unpriced FROM product p
     LEFT JOIN product_unpriced u ON u.product_id = p.id WHERE p.gtin14 = ?`,
  ).get(gtin14);
}

export function productIdOf(db: RegisterDb, gtin14: string): number | undefined {
  return statement<[string], number>(db, 'SELECT id FROM product WHERE gtin14 = ?')
    .pluck()
    .get(gtin14);
}

/** True when the classes a product refers to are on the register; else what it waits for. */
export function missingReference(db: RegisterDb, entry: ProductEntry): string | undefined {
  const hasTax = statement<[string], number>(db, 'SELECT 1 FROM tax_class WHERE id = ?')
    .pluck()
    .get(entry.taxClassId);
  if (hasTax === undefined) return `taxClass:${entry.taxClassId}`;
  if (entry.categoryId === null) return undefined;
  const hasCategory = statement<[string], number>(db, 'SELECT 1 FROM category WHERE id = ?')
    .pluck()
    .get(entry.categoryId);
  return hasCategory === undefined ? `category:${entry.categoryId}` : undefined;
}

/**
 * Creates or updates a product from its entry. `price`: the price in force here (a snapshot
 * carries it), null for none, or 'keep' (a catalog entry: prices travel in their own stream).
 * Answers the product's local id.
 */
export function writeProduct(
  db: RegisterDb,
  entry: ProductEntry,
  price: StorePrice | null | 'keep',
  context: CatalogWriteContext,
): number {
  const existing = localProduct(db, entry.gtin14);
  if (existing === undefined) {
    const priced = price !== 'keep' && price !== null ? price : undefined;
    const id = statement<unknown[], number>(
      db,
      `INSERT INTO product (gtin14, name, names, category_id, brand, sold_by, tax_class_id,
         price_minor, currency, active, updated_at, server_version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    )
      .pluck()
      .get(
        entry.gtin14,
        entry.name,
        JSON.stringify(entry.names),
        entry.categoryId,
        entry.brand,
        entry.soldBy,
        entry.taxClassId,
        priced?.amount ?? 0,
        priced?.currency ?? context.currency,
        priced !== undefined && entry.active ? 1 : 0,
        context.updatedAt,
        entry.cursor,
      ) as number;
    if (priced === undefined) {
      statement(db, 'INSERT INTO product_unpriced (product_id, server_active) VALUES (?, ?)').run(
        id,
        entry.active ? 1 : 0,
      );
    } else {
      writeMemberPrices(db, id, priced);
    }
    writeGrams(db, id, entry.name, false);
    return id;
  }
  // Not for sale while unpriced, whatever the server's flag; the flag is kept for when a price comes.
  if (existing.unpriced !== null) {
    statement(db, 'UPDATE product_unpriced SET server_active = ? WHERE product_id = ?').run(
      entry.active ? 1 : 0,
      existing.id,
    );
  }
  statement(
    db,
    `UPDATE product SET name = ?, names = ?, category_id = ?, brand = ?, sold_by = ?,
       tax_class_id = ?, active = ?, updated_at = ?, server_version = ? WHERE id = ?`,
  ).run(
    entry.name,
    JSON.stringify(entry.names),
    entry.categoryId,
    entry.brand,
    entry.soldBy,
    entry.taxClassId,
    existing.unpriced === null && entry.active ? 1 : 0,
    context.updatedAt,
    entry.cursor,
    existing.id,
  );
  if (existing.name !== entry.name) writeGrams(db, existing.id, entry.name, true);
  if (price !== 'keep') writePrice(db, existing.id, price);
  return existing.id;
}

/** Sets the price in force here (null: none, so not for sale) and the member prices with it. */
export function writePrice(db: RegisterDb, productId: number, price: StorePrice | null): void {
  const unpriced = statement<[number], number>(
    db,
    'SELECT server_active FROM product_unpriced WHERE product_id = ?',
  )
    .pluck()
    .get(productId);
  if (price === null) {
    if (unpriced === undefined) {
      statement(
        db,
        `INSERT INTO product_unpriced (product_id, server_active)
         SELECT id, active FROM product WHERE id = ?`,
      ).run(productId);
      statement(db, 'UPDATE product SET active = 0 WHERE id = ?').run(productId);
    }
    statement(db, 'DELETE FROM product_member_price WHERE product_id = ?').run(productId);
    return;
  }
  statement(db, 'UPDATE product SET price_minor = ?, currency = ? WHERE id = ?').run(
    price.amount,
    price.currency,
    productId,
  );
  if (unpriced !== undefined) {
    statement(db, 'UPDATE product SET active = ? WHERE id = ?').run(unpriced, productId);
    statement(db, 'DELETE FROM product_unpriced WHERE product_id = ?').run(productId);
  }
  statement(db, 'DELETE FROM product_member_price WHERE product_id = ?').run(productId);
  writeMemberPrices(db, productId, price);
}

function writeMemberPrices(db: RegisterDb, productId: number, price: StorePrice): void {
  for (const [level, amount] of Object.entries(price.memberPrices)) {
    statement(
      db,
      'INSERT INTO product_member_price (product_id, level, price_minor) VALUES (?, ?, ?)',
    ).run(productId, level, amount);
  }
}

/** The 1–2 character CJK lookups of a name (see main/catalog/search-key). */
function writeGrams(db: RegisterDb, productId: number, name: string, replace: boolean): void {
  if (replace) statement(db, 'DELETE FROM product_gram WHERE product_id = ?').run(productId);
  if (!hasCjk(name)) return;
  const insert = statement(
    db,
    'INSERT OR IGNORE INTO product_gram (gram, product_id) VALUES (?, ?)',
  );
  for (const gram of cjkGrams(searchKey(name))) insert.run(gram, productId);
}
