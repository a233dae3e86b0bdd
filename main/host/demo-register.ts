// The demo's register: a core on a data folder that, on first start, gets the catalog, demo staff,
// members and a promotion; each start opens the shift if none is open, so a cashier can sell at once.
import { Readable } from 'node:stream';
import { DEFAULT_REGISTER_SETTINGS } from '../../app/commands';
import type { Promotion } from '../../app/pricing';
import { promotionSchema } from '../../app/pricing';
import type { PinHashCost } from '../auth/pin-hash';
import { seedStaff } from '../auth/staff-store';
import type { NewStaff } from '../auth/staff-store';
import type { CatalogImportOutcome, CatalogImportProgress } from '../catalog';
import { importCatalog, importCatalogFile, isProductSearchLive, readCatalogRows } from '../catalog';
import type { RegisterCore, RegisterCoreOptions } from '../core/create-register-core';
import { createRegisterCore } from '../core/create-register-core';
import type { Clock, Logger } from '../core/ports';
import type { RegisterDevices } from '../devices/register-devices';
import type { NewMember } from '../members/member-store';
import { seedMembers } from '../members/member-store';
import { openRegisterStore } from '../store';
import type { RegisterDb } from '../store/register-db';

export const DEMO_STAFF: readonly NewStaff[] = [
  { id: '1001', name: '李娜 Li Na', role: 'cashier', pin: '1234' },
  { id: '2001', name: '王芳 Wang Fang', role: 'supervisor', pin: '2345' },
  { id: '3001', name: '张伟 Zhang Wei', role: 'manager', pin: '3456' },
];

export const DEMO_SENSOR_RANGES = {
  'chiller-1': { min: 0, max: 8_000 },
  floor: { min: 30_000, max: 70_000 },
} as const;

/** The demo members' card numbers (their codes below): 12 digits starting 9900. */
export const DEMO_MEMBER_CARDS = { prefixes: ['9900'], length: 12 };

export const DEMO_MEMBERS: readonly NewMember[] = [
  {
    id: 'm-0001',
    code: '990086000001',
    phone: '13800138000',
    name: '陈静 Chen Jing',
    points: 5200,
    offlineAllowance: 2000,
  },
  {
    id: 'm-0002',
    code: '990086000002',
    phone: '13900139000',
    name: '刘洋 Liu Yang',
    points: 800,
    offlineAllowance: 500,
  },
  { id: 'm-0003', code: '990086000003', phone: '13700137000', name: 'Sam Taylor', points: 0 },
];

/**
 * Payment codes the demo's wallet simulators approve (any well-formed code is approved unless a
 * test scripts otherwise): scan or type one on the checkout screen once the goods are in.
 */
export const DEMO_PAYMENT_CODES = {
  wechatPay: '134567890123456789',
  alipay: '28456789012345678901',
} as const;

/** The float the demo counts into the drawer when it opens the shift: ¥200.00. */
export const DEMO_OPENING_FLOAT = 20_000;

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** A year of "2nd at half price" on snacks, sweets, biscuits and dairy, from the first start. */
export function demoPromotions(now: number): Promotion[] {
  return [
    promotionSchema.parse({
      id: 'demo-second-half-price',
      name: '第二件半价 2nd at half price',
      priority: 5,
      startsAt: now - 60_000,
      endsAt: now + YEAR_MS,
      stacking: 'stackable',
      stackingGroup: 'price',
      targets: { kind: 'categories', categoryIds: ['snacks', 'sweets', 'biscuits', 'dairy'] },
      rule: { kind: 'nthItemOff', n: 2, basisPoints: 5000 },
    }),
  ];
}

export type DemoCatalog =
  | { readonly kind: 'file'; readonly file: string; readonly limitRows?: number }
  /** A small `gtin,name` CSV in memory (tests). */
  | { readonly kind: 'csv'; readonly csv: string };

export interface DemoRegisterOptions {
  readonly dataDir: string;
  readonly catalog: DemoCatalog;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly storeId?: string;
  readonly registerId?: string;
  readonly onCatalogProgress?: (progress: CatalogImportProgress) => void;
  /**
   * Load a missing catalog after the register opens, while it sells (scans answer as products
   * arrive), its progress reported to the screens as `work.progress`; the answer's `catalogLoad`
   * settles when it is done. Otherwise the catalog is loaded before the register opens.
   */
  readonly catalogInBackground?: boolean;
  /** PIN hashing cost; tests pass a cheap one. */
  readonly pinCost?: PinHashCost;
  /** Replaces the demo promotion (tests). */
  readonly promotions?: (now: number) => readonly Promotion[];
  /** The card terminal and printer (the demo's simulated counter: `startDemoDevices`). */
  readonly devices?: RegisterDevices;
  /** Wallet payments through the demo's central server (its simulators). */
  readonly wallet?: RegisterCoreOptions['wallet'];
  /** Flash-sale leases and points allowances from the demo's central server. */
  readonly escrow?: RegisterCoreOptions['escrow'];
}

export interface DemoRegister {
  readonly core: RegisterCore;
  /** Set when this start seeded a new store. */
  readonly seeded?: { readonly catalog: CatalogImportOutcome };
  /** With `catalogInBackground`: the catalog load running while the register sells. */
  readonly catalogLoad?: Promise<CatalogImportOutcome>;
}

function importDemoCatalog(
  db: RegisterDb,
  options: DemoRegisterOptions,
): Promise<CatalogImportOutcome> {
  const { catalog } = options;
  if (catalog.kind === 'csv') {
    return importCatalog(db, readCatalogRows(Readable.from(catalog.csv)), {
      backgroundWriter: false,
    });
  }
  return importCatalogFile(db, catalog.file, {
    ...(catalog.limitRows === undefined ? {} : { limitRows: catalog.limitRows }),
    ...(options.onCatalogProgress ? { onProgress: options.onCatalogProgress } : {}),
  });
}

/** Seeds what a new store lacks; leaves an existing store's data alone. */
async function seedNewStore(
  options: DemoRegisterOptions,
): Promise<{ catalog: CatalogImportOutcome } | undefined> {
  const store = openRegisterStore({ dataDir: options.dataDir });
  const { db } = store;
  try {
    const hasStaff = db.prepare('SELECT EXISTS (SELECT 1 FROM staff)').pluck().get() === 1;
    const empty = db.prepare('SELECT NOT EXISTS (SELECT 1 FROM product)').pluck().get() === 1;
    // A catalog whose load was cut short (search not live) is loaded again: the importer resumes.
    const catalog =
      (empty || !isProductSearchLive(db)) && options.catalogInBackground !== true
        ? await importDemoCatalog(db, options)
        : undefined;
    if (hasStaff) return catalog === undefined ? undefined : { catalog };
    const now = options.clock.now();
    await seedStaff(db, DEMO_STAFF, options.pinCost);
    seedMembers(db, DEMO_MEMBERS, now);
    const insert = db.prepare(
      'INSERT OR REPLACE INTO promotion (id, definition, starts_at, ends_at) VALUES (?, ?, ?, ?)',
    );
    for (const p of (options.promotions ?? demoPromotions)(now)) {
      insert.run(p.id, JSON.stringify(p), p.startsAt, p.endsAt);
    }
    return catalog === undefined ? undefined : { catalog };
  } finally {
    db.close();
  }
}

/** Opens the demo register, seeding a new store first, and opens the shift if none is open. */
export async function openDemoRegister(options: DemoRegisterOptions): Promise<DemoRegister> {
  const seeded = await seedNewStore(options);
  const core = createRegisterCore({
    dataDir: options.dataDir,
    storeId: options.storeId ?? 'store-1',
    registerId: options.registerId ?? 'reg-1',
    clock: options.clock,
    logger: options.logger,
    ...(options.devices === undefined ? {} : { devices: options.devices }),
    ...(options.wallet === undefined ? {} : { wallet: options.wallet }),
    ...(options.escrow === undefined ? {} : { escrow: options.escrow }),
    // The demo's chiller is kept at 0–8 °C, its shop floor at 30–70 % RH.
    sensorRanges: DEMO_SENSOR_RANGES,
    // The demo members' cards: 12 digits from 9900 (scanned at the till or swiped on the reader).
    settings: {
      barcode: { ...DEFAULT_REGISTER_SETTINGS.barcode, memberCards: [DEMO_MEMBER_CARDS] },
    },
  });
  await openShiftIfClosed(core);
  if (options.catalogInBackground === true && needsCatalog(core.db)) {
    return { core, catalogLoad: loadCatalogWhileSelling(core, options) };
  }
  return seeded ? { core, seeded } : { core };
}

function needsCatalog(db: RegisterDb): boolean {
  const empty = db.prepare('SELECT NOT EXISTS (SELECT 1 FROM product)').pluck().get() === 1;
  return empty || !isProductSearchLive(db);
}

/** The catalog loaded on the open register's connection, its progress shown on every screen. */
async function loadCatalogWhileSelling(
  core: RegisterCore,
  options: DemoRegisterOptions,
): Promise<CatalogImportOutcome> {
  let last = 0;
  const report = (progress: CatalogImportProgress): void => {
    options.onCatalogProgress?.(progress);
    // The screens need no more than a few updates a second.
    const now = Date.now();
    if (now - last < 250) return;
    last = now;
    core.reportWork({
      work: progress.phase === 'loading' ? 'catalogImport' : 'searchIndex',
      done: progress.rowsDone,
      total: progress.rowsTotalEstimate > 0 ? progress.rowsTotalEstimate : null,
      finished: false,
    });
  };
  try {
    return await importDemoCatalog(core.db, { ...options, onCatalogProgress: report });
  } finally {
    core.reportWork({ work: 'catalogImport', done: 0, total: null, finished: true });
  }
}

/** The manager opens the shift with the demo float and logs out again: the counter is ready. */
async function openShiftIfClosed(core: RegisterCore): Promise<void> {
  const manager = DEMO_STAFF.find((s) => s.role === 'manager');
  if (manager === undefined) return;
  const login = await core.send('auth.login', { staffId: manager.id, pin: manager.pin });
  if (!login.ok) throw new Error(`demo: manager login failed: ${login.error.message}`);
  const current = await core.send('shift.current', {});
  if (current.ok && current.value === null) {
    const opened = await core.send('shift.open', { openingFloat: DEMO_OPENING_FLOAT });
    if (!opened.ok) throw new Error(`demo: opening the shift failed: ${opened.error.message}`);
  }
  await core.send('auth.logout', {});
}
