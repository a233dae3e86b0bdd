// Receipts: the sale's data, its print job written in the sale's own transaction and printed
// through the journal (a printer out of paper keeps the job; it prints when paper returns), a
// reprint marked REPRINT and audited, and a preview from the very bytes the printer gets.
import type { CompletedSaleView, PrinterStatusName, receiptCommands } from '../../app/commands';
import { err, ok } from '../../app/result';
import type { DeviceStatus, PrintJob, PrintJournal, ReceiptPrinter } from '../../hardware';
import {
  columnsFor,
  createReceiptPrinter,
  decodeEscPos,
  joinBlocks,
  layoutReceipt,
  paidInCash,
  previewReceiptHtml,
  systemClock as deviceClock,
} from '../../hardware';
import { writeAudit } from '../audit/audit-log';
import type { AuthService } from '../auth/auth-service';
import type { SaleHooks } from '../checkout/checkout-service';
import type { Handlers } from '../core/dispatch';
import { newId } from '../core/ids';
import type { Clock, Logger } from '../core/ports';
import type { CashDrawer, RegisterPrinter } from '../devices/register-devices';
import { notConnected } from '../devices/register-devices';
import type { RegisterDb } from '../store/register-db';
import { statement } from '../store/statement-cache';
import {
  createSqlitePrintJournal,
  insertPrintJob,
  pruneEndedPrintJobs,
} from './print-journal-store';
import type { ReceiptHeader } from './sale-receipt';
import { saleReceipt, saleReceiptNo } from './sale-receipt';

export interface ReceiptService {
  readonly handlers: Handlers<typeof receiptCommands>;
  /** Checkout's hooks: the receipt job with the sale, then the printer and the drawer. */
  readonly saleHooks: SaleHooks;
  /** Prints whatever the journal still holds (at start-up). */
  resume(): void;
  /** Resolves when the printer has nothing in hand (tests, shutdown). */
  idle(): Promise<void>;
  close(): void;
}

const PRINTER_STATUSES: ReadonlySet<DeviceStatus> = new Set<PrinterStatusName>([
  'online',
  'offline',
  'paperOk',
  'paperLow',
  'paperOut',
  'coverOpen',
  'coverClosed',
  'drawerOpen',
  'drawerClosed',
]);

const isPrinterStatus = (status: DeviceStatus): status is PrinterStatusName =>
  PRINTER_STATUSES.has(status);

/** Ended print jobs are kept this long (a week), then dropped at start and every six hours. */
export const ENDED_PRINT_JOBS_KEPT_MS = 7 * 24 * 3_600_000;
const PRUNE_EVERY_MS = 6 * 3_600_000;

/** With no printer the preview still shows the usual 80 mm layout. */
const PREVIEW_DEFAULTS = { paperWidth: 80, codePage: 'gb18030' } as const;

export function createReceiptService(
  options: Readonly<{
    db: RegisterDb;
    clock: Clock;
    logger: Logger;
    auth: AuthService;
    header: () => ReceiptHeader;
    printer: RegisterPrinter | undefined;
    /** Opens for a cash sale only when there is no printer to kick it with its receipt. */
    drawer: CashDrawer | undefined;
    printerStatus(status: PrinterStatusName): void;
  }>,
): ReceiptService {
  const { db, clock, logger, auth, printer: port } = options;
  let closed = false;
  const stored = createSqlitePrintJournal(db);
  // After close the driver's loop may still be waiting for paper: it finds the journal empty and
  // stops, and the job stays on disk for the next start.
  const journal: PrintJournal = {
    add: (job) => (closed ? Promise.reject(new Error('register closed')) : stored.add(job)),
    update: (job) => (closed ? Promise.resolve() : stored.update(job)),
    unfinished: () => (closed ? Promise.resolve([]) : stored.unfinished()),
    get: (id) => (closed ? Promise.resolve(undefined) : stored.get(id)),
  };
  const printer: ReceiptPrinter | undefined =
    port === undefined
      ? undefined
      : createReceiptPrinter({
          device: port.device,
          journal,
          paperWidth: port.paperWidth,
          codePage: port.codePage,
          ...(port.labels === undefined ? {} : { labels: port.labels }),
          ...(port.faultPollMs === undefined ? {} : { faultPollMs: port.faultPollMs }),
          // The driver's timers are real ones; its stamps follow the core's clock.
          clock: { ...deviceClock, now: () => clock.now() },
          logger,
          newJobId: newId,
        });
  const offEvents = port?.device.on((event) => {
    if (event.type === 'status' && isPrinterStatus(event.status)) {
      options.printerStatus(event.status);
    }
  });

  let pruneTimer: NodeJS.Timeout | undefined;
  function prune(): void {
    try {
      pruneEndedPrintJobs(db, clock.now() - ENDED_PRINT_JOBS_KEPT_MS);
    } catch (error) {
      logger.warn('ended print jobs not pruned', { error: String(error) });
    }
  }

  function receiptOf(saleId: string) {
    return saleReceipt(db, saleId, options.header());
  }

  const saleHooks: SaleHooks = {
    recorded(sale: CompletedSaleView) {
      if (printer === undefined) return;
      const receipt = receiptOf(sale.saleId);
      if (receipt === undefined) throw new Error(`sale ${sale.saleId} not readable in its commit`);
      // Stored with the sale: a crash right after the commit still prints it at the next start.
      const job: PrintJob = {
        id: newId(),
        receipt,
        createdAt: clock.now(),
        state: 'queued',
        attempts: 0,
        copy: false,
        kickDrawer: paidInCash(receipt),
        drawerKicked: false,
      };
      insertPrintJob(db, job);
    },
    committed(sale: CompletedSaleView) {
      if (printer !== undefined) {
        printer.resume();
        return;
      }
      if (sale.openDrawer && options.drawer !== undefined) {
        void options.drawer.open().then((opened) => {
          if (!opened.ok) logger.warn('cash drawer did not open', { code: opened.error.code });
        });
      }
    },
  };

  const handlers: Handlers<typeof receiptCommands> = {
    'receipts.get': ({ saleId }) => {
      const row = statement<
        [string],
        {
          receipt_no: number;
          total: number;
          paid: number;
          change_given: number;
          cash_rounding: number;
          points_earned: number;
          receipt: string;
        }
      >(
        db,
        'SELECT receipt_no, total, paid, change_given, cash_rounding, points_earned, receipt FROM sale WHERE id = ?',
      ).get(saleId);
      if (!row) return err('receipts.notFound', 'No sale with that id on this register');
      const receipt = JSON.parse(row.receipt) as { tenders: CompletedSaleView['tenders'] };
      return ok({
        saleId,
        receiptNo: row.receipt_no,
        total: row.total,
        paid: row.paid,
        change: row.change_given,
        cashRounding: row.cash_rounding,
        pointsEarned: row.points_earned,
        tenders: receipt.tenders,
        // The drawer opened (or not) with the sale; a receipt looked up later never opens it.
        openDrawer: false,
      });
    },
    'receipts.reprint': async ({ saleId }) => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      if (printer === undefined) return notConnected('printer');
      const receipt = receiptOf(saleId);
      if (receipt === undefined) {
        return err('receipts.notFound', 'No sale with that id on this register');
      }
      const job = await printer.printCopy(receipt);
      writeAudit(db, {
        at: clock.now(),
        staffId: session.value.staffId,
        action: 'receipt.reprint',
        subject: saleId,
        details: { receiptNo: Number(receipt.receiptId), jobId: job.id },
      });
      return ok({ saleId, receiptNo: Number(receipt.receiptId), jobId: job.id });
    },
    'receipts.preview': ({ saleId }) => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      const receipt = receiptOf(saleId);
      const receiptNo = saleReceiptNo(db, saleId);
      if (receipt === undefined || receiptNo === undefined) {
        return err('receipts.notFound', 'No sale with that id on this register');
      }
      const { paperWidth, codePage } = port ?? PREVIEW_DEFAULTS;
      const bytes = joinBlocks(
        layoutReceipt(receipt, {
          paperWidth,
          codePage,
          ...(port?.labels === undefined ? {} : { labels: port.labels }),
          reprint: false,
          kickDrawer: false,
        }),
      );
      const lines = decodeEscPos(bytes, codePage).flatMap((item) =>
        item.type === 'line' ? [item.text] : [],
      );
      return ok({
        saleId,
        receiptNo,
        lines,
        html: previewReceiptHtml(bytes, codePage, columnsFor(paperWidth)),
      });
    },
  };

  return {
    handlers,
    saleHooks,
    resume: () => {
      prune();
      pruneTimer ??= setInterval(prune, PRUNE_EVERY_MS);
      pruneTimer.unref();
      printer?.resume();
    },
    idle: () => printer?.idle() ?? Promise.resolve(),
    close: () => {
      closed = true;
      clearInterval(pruneTimer);
      offEvents?.();
    },
  };
}
