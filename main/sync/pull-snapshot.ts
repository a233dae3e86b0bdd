// An empty register's first sync: the catalog snapshot applied in short transactions (each records
// how far it got, so a restart resumes after the last one), with per-row search indexing off while
// it loads; then the search index is built on a background connection and the streams get the
// cursors the snapshot is consistent with.
import type { SnapshotTarget } from '../../sync/client';
import type { SnapshotEntry, SnapshotHeader } from '../../sync/protocol';
import { buildProductSearch } from '../catalog/product-search-index';
import type { RegisterDb } from '../store/register-db';
import { statement } from '../store/statement-cache';
import type { PullTargetOptions } from './pull-targets';
import { writeCategory, writeProduct, writeTaxClass } from './pull-catalog-rows';
import { readPullCursor, writePullCursor } from './pull-state';
import { writeTransaction } from '../store/write-transaction';

interface SnapshotRow {
  readonly until_cursor: number;
  readonly prices_cursor: number;
  readonly applied_through: number;
}

function snapshotRow(db: RegisterDb): SnapshotRow | undefined {
  return statement<[], SnapshotRow>(
    db,
    "SELECT until_cursor, prices_cursor, applied_through FROM sync_snapshot WHERE stream = 'catalog'",
  ).get();
}

/**
 * Whether a first sync was cut short: its next pull resumes it and builds the search index at the
 * end, so nothing else should build that index meanwhile.
 */
export function isSnapshotPending(db: RegisterDb): boolean {
  return snapshotRow(db) !== undefined;
}

export function registerSnapshotTarget(
  db: RegisterDb,
  options: PullTargetOptions & {
    /** A background writer's transactions last this long while the index is built (40 ms). */
    readonly indexChunkMillis?: number;
  },
): SnapshotTarget {
  const applyChunk = writeTransaction(db, (entries: readonly SnapshotEntry[]) => {
    const context = {
      currency: options.currency,
      updatedAt: new Date(options.now()).toISOString(),
    };
    let through: number | undefined;
    for (const entry of entries) {
      switch (entry.kind) {
        case 'taxClass':
          writeTaxClass(db, entry);
          break;
        case 'category':
          writeCategory(db, entry);
          break;
        case 'product': {
          const { price, ...product } = entry;
          writeProduct(db, product, price, context);
          through = entry.cursor;
          break;
        }
        default: {
          const unknown: never = entry;
          throw new Error(`Unknown snapshot entry ${JSON.stringify(unknown)}`);
        }
      }
    }
    // Only products move the resume point: classes all come before them in a snapshot.
    statement(
      db,
      `UPDATE sync_snapshot SET applied = applied + ?,
         applied_through = max(applied_through, coalesce(?, applied_through))
       WHERE stream = 'catalog'`,
    ).run(entries.length, through ?? null);
  });

  const finishCursors = writeTransaction(db, (row: SnapshotRow) => {
    const at = options.now();
    writePullCursor(db, 'catalog', row.until_cursor, at);
    if ((readPullCursor(db, 'prices') ?? 0) < row.prices_cursor) {
      writePullCursor(db, 'prices', row.prices_cursor, at);
    }
    statement(db, "DELETE FROM sync_snapshot WHERE stream = 'catalog'").run();
  });

  return {
    pending() {
      const row = snapshotRow(db);
      if (row !== undefined) return { after: row.applied_through, until: row.until_cursor };
      if (readPullCursor(db, 'catalog') !== undefined) return undefined;
      const empty = db.prepare('SELECT NOT EXISTS (SELECT 1 FROM product)').pluck().get() === 1;
      // A register that has a catalog already (the demo's, a local import) is brought up to the
      // server's by the catalog stream instead, row by row.
      return empty ? { after: 0, until: undefined } : undefined;
    },
    begin(header: SnapshotHeader) {
      writeTransaction(db, () => {
        statement(
          db,
          `INSERT INTO sync_snapshot (stream, until_cursor, prices_cursor, applied_through, total,
             started_at)
           VALUES ('catalog', ?, ?, ?, ?, ?)`,
        ).run(header.until, header.prices_cursor, header.after, header.total, options.now());
        // Per-row search indexing off for the load; the index is built once at the end (see
        // main/catalog/product-search-index), several times faster than row by row.
        db.prepare('UPDATE catalog_search_state SET live = 0').run();
      })();
    },
    applyChunk: (entries) => applyChunk(entries),
    async finish(onProgress) {
      const row = snapshotRow(db);
      if (row === undefined) return;
      await buildProductSearch(db, {
        onProgress,
        ...(options.indexChunkMillis === undefined
          ? {}
          : { workerChunkMillis: options.indexChunkMillis }),
      });
      finishCursors(row);
    },
  };
}
