// Writes products from a name-and-GTIN source into the catalog with their derived demo values
// (see demo-catalog-values.ts): an upsert by GTIN-14, so importing again updates rather than
// duplicates, and a register's own stock is never reset by a re-import.
import type { RegisterDb } from '../store/register-db';
import { demoProductValues } from './demo-catalog-values';
import { cjkGrams, hasCjk, searchKey } from './search-key';
import { DEMO_TAX_CLASSES, STORE_CATEGORIES } from './store-categories';
import { writeTransaction } from '../store/write-transaction';

export interface DemoCatalogWriterOptions {
  readonly currency: string;
  /** ISO 8601 time stamped on every written product. */
  readonly updatedAt: string;
}

export interface DemoCatalogWriter {
  /** Writes one product; call inside a transaction. Answers whether it was new. */
  write(gtin14: string, name: string): 'added' | 'updated';
}

/** Ensures the demo categories and tax classes exist: the rows every demo product refers to. */
export function ensureDemoCategories(db: RegisterDb): void {
  writeTransaction(db, () => {
    const taxClass = db.prepare(
      'INSERT INTO tax_class (id, name, rate_basis_points) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING',
    );
    for (const t of DEMO_TAX_CLASSES) taxClass.run(t.id, t.name, t.rateBasisPoints);
    const category = db.prepare(
      'INSERT INTO category (id, names, sort_order) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING',
    );
    STORE_CATEGORIES.forEach((c, index) => category.run(c.id, JSON.stringify(c.names), index));
  })();
}

/** Ensures the demo categories and tax classes exist, then prepares the per-product statements. */
export function createDemoCatalogWriter(
  db: RegisterDb,
  options: DemoCatalogWriterOptions,
): DemoCatalogWriter {
  ensureDemoCategories(db);

  const upsertProduct = db
    .prepare<
      [string, string, string, string | null, string, string, number, string, string],
      number
    >(
      `INSERT INTO product (gtin14, name, category_id, brand, sold_by, tax_class_id, price_minor,
         currency, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (gtin14) DO UPDATE SET name = excluded.name, category_id = excluded.category_id,
         brand = excluded.brand, sold_by = excluded.sold_by, tax_class_id = excluded.tax_class_id,
         price_minor = excluded.price_minor, currency = excluded.currency,
         updated_at = excluded.updated_at
       RETURNING id`,
    )
    .pluck();
  const insertStock = db.prepare<[number, number, number]>(
    'INSERT INTO stock (product_id, available, safety) VALUES (?, ?, ?) ON CONFLICT (product_id) DO NOTHING',
  );
  const clearMemberPrices = db.prepare<[number]>(
    'DELETE FROM product_member_price WHERE product_id = ?',
  );
  const insertMemberPrice = db.prepare<[number, string, number]>(
    'INSERT INTO product_member_price (product_id, level, price_minor) VALUES (?, ?, ?)',
  );
  const clearGrams = db.prepare<[number]>('DELETE FROM product_gram WHERE product_id = ?');
  const insertGram = db.prepare<[string, number]>(
    'INSERT OR IGNORE INTO product_gram (gram, product_id) VALUES (?, ?)',
  );

  // A new row gets an id above every existing one (INTEGER PRIMARY KEY without AUTOINCREMENT), so
  // an id at or below the highest seen means the upsert updated an existing product.
  let highestId = (db.prepare('SELECT max(id) FROM product').pluck().get() as number | null) ?? 0;

  return {
    write(gtin14, name) {
      const values = demoProductValues(gtin14);
      const id = upsertProduct.get(
        gtin14,
        name,
        values.category.id,
        values.brand,
        values.soldBy,
        values.category.taxClassId,
        values.priceMinor,
        options.currency,
        options.updatedAt,
      ) as number;
      const added = id > highestId;
      if (added) highestId = id;
      else {
        // Rows derived from the old version of this product go; the new ones are written below.
        clearMemberPrices.run(id);
        clearGrams.run(id);
      }
      insertStock.run(id, values.available, values.safety);
      for (const m of values.memberPrices) insertMemberPrice.run(id, m.level, m.priceMinor);
      if (hasCjk(name)) for (const gram of cjkGrams(searchKey(name))) insertGram.run(gram, id);
      return added ? 'added' : 'updated';
    },
  };
}
