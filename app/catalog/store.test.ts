import { describe, expect, it } from 'vitest';
import { DROP_THE_FEN } from '../money';
import { registerSchema, roleAtLeast, staffUserSchema, storeSchema } from './store';

describe('store, register and staff schemas', () => {
  const store = {
    id: 's1',
    name: 'Jing An',
    currency: 'CNY',
    timezone: 'Asia/Shanghai',
    taxMode: 'inclusive',
    cashRounding: DROP_THE_FEN,
  };

  it('accepts a mainland store that drops the fen', () => {
    expect(storeSchema.parse(store)).toEqual(store);
  });

  it('refuses a cash rounding increment below 1 and an unknown tax mode', () => {
    expect(
      storeSchema.safeParse({ ...store, cashRounding: { increment: 0, mode: 'down' } }).success,
    ).toBe(false);
    expect(storeSchema.safeParse({ ...store, taxMode: 'sometimes' }).success).toBe(false);
  });

  it('accepts a register and staff of each role, and refuses an unknown role', () => {
    expect(registerSchema.safeParse({ id: 'r1', storeId: 's1', name: 'Till 1' }).success).toBe(
      true,
    );
    for (const role of ['cashier', 'supervisor', 'manager', 'admin']) {
      expect(staffUserSchema.safeParse({ id: 'u1', name: 'Li', role }).success).toBe(true);
    }
    expect(staffUserSchema.safeParse({ id: 'u1', name: 'Li', role: 'owner' }).success).toBe(false);
  });
});

describe('roleAtLeast', () => {
  it('orders cashier < supervisor < manager < admin', () => {
    expect(roleAtLeast('supervisor', 'supervisor')).toBe(true);
    expect(roleAtLeast('cashier', 'supervisor')).toBe(false);
    expect(roleAtLeast('admin', 'manager')).toBe(true);
    expect(roleAtLeast('manager', 'admin')).toBe(false);
  });
});
