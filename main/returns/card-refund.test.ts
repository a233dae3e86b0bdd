// Returns of card-paid sales through the command map: a real register core on a temp SQLite file
// driving the terminal simulator (in-memory pair) — the card part refunded on the terminal
// (approved, declined, the answer lost and settled by STATUS, refunded once), and cash instead of
// the card only with a manager's `return.toCashOverride` approval; no full card number on disk.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RegisterFixture } from '../../test-support/register-fixture';
import {
  FIXTURE_BARCODES,
  loginReadyToSell,
  startRegisterFixture,
  valueOf,
} from '../../test-support/register-fixture';
import type { CounterRig } from '../devices/testing/counter-rig';
import { FULL_PAN, counterRig } from '../devices/testing/counter-rig';
import { REGISTER_DB_FILE } from '../store';

const { MILK } = FIXTURE_BARCODES;
let f: RegisterFixture;
let rig: CounterRig;

beforeEach(async () => {
  rig = await counterRig();
  f = await startRegisterFixture({ devices: rig.devices });
  await loginReadyToSell(f);
});

afterEach(async () => {
  const errors = f.internalErrors.splice(0);
  await f.core.printerIdle();
  await f.dispose();
  await rig.close();
  expect(errors).toEqual([]);
});

async function cardSale(units: number) {
  const cart = await valueOf(f.core.send('checkout.scan', { code: MILK }));
  if (units > 1) {
    await valueOf(
      f.core.send('checkout.setQuantity', { lineId: cart.cart.lines[0]!.lineId, quantity: units }),
    );
  }
  const done = await valueOf(f.core.send('checkout.tenderCard', {}));
  if (done.status !== 'completed') throw new Error('sale not completed');
  return done.sale;
}

function refund(saleId: string, quantity: number, cashOverrideApprovalId?: string) {
  return f.core.send('returns.refund', {
    saleId,
    lines: [{ lineNo: 1, quantity }],
    reason: 'faulty',
    restock: true,
    ...(cashOverrideApprovalId === undefined ? {} : { cashOverrideApprovalId }),
  });
}

function rows(sql: string): unknown[] {
  return f.core.db.prepare(sql).all();
}

describe('card refunds through the terminal', () => {
  it('approved: the card part goes back to the same card, recorded once with the terminal reference', async () => {
    const sale = await cardSale(2);
    const saleRef = sale.tenders[0]?.terminalRef;
    const done = await valueOf(refund(sale.saleId, 1));
    expect(done.tenders).toEqual([{ kind: 'card', amount: done.amount }]);
    expect(done.cashOut).toBe(0);
    expect(done.openDrawer).toBe(false);
    const refunds = rig.terminal.simulator.received().filter((r) => r.type === 'REFUND');
    expect(refunds).toEqual([
      expect.objectContaining({ type: 'REFUND', amount: done.amount, originalRef: saleRef }),
    ]);
    expect(rig.terminal.simulator.charges().map((c) => c.type)).toEqual(['SALE', 'REFUND']);
    expect(rows('SELECT state, refund_id AS refundId FROM card_refund_attempt')).toEqual([
      { state: 'approved', refundId: done.refundId },
    ]);
    const payment = JSON.parse(
      f.core.db.prepare('SELECT details FROM refund_payment').pluck().get() as string,
    ) as Record<string, unknown>;
    expect(payment).toMatchObject({
      kind: 'card',
      terminalRef: saleRef,
      refundRef: expect.stringMatching(/^T\d{8}$/) as unknown,
      refundRequestId: refunds[0]?.requestId,
    });
    const outbox = f.core.db
      .prepare("SELECT payload FROM outbox WHERE type = 'refund.completed'")
      .pluck()
      .get() as string;
    expect(outbox).toContain('refundRef');
    expect(readFileSync(path.join(f.dir, REGISTER_DB_FILE)).includes(FULL_PAN)).toBe(false);
  });

  it('declined: a clear error, nothing refunded or recorded, and a later try refunds once', async () => {
    const sale = await cardSale(1);
    rig.behaviour = 'decline';
    expect(await refund(sale.saleId, 1)).toMatchObject({
      ok: false,
      error: { code: 'returns.cardDeclined' },
    });
    expect(rows('SELECT id FROM refund')).toEqual([]);
    expect(rows('SELECT state FROM card_refund_attempt')).toEqual([{ state: 'declined' }]);
    expect(rig.terminal.simulator.charges().map((c) => c.type)).toEqual(['SALE']);
    rig.behaviour = 'approve';
    await valueOf(refund(sale.saleId, 1));
    expect(rig.terminal.simulator.charges().map((c) => c.type)).toEqual(['SALE', 'REFUND']);
    // Nothing is left to give back.
    expect(await refund(sale.saleId, 1)).toMatchObject({
      ok: false,
      error: { code: 'returns.tooMany' },
    });
  });

  it('the answer lost: settled by STATUS, the card refunded and recorded once', async () => {
    const sale = await cardSale(1);
    rig.behaviour = 'lostAnswer';
    const done = await valueOf(refund(sale.saleId, 1));
    expect(done.tenders).toEqual([{ kind: 'card', amount: done.amount }]);
    expect(rig.terminal.simulator.charges().map((c) => c.type)).toEqual(['SALE', 'REFUND']);
    expect(rows('SELECT count(*) AS n FROM refund')).toEqual([{ n: 1 }]);
  });

  it('without a terminal the card part cannot go back: refused, nothing written', async () => {
    const sale = await cardSale(1);
    f.devices = undefined;
    f.restart();
    await loginReadyToSell(f);
    expect(await refund(sale.saleId, 1)).toMatchObject({
      ok: false,
      error: { code: 'returns.terminalNeeded' },
    });
    expect(rows('SELECT id FROM refund')).toEqual([]);
    expect(rows('SELECT id FROM card_refund_attempt')).toEqual([]);
  });

  it('cash instead of the card only with a manager’s approval, which auth.approve now grants', async () => {
    const sale = await cardSale(1);
    const refused = await f.core.send('auth.approve', {
      approverId: 's1',
      pin: '2222',
      permission: 'return.toCashOverride',
    });
    expect(refused).toMatchObject({ ok: false });
    const approval = await valueOf(
      f.core.send('auth.approve', {
        approverId: 'm1',
        pin: '3333',
        permission: 'return.toCashOverride',
      }),
    );
    const done = await valueOf(refund(sale.saleId, 1, approval.approvalId));
    expect(done.tenders).toEqual([{ kind: 'cash', amount: done.amount }]);
    expect(done.openDrawer).toBe(true);
    expect(rig.terminal.simulator.charges().map((c) => c.type)).toEqual(['SALE']);
    expect(rows('SELECT approver_id AS approver FROM refund')).toEqual([{ approver: 'm1' }]);
    // The approval is single use.
    expect(
      await f.core.send('returns.refund', {
        saleId: sale.saleId,
        lines: [{ lineNo: 1, quantity: 1 }],
        reason: 'again',
        restock: false,
        cashOverrideApprovalId: approval.approvalId,
      }),
    ).toMatchObject({ ok: false });
  });
});
