// A register for end-to-end tests: the UI built if stale, a core on a temp folder with a small
// catalog, the demo staff (cheap PIN hashing) and an open shift, served by the browser-mode host.
// Optionally on the simulated card terminal and receipt printer (the counter rig the core's tests
// use) or on the demo's whole simulated counter (its serial scanner's scans go to `checkout.scan`),
// and enrolled with a real central server that it pushes its outbox to and pays wallets through,
// as the demo does.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promotionSchema } from '../app/pricing';
import type { RegisterCore } from '../main/core/create-register-core';
import { systemClock } from '../main/core/ports';
import type { Logger } from '../main/core/ports';
import { STORE_CATEGORIES } from '../main/catalog';
import { startBrowserHost } from '../main/host/browser-host';
import type { BrowserHost } from '../main/host/browser-host';
import { openDemoRegister } from '../main/host/demo-register';
import { ensureRendererBuilt, RENDERER_OUT } from '../main/host/renderer-build';
import { CHEAP_PINS, FIXTURE_CSV } from '../test-support/register-fixture';
import type { CentralServerFixture } from '../test-support/central-server-fixture';
import type { CounterRig } from '../main/devices/testing/counter-rig';
import { counterRig } from '../main/devices/testing/counter-rig';
import type { DemoDevices } from '../main/host/demo-devices';
import { startDemoDevices } from '../main/host/demo-devices';
import { createWalletClient } from '../sync/client';
import type { RegisterSync } from '../main/sync/start-register-sync';
import { startRegisterSync } from '../main/sync/start-register-sync';

export interface E2eRegister {
  readonly host: BrowserHost;
  readonly core: RegisterCore;
  /** Anything the core logged as an error: a crash inside a command. */
  readonly errors: string[];
  /** The simulated terminal and printer, when asked for. */
  readonly rig?: CounterRig;
  /** The push and pull loops to the central server, when one was given. */
  readonly sync?: RegisterSync;
  /** The demo's simulated counter (scanner, printer, terminal, …), when asked for. */
  readonly counter?: DemoDevices['counter'];
  dispose(): Promise<void>;
}

export interface E2eRegisterOptions {
  /** Runs the core on the simulated card terminal and receipt printer. */
  readonly devices?: boolean;
  /** Runs the core on the demo's simulated counter, its serial scanner connected to the core. */
  readonly demoCounter?: boolean;
  /** Enrols the register with this server (store-1) and starts pushing to it. */
  readonly central?: CentralServerFixture;
  /** With `central`: wallet payments go through it (as `npm start` links them). */
  readonly wallet?: boolean;
}

const STORE_ID = 'store-1';

export async function startE2eRegister(options: E2eRegisterOptions = {}): Promise<E2eRegister> {
  await ensureRendererBuilt();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'e2e-register-'));
  const errors: string[] = [];
  const logger: Logger = {
    info: () => undefined,
    warn: () => undefined,
    error: (message, fields) => errors.push(`${message} ${JSON.stringify(fields)}`),
  };
  const rig = options.devices === true ? await counterRig() : undefined;
  // The sensor reports only what a test sends, so a reading it checks is not replaced meanwhile.
  const demo =
    options.demoCounter === true ? await startDemoDevices(logger, { sensorEveryMs: 0 }) : undefined;
  // Enrolled before the core opens, as the demo does: the wallet client needs the credentials.
  const enrolled = await options.central?.enrol(STORE_ID);
  const devices = rig?.devices ?? demo?.register;
  const { core } = await openDemoRegister({
    dataDir: dir,
    storeId: STORE_ID,
    ...(devices === undefined ? {} : { devices }),
    ...(options.wallet !== true || options.central === undefined || enrolled === undefined
      ? {}
      : {
          wallet: {
            client: createWalletClient({
              baseUrl: options.central.url,
              credentials: enrolled,
              now: () => Date.now(),
            }),
          },
        }),
    catalog: { kind: 'csv', csv: FIXTURE_CSV },
    clock: systemClock,
    logger,
    pinCost: CHEAP_PINS,
    // Whatever category the demo values give the fixture products, the 2nd unit is half price.
    promotions: (now) => [
      promotionSchema.parse({
        id: 'e2e-second-half',
        name: 'Second at half price',
        priority: 1,
        startsAt: now - 60_000,
        endsAt: now + 3_600_000,
        stacking: 'stackable',
        stackingGroup: null,
        targets: { kind: 'categories', categoryIds: STORE_CATEGORIES.map((c) => c.id) },
        rule: { kind: 'nthItemOff', n: 2, basisPoints: 5000 },
      }),
      // ¥5 off the sale with the coupon SAVE5.
      promotionSchema.parse({
        id: 'e2e-coupon',
        name: 'Coupon SAVE5',
        priority: 2,
        startsAt: now - 60_000,
        endsAt: now + 3_600_000,
        stacking: 'stackable',
        stackingGroup: null,
        couponCode: 'SAVE5',
        targets: { kind: 'cart' },
        rule: { kind: 'amountOff', amount: 500, per: 'once' },
      }),
    ],
  });
  let sync: RegisterSync | undefined;
  await demo?.connect(core);
  if (options.central !== undefined && enrolled !== undefined) {
    sync = startRegisterSync({
      db: core.db,
      serverUrl: options.central.url,
      credentials: { clientId: enrolled.clientId, clientSecret: enrolled.clientSecret },
      logger,
      // Pushes soon after each sale, so a test sees the count fall without waiting long.
      idleMs: 250,
    });
  }
  const host = await startBrowserHost({ core, staticDir: RENDERER_OUT, logger });
  return {
    host,
    core,
    errors,
    ...(rig === undefined ? {} : { rig }),
    ...(sync === undefined ? {} : { sync }),
    ...(demo === undefined ? {} : { counter: demo.counter }),
    async dispose() {
      await host.close();
      await sync?.stop();
      await core.printerIdle();
      await core.close();
      await rig?.close();
      await demo?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
