// The audit log: who did each sensitive action at the register, and when. Append only.
import type { RegisterDb } from '../store/register-db';
import { statement } from '../store/statement-cache';

export interface AuditEntry {
  readonly at: number;
  readonly staffId: string | null;
  /** Dotted action name: `auth.login`, `auth.lockout`, `sale.voidLine`, `sale.priceOverride`… */
  readonly action: string;
  /** What it was done to: a cart, sale, line or staff id. */
  readonly subject?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export function writeAudit(db: RegisterDb, entry: AuditEntry): void {
  statement(
    db,
    'INSERT INTO audit_log (at, staff_id, action, subject, details) VALUES (?, ?, ?, ?, ?)',
  ).run(
    entry.at,
    entry.staffId,
    entry.action,
    entry.subject ?? null,
    JSON.stringify(entry.details ?? {}),
  );
}
