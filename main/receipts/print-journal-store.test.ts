// The print-job journal on the register's SQLite file: the journal contract, and a receipt cut off
// by paper-out that survives a restart of the register and is reprinted once, drawer kicked once.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger, systemClock } from '../../hardware/device/clock';
import { createPosDevice } from '../../hardware/device/pos-device';
import { until } from '../../hardware/integration/until';
import { sampleReceipt } from '../../hardware/printer/fixtures/sample-receipt';
import type { PrintJob } from '../../hardware/printer/print-journal';
import { createReceiptPrinter } from '../../hardware/printer/receipt-printer';
import { createPrinterSimulator } from '../../hardware/simulators/printer-simulator';
import { createMemoryPair } from '../../hardware/transport/memory-transport';
import { openRegisterStore } from '../store';
import type { RegisterDb } from '../store/register-db';
import { createSqlitePrintJournal } from './print-journal-store';

const REPRINT = '*** 重印 REPRINT ***';
let dir: string;
let db: RegisterDb;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'print-journal-'));
  db = openRegisterStore({ dataDir: dir }).db;
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function job(id: string, createdAt: number, state: PrintJob['state'] = 'queued'): PrintJob {
  return {
    id,
    receipt: sampleReceipt(),
    createdAt,
    state,
    attempts: 0,
    copy: false,
    kickDrawer: true,
    drawerKicked: false,
  };
}

async function printerOn(journalDb: RegisterDb, paperOutAfterLines?: number) {
  const pair = createMemoryPair('printer');
  const simulator = createPrinterSimulator({
    transport: pair.device,
    codePage: 'gb18030',
    ...(paperOutAfterLines === undefined ? {} : { paperOutAfterLines }),
  });
  await simulator.start();
  const device = createPosDevice<never>({
    name: 'receipt printer',
    transport: pair.register,
    clock: systemClock,
    logger: silentLogger,
  });
  expect((await device.open()).ok).toBe(true);
  expect(device.claim().ok).toBe(true);
  const journal = createSqlitePrintJournal(journalDb);
  let next = 0;
  const printer = createReceiptPrinter({
    device,
    journal,
    paperWidth: 80,
    codePage: 'gb18030',
    clock: systemClock,
    logger: silentLogger,
    newJobId: () => `job-${(next += 1)}`,
    statusTimeoutMs: 200,
    faultPollMs: 5,
  });
  expect(device.enable().ok).toBe(true);
  return { simulator, printer, journal, device };
}

describe('print journal on SQLite', () => {
  it('keeps the journal contract', async () => {
    const journal = createSqlitePrintJournal(db);
    await journal.add(job('b', 2));
    await journal.add(job('a', 1));
    await journal.add(job('c', 3, 'printed'));
    await expect(journal.add(job('a', 1))).rejects.toThrow(/UNIQUE/);
    await expect(journal.update(job('zz', 9))).rejects.toThrow(/No print job zz/);
    expect((await journal.unfinished()).map((j) => j.id)).toEqual(['a', 'b']);
    await journal.update({ ...job('a', 1), state: 'printed', attempts: 1 });
    expect((await journal.unfinished()).map((j) => j.id)).toEqual(['b']);
    expect(await journal.get('a')).toMatchObject({ state: 'printed', attempts: 1 });
    expect(await journal.get('nope')).toBeUndefined();
  });

  it('reprints a receipt cut off by paper-out after the register restarts, drawer kicked once', async () => {
    const first = await printerOn(db, 15);
    await first.printer.printReceipt(sampleReceipt());
    await until(async () => (await first.journal.unfinished())[0]?.state === 'waiting');
    expect(first.simulator.lines()).toHaveLength(15);
    await first.device.close();
    await first.simulator.stop();
    db.close();

    db = openRegisterStore({ dataDir: dir }).db;
    const second = await printerOn(db);
    second.printer.resume();
    await until(async () => (await second.journal.unfinished()).length === 0, 5000);
    const lines = second.simulator.lines();
    expect(lines.filter((l) => l === REPRINT)).toHaveLength(1);
    expect(first.simulator.pulses() + second.simulator.pulses()).toBe(1);
    expect(await second.journal.get('job-1')).toMatchObject({ state: 'printed' });
    await second.device.close();
    await second.simulator.stop();
  });
});
