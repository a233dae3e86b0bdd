// Imports a `gtin,name` catalog CSV (the Open Food Facts export) into the chain's catalog, streamed:
// rows are read as they arrive and written in transactions of a few thousand. A new product gets
// the deterministic demo values of app/catalog (category, brand, how it is sold, chain price and
// member prices), the same ones a register derives, so server and register agree; a product the
// catalog already has gets its name only, so head office's edits survive a re-import.
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import {
  CsvLineParser,
  isCatalogCsvHeader,
  readCatalogCsvRow,
} from '../../../app/catalog/catalog-csv';
import { demoProductValues } from '../../../app/catalog/demo-catalog-values';
import { DEMO_TAX_CLASSES, STORE_CATEGORIES } from '../../../app/catalog/store-categories';
import type { Db, SqlRunner } from '../db/db';
import { ApiError } from '../http/api-error';
import { CHAIN_PRICE } from './catalog-books';
import { takeCursors } from './catalog-cursor';

export interface CatalogImportOptions {
  /** Stamped on written rows, epoch ms. */
  readonly now: number;
  /** ISO 4217 code of the demo prices; CNY by default. */
  readonly currency?: string;
  /** Rows per transaction (5,000 by default). */
  readonly batchRows?: number;
  /** Only the first N data rows (benchmarks' quick mode). */
  readonly limitRows?: number;
  readonly onProgress?: (rowsRead: number) => void;
}

export interface SkippedCsvRow {
  readonly line: number;
  readonly reason: string;
}

export interface CatalogImportOutcome {
  readonly rowsRead: number;
  readonly productsAdded: number;
  /** Products that were there and got a new name. */
  readonly productsRenamed: number;
  /** Products that were there with the same name: nothing written, no change for registers. */
  readonly productsUnchanged: number;
  readonly rowsSkipped: number;
  /** The first few skipped rows, for the operator. */
  readonly skipped: readonly SkippedCsvRow[];
}

const SKIPPED_KEPT = 20;

interface Pending {
  readonly gtin14: string;
  readonly name: string;
}

/**
 * Imports the CSV read from `input`. A file that is not a catalog (wrong header) is refused before
 * anything is written; a row that cannot be read is skipped and reported. A file cut off inside a
 * quoted field is refused when that is found: the batches before it stay (they are whole rows).
 */
export async function importCatalogCsv(
  db: Db,
  input: Readable,
  options: CatalogImportOptions,
): Promise<CatalogImportOutcome> {
  const batchRows = options.batchRows ?? 5000;
  const limit = options.limitRows ?? Number.POSITIVE_INFINITY;
  const currency = options.currency ?? 'CNY';
  const counts = { added: 0, renamed: 0, unchanged: 0 };
  const skipped: SkippedCsvRow[] = [];
  let skippedCount = 0;
  let rowsRead = 0;
  // Last row wins within a batch, as it does across batches.
  let batch = new Map<string, Pending>();

  const flush = async (): Promise<void> => {
    if (batch.size === 0) return;
    const rows = [...batch.values()];
    batch = new Map();
    const written = await db.transaction((tx) => writeBatch(tx, rows, currency, options.now));
    counts.added += written.added;
    counts.renamed += written.renamed;
    counts.unchanged += rows.length - written.added - written.renamed;
    options.onProgress?.(rowsRead);
  };

  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  const parser = new CsvLineParser();
  let lineNumber = 0;
  let recordStart = 1;
  let header = true;
  try {
    for await (const line of lines) {
      lineNumber += 1;
      if (!parser.inRecord) recordStart = lineNumber;
      const fields = parser.feed(line);
      if (fields === undefined) continue;
      if (header) {
        header = false;
        if (!isCatalogCsvHeader(fields)) {
          throw new ApiError(
            400,
            'catalog.notACatalogFile',
            `A catalog file starts with the header 'gtin,name'; this one starts with '${fields.join(',').slice(0, 80)}'. Nothing was imported.`,
          );
        }
        await ensureDemoClasses(db, options.now);
        continue;
      }
      if (rowsRead >= limit) break;
      rowsRead += 1;
      const row = readCatalogCsvRow(fields);
      if (row.kind === 'skipped') {
        skippedCount += 1;
        if (skipped.length < SKIPPED_KEPT) skipped.push({ line: recordStart, reason: row.reason });
        continue;
      }
      batch.set(row.gtin14, { gtin14: row.gtin14, name: row.name });
      if (batch.size >= batchRows) await flush();
    }
  } finally {
    lines.close();
  }
  if (header) {
    throw new ApiError(
      400,
      'catalog.emptyFile',
      'The catalog file is empty. Nothing was imported.',
    );
  }
  if (parser.inRecord) {
    await flush();
    throw new ApiError(
      400,
      'catalog.csvMalformed',
      `The file ends inside a quoted field that starts on line ${recordStart}; the ${rowsRead - 1} rows before it were imported.`,
    );
  }
  await flush();
  // Fresh statistics after a large load, so the planner keeps using the indexes.
  if (counts.added > batchRows) await db.exec('ANALYZE product, product_price');
  return {
    rowsRead,
    productsAdded: counts.added,
    productsRenamed: counts.renamed,
    productsUnchanged: counts.unchanged,
    rowsSkipped: skippedCount,
    skipped,
  };
}

/** The tax classes and categories demo products refer to; existing ones are left as they are. */
async function ensureDemoClasses(db: Db, now: number): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM tax_class WHERE id = ANY($1::text[]))
            + (SELECT count(*) FROM category WHERE id = ANY($2::text[])) AS n`,
      [DEMO_TAX_CLASSES.map((t) => t.id), STORE_CATEGORIES.map((c) => c.id)],
    );
    if (Number(rows[0]?.n) === DEMO_TAX_CLASSES.length + STORE_CATEGORIES.length) return;
    let cursor = await takeCursors(
      tx,
      'catalog',
      DEMO_TAX_CLASSES.length + STORE_CATEGORIES.length,
    );
    for (const t of DEMO_TAX_CLASSES) {
      await tx.query(
        `INSERT INTO tax_class (id, name, rate_basis_points, change_cursor, updated_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`,
        [t.id, t.name, t.rateBasisPoints, cursor++, now],
      );
    }
    for (const [index, c] of STORE_CATEGORIES.entries()) {
      await tx.query(
        `INSERT INTO category (id, names, sort_order, change_cursor, updated_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`,
        [c.id, JSON.stringify(c.names), index, cursor++, now],
      );
    }
  });
}

/** One transaction: products by unnest of column arrays (one statement), then new chain prices. */
async function writeBatch(
  tx: SqlRunner,
  rows: readonly Pending[],
  currency: string,
  now: number,
): Promise<{ added: number; renamed: number }> {
  const columns = {
    gtin14: [] as string[],
    name: [] as string[],
    category: [] as string[],
    brand: [] as (string | null)[],
    soldBy: [] as string[],
    taxClass: [] as string[],
    price: [] as number[],
    memberPrices: [] as string[],
  };
  for (const row of rows) {
    const v = demoProductValues(row.gtin14);
    columns.gtin14.push(row.gtin14);
    columns.name.push(row.name);
    columns.category.push(v.category.id);
    columns.brand.push(v.brand);
    columns.soldBy.push(v.soldBy);
    columns.taxClass.push(v.category.taxClassId);
    columns.price.push(v.priceMinor);
    columns.memberPrices.push(
      JSON.stringify(Object.fromEntries(v.memberPrices.map((m) => [m.level, m.priceMinor]))),
    );
  }
  const first = await takeCursors(tx, 'catalog', rows.length);
  const written = await tx.query<{ inserted: boolean }>(
    `INSERT INTO product (gtin14, name, category_id, brand, sold_by, tax_class_id, change_cursor,
       updated_at)
     SELECT v.gtin14, v.name, v.category, v.brand, v.sold_by, v.tax_class, $7 + v.ord - 1, $8
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
       WITH ORDINALITY AS v(gtin14, name, category, brand, sold_by, tax_class, ord)
     ON CONFLICT (gtin14) DO UPDATE SET name = excluded.name,
       change_cursor = excluded.change_cursor, updated_at = excluded.updated_at
     WHERE product.name IS DISTINCT FROM excluded.name
     RETURNING (xmax = 0) AS inserted`,
    [
      columns.gtin14,
      columns.name,
      columns.category,
      columns.brand,
      columns.soldBy,
      columns.taxClass,
      first,
      now,
    ],
  );
  const added = written.rows.filter((r) => r.inserted).length;
  if (added > 0) {
    const firstPrice = await takeCursors(tx, 'prices', rows.length);
    // Only products without a chain price get the demo one: a price head office set stays.
    await tx.query(
      `INSERT INTO product_price (gtin14, store_id, price_minor, currency, member_prices,
         change_cursor, updated_at)
       SELECT v.gtin14, $4, v.price, $5, v.member_prices::jsonb, $6 + v.ord - 1, $7
       FROM unnest($1::text[], $2::bigint[], $3::text[])
         WITH ORDINALITY AS v(gtin14, price, member_prices, ord)
       ON CONFLICT (gtin14, store_id) DO NOTHING`,
      [columns.gtin14, columns.price, columns.memberPrices, CHAIN_PRICE, currency, firstPrice, now],
    );
  }
  return { added, renamed: written.rows.length - added };
}
