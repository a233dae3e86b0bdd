// Who is calling: an enrolled register (scoped to its store) or a staff member with a role.

export type StaffRole = 'cashier' | 'supervisor' | 'manager' | 'admin';

export type Principal =
  | {
      readonly kind: 'register';
      readonly registerId: string;
      readonly storeId: string;
      /** The token's expiry, epoch ms. */
      readonly expiresAt: number;
    }
  | {
      readonly kind: 'staff';
      readonly staffId: string;
      readonly role: StaffRole;
      readonly expiresAt: number;
    };

/** The rate-limit and log key of a principal. */
export function clientIdOf(principal: Principal): string {
  return principal.kind === 'register'
    ? `register:${principal.registerId}`
    : `staff:${principal.staffId}`;
}
