// The pole display's two lines: a welcome with no sale, the last item's charge and the total, a
// weighed item still waiting for its weight, and what was paid with the change.
import { describe, expect, it } from 'vitest';
import type { CartView, CompletedSaleView } from '../../app/commands';
import { paidLines, saleLines, WELCOME } from './pole-display';

function view(lines: readonly { lineId: string; active: boolean; net?: number }[], total: number) {
  return {
    cart: {
      currency: 'CNY',
      lines: lines.map((l) => ({
        lineId: l.lineId,
        status: { kind: l.active ? 'active' : 'void' },
      })),
    },
    totals: {
      priced: {
        lines: lines
          .filter((l) => l.net !== undefined)
          .map((l) => ({ lineId: l.lineId, net: { amount: l.net, currency: 'CNY' } })),
        totals: { total: { amount: total, currency: 'CNY' } },
      },
    },
  } as unknown as CartView;
}

describe('pole display lines', () => {
  it('welcomes when there is no sale', () => {
    expect(saleLines(null)).toEqual(WELCOME);
  });

  it('shows the last active item’s charge and the total, right-aligned in 20 columns', () => {
    const lines = saleLines(
      view(
        [
          { lineId: 'a', active: true, net: 350 },
          { lineId: 'b', active: true, net: 1299 },
          { lineId: 'c', active: false, net: 0 },
        ],
        1649,
      ),
    );
    expect(lines).toEqual(['ITEM           12.99', 'TOTAL          16.49']);
    expect(lines.every((line) => line.length === 20)).toBe(true);
  });

  it('asks for the weight of a weighed item not yet priced', () => {
    expect(saleLines(view([{ lineId: 'a', active: true }], 0))).toEqual([
      'WEIGH ITEM',
      'TOTAL           0.00',
    ]);
  });

  it('shows what was paid and the change', () => {
    const sale = { paid: 10_000, change: 1_351 } as CompletedSaleView;
    expect(paidLines(sale, 'CNY')).toEqual(['PAID          100.00', 'CHANGE         13.51']);
  });
});
