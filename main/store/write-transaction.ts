// Transactions on the register's main connection. Writes begin IMMEDIATE: a deferred transaction
// that reads and then writes fails at once with SQLITE_BUSY (no busy wait) when the background
// writer (catalog import, search build) committed in between, which would refuse a scan or a cart
// edit during an import. IMMEDIATE takes the write lock first and waits for it under busy_timeout.
import type { RegisterDb } from './register-db';

/** `work` as a write transaction (a savepoint when nested), its lock taken before it reads. */
export function writeTransaction<A extends unknown[], T>(
  db: RegisterDb,
  work: (...args: A) => T,
): (...args: A) => T {
  // eslint-disable-next-line no-restricted-syntax -- the one place that begins write transactions
  const transaction = db.transaction(work);
  return (...args: A) => transaction.immediate(...args);
}

/** `work` as one consistent read: every query sees the same snapshot, and no write lock is taken. */
export function readSnapshot<T>(db: RegisterDb, work: () => T): T {
  // eslint-disable-next-line no-restricted-syntax -- reads only, so a deferred begin is right
  return db.transaction(work).deferred();
}
