// A cashier's shift at one register: opened with a counted float, closed by its Z report.
import type { Money } from '../money';
import type { Result } from '../result';
import { err, ok } from '../result';

export type ShiftStatus =
  | { readonly kind: 'open' }
  | { readonly kind: 'closed'; readonly closedAt: number; readonly zNumber: number };

export interface Shift {
  readonly shiftId: string;
  readonly registerId: string;
  readonly cashierId: string;
  readonly openedAt: number;
  /** The cash counted into the drawer at the start. */
  readonly openingFloat: Money;
  readonly status: ShiftStatus;
}

export interface OpenShiftInput {
  readonly shiftId: string;
  readonly registerId: string;
  readonly cashierId: string;
  readonly openedAt: number;
  readonly openingFloat: Money;
}

export type ShiftErrorCode =
  | 'shift.invalidFloat'
  | 'shift.invalidAmount'
  | 'shift.reasonRequired'
  | 'shift.closed'
  | 'shift.currencyMismatch'
  | 'shift.badRecord'
  | 'shift.beforeOpen';

export function openShift(input: OpenShiftInput): Result<Shift> {
  const { amount } = input.openingFloat;
  if (!Number.isSafeInteger(amount) || amount < 0) {
    return err<ShiftErrorCode>(
      'shift.invalidFloat',
      'Count the opening float: it cannot be negative.',
    );
  }
  return ok({ ...input, status: { kind: 'open' } });
}

export function isOpen(shift: Shift): boolean {
  return shift.status.kind === 'open';
}
