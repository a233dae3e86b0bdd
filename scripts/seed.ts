// npm run seed -- [--data-dir .data/register] [--file <catalog.csv.gz>] [--limit N]: creates or
// migrates a register's database and imports the real product catalog (Open Food Facts
// contributors, ODbL 1.0) with invented demo prices, categories and stock.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importCatalogFile } from '../main/catalog/import-catalog';
import type { CatalogImportProgress } from '../main/catalog/import-catalog';
import { openRegisterStore } from '../main/store/open-register-store';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: path.join(root, '.data', 'register') },
    file: {
      type: 'string',
      default: path.resolve(root, '..', 'shared', 'datasets', 'off-products.csv.gz'),
    },
    limit: { type: 'string' },
  },
});
const dataDir = path.resolve(values['data-dir']);
const file = path.resolve(values.file);
const limit = values.limit === undefined ? undefined : Number(values.limit);
if (limit !== undefined && !(Number.isSafeInteger(limit) && limit > 0)) {
  console.error(`seed: --limit must be a positive whole number, got '${values.limit}'`);
  process.exit(2);
}
if (!existsSync(file)) {
  console.error(`seed: the catalog file ${file} is missing (see ../shared/datasets/README.md)`);
  process.exit(2);
}

const store = openRegisterStore({ dataDir });
const applied = store.migration.applied;
console.log(
  `seed: ${store.file} at schema ${store.migration.version}` +
    (applied.length > 0 ? ` (applied ${applied.join(', ')})` : ''),
);

const live = process.stdout.isTTY;
let lastLine = 0;
function showProgress(p: CatalogImportProgress): void {
  const percent =
    p.rowsTotalEstimate > 0 ? Math.floor((100 * p.rowsDone) / p.rowsTotalEstimate) : 0;
  const line = `seed: ${p.phase} ${p.rowsDone.toLocaleString('en')} / ~${p.rowsTotalEstimate.toLocaleString('en')} rows (${percent}%)`;
  if (live) process.stdout.write(`\r${line}\u001b[K`);
  else if (p.rowsDone - lastLine >= 100_000 || p.rowsDone === p.rowsTotalEstimate) {
    lastLine = p.rowsDone;
    console.log(line);
  }
}

try {
  const outcome = await importCatalogFile(store.db, file, {
    onProgress: showProgress,
    ...(limit === undefined ? {} : { limitRows: limit }),
  });
  if (live) process.stdout.write('\n');
  console.log(
    `seed: ${outcome.mode} import of ${outcome.rowsRead.toLocaleString('en')} rows in ${outcome.seconds.toFixed(1)} s: ` +
      `${outcome.productsAdded.toLocaleString('en')} added, ${outcome.productsUpdated.toLocaleString('en')} updated, ` +
      `${outcome.rowsSkipped} skipped`,
  );
  for (const row of outcome.skipped) console.log(`seed:   line ${row.line}: ${row.reason}`);
  console.log(
    'seed: product data © Open Food Facts contributors (ODbL 1.0); prices and stock are invented.',
  );
} finally {
  store.db.close();
}
