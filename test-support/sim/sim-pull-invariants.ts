// What must hold of the pull side of sync: after every step (cursors, refused pages, balances,
// locks), around every pull (a register's own unacknowledged changes are never overwritten), and
// after healing (members and stock as the server holds them). Like sim-invariants.ts it reads the
// registers' SQLite files and the server's tables; the only bookkeeping it keeps is what it saw
// before (cursors, the server's balances and counter), to tell that something went back.
import type { RegisterDb } from '../../main/store/register-db';
import type { SimServer } from './sim-server';
import type { SimRegister } from './sim-register';
import { SIM_MEMBER } from './sim-register';
import { DAMAGED_NAME, POISON } from './sim-pull-damage';

/** What the pull checks remember between steps, kept in the simulation's world. */
export interface PullLedger {
  /** Each register's pull cursors as last seen, by stream. */
  readonly cursors: Map<string, Map<string, number>>;
  /** Every points balance the simulation's member had on the server after any write. */
  readonly memberBalances: Set<number>;
  /** The highest members/stock change cursor the server ever handed out (`pull_change_counter`). */
  highestChangeCursor: number;
}

export function createPullLedger(): PullLedger {
  return { cursors: new Map(), memberBalances: new Set(), highestChangeCursor: 0 };
}

/**
 * Notes the server's member balance and change counter as they are now. Called after every
 * request that may write (the simulation is sequential, so a pull can only ever read the state
 * left by some request), around a restore, and after the heal's settlement.
 */
export async function noteServerState(server: SimServer, ledger: PullLedger): Promise<void> {
  const { rows } = await server.db.query<{ points: number | null; counter: number | null }>(
    `SELECT (SELECT points FROM member WHERE id = $1) AS points,
            (SELECT last_cursor FROM pull_change_counter) AS counter`,
    [SIM_MEMBER.id],
  );
  const row = rows[0];
  if (row?.points !== null && row?.points !== undefined) ledger.memberBalances.add(row.points);
  ledger.highestChangeCursor = Math.max(ledger.highestChangeCursor, row?.counter ?? 0);
}

function fail(where: string, message: string): never {
  throw new Error(`${where}: ${message}`);
}

/**
 * For a failure message: the cursor of a key's last change on the server against the register's
 * cursor for its stream. A change at or below the register's cursor is one no pull will serve.
 */
async function lastChange(
  server: SimServer,
  register: SimRegister,
  stream: 'members' | 'stock',
  key: string,
): Promise<string> {
  const scope = stream === 'stock' ? register.enrolled.storeId : '';
  const { rows } = await server.db.query<{ cursor: number }>(
    `SELECT change_cursor AS cursor FROM pull_change
     WHERE stream = $1 AND scope = $2 AND key = $3`,
    [stream, scope, key],
  );
  const here = cursorsOf(register.core.db).get(stream);
  return `last changed on the server at cursor ${rows[0]?.cursor}, ${register.name} pulled ${stream} through ${here}`;
}

function cursorsOf(db: RegisterDb): Map<string, number> {
  return new Map(
    db
      .prepare<[], { stream: string; cursor: number }>(
        'SELECT stream, cursor FROM sync_pull_cursor',
      )
      .all()
      .map((row) => [row.stream, row.cursor]),
  );
}

/**
 * After every step, mid-outage too: cursors only move forward; nothing of a refused page is
 * anywhere on a register; every balance taken from head office is one the server held; parked
 * entries are never ahead of their stream; and a pull never touched a cart's stock locks.
 */
export async function checkPullInvariants(
  registers: readonly SimRegister[],
  server: SimServer,
  ledger: PullLedger,
  where: string,
): Promise<void> {
  await noteServerState(server, ledger);
  for (const register of registers) {
    const db = register.core.db;
    const name = register.name;

    // Cursors never move back: a page is applied with its cursor in one transaction, a repeated
    // or late page cannot lower it, and a crash keeps what was committed.
    const now = cursorsOf(db);
    const seen = ledger.cursors.get(name) ?? new Map<string, number>();
    for (const [stream, before] of seen) {
      const cursor = now.get(stream);
      if (cursor === undefined || cursor < before) {
        fail(where, `${name} ${stream} cursor went back from ${before} to ${cursor}`);
      }
    }
    ledger.cursors.set(name, now);
    // A member or stock cursor is one the server handed out: pages carry the server's cursors.
    for (const stream of ['members', 'stock']) {
      const cursor = now.get(stream) ?? 0;
      if (cursor > ledger.highestChangeCursor) {
        fail(
          where,
          `${name} ${stream} cursor ${cursor} is past any the server handed out (${ledger.highestChangeCursor})`,
        );
      }
    }

    // Parked entries came from applied pages, so none is past its stream's cursor.
    const parked = db
      .prepare<[], { stream: string; key: string; entry: string }>(
        'SELECT stream, key, entry FROM sync_parked_entry',
      )
      .all();
    for (const row of parked) {
      const entry = JSON.parse(row.entry) as { cursor?: number };
      if (entry.cursor === undefined || entry.cursor > (now.get(row.stream) ?? 0)) {
        fail(where, `${name} parked ${row.stream} ${row.key} at ${entry.cursor}, past its stream`);
      }
      if (row.entry.includes(DAMAGED_NAME) || row.entry.includes(String(POISON))) {
        fail(where, `${name} parked ${row.stream} ${row.key} from a refused page`);
      }
    }

    // Nothing of a refused page: a page is checked whole before any of it is applied. The logs
    // keep every balance and stock figure ever written, so a poison value overwritten since is
    // still caught.
    const poisonedMember = db
      .prepare<[string, number, number, number], string>(
        `SELECT id FROM member WHERE name = ? OR points = ?
         UNION ALL SELECT member_id FROM member_points_entry WHERE after = ? OR before = ?`,
      )
      .pluck()
      .get(DAMAGED_NAME, POISON, POISON, POISON);
    if (poisonedMember !== undefined) {
      fail(where, `${name} shows member ${poisonedMember} from a page it refused`);
    }
    // Applied stock is the server's figure less this register's locks (a few units at most).
    const floor = POISON - 1_000_000;
    const poisonedStock = db
      .prepare<[number, number], number>(
        `SELECT product_id FROM stock WHERE available > ?
         UNION ALL SELECT product_id FROM stock_move WHERE after > ?`,
      )
      .pluck()
      .get(floor, floor);
    if (poisonedStock !== undefined) {
      fail(where, `${name} shows stock of product ${poisonedStock} from a page it refused`);
    }

    // Every balance this register took from head office is one the server held.
    const taken = db
      .prepare<[string], { after: number; reference_id: string }>(
        `SELECT after, reference_id FROM member_points_entry
         WHERE member_id = ? AND reason = 'balance from head office'`,
      )
      .all(SIM_MEMBER.id);
    for (const entry of taken) {
      if (!ledger.memberBalances.has(entry.after)) {
        fail(
          where,
          `${name} took balance ${entry.after} (${entry.reference_id}), which the server never held`,
        );
      }
    }

    // A pulled stock figure leaves the carts' holds alone: the locked figure is their sum.
    const locks = db
      .prepare<[], { product_id: number; locked: number; held: number }>(
        `SELECT s.product_id, s.locked,
           coalesce((SELECT sum(quantity) FROM stock_lock l WHERE l.product_id = s.product_id), 0)
             AS held
         FROM stock s`,
      )
      .all();
    for (const lock of locks) {
      if (lock.locked !== lock.held) {
        fail(
          where,
          `${name} product ${lock.product_id} locked ${lock.locked}, carts hold ${lock.held}`,
        );
      }
    }
  }
}

/** The members and products this register's unacknowledged rows change, with their state. */
export interface HeldState {
  readonly members: ReadonlyMap<string, string>;
  readonly products: ReadonlyMap<number, number | undefined>;
}

function memberState(db: RegisterDb, id: string): string {
  const member = db
    .prepare<[string], { points: number; debt: number }>(
      'SELECT points, debt FROM member WHERE id = ?',
    )
    .get(id);
  const lots = db
    .prepare<[string], { id: string; remaining: number }>(
      'SELECT id, remaining FROM member_lot WHERE member_id = ? AND remaining > 0 ORDER BY id',
    )
    .all(id);
  return JSON.stringify({ member, lots });
}

function availableOf(db: RegisterDb, productId: number): number | undefined {
  return db
    .prepare<[number], number>('SELECT available FROM stock WHERE product_id = ?')
    .pluck()
    .get(productId);
}

/**
 * Read before a pull: every member and product named by an unacknowledged row (read here from the
 * payloads, not through the product's own `keysTouched`). A pull acknowledges nothing, so these
 * rows are at or past the mark of every page the pull asks for.
 */
export function heldBeforePull(register: SimRegister): HeldState {
  const db = register.core.db;
  const rows = db
    .prepare<[], { type: string; payload: string }>(
      'SELECT type, payload FROM outbox WHERE acked_at IS NULL',
    )
    .all();
  const memberIds = new Set<string>();
  const productIds = new Set<number>();
  for (const row of rows) {
    const payload = JSON.parse(row.payload) as {
      memberId?: string | null;
      lines?: { productId: string }[];
    };
    if (row.type === 'sale.completed' || row.type === 'points.offlineRedeemed') {
      if (typeof payload.memberId === 'string') memberIds.add(payload.memberId);
    }
    if (row.type === 'sale.completed') {
      for (const line of payload.lines ?? []) productIds.add(Number(line.productId));
    }
  }
  return {
    members: new Map([...memberIds].map((id) => [id, memberState(db, id)])),
    products: new Map([...productIds].map((id) => [id, availableOf(db, id)])),
  };
}

/** After the pull: what this register's own unacknowledged rows change was not overwritten. */
export function checkHeldAfterPull(register: SimRegister, before: HeldState, where: string): void {
  const db = register.core.db;
  for (const [id, state] of before.members) {
    const after = memberState(db, id);
    if (after !== state) {
      fail(
        where,
        `${register.name} pulled member ${id}'s points over its own unacknowledged rows: ${state} → ${after}`,
      );
    }
  }
  for (const [id, available] of before.products) {
    const after = availableOf(db, id);
    if (after !== available) {
      fail(
        where,
        `${register.name} pulled product ${id}'s stock over its own unacknowledged sale: ${available} → ${after}`,
      );
    }
  }
}

/**
 * After healing and pulling until caught up: nothing waits for the outbox, and each register shows
 * the simulation's member (balance, debt, open lots) and the products it sells as the server
 * holds them — stock as `available = server available − locked here` (`availableAfterPull`).
 */
export async function checkPullConverged(
  registers: readonly SimRegister[],
  server: SimServer,
  productIds: readonly number[],
): Promise<void> {
  const where = 'converged';
  const { rows: members } = await server.db.query<{ points: number; debt: number }>(
    'SELECT points, debt FROM member WHERE id = $1',
    [SIM_MEMBER.id],
  );
  const member = members[0];
  if (member === undefined) fail(where, `the server lost member ${SIM_MEMBER.id}`);
  const { rows: lots } = await server.db.query<{ id: string; remaining: number }>(
    'SELECT id, remaining FROM points_lot WHERE member_id = $1 AND remaining > 0 ORDER BY id',
    [SIM_MEMBER.id],
  );
  const serverMember = JSON.stringify({ member, lots });
  for (const register of registers) {
    const db = register.core.db;
    const name = register.name;
    const status = register.pull.status();
    if (status.connection !== 'online' || status.lastError !== null) {
      fail(where, `${name} pull is ${status.connection}: ${status.lastError?.code}`);
    }
    const waiting = db
      .prepare<[], string>("SELECT key FROM sync_parked_entry WHERE waits_for = 'outbox'")
      .pluck()
      .all();
    if (status.waiting.length > 0 || waiting.length > 0) {
      fail(
        where,
        `${name} still waits for its outbox: ${[...status.waiting, ...waiting].join(', ')}`,
      );
    }

    const here = memberState(db, SIM_MEMBER.id);
    if (here !== serverMember) {
      fail(
        where,
        `${name} member ${SIM_MEMBER.id} is ${here}, the server's ${serverMember} (${await lastChange(server, register, 'members', SIM_MEMBER.id)})`,
      );
    }

    // The server's books key this store's levels by the register's product id (pull-stock.ts).
    for (const productId of productIds) {
      const { rows } = await server.db.query<{ available: number }>(
        'SELECT available FROM stock_level WHERE store_id = $1 AND product_id = $2',
        [register.enrolled.storeId, String(productId)],
      );
      const there = rows[0]?.available;
      const local = db
        .prepare<[number], { available: number; locked: number }>(
          'SELECT available, locked FROM stock WHERE product_id = ?',
        )
        .get(productId);
      if (there === undefined || local === undefined) {
        fail(where, `${name} product ${productId}: no stock here or on the server`);
      }
      if (local.available !== there - local.locked) {
        fail(
          where,
          `${name} product ${productId}: available ${local.available} (locked ${local.locked}), the server's ${there} (${await lastChange(server, register, 'stock', String(productId))})`,
        );
      }
    }
  }
}
