import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StockLevel } from './stock-level';
import { isConsistent, stockLevel } from './stock-level';
import { adjustStock, deductStock, lockStock, receiveStock, releaseStock } from './stock-moves';
import { checkVersion, isNextVersion } from './version-check';

const base = stockLevel({ storeId: 's-1', productId: 'cola', available: 10, locked: 0, safety: 3 });

function code(result: { ok: boolean; error?: { code: string } }): string {
  return result.ok ? 'ok' : (result.error?.code ?? '?');
}

describe('lockStock', () => {
  it('moves units from available to locked and logs available before/after', () => {
    const moved = lockStock(base, 4, { orderId: 'o-1' });
    if (!moved.ok) throw new Error('expected ok');
    expect(moved.value.state).toMatchObject({ total: 10, available: 6, locked: 4, version: 1 });
    expect(moved.value.log).toEqual({
      type: 'lock',
      storeId: 's-1',
      productId: 'cola',
      quantity: 4,
      figure: 'available',
      before: 10,
      after: 6,
      orderId: 'o-1',
    });
  });

  it('locks exactly what is available, refuses one more', () => {
    expect(code(lockStock(base, 10))).toBe('ok');
    const refused = lockStock(base, 11);
    expect(code(refused)).toBe('stock.insufficient');
    if (!refused.ok) expect(refused.error.details).toMatchObject({ available: 10, requested: 11 });
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses quantity %s', (q) => {
    expect(code(lockStock(base, q))).toBe('stock.quantityInvalid');
    expect(code(deductStock(base, q))).toBe('stock.quantityInvalid');
    expect(code(releaseStock(base, q))).toBe('stock.quantityInvalid');
    expect(code(receiveStock(base, q))).toBe('stock.quantityInvalid');
    expect(code(adjustStock(base, q === -1 ? 0 : q))).toBe('stock.quantityInvalid');
  });
});

describe('deductStock', () => {
  const locked = stockLevel({
    storeId: 's-1',
    productId: 'cola',
    available: 6,
    locked: 4,
    safety: 3,
  });

  it('takes held units out of the store and logs the total', () => {
    const moved = deductStock(locked, 4, { orderId: 'o-1' });
    if (!moved.ok) throw new Error('expected ok');
    expect(moved.value.state).toMatchObject({ total: 6, available: 6, locked: 0, version: 1 });
    expect(moved.value.log).toMatchObject({ type: 'out', figure: 'total', before: 10, after: 6 });
    expect(moved.value.alert).toBeUndefined();
  });

  it('refuses more than is held', () => {
    expect(code(deductStock(locked, 5))).toBe('stock.notLocked');
  });

  it('raises a low-stock alert at safety stock exactly, not one above', () => {
    const atSafety = stockLevel({
      storeId: 's',
      productId: 'p',
      available: 3,
      locked: 1,
      safety: 3,
    });
    const above = stockLevel({ storeId: 's', productId: 'p', available: 4, locked: 1, safety: 3 });
    const low = deductStock(atSafety, 1);
    const fine = deductStock(above, 1);
    if (!low.ok || !fine.ok) throw new Error('expected ok');
    expect(low.value.alert).toEqual({
      type: 'lowStock',
      storeId: 's',
      productId: 'p',
      available: 3,
      safety: 3,
    });
    expect(fine.value.alert).toBeUndefined();
  });
});

describe('releaseStock', () => {
  it('frees held units and refuses more than is held', () => {
    const held = stockLevel({ storeId: 's', productId: 'p', available: 1, locked: 2 });
    const moved = releaseStock(held, 2, { orderId: 'o' });
    if (!moved.ok) throw new Error('expected ok');
    expect(moved.value.state).toMatchObject({ total: 3, available: 3, locked: 0 });
    expect(moved.value.log).toMatchObject({ type: 'unlock', before: 1, after: 3 });
    expect(code(releaseStock(held, 3))).toBe('stock.notLocked');
  });
});

describe('receiveStock and adjustStock', () => {
  it('receive adds to total and available', () => {
    const moved = receiveStock(base, 5, { reason: 'delivery' });
    if (!moved.ok) throw new Error('expected ok');
    expect(moved.value.state).toMatchObject({ total: 15, available: 15, locked: 0 });
    expect(moved.value.log).toMatchObject({
      type: 'in',
      before: 10,
      after: 15,
      reason: 'delivery',
    });
  });

  it('adjust changes total by a signed delta, down to zero available but not below', () => {
    const held = stockLevel({ storeId: 's', productId: 'p', available: 2, locked: 5 });
    const down = adjustStock(held, -2, { reason: 'broken' });
    if (!down.ok) throw new Error('expected ok');
    expect(down.value.state).toMatchObject({ total: 5, available: 0, locked: 5 });
    expect(down.value.log).toMatchObject({ type: 'adjust', quantity: -2, before: 7, after: 5 });
    expect(code(adjustStock(held, -3))).toBe('stock.insufficient');
    expect(code(adjustStock(held, 0))).toBe('stock.quantityInvalid');
  });
});

describe('version check', () => {
  it('passes at the read version, refuses after any change', () => {
    expect(checkVersion(base, 0).ok).toBe(true);
    const moved = receiveStock(base, 1);
    if (!moved.ok) throw new Error('expected ok');
    expect(isNextVersion(base, moved.value.state)).toBe(true);
    const conflict = checkVersion(moved.value.state, 0);
    expect(code(conflict)).toBe('stock.versionConflict');
    if (!conflict.ok) expect(conflict.error.details).toMatchObject({ expected: 0, actual: 1 });
  });

  it('two writers from one read: the second is refused and wins only after a retry', () => {
    const read = base;
    const first = lockStock(read, 2);
    if (!first.ok) throw new Error('expected ok');
    const stored = first.value.state;
    // The second writer read version 0 too; its write is refused…
    expect(checkVersion(stored, read.version).ok).toBe(false);
    // …so it re-reads and retries, and both locks are kept.
    const retried = lockStock(stored, 3);
    if (!retried.ok) throw new Error('expected ok');
    expect(retried.value.state).toMatchObject({ available: 5, locked: 5, version: 2 });
  });
});

type Op =
  { kind: 'lock' | 'deduct' | 'release' | 'receive'; q: number } | { kind: 'adjust'; q: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constantFrom(
      'lock' as const,
      'deduct' as const,
      'release' as const,
      'receive' as const,
    ),
    q: fc.integer({ min: -2, max: 30 }),
  }),
  fc.record({ kind: fc.constant('adjust' as const), q: fc.integer({ min: -30, max: 30 }) }),
);

function apply(state: StockLevel, op: Op) {
  switch (op.kind) {
    case 'lock':
      return lockStock(state, op.q);
    case 'deduct':
      return deductStock(state, op.q);
    case 'release':
      return releaseStock(state, op.q);
    case 'receive':
      return receiveStock(state, op.q);
    case 'adjust':
      return adjustStock(state, op.q);
  }
}

describe('property: stock is conserved', () => {
  it('total = available + locked, never negative, and total moves only by in/out/adjust', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 50 }),
        fc.nat({ max: 50 }),
        fc.array(opArb, { maxLength: 60 }),
        (available, locked, ops) => {
          let state = stockLevel({ storeId: 's', productId: 'p', available, locked, safety: 5 });
          let expectedTotal = state.total;
          for (const op of ops) {
            const moved = apply(state, op);
            if (!moved.ok) {
              expect(['stock.insufficient', 'stock.notLocked', 'stock.quantityInvalid']).toContain(
                moved.error.code,
              );
              continue;
            }
            const { log } = moved.value;
            if (log.type === 'in') expectedTotal += log.quantity;
            if (log.type === 'out') expectedTotal -= log.quantity;
            if (log.type === 'adjust') expectedTotal += log.quantity;
            expect(moved.value.state.version).toBe(state.version + 1);
            expect(log.before).toBe(state[log.figure]);
            expect(log.after).toBe(moved.value.state[log.figure]);
            state = moved.value.state;
            expect(isConsistent(state)).toBe(true);
            expect(state.total).toBe(expectedTotal);
          }
        },
      ),
    );
  });
});
