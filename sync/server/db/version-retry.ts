// Optimistic concurrency at the transaction level: a write that finds its row at another version
// throws VersionConflict, the whole transaction rolls back, and it runs again on fresh reads.
// No concurrent update is lost; after many tries the caller gets a 409 to retry later. Retries
// wait a random, growing pause: without it a herd of writers on one hot row collides again and
// again, and the last of N writers can need N rounds.
import type { Db, SqlRunner } from './db';
import { PG_DEADLOCK, PG_SERIALIZATION_FAILURE, pgErrorCode } from './db';
import { ApiError } from '../http/api-error';

export class VersionConflict extends Error {
  override readonly name = 'VersionConflict';
}

export async function inVersionedTransaction<T>(
  db: Db,
  work: (tx: SqlRunner) => Promise<T>,
  attempts = 30,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.transaction(work);
    } catch (error) {
      const retriable =
        error instanceof VersionConflict ||
        pgErrorCode(error) === PG_SERIALIZATION_FAILURE ||
        pgErrorCode(error) === PG_DEADLOCK;
      if (!retriable) throw error;
      if (attempt >= attempts) {
        throw new ApiError(
          409,
          'stock.versionConflict',
          'The record kept changing while this was being saved; try again.',
        );
      }
      const pauseMs = Math.random() * Math.min(50, 2 ** attempt);
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
}
