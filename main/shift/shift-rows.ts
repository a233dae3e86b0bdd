// The register's shift rows: the open shift (a sale needs one), opening and closing, and cash
// moved in or out of the drawer.
import type { ShiftView, CashMovementView } from '../../app/commands';
import type { Shift } from '../../app/shift';
import type { Result } from '../../app/result';
import { err, ok } from '../../app/result';
import type { RegisterDb } from '../store/register-db';
import { statement } from '../store/statement-cache';

interface ShiftRow {
  id: string;
  register_id: string;
  cashier_id: string;
  currency: string;
  opening_float: number;
  opened_at: number;
  status: 'open' | 'closed';
  closed_at: number | null;
  z_number: number | null;
}

const SHIFT_COLUMNS =
  'id, register_id, cashier_id, currency, opening_float, opened_at, status, closed_at, z_number';

export interface StoredShift {
  readonly view: ShiftView;
  readonly shift: Shift;
}

function fromRow(row: ShiftRow): StoredShift {
  const view: ShiftView = {
    shiftId: row.id,
    registerId: row.register_id,
    cashierId: row.cashier_id,
    openedAt: row.opened_at,
    openingFloat: row.opening_float,
    currency: row.currency,
    status: row.status,
    closedAt: row.closed_at,
    zNumber: row.z_number,
  };
  const shift: Shift = {
    shiftId: row.id,
    registerId: row.register_id,
    cashierId: row.cashier_id,
    openedAt: row.opened_at,
    openingFloat: { amount: row.opening_float, currency: row.currency },
    status:
      row.status === 'open' || row.closed_at === null || row.z_number === null
        ? { kind: 'open' }
        : { kind: 'closed', closedAt: row.closed_at, zNumber: row.z_number },
  };
  return { view, shift };
}

export function findOpenShift(db: RegisterDb, registerId: string): StoredShift | undefined {
  // Asked by every tender: a cached statement.
  const row = statement<[string], ShiftRow>(
    db,
    `SELECT ${SHIFT_COLUMNS} FROM shift WHERE register_id = ? AND status = 'open'`,
  ).get(registerId);
  return row === undefined ? undefined : fromRow(row);
}

/** Refuses when the register has no open shift: money cannot be taken into a closed drawer. */
export function requireOpenShift(db: RegisterDb, registerId: string): Result<StoredShift> {
  const open = findOpenShift(db, registerId);
  return open === undefined
    ? err('shift.notOpen', 'No shift is open on this register: open one with a counted float')
    : ok(open);
}

export function insertShift(db: RegisterDb, shift: Shift): void {
  db.prepare(
    `INSERT INTO shift (id, register_id, cashier_id, currency, opening_float, opened_at, status)
     VALUES (?, ?, ?, ?, ?, ?, 'open')`,
  ).run(
    shift.shiftId,
    shift.registerId,
    shift.cashierId,
    shift.openingFloat.currency,
    shift.openingFloat.amount,
    shift.openedAt,
  );
}

export function closeShiftRow(
  db: RegisterDb,
  close: Readonly<{
    shiftId: string;
    closedAt: number;
    closedBy: string;
    approverId: string | null;
    zNumber: number;
    counted: number;
    report: unknown;
  }>,
): void {
  const updated = db
    .prepare(
      `UPDATE shift SET status = 'closed', closed_at = ?, closed_by = ?, approver_id = ?,
         z_number = ?, counted_cash = ?, z_report = ?
       WHERE id = ? AND status = 'open'`,
    )
    .run(
      close.closedAt,
      close.closedBy,
      close.approverId,
      close.zNumber,
      close.counted,
      JSON.stringify(close.report),
      close.shiftId,
    );
  if (updated.changes !== 1) throw new Error(`Shift ${close.shiftId} is not open`);
}

export function insertCashMovement(db: RegisterDb, movement: CashMovementView, staffId: string) {
  db.prepare(
    `INSERT INTO shift_cash_movement (id, shift_id, kind, amount, reason, staff_id, approver_id, at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    movement.movementId,
    movement.shiftId,
    movement.kind,
    movement.amount,
    movement.reason,
    staffId,
    movement.approverId,
    movement.at,
  );
}

export function lastZNumber(db: RegisterDb, registerId: string): number | null {
  const row = db
    .prepare<[string], { z: number | null }>(
      "SELECT max(z_number) AS z FROM shift WHERE register_id = ? AND status = 'closed'",
    )
    .get(registerId);
  return row?.z ?? null;
}
