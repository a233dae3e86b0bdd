// The receipt printer: prints journaled jobs, watches DLE EOT status, reprints whole after a fault.
import { err, ok, type Result } from '../../app/result';
import { sleep, type Clock, type Logger } from '../device/clock';
import type { DeviceStatus } from '../device/device-events';
import type { PaperWidth, PrinterCodePage } from '../device/device-profile';
import type { PosDevice } from '../device/pos-device';
import { escpos } from './escpos-commands';
import type { PrintJob, PrintJournal } from './print-journal';
import { paidInCash, type Receipt, type ReceiptLabels } from './receipt';
import { layoutReceipt } from './receipt-layout';
import {
  faultOf,
  isStatusByte,
  readStatus,
  STATUS_QUERY,
  type PrinterFault,
  type PrinterStatus,
} from './printer-status';

export type ReceiptPrinterOptions = Readonly<{
  device: PosDevice<never>;
  journal: PrintJournal;
  paperWidth: PaperWidth;
  codePage: PrinterCodePage;
  labels?: ReceiptLabels;
  clock: Clock;
  logger: Logger;
  newJobId: () => string;
  /** A printer that does not answer DLE EOT within this is offline. */
  statusTimeoutMs?: number;
  /** How often a waiting job looks whether the fault has cleared. */
  faultPollMs?: number;
}>;

export interface ReceiptPrinter {
  /** Stores the job, then prints it in the background; resolves once it is stored. */
  printReceipt(receipt: Receipt): Promise<PrintJob>;
  /** A copy for the customer: marked REPRINT, never opens the drawer. */
  printCopy(receipt: Receipt): Promise<PrintJob>;
  /** Prints whatever the journal holds (at start-up and when the printer comes back). */
  resume(): void;
  queryStatus(): Promise<Result<PrinterStatus>>;
  /**
   * Asks the printer now and emits what changed (drawer opened or closed, paper low, faults).
   * The register calls it on a timer while it waits for the drawer to be shut.
   */
  checkStatus(): Promise<void>;
  /** Resolves when no job is being worked on (tests, shutdown). */
  idle(): Promise<void>;
}

const FAULT_STATUS: Record<PrinterFault, DeviceStatus> = {
  offline: 'offline',
  coverOpen: 'coverOpen',
  paperOut: 'paperOut',
};

const FAULT_MESSAGE: Record<PrinterFault, string> = {
  offline: 'The receipt printer does not answer. Check its power and cable.',
  coverOpen: 'The receipt printer cover is open. Close it to print.',
  paperOut: 'The receipt printer is out of paper. Load a new roll to print.',
};

export function createReceiptPrinter(options: ReceiptPrinterOptions): ReceiptPrinter {
  const { device, journal, clock, logger } = options;
  const statusTimeoutMs = options.statusTimeoutMs ?? 1000;
  const faultPollMs = options.faultPollMs ?? 500;
  let working: Promise<void> | undefined;
  let again = false;
  let lastFault: PrinterFault | undefined;
  let lastStatus: PrinterStatus | undefined;
  let querying: Promise<Result<PrinterStatus>> | undefined;

  function emitStatus(status: DeviceStatus): void {
    device.emit({ type: 'status', status, at: clock.now() });
  }

  function askStatus(): Promise<Result<PrinterStatus>> {
    return new Promise((resolve) => {
      const answers: number[] = [];
      let done = false;
      const finish = (result: Result<PrinterStatus>) => {
        if (done) return;
        done = true;
        off();
        clock.clearTimeout(timer);
        resolve(result);
      };
      const off = device.onBytes((chunk) => {
        for (const byte of chunk) if (isStatusByte(byte)) answers.push(byte);
        if (answers.length >= 3) {
          const [printer = 0, cause = 0, paper = 0] = answers;
          finish(ok(readStatus(printer, cause, paper)));
        }
      });
      const timer = clock.setTimeout(
        () => finish(err('printer.noAnswer', FAULT_MESSAGE.offline)),
        statusTimeoutMs,
      );
      void device.write(STATUS_QUERY).then((written) => {
        if (!written.ok) finish(written);
      });
    });
  }

  function queryStatus(): Promise<Result<PrinterStatus>> {
    // One query at a time: answers carry no tag, two in flight would mix.
    querying ??= askStatus().finally(() => {
      querying = undefined;
    });
    return querying;
  }

  /** Drawer and paper-low changes are news for the register, not faults for the job. */
  function reportChanges(status: PrinterStatus): void {
    if (status.drawerOpen !== lastStatus?.drawerOpen) {
      if (lastStatus || status.drawerOpen)
        emitStatus(status.drawerOpen ? 'drawerOpen' : 'drawerClosed');
    }
    if (status.paperLow && !status.paperOut && !lastStatus?.paperLow) emitStatus('paperLow');
    lastStatus = status;
  }

  async function currentFault(): Promise<PrinterFault | undefined> {
    const status = await queryStatus();
    if (status.ok) reportChanges(status.value);
    const fault = status.ok ? faultOf(status.value) : 'offline';
    if (fault !== lastFault) {
      emitStatus(fault === undefined ? 'online' : FAULT_STATUS[fault]);
      if (fault === undefined && lastFault === 'paperOut') emitStatus('paperOk');
      if (fault === undefined && lastFault === 'coverOpen') emitStatus('coverClosed');
      lastFault = fault;
    }
    return fault;
  }

  async function save(job: PrintJob): Promise<PrintJob> {
    await journal.update(job);
    return job;
  }

  /** Prints the job once; answers whether it finished, or the fault that stopped it. */
  async function printOnce(start: PrintJob): Promise<{ job: PrintJob; fault?: PrinterFault }> {
    const reprint = start.copy || start.attempts > 0;
    const kick = start.kickDrawer && !start.drawerKicked && !reprint;
    // Stored as printing before a byte goes out: after a crash the job comes back as a reprint.
    let job = await save({ ...start, state: 'printing', attempts: start.attempts + 1 });
    const blocks = layoutReceipt(job.receipt, {
      paperWidth: options.paperWidth,
      codePage: options.codePage,
      labels: options.labels,
      reprint,
      kickDrawer: kick,
    });
    for (const [index, block] of blocks.entries()) {
      const written = await device.write(block);
      // Recorded even if the write failed: a drawer opened twice is worse than one to open by key.
      if (index === 0 && kick) job = await save({ ...job, drawerKicked: true });
      if (!written.ok) return { job, fault: 'offline' };
      const fault = await currentFault();
      if (fault) return { job, fault };
    }
    return { job: await save({ ...job, state: 'printed' }) };
  }

  async function work(): Promise<void> {
    for (;;) {
      if (device.state() !== 'enabled') return;
      const [next] = await journal.unfinished();
      if (!next) return;
      let job = next;
      const before = await currentFault();
      if (before && job.kickDrawer && !job.drawerKicked && job.attempts === 0) {
        // The cashier must make change now: the real-time pulse works while paper is out.
        await device.write(Uint8Array.from(escpos.realTimeDrawerPulse(0, 1)));
        job = await save({ ...job, drawerKicked: true });
      }
      const outcome = before ? { job, fault: before } : await printOnce(job);
      if (!outcome.fault) {
        logger.info('receipt printed', { job: job.id, attempts: outcome.job.attempts });
        continue;
      }
      const fault = outcome.fault;
      job = await save({ ...outcome.job, state: 'waiting', lastError: fault });
      logger.warn('print job waiting', { job: job.id, fault });
      // The cashier may answer whenever (a dialog): Clear gives the job up, Retry or silence waits.
      let cleared = false;
      device.emit({
        type: 'error',
        error: { code: `printer.${fault}`, message: FAULT_MESSAGE[fault] },
        at: clock.now(),
        respond: (answer) => {
          cleared = answer === 'clear';
        },
      });
      // Wait for the fault to clear (a roll loaded, the cover shut), then go round again.
      while (!cleared && device.state() === 'enabled' && (await currentFault()) !== undefined) {
        await sleep(clock, faultPollMs);
      }
      if (cleared) {
        await save({ ...job, state: 'cancelled' });
        logger.info('print job cleared by the register', { job: job.id });
      }
    }
  }

  function resume(): void {
    if (working) {
      // The running loop may have looked at the journal before this job was stored.
      again = true;
      return;
    }
    again = false;
    working = work()
      .catch((error: unknown) => {
        logger.error('print loop failed', { why: String(error) });
      })
      .finally(() => {
        working = undefined;
        if (again) resume();
      });
  }

  async function enqueue(receipt: Receipt, copy: boolean): Promise<PrintJob> {
    const job: PrintJob = {
      id: options.newJobId(),
      receipt,
      createdAt: clock.now(),
      state: 'queued',
      attempts: 0,
      copy,
      kickDrawer: !copy && paidInCash(receipt),
      drawerKicked: false,
    };
    await journal.add(job);
    resume();
    return job;
  }

  device.on((event) => {
    // Back after an unplug: finish what the journal holds.
    if (event.type === 'status' && event.status === 'online' && device.state() === 'enabled') {
      resume();
    }
  });

  return {
    printReceipt: (receipt) => enqueue(receipt, false),
    printCopy: (receipt) => enqueue(receipt, true),
    resume,
    queryStatus,
    async checkStatus() {
      await currentFault();
    },
    async idle() {
      while (working) await working;
    },
  };
}
