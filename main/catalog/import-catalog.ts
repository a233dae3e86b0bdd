// Imports a catalog file into the register's store without stopping the till. Into an empty
// catalog (a bulk load) the rows go to a background writer — a second connection on a worker
// thread — in transactions of a few thousand rows, while this thread reads and parses the file in
// slices of a few milliseconds; the category and search indexes are built after the load. Into a
// catalog that has products, rows are upserted here in short transactions. Either way the event
// loop gets a turn every few milliseconds, so scans (and every other message to the core) are
// answered throughout.
import { openBackgroundWriter } from '../store/background-writer';
import type { BackgroundWriter, SqlStep } from '../store/background-writer';
import type { RegisterDb } from '../store/register-db';
import { CatalogBulkBatch, productUpsertSteps, SEARCH_RANGE_SQL } from './catalog-bulk-batch';
import type { BulkRow } from './catalog-bulk-batch';
import type { CatalogSourceItem } from './catalog-source';
import { readCatalogFile } from './catalog-source';
import { createDemoCatalogWriter, ensureDemoCategories } from './demo-catalog-writer';
import {
  bulkLoadStartSteps,
  finishBulkLoad,
  isProductSearchLive,
  yieldToScans,
} from './product-search-index';
import { writeTransaction } from '../store/write-transaction';

export interface CatalogImportProgress {
  /** 'loading' rows, then (after a bulk load) 'indexing' them for search. */
  readonly phase: 'loading' | 'indexing';
  readonly rowsDone: number;
  /** From the share of the file read so far while loading; exact once known. */
  readonly rowsTotalEstimate: number;
}

export interface CatalogImportOptions {
  /** ISO 4217 code of the demo prices; CNY by default. */
  readonly currency?: string;
  /** Stamped on written products; the import's start time by default. */
  readonly updatedAt?: string;
  readonly onProgress?: (progress: CatalogImportProgress) => void;
  /** Report progress every this many rows (10,000 by default). */
  readonly progressEveryRows?: number;
  /** At most this many rows per transaction (5,000 by default)… */
  readonly chunkRows?: number;
  /** …and a transaction ends once it has run this long, so a scan never waits much longer (8 ms). */
  readonly chunkMillis?: number;
  /** Only the first N data rows (benchmarks' quick mode, tests). */
  readonly limitRows?: number;
  readonly signal?: AbortSignal;
  /**
   * false: a bulk load writes on this thread's connection (always so for an in-memory database).
   * Default true: on a worker thread's connection.
   */
  readonly backgroundWriter?: boolean;
}

export interface SkippedRow {
  readonly line: number;
  readonly reason: string;
}

export interface CatalogImportOutcome {
  /** 'bulk': the catalog was empty, search was indexed after the load; 'incremental': row by row. */
  readonly mode: 'bulk' | 'incremental';
  readonly rowsRead: number;
  readonly productsAdded: number;
  /** Rows whose GTIN-14 was already in the catalog, including repeats within the file. */
  readonly productsUpdated: number;
  readonly rowsSkipped: number;
  /** The first few skipped rows, for the operator. */
  readonly skipped: readonly SkippedRow[];
  readonly seconds: number;
}

const SKIPPED_KEPT = 20;
/**
 * A bulk load indexes products for search once this many are written (in the transaction of the
 * batch that completes them): large ranges make few index segments to merge, and such a
 * transaction still holds the writer for well under 0.1 s.
 */
const SEARCH_EVERY_ROWS = 20_000;

/** Imports a `gtin,name` CSV file (gzip when it ends in .gz). */
export async function importCatalogFile(
  db: RegisterDb,
  file: string,
  options: CatalogImportOptions = {},
): Promise<CatalogImportOutcome> {
  const estimate = { bytesRead: 0, totalBytes: 0 };
  const source = readCatalogFile(file, {
    onBytes: (bytesRead, totalBytes) => {
      estimate.bytesRead = bytesRead;
      estimate.totalBytes = totalBytes;
    },
  });
  return importCatalog(db, source, options, (rowsRead) =>
    estimate.bytesRead === 0
      ? rowsRead
      : Math.max(rowsRead, Math.round((rowsRead * estimate.totalBytes) / estimate.bytesRead)),
  );
}

/** Imports products from any source of catalog rows. */
export async function importCatalog(
  db: RegisterDb,
  source: AsyncIterable<CatalogSourceItem>,
  options: CatalogImportOptions = {},
  estimateTotal: (rowsRead: number) => number = (rowsRead) => rowsRead,
): Promise<CatalogImportOutcome> {
  const started = performance.now();
  const chunkMillis = options.chunkMillis ?? 8;
  const progressEvery = options.progressEveryRows ?? 10_000;
  const limit = options.limitRows ?? Number.POSITIVE_INFINITY;
  const onProgress = options.onProgress;
  const settings: SinkSettings = {
    currency: options.currency ?? 'CNY',
    updatedAt: options.updatedAt ?? new Date().toISOString(),
    chunkRows: options.chunkRows ?? 5000,
    chunkMillis,
    signal: options.signal,
  };

  ensureDemoCategories(db);
  const empty = db.prepare('SELECT NOT EXISTS (SELECT 1 FROM product)').pluck().get() === 1;
  // A catalog whose search is not live holds an interrupted bulk load: it is resumed as one.
  const mode = empty || !isProductSearchLive(db) ? 'bulk' : 'incremental';
  const writer =
    mode === 'bulk'
      ? openBackgroundWriter(db, {
          useWorker: options.backgroundWriter ?? true,
          autoCheckpointPages: 0,
          // Redundant checks, skipped: categories and tax classes are ensured before the load,
          // and every stock, member price and gram row is written only for a product the same
          // transaction shows is there (see catalog-bulk-batch.ts).
          foreignKeys: false,
        })
      : undefined;
  // During a bulk load the log is checkpointed once, at the end, on the writer's thread: a commit
  // on this connection must not start a checkpoint of the whole load here meanwhile.
  const autoCheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  if (writer !== undefined) db.pragma('wal_autocheckpoint = 0');

  let checkpointed = false;
  let rowsRead = 0;
  const skipped: SkippedRow[] = [];
  let skippedCount = 0;
  let nextProgress = progressEvery;
  const report = (phase: CatalogImportProgress['phase'], done: number, total: number) =>
    onProgress?.({ phase, rowsDone: done, rowsTotalEstimate: total });

  try {
    const bulk = writer === undefined ? undefined : await bulkSink(db, writer, settings);
    const sink = bulk ?? incrementalSink(db, settings);
    let lastYield = performance.now();
    for await (const item of source) {
      if (rowsRead >= limit) break;
      rowsRead += 1;
      if (item.kind === 'skipped') {
        skippedCount += 1;
        if (skipped.length < SKIPPED_KEPT) skipped.push({ line: item.line, reason: item.reason });
      } else {
        const handOver = sink.add(item.gtin14, item.name);
        if (handOver !== undefined) await handOver;
      }
      // Reading and parsing run in microtasks that never let a timer or a message in, so they are
      // bounded by the same time budget as a write.
      if (performance.now() - lastYield >= chunkMillis) {
        await sink.pause();
        lastYield = performance.now();
      }
      if (rowsRead >= nextProgress) {
        nextProgress += progressEvery;
        report('loading', rowsRead, Math.min(limit, estimateTotal(rowsRead)));
      }
    }
    await sink.flush();
    report('loading', rowsRead, rowsRead);

    if (writer !== undefined && bulk !== undefined) {
      let nextIndexProgress = progressEvery;
      await finishBulkLoad(db, writer, {
        searchComplete: bulk.searchComplete,
        chunkMillis,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        onProgress: (indexed, total) => {
          if (indexed >= nextIndexProgress || indexed === total) {
            nextIndexProgress = indexed + progressEvery;
            report('indexing', indexed, total);
          }
        },
      });
      await writer.checkpoint();
      checkpointed = true;
    }

    return {
      mode,
      rowsRead,
      productsAdded: sink.added,
      productsUpdated: sink.updated,
      rowsSkipped: skippedCount,
      skipped,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    if (writer !== undefined) {
      // A stopped load checkpoints too, so the next commit here does not copy the whole log.
      if (!checkpointed) await writer.checkpoint().catch(() => undefined);
      await writer.close();
      db.pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
    }
  }
}

interface SinkSettings {
  readonly currency: string;
  readonly updatedAt: string;
  readonly chunkRows: number;
  readonly chunkMillis: number;
  readonly signal: AbortSignal | undefined;
}

/** Where parsed rows go: written here row by row, or handed to the background writer in batches. */
interface CatalogSink {
  /** Takes one row; answers a promise when the caller must wait before reading on. */
  add(gtin14: string, name: string): Promise<void> | undefined;
  /** The time slice is used up: let scans in. */
  pause(): Promise<void>;
  /** Writes everything taken so far. */
  flush(): Promise<void>;
  readonly added: number;
  readonly updated: number;
}

/** Upserts on this thread's connection in transactions of about chunkMillis, yielding between. */
function incrementalSink(db: RegisterDb, settings: SinkSettings): CatalogSink {
  const writer = createDemoCatalogWriter(db, settings);
  const pending: { gtin14: string; name: string }[] = [];
  const counts = { added: 0, updated: 0 };
  // Writes what is pending in transactions of at most chunkRows rows and about chunkMillis each.
  const writeChunk = writeTransaction(db, (): void => {
    const deadline = performance.now() + settings.chunkMillis;
    const end = Math.min(pending.length, settings.chunkRows);
    let i = 0;
    while (i < end) {
      const row = pending[i] as { gtin14: string; name: string };
      if (writer.write(row.gtin14, row.name) === 'added') counts.added += 1;
      else counts.updated += 1;
      i += 1;
      // The clock is read every 64 rows: often enough to end near the deadline, rarely enough
      // to cost nothing.
      if ((i & 63) === 0 && performance.now() >= deadline) break;
    }
    pending.splice(0, i);
  });
  const drain = async (): Promise<void> => {
    do {
      settings.signal?.throwIfAborted();
      if (pending.length > 0) writeChunk();
      await yieldToScans();
    } while (pending.length > 0);
  };
  return {
    add(gtin14, name) {
      pending.push({ gtin14, name });
      return pending.length >= settings.chunkRows ? drain() : undefined;
    },
    pause: drain,
    flush: drain,
    get added() {
      return counts.added;
    },
    get updated() {
      return counts.updated;
    },
  };
}

/**
 * Hands batches of chunkRows rows to the background writer, one transaction each, while the next
 * batch is parsed here. Products get the next free ids so their stock and member prices go in
 * the same statements; a row whose GTIN (or id) was taken is found after its batch and upserted in
 * the next transaction, so the file's last row for a GTIN wins as in a row-by-row import.
 */
async function bulkSink(
  db: RegisterDb,
  writer: BackgroundWriter,
  settings: SinkSettings,
): Promise<CatalogSink & { readonly searchComplete: boolean }> {
  await writer.transaction(bulkLoadStartSteps());
  const counts = { added: 0, updated: 0 };
  const firstId =
    ((db.prepare('SELECT max(id) FROM product').pluck().get() as number | null) ?? 0) + 1;
  let nextId = firstId;
  // Products up to this id are in the search index; ranges are indexed every SEARCH_EVERY_ROWS.
  let indexedUpTo = firstId - 1;
  let searchFrom = firstId;
  // A resumed load finds products whose index state it does not know: search is rebuilt at the end.
  let searchComplete = firstId === 1;
  let batch = new CatalogBulkBatch();
  let inFlight: Promise<void> = Promise.resolve();
  let upserts: SqlStep[] = [];
  const rowAt = db.prepare<[number, number], { id: number; gtin14: string }>(
    'SELECT id, gtin14 FROM product WHERE id BETWEEN ? AND ?',
  );
  const idOf = db.prepare<[string], number>('SELECT id FROM product WHERE gtin14 = ?').pluck();

  // Runs on this thread's connection after the batch committed, while the writer is idle.
  const settle = (rows: readonly BulkRow[], inserted: number): void => {
    counts.added += inserted;
    if (inserted === rows.length || rows.length === 0) return;
    const first = (rows[0] as BulkRow).id;
    const stored = new Map(rowAt.all(first, first + rows.length).map((r) => [r.id, r.gtin14]));
    for (const row of rows) {
      if (stored.get(row.id) === row.gtin14) continue;
      const existing = idOf.get(row.gtin14);
      if (existing === undefined) counts.added += 1;
      else counts.updated += 1;
      // This load indexes the products it inserts, by id range: one in a range already indexed
      // has its entry replaced, one ahead of the ranges is indexed with its new name when its
      // range comes. Of any other product (a resumed load's, one written meanwhile by another
      // writer) the load cannot tell, and search is rebuilt at the end.
      const ours = existing !== undefined && existing >= firstId;
      if (!ours) searchComplete = false;
      const search = ours && existing <= indexedUpTo ? 'indexed' : 'leave';
      upserts.push(
        ...productUpsertSteps(row.gtin14, row.name, settings.currency, settings.updatedAt, search),
      );
    }
  };
  const send = async (final: boolean): Promise<void> => {
    const sending = batch;
    batch = new CatalogBulkBatch();
    const { steps, productSteps } = sending.steps(settings.currency, settings.updatedAt);
    // Every id below nextId is in this batch or an earlier one.
    const last = nextId - 1;
    let searchTo: number | undefined;
    if (last >= searchFrom && (final || last - searchFrom + 1 >= SEARCH_EVERY_ROWS)) {
      steps.push({ sql: SEARCH_RANGE_SQL, params: [searchFrom, last] });
      searchTo = last;
      searchFrom = last + 1;
    }
    await inFlight;
    settings.signal?.throwIfAborted();
    const carried = upserts;
    upserts = [];
    const transaction = writer.transaction([...carried, ...steps]).then((result) => {
      if (searchTo !== undefined) indexedUpTo = searchTo;
      let inserted = 0;
      for (let i = carried.length; i < carried.length + productSteps; i += 1) {
        inserted += result.values[i] as number;
      }
      settle(sending.rows, inserted);
    });
    // Awaited by the next send; marked handled now so a failure waits for that instead of
    // surfacing as an unhandled rejection while the next batch is parsed.
    transaction.catch(() => undefined);
    inFlight = transaction;
  };
  return {
    add(gtin14, name) {
      batch.add(nextId, gtin14, name);
      nextId += 1;
      return batch.size >= settings.chunkRows ? send(false) : undefined;
    },
    pause() {
      settings.signal?.throwIfAborted();
      return yieldToScans();
    },
    async flush() {
      await send(true);
      await inFlight;
      // Upserts never leave upserts behind: one more transaction finishes them.
      if (upserts.length > 0) {
        const last = upserts;
        upserts = [];
        await writer.transaction(last);
      }
    },
    get added() {
      return counts.added;
    },
    get updated() {
      return counts.updated;
    },
    get searchComplete() {
      return searchComplete;
    },
  };
}
