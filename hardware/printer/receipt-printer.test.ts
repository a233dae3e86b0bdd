// The receipt printer over an in-memory pair with the simulator at the far end: layout, faults, journal.
import { describe, expect, it } from 'vitest';
import { silentLogger, systemClock } from '../device/clock';
import type { DeviceEvent } from '../device/device-events';
import type { PaperWidth } from '../device/device-profile';
import { createPosDevice } from '../device/pos-device';
import { createPrinterSimulator } from '../simulators/printer-simulator';
import { createMemoryPair } from '../transport/memory-transport';
import { until } from '../integration/until';
import { sampleReceipt } from './fixtures/sample-receipt';
import { createMemoryPrintJournal } from './print-journal';
import { createReceiptPrinter } from './receipt-printer';
import { textWidth } from './receipt-text';

const TOTAL_80 = `合计${' '.repeat(39)}83.69`;
const REPRINT = '*** 重印 REPRINT ***';

async function rig(
  options: { paperOutAfterLines?: number; unplugAfterLines?: number; paperWidth?: PaperWidth } = {},
) {
  const pair = createMemoryPair('printer');
  const simulator = createPrinterSimulator({
    transport: pair.device,
    codePage: 'gb18030',
    ...(options.paperOutAfterLines === undefined
      ? {}
      : { paperOutAfterLines: options.paperOutAfterLines }),
    ...(options.unplugAfterLines === undefined
      ? {}
      : { unplugAfterLines: options.unplugAfterLines }),
  });
  await simulator.start();
  const device = createPosDevice<never>({
    name: 'receipt printer',
    transport: pair.register,
    clock: systemClock,
    logger: silentLogger,
  });
  const events: DeviceEvent<never>[] = [];
  device.on((event) => events.push(event));
  expect((await device.open()).ok).toBe(true);
  expect(device.claim().ok).toBe(true);
  const journal = createMemoryPrintJournal();
  let next = 0;
  const printer = createReceiptPrinter({
    device,
    journal,
    paperWidth: options.paperWidth ?? 80,
    codePage: 'gb18030',
    clock: systemClock,
    logger: silentLogger,
    newJobId: () => `job-${(next += 1)}`,
    statusTimeoutMs: 200,
    faultPollMs: 5,
  });
  expect(device.enable().ok).toBe(true);
  return { pair, simulator, device, events, journal, printer };
}

describe('receipt printer', () => {
  it('prints a full Chinese receipt that decodes back to the expected text and events', async () => {
    const { simulator, printer, journal } = await rig();
    const job = await printer.printReceipt(sampleReceipt());
    await printer.idle();
    const lines = simulator.lines();
    expect(lines).toContain('鲜丰超市 (滨江店)');
    expect(lines).toContain('单号: R20261124-0042-000731');
    expect(lines).toContain('时间: 2026-11-24 10:15:30');
    expect(lines).toContain('可口可乐 330ml');
    expect(lines).toContain(`  3 x 3.50${' '.repeat(34)}8.75`);
    expect(lines).toContain(`  * 第二件半价${' '.repeat(29)}-1.75`);
    expect(lines).toContain(TOTAL_80);
    expect(lines).toContain(`找零${' '.repeat(39)}16.31`);
    expect(lines).toContain('会员: 138****5678');
    expect(lines.some((line) => line.includes('REPRINT'))).toBe(false);
    const events = simulator.printed().filter((item) => item.type !== 'line');
    expect(events.filter((e) => e.type === 'qr')).toEqual([
      { type: 'qr', data: 'R20261124-0042-000731' },
    ]);
    expect(events.filter((e) => e.type === 'barcode')).toEqual([
      { type: 'barcode', symbology: 'code128', data: 'R20261124-0042-000731' },
    ]);
    expect(simulator.pulses()).toBe(1);
    expect(simulator.printed().at(-1)).toEqual({ type: 'cut', partial: true });
    expect((await journal.get(job.id))?.state).toBe('printed');
  });

  it.each([58, 80] as const)('keeps every line within %i mm paper width', async (width) => {
    const { simulator, printer } = await rig({ paperWidth: width });
    await printer.printReceipt(sampleReceipt());
    await printer.idle();
    const columns = width === 58 ? 32 : 48;
    const widths = simulator.lines().map((line) => textWidth(line, 'gb18030'));
    expect(Math.max(...widths)).toBe(columns);
  });

  it('reports the drawer opening for a cash sale and closing when pushed shut', async () => {
    const { simulator, printer, events } = await rig();
    await printer.printReceipt(sampleReceipt());
    await printer.idle();
    const drawer = () =>
      events.flatMap((e) =>
        e.type === 'status' && e.status.startsWith('drawer') ? [e.status] : [],
      );
    expect(drawer()).toEqual(['drawerOpen']);
    simulator.closeDrawer();
    await printer.checkStatus();
    expect(drawer()).toEqual(['drawerOpen', 'drawerClosed']);
  });

  it('warns once when the paper runs low', async () => {
    const { printer, events } = await rig({ paperOutAfterLines: 45 });
    await printer.printReceipt(sampleReceipt());
    await printer.idle();
    expect(events.filter((e) => e.type === 'status' && e.status === 'paperLow')).toHaveLength(1);
  });

  it('does not open the drawer for a card sale', async () => {
    const { simulator, printer } = await rig();
    await printer.printReceipt(
      sampleReceipt({ tenders: [{ kind: 'card', label: '银行卡', amount: 8369 }], change: 0 }),
    );
    await printer.idle();
    expect(simulator.lines()).toContain(TOTAL_80);
    expect(simulator.pulses()).toBe(0);
  });

  it('waits on paper-out mid-receipt, then reprints the whole receipt once, marked, no second pulse', async () => {
    const { simulator, printer, journal, events } = await rig({ paperOutAfterLines: 12 });
    const job = await printer.printReceipt(sampleReceipt());
    await until(() => journal.all()[0]?.state === 'waiting');
    const error = events.find((e) => e.type === 'error');
    expect(error?.type === 'error' ? error.error.code : undefined).toBe('printer.paperOut');
    expect(events.some((e) => e.type === 'status' && e.status === 'paperOut')).toBe(true);
    expect(simulator.lines()).toHaveLength(12);

    simulator.loadPaper();
    await until(() => journal.all()[0]?.state === 'printed');
    await printer.idle();
    const lines = simulator.lines();
    expect(lines.indexOf(REPRINT)).toBe(12);
    expect(lines.filter((l) => l === REPRINT)).toHaveLength(1);
    expect(lines.slice(13)).toContain(TOTAL_80);
    expect(lines.slice(13)).toContain('鲜丰超市 (滨江店)');
    expect(simulator.pulses()).toBe(1);
    expect(simulator.printed().filter((i) => i.type === 'cut')).toHaveLength(1);
    expect(await journal.get(job.id)).toMatchObject({
      state: 'printed',
      attempts: 2,
      drawerKicked: true,
    });
  });

  it('survives an unplug mid-receipt: the job waits, and after replug prints whole, marked, no pulse', async () => {
    const { simulator, device, printer, journal, events } = await rig({ unplugAfterLines: 10 });
    const job = await printer.printReceipt(sampleReceipt());
    await until(() => journal.all()[0]?.state === 'waiting');
    await printer.idle();
    expect(device.state()).toBe('closed');
    expect(events.some((e) => e.type === 'status' && e.status === 'offline')).toBe(true);

    await simulator.start();
    expect((await device.open()).ok).toBe(true);
    device.claim();
    device.enable();
    await until(() => journal.all()[0]?.state === 'printed');
    const lines = simulator.lines();
    // The block in flight when the cable went still printed; then the whole receipt again.
    const reprintAt = lines.indexOf(REPRINT);
    expect(reprintAt).toBeGreaterThanOrEqual(10);
    expect(lines.filter((l) => l === REPRINT)).toHaveLength(1);
    expect(lines.slice(reprintAt + 1, reprintAt + 2)).toEqual(['鲜丰超市 (滨江店)']);
    expect(lines.slice(reprintAt + 1)).toContain(TOTAL_80);
    expect(simulator.pulses()).toBe(1);
    expect(await journal.get(job.id)).toMatchObject({ attempts: 2, drawerKicked: true });
  });

  it('holds a job while the cover is open, kicks the drawer in real time, prints unmarked after', async () => {
    const { simulator, printer, journal } = await rig();
    simulator.openCover();
    await printer.printReceipt(sampleReceipt());
    await until(() => journal.all()[0]?.state === 'waiting');
    expect(simulator.pulses()).toBe(1);
    expect(simulator.lines()).toHaveLength(0);
    simulator.closeCover();
    await until(() => journal.all()[0]?.state === 'printed');
    expect(simulator.lines().some((l) => l.includes('REPRINT'))).toBe(false);
    expect(simulator.pulses()).toBe(1);
  });

  it('cancels a waiting job when the register answers Clear, even some time later', async () => {
    const { simulator, device, printer, journal } = await rig();
    device.on((event) => {
      // Answered a little later, as a cashier tapping a dialog would.
      if (event.type === 'error') setTimeout(() => event.respond?.('clear'), 20);
    });
    simulator.runOutOfPaper();
    await printer.printReceipt(sampleReceipt());
    await until(() => journal.all()[0]?.state === 'cancelled');
    await printer.idle();
    expect(simulator.lines()).toHaveLength(0);
  });

  it('treats a printer that does not answer as offline and prints once it is back', async () => {
    const { simulator, printer, journal } = await rig();
    simulator.setOffline(true);
    await printer.printReceipt(
      sampleReceipt({ tenders: [{ kind: 'card', label: '卡', amount: 8369 }] }),
    );
    await until(() => journal.all()[0]?.lastError === 'offline');
    simulator.setOffline(false);
    await until(() => journal.all()[0]?.state === 'printed');
    expect(simulator.lines()).toContain(TOTAL_80);
  });

  it('prints a customer copy marked REPRINT without opening the drawer', async () => {
    const { simulator, printer } = await rig();
    await printer.printCopy(sampleReceipt());
    await printer.idle();
    expect(simulator.lines()[0]).toBe(REPRINT);
    expect(simulator.pulses()).toBe(0);
  });

  it('after a restart, reprints a job the journal shows as mid-print, without the drawer', async () => {
    const first = await rig();
    await first.journal.add({
      id: 'crashed',
      receipt: sampleReceipt(),
      createdAt: 1,
      state: 'printing',
      attempts: 1,
      copy: false,
      kickDrawer: true,
      drawerKicked: true,
    });
    first.printer.resume();
    await first.printer.idle();
    expect(first.simulator.lines()[0]).toBe(REPRINT);
    expect(first.simulator.pulses()).toBe(0);
    expect((await first.journal.get('crashed'))?.state).toBe('printed');
  });
});
