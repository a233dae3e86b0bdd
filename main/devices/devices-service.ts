// The devices screen's commands: the counter's devices as they are now (the receipt printer
// asked for its status, which devices are connected), a test slip through the printer, and the
// ports the devices are on (device-ports.ts). A second
// driver over the same printer device does both, so the slip uses the very layout and fault
// handling of receipts; its job lives in memory only (a lost test slip needs no reprint).
import type { devicesCommands, DevicesStatusView, PrinterDeviceView } from '../../app/commands';
import { err, ok } from '../../app/result';
import type { PosDevice, Receipt, ReceiptPrinter, ScaleReading } from '../../hardware';
import {
  showOnPole,
  createMemoryPrintJournal,
  createReceiptPrinter,
  faultOf,
  systemClock as deviceClock,
} from '../../hardware';
import { writeAudit } from '../audit/audit-log';
import type { AuthService } from '../auth/auth-service';
import type { Handlers } from '../core/dispatch';
import { newId } from '../core/ids';
import type { Clock, Logger } from '../core/ports';
import type { RegisterDb } from '../store/register-db';
import { createPortHandlers } from './device-ports';
import type { DeviceName, DevicePorts, RegisterPrinter } from './register-devices';
import { notConnected } from './register-devices';

/** How long `devices.testPrint` waits for the slip before answering "still waiting". */
const TEST_PRINT_WAIT_MS = 10_000;

export function createDevicesService(
  options: Readonly<{
    db: RegisterDb;
    clock: Clock;
    logger: Logger;
    auth: AuthService;
    registerId: string;
    printer: RegisterPrinter | undefined;
    /** Whether a device is there now: chosen ports come and go while the register runs. */
    connected: (device: DeviceName) => boolean;
    /** What the counter scale shows now, as last heard. */
    scaleReading: () => ScaleReading | undefined;
    display: PosDevice<never> | undefined;
    /** The host's ports, when the devices screen may choose them. */
    ports: DevicePorts | undefined;
    /** The receipts' printer has nothing in hand: the test never cuts into a customer's receipt. */
    receiptsIdle: () => Promise<void>;
    /** Store name and the store's offset from UTC, as receipts print them. */
    header: () => { readonly storeName: string; readonly utcOffsetMinutes: number };
  }>,
): Handlers<typeof devicesCommands> {
  const { db, clock, logger, auth, printer: port } = options;
  const tester: ReceiptPrinter | undefined =
    port === undefined
      ? undefined
      : createReceiptPrinter({
          device: port.device,
          journal: createMemoryPrintJournal(),
          paperWidth: port.paperWidth,
          codePage: port.codePage,
          ...(port.labels === undefined ? {} : { labels: port.labels }),
          ...(port.faultPollMs === undefined ? {} : { faultPollMs: port.faultPollMs }),
          clock: { ...deviceClock, now: () => clock.now() },
          logger,
          newJobId: newId,
        });

  async function printerNow(): Promise<PrinterDeviceView> {
    if (tester === undefined || !options.connected('printer')) {
      return { connected: false, status: null };
    }
    // Status answers carry no tag: ask only while the receipts' driver is not asking.
    await options.receiptsIdle();
    const status = await tester.queryStatus();
    if (!status.ok) return { connected: true, status: null };
    const s = status.value;
    return {
      connected: true,
      status: {
        online: s.online,
        paper: s.paperOut ? 'out' : s.paperLow ? 'low' : 'ok',
        coverOpen: s.coverOpen,
        drawerOpen: s.drawerOpen,
      },
    };
  }

  function testSlip(staffName: string): Receipt {
    const header = options.header();
    return {
      receiptId: 'TEST',
      currency: 'CNY',
      store: { name: header.storeName },
      registerId: options.registerId,
      cashier: staffName,
      soldAt: clock.now(),
      utcOffsetMinutes: header.utcOffsetMinutes,
      lines: [],
      subtotal: 0,
      discount: 0,
      total: 0,
      taxes: [],
      tenders: [],
      change: 0,
      footer: ['打印测试 TEST PRINT', '打印正常 Printer OK'],
    };
  }

  return {
    ...createPortHandlers({ db, clock, logger, auth, ports: options.ports }),
    'devices.status': async () => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      const view: DevicesStatusView = {
        printer: await printerNow(),
        terminal: { connected: options.connected('terminal') },
        drawer: { connected: options.connected('drawer') },
        scale: {
          connected: options.connected('scale'),
          reading: readingView(options.scaleReading()),
        },
        display: { connected: options.connected('display') },
        checkedAt: clock.now(),
      };
      return ok(view);
    },
    'devices.testDisplay': async () => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      const display = options.display;
      if (display === undefined || !options.connected('display')) return notConnected('display');
      const shown = await showOnPole(display, 'DISPLAY TEST', '0123456789 ABCDEFGHI');
      if (!shown.ok) {
        return err('devices.displayFailed', 'The customer display did not answer: check its cable');
      }
      return ok(null);
    },
    'devices.testPrint': async () => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      if (tester === undefined || !options.connected('printer')) return notConnected('printer');
      const now = await printerNow();
      const fault =
        now.status === null
          ? 'offline'
          : faultOf({
              online: now.status.online,
              coverOpen: now.status.coverOpen,
              paperOut: now.status.paper === 'out',
              paperLow: now.status.paper === 'low',
              drawerOpen: now.status.drawerOpen,
            });
      if (fault !== undefined) {
        return err(`devices.printer.${fault}`, PRINTER_FAULT[fault], { fault });
      }
      const job = await tester.printReceipt(testSlip(session.value.name));
      writeAudit(db, {
        at: clock.now(),
        staffId: session.value.staffId,
        action: 'devices.testPrint',
        details: { jobId: job.id },
      });
      let timer: ReturnType<typeof setTimeout> | undefined;
      const printed = await Promise.race([
        tester.idle().then(() => true),
        new Promise<false>((resolve) => {
          timer = setTimeout(() => resolve(false), TEST_PRINT_WAIT_MS);
          timer.unref();
        }),
      ]);
      clearTimeout(timer);
      return ok({ printed });
    },
  };
}

const PRINTER_FAULT = {
  offline: 'The receipt printer does not answer: check its power and cable.',
  coverOpen: 'The receipt printer cover is open: close it, then print the test again.',
  paperOut: 'The receipt printer is out of paper: load a roll, then print the test again.',
} as const;

function readingView(reading: ScaleReading | undefined): DevicesStatusView['scale']['reading'] {
  if (reading === undefined) return null;
  return reading.state === 'overload'
    ? { state: 'overload', grams: null }
    : { state: reading.state, grams: reading.grams };
}
