// The shift at a register: open with a counted float, cash in and out of the drawer (supervisor),
// X reports mid-shift and the Z report that closes it with the counted cash (manager).
import { z } from 'zod';
import type { XReport, ZReport } from '../shift';
import { command } from './command';

const id = z.string().min(1).max(64);
const minor = z.number().int().min(0).max(1_000_000_000);
const reason = z.string().trim().min(1).max(200);

export interface ShiftView {
  readonly shiftId: string;
  readonly registerId: string;
  readonly cashierId: string;
  readonly openedAt: number;
  /** Minor units counted into the drawer at the start. */
  readonly openingFloat: number;
  readonly currency: string;
  readonly status: 'open' | 'closed';
  readonly closedAt: number | null;
  readonly zNumber: number | null;
}

export interface CashMovementView {
  readonly movementId: string;
  readonly shiftId: string;
  readonly kind: 'paidIn' | 'paidOut';
  readonly amount: number;
  readonly reason: string;
  readonly at: number;
  /** The supervisor who approved it; null when the logged-in staff may do it alone. */
  readonly approverId: string | null;
}

const cashMovement = z.object({
  amount: minor.min(1),
  reason,
  approvalId: id.optional(),
});

export const shiftCommands = {
  'shift.open': command(z.object({ openingFloat: minor })).returns<ShiftView>(),
  'shift.current': command(z.object({})).returns<ShiftView | null>(),
  /** Cash put into the drawer that is not a sale (change from the safe). */
  'shift.cashIn': command(cashMovement).returns<CashMovementView>(),
  /** Cash taken out that is not a refund (a drop to the safe, a delivery paid). */
  'shift.cashOut': command(cashMovement).returns<CashMovementView>(),
  /** Mid-shift figures; changes nothing. `counted` is an optional spot count of the drawer. */
  'shift.xReport': command(
    z.object({ counted: minor.optional(), approvalId: id.optional() }),
  ).returns<XReport>(),
  /** Closes the shift with the counted cash and takes the register's next Z number. */
  'shift.zReport': command(
    z.object({ counted: minor, approvalId: id.optional() }),
  ).returns<ZReport>(),
};
