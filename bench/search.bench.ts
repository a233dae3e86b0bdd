// search: product name search over the full real catalog (808k products) by query kind — one
// Latin word, two words, CJK of 3+ and of 2 characters — p95 against a plain LIKE '%word%' scan
// of the name column in the same database; plus the process's resident memory and the file size.
import { statSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { importCatalogFile } from '../main/catalog/import-catalog';
import { lookupByGtin } from '../main/catalog/lookup';
import { searchProducts } from '../main/catalog/search-products';
import { openRegisterDb, openRegisterStore } from '../main/store/open-register-store';
import type { Benchmark, Measurement } from './harness';
import { percentile } from './stats';

const DATASET = path.resolve(import.meta.dirname, '../../shared/datasets/off-products.csv.gz');
const QUICK_ROWS = 100_000;
const LIMIT = 20;

const QUERIES = {
  'latin-word': [
    'chocolate',
    'yaourt',
    'tomato',
    'fromage',
    'biscuit',
    'coffee',
    'müsli',
    'jambon',
  ],
  'two-words': [
    'dark chocolate',
    'sauce tomate',
    'orange juice',
    'peanut butter',
    'fromage blanc',
    'green tea',
  ],
  'cjk-3plus': ['巧克力', '牛奶味', '海鮮醬', '花生酥', '夹心饼干', 'だし醤油'],
  'cjk-2': ['牛奶', '蒜蓉', '饼干', '普洱', '旺仔', '醤油'],
} as const;

function timeAll(work: () => unknown, samples: number[]): void {
  const start = performance.now();
  work();
  samples.push(performance.now() - start);
}

export const search: Benchmark = {
  name: 'search',
  description:
    'Name search p95 by query kind over the real catalog vs LIKE scan; RSS and file size',
  async run(context) {
    const dataDir = path.join(context.workDir, 'register');
    const limit = context.quick ? QUICK_ROWS : undefined;
    const seeded = openRegisterStore({ dataDir });
    context.log(`search: importing ${limit === undefined ? 'the full catalog' : `${limit} rows`}`);
    const outcome = await importCatalogFile(
      seeded.db,
      DATASET,
      limit === undefined ? {} : { limitRows: limit },
    );
    seeded.db.pragma('wal_checkpoint(TRUNCATE)');
    seeded.db.close();

    // A fresh connection, as the core has after a restart, and the importer's garbage collected.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    gc();
    const db = openRegisterDb(seeded.file);
    const products = db.prepare('SELECT count(*) FROM product').pluck().get() as number;
    const like = db.prepare(
      'SELECT id, name FROM product WHERE name LIKE ? AND name LIKE ? AND active = 1 LIMIT ?',
    );
    const iterations = context.quick ? 20 : 50;
    const lines: Measurement[] = [];
    try {
      for (const [kind, queries] of Object.entries(QUERIES)) {
        const ours: number[] = [];
        const base: number[] = [];
        for (const q of queries) searchProducts(db, q, LIMIT); // warm the page cache
        for (let i = 0; i < iterations; i += 1) {
          for (const q of queries) {
            const words = q.split(' ');
            const patterns = [`%${words[0]}%`, `%${words[1] ?? ''}%`];
            if (i % 2 === 0) {
              timeAll(() => searchProducts(db, q, LIMIT), ours);
              timeAll(() => like.all(...patterns, LIMIT), base);
            } else {
              timeAll(() => like.all(...patterns, LIMIT), base);
              timeAll(() => searchProducts(db, q, LIMIT), ours);
            }
          }
        }
        const hits = queries.map((q) => searchProducts(db, q, LIMIT).length);
        lines.push({
          metric: `search_p95_${kind}`,
          value: percentile(ours, 95),
          unit: 'ms',
          baseline: "plain LIKE '%word%' scan of product.name, same db, LIMIT 20 (no ranking)",
          baselineValue: percentile(base, 95),
          params: {
            products,
            queries,
            hitsPerQuery: hits,
            limit: LIMIT,
            samples: ours.length,
            p50Ms: percentile(ours, 50),
            goalP95Ms: 20,
            subset: context.quick ? `first ${QUICK_ROWS} rows (quick)` : 'full data set',
          },
        });
      }
      // Some scans too, so the GTIN index is in memory as it is at a till.
      const gtins = db
        .prepare('SELECT gtin14 FROM product ORDER BY random() LIMIT 20000')
        .pluck()
        .all() as string[];
      for (const g of gtins) lookupByGtin(db, g);
      gc();
      const rssMb = process.memoryUsage().rss / 2 ** 20;
      lines.push({
        metric: 'rss_with_catalog_loaded',
        value: rssMb,
        unit: 'MiB',
        baseline: 'goal (300 MiB)',
        baselineValue: 300,
        params: {
          products,
          after:
            'import, reopen, all searches above and 20k random GTIN lookups; one process (bench harness included)',
          heapUsedMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
          importSeconds: Math.round(outcome.seconds * 10) / 10,
        },
      });
      lines.push({
        metric: 'database_file_size',
        value: statSync(seeded.file).size / 2 ** 20,
        unit: 'MiB',
        baseline: 'catalog CSV, uncompressed (approx. 30.6 MiB for the full set)',
        baselineValue: context.quick ? (30.6 * QUICK_ROWS) / 808_096 : 30.6,
        params: { products, after: 'wal_checkpoint(TRUNCATE)' },
      });
    } finally {
      db.close();
    }
    return lines;
  },
};
