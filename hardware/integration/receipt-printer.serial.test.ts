// The receipt printer over real serial ports (socat pty pair) with the simulator at the far end.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger, systemClock } from '../device/clock';
import { createDeviceManager, type DeviceReport } from '../device/device-manager';
import type { DeviceProfile } from '../device/device-profile';
import { createPosDevice } from '../device/pos-device';
import { sampleReceipt } from '../printer/fixtures/sample-receipt';
import { createMemoryPrintJournal } from '../printer/print-journal';
import { createReceiptPrinter, type ReceiptPrinter } from '../printer/receipt-printer';
import { createPrinterSimulator, type PrinterSimulator } from '../simulators/printer-simulator';
import {
  createVirtualSerialPair,
  socatMissing,
  type VirtualSerialPair,
} from '../simulators/virtual-serial-pair';
import { isPresent } from '../transport/open-transport';
import { createSerialTransport } from '../transport/serial-transport';
import { until } from './until';

const missing = socatMissing();
if (missing) console.warn(`skipping serial printer tests: ${missing}`);

const REPRINT = '*** 重印 REPRINT ***';
const goldenLines = readFileSync(
  path.join(import.meta.dirname, '..', 'printer', 'fixtures', 'sample-receipt-80mm.txt'),
  'utf8',
)
  .split('\n')
  .filter((line) => line.length > 0 && !line.startsWith('['))
  .map((line) => line.replace(/^\^/, ''));

type Rig = {
  pair: VirtualSerialPair;
  simulator: PrinterSimulator;
  printer: ReceiptPrinter;
  journal: ReturnType<typeof createMemoryPrintJournal>;
  reports: DeviceReport[];
  stop(): Promise<void>;
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function rig(paperOutAfterLines?: number): Promise<Rig> {
  const pair = await createVirtualSerialPair();
  const simulator = createPrinterSimulator({
    transport: createSerialTransport({ type: 'serial', path: pair.devicePath, baudRate: 115200 }),
    codePage: 'gb18030',
    ...(paperOutAfterLines === undefined ? {} : { paperOutAfterLines }),
  });
  await simulator.start();
  const journal = createMemoryPrintJournal();
  const profile: DeviceProfile = {
    id: 'printer-1',
    kind: 'receiptPrinter',
    connection: { type: 'serial', path: pair.registerPath, baudRate: 115200 },
    printer: { paperWidth: 80, codePage: 'gb18030' },
  };
  const device = createPosDevice<never>({
    name: 'receipt printer',
    transport: createSerialTransport({ type: 'serial', path: pair.registerPath, baudRate: 115200 }),
    clock: systemClock,
    logger: silentLogger,
  });
  let jobs = 0;
  const printer = createReceiptPrinter({
    device,
    journal,
    paperWidth: 80,
    codePage: 'gb18030',
    clock: systemClock,
    logger: silentLogger,
    newJobId: () => `job-${(jobs += 1)}`,
    statusTimeoutMs: 300,
    faultPollMs: 20,
  });
  const manager = createDeviceManager({
    profiles: [profile],
    createDevice: () => device,
    enumerate: () => Promise.resolve({ serialPaths: [], hid: [] }),
    isPresent: (p, seen) => isPresent(p.connection, seen),
    clock: systemClock,
    logger: silentLogger,
    rescanMs: 50,
    backoff: { initialMs: 50, maxMs: 400 },
  });
  const reports: DeviceReport[] = [];
  manager.onReport((report) => reports.push(report));
  await manager.start();
  const stop = async () => {
    await manager.stop();
    await simulator.stop().catch(() => undefined);
    await pair.close();
  };
  cleanups.push(stop);
  return { pair, simulator, printer, journal, reports, stop };
}

describe.skipIf(missing !== undefined)('receipt printer over a socat serial pair', () => {
  it('prints a full receipt that decodes back to the golden text, Chinese included', async () => {
    const { simulator, printer, journal, reports } = await rig();
    expect(reports.at(-1)?.state).toBe('online');
    await printer.printReceipt(sampleReceipt());
    await until(() => journal.all()[0]?.state === 'printed');
    expect(simulator.lines()).toEqual(goldenLines);
    expect(simulator.pulses()).toBe(1);
    expect(simulator.printed().filter((i) => i.type === 'cut')).toHaveLength(1);
  });

  it('paper-out mid-receipt waits, then reprints once after the roll is loaded; drawer pulses once', async () => {
    const { simulator, printer, journal } = await rig(15);
    await printer.printReceipt(sampleReceipt());
    await until(() => journal.all()[0]?.state === 'waiting');
    expect(simulator.lines()).toHaveLength(15);
    simulator.loadPaper();
    await until(() => journal.all()[0]?.state === 'printed');
    const lines = simulator.lines();
    expect(lines.filter((l) => l === REPRINT)).toHaveLength(1);
    expect(lines.slice(lines.indexOf(REPRINT) + 1)).toEqual(goldenLines);
    expect(simulator.pulses()).toBe(1);
  });

  it('never pulses for a card sale', async () => {
    const { simulator, printer, journal } = await rig();
    await printer.printReceipt(
      sampleReceipt({ tenders: [{ kind: 'card', label: '银行卡', amount: 8369 }], change: 0 }),
    );
    await until(() => journal.all()[0]?.state === 'printed');
    expect(simulator.pulses()).toBe(0);
  });

  it('reconnects after unplug and replug, and prints the job queued meanwhile', async () => {
    const { pair, simulator, printer, journal, reports } = await rig();
    await pair.unplug();
    await until(() => reports.at(-1)?.state === 'waiting');
    expect(reports.at(-1)?.lastError).toBeDefined();
    await printer.printReceipt(sampleReceipt());
    expect(journal.all()[0]?.state).toBe('queued');

    await pair.replug();
    await simulator.start();
    await until(() => reports.at(-1)?.state === 'online', 5000);
    await until(() => journal.all()[0]?.state === 'printed', 5000);
    expect(simulator.lines()).toEqual(goldenLines);
    expect(simulator.pulses()).toBe(1);
  });
});
