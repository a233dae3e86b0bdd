// server-ingest: sales per second the central server accepts from 200 registers pushing their
// outboxes at once over HTTP (POST /sync/push through the register's own push transport), on a
// real PostgreSQL, with the server in its own process as deployed. Baseline in the same run: the
// same sales written by raw multi-row INSERTs (orders and mutation records) from a pg pool of the
// server's size — the floor of what any push path could cost on this database.
import { createHttpPushTransport } from '../sync/client/http-push-transport';
import type { PushBatch } from '../sync/protocol';
import { COUNTER_SALE_PATH } from '../app/orders';
import type { Db, SqlRunner } from '../sync/server/db/db';
import { migrate } from '../sync/server/db/migrate';
import { SERVER_MIGRATIONS } from '../sync/server/db/migrations';
import { openPgDb } from '../sync/server/db/pg-db';
import { adminTokenOver, enrolRegisterOver } from '../sync/server/testing/http-client';
import type { EnrolledRegister } from '../sync/server/testing/http-client';
import { startServerProcess } from '../sync/server/testing/server-process';
import { startTestPostgres } from '../sync/server/testing/start-postgres';
import { TEST_ADMIN_PASSWORD } from '../sync/server/testing/test-server';
import type { TestPostgres } from '../sync/server/testing/start-postgres';
import type { BenchContext, Benchmark, Measurement } from './harness';

const REGISTERS = 200;
const STORES = 20;
const PRODUCTS_PER_STORE = 2000;
const SALES_PER_BATCH = 25;
const LINES_PER_SALE = 3;

/** Seeded, so every run pushes the same sales. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Till extends EnrolledRegister {
  readonly storeId: string;
}

function salesFor(till: Till, index: number, batches: number, random: () => number): PushBatch[] {
  const out: PushBatch[] = [];
  let seq = 0;
  for (let b = 0; b < batches; b += 1) {
    const mutations = [];
    for (let s = 0; s < SALES_PER_BATCH; s += 1) {
      seq += 1;
      const lines = Array.from({ length: LINES_PER_SALE }, (_, l) => ({
        lineId: `l${l}`,
        productId: `p${Math.floor(random() * PRODUCTS_PER_STORE)}`,
        gtin14: '',
        quantity: 1 + Math.floor(random() * 3),
        net: 250 + Math.floor(random() * 2000),
      }));
      const total = lines.reduce((sum, line) => sum + line.net, 0);
      mutations.push({
        seq,
        mutation_id: `r${index}-m${seq}`,
        type: 'sale.completed',
        schema_version: 1,
        created_at: 1_750_000_000_000 + seq,
        payload: {
          saleId: `r${index}-s${seq}`,
          receiptNo: seq,
          storeId: till.storeId,
          cashierId: 'c1',
          memberId: null,
          currency: 'CNY',
          total,
          pointsEarned: 0,
          pointsUsed: 0,
          lines,
          payments: [{ kind: 'cash', amount: { amount: total, currency: 'CNY' } }],
          completedAt: 1_750_000_000_000 + seq,
        },
      });
    }
    out.push({
      schema_version: 1,
      register_id: till.registerId,
      from_seq: seq - SALES_PER_BATCH + 1,
      mutations,
    });
  }
  return out;
}

async function stockEveryStore(db: Db): Promise<void> {
  await db.query(
    `INSERT INTO stock_level (store_id, product_id, total, available, locked, safety, version)
     SELECT 's' || s, 'p' || p, 1000000000, 1000000000, 0, 0, 0
     FROM generate_series(0, $1::int - 1) AS s, generate_series(0, $2::int - 1) AS p`,
    [STORES, PRODUCTS_PER_STORE],
  );
}

/** The first baseline: the same sales as order rows and mutation records, one multi-row INSERT
 * per table per batch — the floor of what any push could cost on this database. */
async function rawInserts(db: Db, batches: readonly PushBatch[][]): Promise<number> {
  return overPool(batches, (batch, sales) =>
    db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO customer_order (id, store_id, channel, member_id, lines, total_amount, currency, status, created_at, points_earned, times)
         SELECT id, store_id, 'counter', NULL, lines, total, 'CNY', 'completed', at, 0, '{}'
         FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::int8[], $5::int8[]) AS s (id, store_id, lines, total, at)`,
        [
          sales.map((s) => s.saleId),
          sales.map((s) => s.storeId),
          sales.map((s) => JSON.stringify(s.lines)),
          sales.map((s) => s.total),
          sales.map((s) => s.completedAt),
        ],
      );
      await insertMutations(tx, batch, sales);
    }),
  );
}

async function insertMutations(
  tx: SqlRunner,
  batch: PushBatch,
  sales: readonly PushedSale[],
): Promise<void> {
  await tx.query(
    `INSERT INTO sync_mutation (mutation_id, register_id, store_id, seq, type, schema_version, payload, status, created_at, received_at)
     SELECT id, $2, store_id, seq, 'sale.completed', 1, payload, 'applied', at, at
     FROM unnest($1::text[], $3::text[], $4::int8[], $5::jsonb[], $6::int8[]) AS m (id, store_id, seq, payload, at)`,
    [
      batch.mutations.map((m) => m.mutation_id),
      batch.register_id,
      sales.map((s) => s.storeId),
      batch.mutations.map((m) => m.seq),
      batch.mutations.map((m) => JSON.stringify(m.payload)),
      sales.map((s) => s.completedAt),
    ],
  );
}

interface PushedSale {
  readonly saleId: string;
  readonly storeId: string;
  readonly total: number;
  readonly lines: readonly { productId: string; quantity: number }[];
  readonly completedAt: number;
}

/** Runs every batch through `book`, batches spread over a pool of 10 as the registers spread
 * over the server; answers sales per second. */
async function overPool(
  batches: readonly PushBatch[][],
  book: (batch: PushBatch, sales: readonly PushedSale[]) => Promise<void>,
): Promise<number> {
  const queue = batches.flat();
  const total = queue.length * SALES_PER_BATCH;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (;;) {
      const batch = queue[next++];
      if (batch === undefined) return;
      await book(
        batch,
        batch.mutations.map((m) => m.payload as PushedSale),
      );
    }
  };
  await Promise.all(Array.from({ length: 10 }, worker));
  return total / ((performance.now() - started) / 1000);
}

/** The second baseline: the same books the push writes (the order and its five transitions, the
 * stock levels read under lock and written back, a stock-move row per line, the mutation
 * records) by hand-written multi-row SQL with no HTTP, no validation and no domain code. What the
 * push costs over it is the server's own cost; what it costs itself is this database's. */
async function rawBooks(db: Db, batches: readonly PushBatch[][]): Promise<number> {
  return overPool(batches, (batch, sales) =>
    db.transaction(async (tx) => {
      const storeId = sales[0]?.storeId ?? '';
      await tx.query(
        `INSERT INTO customer_order (id, store_id, channel, member_id, lines, total_amount, currency, status, created_at, points_earned, times)
         SELECT id, $1, 'counter', NULL, lines, total, 'CNY', 'completed', at, 0, '{}'
         FROM unnest($2::text[], $3::jsonb[], $4::int8[], $5::int8[]) AS s (id, lines, total, at)`,
        [
          storeId,
          sales.map((s) => s.saleId),
          sales.map((s) => JSON.stringify(s.lines)),
          sales.map((s) => s.total),
          sales.map((s) => s.completedAt),
        ],
      );
      await tx.query(
        `INSERT INTO order_transition (order_id, from_status, to_status, at)
         SELECT o.id, coalesce(lag(p.status) OVER (PARTITION BY o.id ORDER BY p.n), 'pending'), p.status, o.at
         FROM unnest($1::text[], $2::int8[]) AS o (id, at),
              unnest($3::text[]) WITH ORDINALITY AS p (status, n)`,
        [sales.map((s) => s.saleId), sales.map((s) => s.completedAt), COUNTER_SALE_PATH],
      );
      const quantities = new Map<string, number>();
      for (const sale of sales) {
        for (const line of sale.lines) {
          quantities.set(line.productId, (quantities.get(line.productId) ?? 0) + line.quantity);
        }
      }
      const products = [...quantities.keys()].sort();
      const { rows } = await tx.query<{ product_id: string; available: number }>(
        `SELECT product_id, available FROM stock_level WHERE store_id = $1 AND product_id = ANY($2::text[])
         ORDER BY product_id FOR UPDATE`,
        [storeId, products],
      );
      const before = new Map(rows.map((r) => [r.product_id, r.available]));
      await tx.query(
        `UPDATE stock_level AS s SET total = s.total - u.quantity, available = s.available - u.quantity,
           version = s.version + 1
         FROM unnest($2::text[], $3::int4[]) AS u (product_id, quantity)
         WHERE s.store_id = $1 AND s.product_id = u.product_id`,
        [storeId, products, products.map((p) => quantities.get(p) ?? 0)],
      );
      const moves = sales.flatMap((s) =>
        s.lines.map((line) => {
          const was = before.get(line.productId) ?? 0;
          before.set(line.productId, was - line.quantity);
          return { orderId: s.saleId, productId: line.productId, quantity: line.quantity, was };
        }),
      );
      await tx.query(
        `INSERT INTO stock_move (store_id, product_id, type, quantity, figure, before, after, order_id, reason, at)
         SELECT $1, product_id, 'out', quantity, 'total', was, was - quantity, order_id, 'register sale', 0
         FROM unnest($2::text[], $3::int4[], $4::int4[], $5::text[]) AS m (product_id, quantity, was, order_id)`,
        [
          storeId,
          moves.map((m) => m.productId),
          moves.map((m) => m.quantity),
          moves.map((m) => m.was),
          moves.map((m) => m.orderId),
        ],
      );
      await insertMutations(tx, batch, sales);
    }),
  );
}

/** A baseline's run in its own migrated database, closed after. */
async function inFreshDatabase(
  pg: TestPostgres,
  run: (db: Db) => Promise<number>,
): Promise<number> {
  const fresh = openPgDb(await pg.createDatabase(), 10);
  try {
    await migrate(fresh, SERVER_MIGRATIONS, () => Date.now());
    return await run(fresh);
  } finally {
    await fresh.close();
  }
}

export const serverIngest: Benchmark = {
  name: 'server-ingest',
  description:
    'Sales/s accepted over POST /sync/push from 200 concurrent registers on PostgreSQL vs raw multi-row INSERTs',
  async run(context) {
    const batchesPerRegister = context.quick ? 4 : 20;
    const started = await startTestPostgres();
    if (!started.available) throw new Error(started.reason);
    const pg = started.server;
    // Stopped whatever happens next: a cluster left running outlives the benchmark.
    try {
      return await measure(context, pg, batchesPerRegister);
    } finally {
      pg.stop();
    }
  },
};

async function measure(
  context: BenchContext,
  pg: TestPostgres,
  batchesPerRegister: number,
): Promise<Measurement[]> {
  const databaseUrl = await pg.createDatabase();
  const server = await startServerProcess({
    DATABASE_URL: databaseUrl,
    TOKEN_SECRET: 'server-ingest-bench-secret-0123456789abcdef',
    ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    RATE_LIMIT_PER_SECOND: '1000000',
    RATE_LIMIT_BURST: '1000000',
    BODY_LIMIT_BYTES: String(1024 * 1024),
    LOG_LEVEL: 'error',
  });
  const db = openPgDb(databaseUrl, 2);
  try {
    context.log(`server-ingest: enrolling ${REGISTERS} registers in ${STORES} stores`);
    const admin = await adminTokenOver(server.url);
    const tills: Till[] = [];
    for (let i = 0; i < REGISTERS; i += 1) {
      const storeId = `s${i % STORES}`;
      tills.push({ ...(await enrolRegisterOver(server.url, admin, storeId)), storeId });
    }
    await stockEveryStore(db);
    const random = mulberry32(6);
    const batches = tills.map((till, i) => salesFor(till, i, batchesPerRegister, random));
    const totalSales = REGISTERS * batchesPerRegister * SALES_PER_BATCH;

    context.log(`server-ingest: ${REGISTERS} registers push ${totalSales} sales at once`);
    const statuses = new Map<string, number>();
    let refusals = 0;
    const t0 = performance.now();
    await Promise.all(
      tills.map(async (till, i) => {
        const transport = createHttpPushTransport({
          baseUrl: server.url,
          credentials: { clientId: till.clientId, clientSecret: till.clientSecret },
          now: () => Date.now(),
          timeoutMs: 120_000,
        });
        for (const batch of batches[i] ?? []) {
          const outcome = await transport.push(batch);
          if (outcome.kind !== 'answer') {
            refusals += 1;
            continue;
          }
          for (const result of outcome.answer.results) {
            statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
          }
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const accepted = (statuses.get('applied') ?? 0) + (statuses.get('flagged') ?? 0);
    const { rows } = await db.query<{ n: number }>(
      "SELECT count(*)::int8 AS n FROM customer_order WHERE channel = 'counter'",
    );
    const booked = Number(rows[0]?.n ?? 0);

    context.log('server-ingest: baseline 1, raw multi-row INSERTs into a fresh database');
    const insertRate = await inFreshDatabase(pg, (fresh) => rawInserts(fresh, batches));
    context.log('server-ingest: baseline 2, the same books by raw SQL into a fresh database');
    const booksRate = await inFreshDatabase(pg, async (fresh) => {
      await fresh.query(
        `INSERT INTO store (id, name, created_at)
         SELECT 's' || s, 'Store ' || s, 0 FROM generate_series(0, $1::int - 1) AS s`,
        [STORES],
      );
      await stockEveryStore(fresh);
      return rawBooks(fresh, batches);
    });
    const rate = accepted / seconds;
    const params = {
      registers: REGISTERS,
      stores: STORES,
      productsPerStore: PRODUCTS_PER_STORE,
      salesPerBatch: SALES_PER_BATCH,
      linesPerSale: LINES_PER_SALE,
      batchesPerRegister,
      totalSales,
      accepted,
      booked,
      statuses: Object.fromEntries(statuses),
      refusedBatches: refusals,
      lost: totalSales - booked,
      seconds: Math.round(seconds * 100) / 100,
      database: 'postgresql',
      goal: '>= 5000 sales/s',
    };
    return [
      {
        metric: 'sales_per_second',
        value: rate,
        unit: 'sales/s',
        baseline: 'raw multi-row INSERT of the same orders and mutation records, pg pool of 10',
        baselineValue: insertRate,
        params,
      },
      {
        metric: 'sales_per_second_vs_raw_books',
        value: rate,
        unit: 'sales/s',
        baseline:
          'the same books (orders, transitions, locked stock levels, stock moves, mutation records) by raw multi-row SQL, pg pool of 10, no HTTP',
        baselineValue: booksRate,
        params,
      },
    ];
  } finally {
    await db.close();
    await server.stop();
  }
}
