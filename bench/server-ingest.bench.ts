// server-ingest: sales per second the central server accepts from 200 registers pushing their
// outboxes at once over HTTP (POST /sync/push through the register's own push transport), on a
// real PostgreSQL, with the server in its own process as deployed. Baseline in the same run: the
// same sales written by raw multi-row INSERTs (orders and mutation records) from a pg pool of the
// server's size — the floor of what any push path could cost on this database.
import { createHttpPushTransport } from '../sync/client/http-push-transport';
import type { PushBatch } from '../sync/protocol';
import type { Db } from '../sync/server/db/db';
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

/** The baseline: the same sales as order rows and mutation records, one multi-row INSERT per
 * table per batch, batches spread over the pool as the registers spread over the server. */
async function rawInserts(db: Db, batches: readonly PushBatch[][]): Promise<number> {
  const queue = batches.flat();
  const total = queue.length * SALES_PER_BATCH;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (;;) {
      const batch = queue[next++];
      if (batch === undefined) return;
      const sales = batch.mutations.map(
        (m) =>
          m.payload as {
            saleId: string;
            storeId: string;
            total: number;
            lines: unknown[];
            completedAt: number;
          },
      );
      await db.transaction(async (tx) => {
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
      });
    }
  };
  await Promise.all(Array.from({ length: 10 }, worker));
  return total / ((performance.now() - started) / 1000);
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

    context.log('server-ingest: baseline, raw multi-row INSERTs into a fresh database');
    const baselineDb = openPgDb(await pg.createDatabase(), 10);
    let baselineRate: number;
    try {
      await migrate(baselineDb, SERVER_MIGRATIONS, () => Date.now());
      baselineRate = await rawInserts(baselineDb, batches);
    } finally {
      await baselineDb.close();
    }
    return [
      {
        metric: 'sales_per_second',
        value: accepted / seconds,
        unit: 'sales/s',
        baseline: 'raw multi-row INSERT of the same orders and mutation records, pg pool of 10',
        baselineValue: baselineRate,
        params: {
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
        },
      },
    ];
  } finally {
    await db.close();
    await server.stop();
  }
}
