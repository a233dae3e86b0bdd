// The set-based sale path must keep exactly the books the one-by-one path keeps: seeded scenarios
// (repeated sale ids in and across batches, unknown products, stock going negative, low-stock
// alerts, another store's sales, known and unknown members with points, resent batches, mixed
// batches) are pushed both ways into fresh databases and every table is compared row for row.
import { describe, expect, it } from 'vitest';
import { money } from '../../../app/money';
import type { PushBatch } from '../../protocol';
import type { Db, SqlRunner } from '../db/db';
import { inVersionedTransaction } from '../db/version-retry';
import { createMember } from '../members/member-books';
import { useTestDatabases } from '../testing/test-databases';
import { applyPushBatch } from './apply-push-batch';
import type { PushOutcome } from './apply-push-batch';

const TABLES = [
  'customer_order ORDER BY id',
  'order_transition ORDER BY id',
  'stock_level ORDER BY store_id, product_id',
  'stock_move ORDER BY id',
  'stock_alert ORDER BY id',
  'stock_reconciliation ORDER BY id',
  'outbox_event ORDER BY id',
  'sync_mutation ORDER BY mutation_id',
  'sync_register ORDER BY register_id',
  'member ORDER BY id',
  'points_lot ORDER BY 1',
  'points_entry ORDER BY 1',
  'member_event ORDER BY 1',
];

function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function scenario(seed: number): PushBatch[] {
  const random = seeded(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const batches: PushBatch[] = [];
  let seq = 0;
  for (let b = 0; b < 4; b += 1) {
    // Now and then the register resends the batch it sent last (a lost answer).
    const last = batches[batches.length - 1];
    if (last !== undefined && random() < 0.2) {
      batches.push(last);
      continue;
    }
    const mutations: PushBatch['mutations'][number][] = [];
    const size = 1 + Math.floor(random() * 6);
    for (let i = 0; i < size; i += 1) {
      seq += 1;
      if (random() < 0.1) {
        mutations.push({
          seq,
          mutation_id: `m${seq}`,
          type: 'cart.cancelled',
          schema_version: 1,
          created_at: seq,
          payload: { cartId: `c${seq}`, reason: 'changed mind', lines: 1 },
        });
        continue;
      }
      const lines = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, l) => ({
        lineId: `l${l}`,
        productId: pick(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'ghost1', 'ghost2']),
        gtin14: '',
        quantity: pick([1, 1, 1, 2, 3, 0, -1]),
        net: 100 + Math.floor(random() * 900),
      }));
      const total = lines.reduce((sum, l) => sum + l.net, 0);
      const pointsUsed = random() < 0.2 ? 50 : 0;
      mutations.push({
        seq,
        mutation_id: `m${seq}`,
        type: 'sale.completed',
        schema_version: 1,
        created_at: 1000 + seq,
        payload: {
          saleId: pick(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']),
          receiptNo: seq,
          storeId: random() < 0.1 ? 's2' : 's1',
          cashierId: 'c1',
          memberId: pick([null, null, 'm1', 'm1', 'nobody']),
          currency: 'CNY',
          total,
          pointsEarned: 0,
          pointsUsed,
          lines,
          payments: [
            { kind: 'cash', amount: { amount: total - pointsUsed, currency: 'CNY' } },
            ...(pointsUsed > 0
              ? [
                  {
                    kind: 'points',
                    amount: { amount: pointsUsed, currency: 'CNY' },
                    points: pointsUsed,
                  },
                ]
              : []),
          ],
          completedAt: 1000 + seq,
        },
      });
    }
    batches.push({ schema_version: 1, register_id: 'r1', from_seq: seq - size + 1, mutations });
  }
  return batches;
}

async function stocked(db: Db): Promise<void> {
  await db.query(
    "INSERT INTO store (id, name, created_at) VALUES ('s1', 'One', 0), ('s2', 'Two', 0)",
  );
  await db.query(
    `INSERT INTO stock_level (store_id, product_id, total, available, locked, safety, version)
     VALUES ('s1', 'p0', 100, 100, 0, 0, 3), ('s1', 'p1', 3, 3, 0, 1, 1), ('s1', 'p2', 1, 1, 0, 0, 0),
            ('s1', 'p3', 10, 8, 2, 5, 7), ('s1', 'p4', 0, 0, 0, 0, 2), ('s2', 'p5', 9, 9, 0, 0, 1)`,
  );
  await createMember(db, {
    id: 'm1',
    code: 'M1',
    phone: '13800000000',
    cardNumber: '',
    name: 'Member One',
    level: 'bronze',
    points: 0,
    totalSpent: money(0, 'CNY'),
    orderCount: 0,
    status: 'active',
  });
}

async function pushAll(db: Db, batches: readonly PushBatch[], fastSales: boolean) {
  const answers: PushOutcome[] = [];
  let statements = 0;
  for (const [i, batch] of batches.entries()) {
    answers.push(
      await inVersionedTransaction(db, (tx) => {
        const counted: SqlRunner = {
          exec: tx.exec,
          query: (sql, params) => {
            statements += 1;
            return tx.query(sql, params);
          },
        };
        return applyPushBatch(counted, {
          batch,
          registerId: 'r1',
          storeId: 's1',
          now: 50_000 + i,
          fastSales,
        });
      }),
    );
  }
  const tables: Record<string, unknown[]> = {};
  for (const table of TABLES) tables[table] = [...(await db.query(`SELECT * FROM ${table}`)).rows];
  return { books: { answers, tables }, statements };
}

describe.each(useTestDatabases())('set-based sale batches on $engine', (database) => {
  // Two fresh databases per seed: slow on a shared 2-core machine, hence the longer limit.
  it('keep the same books as booking each sale in turn', { timeout: 90_000 }, async (context) => {
    const seeds = database.engine === 'pglite' ? [1, 2, 3, 4, 5, 6] : [11, 12, 13, 14];
    let fastStatements = 0;
    let slowStatements = 0;
    for (const seed of seeds) {
      const batches = scenario(seed);
      const fastDb = await database.open(context);
      await stocked(fastDb);
      const fast = await pushAll(fastDb, batches, true);
      const slowDb = await database.open(context);
      await stocked(slowDb);
      const slow = await pushAll(slowDb, batches, false);
      expect(fast.books, `seed ${seed}`).toEqual(slow.books);
      fastStatements += fast.statements;
      slowStatements += slow.statements;
    }
    // The fast path really ran (a mixed or resent batch goes one by one): far fewer statements.
    expect(fastStatements).toBeLessThan(slowStatements * 0.9);
  });

  it('books ordinary sales with their stock, flags and orders in a few statements', async (context) => {
    const db = await database.open(context);
    await stocked(db);
    const sale = (n: number, productId: string, quantity: number) => ({
      seq: n,
      mutation_id: `m${n}`,
      type: 'sale.completed',
      schema_version: 1,
      created_at: n,
      payload: {
        saleId: `sale-${n}`,
        receiptNo: n,
        storeId: 's1',
        cashierId: 'c1',
        memberId: null,
        currency: 'CNY',
        total: 100,
        pointsEarned: 0,
        pointsUsed: 0,
        lines: [{ lineId: 'l1', productId, gtin14: '', quantity, net: 100 }],
        payments: [{ kind: 'cash', amount: { amount: 100, currency: 'CNY' } }],
        completedAt: n,
      },
    });
    const {
      books: { answers, tables },
      statements,
    } = await pushAll(
      db,
      [
        {
          schema_version: 1,
          register_id: 'r1',
          from_seq: 1,
          mutations: [sale(1, 'p1', 2), sale(2, 'p1', 2), sale(3, 'new', 1)],
        },
      ],
      true,
    );
    // Last_seq lock (2), savepoint (2), repeats, orders, stock lock, three alerts (two statements
    // each), transitions, stock update, insert and moves, reconciliations, mutations, last_seq.
    expect(statements).toBeLessThanOrEqual(20);
    expect(answers[0]).toEqual({
      kind: 'applied',
      lastSeq: 3,
      results: [
        { seq: 1, mutation_id: 'm1', status: 'applied' },
        { seq: 2, mutation_id: 'm2', status: 'flagged', reason: 'stock.negative: p1 at -1' },
        { seq: 3, mutation_id: 'm3', status: 'flagged', reason: 'product.unknown: new' },
      ],
    });
    expect(tables['stock_level ORDER BY store_id, product_id']).toContainEqual({
      store_id: 's1',
      product_id: 'p1',
      total: -1,
      available: -1,
      locked: 0,
      safety: 1,
      version: 3,
    });
    expect(tables['order_transition ORDER BY id']).toHaveLength(15);
    // Two low-stock alerts for p1 (at 1, then at -1, both at or below safety 1) and one for the
    // unknown product (at -1, safety 0).
    expect(tables['stock_alert ORDER BY id']).toHaveLength(3);
  });
});
