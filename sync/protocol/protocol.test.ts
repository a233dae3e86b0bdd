import { describe, expect, it } from 'vitest';
import { pushBatchSchema, readMutation } from './index';

const sale = {
  saleId: 's-1',
  receiptNo: 1,
  storeId: 'store-1',
  cashierId: 'c1',
  memberId: null,
  currency: 'CNY',
  total: 350,
  pointsEarned: 0,
  pointsUsed: 0,
  lines: [{ lineId: 'l-1', productId: 7, gtin14: '06901234567892', quantity: 1, net: 350 }],
  payments: [{ kind: 'cash', amount: { amount: 350, currency: 'CNY' } }],
  completedAt: 1,
};

describe('push batch', () => {
  it('must be contiguous from from_seq', () => {
    const m = (seq: number) => ({
      seq,
      mutation_id: `m-${seq}`,
      type: 'cart.cancelled',
      payload: {},
      schema_version: 1,
      created_at: 0,
    });
    const batch = { schema_version: 1, register_id: 'r', from_seq: 3, mutations: [m(3), m(4)] };
    expect(pushBatchSchema.safeParse(batch).success).toBe(true);
    expect(pushBatchSchema.safeParse({ ...batch, mutations: [m(3), m(5)] }).success).toBe(false);
    expect(pushBatchSchema.safeParse({ ...batch, from_seq: 2 }).success).toBe(false);
  });
});

describe('readMutation', () => {
  it('reads a current sale, product ids as text', () => {
    const read = readMutation({ type: 'sale.completed', schema_version: 1, payload: sale });
    expect(read).toMatchObject({ ok: true, value: { type: 'sale.completed' } });
    if (read.ok && read.value.type === 'sale.completed') {
      expect(read.value.payload.lines[0]?.productId).toBe('7');
    }
  });

  it('upgrades older versions step by step, and refuses what it cannot read', () => {
    const upgrades = {
      'cart.cancelled': {
        1: (p: unknown) => ({ ...(p as object), lines: 0 }),
        2: (p: unknown) => ({ ...(p as object), reason: 'upgraded' }),
      },
    };
    const old = { type: 'cart.cancelled', schema_version: 1, payload: { cartId: 'c' } };
    expect(readMutation(old, { current: 3, upgrades })).toEqual({
      ok: true,
      value: { type: 'cart.cancelled', payload: { cartId: 'c', lines: 0, reason: 'upgraded' } },
    });
    expect(readMutation({ ...old, schema_version: 0 }, { current: 3, upgrades })).toMatchObject({
      ok: false,
      error: { code: 'mutation.noUpgrade' },
    });
    expect(readMutation({ ...old, schema_version: 4 }, { current: 3 })).toMatchObject({
      ok: false,
      error: { code: 'mutation.newerSchema' },
    });
    expect(readMutation({ ...old, type: 'loyalty.gift' })).toMatchObject({
      ok: false,
      error: { code: 'mutation.unknownType' },
    });
    expect(readMutation({ ...old, payload: { cartId: 'c', reason: 1, lines: 0 } })).toMatchObject({
      ok: false,
      error: { code: 'mutation.invalidPayload' },
    });
  });
});
