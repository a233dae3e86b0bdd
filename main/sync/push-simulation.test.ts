// Seeded deterministic simulation of push: several registers and one real server (PGlite, loopback
// HTTP) behind a fake network that loses requests and answers, duplicates them, delivers stale
// copies late (reordered), and partitions registers; registers crash and restart their client.
// After every step: each sale the server holds is booked once, each register's seqs on the server
// have no gap, stock moved exactly by the booked sales, and no outbox row is lost. Then the network
// heals and every register converges. A failure prints the seed; SIM_SEED=<n> replays it exactly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchLike, OutboxRow, OutboxSource, PushClient } from '../../sync/client';
import { createHttpPushTransport, createPushClient } from '../../sync/client';
import { PUSH_PATH } from '../../sync/protocol';
import type {
  CentralServerFixture,
  EnrolledRegister,
  ServerDb,
} from '../../test-support/central-server-fixture';
import { openServerDatabase, startCentralServer } from '../../test-support/central-server-fixture';

const SEEDS = Number(process.env['SIM_SEEDS'] ?? 4);
const STEPS = Number(process.env['SIM_STEPS'] ?? 120);
const FIXED_SEED = process.env['SIM_SEED'];
const PRODUCTS = ['101', '102', '103'];
const STOCK = 100_000;

/** mulberry32: small, fast, and the same sequence on every machine. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface SimRow extends OutboxRow {
  ackedAt: number | null;
  sale?: { saleId: string; productId: string; quantity: number };
}

interface SimRegister {
  readonly name: string;
  readonly storeId: string;
  readonly enrolled: EnrolledRegister;
  /** The durable outbox: survives crashes, only ever grows. */
  readonly rows: SimRow[];
  client: PushClient;
  partitioned: boolean;
}

function memorySource(rows: SimRow[]): OutboxSource {
  const ackedThrough = () => {
    const first = rows.find((r) => r.ackedAt === null);
    return first === undefined ? rows.length : first.seq - 1;
  };
  return {
    readAfter: (after, limit) => rows.filter((r) => r.seq > after).slice(0, limit),
    ackedThrough,
    acknowledge: (seqs, at) => {
      for (const seq of seqs) {
        const row = rows[seq - 1];
        if (row !== undefined && row.ackedAt === null) row.ackedAt = at;
      }
    },
    pendingCount: () => rows.filter((r) => r.ackedAt === null).length,
    lastSeq: () => rows.length,
  };
}

let shared: ServerDb;
beforeAll(async () => {
  shared = await openServerDatabase();
});
afterAll(async () => {
  await shared.close();
});

async function simulate(seed: number): Promise<{ sales: number; pushes: number }> {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(random() * items.length)];
    if (item === undefined) throw new Error('empty pick');
    return item;
  };
  let now = Date.UTC(2026, 0, 1);
  const server: CentralServerFixture = await startCentralServer({ db: shared });
  const late: { url: string; init: RequestInit }[] = [];
  let pushes = 0;
  let ids = 0;

  const networkFor =
    (register: () => SimRegister): FetchLike =>
    async (url, init) => {
      if (register().partitioned) throw new TypeError('fetch failed: partitioned');
      if (!url.endsWith(PUSH_PATH)) return fetch(url, init);
      pushes += 1;
      const fault = random();
      if (fault < 0.1) throw new TypeError('fetch failed: request lost');
      if (fault < 0.2) {
        const answer = await fetch(url, init);
        await answer.body?.cancel();
        throw new TypeError('fetch failed: answer lost');
      }
      if (fault < 0.3) {
        const first = await fetch(url, init);
        await first.body?.cancel();
        return fetch(url, init);
      }
      if (fault < 0.4) late.push({ url, init: { ...init, signal: null } });
      return fetch(url, init);
    };

  const registers: SimRegister[] = [];
  const newClient = (register: () => SimRegister, enrolled: EnrolledRegister, rows: SimRow[]) =>
    createPushClient({
      registerId: enrolled.clientId,
      source: memorySource(rows),
      transport: createHttpPushTransport({
        baseUrl: server.url,
        credentials: enrolled,
        now: () => now,
        fetch: networkFor(register),
      }),
      clock: { now: () => now, sleep: () => Promise.resolve() },
      random,
      batchSize: 1 + Math.floor(random() * 8),
    });
  try {
    for (const storeId of ['s-a', 's-b']) {
      for (let i = 0; i < 2; i += 1) {
        const enrolled = await server.enrol(storeId);
        const rows: SimRow[] = [];
        const register: SimRegister = {
          name: `${storeId}/${i}`,
          storeId,
          enrolled,
          rows,
          partitioned: false,
          client: undefined as unknown as PushClient,
        };
        register.client = newClient(() => register, enrolled, rows);
        registers.push(register);
      }
      for (const productId of PRODUCTS) await server.setStock(storeId, productId, STOCK);
    }

    const sell = (register: SimRegister) => {
      const seq = register.rows.length + 1;
      ids += 1;
      const mutationId = `m-${seed}-${ids}`;
      if (random() < 0.05) {
        // A mutation the server refuses: it must not wedge the queue.
        register.rows.push({
          seq,
          mutationId,
          type: 'loyalty.unknown',
          payload: '{}',
          schemaVersion: 1,
          createdAt: now,
          ackedAt: null,
        });
        return;
      }
      const sale = {
        saleId: `sale-${seed}-${ids}`,
        productId: pick(PRODUCTS),
        quantity: 1 + Math.floor(random() * 3),
      };
      register.rows.push({
        seq,
        mutationId,
        type: 'sale.completed',
        payload: JSON.stringify({
          saleId: sale.saleId,
          receiptNo: seq,
          storeId: register.storeId,
          cashierId: 'c1',
          memberId: null,
          currency: 'CNY',
          total: 100 * sale.quantity,
          pointsEarned: 0,
          pointsUsed: 0,
          lines: [
            {
              lineId: `l-${ids}`,
              productId: sale.productId,
              gtin14: '',
              quantity: sale.quantity,
              net: 100 * sale.quantity,
            },
          ],
          payments: [{ kind: 'cash', amount: { amount: 100 * sale.quantity, currency: 'CNY' } }],
          completedAt: now,
        }),
        schemaVersion: 1,
        createdAt: now,
        ackedAt: null,
        sale,
      });
    };

    const check = async (step: string) => {
      const orders = await server.db.query<{ id: string; n: number }>(
        'SELECT order_id AS id, count(*) AS n FROM stock_move WHERE order_id IS NOT NULL GROUP BY order_id',
      );
      const booked = new Map(orders.rows.map((r) => [r.id, Number(r.n)]));
      for (const [id, n] of booked) {
        if (n !== 1) throw new Error(`${step}: sale ${id} moved stock ${n} times`);
      }
      for (const register of registers) {
        const { rows } = await server.db.query<{
          n: number;
          max: number | null;
          last: number | null;
        }>(
          `SELECT count(*) AS n, max(m.seq) AS max,
             (SELECT last_seq FROM sync_register WHERE register_id = $1) AS last
           FROM sync_mutation m WHERE m.register_id = $1`,
          [register.enrolled.clientId],
        );
        const row = rows[0];
        const n = Number(row?.n ?? 0);
        const last = Number(row?.last ?? 0);
        if (n !== last || Number(row?.max ?? 0) !== last) {
          throw new Error(
            `${step}: ${register.name} has ${n} mutations on the server, last_seq ${last}`,
          );
        }
        if (last > register.rows.length)
          throw new Error(`${step}: server ahead of ${register.name}`);
        for (const r of register.rows) {
          if (r.ackedAt !== null && r.seq > last) {
            throw new Error(
              `${step}: ${register.name} acked seq ${r.seq} the server does not hold`,
            );
          }
          if (r.sale !== undefined && r.seq <= last && booked.get(r.sale.saleId) !== 1) {
            throw new Error(`${step}: sale ${r.sale.saleId} held but not booked once`);
          }
        }
      }
      for (const storeId of ['s-a', 's-b']) {
        const { rows } = await server.db.query<{ product_id: string; available: number }>(
          'SELECT product_id, available FROM stock_level WHERE store_id = $1',
          [storeId],
        );
        for (const level of rows) {
          const sold = registers
            .filter((r) => r.storeId === storeId)
            .flatMap((r) => r.rows)
            .filter((r) => r.sale?.productId === level.product_id && booked.has(r.sale.saleId))
            .reduce((sum, r) => sum + (r.sale?.quantity ?? 0), 0);
          if (level.available !== STOCK - sold) {
            throw new Error(
              `${step}: ${storeId}/${level.product_id} at ${level.available}, expected ${STOCK - sold}`,
            );
          }
        }
      }
    };

    for (let step = 0; step < STEPS; step += 1) {
      now += Math.floor(random() * 2_000);
      const register = pick(registers);
      const action = random();
      let label: string;
      if (action < 0.4) {
        sell(register);
        label = `sell ${register.name}`;
      } else if (action < 0.8) {
        await register.client.pushOnce();
        label = `push ${register.name}`;
      } else if (action < 0.87) {
        register.partitioned = !register.partitioned;
        label = `partition ${register.name} ${register.partitioned}`;
      } else if (action < 0.94 && late.length > 0) {
        const index = Math.floor(random() * late.length);
        const [stale] = late.splice(index, 1);
        if (stale !== undefined) await (await fetch(stale.url, stale.init)).body?.cancel();
        label = 'deliver a stale request';
      } else {
        // The register restarts: its outbox is on disk, its client's memory is gone.
        register.client = newClient(() => register, register.enrolled, register.rows);
        label = `restart ${register.name}`;
      }
      await check(`step ${step} (${label})`);
    }

    // Heal: no partitions, late copies delivered, every register pushes until it is idle.
    for (const register of registers) register.partitioned = false;
    for (const stale of late.splice(0)) await (await fetch(stale.url, stale.init)).body?.cancel();
    for (const register of registers) {
      for (let round = 0; register.rows.some((r) => r.ackedAt === null); round += 1) {
        if (round > 500) throw new Error(`${register.name} did not converge`);
        await register.client.pushOnce();
      }
    }
    await check('healed');
    const sales = registers.flatMap((r) => r.rows).filter((r) => r.sale !== undefined);
    const { rows } = await server.db.query<{ n: number }>(
      'SELECT count(*) AS n FROM customer_order',
    );
    if (Number(rows[0]?.n) !== sales.length) {
      throw new Error(`healed: ${rows[0]?.n} orders for ${sales.length} sales`);
    }
    return { sales: sales.length, pushes };
  } finally {
    await server.dispose();
  }
}

describe('push simulation', () => {
  const seeds =
    FIXED_SEED === undefined
      ? Array.from({ length: SEEDS }, (_, i) => 1 + i)
      : [Number(FIXED_SEED)];
  it.each(seeds)(
    'seed %i: every sale booked exactly once, no seq gap, all converge',
    async (seed) => {
      try {
        const result = await simulate(seed);
        expect(result.sales).toBeGreaterThan(0);
      } catch (error) {
        throw new Error(
          `${error instanceof Error ? error.message : String(error)}\n  replay: SIM_SEED=${seed} npx vitest run main/sync/push-simulation.test.ts`,
        );
      }
    },
    60_000,
  );
});
