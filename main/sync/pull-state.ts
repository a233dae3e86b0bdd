// The register's bookkeeping for pulls: each stream's cursor, the outbox check that holds a stream
// back while this register's own changes to it are unacknowledged, and entries parked until what
// they refer to arrives. All of it is written inside the caller's transaction.
import type { PullStream } from '../../sync/protocol';
import type { RegisterDb } from '../store/register-db';
import { statement } from '../store/statement-cache';

/**
 * The outbox mutation types that hold a whole stream back until acknowledged. Server wins for the
 * catalog, prices and promotions, and the register never sends changes to them: none. Members and
 * stock are not held back whole: only the members and products this register's unacknowledged
 * rows change wait, entry by entry (pull-holds.ts).
 */
export const STREAM_OUTBOX_TYPES: Readonly<Record<PullStream, readonly string[]>> = {
  catalog: [],
  prices: [],
  promotions: [],
  recommendations: [],
  members: [],
  stock: [],
};

export function readPullCursor(db: RegisterDb, stream: string): number | undefined {
  return statement<[string], number>(db, 'SELECT cursor FROM sync_pull_cursor WHERE stream = ?')
    .pluck()
    .get(stream);
}

export function writePullCursor(db: RegisterDb, stream: string, cursor: number, at: number): void {
  statement(
    db,
    `INSERT INTO sync_pull_cursor (stream, cursor, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (stream) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
  ).run(stream, cursor, at);
}

/** True when no outbox row of these types waits for the server's acknowledgement. */
export function outboxSettled(db: RegisterDb, types: readonly string[]): boolean {
  if (types.length === 0) return true;
  const pending = db
    .prepare(
      `SELECT EXISTS (SELECT 1 FROM outbox WHERE acked_at IS NULL
         AND type IN (${types.map(() => '?').join(', ')}))`,
    )
    .pluck()
    .get(...types);
  return pending === 0;
}

/** Keeps an entry until `waitsFor` (e.g. "product:0690…", "taxClass:vat-9") is applied. */
export function parkEntry(
  db: RegisterDb,
  stream: string,
  key: string,
  waitsFor: string,
  entry: unknown,
): void {
  statement(
    db,
    `INSERT INTO sync_parked_entry (stream, key, waits_for, entry) VALUES (?, ?, ?, ?)
     ON CONFLICT (stream, key) DO UPDATE SET waits_for = excluded.waits_for,
       entry = excluded.entry`,
  ).run(stream, key, waitsFor, JSON.stringify(entry));
}

/** Removes and answers the entries that waited for `what`, oldest stream first. */
export function takeParked(
  db: RegisterDb,
  what: string,
): { readonly stream: string; readonly entry: unknown }[] {
  const rows = statement<[string], { stream: string; entry: string }>(
    db,
    'SELECT stream, entry FROM sync_parked_entry WHERE waits_for = ? ORDER BY stream, key',
  ).all(what);
  if (rows.length === 0) return [];
  statement(db, 'DELETE FROM sync_parked_entry WHERE waits_for = ?').run(what);
  return rows.map((r) => ({ stream: r.stream, entry: JSON.parse(r.entry) as unknown }));
}

/** Drops what is parked under a key (a newer entry for it was applied directly). */
export function unparkKey(db: RegisterDb, stream: string, key: string): void {
  statement(db, 'DELETE FROM sync_parked_entry WHERE stream = ? AND key = ?').run(stream, key);
}

/** The entries of a stream parked waiting for `waitsFor`, by key; they stay parked. */
export function parkedEntries(
  db: RegisterDb,
  stream: string,
  waitsFor: string,
): { readonly key: string; readonly entry: unknown }[] {
  return statement<[string, string], { key: string; entry: string }>(
    db,
    'SELECT key, entry FROM sync_parked_entry WHERE stream = ? AND waits_for = ? ORDER BY key',
  )
    .all(stream, waitsFor)
    .map((r) => ({ key: r.key, entry: JSON.parse(r.entry) as unknown }));
}

/** Whether any entry of the stream is parked waiting for `waitsFor`. */
export function hasParked(db: RegisterDb, stream: string, waitsFor: string): boolean {
  return (
    statement<[string, string], number>(
      db,
      'SELECT EXISTS (SELECT 1 FROM sync_parked_entry WHERE stream = ? AND waits_for = ?)',
    )
      .pluck()
      .get(stream, waitsFor) === 1
  );
}
