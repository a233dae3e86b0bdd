// The shift commands: open with a counted float, cash in and out (supervisor), X report, and the
// Z report (manager) that closes the shift with the counted cash and a gap-free Z number. Reports
// are computed by app/shift from the stored rows, with the sales not yet synced.
import type { CashMovementView, shiftCommands } from '../../app/commands';
import type { Money } from '../../app/money';
import type { Result } from '../../app/result';
import { err, ok } from '../../app/result';
import type { UnsyncedSales, ZReport } from '../../app/shift';
import { openShift, recordPaidIn, recordPaidOut, xReport, zReport } from '../../app/shift';
import { writeAudit } from '../audit/audit-log';
import type { AuthService } from '../auth/auth-service';
import type { Handlers } from '../core/dispatch';
import { newId } from '../core/ids';
import type { Clock } from '../core/ports';
import { appendOutbox, outboxStatus } from '../outbox/outbox';
import { durableTransaction } from '../store/durable-transaction';
import { currentValue, takeNext } from '../store/register-counter';
import type { RegisterDb } from '../store/register-db';
import { approvedAction } from '../auth/approved-action';
import { loadShiftRecords } from './shift-records';
import {
  closeShiftRow,
  findOpenShift,
  insertCashMovement,
  insertShift,
  lastZNumber,
} from './shift-rows';
import { durableResultTransaction, resultTransaction } from '../store/result-transaction';

export function createShiftService(
  options: Readonly<{
    db: RegisterDb;
    clock: Clock;
    auth: AuthService;
    registerId: string;
    currency: string;
    /** After a shift opened (the escrow asks its flash-sale leases). */
    onOpened?: () => void;
    /** After the Z report closed the shift (the escrow hands its leases back). */
    onClosed?: () => void;
  }>,
): Handlers<typeof shiftCommands> {
  const { db, clock, auth, registerId, currency } = options;

  /** Sales recorded on this register that the central server has not acknowledged yet. */
  function unsynced(): UnsyncedSales {
    const status = outboxStatus(db);
    return { count: status.unackedSales, value: { amount: status.unackedSalesValue, currency } };
  }

  function notOpen(): Result<never> {
    const z = lastZNumber(db, registerId);
    return err(
      'shift.notOpen',
      z === null
        ? 'No shift is open on this register'
        : `No shift is open: the last one was closed by Z report ${z}`,
      z === null ? undefined : { lastZNumber: z },
    );
  }

  function moveCash(
    kind: 'paidIn' | 'paidOut',
    amount: number,
    reason: string,
    approvalId: string | undefined,
  ): Result<CashMovementView> {
    const at = clock.now();
    const cash: Money = { amount, currency };
    const recorded =
      kind === 'paidIn' ? recordPaidIn(cash, reason, at) : recordPaidOut(cash, reason, at);
    if (!recorded.ok) return recorded;
    return durableResultTransaction(db, (): Result<CashMovementView> => {
      const open = findOpenShift(db, registerId);
      if (open === undefined) return notOpen();
      const acting = approvedAction(auth, 'shift.cashInOut', approvalId);
      if (!acting.ok) return acting;
      const movement: CashMovementView = {
        movementId: newId(),
        shiftId: open.view.shiftId,
        kind,
        amount,
        reason: recorded.value.reason,
        at,
        approverId: acting.value.approverId,
      };
      insertCashMovement(db, movement, acting.value.staffId);
      writeAudit(db, {
        at,
        staffId: acting.value.staffId,
        action: kind === 'paidIn' ? 'shift.cashIn' : 'shift.cashOut',
        subject: movement.movementId,
        details: { amount, reason: movement.reason, approverId: movement.approverId },
      });
      return ok(movement);
    });
  }

  const handlers: Handlers<typeof shiftCommands> = {
    'shift.open': ({ openingFloat }) => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      if (findOpenShift(db, registerId) !== undefined) {
        return err('shift.alreadyOpen', 'A shift is already open on this register');
      }
      const opened = openShift({
        shiftId: newId(),
        registerId,
        cashierId: session.value.staffId,
        openedAt: clock.now(),
        openingFloat: { amount: openingFloat, currency },
      });
      if (!opened.ok) return opened;
      const shift = opened.value;
      durableTransaction(db, () => {
        insertShift(db, shift);
        writeAudit(db, {
          at: shift.openedAt,
          staffId: shift.cashierId,
          action: 'shift.open',
          subject: shift.shiftId,
          details: { openingFloat },
        });
      });
      options.onOpened?.();
      return ok({
        shiftId: shift.shiftId,
        registerId,
        cashierId: shift.cashierId,
        openedAt: shift.openedAt,
        openingFloat,
        currency,
        status: 'open',
        closedAt: null,
        zNumber: null,
      });
    },

    'shift.current': () => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      return ok(findOpenShift(db, registerId)?.view ?? null);
    },

    'shift.cashIn': ({ amount, reason, approvalId }) =>
      moveCash('paidIn', amount, reason, approvalId),
    'shift.cashOut': ({ amount, reason, approvalId }) =>
      moveCash('paidOut', amount, reason, approvalId),

    'shift.xReport': ({ counted, approvalId }) => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      const open = findOpenShift(db, registerId);
      if (open === undefined) return notOpen();
      return resultTransaction(db, () => {
        const acting = approvedAction(auth, 'shift.xReport', approvalId);
        if (!acting.ok) return acting;
        const records = loadShiftRecords(db, open.view.shiftId, currency);
        if (!records.ok) return records;
        const at = clock.now();
        const report = xReport(open.shift, records.value, {
          at,
          unsynced: unsynced(),
          ...(counted === undefined ? {} : { counted: { amount: counted, currency } }),
        });
        if (!report.ok) return report;
        writeAudit(db, {
          at,
          staffId: acting.value.staffId,
          action: 'shift.xReport',
          subject: open.view.shiftId,
          details: { approverId: acting.value.approverId, counted: counted ?? null },
        });
        return report;
      });
    },

    'shift.zReport': ({ counted, approvalId }) => {
      const closed = closeWithZReport(counted, approvalId);
      // After the commit: the leases go back once the shift is surely closed.
      if (closed.ok) options.onClosed?.();
      return closed;
    },
  };
  function closeWithZReport(counted: number, approvalId: string | undefined): Result<ZReport> {
    return durableResultTransaction(db, (): Result<ZReport> => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      const open = findOpenShift(db, registerId);
      if (open === undefined) return notOpen();
      const records = loadShiftRecords(db, open.view.shiftId, currency);
      if (!records.ok) return records;
      const at = clock.now();
      const closed = zReport(open.shift, records.value, {
        at,
        unsynced: unsynced(),
        counted: { amount: counted, currency },
        previousZNumber: currentValue(db, 'z_no'),
      });
      if (!closed.ok) return closed;
      // Checked after the figures and before any write: a refusal leaves nothing behind.
      const acting = approvedAction(auth, 'shift.zReport', approvalId);
      if (!acting.ok) return acting;
      const { report } = closed.value;
      const zNumber = takeNext(db, 'z_no');
      if (zNumber !== report.zNumber) throw new Error('Z number counter out of step');
      closeShiftRow(db, {
        shiftId: open.view.shiftId,
        closedAt: at,
        closedBy: acting.value.staffId,
        approverId: acting.value.approverId,
        zNumber,
        counted,
        report,
      });
      writeAudit(db, {
        at,
        staffId: acting.value.staffId,
        action: 'shift.zReport',
        subject: open.view.shiftId,
        details: {
          zNumber,
          counted,
          expected: report.figures.cash.expected.amount,
          variance: report.cashCount.variance.amount,
          approverId: acting.value.approverId,
        },
      });
      appendOutbox(db, { registerId, type: 'shift.closed', at, payload: report });
      return ok(report);
    });
  }
  return handlers;
}
