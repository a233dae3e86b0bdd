// The manager dashboard's figures, read straight from this register's books: sales by hour of the
// store day, the tender mix, the best sellers, products at or below safety stock, and how far the
// outbox has reached head office. Read-only SQL; supervisors and managers only.
import type { DashboardView, reportsCommands } from '../../app/commands';
import { roleAtLeast } from '../../app/catalog';
import { err, ok } from '../../app/result';
import type { AuthService } from '../auth/auth-service';
import type { Handlers } from '../core/dispatch';
import type { Clock } from '../core/ports';
import type { StockRow } from '../inventory/inventory-service';
import { stockView } from '../inventory/inventory-service';
import { outboxStatus } from '../outbox/outbox';
import type { RegisterDb } from '../store/register-db';
import { statement } from '../store/statement-cache';
import { readSnapshot } from '../store/write-transaction';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const DEFAULT_TOP = 5;
const LOW_STOCK_SHOWN = 5;
/**
 * The last row the server has acknowledged, with every row before it: the one just before the
 * first unacknowledged row (found in the partial index of those), or the last row when all are.
 * Why not `max(seq) … WHERE acked_at IS NOT NULL`: acknowledged rows stay, so that read every
 * row the register ever wrote, payloads and all — 250 ms at 100,000 rows, on the thread that
 * answers scans.
 */
export const LAST_ACKED_SQL = `SELECT seq, acked_at AS at FROM outbox
  WHERE seq < coalesce((SELECT min(seq) FROM outbox WHERE acked_at IS NULL), 9223372036854775807)
  ORDER BY seq DESC LIMIT 1`;

type TenderKind = DashboardView['tenderMix'][number]['kind'];

/** The store day `date` (YYYY-MM-DD) as epoch ms [from, to); undefined for a day that is not. */
export function storeDay(
  date: string,
  utcOffsetMinutes: number,
): { from: number; to: number } | undefined {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const midnightUtc = Date.UTC(y, m - 1, d);
  // Date.UTC rolls 2026-02-30 over into March: a day that rolled over does not exist.
  if (new Date(midnightUtc).toISOString().slice(0, 10) !== date) return undefined;
  const from = midnightUtc - utcOffsetMinutes * 60_000;
  return { from, to: from + DAY_MS };
}

/** The store-time date of an instant, YYYY-MM-DD. */
export function storeDate(at: number, utcOffsetMinutes: number): string {
  return new Date(at + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

export function createDashboardService(
  options: Readonly<{
    db: RegisterDb;
    clock: Clock;
    auth: AuthService;
    registerId: string;
    currency: string;
    /** The store's offset from UTC: the day and its hours are the store's, not the machine's. */
    utcOffsetMinutes: number;
  }>,
): Handlers<Pick<typeof reportsCommands, 'reports.dashboard'>> {
  const { db, clock, auth } = options;

  function totals(from: number, to: number) {
    const sales = statement<[number, number], { sales: number; value: number | null }>(
      db,
      `SELECT count(*) AS sales, sum(total) AS value
       FROM sale WHERE completed_at >= ? AND completed_at < ?`,
    ).get(from, to);
    // Weighed lines count as one item each; units count one by one.
    const items = statement<[number, number], number | null>(
      db,
      `SELECT sum(CASE l.sold_by WHEN 'each' THEN l.quantity ELSE 1 END)
       FROM sale s JOIN sale_line l ON l.sale_id = s.id
       WHERE s.completed_at >= ? AND s.completed_at < ?`,
    )
      .pluck()
      .get(from, to);
    const refunds = statement<[number, number], { refunds: number; value: number | null }>(
      db,
      `SELECT count(*) AS refunds, sum(amount) AS value
       FROM refund WHERE created_at >= ? AND created_at < ?`,
    ).get(from, to);
    return {
      sales: sales?.sales ?? 0,
      value: sales?.value ?? 0,
      items: items ?? 0,
      refunds: refunds?.refunds ?? 0,
      refundValue: refunds?.value ?? 0,
    };
  }

  function byHour(from: number, to: number): DashboardView['byHour'] {
    const rows = statement<
      [number, number, number],
      { hour: number; sales: number; value: number }
    >(
      db,
      `SELECT CAST((completed_at - ?) / ${HOUR_MS} AS INTEGER) AS hour, count(*) AS sales, sum(total) AS value
       FROM sale WHERE completed_at >= ? AND completed_at < ?
       GROUP BY hour`,
    ).all(from, from, to);
    const found = new Map(rows.map((r) => [r.hour, r]));
    return Array.from({ length: 24 }, (_, hour) => ({
      hour,
      sales: found.get(hour)?.sales ?? 0,
      value: found.get(hour)?.value ?? 0,
    }));
  }

  function tenderMix(from: number, to: number): DashboardView['tenderMix'] {
    return statement<[number, number], { kind: TenderKind; count: number; amount: number }>(
      db,
      `SELECT p.kind, count(DISTINCT p.sale_id) AS count, sum(p.amount) AS amount
       FROM sale s JOIN sale_payment p ON p.sale_id = s.id
       WHERE s.completed_at >= ? AND s.completed_at < ?
       GROUP BY p.kind ORDER BY amount DESC, p.kind`,
    ).all(from, to);
  }

  function topProducts(from: number, to: number, top: number): DashboardView['topProducts'] {
    return statement<
      [number, number, number],
      {
        productId: number;
        gtin14: string;
        name: string;
        soldBy: 'each' | 'weight';
        quantity: number;
        value: number;
      }
    >(
      db,
      `SELECT l.product_id AS productId, l.gtin14, l.name, l.sold_by AS soldBy,
              sum(l.quantity) AS quantity, sum(l.net) AS value
       FROM sale s JOIN sale_line l ON l.sale_id = s.id
       WHERE s.completed_at >= ? AND s.completed_at < ?
       GROUP BY l.product_id ORDER BY value DESC, quantity DESC, l.product_id LIMIT ?`,
    ).all(from, to, top);
  }

  function lowStock(): DashboardView['lowStock'] {
    // The partial index stock_low holds exactly these rows: cheap on a full catalog.
    const count = statement<[], number>(
      db,
      `SELECT count(*) FROM stock s JOIN product p ON p.id = s.product_id
       WHERE s.available <= s.safety AND p.active = 1`,
    )
      .pluck()
      .get();
    const rows = statement<[number], StockRow>(
      db,
      `SELECT s.product_id, p.gtin14, p.name, p.sold_by, s.available, s.locked, s.safety
       FROM stock s JOIN product p ON p.id = s.product_id
       WHERE s.available <= s.safety AND p.active = 1
       ORDER BY s.available - s.safety, s.product_id LIMIT ?`,
    ).all(LOW_STOCK_SHOWN);
    return { items: rows.map(stockView), count: count ?? 0 };
  }

  function sync(): DashboardView['sync'] {
    const status = outboxStatus(db);
    const acked = statement<[], { seq: number; at: number | null }>(db, LAST_ACKED_SQL).get();
    return {
      registerId: options.registerId,
      unsyncedMutations: status.unacked,
      unsyncedSales: status.unackedSales,
      lastSeq: status.lastSeq,
      lastAckedSeq: acked?.seq ?? 0,
      lastAckedAt: acked?.at ?? null,
    };
  }

  return {
    'reports.dashboard': ({ date, top }) => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      if (!roleAtLeast(session.value.role, 'supervisor')) {
        return err('auth.notAllowed', 'Only a supervisor or manager may see the dashboard', {
          role: 'supervisor',
        });
      }
      const day = date ?? storeDate(clock.now(), options.utcOffsetMinutes);
      const range = storeDay(day, options.utcOffsetMinutes);
      if (range === undefined) return err('reports.invalidDate', `There is no day ${day}`);
      const { from, to } = range;
      // One read transaction: the figures agree with each other even while a sale commits.
      return ok(
        readSnapshot(db, (): DashboardView => ({
          date: day,
          currency: options.currency,
          totals: totals(from, to),
          byHour: byHour(from, to),
          tenderMix: tenderMix(from, to),
          topProducts: topProducts(from, to, top ?? DEFAULT_TOP),
          lowStock: lowStock(),
          sync: sync(),
        })),
      );
    },
  };
}
