// Staff records on the register: who may log in, with which role, and their PIN lockout state.
// Head office owns staff (synced later); seedStaff adds them for a new store and for the demo.
import type { StaffRole } from '../../app/catalog';
import type { LoginAttempts } from '../../app/auth';
import type { RegisterDb } from '../store/register-db';
import { hashPin } from './pin-hash';
import type { PinHashCost } from './pin-hash';
import { writeTransaction } from '../store/write-transaction';

export interface StaffRecord {
  readonly id: string;
  readonly name: string;
  readonly role: StaffRole;
  readonly pinHash: string;
  readonly attempts: LoginAttempts;
  readonly active: boolean;
}

interface StaffRow {
  id: string;
  name: string;
  role: StaffRole;
  pin_hash: string;
  failures: number;
  locked_until: number;
  active: 0 | 1;
}

export function findStaff(db: RegisterDb, id: string): StaffRecord | undefined {
  const row = db.prepare<[string], StaffRow>('SELECT * FROM staff WHERE id = ?').get(id);
  return row === undefined
    ? undefined
    : {
        id: row.id,
        name: row.name,
        role: row.role,
        pinHash: row.pin_hash,
        attempts: { failures: row.failures, lockedUntil: row.locked_until },
        active: row.active === 1,
      };
}

export function saveAttempts(db: RegisterDb, id: string, attempts: LoginAttempts): void {
  db.prepare('UPDATE staff SET failures = ?, locked_until = ? WHERE id = ?').run(
    attempts.failures,
    attempts.lockedUntil,
    id,
  );
}

export interface NewStaff {
  readonly id: string;
  readonly name: string;
  readonly role: StaffRole;
  readonly pin: string;
}

/** Adds or replaces staff; PINs are stored hashed only. */
export async function seedStaff(
  db: RegisterDb,
  staff: readonly NewStaff[],
  cost?: PinHashCost,
): Promise<void> {
  const hashed = await Promise.all(
    staff.map(async (s) => ({ ...s, pinHash: await hashPin(s.pin, cost) })),
  );
  const upsert = db.prepare(
    `INSERT INTO staff (id, name, role, pin_hash) VALUES (?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role,
       pin_hash = excluded.pin_hash, failures = 0, locked_until = 0, active = 1`,
  );
  writeTransaction(db, () => {
    for (const s of hashed) upsert.run(s.id, s.name, s.role, s.pinHash);
  })();
}
