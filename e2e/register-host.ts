// A register for end-to-end tests: the UI built if stale, a core on a temp folder with a small
// catalog, the demo staff (cheap PIN hashing) and an open shift, served by the browser-mode host.
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

export interface E2eRegister {
  readonly host: BrowserHost;
  readonly core: RegisterCore;
  /** Anything the core logged as an error: a crash inside a command. */
  readonly errors: string[];
  dispose(): Promise<void>;
}

export async function startE2eRegister(): Promise<E2eRegister> {
  await ensureRendererBuilt();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'e2e-register-'));
  const errors: string[] = [];
  const logger: Logger = {
    info: () => undefined,
    warn: () => undefined,
    error: (message, fields) => errors.push(`${message} ${JSON.stringify(fields)}`),
  };
  const { core } = await openDemoRegister({
    dataDir: dir,
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
    ],
  });
  const host = await startBrowserHost({ core, staticDir: RENDERER_OUT, logger });
  return {
    host,
    core,
    errors,
    async dispose() {
      await host.close();
      core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
