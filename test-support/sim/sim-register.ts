// One simulated register: the real register core on its own SQLite file (copied from a template
// made once per process: schema, the fixture catalog, staff), its real push and pull clients and
// escrow link talking through the simulated network, and a wall clock skewed by a fixed amount. A
// crash drops the core, the clients and everything they held in memory, and reopens on the same
// file.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { seedStaff } from '../../main/auth/staff-store';
import { importCatalog, readCatalogRows } from '../../main/catalog';
import type { RegisterCore } from '../../main/core/create-register-core';
import { createRegisterCore } from '../../main/core/create-register-core';
import type { Clock, Logger } from '../../main/core/ports';
import type { EscrowLink } from '../../main/leases/lease-sync';
import type { ServerContact } from '../../main/leases/server-contact';
import { createServerContact } from '../../main/leases/server-contact';
import { seedMembers } from '../../main/members/member-store';
import { registerSnapshotTarget } from '../../main/sync/pull-snapshot';
import { registerPullTargets } from '../../main/sync/pull-targets';
import { registerOutboxSource } from '../../main/sync/register-outbox-source';
import type { FetchLike, PullClient, PushClient } from '../../sync/client';
import {
  createHttpLeaseTransport,
  createHttpPullTransport,
  createHttpPushTransport,
  createPullClient,
  createPushClient,
} from '../../sync/client';
import { CHEAP_PINS, FIXTURE_CSV } from '../register-fixture';
import type { EnrolledTill } from './sim-server';

/** The cashier every simulated register signs in as. */
export const CASHIER = { id: 'c1', name: 'Li Na', role: 'cashier' as const, pin: '1111' };

/** A member every register knows (the server gets the same one), for offline redemptions. */
export const SIM_MEMBER = { id: 'mem-sim-1', code: 'M0001', phone: '13800000001', points: 5_000 };

export interface RegisterTemplate {
  readonly dir: string;
  dispose(): void;
}

const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A register data folder made once: migrated, catalog imported, staff and the member seeded. */
export async function makeRegisterTemplate(at: number): Promise<RegisterTemplate> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sim-template-'));
  const core = createRegisterCore({
    dataDir: dir,
    storeId: 'template',
    registerId: 'template',
    clock: { now: () => at, monotonic: () => at },
    logger: silent,
  });
  await core.ready;
  await importCatalog(core.db, readCatalogRows(Readable.from(FIXTURE_CSV)));
  core.db.prepare('UPDATE stock SET available = 1000000, locked = 0, safety = 0').run();
  await seedStaff(core.db, [CASHIER], CHEAP_PINS);
  seedMembers(
    core.db,
    [
      {
        id: SIM_MEMBER.id,
        code: SIM_MEMBER.code,
        phone: SIM_MEMBER.phone,
        name: 'Chen Jing',
        points: SIM_MEMBER.points,
      },
    ],
    at,
  );
  await core.close();
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface SimRegisterOptions {
  readonly name: string;
  readonly template: RegisterTemplate;
  readonly enrolled: EnrolledTill;
  /** The simulation's true time. */
  readonly trueTime: () => number;
  /** How far this register's wall clock is off (ms, either way); its monotonic clock is right. */
  readonly skewMs: number;
  readonly network: FetchLike;
  readonly random: () => number;
  readonly batchSize: number;
  /** Entries per pull page and pages per stream in one pull round (small ones make `more`). */
  readonly pullPageLimit: number;
  readonly pullPagesPerRound: number;
}

export interface SimRegister {
  readonly name: string;
  readonly enrolled: EnrolledTill;
  readonly dir: string;
  readonly skewMs: number;
  readonly clock: Clock;
  core: RegisterCore;
  push: PushClient;
  pull: PullClient;
  link: EscrowLink;
  contact: ServerContact;
  /** Errors the core logged (a crash inside a command): the simulation expects none. */
  readonly internalErrors: string[];
  /** Signed in since the last start? (A session lives in memory only.) */
  signedIn: boolean;
  /** The payload version this register's app writes: 1 until `upgradeApp`. */
  readonly writesSchemaVersion: number;
  /**
   * Restarts as the next app version. Its payloads keep their shape (the simulation's version 2
   * changes none), so the rows the core writes from now on are stamped 2 by `stampNewRows`, as the
   * new build's outbox would write them.
   */
  upgradeApp(): Promise<void>;
  stampNewRows(): void;
  /** Drops every in-memory part and reopens on the same file. */
  crash(): Promise<void>;
  dispose(): Promise<void>;
}

export async function openSimRegister(options: SimRegisterOptions): Promise<SimRegister> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `sim-${options.name.replace(/\W/g, '-')}-`));
  cpSync(options.template.dir, dir, { recursive: true });
  const wallNow = (): number => options.trueTime() + options.skewMs;
  const clock: Clock = { now: wallNow, monotonic: () => options.trueTime() };
  const pushClock = { now: wallNow, sleep: () => Promise.resolve() };

  const internalErrors: string[] = [];
  const logger: Logger = {
    info: () => undefined,
    warn: () => undefined,
    error: (message, fields) => internalErrors.push(`${message} ${JSON.stringify(fields)}`),
  };
  const openCore = async (): Promise<RegisterCore> => {
    const core = createRegisterCore({
      dataDir: dir,
      storeId: options.enrolled.storeId,
      registerId: options.enrolled.clientId,
      clock,
      logger,
    });
    await core.ready;
    return core;
  };
  let writesSchemaVersion = 1;
  let upgradedAfterSeq = Number.POSITIVE_INFINITY;
  const parts = (core: RegisterCore) => {
    const contact = createServerContact(clock);
    const targetOptions = { currency: 'CNY', now: wallNow };
    return {
      contact,
      // As createRegisterPushClient wires it, plus the payload version this app writes.
      push: createPushClient({
        registerId: options.enrolled.clientId,
        source: registerOutboxSource(core.db),
        transport: createHttpPushTransport({
          baseUrl: 'http://sim',
          credentials: options.enrolled,
          now: wallNow,
          fetch: options.network,
        }),
        clock: pushClock,
        random: options.random,
        batchSize: options.batchSize,
        writesSchemaVersion,
      }),
      // As createRegisterPullClient wires it, with the page sizes drawn for this register and no
      // real yield between pages (nothing else runs meanwhile in the simulation).
      pull: createPullClient({
        transport: createHttpPullTransport({
          baseUrl: 'http://sim',
          credentials: options.enrolled,
          now: wallNow,
          fetch: options.network,
        }),
        targets: registerPullTargets(core.db, targetOptions),
        snapshot: registerSnapshotTarget(core.db, targetOptions),
        clock: pushClock,
        random: options.random,
        yieldToScans: () => Promise.resolve(),
        pageLimit: options.pullPageLimit,
        pagesPerRound: options.pullPagesPerRound,
      }),
      link: {
        db: core.db,
        contact,
        now: wallNow,
        transport: createHttpLeaseTransport({
          baseUrl: 'http://sim',
          credentials: options.enrolled,
          now: wallNow,
          fetch: options.network,
        }),
      } satisfies EscrowLink,
    };
  };

  const core = await openCore();
  /** Cores closed by `crash` or `dispose`, until their worker connections have closed. */
  const closing: Promise<void>[] = [];
  const register: SimRegister = {
    name: options.name,
    enrolled: options.enrolled,
    dir,
    skewMs: options.skewMs,
    clock,
    core,
    ...parts(core),
    internalErrors,
    signedIn: false,
    get writesSchemaVersion() {
      return writesSchemaVersion;
    },
    async upgradeApp() {
      writesSchemaVersion += 1;
      upgradedAfterSeq =
        register.core.db
          .prepare<[], number>('SELECT coalesce(max(seq), 0) FROM outbox')
          .pluck()
          .get() ?? 0;
      await register.crash();
    },
    stampNewRows() {
      if (writesSchemaVersion === 1) return;
      register.core.db
        .prepare('UPDATE outbox SET schema_version = ? WHERE seq > ? AND schema_version < ?')
        .run(writesSchemaVersion, upgradedAfterSeq, writesSchemaVersion);
    },
    async crash() {
      // A crash does not wait for the old worker connection; removing the directory does.
      closing.push(register.core.close());
      register.core = await openCore();
      Object.assign(register, parts(register.core));
      register.signedIn = false;
    },
    async dispose() {
      closing.push(register.core.close());
      await Promise.all(closing);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return register;
}
