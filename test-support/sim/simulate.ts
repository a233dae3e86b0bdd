// One seeded run of the sync engine's deterministic simulation (issue #7 item 7): N stores × M
// registers (real register cores on SQLite files, real push and pull clients and escrow calls) and
// the real server on PGlite, behind a simulated network, with register crashes at each point
// between local commit, push, server commit and acknowledgement, damaged pull pages, a server
// restored from an older backup, server and register upgrades, and skewed register clocks. The
// invariants (sim-invariants.ts) are checked after every step; then everything heals, every
// register pushes and pulls until caught up and must converge with the server. Everything random
// comes from the seed, so a failing seed replays exactly.
import { seededRandom } from '../../app/recommendations/seeded-random';
import type { Answer, TenderOutcome } from '../../app/commands';
import { requestAllowance, requestLease, returnLeases } from '../../main/leases/lease-sync';
import { leaseAvailable, takeFromLease } from '../../main/leases/lease-store';
import type { FetchLike, PullRound } from '../../sync/client';
import type { MutationReading } from '../../sync/protocol';
import { MUTATION_SCHEMA_VERSION, MUTATION_TYPES } from '../../sync/protocol';
import { createSimNetwork } from './sim-network';
import type { FaultRates } from './sim-network';
import { pullPageDamage } from './sim-pull-damage';
import {
  checkHeldAfterPull,
  createPullLedger,
  heldBeforePull,
  noteServerState,
} from './sim-pull-invariants';
import type { SimRegister, RegisterTemplate } from './sim-register';
import { CASHIER, SIM_MEMBER, openSimRegister } from './sim-register';
import type { SimServer } from './sim-server';
import type { SimWorld } from './sim-invariants';
import { checkConverged, checkInvariants, createOutboxLedger } from './sim-invariants';

export interface SimOptions {
  readonly steps: number;
}

export interface SimSummary {
  readonly seed: number;
  readonly registers: number;
  readonly sales: number;
  readonly flashUnits: number;
  readonly pointsRedeemed: number;
  readonly requests: number;
  readonly faults: number;
  readonly crashes: number;
  readonly restores: number;
  /** Registers whose wall clock was off, and those the push client flagged. */
  readonly skewed: number;
  readonly skewFlagged: number;
  readonly upgrades: number;
  /** Pushes the server refused (426) because the register was updated before it. */
  readonly refusedAsNewer: number;
  /** Pull rounds during the steps (the heal's are not counted), and damaged pages refused. */
  readonly pulls: number;
  readonly pagesRefused: number;
  /** Carts a customer left open across steps (their stock locked while pulls land). */
  readonly cartsHeld: number;
}

export class SimFailure extends Error {
  constructor(
    readonly seed: number,
    message: string,
    readonly trace: readonly string[],
  ) {
    super(message);
  }
}

/**
 * The next payload version, as a server update would bring it: every type upgrades from 1 by a
 * step (a sale gains the channel it was sold through, which version 1 implied).
 */
export const NEXT_READING: MutationReading = {
  current: MUTATION_SCHEMA_VERSION + 1,
  upgrades: Object.fromEntries(
    MUTATION_TYPES.map((type) => [
      type,
      {
        [MUTATION_SCHEMA_VERSION]: (payload: unknown) =>
          type === 'sale.completed' && typeof payload === 'object' && payload !== null
            ? { channel: 'counter', ...payload }
            : payload,
      },
    ]),
  ),
};

/** Clock offsets a register may run with: right, a little off, a time zone off. */
const SKEWS_MS = [
  0,
  0,
  0,
  45_000,
  -45_000,
  10 * 60_000,
  -10 * 60_000,
  3 * 3_600_000,
  -3 * 3_600_000,
];
const START = Date.UTC(2026, 2, 2, 1, 0, 0);
const PEN = '4006381333931';
const PRODUCTS = ['6901234567892', PEN, '96385074'];
const STOCK = 100_000;

export async function simulate(
  seed: number,
  deps: Readonly<{ server: SimServer; template: RegisterTemplate; clock: { now: number } }>,
  options: SimOptions,
): Promise<SimSummary> {
  const random = seededRandom(seed);
  const chance = (p: number) => random() < p;
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(random() * items.length)];
    if (item === undefined) throw new Error('pick from nothing');
    return item;
  };
  const { server, template, clock } = deps;
  clock.now = START;
  const trace: string[] = [];
  const faults: FaultRates = {
    lost: 0.08 * random(),
    answerLost: 0.12 * random(),
    duplicated: 0.08 * random(),
    late: 0.08 * random(),
    delayed: 0.05 * random(),
    damaged: 0.1 * random(),
  };
  const pull = createPullLedger();
  // Every write the server answers is noted, so a pulled balance can be checked against the
  // balances the server really held (requests are delivered one at a time).
  const observed: FetchLike = async (url, init) => {
    const answer = await server.fetch(url, init);
    if ((init.method ?? 'GET') !== 'GET') await noteServerState(server, pull);
    return answer;
  };
  const network = createSimNetwork({
    server: observed,
    random,
    faults,
    damage: pullPageDamage(random),
  });
  const summary = {
    seed,
    registers: 0,
    sales: 0,
    flashUnits: 0,
    pointsRedeemed: 0,
    requests: 0,
    faults: 0,
    crashes: 0,
    restores: 0,
    skewed: 0,
    skewFlagged: 0,
    upgrades: 0,
    refusedAsNewer: 0,
    pulls: 0,
    pagesRefused: 0,
    cartsHeld: 0,
  };

  await server.reset();
  await server.start();
  const registers: SimRegister[] = [];
  try {
    const storeCount = 1 + Math.floor(random() * 2);
    const flashSales = new Map<string, { id: string; stock: number }>();
    for (let s = 0; s < storeCount; s += 1) {
      const storeId = `store-${s + 1}`;
      const perStore = 1 + Math.floor(random() * 2);
      for (let r = 0; r < perStore; r += 1) {
        const enrolled = await server.enrol(storeId);
        const name = `${storeId}/till-${r + 1}`;
        registers.push(
          await openSimRegister({
            name,
            template,
            enrolled,
            trueTime: () => clock.now,
            skewMs: pick(SKEWS_MS),
            network: network.endpoint(name),
            random,
            batchSize: 1 + Math.floor(random() * 6),
            // Half the registers page as deployed, half a few entries at a time (more pages).
            pullPageLimit: chance(0.5) ? 1000 : 1 + Math.floor(random() * 3),
            pullPagesPerRound: 1 + Math.floor(random() * 3),
          }),
        );
      }
    }
    summary.registers = registers.length;
    const first = registers[0];
    if (first === undefined) throw new Error('no register');
    const productIds = new Map(
      first.core.db
        .prepare<[], { id: number; gtin14: string }>('SELECT id, gtin14 FROM product')
        .all()
        .map((p) => [p.gtin14.replace(/^0+/, ''), String(p.id)]),
    );
    const penId = productIds.get(PEN) ?? '';
    for (const storeId of new Set(registers.map((r) => r.enrolled.storeId))) {
      for (const productId of productIds.values()) {
        await server.db.query(
          `INSERT INTO stock_level (store_id, product_id, total, available, locked, safety, version)
           VALUES ($1, $2, $3, $3, 0, 0, 1)`,
          [storeId, productId, STOCK],
        );
      }
      const stock = 3 + Math.floor(random() * 8);
      const id = `fs-${storeId}`;
      await server.admin('/admin/flash-sales', {
        id,
        productId: penId,
        storeId,
        flashPrice: { amount: 99, currency: 'CNY' },
        totalStock: stock,
        perMemberLimit: 1000,
        startsAt: START - 60_000,
        endsAt: START + 12 * 3_600_000,
      });
      flashSales.set(storeId, { id, stock });
    }
    // The member the registers know, with the same opening balance, as one lot.
    await server.db.query(
      `INSERT INTO member (id, code, phone, card_number, name, level, points, total_spent, currency, order_count, status)
       VALUES ($1, $2, $3, '', 'Chen Jing', 'silver', $4, 0, 'CNY', 0, 'active')`,
      [SIM_MEMBER.id, SIM_MEMBER.code, SIM_MEMBER.phone, SIM_MEMBER.points],
    );
    await server.db.query(
      `INSERT INTO points_lot (id, member_id, points, remaining, earned_at, expires_at, reference)
       VALUES ($1, $1, $2, $2, $3, $4, 'opening balance')`,
      [SIM_MEMBER.id, SIM_MEMBER.points, START - 86_400_000, START + 365 * 86_400_000],
    );
    await noteServerState(server, pull);

    const world: SimWorld = {
      server,
      registers,
      flashSales,
      ledgers: new Map(registers.map((r) => [r.name, createOutboxLedger()])),
      stock: STOCK,
      restoredSinceHeal: new Set<string>(),
      leasesForgotten: false,
      pull,
      productIds: PRODUCTS.map((gtin) => Number(productIds.get(gtin))),
    };

    const signIn = async (register: SimRegister) => {
      if (register.signedIn) return;
      const login = await register.core.send('auth.login', {
        staffId: CASHIER.id,
        pin: CASHIER.pin,
      });
      if (!login.ok) throw new Error(`${register.name}: login refused: ${login.error.code}`);
      const shift = await register.core.send('shift.current', {});
      if (shift.ok && shift.value === null) {
        const opened = await register.core.send('shift.open', { openingFloat: 0 });
        if (!opened.ok) throw new Error(`${register.name}: shift refused: ${opened.error.code}`);
      }
      register.signedIn = true;
    };
    const completed = (answer: Answer<TenderOutcome>, what: string): string => {
      if (!answer.ok) throw new Error(`${what}: ${answer.error.code}`);
      if (answer.value.status !== 'completed') throw new Error(`${what}: sale not completed`);
      return answer.value.sale.saleId;
    };
    const sell = async (register: SimRegister, gtin: string, quantity: number) => {
      await signIn(register);
      for (let i = 0; i < quantity; i += 1) {
        const scanned = await register.core.send('checkout.scan', { code: gtin });
        if (!scanned.ok) throw new Error(`${register.name}: scan refused: ${scanned.error.code}`);
      }
      const saleId = completed(
        await register.core.send('checkout.tenderCash', { tendered: 100_000_000 }),
        `${register.name}: cash`,
      );
      summary.sales += 1;
      return saleId;
    };

    const describeRound = (round: PullRound, register: SimRegister): string => {
      switch (round.kind) {
        case 'pulled':
          return `pulled ${round.applied}${round.more ? ', more' : ''}`;
        case 'snapshot':
          return `snapshot ${round.applied}`;
        case 'failed':
          return `failed ${register.pull.status().lastError?.code}`;
        default:
          throw new Error(`unknown pull round ${JSON.stringify(round)}`);
      }
    };
    // One pull round under whatever faults are active: a damaged page is refused whole, and the
    // register's own unacknowledged changes come out of it untouched.
    const pullStep = async (register: SimRegister): Promise<string> => {
      const held = heldBeforePull(register);
      const damagedBefore = network.counts.damaged;
      const round = await register.pull.pullOnce();
      summary.pulls += 1;
      checkHeldAfterPull(register, held, `pull ${register.name}`);
      if (network.counts.damaged > damagedBefore) {
        const code = register.pull.status().lastError?.code;
        if (round.kind !== 'failed' || code !== 'sync.badPage') {
          throw new Error(`${register.name} did not refuse a damaged page: ${round.kind} ${code}`);
        }
        summary.pagesRefused += 1;
      }
      const label = `pull ${register.name} ${describeRound(round, register)}`;
      if (chance(0.1)) {
        // Killed right after the pull committed (or failed).
        await register.crash();
        summary.crashes += 1;
        return `${label}, crash`;
      }
      return label;
    };

    const step = async (): Promise<string> => {
      const register = pick(registers);
      if (chance(0.15)) return pullStep(register);
      const roll = random();
      if (roll < 0.24) {
        const gtin = pick(PRODUCTS.filter((p) => p !== PEN));
        const saleId = await sell(register, gtin, 1 + Math.floor(random() * 3));
        if (chance(0.1)) {
          // Killed right after the local commit, before any push.
          await register.crash();
          summary.crashes += 1;
          return `sell+crash ${register.name} ${saleId}`;
        }
        return `sell ${register.name}`;
      }
      if (roll < 0.32) {
        const quantity = 1 + Math.floor(random() * 2);
        if (leaseAvailable(register.core.db, register.contact, penId) < quantity) {
          return `flash ${register.name}: no lease units`;
        }
        const saleId = await sell(register, PEN, quantity);
        const taken = register.core.db.transaction(() =>
          takeFromLease(register.core.db, register.contact, {
            registerId: register.enrolled.clientId,
            saleId,
            productId: penId,
            quantity,
            at: register.clock.now(),
          }),
        )();
        if (!taken.ok) {
          throw new Error(
            `${register.name}: lease refused after it showed units: ${taken.error.code}`,
          );
        }
        summary.flashUnits += quantity;
        return `flash ${register.name} ×${quantity}`;
      }
      if (roll < 0.38) {
        await signIn(register);
        const found = await register.core.send('checkout.scan', {
          code: pick(PRODUCTS.filter((p) => p !== PEN)),
        });
        if (!found.ok) throw new Error(`${register.name}: scan refused: ${found.error.code}`);
        const attached = await register.core.send('checkout.attachMember', {
          query: SIM_MEMBER.code,
        });
        if (!attached.ok)
          throw new Error(`${register.name}: member refused: ${attached.error.code}`);
        const member = await register.core.send('members.find', { query: SIM_MEMBER.code });
        const limit = member.ok ? member.value.redeemableHere : 0;
        const points = Math.min(limit, 1 + Math.floor(random() * 60));
        let label = `points ${register.name} 0`;
        if (points > 0) {
          const tendered = await register.core.send('checkout.tenderPoints', { points });
          if (tendered.ok) {
            summary.pointsRedeemed += points;
            label = `points ${register.name} ${points}`;
            if (tendered.value.status === 'completed') {
              summary.sales += 1;
              return label;
            }
          } else {
            label = `points ${register.name} refused ${tendered.error.code}`;
          }
        }
        completed(
          await register.core.send('checkout.tenderCash', { tendered: 100_000_000 }),
          `${register.name}: cash after points`,
        );
        summary.sales += 1;
        return label;
      }
      if (roll < 0.43) {
        const sale = world.flashSales.get(register.enrolled.storeId);
        if (sale === undefined) return 'no flash sale';
        const answer = await requestLease(register.link, sale.id, 1 + Math.floor(random() * 4));
        return `lease ${register.name} ${answer.ok ? `+${answer.value.granted_now}` : answer.error.code}`;
      }
      if (roll < 0.46) {
        const answer = await requestAllowance(
          register.link,
          SIM_MEMBER.id,
          50 + Math.floor(random() * 200),
        );
        return `allowance ${register.name} ${answer.ok ? answer.value : answer.error.code}`;
      }
      if (roll < 0.48) {
        const answer = await returnLeases(register.link, register.enrolled.clientId);
        return `return leases ${register.name} ${answer.ok ? answer.value.length : answer.error.code}`;
      }
      if (roll < 0.73) {
        const round = await register.push.pushOnce();
        const lost = network.takeAnswersLost();
        if (lost.includes(register.name) && chance(0.5)) {
          // The server committed, the answer never came, the register died before acknowledging.
          await register.crash();
          summary.crashes += 1;
          return `push ${register.name} ${round.kind}, answer lost, crash`;
        }
        if (register.push.status().lastError?.code === 'sync.serverTooOld')
          summary.refusedAsNewer += 1;
        return `push ${register.name} ${round.kind}`;
      }
      if (roll < 0.78) {
        const cut = !network.isPartitioned(register.name);
        network.partition(register.name, cut);
        return `${cut ? 'partition' : 'reconnect'} ${register.name}`;
      }
      if (roll < 0.82) return `deliver late ${(await network.deliverOneHeld()) ?? 'nothing'}`;
      if (roll < 0.87) {
        await register.crash();
        summary.crashes += 1;
        return `crash ${register.name}`;
      }
      if (roll < 0.9) {
        if (server.up) await server.stop();
        else await server.start();
        return `server ${server.up ? 'up' : 'down'}`;
      }
      if (roll < 0.93) {
        if (!server.up) await server.start();
        await server.backup();
        world.backupAt = clock.now;
        return 'server backup';
      }
      if (roll < 0.95 && world.backupAt !== undefined) {
        // Grants made after the backup are forgotten by the restored server while registers
        // still sell from them: the one case where units may be sold twice (then flagged).
        const granted =
          'SELECT count(*)::int4 AS n, coalesce(sum(granted), 0)::int4 AS units FROM flash_lease';
        const before = (await server.db.query<{ n: number; units: number }>(granted)).rows[0];
        await noteServerState(server, pull);
        await server.restoreBackup();
        const after = (await server.db.query<{ n: number; units: number }>(granted)).rows[0];
        if (before?.n !== after?.n || before?.units !== after?.units) world.leasesForgotten = true;
        for (const r of registers) world.restoredSinceHeal.add(r.name);
        summary.restores += 1;
        return 'server restored from the older backup';
      }
      if (roll < 0.955 && register.writesSchemaVersion === MUTATION_SCHEMA_VERSION) {
        // The app is updated on this register; its new rows are of the next payload version.
        await register.upgradeApp();
        summary.upgrades += 1;
        return `upgrade app ${register.name}`;
      }
      if (roll < 0.962 && server.reading.current === MUTATION_SCHEMA_VERSION) {
        await server.upgrade(NEXT_READING);
        summary.upgrades += 1;
        return 'upgrade server';
      }
      if (roll < 0.97) {
        await signIn(register);
        const scanned = await register.core.send('checkout.scan', { code: PRODUCTS[0] ?? '' });
        const cancelled = await register.core.send('checkout.cancel', { reason: 'customer left' });
        return `cancel ${register.name} ${scanned.ok && cancelled.ok ? 'ok' : 'refused'}`;
      }
      if (roll < 0.99) {
        // A customer still at the till: the cart stays open, its units locked, while pulls land;
        // the register's next sale or cancel takes it over.
        await signIn(register);
        const gtin = pick(PRODUCTS.filter((p) => p !== PEN));
        const scanned = await register.core.send('checkout.scan', { code: gtin });
        if (!scanned.ok) throw new Error(`${register.name}: scan refused: ${scanned.error.code}`);
        summary.cartsHeld += 1;
        return `hold ${register.name} ${gtin}`;
      }
      return 'idle';
    };

    for (let index = 0; index < options.steps; index += 1) {
      clock.now += Math.floor(random() * 3_000);
      const label = await step();
      for (const register of registers) register.stampNewRows();
      trace.push(`${index}: ${label}`);
      await checkInvariants(world, `step ${index} (${label})`);
    }

    // Heal: the network whole, late copies delivered, the server up, time enough passed for every
    // client to ask the server where it stands; every register pushes until it is idle with
    // nothing pending, then late lease sales are settled.
    network.heal();
    await network.deliverAllHeld();
    if (!server.up) await server.start();
    // An updated register waits for the server to be updated too: the operator does it now.
    if (registers.some((r) => r.writesSchemaVersion > server.reading.current)) {
      await server.upgrade(NEXT_READING);
      summary.upgrades += 1;
      trace.push('heal: upgrade server');
    }
    clock.now += 5 * 60_000;
    for (const register of registers) {
      for (let round = 0; ; round += 1) {
        if (round > 200) throw new Error(`${register.name} did not settle`);
        const outcome = await register.push.pushOnce();
        if (outcome.kind === 'idle' && register.push.status().pending === 0) break;
        if (outcome.kind === 'failed' && !outcome.retry) {
          throw new Error(`${register.name} blocked: ${register.push.status().lastError?.code}`);
        }
      }
    }
    await server.running.jobs.leases.settleLateSales();
    await noteServerState(server, pull);
    // Then every register pulls until every stream is caught up and nothing waits for its outbox
    // (all of it is acknowledged now, so what was parked lands on each stream's last page).
    for (const register of registers) {
      for (let round = 0; ; round += 1) {
        if (round > 200) throw new Error(`${register.name} did not catch up pulling`);
        const held = heldBeforePull(register);
        const outcome = await register.pull.pullOnce();
        checkHeldAfterPull(register, held, `heal: pull ${register.name}`);
        if (
          outcome.kind === 'pulled' &&
          !outcome.more &&
          register.pull.status().waiting.length === 0
        )
          break;
        if (outcome.kind === 'failed' && !outcome.retry) {
          throw new Error(
            `${register.name} pull blocked: ${register.pull.status().lastError?.code}`,
          );
        }
      }
    }
    trace.push('healed');
    await checkInvariants(world, 'healed');
    await checkConverged(world);
    summary.requests = network.counts.requests;
    summary.faults = network.counts.faults;
    summary.skewed = registers.filter((r) => r.skewMs !== 0).length;
    summary.skewFlagged = registers.filter((r) => r.push.status().clockSkew !== null).length;
    return summary;
  } catch (error) {
    throw new SimFailure(seed, error instanceof Error ? error.message : String(error), trace);
  } finally {
    for (const register of registers) await register.dispose();
    await server.stop();
  }
}
