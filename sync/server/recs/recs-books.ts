// The server's books for recommendations: the store's pushed sales read back as baskets of GTIN-14s,
// the catalog's content features for them, and the store's models, versioned, each with the change
// cursor the `recommendations` pull stream serves it by.
import type { ProductFeatures } from '../../../app/catalog';
import type { Basket } from '../../../app/recommendations';
import { nameTokens } from '../../../app/recommendations';
import type { SqlRunner } from '../db/db';

/** A sale's lines name the register's own product ids; only their GTIN-14 is the chain's key. */
const GTIN14 = /^\d{14}$/;

/** Where a page of sales ended, to read the next one after it. */
export interface SalesPosition {
  readonly receivedAt: number;
  readonly mutationId: string;
}

export interface SalesPage {
  readonly baskets: readonly Basket[];
  /** Undefined when the page was empty: nothing after `after`. */
  readonly last: SalesPosition | undefined;
}

interface SaleRow {
  mutation_id: string;
  received_at: number;
  member_id: string | null;
  lines: unknown;
}

function gtinsOf(lines: unknown): string[] {
  if (!Array.isArray(lines)) return [];
  const gtins: string[] = [];
  for (const line of lines as unknown[]) {
    if (typeof line !== 'object' || line === null) continue;
    const { gtin14, quantity } = line as { gtin14?: unknown; quantity?: unknown };
    if (typeof gtin14 === 'string' && GTIN14.test(gtin14) && Number(quantity) > 0) {
      gtins.push(gtin14);
    }
  }
  return gtins;
}

/**
 * A page of the store's booked counter sales in arrival order, each as a basket of GTIN-14s with
 * its order's member. Only sales the server booked (applied or flagged) and still holds as a
 * completed order count: a `duplicate` names a sale booked under another mutation.
 */
export async function readSalesPage(
  db: SqlRunner,
  storeId: string,
  after: SalesPosition,
  limit: number,
): Promise<SalesPage> {
  const { rows } = await db.query<SaleRow>(
    `SELECT m.mutation_id, m.received_at, o.member_id, m.payload -> 'lines' AS lines
     FROM sync_mutation m JOIN customer_order o ON o.id = m.payload ->> 'saleId'
     WHERE m.store_id = $1 AND m.type = 'sale.completed' AND m.status IN ('applied', 'flagged')
       AND (m.received_at, m.mutation_id) > ($2, $3)
       AND o.store_id = $1 AND o.status = 'completed'
     ORDER BY m.received_at, m.mutation_id
     LIMIT $4`,
    [storeId, after.receivedAt, after.mutationId, limit],
  );
  const last = rows[rows.length - 1];
  return {
    baskets: rows.map((row) => ({ memberId: row.member_id, productIds: gtinsOf(row.lines) })),
    last:
      last === undefined
        ? undefined
        : { receivedAt: Number(last.received_at), mutationId: last.mutation_id },
  };
}

/** The store's booked sales so far (they are never deleted, so the count only grows). */
export async function countSales(db: SqlRunner, storeId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*) AS n FROM sync_mutation
     WHERE store_id = $1 AND type = 'sale.completed' AND status IN ('applied', 'flagged')`,
    [storeId],
  );
  return Number(rows[0]?.n ?? 0);
}

/** Content features (category, brand, name tokens) of the catalog's products among `gtins`. */
export async function readProductFeatures(
  db: SqlRunner,
  gtins: readonly string[],
): Promise<Map<string, ProductFeatures>> {
  const features = new Map<string, ProductFeatures>();
  const chunk = 5_000;
  for (let i = 0; i < gtins.length; i += chunk) {
    const { rows } = await db.query<{
      gtin14: string;
      name: string;
      category_id: string | null;
      brand: string | null;
    }>('SELECT gtin14, name, category_id, brand FROM product WHERE gtin14 = ANY($1::text[])', [
      gtins.slice(i, i + chunk),
    ]);
    for (const row of rows) {
      features.set(row.gtin14, {
        // Uncategorised products still compare by brand and name.
        categoryId: row.category_id ?? 'uncategorised',
        brand: row.brand,
        nameTokens: nameTokens(row.name),
      });
    }
  }
  return features;
}

export interface StoredModel {
  readonly storeId: string;
  readonly version: number;
  readonly cursor: number;
  readonly builtAt: number;
  readonly salesRead: number;
  readonly baskets: number;
  readonly entries: number;
  readonly bytes: number;
}

interface ModelRow {
  store_id: string;
  version: number;
  change_cursor: number;
  built_at: number;
  sales_read: number;
  baskets: number;
  entries: number;
  bytes: number;
}

const MODEL_COLUMNS =
  'store_id, version, change_cursor, built_at, sales_read, baskets, entries, bytes';

function storedModel(row: ModelRow): StoredModel {
  return {
    storeId: row.store_id,
    version: Number(row.version),
    cursor: Number(row.change_cursor),
    builtAt: Number(row.built_at),
    salesRead: Number(row.sales_read),
    baskets: row.baskets,
    entries: row.entries,
    bytes: row.bytes,
  };
}

/** The store's newest model (without its body), if it has one. */
export async function latestModel(
  db: SqlRunner,
  storeId: string,
): Promise<StoredModel | undefined> {
  const { rows } = await db.query<ModelRow>(
    `SELECT ${MODEL_COLUMNS} FROM recs_model WHERE store_id = $1 ORDER BY version DESC LIMIT 1`,
    [storeId],
  );
  const row = rows[0];
  return row === undefined ? undefined : storedModel(row);
}

/** The store's newest model with a cursor past `after`, body included (the pull stream). */
export async function latestModelAfter(
  db: SqlRunner,
  storeId: string,
  after: number,
): Promise<{ readonly cursor: number; readonly body: string } | undefined> {
  const { rows } = await db.query<{ change_cursor: number; body: string }>(
    `SELECT change_cursor, body FROM recs_model WHERE store_id = $1 AND change_cursor > $2
     ORDER BY change_cursor DESC LIMIT 1`,
    [storeId, after],
  );
  const row = rows[0];
  return row === undefined ? undefined : { cursor: Number(row.change_cursor), body: row.body };
}

export interface ModelToStore {
  readonly storeId: string;
  readonly builtAt: number;
  readonly salesRead: number;
  readonly baskets: number;
  readonly entries: number;
  /** The serialised model given its version, which is only known inside the transaction. */
  readonly serialise: (version: number) => string;
}

/**
 * Stores a new model as the store's next version under the next stream cursor, and drops all but
 * the newest `keep` versions. Call inside a transaction: the cursor row stays locked until commit.
 */
export async function storeModel(
  tx: SqlRunner,
  model: ModelToStore,
  keep: number,
): Promise<StoredModel> {
  const cursor = await tx.query<{ last: number }>(
    'UPDATE recs_stream SET last_cursor = last_cursor + 1 WHERE id = 1 RETURNING last_cursor AS last',
  );
  const changeCursor = Number(cursor.rows[0]?.last);
  if (!Number.isSafeInteger(changeCursor)) throw new Error('No recs stream row: migration 11?');
  const previous = await tx.query<{ version: number | null }>(
    'SELECT max(version) AS version FROM recs_model WHERE store_id = $1',
    [model.storeId],
  );
  const version = Number(previous.rows[0]?.version ?? 0) + 1;
  const body = model.serialise(version);
  const { rows } = await tx.query<ModelRow>(
    `INSERT INTO recs_model (store_id, version, change_cursor, built_at, sales_read, baskets, entries, bytes, body)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${MODEL_COLUMNS}`,
    [
      model.storeId,
      version,
      changeCursor,
      model.builtAt,
      model.salesRead,
      model.baskets,
      model.entries,
      Buffer.byteLength(body),
      body,
    ],
  );
  await tx.query('DELETE FROM recs_model WHERE store_id = $1 AND version <= $2', [
    model.storeId,
    version - keep,
  ]);
  const row = rows[0];
  if (row === undefined) throw new Error('recs model not stored');
  return storedModel(row);
}

/** Every store the server knows. */
export async function storeIds(db: SqlRunner): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM store ORDER BY id');
  return rows.map((row) => row.id);
}
