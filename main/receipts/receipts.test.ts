// Receipts and the drawer end to end: a real register core on a temp SQLite file with the printer
// simulator on an in-memory pair — the receipt printed through the journal on completion, kept
// through paper-out and printed when paper returns, reprinted marked REPRINT and audited, previewed
// from the same layout, the drawer kicked for cash and opened for a no-sale only with approval.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PrinterStatusName, TenderOutcome } from '../../app/commands';
import { ZH_CN_LABELS } from '../../hardware';
import { until } from '../../hardware/integration/until';
import type { RegisterFixture } from '../../test-support/register-fixture';
import {
  FIXTURE_BARCODES,
  loginReadyToSell,
  startRegisterFixture,
  valueOf as value,
} from '../../test-support/register-fixture';
import type { CounterRig } from '../devices/testing/counter-rig';
import { counterRig } from '../devices/testing/counter-rig';
import { ENDED_PRINT_JOBS_KEPT_MS } from './receipt-service';

const { MILK, PEN } = FIXTURE_BARCODES;

let f: RegisterFixture;
let rig: CounterRig;
let statuses: PrinterStatusName[];

function jobStates(): string[] {
  return f.core.db
    .prepare('SELECT state FROM print_job ORDER BY created_at, rowid')
    .pluck()
    .all() as string[];
}

function completed(outcome: TenderOutcome) {
  if (outcome.status !== 'completed') throw new Error('expected a completed sale');
  return outcome.sale;
}

async function sellForCash(): Promise<ReturnType<typeof completed>> {
  await value(f.core.send('checkout.scan', { code: MILK }));
  await value(f.core.send('checkout.scan', { code: PEN }));
  return completed(await value(f.core.send('checkout.tenderCash', { tendered: 1_000_000 })));
}

beforeEach(async () => {
  rig = await counterRig();
  f = await startRegisterFixture({ devices: rig.devices });
  statuses = [];
  f.core.subscribe((event) => {
    if (event.type === 'printer.status') statuses.push(event.status);
  });
  await loginReadyToSell(f);
});

afterEach(async () => {
  const errors = f.internalErrors.splice(0);
  await f.core.printerIdle();
  await f.dispose();
  await rig.close();
  expect(errors).toEqual([]);
});

describe('receipts', () => {
  it('prints the receipt on completion and kicks the drawer for cash; receipt numbers run 1, 2, 3', async () => {
    const first = await sellForCash();
    await value(f.core.send('checkout.scan', { code: MILK }));
    const second = completed(await value(f.core.send('checkout.tenderCard', {})));
    const third = await sellForCash();
    expect([first, second, third].map((s) => s.receiptNo)).toEqual([1, 2, 3]);
    await until(() => jobStates().filter((s) => s === 'printed').length === 3);
    const lines = rig.printer.simulator.lines();
    for (const no of [1, 2, 3]) {
      expect(lines.filter((l) => l === `${ZH_CN_LABELS.receiptNo}: ${no}`)).toHaveLength(1);
    }
    expect(lines.join('\n')).toContain('Yili milk 250ml');
    // The card sale shows its masked card number; only the two cash sales opened the drawer.
    expect(lines.some((l) => l.startsWith('银行卡 622202*********0123'))).toBe(true);
    expect(rig.printer.simulator.pulses()).toBe(2);
    expect(lines.join('\n')).not.toContain(ZH_CN_LABELS.reprint);
  });

  it('out of paper: the sale completes, the job waits, and prints when paper returns', async () => {
    rig.printer.simulator.runOutOfPaper();
    const sale = await sellForCash();
    expect(sale.receiptNo).toBe(1);
    await until(() => jobStates()[0] === 'waiting');
    await until(() => statuses.includes('paperOut'));
    expect(rig.printer.simulator.lines()).toEqual([]);
    // The cashier still makes change: the real-time pulse opens the drawer with paper out.
    expect(rig.printer.simulator.pulses()).toBe(1);
    // Still waiting after a restart: the job is on disk with the sale.
    f.restart();
    expect(jobStates()).toEqual(['waiting']);
    f.core.subscribe((event) => {
      if (event.type === 'printer.status') statuses.push(event.status);
    });
    rig.printer.simulator.loadPaper();
    await until(() => jobStates()[0] === 'printed');
    await until(() => statuses.includes('paperOk'));
    expect(rig.printer.simulator.lines()).toContain(`${ZH_CN_LABELS.receiptNo}: 1`);
    expect(rig.printer.simulator.pulses()).toBe(1);
  });

  it('reprints marked REPRINT, without the drawer, and audits it; previews the same layout', async () => {
    const sale = await sellForCash();
    await until(() => jobStates()[0] === 'printed');
    const preview = await value(f.core.send('receipts.preview', { saleId: sale.saleId }));
    expect(preview.receiptNo).toBe(1);
    // The preview is the very text the printer printed.
    expect(preview.lines).toEqual(rig.printer.simulator.lines());
    expect(preview.html).toContain('Yili milk 250ml');

    const printedBefore = rig.printer.simulator.lines().length;
    const reprint = await value(f.core.send('receipts.reprint', { saleId: sale.saleId }));
    expect(reprint.receiptNo).toBe(1);
    await until(() => jobStates().length === 2 && jobStates()[1] === 'printed');
    const copy = rig.printer.simulator.lines().slice(printedBefore);
    expect(copy[0]).toBe(ZH_CN_LABELS.reprint);
    expect(copy.slice(1)).toEqual(preview.lines);
    expect(rig.printer.simulator.pulses()).toBe(1);
    const audit = f.core.db
      .prepare("SELECT staff_id, subject FROM audit_log WHERE action = 'receipt.reprint'")
      .all();
    expect(audit).toEqual([{ staff_id: 'c1', subject: sale.saleId }]);
    // A reprint is a copy, never a new receipt number.
    expect(f.core.db.prepare('SELECT count(*) FROM sale').pluck().get()).toBe(1);

    expect(await f.core.send('receipts.reprint', { saleId: 'no-such-sale' })).toMatchObject({
      ok: false,
      error: { code: 'receipts.notFound' },
    });
  });

  it('drops ended print jobs after a week, keeps a waiting one, and still reprints the sale', async () => {
    const old = await sellForCash();
    await until(() => jobStates()[0] === 'printed');
    // A job still waiting for paper from back then: never dropped, printed when it can be.
    rig.printer.simulator.runOutOfPaper();
    await sellForCash();
    await until(() => jobStates()[1] === 'waiting');
    const ids = () =>
      f.core.db.prepare('SELECT id FROM print_job ORDER BY created_at, rowid').pluck().all();
    const [printedId, waitingId] = ids();

    f.now += ENDED_PRINT_JOBS_KEPT_MS - 1;
    f.restart();
    expect(ids()).toEqual([printedId, waitingId]);
    f.now += 2;
    f.restart();
    // Pruned at start, before the printer takes up what waits.
    expect(ids()).toEqual([waitingId]);
    await loginReadyToSell(f);
    rig.printer.simulator.loadPaper();
    await until(() => jobStates()[0] === 'printed');

    const reprint = await value(f.core.send('receipts.reprint', { saleId: old.saleId }));
    expect(reprint.receiptNo).toBe(1);
    await until(() => jobStates().length === 2 && jobStates()[1] === 'printed');
    expect(rig.printer.simulator.lines()).toContain(ZH_CN_LABELS.reprint);
  });

  it('no-sale drawer opening needs a supervisor and is audited', async () => {
    expect(await f.core.send('drawer.open', { reason: 'change for a note' })).toMatchObject({
      ok: false,
      error: { code: 'auth.approvalRequired' },
    });
    expect(rig.printer.simulator.pulses()).toBe(0);
    const approval = await value(
      f.core.send('auth.approve', { approverId: 's1', pin: '2222', permission: 'drawer.noSale' }),
    );
    await value(
      f.core.send('drawer.open', { reason: 'change for a note', approvalId: approval.approvalId }),
    );
    await until(() => rig.printer.simulator.pulses() === 1);
    // Single use: the same approval does not open it again.
    expect(
      await f.core.send('drawer.open', { reason: 'again', approvalId: approval.approvalId }),
    ).toMatchObject({ ok: false });
    const audit = f.core.db
      .prepare("SELECT staff_id, details FROM audit_log WHERE action = 'drawer.noSale'")
      .all() as { staff_id: string; details: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]?.staff_id).toBe('c1');
    expect(JSON.parse(audit[0]?.details ?? '{}')).toMatchObject({ approverId: 's1' });
  });

  it('without a printer: reprint and no-sale say the device is missing; the preview still works', async () => {
    f.devices = undefined;
    f.restart();
    await loginReadyToSell(f);
    const sale = await sellForCash();
    expect(await f.core.send('receipts.reprint', { saleId: sale.saleId })).toMatchObject({
      ok: false,
      error: { code: 'devices.notConnected' },
    });
    expect(await f.core.send('drawer.open', { reason: 'float check' })).toMatchObject({
      ok: false,
      error: { code: 'devices.notConnected' },
    });
    const preview = await value(f.core.send('receipts.preview', { saleId: sale.saleId }));
    expect(preview.lines).toContain(`${ZH_CN_LABELS.receiptNo}: ${sale.receiptNo}`);
    expect(jobStates()).toEqual([]);
  });
});
