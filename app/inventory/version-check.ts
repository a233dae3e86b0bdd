// Optimistic concurrency: a writer read a record at some version; if the stored version moved
// since, its change is refused and it re-reads and retries, so no concurrent update is lost.
import type { DomainError, Result } from '../result';
import { err, ok } from '../result';
import type { StockLevel } from './stock-level';

export type VersionConflictError = DomainError<'stock.versionConflict'>;

/** The stored record if it is still at `expectedVersion`, else a conflict naming both versions. */
export function checkVersion(
  stored: StockLevel,
  expectedVersion: number,
): Result<StockLevel, VersionConflictError> {
  if (stored.version === expectedVersion) return ok(stored);
  return err(
    'stock.versionConflict',
    `The stock of ${stored.productId} changed while this was being saved; try again.`,
    { productId: stored.productId, expected: expectedVersion, actual: stored.version },
  );
}

/** Whether `next` is the direct successor of `read`: the write a version check lets through. */
export function isNextVersion(read: StockLevel, next: StockLevel): boolean {
  return next.version === read.version + 1;
}
