// Imports a catalog file into the register's store without stopping the till: rows are streamed,
// written in short transactions, and the event loop gets a turn between them so scans (and every
// other message to the core) are answered throughout.
import type { RegisterDb } from '../store/register-db';
import type { CatalogSourceItem } from './catalog-source';
import { readCatalogFile } from './catalog-source';
import { createDemoCatalogWriter } from './demo-catalog-writer';
import {
  buildProductSearch,
  isProductSearchLive,
  pauseProductSearch,
  yieldToScans,
} from './product-search-index';

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
  const chunkRows = options.chunkRows ?? 5000;
  const chunkMillis = options.chunkMillis ?? 8;
  const progressEvery = options.progressEveryRows ?? 10_000;
  const limit = options.limitRows ?? Number.POSITIVE_INFINITY;
  const onProgress = options.onProgress;
  const writer = createDemoCatalogWriter(db, {
    currency: options.currency ?? 'CNY',
    updatedAt: options.updatedAt ?? new Date().toISOString(),
  });

  const empty = db.prepare('SELECT NOT EXISTS (SELECT 1 FROM product)').pluck().get() === 1;
  const mode = empty || !isProductSearchLive(db) ? 'bulk' : 'incremental';
  if (mode === 'bulk') pauseProductSearch(db);

  let rowsRead = 0;
  let added = 0;
  let updated = 0;
  const skipped: SkippedRow[] = [];
  let skippedCount = 0;
  let nextProgress = progressEvery;
  const pending: { gtin14: string; name: string }[] = [];

  const report = (phase: CatalogImportProgress['phase'], done: number, total: number) =>
    onProgress?.({ phase, rowsDone: done, rowsTotalEstimate: total });

  // Writes what is pending in transactions of at most chunkRows rows and about chunkMillis each.
  const writeChunk = db.transaction((): void => {
    const deadline = performance.now() + chunkMillis;
    const end = Math.min(pending.length, chunkRows);
    let i = 0;
    while (i < end) {
      const row = pending[i] as { gtin14: string; name: string };
      if (writer.write(row.gtin14, row.name) === 'added') added += 1;
      else updated += 1;
      i += 1;
      // The clock is read every 64 rows: often enough to end near the deadline, rarely enough
      // to cost nothing.
      if ((i & 63) === 0 && performance.now() >= deadline) break;
    }
    pending.splice(0, i);
  });
  let lastYield = performance.now();
  const drain = async (): Promise<void> => {
    do {
      options.signal?.throwIfAborted();
      if (pending.length > 0) writeChunk();
      await yieldToScans();
    } while (pending.length > 0);
    lastYield = performance.now();
  };

  for await (const item of source) {
    if (rowsRead >= limit) break;
    rowsRead += 1;
    if (item.kind === 'skipped') {
      skippedCount += 1;
      if (skipped.length < SKIPPED_KEPT) skipped.push({ line: item.line, reason: item.reason });
    } else {
      pending.push({ gtin14: item.gtin14, name: item.name });
    }
    // Reading and parsing run in microtasks that never let a timer or a message in, so they are
    // bounded by the same time budget as a write.
    if (pending.length >= chunkRows || performance.now() - lastYield >= chunkMillis) await drain();
    if (rowsRead >= nextProgress) {
      nextProgress += progressEvery;
      report('loading', rowsRead, Math.min(limit, estimateTotal(rowsRead)));
    }
  }
  await drain();
  report('loading', rowsRead, rowsRead);

  if (mode === 'bulk') {
    let nextIndexProgress = progressEvery;
    await buildProductSearch(db, {
      chunkMillis,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      onProgress: (indexed, total) => {
        if (indexed >= nextIndexProgress || indexed === total) {
          nextIndexProgress = indexed + progressEvery;
          report('indexing', indexed, total);
        }
      },
    });
  }

  return {
    mode,
    rowsRead,
    productsAdded: added,
    productsUpdated: updated,
    rowsSkipped: skippedCount,
    skipped,
    seconds: (performance.now() - started) / 1000,
  };
}
