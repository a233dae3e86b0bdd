import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LOCKOUT,
  NO_ATTEMPTS,
  PERMISSIONS,
  approvalNeeded,
  isLocked,
  recordFailure,
  recordSuccess,
  roleMay,
} from './index';
import { STAFF_ROLES } from '../catalog';

describe('roles and permissions', () => {
  it('lets each role do what the roles below it may', () => {
    for (const permission of Object.keys(PERMISSIONS) as Array<keyof typeof PERMISSIONS>) {
      const allowed = STAFF_ROLES.map((role) => roleMay(role, permission));
      // Once allowed, allowed for every higher role.
      expect(allowed.indexOf(true)).toBeGreaterThanOrEqual(0);
      expect(allowed.slice(allowed.indexOf(true)).every(Boolean)).toBe(true);
    }
  });

  it('asks a supervisor to approve a cashier price override and a manager for a blind return', () => {
    expect(approvalNeeded('cashier', 'sale.priceOverride')).toBe('supervisor');
    expect(approvalNeeded('supervisor', 'sale.priceOverride')).toBeUndefined();
    expect(approvalNeeded('cashier', 'return.blind')).toBe('manager');
    expect(approvalNeeded('supervisor', 'return.blind')).toBe('manager');
    expect(approvalNeeded('manager', 'return.blind')).toBeUndefined();
    expect(approvalNeeded('cashier', 'sale.sell')).toBeUndefined();
  });
});

describe('PIN lockout', () => {
  const policy = DEFAULT_LOCKOUT;
  const t0 = 1_700_000_000_000;

  it('locks on the fifth wrong PIN in a row, not the fourth', () => {
    let attempts = NO_ATTEMPTS;
    for (let i = 1; i <= 4; i += 1) attempts = recordFailure(attempts, t0 + i, policy);
    expect(isLocked(attempts, t0 + 5)).toBe(false);
    attempts = recordFailure(attempts, t0 + 5, policy);
    expect(isLocked(attempts, t0 + 5)).toBe(true);
    expect(isLocked(attempts, t0 + 5 + policy.lockMs - 1)).toBe(true);
    expect(isLocked(attempts, t0 + 5 + policy.lockMs)).toBe(false);
  });

  it('starts counting afresh after the lock runs out, and after a good PIN', () => {
    let attempts = NO_ATTEMPTS;
    for (let i = 0; i < 5; i += 1) attempts = recordFailure(attempts, t0, policy);
    const later = t0 + policy.lockMs;
    attempts = recordFailure(attempts, later, policy);
    expect(attempts.failures).toBe(1);
    expect(isLocked(attempts, later)).toBe(false);
    expect(recordSuccess()).toEqual(NO_ATTEMPTS);
  });
});
