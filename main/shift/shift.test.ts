// Shifts through the command map on a real SQLite file: no tender without an open shift, cash in
// and out only with a supervisor, X and Z figures checked against sales made through checkout,
// refunds and cash movements, unsynced sales, gap-free Z numbers, and no second Z.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Permission } from '../../app/auth';
import type { RegisterFixture } from '../../test-support/register-fixture';
import {
  FIXTURE_BARCODES,
  startRegisterFixture,
  valueOf,
} from '../../test-support/register-fixture';

const { MILK, PEN } = FIXTURE_BARCODES;
let f: RegisterFixture;

beforeEach(async () => {
  f = await startRegisterFixture();
});
afterEach(async () => {
  const errors = f.internalErrors.splice(0);
  await f.dispose();
  expect(errors).toEqual([]);
});

async function approval(
  permission: Permission & ('shift.cashInOut' | 'shift.xReport' | 'shift.zReport'),
  approverId = 's1',
  pin = '2222',
): Promise<string> {
  const answer = await valueOf(f.core.send('auth.approve', { approverId, pin, permission }));
  return answer.approvalId;
}

async function sell(codes: readonly string[], tenders: readonly number[]) {
  for (const code of codes) await valueOf(f.core.send('checkout.scan', { code }));
  for (const tendered of tenders) {
    const outcome = await valueOf(f.core.send('checkout.tenderCash', { tendered }));
    if (outcome.status === 'completed') return outcome.sale;
  }
  throw new Error('sale not completed');
}

function audit(action: string): number {
  return f.core.db
    .prepare<[string], number>('SELECT count(*) FROM audit_log WHERE action = ?')
    .pluck()
    .get(action) as number;
}

describe('shift', () => {
  it('takes no money without an open shift, and opens only one', async () => {
    await valueOf(f.core.send('auth.login', { staffId: 'c1', pin: '1111' }));
    await valueOf(f.core.send('checkout.scan', { code: MILK }));
    expect(await f.core.send('checkout.tenderCash', { tendered: 100_000 })).toMatchObject({
      ok: false,
      error: { code: 'shift.notOpen' },
    });
    expect(await valueOf(f.core.send('shift.current', {}))).toBeNull();
    const shift = await valueOf(f.core.send('shift.open', { openingFloat: 20_000 }));
    expect(shift).toMatchObject({ status: 'open', openingFloat: 20_000, cashierId: 'c1' });
    expect(await f.core.send('shift.open', { openingFloat: 0 })).toMatchObject({
      ok: false,
      error: { code: 'shift.alreadyOpen' },
    });
    // The cart scanned before is still there and can now be paid.
    const done = await valueOf(f.core.send('checkout.tenderCash', { tendered: 100_000 }));
    expect(done.status).toBe('completed');
    expect(await valueOf(f.core.send('shift.current', {}))).toMatchObject({
      shiftId: shift.shiftId,
    });
  });

  it('needs a supervisor for cash in and out; the approval is used once and for that action only', async () => {
    await valueOf(f.core.send('auth.login', { staffId: 'c1', pin: '1111' }));
    expect(
      await f.core.send('shift.cashIn', { amount: 5_000, reason: 'change from the safe' }),
    ).toMatchObject({ ok: false, error: { code: 'shift.notOpen' } });
    await valueOf(f.core.send('shift.open', { openingFloat: 20_000 }));
    expect(
      await f.core.send('shift.cashIn', { amount: 5_000, reason: 'change from the safe' }),
    ).toMatchObject({ ok: false, error: { code: 'auth.approvalRequired' } });
    expect(
      await f.core.send('auth.approve', {
        approverId: 'c1',
        pin: '1111',
        permission: 'shift.cashInOut',
      }),
    ).toMatchObject({ ok: false, error: { code: 'auth.notAllowed' } });
    const wrongKind = await valueOf(
      f.core.send('auth.approve', {
        approverId: 's1',
        pin: '2222',
        permission: 'sale.priceOverride',
      }),
    );
    expect(
      await f.core.send('shift.cashIn', {
        amount: 5_000,
        reason: 'change from the safe',
        approvalId: wrongKind.approvalId,
      }),
    ).toMatchObject({ ok: false, error: { code: 'auth.approvalInvalid' } });
    expect(
      await f.core.sendUntyped('shift.cashIn', { amount: 0, reason: 'nothing' }),
    ).toMatchObject({ ok: false, error: { code: 'command.invalidArgs' } });
    expect(await f.core.sendUntyped('shift.cashOut', { amount: 100, reason: '   ' })).toMatchObject(
      { ok: false, error: { code: 'command.invalidArgs' } },
    );
    expect(f.core.db.prepare('SELECT count(*) FROM shift_cash_movement').pluck().get()).toBe(0);

    const approvalId = await approval('shift.cashInOut');
    const paidIn = await valueOf(
      f.core.send('shift.cashIn', { amount: 5_000, reason: 'change from the safe', approvalId }),
    );
    expect(paidIn).toMatchObject({ kind: 'paidIn', amount: 5_000, approverId: 's1' });
    expect(
      await f.core.send('shift.cashOut', { amount: 1_000, reason: 'again', approvalId }),
    ).toMatchObject({ ok: false, error: { code: 'auth.approvalUsed' } });

    // A supervisor logged in needs nobody.
    await valueOf(f.core.send('auth.login', { staffId: 's1', pin: '2222' }));
    const paidOut = await valueOf(
      f.core.send('shift.cashOut', { amount: 3_000, reason: 'drop to the safe' }),
    );
    expect(paidOut).toMatchObject({ kind: 'paidOut', approverId: null });
    expect(audit('shift.cashIn')).toBe(1);
    expect(audit('shift.cashOut')).toBe(1);
  });

  it('reports X and Z figures that match the sales, refunds and cash moved; Z once, numbered without gaps', async () => {
    await valueOf(f.core.send('auth.login', { staffId: 'c1', pin: '1111' }));
    const shift = await valueOf(f.core.send('shift.open', { openingFloat: 20_000 }));
    const first = await sell([MILK, MILK], [100_000]);
    const second = await sell([PEN], [50, 100_000]);
    // Each sale keeps in the drawer what was handed over minus the change: its `paid`.
    expect(first.paid - first.cashRounding).toBe(first.total);
    const refund = await valueOf(
      f.core.send('returns.refund', {
        saleId: first.saleId,
        lines: [{ lineNo: 1, quantity: 1 }],
        reason: 'damaged',
      }),
    );
    await valueOf(
      f.core.send('shift.cashIn', {
        amount: 5_000,
        reason: 'change from the safe',
        approvalId: await approval('shift.cashInOut'),
      }),
    );
    await valueOf(
      f.core.send('shift.cashOut', {
        amount: 3_000,
        reason: 'drop to the safe',
        approvalId: await approval('shift.cashInOut'),
      }),
    );
    // The server has acknowledged the first sale: only the second is unsynced.
    f.core.db.prepare('UPDATE outbox SET acked_at = 1 WHERE seq = 1').run();

    expect(await f.core.send('shift.xReport', {})).toMatchObject({
      ok: false,
      error: { code: 'auth.approvalRequired' },
    });
    const expected = 20_000 + first.paid + second.paid - refund.cashOut + 5_000 - 3_000;
    const x = await valueOf(
      f.core.send('shift.xReport', {
        counted: expected,
        approvalId: await approval('shift.xReport'),
      }),
    );
    expect(x.kind).toBe('x');
    expect(x.figures).toMatchObject({
      saleCount: 2,
      refundCount: 1,
      grossSales: { amount: first.total + second.total },
      netSales: { amount: first.total + second.total },
      refunds: { amount: refund.amount },
      netAfterRefunds: { amount: first.total + second.total - refund.amount },
      salesByTender: { cash: { amount: first.total + second.total }, card: { amount: 0 } },
      cash: {
        openingFloat: { amount: 20_000 },
        paidIn: { amount: 5_000 },
        paidOut: { amount: 3_000 },
        refundsPaidOut: { amount: refund.cashOut },
        expected: { amount: expected },
      },
      cashCount: { kind: 'counted', outcome: 'balanced' },
      unsynced: { count: 1, value: { amount: second.total } },
    });
    const taxed = x.figures.taxByRate.reduce((sum, t) => sum + t.sales.amount, 0);
    expect(taxed).toBeGreaterThan(0);
    expect(taxed).toBeLessThan(first.total + second.total);
    // An X report changes nothing: the shift stays open.
    expect(await valueOf(f.core.send('shift.current', {}))).toMatchObject({ status: 'open' });

    expect(await f.core.send('shift.zReport', { counted: expected - 50 })).toMatchObject({
      ok: false,
      error: { code: 'auth.approvalRequired' },
    });
    // A supervisor may not close a shift: the Z report is a manager's.
    expect(
      await f.core.send('auth.approve', {
        approverId: 's1',
        pin: '2222',
        permission: 'shift.zReport',
      }),
    ).toMatchObject({ ok: false, error: { code: 'auth.notAllowed' } });
    const z = await valueOf(
      f.core.send('shift.zReport', {
        counted: expected - 50,
        approvalId: await approval('shift.zReport', 'm1', '3333'),
      }),
    );
    expect(z).toMatchObject({
      kind: 'z',
      zNumber: 1,
      shiftId: shift.shiftId,
      cashCount: { kind: 'counted', variance: { amount: -50 }, outcome: 'short' },
    });
    expect(z.figures.cash.expected.amount).toBe(expected);
    expect(z.figures.saleCount).toBe(2);

    // Refused a second time; no money is taken until a new shift opens.
    expect(
      await f.core.send('shift.zReport', {
        counted: expected,
        approvalId: await approval('shift.zReport', 'm1', '3333'),
      }),
    ).toMatchObject({ ok: false, error: { code: 'shift.notOpen' } });
    await valueOf(f.core.send('checkout.scan', { code: PEN }));
    expect(await f.core.send('checkout.tenderCash', { tendered: 100_000 })).toMatchObject({
      ok: false,
      error: { code: 'shift.notOpen' },
    });

    const stored = f.core.db
      .prepare<[], { status: string; z_number: number; counted_cash: number; approver_id: string }>(
        'SELECT status, z_number, counted_cash, approver_id FROM shift',
      )
      .get();
    expect(stored).toEqual({
      status: 'closed',
      z_number: 1,
      counted_cash: expected - 50,
      approver_id: 'm1',
    });
    const closedRows = f.core.db
      .prepare("SELECT payload FROM outbox WHERE type = 'shift.closed'")
      .pluck()
      .all() as string[];
    expect(closedRows).toHaveLength(1);
    expect(JSON.parse(closedRows[0] ?? '{}')).toMatchObject({ zNumber: 1, kind: 'z' });
    expect(audit('shift.zReport')).toBe(1);

    // The next shift starts empty, and a manager closes it alone with Z number 2.
    await valueOf(f.core.send('auth.login', { staffId: 'm1', pin: '3333' }));
    await valueOf(f.core.send('shift.open', { openingFloat: 10_000 }));
    const sale = await valueOf(f.core.send('checkout.tenderCash', { tendered: 100_000 }));
    if (sale.status !== 'completed') throw new Error('sale not completed');
    const z2 = await valueOf(f.core.send('shift.zReport', { counted: 10_000 + sale.sale.paid }));
    expect(z2).toMatchObject({
      zNumber: 2,
      figures: { saleCount: 1, refundCount: 0 },
      cashCount: { outcome: 'balanced' },
    });
    // Both shift sales are still unsynced, and the earlier unsynced one too.
    expect(z2.figures.unsynced.count).toBe(2);
    expect(f.core.db.prepare('SELECT z_number FROM shift ORDER BY z_number').pluck().all()).toEqual(
      [1, 2],
    );
    expect(
      f.core.db.prepare("SELECT value FROM register_counter WHERE name = 'z_no'").pluck().get(),
    ).toBe(2);
  });
});
