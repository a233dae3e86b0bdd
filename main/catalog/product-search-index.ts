// Finishes a catalog bulk load: creates the category index after the rows are in and turns the
// product search triggers back on, rebuilding the search index first when the load could not keep
// it complete — all in bounded transactions on the background writer (a worker thread when the
// store is a file), so scans are answered throughout. Per-row index maintenance by trigger costs
// about three times as much as indexing an id range in one statement (measured: ~3.6 s against
// ~1.2 s of tokenizing for 808k products, before the segments are written).
//
// catalog_search_state.live = 0 marks a bulk load that has not finished: the triggers are off,
// the category index may be missing and the search index is incomplete. A crash in that state is
// found at the next start (ensureProductSearch) and finished there.
import { openBackgroundWriter } from '../store/background-writer';
import type { BackgroundWriter, SqlStep } from '../store/background-writer';
import type { RegisterDb } from '../store/register-db';
import { PRODUCT_CATEGORY_INDEX_SQL, SEARCH_RANGE_SQL } from './catalog-bulk-batch';

export interface SearchIndexBuildOptions {
  /** Target time per transaction on this thread (8 ms): a scan waits no longer. */
  readonly chunkMillis?: number;
  /**
   * Target time per transaction on a worker thread (40 ms): scans do not wait for it at all; only
   * a write on the main connection (a sale) may wait for one transaction.
   */
  readonly workerChunkMillis?: number;
  readonly onProgress?: (indexed: number, total: number) => void;
  readonly signal?: AbortSignal;
  /** The writer to run on; one is opened (and closed) for the build when not given. */
  readonly writer?: BackgroundWriter;
}

const PAUSE_SQL = 'UPDATE catalog_search_state SET live = 0';

/**
 * The search index's FTS5 settings while a bulk load or a rebuild writes it by ranges: pending
 * entries are kept in memory up to 64 MiB (1 MiB by default), so each range becomes one segment
 * rather than a handful, and automatic merging waits (FTS5's crisis merge at 16 segments of a
 * level still bounds their number: 808k products end in about a dozen). Measured on the 808k
 * catalog: indexing took ~2.2 s of CPU with the defaults, ~1.3 s with these.
 */
const BULK_INDEX_STEPS: readonly SqlStep[] = [
  { sql: "INSERT INTO product_search (product_search, rank) VALUES ('hashsize', 67108864)" },
  { sql: "INSERT INTO product_search (product_search, rank) VALUES ('automerge', 0)" },
];

/**
 * FTS5's defaults again once search is live (per-row upkeep wants small pending data and merges
 * as it goes). Placed after the step that may set live = 1, in its transaction: they apply only
 * when it did. The settings live in the database, so a crash mid-load keeps the bulk ones until
 * the rebuild at the next start goes live.
 */
const LIVE_INDEX_STEPS: readonly SqlStep[] = [
  {
    sql: `INSERT INTO product_search (product_search, rank) SELECT 'hashsize', 1048576
          WHERE (SELECT live FROM catalog_search_state) = 1`,
  },
  {
    sql: `INSERT INTO product_search (product_search, rank) SELECT 'automerge', 4
          WHERE (SELECT live FROM catalog_search_state) = 1`,
  },
];

/** True while the triggers keep the index in step with the product table. */
export function isProductSearchLive(db: RegisterDb): boolean {
  return db.prepare('SELECT live FROM catalog_search_state').pluck().get() === 1;
}

/**
 * The steps that open a bulk load: triggers off, category index off until the rows are in, the
 * search index's bulk settings.
 */
export function bulkLoadStartSteps(): SqlStep[] {
  return [
    { sql: PAUSE_SQL },
    { sql: 'DROP INDEX IF EXISTS product_category' },
    ...BULK_INDEX_STEPS,
  ];
}

/**
 * Ends a bulk load: the category index, then search goes live — at once when the load indexed
 * every product it wrote and nothing else wrote meanwhile (as many index entries as products),
 * after a full rebuild otherwise.
 */
export async function finishBulkLoad(
  db: RegisterDb,
  writer: BackgroundWriter,
  options: SearchIndexBuildOptions & { readonly searchComplete: boolean },
): Promise<void> {
  options.signal?.throwIfAborted();
  // One statement over the whole table: about half a second for 808k products, which holds only
  // the writer (scans read on meanwhile) — cheaper than keeping the index during the load.
  await writer.transaction([{ sql: PRODUCT_CATEGORY_INDEX_SQL }]);
  if (options.searchComplete) {
    const result = await writer.transaction([
      {
        sql: `UPDATE catalog_search_state SET live = 1
              WHERE (SELECT count(*) FROM product) = (SELECT count(*) FROM product_search_docsize)`,
      },
      { sql: 'SELECT count(*) FROM product' },
      ...LIVE_INDEX_STEPS,
    ]);
    if (result.values[0] === 1) {
      const total = result.values[1] as number;
      options.onProgress?.(total, total);
      return;
    }
  }
  await buildOn(db, writer, options);
}

/**
 * Creates the category index when missing, rebuilds the search index from the product table and
 * turns per-row maintenance back on, in the same transaction as the last chunk so no product
 * written meanwhile is missed.
 */
export async function buildProductSearch(
  db: RegisterDb,
  options: SearchIndexBuildOptions = {},
): Promise<void> {
  if (options.writer !== undefined) {
    await buildOn(db, options.writer, options);
    return;
  }
  const writer = openBackgroundWriter(db);
  try {
    await buildOn(db, writer, options);
    // After a crash the log may hold a whole interrupted load: copy it into the database file on
    // the writer's thread, not in the next commit on this one.
    await writer.checkpoint();
  } finally {
    await writer.close();
  }
}

async function buildOn(
  db: RegisterDb,
  writer: BackgroundWriter,
  options: SearchIndexBuildOptions,
): Promise<void> {
  const target =
    writer.kind === 'worker' ? (options.workerChunkMillis ?? 40) : (options.chunkMillis ?? 8);
  // Products per transaction, adjusted after each one towards the time target.
  let chunkRows = writer.kind === 'worker' ? 5000 : 500;
  const total = db.prepare('SELECT count(*) FROM product').pluck().get() as number;
  // Triggers off, so rows written meanwhile are indexed once, by the chunks; whatever an
  // interrupted earlier build left behind goes. The category index too may be missing after an
  // interrupted bulk load.
  await writer.transaction([
    { sql: PAUSE_SQL },
    { sql: PRODUCT_CATEGORY_INDEX_SQL },
    { sql: "INSERT INTO product_search (product_search) VALUES ('delete-all')" },
    ...BULK_INDEX_STEPS,
  ]);
  // Goes live only when no product lies beyond the indexed range; products added meanwhile got
  // higher ids, so they are still ahead of the cursor.
  const goLive = `UPDATE catalog_search_state SET live = 1
    WHERE (SELECT coalesce(max(id), 0) FROM product) <= ?`;
  let done = 0;
  let cursor = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const upTo = cursor + chunkRows;
    const result = await writer.transaction([
      { sql: SEARCH_RANGE_SQL, params: [cursor + 1, upTo] },
      { sql: goLive, params: [upTo] },
      ...LIVE_INDEX_STEPS,
    ]);
    done += result.values[0] as number;
    cursor = upTo;
    options.onProgress?.(done, Math.max(total, done));
    if (result.values[1] === 1) return;
    const elapsed = Math.max(0.5, result.millis);
    chunkRows = Math.round(Math.min(50_000, Math.max(100, (chunkRows * target) / elapsed)));
    // The worker's transactions leave the main thread free; inline ones need a turn for scans.
    if (writer.kind === 'inline') await yieldToScans();
  }
}

/**
 * Finishes a bulk load that was interrupted (a crash, a closed app): category index, search
 * index, triggers back on. Answers whether there was one to finish.
 */
export async function ensureProductSearch(
  db: RegisterDb,
  options: SearchIndexBuildOptions = {},
): Promise<boolean> {
  if (isProductSearchLive(db)) return false;
  await buildProductSearch(db, options);
  return true;
}

/** Lets queued scans and messages run before the next chunk of bulk work. */
export function yieldToScans(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
