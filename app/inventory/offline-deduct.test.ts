import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deductOffline, sumStockDeltas } from './offline-deduct';
import { stockLevel } from './stock-level';

describe('deductOffline', () => {
  it('sells the last unit normally', () => {
    const last = stockLevel({ storeId: 's', productId: 'p', available: 1, safety: 0 });
    const sold = deductOffline(last, 1, { orderId: 'o-1' });
    if (!sold.ok) throw new Error('expected ok');
    expect(sold.value.state).toMatchObject({ total: 0, available: 0, version: 1 });
    expect(sold.value.delta).toBe(-1);
    expect(sold.value.reconciliation).toBeUndefined();
    expect(sold.value.alert).toMatchObject({ type: 'lowStock', available: 0 });
  });

  it('two registers sell the last unit: the second goes to −1 and is flagged, not refused', () => {
    const last = stockLevel({ storeId: 's', productId: 'p', available: 1 });
    const first = deductOffline(last, 1, { orderId: 'a' });
    if (!first.ok) throw new Error('expected ok');
    const second = deductOffline(first.value.state, 1, { orderId: 'b' });
    if (!second.ok) throw new Error('expected ok');
    expect(second.value.state).toMatchObject({ total: -1, available: -1 });
    expect(second.value.log).toMatchObject({ type: 'out', before: 0, after: -1, orderId: 'b' });
    expect(second.value.reconciliation).toEqual({
      type: 'negativeStock',
      storeId: 's',
      productId: 'p',
      available: -1,
      orderId: 'b',
    });
  });

  it('refuses only a quantity that is not a sale', () => {
    const s = stockLevel({ storeId: 's', productId: 'p' });
    expect(deductOffline(s, 0).ok).toBe(false);
    expect(deductOffline(s, 2.5).ok).toBe(false);
  });

  it('property: a paid sale is never refused, and negatives are always flagged', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 20 }),
        fc.array(fc.integer({ min: 1, max: 10 }), { maxLength: 30 }),
        (available, sales) => {
          let state = stockLevel({ storeId: 's', productId: 'p', available });
          const deltas: { productId: string; delta: number }[] = [];
          for (const q of sales) {
            const sold = deductOffline(state, q);
            expect(sold.ok).toBe(true);
            if (!sold.ok) return;
            state = sold.value.state;
            deltas.push({ productId: 'p', delta: sold.value.delta });
            expect(state.total).toBe(state.available + state.locked);
            expect(sold.value.reconciliation !== undefined).toBe(state.available < 0);
          }
          const sum = sales.reduce((a, b) => a + b, 0);
          expect(state.available).toBe(available - sum);
          expect(sumStockDeltas(deltas).get('p') ?? 0).toBe(0 - sum);
        },
      ),
    );
  });
});
