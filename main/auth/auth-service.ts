// Staff login with PIN and lockout, the logged-in session, and single-use approvals by a
// supervisor or manager for actions above the cashier's role. Every outcome is audited.
import type { Permission } from '../../app/auth';
import { DEFAULT_LOCKOUT, isLocked, recordFailure, recordSuccess, roleMay } from '../../app/auth';
import type { StaffSession } from '../../app/commands';
import type { Result } from '../../app/result';
import { err, ok } from '../../app/result';
import { writeAudit } from '../audit/audit-log';
import { newId } from '../core/ids';
import type { Clock } from '../core/ports';
import type { RegisterDb } from '../store/register-db';
import { verifyPin } from './pin-hash';
import { findStaff, saveAttempts } from './staff-store';
import type { StaffRecord } from './staff-store';
import { writeTransaction } from '../store/write-transaction';

/** An approval is for the action at hand, not for later. */
export const APPROVAL_TTL_MS = 2 * 60_000;

const WRONG_PIN = 'Wrong staff number or PIN';

export interface AuthService {
  session(): StaffSession | null;
  login(staffId: string, pin: string): Promise<Result<StaffSession>>;
  logout(): void;
  approve(
    approverId: string,
    pin: string,
    permission: Permission,
  ): Promise<Result<{ approvalId: string; expiresAt: number }>>;
  /** Marks an approval used for `permission`; refuses a missing, expired, used or wrong one. */
  useApproval(approvalId: string, permission: Permission): Result<{ approverId: string }>;
  /** The session's staff, or `auth.required`. */
  requireSession(): Result<StaffSession>;
}

export function createAuthService(
  options: Readonly<{ db: RegisterDb; clock: Clock }>,
): AuthService {
  const { db, clock } = options;
  let current: StaffSession | null = null;

  async function checkPin(staffId: string, pin: string): Promise<Result<StaffRecord>> {
    const now = clock.now();
    const staff = findStaff(db, staffId);
    // The same answer for an unknown id and a wrong PIN: the login screen must not reveal ids.
    if (staff === undefined || !staff.active) {
      writeAudit(db, { at: now, staffId: null, action: 'auth.failed', subject: staffId });
      return err('auth.wrongPin', WRONG_PIN);
    }
    if (isLocked(staff.attempts, now)) {
      writeAudit(db, { at: now, staffId, action: 'auth.refusedLocked' });
      return err('auth.locked', 'Too many wrong PINs: this login is locked for a few minutes', {
        lockedUntil: staff.attempts.lockedUntil,
      });
    }
    if (!(await verifyPin(pin, staff.pinHash))) {
      const attempts = recordFailure(staff.attempts, clock.now(), DEFAULT_LOCKOUT);
      writeTransaction(db, () => {
        saveAttempts(db, staffId, attempts);
        writeAudit(db, {
          at: clock.now(),
          staffId,
          action: isLocked(attempts, clock.now()) ? 'auth.lockout' : 'auth.failed',
          details: { failures: attempts.failures },
        });
      })();
      return err('auth.wrongPin', WRONG_PIN);
    }
    saveAttempts(db, staffId, recordSuccess());
    return ok(staff);
  }

  return {
    session: () => current,

    async login(staffId, pin) {
      const checked = await checkPin(staffId, pin);
      if (!checked.ok) return checked;
      const { id, name, role } = checked.value;
      current = { staffId: id, name, role };
      writeAudit(db, { at: clock.now(), staffId: id, action: 'auth.login' });
      return ok(current);
    },

    logout() {
      if (current)
        writeAudit(db, { at: clock.now(), staffId: current.staffId, action: 'auth.logout' });
      current = null;
    },

    async approve(approverId, pin, permission) {
      if (current === null) return err('auth.required', 'Log in first');
      const checked = await checkPin(approverId, pin);
      if (!checked.ok) return checked;
      if (!roleMay(checked.value.role, permission)) {
        return err('auth.notAllowed', `${checked.value.name} may not approve this`, { permission });
      }
      const approvalId = newId();
      const now = clock.now();
      const expiresAt = now + APPROVAL_TTL_MS;
      writeTransaction(db, () => {
        db.prepare(
          `INSERT INTO approval (id, permission, approver_id, requested_by, created_at, expires_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        ).run(approvalId, permission, approverId, current?.staffId, now, expiresAt);
        writeAudit(db, {
          at: now,
          staffId: approverId,
          action: 'auth.approve',
          subject: approvalId,
          details: { permission, requestedBy: current?.staffId },
        });
      })();
      return ok({ approvalId, expiresAt });
    },

    useApproval(approvalId, permission) {
      const row = db
        .prepare<
          [string],
          { permission: string; approver_id: string; expires_at: number; used_at: number | null }
        >('SELECT permission, approver_id, expires_at, used_at FROM approval WHERE id = ?')
        .get(approvalId);
      if (row === undefined || row.permission !== permission) {
        return err('auth.approvalInvalid', 'That approval is not for this action');
      }
      if (row.used_at !== null) return err('auth.approvalUsed', 'That approval was already used');
      if (clock.now() >= row.expires_at) {
        return err('auth.approvalExpired', 'That approval has expired; ask again');
      }
      db.prepare('UPDATE approval SET used_at = ? WHERE id = ?').run(clock.now(), approvalId);
      return ok({ approverId: row.approver_id });
    },

    requireSession() {
      return current === null ? err('auth.required', 'Log in first') : ok(current);
    },
  };
}
