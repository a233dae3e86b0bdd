// Runs one transaction with synchronous=FULL: the commit that records a tendered sale.
import type { RegisterDb } from './register-db';
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
  const previous = db.pragma('synchronous', { simple: true }) as number;
  db.pragma('synchronous = FULL');
  try {
    return writeTransaction(db, work)();
  } finally {
    db.pragma(`synchronous = ${previous}`);
  }
}
