// scan-to-line: with the real 808k-product catalog loaded and active promotions, the time from a
// scan string arriving at the register core to the cart.updated event for a cart growing from 29
// to 30 lines (parse, lookup, pricing with promotions, cart save, stock hold), against the raw
// prepared GTIN lookup of the same products in the same run; plus the process's resident memory.
// Each command is sent in its own turn of the event loop, as a host's messages arrive: sent in one
// chain of promises, the register's log sync and checkpoints never ran, and 10,000 scans read
// through a write-ahead log grown to hundreds of megabytes (p99 1.25–1.32 ms against 0.84–1.03).
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { CartView } from '../app/commands';
import { parseBarcode } from '../app/barcode';
import type { Promotion, PromotionRule } from '../app/pricing';
import { promotionSchema } from '../app/pricing';
import { seedStaff } from '../main/auth/staff-store';
import { importCatalogFile } from '../main/catalog/import-catalog';
import { lookupByGtin } from '../main/catalog/lookup';
import type { RegisterCore } from '../main/core/create-register-core';
import { createRegisterCore } from '../main/core/create-register-core';
import type { Logger } from '../main/core/ports';
import { systemClock } from '../main/core/ports';
import { openRegisterStore } from '../main/store/open-register-store';
import type { RegisterDb } from '../main/store/register-db';
import type { Benchmark, Measurement } from './harness';
import { nextTurn } from './harness';
import { percentile } from './stats';
import { CHEAP_PINS } from '../test-support/register-fixture';

const DATASET = path.resolve(import.meta.dirname, '../../shared/datasets/off-products.csv.gz');
const QUICK_ROWS = 100_000;
const CART_LINES = 30;
/** Measured scans per cart: each adds the 30th line and is voided again before the next. */
const MEASURED_PER_CART = 10;
const WARMUP_CARTS = 3;
const POOL = 6000;
const DAY_MS = 86_400_000;

interface PoolProduct {
  readonly id: number;
  readonly gtin14: string;
  /** What the scanner sends: the EAN-13 (or GTIN-14) as printed. */
  readonly code: string;
}

/** Random sellable-by-unit products whose printed code parses back to their GTIN. */
function productPool(db: RegisterDb, size: number): PoolProduct[] {
  const rows = db
    .prepare<[number], { id: number; gtin14: string }>(
      "SELECT id, gtin14 FROM product WHERE sold_by = 'each' AND active = 1 ORDER BY random() LIMIT ?",
    )
    .all(size * 2);
  const pool: PoolProduct[] = [];
  for (const row of rows) {
    const code = row.gtin14.startsWith('0') ? row.gtin14.slice(1) : row.gtin14;
    const parsed = parseBarcode(code, { referenceAt: Date.now() });
    if (parsed.ok && parsed.value.kind === 'gtin' && parsed.value.gtin14 === row.gtin14)
      pool.push({ id: row.id, gtin14: row.gtin14, code });
    if (pool.length >= size) break;
  }
  return pool;
}

/** A week of supermarket promotions, all valid now: category, product, basket and coupon ones. */
function benchPromotions(pool: readonly PoolProduct[], now: number): Promotion[] {
  const ids = (from: number, count: number, step: number) =>
    Array.from({ length: count }, (_, i) => String(pool[from + i * step]?.id ?? 1));
  const make = (
    n: number,
    rule: PromotionRule,
    targets: Promotion['targets'],
    extra: Partial<Promotion> = {},
  ): Promotion => ({
    id: `bench-promo-${n}`,
    name: `Bench promotion ${n}`,
    priority: 1 + (n % 5),
    startsAt: now - DAY_MS,
    endsAt: now + 30 * DAY_MS,
    stacking: 'stackable',
    stackingGroup: 'price',
    targets,
    rule,
    ...extra,
  });
  const categories = (...categoryIds: string[]): Promotion['targets'] => ({
    kind: 'categories',
    categoryIds,
  });
  const products = (productIds: string[]): Promotion['targets'] => ({
    kind: 'products',
    productIds,
  });
  return [
    make(1, { kind: 'percentOff', basisPoints: 1000 }, categories('dairy', 'drinks')),
    make(2, { kind: 'nthItemOff', n: 2, basisPoints: 5000 }, categories('snacks', 'sweets'), {
      stacking: 'exclusive',
      stackingGroup: null,
    }),
    make(
      3,
      {
        kind: 'buyXGetY',
        buyQuantity: 2,
        getQuantity: 1,
        get: { kind: 'sameTargets' },
        basisPoints: 10_000,
      },
      products(ids(0, 600, 7)),
      { stacking: 'exclusive', stackingGroup: null },
    ),
    make(
      4,
      { kind: 'amountOff', amount: 500, per: 'once' },
      { kind: 'cart' },
      {
        stackingGroup: 'basket',
        minSpend: 10_000,
      },
    ),
    make(5, { kind: 'fixedPrice', unitPrice: 990 }, products(ids(3, 600, 7))),
    make(
      6,
      {
        kind: 'bundle',
        items: ids(5, 2, 1).map((productId) => ({ productId, quantity: 1 })),
        price: 1500,
      },
      products(ids(5, 2, 1)),
      { stacking: 'exclusive', stackingGroup: null },
    ),
    make(7, { kind: 'percentOff', basisPoints: 1500 }, categories('household', 'personal-care'), {
      minQuantity: 3,
    }),
    make(8, { kind: 'amountOff', amount: 100, per: 'unit' }, categories('biscuits', 'bakery')),
    make(
      9,
      { kind: 'percentOff', basisPoints: 500 },
      { kind: 'cart' },
      {
        stackingGroup: 'coupon',
        couponCode: 'SAVE5',
      },
    ),
    make(10, { kind: 'memberPrice' }, { kind: 'cart' }, { stackingGroup: 'member' }),
    make(11, { kind: 'percentOff', basisPoints: 2000 }, categories('frozen', 'alcohol'), {
      startsAt: now - 30 * DAY_MS,
      endsAt: now - DAY_MS,
    }),
    make(
      12,
      { kind: 'nthItemOff', n: 3, basisPoints: 10_000 },
      categories('canned-instant', 'condiments', 'breakfast'),
    ),
  ];
}

function activeLines(view: CartView): number {
  return view.cart.lines.filter((l) => l.status.kind === 'active').length;
}

async function answerOf<T>(
  answer: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>,
): Promise<T> {
  const a = await answer;
  if (!a.ok) throw new Error(`${a.error.code}: ${a.error.message}`);
  return a.value;
}

function timed(work: () => unknown): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

function summary(samples: readonly number[]) {
  return {
    samples: samples.length,
    p50Ms: Math.round(percentile(samples, 50) * 1000) / 1000,
    p99Ms: Math.round(percentile(samples, 99) * 1000) / 1000,
  };
}

export const scanToLine: Benchmark = {
  name: 'scan-to-line',
  description:
    'Scan string to cart.updated on a 30-line cart over the real catalog vs raw prepared GTIN lookup; RSS',
  async run(context) {
    const limit = context.quick ? QUICK_ROWS : undefined;
    const measuredScans = context.quick ? 2000 : 10_000;
    const dataDir = path.join(context.workDir, 'register');
    const now = Date.now();

    // Seed the store as a register has it after its first catalog load and a promotion sync.
    const seeded = openRegisterStore({ dataDir });
    context.log(
      `scan-to-line: importing ${limit === undefined ? 'the full catalog' : `${limit} rows`}`,
    );
    const outcome = await importCatalogFile(
      seeded.db,
      DATASET,
      limit === undefined ? {} : { limitRows: limit },
    );
    const pool = productPool(seeded.db, POOL);
    // Plenty on the shelf, so every scan really locks stock rather than selling unheld.
    const restock = seeded.db.prepare('UPDATE stock SET available = 1000000 WHERE product_id = ?');
    seeded.db.transaction(() => {
      for (const p of pool) restock.run(p.id);
    })();
    const promotions = benchPromotions(pool, now).map((p) => promotionSchema.parse(p));
    const insertPromotion = seeded.db.prepare(
      'INSERT INTO promotion (id, definition, starts_at, ends_at) VALUES (?, ?, ?, ?)',
    );
    for (const p of promotions) insertPromotion.run(p.id, JSON.stringify(p), p.startsAt, p.endsAt);
    await seedStaff(
      seeded.db,
      [{ id: 'c1', name: 'Bench Cashier', role: 'cashier', pin: '1111' }],
      CHEAP_PINS,
    );
    const products = seeded.db.prepare('SELECT count(*) FROM product').pluck().get() as number;
    seeded.db.pragma('wal_checkpoint(TRUNCATE)');
    seeded.db.close();

    // The core starts on the loaded store as after a restart, with the importer's garbage gone.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    gc();
    const errors: string[] = [];
    const logger: Logger = {
      info: () => undefined,
      warn: (message) => errors.push(message),
      error: (message, fields) => errors.push(`${message} ${JSON.stringify(fields)}`),
    };
    const core: RegisterCore = createRegisterCore({
      dataDir,
      storeId: 'store-1',
      registerId: 'reg-1',
      clock: systemClock,
      logger,
    });
    try {
      await answerOf(core.send('auth.login', { staffId: 'c1', pin: '1111' }));
      const raw = core.db.prepare<[string], unknown>(
        `SELECT id, gtin14, name, names, category_id, brand, sold_by, tax_class_id, price_minor,
           currency, active FROM product WHERE gtin14 = ?`,
      );

      let eventAt = 0;
      let lastView: CartView | undefined;
      core.subscribe((event) => {
        if (event.type !== 'cart.updated') return;
        eventAt = performance.now();
        lastView = event.view;
      });

      /** One scan: ms from send to the cart.updated event, and to the answer. */
      async function scan(product: PoolProduct): Promise<{ toEvent: number; toAnswer: number }> {
        // Each command in its own turn of the event loop, as a host's messages arrive.
        await nextTurn();
        eventAt = 0;
        const start = performance.now();
        const answer = await core.send('checkout.scan', { code: product.code });
        const answered = performance.now();
        if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
        if (eventAt === 0) throw new Error('scan answered without a cart.updated event');
        return { toEvent: eventAt - start, toAnswer: answered - start };
      }

      const ours: number[] = [];
      const oursAnswer: number[] = [];
      const rawLookup: number[] = [];
      const ourLookup: number[] = [];
      const bySize = new Map<number, number[]>();
      let next = 0;
      const take = (): PoolProduct => pool[next++ % pool.length] as PoolProduct;
      const carts = WARMUP_CARTS + Math.ceil(measuredScans / MEASURED_PER_CART);
      let discountedViews = 0;
      context.log(
        `scan-to-line: ${products} products, ${promotions.length} promotions, ${carts} carts of ${CART_LINES - 1} + ${MEASURED_PER_CART} measured scans`,
      );
      for (let c = 0; c < carts; c += 1) {
        const warm = c < WARMUP_CARTS;
        for (let size = 1; size < CART_LINES; size += 1) {
          const t = await scan(take());
          if (!warm) {
            let list = bySize.get(size);
            if (list === undefined) bySize.set(size, (list = []));
            list.push(t.toEvent);
          }
        }
        for (let m = 0; m < MEASURED_PER_CART && (warm || ours.length < measuredScans); m += 1) {
          const product = take();
          // Alternate the order so cache effects favour neither side.
          if (m % 2 === 0) rawLookup.push(timed(() => raw.get(product.gtin14)));
          const t = await scan(product);
          if (m % 2 === 1) rawLookup.push(timed(() => raw.get(product.gtin14)));
          ourLookup.push(timed(() => lookupByGtin(core.db, product.gtin14)));
          const view = lastView;
          if (view === undefined || activeLines(view) !== CART_LINES)
            throw new Error(`expected a ${CART_LINES}-line cart`);
          if (view.totals.priced.totals.discountTotal.amount > 0) discountedViews += 1;
          if (warm) {
            rawLookup.pop();
            ourLookup.pop();
          } else {
            ours.push(t.toEvent);
            oursAnswer.push(t.toAnswer);
            (bySize.get(CART_LINES) ?? bySize.set(CART_LINES, []).get(CART_LINES))?.push(t.toEvent);
          }
          const added = view.cart.lines.at(-1)?.lineId ?? '';
          await nextTurn();
          await answerOf(core.send('checkout.voidLine', { lineId: added, reason: 'bench' }));
        }
        await nextTurn();
        await answerOf(core.send('checkout.cancel', { reason: 'bench' }));
        if ((c + 1) % 100 === 0) context.log(`scan-to-line: ${c + 1}/${carts} carts`);
      }
      if (errors.length > 0)
        throw new Error(`core logged errors: ${errors.slice(0, 3).join('; ')}`);

      // Resident memory with the full catalog loaded, after the scans, garbage collected.
      gc();
      const memory = process.memoryUsage();
      const rssMb = memory.rss / 2 ** 20;

      const sizes = [1, 10, 20, 29, 30];
      const byCartSize = Object.fromEntries(
        sizes.map((s) => [`${s}`, summary(bySize.get(s) ?? [0])]),
      );
      const params = {
        products,
        subset: context.quick ? `first ${QUICK_ROWS} rows (quick)` : 'full data set',
        promotionsActive: promotions.filter((p) => p.startsAt <= now && now < p.endsAt).length,
        promotionsDefined: promotions.length,
        measuredScans: ours.length,
        cart: `each measured scan adds the ${CART_LINES}th active line to a ${CART_LINES - 1}-line cart (plus up to ${MEASURED_PER_CART - 1} voided lines from earlier measured scans of that cart, then cancelled)`,
        includes:
          'zod args check, barcode parse, GTIN lookup, cart change, pricing with promotions, cart save + stock hold in one transaction (synchronous=NORMAL), cart.updated',
        measuredCartsDiscounted: discountedViews,
        delivery: 'each command in its own event-loop turn, as a host delivers them',
        p95Ms: Math.round(percentile(ours, 95) * 1000) / 1000,
        p98Ms: Math.round(percentile(ours, 98) * 1000) / 1000,
        shareOver1Ms: Math.round((ours.filter((t) => t > 1).length / ours.length) * 1000) / 1000,
        toAnswer: summary(oursAnswer),
        ourLookupByGtin: summary(ourLookup),
        byCartSize,
        goalP99Ms: 1,
      };
      const lines: Measurement[] = [
        {
          metric: 'scan_to_cart_updated_p99',
          value: percentile(ours, 99),
          unit: 'ms',
          baseline: 'p99 raw better-sqlite3 prepared SELECT … WHERE gtin14 = ? for the same codes',
          baselineValue: percentile(rawLookup, 99),
          params,
        },
        {
          metric: 'scan_to_cart_updated_p50',
          value: percentile(ours, 50),
          unit: 'ms',
          baseline: 'p50 raw better-sqlite3 prepared SELECT … WHERE gtin14 = ? for the same codes',
          baselineValue: percentile(rawLookup, 50),
          params: { products, measuredScans: ours.length, subset: params.subset },
        },
        {
          metric: 'rss_with_catalog_loaded',
          value: rssMb,
          unit: 'MiB',
          baseline: 'goal (300 MiB)',
          baselineValue: 300,
          params: {
            products,
            after: `import in this process, reopen as a core, ${ours.length + (carts - WARMUP_CARTS) * (CART_LINES - 1)} scans; one process (bench harness included)`,
            heapUsedMiB: Math.round(memory.heapUsed / 2 ** 20),
            externalMiB: Math.round(memory.external / 2 ** 20),
            importSeconds: Math.round(outcome.seconds * 10) / 10,
          },
        },
      ];
      return lines;
    } finally {
      await core.close();
    }
  },
};
