// The no-sale: opening the cash drawer without a sale needs `drawer.noSale` (a supervisor, or a
// supervisor's single-use approval) and is audited, so every opening of the till has a name on it.
import type { drawerCommands } from '../../app/commands';
import type { Result } from '../../app/result';
import { err, ok } from '../../app/result';
import { writeAudit } from '../audit/audit-log';
import type { AuthService } from '../auth/auth-service';
import type { ActingStaff } from '../auth/approved-action';
import { approvedAction } from '../auth/approved-action';
import type { Handlers } from '../core/dispatch';
import type { Clock } from '../core/ports';
import type { RegisterDb } from '../store/register-db';
import { resultTransaction } from '../store/result-transaction';
import type { CashDrawer } from './register-devices';
import { notConnected } from './register-devices';

export function createDrawerService(
  options: Readonly<{
    db: RegisterDb;
    clock: Clock;
    auth: AuthService;
    drawer: CashDrawer | undefined;
  }>,
): Handlers<typeof drawerCommands> {
  const { db, clock, auth, drawer } = options;
  return {
    'drawer.open': async ({ reason, approvalId }) => {
      if (drawer === undefined) return notConnected('drawer');
      // The approval is used and the opening audited before the pulse: a drawer that opened
      // must never lack its audit row. A pulse that then fails is audited as well.
      const acting = resultTransaction(db, (): Result<ActingStaff> => {
        const allowed = approvedAction(auth, 'drawer.noSale', approvalId);
        if (!allowed.ok) return allowed;
        writeAudit(db, {
          at: clock.now(),
          staffId: allowed.value.staffId,
          action: 'drawer.noSale',
          details: { reason, approverId: allowed.value.approverId },
        });
        return allowed;
      });
      if (!acting.ok) return acting;
      const opened = await drawer.open();
      if (!opened.ok) {
        writeAudit(db, {
          at: clock.now(),
          staffId: acting.value.staffId,
          action: 'drawer.noSaleFailed',
          details: { code: opened.error.code },
        });
        return err('devices.drawerFailed', 'The cash drawer did not open: check the printer cable');
      }
      return ok(null);
    },
  };
}
