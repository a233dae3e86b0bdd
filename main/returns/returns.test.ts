// Returns through the command map on a real SQLite file: by receipt in parts, back to cash, stock
// received back, outbox and audit rows; blind returns only with a manager.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RegisterFixture } from '../../test-support/register-fixture';
import {
  FIXTURE_BARCODES,
  loginReadyToSell,
  startRegisterFixture,
  valueOf,
} from '../../test-support/register-fixture';

const { MILK } = FIXTURE_BARCODES;
let f: RegisterFixture;

beforeEach(async () => {
  f = await startRegisterFixture();
});
afterEach(async () => {
  const errors = f.internalErrors.splice(0);
  await f.dispose();
  expect(errors).toEqual([]);
});

function available(gtin14: string): number {
  return f.core.db
    .prepare<[string], number>(
      'SELECT s.available FROM stock s JOIN product p ON p.id = s.product_id WHERE p.gtin14 = ?',
    )
    .pluck()
    .get(gtin14) as number;
}

async function sellMilk(
  quantity: number,
): Promise<{ saleId: string; receiptNo: number; total: number }> {
  const cart = await valueOf(f.core.send('checkout.scan', { code: MILK }));
  const lineId = cart.cart.lines.at(-1)?.lineId ?? '';
  if (quantity > 1) await valueOf(f.core.send('checkout.setQuantity', { lineId, quantity }));
  const done = await valueOf(f.core.send('checkout.tenderCash', { tendered: 1_000_000 }));
  if (done.status !== 'completed') throw new Error('sale not completed');
  return done.sale;
}

describe('returns', () => {
  it('refunds a sale in parts, never more than it was sold for, and restocks', async () => {
    await loginReadyToSell(f);
    const sale = await sellMilk(3);
    expect(available(`0${MILK}`)).toBe(7);

    const found = await valueOf(f.core.send('returns.findSale', { receiptNo: sale.receiptNo }));
    expect(found.lines).toHaveLength(1);
    const net = found.lines[0]?.net ?? 0;

    const first = await valueOf(
      f.core.send('returns.refund', {
        saleId: sale.saleId,
        lines: [{ lineNo: 1, quantity: 1 }],
        reason: 'leaking',
        restock: true,
      }),
    );
    expect(first.amount).toBe(Math.floor(net / 3));
    expect(first.receiptNo).toBe(sale.receiptNo + 1);
    expect(first.tenders.every((t) => t.kind === 'cash')).toBe(true);
    expect(available(`0${MILK}`)).toBe(8);

    expect(
      await f.core.send('returns.refund', {
        saleId: sale.saleId,
        lines: [{ lineNo: 1, quantity: 3 }],
        reason: 'all',
        restock: true,
      }),
    ).toMatchObject({ ok: false, error: { code: 'returns.tooMany' } });

    const rest = await valueOf(
      f.core.send('returns.refund', {
        saleId: sale.saleId,
        lines: [{ lineNo: 1, quantity: 2 }],
        reason: 'rest',
        restock: false,
      }),
    );
    // The parts add up to exactly what the line was sold for.
    expect(first.amount + rest.amount).toBe(net);
    expect(available(`0${MILK}`)).toBe(8);
    const again = await valueOf(f.core.send('returns.findSale', { receiptNo: sale.receiptNo }));
    expect(again.lines[0]).toMatchObject({ returnedQuantity: 3, returnedAmount: net });

    const outbox = f.core.db.prepare('SELECT type FROM outbox ORDER BY seq').pluck().all();
    expect(outbox).toEqual(['sale.completed', 'refund.completed', 'refund.completed']);
    const audit = f.core.db
      .prepare("SELECT count(*) FROM audit_log WHERE action = 'return.withReceipt'")
      .pluck()
      .get();
    expect(audit).toBe(2);
  });

  it('takes a blind return only with a manager approval, used once, paid in cash', async () => {
    await loginReadyToSell(f);
    const blind = { code: MILK, quantity: 1, reason: 'no receipt', restock: true };
    expect(await f.core.send('returns.blind', blind)).toMatchObject({
      ok: false,
      error: { code: 'auth.approvalRequired' },
    });
    expect(
      await f.core.send('auth.approve', {
        approverId: 's1',
        pin: '2222',
        permission: 'return.blind',
      }),
    ).toMatchObject({ ok: false, error: { code: 'auth.notAllowed' } });
    const { approvalId } = await valueOf(
      f.core.send('auth.approve', { approverId: 'm1', pin: '3333', permission: 'return.blind' }),
    );
    const refund = await valueOf(f.core.send('returns.blind', { ...blind, approvalId }));
    expect(refund.openDrawer).toBe(true);
    expect(refund.cashOut % 10).toBe(0);
    expect(available(`0${MILK}`)).toBe(11);
    expect(await f.core.send('returns.blind', { ...blind, approvalId })).toMatchObject({
      ok: false,
      error: { code: 'auth.approvalUsed' },
    });
    const approver = f.core.db.prepare('SELECT approver_id FROM refund').pluck().get();
    expect(approver).toBe('m1');
  });

  it('refuses unknown sales and lines without writing anything', async () => {
    await loginReadyToSell(f);
    const sale = await sellMilk(1);
    expect(await f.core.send('returns.findSale', { receiptNo: 999 })).toMatchObject({
      ok: false,
      error: { code: 'returns.saleNotFound' },
    });
    expect(
      await f.core.send('returns.refund', {
        saleId: sale.saleId,
        lines: [{ lineNo: 7, quantity: 1 }],
        reason: 'x',
        restock: true,
      }),
    ).toMatchObject({ ok: false, error: { code: 'returns.lineNotFound' } });
    expect(f.core.db.prepare('SELECT count(*) FROM refund').pluck().get()).toBe(0);
  });
});
