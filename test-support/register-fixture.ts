// A register core on a real SQLite file in a temp folder, with a small catalog, stock and staff,
// for integration tests of the core's services.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Answer } from '../app/commands';
import { seedStaff } from '../main/auth/staff-store';
import { importCatalog, readCatalogRows } from '../main/catalog';
import type { RegisterCore, RegisterCoreOptions } from '../main/core/create-register-core';
import { createRegisterCore } from '../main/core/create-register-core';
import type { Clock, Logger } from '../main/core/ports';
import type { RegisterDevices } from '../main/devices/register-devices';

/** The barcodes the fixture's catalog sells, by what they are: tests scan these. */
export const FIXTURE_BARCODES = {
  MILK: '6901234567892',
  PEN: '4006381333931',
  /** An EAN-8. */
  CHOCOLATE: '96385074',
  RICE: '6920000000006',
} as const;

export const FIXTURE_CSV = [
  'gtin,name',
  `${FIXTURE_BARCODES.MILK},Yili milk 250ml`,
  `${FIXTURE_BARCODES.PEN},Stabilo pen`,
  `${FIXTURE_BARCODES.CHOCOLATE},Small chocolate`,
  `${FIXTURE_BARCODES.RICE},"Rice, 5 kg"`,
].join('\n');

/** PIN hashing cost for tests: the production cost is deliberately slow. */
export const CHEAP_PINS = { N: 1 << 10, r: 8, p: 1 };

export interface RegisterFixture {
  core: RegisterCore;
  readonly dir: string;
  /** The fake clock's time, epoch ms: assign to move time. */
  now: number;
  readonly clock: Clock;
  /** Errors the core logged: a crash inside a command; tests expect none. */
  readonly internalErrors: string[];
  /** Every line the core logged, with its fields as JSON (tests look for what must not leak). */
  readonly logs: string[];
  /** The devices the core is (re)started with: assign before `restart` to swap them. */
  devices: RegisterDevices | undefined;
  /** The wallet client the core is (re)started with: assign before `restart` to swap it. */
  wallet: RegisterCoreOptions['wallet'];
  /** The escrow link (leases, allowances) the core is (re)started with. */
  escrow: RegisterCoreOptions['escrow'];
  restart(): void;
  /** Closes the core and, once its worker connection has closed, removes its directory. */
  dispose(): Promise<void>;
}

export async function startRegisterFixture(
  options: {
    readonly devices?: RegisterDevices;
    readonly wallet?: RegisterCoreOptions['wallet'];
    readonly escrow?: RegisterCoreOptions['escrow'];
    readonly sensorRanges?: RegisterCoreOptions['sensorRanges'];
  } = {},
): Promise<RegisterFixture> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'register-fixture-'));
  const internalErrors: string[] = [];
  const logs: string[] = [];
  const line = (message: string, fields: unknown) => `${message} ${JSON.stringify(fields)}`;
  const logger: Logger = {
    info: (message, fields) => logs.push(line(message, fields)),
    warn: (message, fields) => logs.push(line(message, fields)),
    error: (message, fields) => {
      logs.push(line(message, fields));
      internalErrors.push(line(message, fields));
    },
  };
  /** Cores closed by `restart` or `dispose`, until their worker connections have closed. */
  const closing: Promise<void>[] = [];
  const fixture: RegisterFixture = {
    dir,
    now: Date.UTC(2026, 10, 24, 2, 0, 0),
    clock: { now: () => fixture.now, monotonic: () => fixture.now },
    internalErrors,
    logs,
    devices: options.devices,
    wallet: options.wallet,
    escrow: options.escrow,
    core: undefined as unknown as RegisterCore,
    restart() {
      // Like a process restarting: the old worker connection may close after the new core opens.
      closing.push(fixture.core.close());
      fixture.core = open();
    },
    async dispose() {
      closing.push(fixture.core.close());
      await Promise.all(closing);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const open = (): RegisterCore =>
    createRegisterCore({
      dataDir: dir,
      storeId: 'store-1',
      registerId: 'reg-1',
      clock: fixture.clock,
      logger,
      ...(fixture.devices === undefined ? {} : { devices: fixture.devices }),
      ...(fixture.wallet === undefined ? {} : { wallet: fixture.wallet }),
      ...(fixture.escrow === undefined ? {} : { escrow: fixture.escrow }),
      ...(options.sensorRanges === undefined ? {} : { sensorRanges: options.sensorRanges }),
    });
  fixture.core = open();
  await importCatalog(fixture.core.db, readCatalogRows(Readable.from(FIXTURE_CSV)));
  fixture.core.db.prepare('UPDATE stock SET available = 10, locked = 0, safety = 2').run();
  await seedStaff(
    fixture.core.db,
    [
      { id: 'c1', name: 'Li Na', role: 'cashier', pin: '1111' },
      { id: 's1', name: 'Wang Fang', role: 'supervisor', pin: '2222' },
      { id: 'm1', name: 'Zhang Wei', role: 'manager', pin: '3333' },
    ],
    CHEAP_PINS,
  );
  return fixture;
}

/** The value of a successful answer; a refusal fails the test with its code and message. */
export async function valueOf<T>(answer: Promise<Answer<T>>): Promise<T> {
  const a = await answer;
  if (!a.ok) throw new Error(`${a.error.code}: ${a.error.message}`);
  return a.value;
}

/** Logs a staff member in and opens a shift (with no float) if none is open: ready to sell. */
export async function loginReadyToSell(
  f: RegisterFixture,
  staffId = 'c1',
  pin = '1111',
): Promise<void> {
  await valueOf(f.core.send('auth.login', { staffId, pin }));
  if ((await valueOf(f.core.send('shift.current', {}))) === null) {
    await valueOf(f.core.send('shift.open', { openingFloat: 0 }));
  }
}
