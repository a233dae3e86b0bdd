// sale-commit: a tendered 20-line sale recorded durably through the register core (the cash tender
// that completes it: sale, lines, payment, stock deducted with its moves, audit and outbox, one
// synchronous=FULL commit), against raw better-sqlite3 durable commits of an equivalent
// multi-row transaction into equivalent tables, in interleaved rounds in the same run.
//
// Measured twice. "After a pause" is the counter as it is: between the last scan and the tender
// the customer pays, and in that pause the register's upkeep (core.upkeep(): the scans' log
// synced and checkpointed off the main thread) has run, so the tender's fsync carries only its
// own pages; the baseline's log is checkpointed before each commit the same way, and both then
// wait the same few milliseconds. "Back to back" sends every command as soon as the last was
// answered, each in its own turn of the event loop as a host's messages arrive: the upkeep's
// timer never comes round, and the tender's fsync also carries what of the twenty scans' pages
// the background log sync has not yet written. No store runs a counter like that: the worst case.
import path from 'node:path';
import Database from 'better-sqlite3';
import type { CartView } from '../app/commands';
import { parseBarcode } from '../app/barcode';
import { seedStaff } from '../main/auth/staff-store';
import { importCatalogFile } from '../main/catalog/import-catalog';
import type { RegisterCore } from '../main/core/create-register-core';
import { createRegisterCore } from '../main/core/create-register-core';
import type { Logger } from '../main/core/ports';
import { systemClock } from '../main/core/ports';
import { openRegisterStore } from '../main/store/open-register-store';
import type { RegisterDb } from '../main/store/register-db';
import type { Benchmark, Measurement } from './harness';
import { nextTurn } from './harness';
import { median, percentile } from './stats';
import { CHEAP_PINS } from '../test-support/register-fixture';

const DATASET = path.resolve(import.meta.dirname, '../../shared/datasets/off-products.csv.gz');
const CATALOG_ROWS = 5000;
const LINES = 20;
const WARMUP_SALES = 20;

type Mode = 'afterPause' | 'backToBack';
/**
 * The same idle moment before each timed commit, ours and the baseline's: a machine that has
 * waited runs the next work slower (colder caches, a descheduled virtual CPU), so a pause only on
 * one side would be measured as that side's cost.
 */
const PAUSE_MS = 5;
const pause = () => new Promise((resolve) => setTimeout(resolve, PAUSE_MS));

interface PoolProduct {
  readonly id: number;
  readonly gtin14: string;
  readonly code: string;
  readonly name: string;
  readonly price: number;
}

function productPool(db: RegisterDb): PoolProduct[] {
  const rows = db
    .prepare<[], { id: number; gtin14: string; name: string; price_minor: number }>(
      "SELECT id, gtin14, name, price_minor FROM product WHERE sold_by = 'each' AND active = 1 ORDER BY id",
    )
    .all();
  const pool: PoolProduct[] = [];
  for (const row of rows) {
    const code = row.gtin14.startsWith('0') ? row.gtin14.slice(1) : row.gtin14;
    const parsed = parseBarcode(code, { referenceAt: Date.now() });
    if (parsed.ok && parsed.value.kind === 'gtin' && parsed.value.gtin14 === row.gtin14)
      pool.push({ id: row.id, gtin14: row.gtin14, code, name: row.name, price: row.price_minor });
  }
  return pool;
}

async function answerOf<T>(
  answer: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>,
): Promise<T> {
  const a = await answer;
  if (!a.ok) throw new Error(`${a.error.code}: ${a.error.message}`);
  return a.value;
}

/** The same rows a sale writes, in tables of the same shape, with no domain code in between. */
function openBaseline(file: string, pool: readonly PoolProduct[]) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`
    CREATE TABLE register_counter (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
    INSERT INTO register_counter VALUES ('receipt_no', 0), ('outbox_seq', 0);
    CREATE TABLE sale (id TEXT PRIMARY KEY, receipt_no INTEGER NOT NULL UNIQUE, register_id TEXT NOT NULL,
      store_id TEXT NOT NULL, status TEXT NOT NULL, cashier_id TEXT NOT NULL, member_id TEXT,
      currency TEXT NOT NULL, subtotal INTEGER NOT NULL, discount_total INTEGER NOT NULL,
      tax_total INTEGER NOT NULL, total INTEGER NOT NULL, cash_rounding INTEGER NOT NULL,
      paid INTEGER NOT NULL, change_given INTEGER NOT NULL, points_earned INTEGER NOT NULL,
      receipt TEXT NOT NULL, opened_at INTEGER NOT NULL, completed_at INTEGER NOT NULL);
    CREATE INDEX sale_completed_at ON sale (completed_at);
    CREATE TABLE sale_line (sale_id TEXT NOT NULL, line_no INTEGER NOT NULL, line_id TEXT NOT NULL,
      product_id INTEGER NOT NULL, gtin14 TEXT NOT NULL, name TEXT NOT NULL, quantity INTEGER NOT NULL,
      sold_by TEXT NOT NULL, unit_price INTEGER NOT NULL, gross INTEGER NOT NULL,
      discount INTEGER NOT NULL, net INTEGER NOT NULL, tax_rate_bp INTEGER NOT NULL,
      PRIMARY KEY (sale_id, line_no)) WITHOUT ROWID;
    CREATE TABLE sale_payment (sale_id TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL,
      amount INTEGER NOT NULL, details TEXT NOT NULL, PRIMARY KEY (sale_id, seq)) WITHOUT ROWID;
    CREATE TABLE stock (product_id INTEGER PRIMARY KEY, available INTEGER NOT NULL,
      locked INTEGER NOT NULL, safety INTEGER NOT NULL, version INTEGER NOT NULL);
    -- Unindexed, as the register's own since its migration 19.
    CREATE TABLE stock_move (id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL, type TEXT NOT NULL,
      quantity INTEGER NOT NULL, figure TEXT NOT NULL, before INTEGER NOT NULL, after INTEGER NOT NULL,
      order_id TEXT, reason TEXT, at INTEGER NOT NULL);
    CREATE TABLE audit_log (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, staff_id TEXT,
      action TEXT NOT NULL, subject TEXT, details TEXT NOT NULL);
    CREATE INDEX audit_log_at ON audit_log (at);
    CREATE TABLE outbox (seq INTEGER PRIMARY KEY, register_id TEXT NOT NULL,
      mutation_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, payload TEXT NOT NULL,
      schema_version INTEGER NOT NULL, created_at INTEGER NOT NULL, acked_at INTEGER,
      sale_total INTEGER);
    CREATE INDEX outbox_unacked ON outbox (seq, sale_total, acked_at) WHERE acked_at IS NULL;
  `);
  const stock = db.prepare(
    'INSERT INTO stock (product_id, available, locked, safety, version) VALUES (?, 1000000000, 0, 0, 0)',
  );
  db.transaction(() => {
    for (const p of pool) stock.run(p.id);
  })();
  const bump = db.prepare<[string], number>(
    'UPDATE register_counter SET value = value + 1 WHERE name = ? RETURNING value',
  );
  const sale = db.prepare(
    `INSERT INTO sale VALUES (?, ?, 'reg-1', 'store-1', 'completed', 'c1', NULL, 'CNY', ?, 0, ?, ?, 0, ?, 0, 0, ?, ?, ?)`,
  );
  const line = db.prepare(
    `INSERT INTO sale_line VALUES (?, ?, ?, ?, ?, ?, 1, 'each', ?, ?, 0, ?, 1300)`,
  );
  const payment = db.prepare("INSERT INTO sale_payment VALUES (?, 1, 'cash', ?, ?)");
  const deduct = db.prepare(
    'UPDATE stock SET available = available, locked = locked - 1, version = version + 1 WHERE product_id = ?',
  );
  const move = db.prepare(
    "INSERT INTO stock_move (product_id, type, quantity, figure, before, after, order_id, reason, at) VALUES (?, 'out', 1, 'total', 10, 9, ?, NULL, ?)",
  );
  const audit = db.prepare(
    "INSERT INTO audit_log (at, staff_id, action, subject, details) VALUES (?, 'c1', 'sale.completed', ?, ?)",
  );
  const outbox = db.prepare(
    "INSERT INTO outbox (seq, register_id, mutation_id, type, payload, schema_version, created_at, sale_total) VALUES (?, 'reg-1', ?, 'sale.completed', ?, 1, ?, ?)",
  );
  let n = 0;
  /** One durable commit of a sale's rows; `receipt` and `payload` are pre-built strings. */
  const commit = db.transaction(
    (products: readonly PoolProduct[], receipt: string, payload: string) => {
      n += 1;
      const at = Date.now();
      const saleId = `sale-${n}`;
      const total = products.reduce((s, p) => s + p.price, 0);
      const receiptNo = bump.pluck().get('receipt_no') as number;
      sale.run(saleId, receiptNo, total, Math.round(total / 10), total, total, receipt, at, at);
      products.forEach((p, i) => {
        line.run(
          saleId,
          i + 1,
          `${saleId}-${i}`,
          p.id,
          p.gtin14,
          p.name,
          p.price,
          p.price,
          p.price,
        );
      });
      payment.run(saleId, total, '{"kind":"cash"}');
      for (const p of products) {
        deduct.run(p.id);
        move.run(p.id, saleId, at);
      }
      audit.run(at, saleId, `{"receiptNo":${receiptNo},"total":${total}}`);
      const seq = bump.pluck().get('outbox_seq') as number;
      outbox.run(seq, `mutation-${n}`, payload, at, total);
    },
  );
  return {
    commit: (products: readonly PoolProduct[], receipt: string, payload: string) =>
      commit.immediate(products, receipt, payload),
    /** The baseline's pause: its log checkpointed, as the register's upkeep does. */
    checkpoint: () => db.pragma('wal_checkpoint(PASSIVE)'),
    close: () => db.close(),
  };
}

export const saleCommit: Benchmark = {
  name: 'sale-commit',
  description:
    'Tendered 20-line sale recorded durably through the core vs raw durable multi-row commits',
  async run(context) {
    const rounds = context.quick ? 5 : 9;
    const salesPerRound = context.quick ? 40 : 150;
    const dataDir = path.join(context.workDir, 'register');

    const seeded = openRegisterStore({ dataDir });
    context.log(`sale-commit: importing the first ${CATALOG_ROWS} catalog rows`);
    await importCatalogFile(seeded.db, DATASET, { limitRows: CATALOG_ROWS });
    const pool = productPool(seeded.db);
    // Enough on the shelf that every line is held at scan and deducted from the hold at payment.
    seeded.db.prepare('UPDATE stock SET available = 1000000000, locked = 0').run();
    await seedStaff(
      seeded.db,
      [{ id: 'c1', name: 'Bench Cashier', role: 'cashier', pin: '1111' }],
      CHEAP_PINS,
    );
    const products = seeded.db.prepare('SELECT count(*) FROM product').pluck().get() as number;
    seeded.db.pragma('wal_checkpoint(TRUNCATE)');
    seeded.db.close();

    const errors: string[] = [];
    const logger: Logger = {
      info: () => undefined,
      warn: (message) => errors.push(message),
      error: (message, fields) => errors.push(`${message} ${JSON.stringify(fields)}`),
    };
    const core: RegisterCore = createRegisterCore({
      dataDir,
      storeId: 'store-1',
      registerId: 'reg-1',
      clock: systemClock,
      logger,
    });
    const baseline = openBaseline(path.join(context.workDir, 'baseline.sqlite'), pool);
    try {
      await answerOf(core.send('auth.login', { staffId: 'c1', pin: '1111' }));
      // Cash goes into a drawer only while a shift is open.
      await answerOf(core.send('shift.open', { openingFloat: 50_000 }));
      let next = 0;
      const basket = (): PoolProduct[] =>
        Array.from({ length: LINES }, () => pool[next++ % pool.length] as PoolProduct);
      const count = (table: string) =>
        core.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

      /**
       * Scans a basket (not timed) and times the cash tender that completes and records it; after
       * a pause, the register's upkeep runs between the last scan and the tender (not timed).
       */
      async function oursSale(mode: Mode): Promise<number> {
        let view: CartView | undefined;
        for (const p of basket()) {
          await nextTurn();
          view = await answerOf(core.send('checkout.scan', { code: p.code }));
        }
        if (view === undefined) throw new Error('no cart');
        if (mode === 'afterPause') {
          await core.upkeep();
          await pause();
        } else await nextTurn();
        // Notes enough for the total: the tender completes the sale and gives change.
        const tendered = Math.ceil((view.remainingInCash + 1) / 10_000) * 10_000;
        const start = performance.now();
        const outcome = await core.send('checkout.tenderCash', { tendered });
        const ms = performance.now() - start;
        if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
        if (outcome.value.status !== 'completed') throw new Error('sale not completed');
        return ms;
      }

      for (let i = 0; i < WARMUP_SALES; i += 1) await oursSale('afterPause');
      // The baseline writes strings as long as ours: a real receipt and outbox payload.
      const receipt = core.db
        .prepare('SELECT receipt FROM sale ORDER BY completed_at DESC LIMIT 1')
        .pluck()
        .get() as string;
      const payload = core.db
        .prepare(
          "SELECT payload FROM outbox WHERE type = 'sale.completed' ORDER BY seq DESC LIMIT 1",
        )
        .pluck()
        .get() as string;
      const baselineSale = async (mode: Mode): Promise<number> => {
        const items = basket();
        if (mode === 'afterPause') {
          baseline.checkpoint();
          await pause();
        } else await nextTurn();
        const start = performance.now();
        baseline.commit(items, receipt, payload);
        return performance.now() - start;
      };
      for (let i = 0; i < WARMUP_SALES; i += 1) await baselineSale('afterPause');

      const before = {
        sales: count('sale'),
        audit: count('audit_log'),
        outbox: count('outbox'),
        moves: count('stock_move'),
      };
      let tenderMovesPerSale = 0;
      /** Interleaved rounds of ours and the baseline in one mode. */
      async function measure(mode: Mode) {
        const ours: number[] = [];
        const base: number[] = [];
        const oursRates: number[] = [];
        const baseRates: number[] = [];
        const oursRound = async () => {
          const times: number[] = [];
          for (let i = 0; i < salesPerRound; i += 1) {
            if (tenderMovesPerSale > 0) times.push(await oursSale(mode));
            else {
              const movesBefore = count('stock_move');
              times.push(await oursSale(mode));
              tenderMovesPerSale = count('stock_move') - movesBefore;
            }
          }
          ours.push(...times);
          oursRates.push(times.length / (times.reduce((a, b) => a + b, 0) / 1000));
        };
        const baseRound = async () => {
          const times: number[] = [];
          for (let i = 0; i < salesPerRound; i += 1) times.push(await baselineSale(mode));
          base.push(...times);
          baseRates.push(times.length / (times.reduce((a, b) => a + b, 0) / 1000));
        };
        context.log(
          `sale-commit (${mode}): ${rounds} interleaved rounds of ${salesPerRound} sales each`,
        );
        for (let r = 0; r < rounds; r += 1) {
          if (r % 2 === 0) {
            await oursRound();
            await baseRound();
          } else {
            await baseRound();
            await oursRound();
          }
          context.log(
            `sale-commit (${mode}): round ${r + 1}/${rounds}: ours ${oursRates.at(-1)?.toFixed(0)}/s, baseline ${baseRates.at(-1)?.toFixed(0)}/s`,
          );
        }
        return { ours, base, oursRates, baseRates };
      }
      const afterPause = await measure('afterPause');
      const backToBack = await measure('backToBack');
      const salesMeasured = afterPause.ours.length + backToBack.ours.length;
      if (errors.length > 0)
        throw new Error(`core logged errors: ${errors.slice(0, 3).join('; ')}`);
      const perSale = (table: string, from: number) => (count(table) - from) / salesMeasured;
      const params = {
        products,
        linesPerSale: LINES,
        rounds,
        salesPerRound,
        statistic: 'rate: median of rounds (sales / summed tender time); latency over all sales',
        measured:
          'checkout.tenderCash that completes the sale: zod check, pricing, payment, one synchronous=FULL transaction (sale, 20 lines, payment, stock deduct + moves, cart delete, audit, outbox)',
        notMeasured: '20 scans per sale before the tender; the upkeep in the pause',
        rowsPerSale: {
          sales: perSale('sale', before.sales),
          stockMovesIncludingScanLocks: perSale('stock_move', before.moves),
          stockMovesOneSaleIncludingScanLocks: tenderMovesPerSale,
          audit: perSale('audit_log', before.audit),
          outbox: perSale('outbox', before.outbox),
        },
        memberAttached: false,
        journalMode: 'wal',
        synchronous: 'full (the sale commit)',
      };
      const BASELINE_RATE =
        'raw better-sqlite3 durable commits/s (WAL, synchronous=FULL) of 1 sale + 20 lines + 1 payment + 20 stock updates + 20 stock moves + 1 audit + 1 outbox row + 2 counter bumps';
      const lines: Measurement[] = [
        {
          metric: 'sales_per_second',
          value: median(afterPause.oursRates),
          unit: 'sales/s',
          baseline: `${BASELINE_RATE}, its log checkpointed before each`,
          baselineValue: median(afterPause.baseRates),
          params: {
            ...params,
            mode: 'after a pause: core.upkeep() before each tender, a checkpoint before each baseline commit',
            salesMeasured: afterPause.ours.length,
            goalRatio: 0.5,
          },
        },
        {
          metric: 'sale_commit_p99',
          value: percentile(afterPause.ours, 99),
          unit: 'ms',
          baseline: 'p99 of the raw durable multi-row commit, after a checkpoint',
          baselineValue: percentile(afterPause.base, 99),
          params: {
            products,
            mode: 'after a pause',
            salesMeasured: afterPause.ours.length,
            p50Ms: Math.round(percentile(afterPause.ours, 50) * 1000) / 1000,
            baselineP50Ms: Math.round(percentile(afterPause.base, 50) * 1000) / 1000,
          },
        },
        {
          metric: 'sales_per_second_back_to_back',
          value: median(backToBack.oursRates),
          unit: 'sales/s',
          baseline: `${BASELINE_RATE}, back to back (SQLite's own checkpoints)`,
          baselineValue: median(backToBack.baseRates),
          params: {
            ...params,
            mode: 'back to back: each command in its own event-loop turn, no pause, so no checkpoint',
            salesMeasured: backToBack.ours.length,
            p50Ms: Math.round(percentile(backToBack.ours, 50) * 1000) / 1000,
            baselineP50Ms: Math.round(percentile(backToBack.base, 50) * 1000) / 1000,
            p99Ms: Math.round(percentile(backToBack.ours, 99) * 1000) / 1000,
          },
        },
      ];
      return lines;
    } finally {
      baseline.close();
      await core.close();
    }
  },
};
