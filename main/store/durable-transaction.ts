// Runs one transaction with synchronous=FULL: the commit that records a tendered sale.
import type { RegisterDb } from './register-db';
import { statement } from './statement-cache';
import { StoreError } from './store-error';
import { writeTransaction } from './write-transaction';

/**
 * Runs `work` in a transaction whose commit is fsynced before it returns, so a sale the customer
 * paid for survives a pulled plug.
 *
 * Why per transaction and not for the whole connection: FULL costs an fsync on every commit, and
 * most of the register's commits (catalog chunks, sync applies, cart edits) can be fetched or redone
 * after a power cut, so they run at NORMAL, which in WAL mode never corrupts the file and only risks
 * the latest commits. The WAL is one sequential log, so syncing it at this commit also makes every
 * earlier NORMAL commit durable.
 */
export function durableTransaction<T>(db: RegisterDb, work: () => T): T {
  // A nested call would commit with the outer transaction, at whatever level that one ran.
  if (db.inTransaction) {
    throw new StoreError(
      'STORE_NESTED_DURABLE_TRANSACTION',
      'A durable transaction cannot run inside another transaction.',
    );
  }
  // Prepared once per connection: db.pragma() prepares its statement on every call, three times
  // per paid sale.
  const previous = statement<[], number>(db, 'PRAGMA synchronous').pluck().get() ?? 1;
  statement(db, 'PRAGMA synchronous = FULL').run();
  try {
    return writeTransaction(db, work)();
  } finally {
    statement(db, `PRAGMA synchronous = ${previous}`).run();
  }
}
