import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Money } from '../money';
import type { ShiftRecord } from './records';
import type { XReportInput, ZReportInput } from './report';
import { shiftFigures, xReport, zReport } from './report';
import type { Shift } from './shift';

const cny = (amount: number): Money => ({ amount, currency: 'CNY' });
const OPENED = 1_700_000_000_000;
const NOW = OPENED + 8 * 3_600_000;

const shift: Shift = {
  shiftId: 'S1',
  registerId: 'R1',
  cashierId: 'C1',
  openedAt: OPENED,
  openingFloat: cny(50_000),
  status: { kind: 'open' },
};
const none = { count: 0, value: cny(0) };

function cashSale(
  net: number,
  tendered: number,
  rounding = 0,
  discounts = 0,
  tax = 0,
): ShiftRecord {
  return {
    kind: 'sale',
    saleId: `S-${net}-${tendered}`,
    at: OPENED + 1000,
    gross: cny(net + discounts),
    discounts: cny(discounts),
    tax: tax === 0 ? [] : [{ rateBasisPoints: 1300, tax: cny(tax) }],
    tenders: [
      {
        kind: 'cash',
        amount: cny(net),
        tendered: cny(tendered),
        change: cny(tendered - net - rounding),
        rounding: cny(rounding),
      },
    ],
  };
}

// The day used across these tests, in fen:
//  float 500.00
//  sale 1: 12.37 cash, 20.00 tendered, fen dropped (12.30 taken, 7.70 change), 13% tax 1.42
//  sale 2: 100.00 gross − 10.00 discount, paid 50.00 card + 20.00 points + 20.00 cash (no change),
//          tax 13%: 10.35 and 9%: 0.00 none
//  refund: 30.00, 25.00 to the card and 5.00 cash; tax 13% 3.45
//  void: 2 lines worth 8.50; paid in 100.00; paid out 35.00; one no-sale
const sale2: ShiftRecord = {
  kind: 'sale',
  saleId: 'S2',
  at: OPENED + 2000,
  gross: cny(10_000),
  discounts: cny(1000),
  tax: [
    { rateBasisPoints: 1300, tax: cny(1035) },
    { rateBasisPoints: 900, tax: cny(0) },
  ],
  tenders: [
    { kind: 'card', amount: cny(5000) },
    { kind: 'points', amount: cny(2000) },
    { kind: 'cash', amount: cny(2000), tendered: cny(2000), change: cny(0), rounding: cny(0) },
  ],
};
const day: readonly ShiftRecord[] = [
  cashSale(1237, 2000, -7, 0, 142),
  sale2,
  {
    kind: 'refund',
    refundId: 'F1',
    saleId: 'S2',
    at: OPENED + 3000,
    amount: cny(3000),
    tax: [{ rateBasisPoints: 1300, tax: cny(345) }],
    lines: [
      { kind: 'card', amount: cny(2500) },
      { kind: 'cash', amount: cny(500) },
    ],
    cashRounding: cny(0),
  },
  { kind: 'void', at: OPENED + 4000, lines: 2, value: cny(850) },
  { kind: 'paidIn', at: OPENED + 5000, amount: cny(10_000), reason: 'coins from the safe' },
  { kind: 'paidOut', at: OPENED + 6000, amount: cny(3500), reason: 'window cleaner' },
  { kind: 'noSale', at: OPENED + 7000 },
];

const xInput: XReportInput = { at: NOW, unsynced: { count: 2, value: cny(11_237) } };
const zInput: ZReportInput = { at: NOW, unsynced: none, counted: cny(0), previousZNumber: 41 };

describe('xReport', () => {
  it('totals the day', () => {
    const report = xReport(shift, day, xInput);
    if (!report.ok) throw new Error(report.error.code);
    const f = report.value.figures;
    expect(report.value).toMatchObject({
      kind: 'x',
      shiftId: 'S1',
      registerId: 'R1',
      cashierId: 'C1',
      at: NOW,
    });
    expect(f.grossSales).toEqual(cny(11_237));
    expect(f.discounts).toEqual(cny(1000));
    expect(f.netSales).toEqual(cny(10_237));
    expect(f.refunds).toEqual(cny(3000));
    expect(f.netAfterRefunds).toEqual(cny(7237));
    expect(f.salesByTender).toEqual({
      cash: cny(3237),
      card: cny(5000),
      points: cny(2000),
      voucher: cny(0),
      wallet: cny(0),
    });
    expect(f.refundsByTender).toEqual({
      cash: cny(500),
      card: cny(2500),
      points: cny(0),
      voucher: cny(0),
      wallet: cny(0),
    });
    expect(f.taxByRate).toEqual([
      { rateBasisPoints: 900, sales: cny(0), refunds: cny(0), net: cny(0) },
      { rateBasisPoints: 1300, sales: cny(1177), refunds: cny(345), net: cny(832) },
    ]);
    expect([f.saleCount, f.refundCount, f.voidedLines, f.noSaleCount]).toEqual([2, 1, 2, 1]);
    expect(f.voidedValue).toEqual(cny(850));
    expect(f.unsynced).toEqual({ count: 2, value: cny(11_237) });
    expect(f.cashCount).toEqual({ kind: 'notCounted' });
  });

  it('works out the cash expected in the drawer, with the rounding shown', () => {
    const report = xReport(shift, day, xInput);
    if (!report.ok) throw new Error(report.error.code);
    // 500.00 + (20.00 + 20.00) − 7.70 − 5.00 + 100.00 − 35.00 = 592.30
    expect(report.value.figures.cash).toEqual({
      openingFloat: cny(50_000),
      tendered: cny(4000),
      changeGiven: cny(770),
      cashSales: cny(3237),
      saleRounding: cny(-7),
      refundsPaidOut: cny(500),
      refundRounding: cny(0),
      paidIn: cny(10_000),
      paidOut: cny(3500),
      expected: cny(59_230),
    });
  });

  it('shows the variance of a mid-shift count without closing', () => {
    const over = xReport(shift, day, { ...xInput, counted: cny(59_240) });
    expect(over.ok && over.value.figures.cashCount).toEqual({
      kind: 'counted',
      counted: cny(59_240),
      variance: cny(10),
      outcome: 'over',
    });
    expect(shift.status).toEqual({ kind: 'open' });
  });

  it('reports an empty shift: only the float is expected', () => {
    const report = xReport(shift, [], xInput);
    expect(report.ok && report.value.figures.cash.expected).toEqual(cny(50_000));
    expect(report.ok && report.value.figures.taxByRate).toEqual([]);
  });

  it('is refused on a closed shift', () => {
    const closed: Shift = { ...shift, status: { kind: 'closed', closedAt: NOW, zNumber: 42 } };
    const report = xReport(closed, day, xInput);
    expect(report.ok ? undefined : report.error.code).toBe('shift.closed');
  });
});

describe('zReport', () => {
  it('closes the shift with the next Z number and the count', () => {
    const closed = zReport(shift, day, { ...zInput, counted: cny(59_230) });
    if (!closed.ok) throw new Error(closed.error.code);
    expect(closed.value.shift.status).toEqual({ kind: 'closed', closedAt: NOW, zNumber: 42 });
    expect(closed.value.report).toMatchObject({ kind: 'z', zNumber: 42, at: NOW });
    expect(closed.value.report.cashCount).toEqual({
      kind: 'counted',
      counted: cny(59_230),
      variance: cny(0),
      outcome: 'balanced',
    });
  });

  it('numbers the first Z report of a register 1', () => {
    const closed = zReport(shift, [], { ...zInput, previousZNumber: 0, counted: cny(50_000) });
    expect(closed.ok && closed.value.report.zNumber).toBe(1);
  });

  it('reports a short drawer as a negative variance', () => {
    const closed = zReport(shift, day, { ...zInput, counted: cny(59_229) });
    expect(closed.ok && closed.value.report.cashCount).toMatchObject({
      variance: cny(-1),
      outcome: 'short',
    });
  });

  it('refuses a Z report on a closed shift (shift.closed)', () => {
    const first = zReport(shift, day, { ...zInput, counted: cny(59_230) });
    if (!first.ok) throw new Error(first.error.code);
    const again = zReport(first.value.shift, day, {
      ...zInput,
      counted: cny(59_230),
      previousZNumber: 42,
    });
    expect(again.ok ? undefined : again.error).toMatchObject({ code: 'shift.closed' });
    expect(again.ok ? undefined : again.error.message).toContain('42');
  });

  it('throws on a negative previous Z number (programmer error)', () => {
    expect(() => zReport(shift, day, { ...zInput, previousZNumber: -1 })).toThrow(RangeError);
  });
});

describe('records that do not add up are refused', () => {
  const refusal = (records: readonly ShiftRecord[], input: Partial<XReportInput> = {}) => {
    const report = xReport(shift, records, { ...xInput, ...input });
    return report.ok ? undefined : report.error;
  };

  it('refuses a sale whose tenders do not match its total', () => {
    const bad: ShiftRecord = { ...sale2, discounts: cny(999) };
    expect(refusal([cashSale(100, 100), bad])).toMatchObject({
      code: 'shift.badRecord',
      details: { recordIndex: 1 },
    });
  });

  it('refuses cash whose change does not balance', () => {
    const bad: ShiftRecord = {
      ...sale2,
      tenders: [
        { kind: 'card', amount: cny(7000) },
        {
          kind: 'cash',
          amount: cny(2000),
          tendered: cny(5000),
          change: cny(2999),
          rounding: cny(0),
        },
      ],
    };
    expect(refusal([bad])?.code).toBe('shift.badRecord');
  });

  it('refuses a refund whose lines do not add up, and a zero refund', () => {
    const refund = (amount: number, line: number): ShiftRecord => ({
      kind: 'refund',
      refundId: 'F',
      saleId: 'S',
      at: OPENED,
      amount: cny(amount),
      tax: [],
      lines: [{ kind: 'cash', amount: cny(line) }],
      cashRounding: cny(0),
    });
    expect(refusal([refund(100, 99)])?.code).toBe('shift.badRecord');
    expect(refusal([refund(0, 0)])?.code).toBe('shift.badRecord');
  });

  it('refuses negative voids and cash movements, and records in another currency', () => {
    expect(refusal([{ kind: 'void', at: OPENED, lines: -1, value: cny(0) }])?.code).toBe(
      'shift.badRecord',
    );
    expect(refusal([{ kind: 'paidOut', at: OPENED, amount: cny(-5), reason: 'x' }])?.code).toBe(
      'shift.badRecord',
    );
    expect(
      refusal([{ kind: 'paidIn', at: OPENED, amount: { amount: 5, currency: 'USD' }, reason: 'x' }])
        ?.code,
    ).toBe('shift.currencyMismatch');
  });

  it('refuses a negative count, a report before the shift opened and bad unsynced figures', () => {
    expect(refusal([], { counted: cny(-1) })?.code).toBe('shift.invalidAmount');
    expect(refusal([], { at: OPENED - 1 })?.code).toBe('shift.beforeOpen');
    expect(refusal([], { unsynced: { count: -1, value: cny(0) } })?.code).toBe(
      'shift.invalidAmount',
    );
    expect(
      refusal([], { unsynced: { count: 1, value: { amount: 1, currency: 'JPY' } } })?.code,
    ).toBe('shift.currencyMismatch');
  });
});

describe('expected cash (property)', () => {
  const record: fc.Arbitrary<ShiftRecord> = fc.oneof(
    fc
      .tuple(fc.nat(100_000), fc.nat(10_000), fc.integer({ min: -9, max: 0 }), fc.nat(100_000))
      .map(([net, over, rounding, card]) => ({
        kind: 'sale' as const,
        saleId: 'S',
        at: OPENED,
        gross: cny(net + card),
        discounts: cny(0),
        tax: [],
        tenders: [
          { kind: 'card' as const, amount: cny(card) },
          {
            kind: 'cash' as const,
            amount: cny(net),
            tendered: cny(net + rounding + over),
            change: cny(over),
            rounding: cny(rounding),
          },
        ],
      })),
    fc
      .tuple(fc.integer({ min: 1, max: 50_000 }), fc.nat(50_000), fc.integer({ min: -9, max: 0 }))
      .map(([cash, card, rounding]) => ({
        kind: 'refund' as const,
        refundId: 'F',
        saleId: 'S',
        at: OPENED,
        amount: cny(cash + card),
        tax: [],
        lines: [
          { kind: 'card' as const, amount: cny(card) },
          { kind: 'cash' as const, amount: cny(cash) },
        ],
        cashRounding: cny(Math.max(rounding, -cash)),
      })),
    fc
      .integer({ min: 1, max: 50_000 })
      .map((a) => ({ kind: 'paidIn' as const, at: OPENED, amount: cny(a), reason: 'in' })),
    fc
      .integer({ min: 1, max: 50_000 })
      .map((a) => ({ kind: 'paidOut' as const, at: OPENED, amount: cny(a), reason: 'out' })),
    fc.constant({ kind: 'noSale' as const, at: OPENED }),
    fc
      .nat(5)
      .map((lines) => ({ kind: 'void' as const, at: OPENED, lines, value: cny(lines * 100) })),
  );

  /** What each record does to the drawer, computed directly. */
  function drawerMovement(r: ShiftRecord): number {
    switch (r.kind) {
      case 'sale':
        return r.tenders.reduce(
          (a, t) => a + (t.kind === 'cash' ? t.tendered.amount - t.change.amount : 0),
          0,
        );
      case 'refund':
        return -(
          r.lines.reduce((a, l) => a + (l.kind === 'cash' ? l.amount.amount : 0), 0) +
          r.cashRounding.amount
        );
      case 'paidIn':
        return r.amount.amount;
      case 'paidOut':
        return -r.amount.amount;
      case 'void':
      case 'noSale':
        return 0;
    }
  }

  it('equals the float plus the sum of cash movements, and counting it balances', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.array(record, { maxLength: 30 }), (float, records) => {
        const opened: Shift = { ...shift, openingFloat: cny(float) };
        const expected = float + records.reduce((a, r) => a + drawerMovement(r), 0);
        const figures = shiftFigures(opened, records, none, cny(Math.max(0, expected)), NOW);
        if (!figures.ok) throw new Error(figures.error.code);
        const { cash } = figures.value;
        expect(cash.expected.amount).toBe(expected);
        // The breakdown explains the drawer: sales settled by cash plus their rounding.
        expect(cash.tendered.amount - cash.changeGiven.amount).toBe(
          cash.cashSales.amount + cash.saleRounding.amount,
        );
        expect(figures.value.salesByTender.cash).toEqual(cash.cashSales);
        // Sales by tender add up to net sales; refunds by tender to the refunds.
        const byTender = Object.values(figures.value.salesByTender).reduce(
          (a, m) => a + m.amount,
          0,
        );
        expect(byTender).toBe(figures.value.netSales.amount);
        const refunded = Object.values(figures.value.refundsByTender).reduce(
          (a, m) => a + m.amount,
          0,
        );
        expect(refunded).toBe(figures.value.refunds.amount);
        if (expected >= 0) expect(figures.value.cashCount).toMatchObject({ outcome: 'balanced' });
      }),
    );
  });
});
