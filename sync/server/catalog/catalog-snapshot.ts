// The catalog as one streamed snapshot (NDJSON) for a register's first sync: a header with the
// cursors it is consistent with, every tax class and category, then the products in cursor order
// with the price in force at the register's store, and an end line. Read in keyset pages, so the
// database is never held for the whole catalog and a resumed snapshot starts where one stopped.
//
// Why it is consistent: products are read up to `until`, the catalog's last committed cursor when
// the snapshot began. A product changed meanwhile either is read with its new values or has moved
// past `until`, and the incremental pull from `until` brings it. Prices are read as they are when
// their page is read — never older than `prices_cursor`, taken at the start — so pulling prices
// from `prices_cursor` afterwards ends at the latest price of each.
import type { SnapshotEntry, SnapshotHeader } from '../../protocol';
import { PROTOCOL_SCHEMA_VERSION } from '../../protocol';
import type { SqlRunner } from '../db/db';
import { CHAIN_PRICE } from './catalog-books';
import type { ProductRow } from './catalog-streams';
import { PRODUCT_COLUMNS, productEntry, readClasses } from './catalog-streams';

export interface SnapshotRange {
  readonly storeId: string;
  /** Products with a cursor past this; 0 for a new snapshot, the last applied one to resume. */
  readonly after: number;
  /** The end cursor of the snapshot being resumed; a new snapshot takes the catalog's last. */
  readonly until?: number;
  /** Products per page read from the database (5,000 by default). */
  readonly pageRows?: number;
}

interface PricedProductRow extends ProductRow {
  price_minor: number | null;
  currency: string | null;
  member_prices: Record<string, number> | null;
}

/** NDJSON text, a page of lines per chunk. */
export async function* catalogSnapshot(
  db: SqlRunner,
  range: SnapshotRange,
): AsyncGenerator<string> {
  const pageRows = range.pageRows ?? 5000;
  // One statement: both cursors as of the same instant.
  const { rows: streams } = await db.query<{ stream: string; last_cursor: number }>(
    "SELECT stream, last_cursor FROM catalog_stream WHERE stream IN ('catalog', 'prices')",
  );
  const cursorOf = (name: string) => streams.find((s) => s.stream === name)?.last_cursor ?? 0;
  const until = range.until ?? cursorOf('catalog');
  const classes = await readClasses(db, range.after, until, 100_000);
  const { rows: counted } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM product WHERE change_cursor > $1 AND change_cursor <= $2',
    [range.after, until],
  );
  const header: SnapshotHeader = {
    kind: 'header',
    schema_version: PROTOCOL_SCHEMA_VERSION,
    stream: 'catalog',
    after: range.after,
    until,
    prices_cursor: cursorOf('prices'),
    total: classes.length + (counted[0]?.n ?? 0),
  };
  yield `${JSON.stringify(header)}\n${classes.map((c) => `${JSON.stringify(c)}\n`).join('')}`;
  let count = classes.length;
  let last = range.after;
  for (;;) {
    // The page first (an index range on the cursor), then each product's price by primary key:
    // a plan that cannot turn into a hash of the whole price table per page, statistics or not.
    const { rows } = await db.query<PricedProductRow>(
      `SELECT ${PRODUCT_COLUMNS}, pr.price_minor, pr.currency, pr.member_prices
       FROM (SELECT * FROM product WHERE change_cursor > $1 AND change_cursor <= $2
             ORDER BY change_cursor LIMIT $5) p
       LEFT JOIN LATERAL (
         SELECT price_minor, currency, member_prices FROM product_price x
         WHERE x.gtin14 = p.gtin14 AND x.store_id IN ($3, $4) AND x.price_minor IS NOT NULL
         ORDER BY x.store_id = $4 LIMIT 1
       ) pr ON true
       ORDER BY p.change_cursor`,
      [last, until, range.storeId, CHAIN_PRICE, pageRows],
    );
    if (rows.length === 0) break;
    let text = '';
    for (const row of rows) {
      const entry: SnapshotEntry = {
        ...productEntry(row),
        price:
          row.price_minor === null || row.currency === null
            ? null
            : {
                amount: row.price_minor,
                currency: row.currency,
                memberPrices: row.member_prices ?? {},
              },
      };
      text += `${JSON.stringify(entry)}\n`;
    }
    count += rows.length;
    last = (rows[rows.length - 1] as PricedProductRow).change_cursor;
    yield text;
    if (rows.length < pageRows) break;
  }
  yield `${JSON.stringify({ kind: 'end', count })}\n`;
}
