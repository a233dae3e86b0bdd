// Gap-free numbers this register owns (receipt numbers, outbox sequence), taken inside the
// transaction that uses them so that a rolled-back sale leaves no gap.
import type { RegisterDb } from './register-db';
import { statement } from './statement-cache';

/** z_no: Z report numbers (migration 5). */
export type CounterName = 'receipt_no' | 'outbox_seq' | 'z_no';

export function takeNext(db: RegisterDb, name: CounterName): number {
  if (!db.inTransaction)
    throw new Error(`${name} must be taken inside the transaction that uses it`);
  const row = statement<[string], { value: number }>(
    db,
    'UPDATE register_counter SET value = value + 1 WHERE name = ? RETURNING value',
  ).get(name);
  if (row === undefined) throw new Error(`Counter ${name} is missing`);
  return row.value;
}

export function currentValue(db: RegisterDb, name: CounterName): number {
  const row = statement<[string], { value: number }>(
    db,
    'SELECT value FROM register_counter WHERE name = ?',
  ).get(name);
  return row?.value ?? 0;
}
