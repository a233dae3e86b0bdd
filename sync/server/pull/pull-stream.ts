// What one pullable stream provides: its entries after a cursor, for the calling register's store,
// in cursor order. The pull route serves any stream given to it, so adding a stream (members,
// stock, leases, flash sales, recommendations) is one more handler in the list.
import type { SqlRunner } from '../db/db';

export interface PullRequest {
  readonly storeId: string;
  readonly after: number;
  readonly limit: number;
}

export interface PullSlice {
  /** At most `limit` entries with cursor > after, strictly rising; each carries its cursor. */
  readonly entries: readonly { readonly cursor: number }[];
  /** True when entries past the last one wait. */
  readonly more: boolean;
}

export interface PullStreamHandler {
  readonly stream: string;
  read(db: SqlRunner, request: PullRequest): Promise<PullSlice>;
}

/** Cuts rows read with `limit + 1` to a slice: the extra row only says that more wait. */
export function sliceOf<T extends { readonly cursor: number }>(
  sorted: readonly T[],
  limit: number,
): PullSlice {
  return { entries: sorted.slice(0, limit), more: sorted.length > limit };
}
