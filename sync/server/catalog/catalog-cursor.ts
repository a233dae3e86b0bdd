// Hands out change cursors per stream. The UPDATE locks the stream's row until the transaction
// ends, so a later writer waits and gets higher cursors that commit after these: a register that
// read "everything after N" can never miss a row that commits later with a cursor below N. No
// cursor is below the database's clock in microseconds (migration 15), so a server restored from
// an older backup never hands out again a cursor registers have pulled past.
import type { SqlRunner } from '../db/db';

export type CatalogStream = 'catalog' | 'prices' | 'promotions';

/** Reserves `count` cursors of the stream and answers the first; unused ones are harmless gaps. */
export async function takeCursors(
  tx: SqlRunner,
  stream: CatalogStream,
  count: number,
): Promise<number> {
  const { rows } = await tx.query<{ last: number }>(
    `UPDATE catalog_stream SET last_cursor = greatest(last_cursor, change_cursor_floor()) + $2
     WHERE stream = $1
     RETURNING last_cursor AS last`,
    [stream, count],
  );
  const last = rows[0]?.last;
  if (last === undefined) throw new Error(`No catalog stream ${stream}: migration 7 missing?`);
  return last - count + 1;
}

/** The stream's last cursor handed out (committed or not; a reader sees up to the committed). */
export async function lastCursor(tx: SqlRunner, stream: CatalogStream): Promise<number> {
  const { rows } = await tx.query<{ last: number }>(
    'SELECT last_cursor AS last FROM catalog_stream WHERE stream = $1',
    [stream],
  );
  return rows[0]?.last ?? 0;
}
