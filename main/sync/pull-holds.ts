// Which members and products this register's own outbox still changes, as of a pull request: their
// pulled state waits (parked) until the rows are acknowledged, while every other member and
// product is applied at once. The rule and its reason are in sync/protocol/conflict-policy.ts.
import type { KeyedStream } from '../../sync/protocol';
import { keysTouched } from '../../sync/protocol';
import { currentValue } from '../store/register-counter';
import type { RegisterDb } from '../store/register-db';
import { statement } from '../store/statement-cache';

/** Keys whose pulled state must wait: some, or all of the stream (an unreadable row). */
export type HeldKeys =
  { readonly kind: 'some'; readonly keys: ReadonlySet<string> } | { readonly kind: 'all' };

/** What parked entries of a keyed stream wait for, beside "product:…" (a product not here yet). */
export const WAITS_FOR_OUTBOX = 'outbox';

/**
 * Where the outbox stood before a page was asked for: the lowest unacknowledged seq, or the next
 * seq when all are acknowledged. Every row below it was acknowledged before the request left, so
 * the server had booked it (it answers a push only after committing) and the page includes it;
 * any row at or above it may be missing from the page, however soon it is acknowledged.
 */
export function outboxMark(db: RegisterDb): number {
  const lowest = statement<[], number | null>(
    db,
    'SELECT min(seq) FROM outbox INDEXED BY outbox_unacked WHERE acked_at IS NULL',
  )
    .pluck()
    .get();
  return lowest ?? currentValue(db, 'outbox_seq') + 1;
}

export function isHeld(held: HeldKeys, key: string): boolean {
  return held.kind === 'all' || held.keys.has(key);
}

/**
 * The members (ids) or products (the register's product ids, as pushed) that rows at or past
 * `mark` change. Rows acknowledged since are counted too: the page was asked for before.
 */
export function heldKeys(db: RegisterDb, stream: KeyedStream, mark: number): HeldKeys {
  const rows = statement<[number], { type: string; payload: string }>(
    db,
    'SELECT type, payload FROM outbox WHERE seq >= ? ORDER BY seq',
  ).all(mark);
  const keys = new Set<string>();
  const memberOfSale = (saleId: string): string | null =>
    statement<[string], string | null>(db, 'SELECT member_id FROM sale WHERE id = ?')
      .pluck()
      .get(saleId) ?? null;
  for (const row of rows) {
    const touched = keysTouched(stream, row.type, JSON.parse(row.payload), memberOfSale);
    if (touched.kind === 'all') return { kind: 'all' };
    for (const key of touched.keys) keys.add(key);
  }
  return { kind: 'some', keys };
}
