// Staff roles and what each may do at the counter. A role includes every permission of the roles
// below it; an action above the cashier's role needs a supervisor's or manager's approval.

import type { StaffRole } from '../catalog/store';
import { roleAtLeast } from '../catalog/store';

/** The lowest role allowed to do each sensitive action without asking anyone. */
export const PERMISSIONS = {
  'sale.sell': 'cashier',
  'sale.voidLine': 'cashier',
  'sale.cancel': 'cashier',
  'sale.park': 'cashier',
  'sale.openPrice': 'cashier',
  'sale.priceOverride': 'supervisor',
  'sale.manualDiscount': 'supervisor',
  'return.withReceipt': 'cashier',
  'return.blind': 'manager',
  'return.toCashOverride': 'manager',
  'drawer.noSale': 'supervisor',
  'shift.open': 'cashier',
  'shift.cashInOut': 'supervisor',
  'shift.xReport': 'supervisor',
  'shift.zReport': 'manager',
  'stocktake.count': 'cashier',
  'stocktake.post': 'manager',
  'members.adjustPoints': 'manager',
  'settings.change': 'manager',
  'devices.choosePort': 'manager',
  'staff.manage': 'admin',
} as const satisfies Readonly<Record<string, StaffRole>>;

export type Permission = keyof typeof PERMISSIONS;

export function roleMay(role: StaffRole, permission: Permission): boolean {
  return roleAtLeast(role, PERMISSIONS[permission]);
}

/** Who must approve `permission` for `role`: undefined when the role may act alone. */
export function approvalNeeded(role: StaffRole, permission: Permission): StaffRole | undefined {
  return roleMay(role, permission) ? undefined : PERMISSIONS[permission];
}
