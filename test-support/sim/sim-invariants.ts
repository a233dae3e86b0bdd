// What must hold after every step of the simulation, and what "converged" means after it heals
// (the pull side's checks are in sim-pull-invariants.ts and run from here).
// Each check reads the real stores — the registers' SQLite files and the server's tables — never
// the simulation's own bookkeeping, except the outbox ledger, which remembers every row a
// register ever wrote so that a lost or rewritten row is seen.
import type { RegisterDb } from '../../main/store/register-db';
import { unitsHeldByLeases } from '../../sync/server/leases/lease-books';
import type { PullLedger } from './sim-pull-invariants';
import { checkPullConverged, checkPullInvariants } from './sim-pull-invariants';
import type { SimRegister } from './sim-register';
import { SIM_MEMBER } from './sim-register';

/** The push client's default: a clock off by more than this is flagged. */
const CLOCK_SKEW_TOLERANCE_MS = 120_000;
import type { SimServer } from './sim-server';

export interface OutboxLedger {
  /** mutation id by seq, for every row ever seen. */
  readonly rows: Map<number, string>;
}

export function createOutboxLedger(): OutboxLedger {
  return { rows: new Map() };
}

export interface SimWorld {
  readonly server: SimServer;
  readonly registers: readonly SimRegister[];
  readonly flashSales: ReadonlyMap<string, { readonly id: string; readonly stock: number }>;
  readonly ledgers: ReadonlyMap<string, OutboxLedger>;
  /** Opening stock of every product at every store. */
  readonly stock: number;
  /** Registers that may hold acknowledgements a restored server has lost, until they heal. */
  readonly restoredSinceHeal: Set<string>;
  /** A restore dropped lease grants registers still sell from: the limit of the guarantee. */
  leasesForgotten: boolean;
  backupAt?: number;
  /** What the pull checks remember between steps (sim-pull-invariants.ts). */
  readonly pull: PullLedger;
  /** The register product ids of what the simulation sells (the same on every register). */
  readonly productIds: readonly number[];
}

interface OutboxRow {
  seq: number;
  mutation_id: string;
  type: string;
  payload: string;
  acked_at: number | null;
}

function outboxOf(db: RegisterDb): OutboxRow[] {
  return db
    .prepare<[], OutboxRow>(
      'SELECT seq, mutation_id, type, payload, acked_at FROM outbox ORDER BY seq',
    )
    .all();
}

function fail(where: string, message: string): never {
  throw new Error(`${where}: ${message}`);
}

export async function checkInvariants(world: SimWorld, where: string): Promise<void> {
  const { server } = world;
  const db = server.db;
  const positions = await db.query<{
    register_id: string;
    last_seq: number;
    n: number;
    max: number | null;
  }>(
    `SELECT r.register_id, r.last_seq,
       (SELECT count(*)::int4 FROM sync_mutation m WHERE m.register_id = r.register_id) AS n,
       (SELECT max(seq)::int4 FROM sync_mutation m WHERE m.register_id = r.register_id) AS max
     FROM sync_register r`,
  );
  const position = new Map(positions.rows.map((p) => [p.register_id, p]));
  const saleIds = new Set<string>();

  for (const register of world.registers) {
    const internal = register.internalErrors[0];
    if (internal !== undefined) fail(where, `${register.name} core logged an error: ${internal}`);
    // No outbox row lost: seqs run 1..n with no hole, and every row ever seen is still there.
    const rows = outboxOf(register.core.db);
    const ledger = world.ledgers.get(register.name);
    if (ledger === undefined) fail(where, `no ledger for ${register.name}`);
    rows.forEach((row, index) => {
      if (row.seq !== index + 1)
        fail(where, `${register.name} outbox has a hole before seq ${row.seq}`);
      const known = ledger.rows.get(row.seq);
      if (known !== undefined && known !== row.mutation_id) {
        fail(where, `${register.name} outbox seq ${row.seq} was rewritten`);
      }
      ledger.rows.set(row.seq, row.mutation_id);
      if (row.type === 'sale.completed') {
        saleIds.add((JSON.parse(row.payload) as { saleId: string }).saleId);
      }
    });
    if (rows.length < ledger.rows.size) {
      fail(
        where,
        `${register.name} outbox lost rows: ${ledger.rows.size} seen, ${rows.length} there`,
      );
    }
    // The server's position: no gap in what it holds, never ahead of the register.
    const at = position.get(register.enrolled.clientId);
    const lastSeq = at?.last_seq ?? 0;
    if (at !== undefined && (at.n !== lastSeq || (at.max ?? 0) !== lastSeq)) {
      fail(
        where,
        `${register.name}: server holds ${at.n} mutations up to ${at.max}, last_seq ${lastSeq}`,
      );
    }
    if (lastSeq > rows.length)
      fail(where, `server is ahead of ${register.name}: ${lastSeq} > ${rows.length}`);
    // Acknowledged means held by the server (unless a restore took it away since).
    if (!world.restoredSinceHeal.has(register.name)) {
      const acked = rows.filter((r) => r.acked_at !== null);
      if (acked.length > 0) {
        const held = await db.query<{ mutation_id: string }>(
          'SELECT mutation_id FROM sync_mutation WHERE register_id = $1',
          [register.enrolled.clientId],
        );
        const ids = new Set(held.rows.map((h) => h.mutation_id));
        const missing = acked.find((r) => !ids.has(r.mutation_id));
        if (missing !== undefined) {
          fail(
            where,
            `${register.name} acknowledged seq ${missing.seq}, which the server does not hold`,
          );
        }
      }
    }
  }

  // Every order is a sale some register made, moved stock once per product, and stock moved by
  // exactly the booked sales.
  const orders = await db.query<{
    id: string;
    store_id: string;
    lines: { productId: string; quantity: number }[];
    moves: number;
  }>(
    `SELECT o.id, o.store_id, o.lines,
       (SELECT count(*)::int4 FROM stock_move m WHERE m.order_id = o.id) AS moves
     FROM customer_order o WHERE o.channel = 'counter'`,
  );
  const sold = new Map<string, number>();
  for (const order of orders.rows) {
    if (!saleIds.has(order.id))
      fail(where, `the server holds order ${order.id}, which no register made`);
    if (order.moves !== order.lines.length) {
      fail(
        where,
        `order ${order.id} moved stock ${order.moves} times for ${order.lines.length} lines`,
      );
    }
    for (const line of order.lines) {
      const key = `${order.store_id}/${line.productId}`;
      sold.set(key, (sold.get(key) ?? 0) + line.quantity);
    }
  }
  const levels = await db.query<{ store_id: string; product_id: string; available: number }>(
    'SELECT store_id, product_id, available FROM stock_level',
  );
  for (const level of levels.rows) {
    const expected = world.stock - (sold.get(`${level.store_id}/${level.product_id}`) ?? 0);
    if (level.available !== expected) {
      fail(
        where,
        `stock ${level.store_id}/${level.product_id} is ${level.available}, booked sales say ${expected}`,
      );
    }
  }

  // Flash-sale stock: the counter never below zero, counter + leased = stock; and the units the
  // registers sold never above stock (unless a restore forgot grants: then they are flagged).
  for (const [storeId, sale] of world.flashSales) {
    if (server.up) {
      const left = await server.running.flash.stock.unitsLeft(sale.id);
      const leased = await unitsHeldByLeases(db, sale.id);
      if (left === undefined || left < 0) fail(where, `flash sale ${sale.id} counter at ${left}`);
      if (left + leased !== sale.stock) {
        fail(where, `flash sale ${sale.id}: ${left} left + ${leased} leased ≠ ${sale.stock}`);
      }
    }
    const soldHere = world.registers
      .filter((r) => r.enrolled.storeId === storeId)
      .reduce(
        (sum, r) =>
          sum +
          (r.core.db
            .prepare<[string], number>(
              'SELECT coalesce(sum(sold), 0) FROM flash_lease WHERE flash_sale_id = ?',
            )
            .pluck()
            .get(sale.id) ?? 0),
        0,
      );
    if (!world.leasesForgotten && soldHere > sale.stock) {
      fail(where, `registers sold ${soldHere} flash units of ${sale.stock}`);
    }
  }

  // Upgrades: the server holds nothing of a payload version newer than it reads (it answered
  // 426 and the register kept those rows).
  const newer = await db.query<{ n: number }>(
    'SELECT count(*)::int4 AS n FROM sync_mutation WHERE schema_version > $1',
    [server.reading.current],
  );
  if (newer.rows[0]?.n !== 0)
    fail(where, `the server booked ${newer.rows[0]?.n} rows newer than it reads`);

  // Points: the balance never below minus what allowances hold for registers.
  const points = await db.query<{ points: number; granted: number }>(
    `SELECT m.points, coalesce((SELECT sum(granted)::int4 FROM points_allowance a WHERE a.member_id = m.id), 0) AS granted
     FROM member m WHERE m.id = $1`,
    [SIM_MEMBER.id],
  );
  const member = points.rows[0];
  if (member !== undefined && member.points < -member.granted) {
    fail(where, `member points at ${member.points}, allowances granted ${member.granted}`);
  }

  await checkPullInvariants(world.registers, server, world.pull, where);
}

/** After healing: every register's outbox acknowledged and held, every sale booked exactly once. */
export async function checkConverged(world: SimWorld): Promise<void> {
  const where = 'converged';
  const { db } = world.server;
  let sales = 0;
  for (const register of world.registers) {
    const rows = outboxOf(register.core.db);
    const pending = rows.filter((r) => r.acked_at === null);
    if (pending.length > 0)
      fail(where, `${register.name} still has ${pending.length} rows unacknowledged`);
    const held = await db.query<{ mutation_id: string; seq: number }>(
      'SELECT mutation_id, seq FROM sync_mutation WHERE register_id = $1',
      [register.enrolled.clientId],
    );
    const ids = new Map(held.rows.map((h) => [h.mutation_id, h.seq]));
    for (const row of rows) {
      if (ids.get(row.mutation_id) !== row.seq)
        fail(where, `${register.name} seq ${row.seq} not held as sent`);
    }
    sales += rows.filter((r) => r.type === 'sale.completed').length;
    const status = register.push.status();
    if (status.connection === 'blocked')
      fail(where, `${register.name} is blocked: ${status.lastError?.code}`);
    // A clock off by more than the tolerance is flagged, one within it is not.
    const skewed = Math.abs(register.skewMs) > CLOCK_SKEW_TOLERANCE_MS;
    if ((status.clockSkew !== null) !== skewed) {
      fail(
        where,
        `${register.name} off by ${register.skewMs} ms, flagged ${JSON.stringify(status.clockSkew)}`,
      );
    }
    if (
      status.clockSkew !== null &&
      Math.abs(status.clockSkew.offsetMs - register.skewMs) > 1_000
    ) {
      fail(
        where,
        `${register.name} off by ${register.skewMs} ms, measured ${status.clockSkew.offsetMs}`,
      );
    }
    // A register older than the server keeps working and is told to update.
    if (status.updateAdvised !== register.writesSchemaVersion < world.server.reading.current) {
      fail(
        where,
        `${register.name} writes v${register.writesSchemaVersion}, server reads v${world.server.reading.current}, updateAdvised ${status.updateAdvised}`,
      );
    }
  }
  const orders = await db.query<{ n: number }>(
    "SELECT count(*)::int4 AS n FROM customer_order WHERE channel = 'counter'",
  );
  if (orders.rows[0]?.n !== sales) fail(where, `${orders.rows[0]?.n} orders for ${sales} sales`);
  // Every lease sale booked once and settled; with no forgotten grant, registers and server agree.
  const waiting = await db.query<{ n: number }>(
    "SELECT count(*)::int4 AS n FROM flash_lease_sale WHERE settlement = 'waiting'",
  );
  if (waiting.rows[0]?.n !== 0) fail(where, `${waiting.rows[0]?.n} lease sales still waiting`);
  for (const register of world.registers) {
    const local = register.core.db
      .prepare<[], { sale_id: string; quantity: number }>(
        'SELECT sale_id, quantity FROM flash_lease_sale',
      )
      .all();
    const booked = await db.query<{ register_sale_id: string; quantity: number }>(
      'SELECT register_sale_id, quantity FROM flash_lease_sale WHERE register_id = $1',
      [register.enrolled.clientId],
    );
    const onServer = new Map(booked.rows.map((b) => [b.register_sale_id, b.quantity]));
    for (const sale of local) {
      if (onServer.get(sale.sale_id) !== sale.quantity) {
        fail(
          where,
          `${register.name} lease sale ${sale.sale_id} booked as ${onServer.get(sale.sale_id)}`,
        );
      }
    }
    if (booked.rows.length !== local.length) {
      fail(
        where,
        `${register.name}: ${local.length} lease sales here, ${booked.rows.length} on the server`,
      );
    }
    if (!world.leasesForgotten) {
      const leases = register.core.db
        .prepare<[], { id: string; sold: number }>('SELECT id, sold FROM flash_lease')
        .all();
      for (const lease of leases) {
        const there = await db.query<{ sold: number }>(
          'SELECT sold FROM flash_lease WHERE id = $1',
          [lease.id],
        );
        if (there.rows[0]?.sold !== lease.sold) {
          fail(
            where,
            `${register.name} lease ${lease.id}: sold ${lease.sold} here, ${there.rows[0]?.sold} there`,
          );
        }
      }
    }
  }
  // Offline redemptions: each booked once against the allowance.
  const redeemed = world.registers.flatMap((r) =>
    outboxOf(r.core.db).filter((row) => row.type === 'points.offlineRedeemed'),
  );
  const uses = await db.query<{ n: number }>(
    'SELECT count(*)::int4 AS n FROM points_allowance_use',
  );
  if (uses.rows[0]?.n !== redeemed.length) {
    fail(where, `${redeemed.length} offline redemptions, ${uses.rows[0]?.n} booked`);
  }
  // Pulled until caught up: members and stock as the server holds them.
  await checkPullConverged(world.registers, world.server, world.productIds);
  world.restoredSinceHeal.clear();
}
