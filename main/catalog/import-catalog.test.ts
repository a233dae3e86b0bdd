import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRegisterStore } from '../store/open-register-store';
import type { RegisterDb } from '../store/register-db';
import { importCatalogFile } from './import-catalog';
import type { CatalogImportProgress } from './import-catalog';
import { lookupByGtin } from './lookup';
import { isProductSearchLive } from './product-search-index';
import { searchProducts } from './search-products';

const DATASET = path.resolve(import.meta.dirname, '../../../shared/datasets/off-products.csv.gz');

/** Appends the GS1 mod-10 check digit. */
function withCheckDigit(body: string): string {
  let total = 0;
  for (let i = 0; i < body.length; i += 1) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    total += digit * (i % 2 === 0 ? 3 : 1);
  }
  return body + String((10 - (total % 10)) % 10);
}

const EAN8 = '96385074';
const UPCA = '036000291452';
const EAN13 = '4006381333931';
const GTIN14 = withCheckDigit('1001234567890');

const FIXTURE = [
  'gtin,name',
  `${EAN8},Crème brûlée`,
  `${UPCA},"Sweeteners, Demerara ""Turbinado"" Sugar"`,
  `${EAN13},&quot;Baguette Lyonnais&quot;`,
  `${GTIN14},蒜蓉辣酱`,
  `${withCheckDigit('690123456789')},伊利纯牛奶`,
  `${withCheckDigit('690123456790')},巧克力夹心饼干`,
  `${withCheckDigit('690123456791')},Dark Chocolate 70%`,
  `${withCheckDigit('690123456792')},Chocolate`,
  `${withCheckDigit('690123456793')},Lait demi-écrémé`,
  'abc,Not a code',
  '12345,Too short',
  // The EAN-13 form of the EAN-8 above: the same GTIN-14, so it updates that product.
  `00000${EAN8},Crème brûlée vanille`,
].join('\n');

let dir: string;
let db: RegisterDb;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'catalog-import-'));
  db = openRegisterStore({ dataDir: path.join(dir, 'register') }).db;
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function writeFixture(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, gzipSync(Buffer.from(text, 'utf8')));
  return file;
}

function names(query: string, limit = 20): string[] {
  return searchProducts(db, query, limit).map((h) => h.product.name);
}

describe('catalog import', () => {
  it('imports a gzipped CSV, skips bad rows with their line, and upserts by GTIN-14', async () => {
    const progress: CatalogImportProgress[] = [];
    const outcome = await importCatalogFile(db, writeFixture('fixture.csv.gz', FIXTURE), {
      onProgress: (p) => progress.push(p),
      progressEveryRows: 5,
    });
    expect(outcome).toMatchObject({
      mode: 'bulk',
      rowsRead: 12,
      productsAdded: 9,
      productsUpdated: 1,
      rowsSkipped: 2,
      skipped: [
        { line: 11, reason: "'abc' is not a GTIN-8, -12, -13 or -14" },
        { line: 12, reason: "'12345' is not a GTIN-8, -12, -13 or -14" },
      ],
    });
    expect(db.prepare('SELECT count(*) FROM product').pluck().get()).toBe(9);
    expect(db.prepare('SELECT count(*) FROM stock').pluck().get()).toBe(9);
    expect(isProductSearchLive(db)).toBe(true);
    expect(progress.map((p) => p.phase)).toEqual(['loading', 'loading', 'loading', 'indexing']);
    expect(progress.at(-1)).toEqual({ phase: 'indexing', rowsDone: 9, rowsTotalEstimate: 9 });

    expect(lookupByGtin(db, UPCA)?.name).toBe('Sweeteners, Demerara "Turbinado" Sugar');
    expect(lookupByGtin(db, EAN13)?.name).toBe('"Baguette Lyonnais"');
    expect(lookupByGtin(db, EAN8)?.name).toBe('Crème brûlée vanille');
    const sauce = lookupByGtin(db, GTIN14);
    expect(sauce).toMatchObject({ gtin14: GTIN14, name: '蒜蓉辣酱', active: true });
    expect(sauce?.price.currency).toBe('CNY');
  });

  it('finds one product by its EAN-8, UPC-A, EAN-13 and GTIN-14 forms', async () => {
    await importCatalogFile(db, writeFixture('fixture.csv.gz', FIXTURE));
    const forms = [EAN8, `0000${EAN8}`, `00000${EAN8}`, `000000${EAN8}`];
    const ids = forms.map((code) => lookupByGtin(db, code)?.id);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toBeDefined();
    const upc = [UPCA, `0${UPCA}`, `00${UPCA}`].map((code) => lookupByGtin(db, code)?.id);
    expect(new Set(upc).size).toBe(1);
    expect(lookupByGtin(db, `0${EAN13}`)?.id).toBe(lookupByGtin(db, EAN13)?.id);
    for (const bad of ['', '123', '12345678901', '036000291452X', '123456789012345']) {
      expect(lookupByGtin(db, bad)).toBeUndefined();
    }
    expect(lookupByGtin(db, withCheckDigit('000000000001'))).toBeUndefined();
  });

  it('finds a product by an extra GTIN from product_gtin', async () => {
    await importCatalogFile(db, writeFixture('fixture.csv.gz', FIXTURE));
    const id = lookupByGtin(db, EAN13)?.id;
    const multipack = withCheckDigit('1400638133393');
    db.prepare('INSERT INTO product_gtin (gtin14, product_id) VALUES (?, ?)').run(multipack, id);
    expect(lookupByGtin(db, multipack)?.id).toBe(id);
  });

  it('derives the same demo prices on every run and every register', async () => {
    const file = writeFixture('fixture.csv.gz', FIXTURE);
    await importCatalogFile(db, file);
    const other = openRegisterStore({ dataDir: path.join(dir, 'other-register') }).db;
    try {
      await importCatalogFile(other, file);
      const prices = (d: RegisterDb) =>
        d
          .prepare('SELECT gtin14, price_minor, category_id, brand FROM product ORDER BY gtin14')
          .all();
      expect(prices(other)).toEqual(prices(db));
    } finally {
      other.close();
    }
  });

  it('updates rather than duplicates on a second import, and keeps the register stock', async () => {
    const file = writeFixture('fixture.csv.gz', FIXTURE);
    await importCatalogFile(db, file);
    const sauce = lookupByGtin(db, GTIN14);
    db.prepare('UPDATE stock SET available = 7, locked = 2 WHERE product_id = ?').run(sauce?.id);
    const renamed = FIXTURE.replace('蒜蓉辣酱', '蒜蓉辣椒酱');
    const outcome = await importCatalogFile(db, writeFixture('renamed.csv.gz', renamed));
    expect(outcome).toMatchObject({ mode: 'incremental', productsAdded: 0, productsUpdated: 10 });
    expect(db.prepare('SELECT count(*) FROM product').pluck().get()).toBe(9);
    expect(lookupByGtin(db, GTIN14)?.name).toBe('蒜蓉辣椒酱');
    expect(
      db.prepare('SELECT available, locked FROM stock WHERE product_id = ?').get(sauce?.id),
    ).toEqual({ available: 7, locked: 2 });
    // The renamed product is found by its new name only, through both search indexes.
    expect(names('辣椒')).toEqual(['蒜蓉辣椒酱']);
    expect(names('辣椒酱')).toEqual(['蒜蓉辣椒酱']);
    expect(names('蒜蓉辣酱')).toEqual([]);
    expect(names('辣酱')).toEqual([]);
    db.exec("INSERT INTO product_search (product_search, rank) VALUES ('integrity-check', 1)");
  });
});

describe('product search', () => {
  beforeEach(async () => {
    await importCatalogFile(db, writeFixture('fixture.csv.gz', FIXTURE));
  });

  it('ignores case and Latin accents', () => {
    expect(names('creme brulee')).toEqual(['Crème brûlée vanille']);
    expect(names('CRÈME BRÛLÉE')).toEqual(['Crème brûlée vanille']);
    // A substring match: écrémé contains creme.
    expect(names('CRÈME')).toEqual(['Crème brûlée vanille', 'Lait demi-écrémé']);
    expect(names('ecreme')).toEqual(['Lait demi-écrémé']);
  });

  it('finds CJK names by 1, 2 and 3 characters', () => {
    expect(names('蒜蓉')).toEqual(['蒜蓉辣酱']);
    expect(names('牛奶')).toEqual(['伊利纯牛奶']);
    expect(names('奶')).toEqual(['伊利纯牛奶']);
    expect(names('巧克力')).toEqual(['巧克力夹心饼干']);
    expect(names('夹心饼')).toEqual(['巧克力夹心饼干']);
    expect(names('牛奶 伊利')).toEqual(['伊利纯牛奶']);
  });

  it('ranks the exact name first, then names starting with the query, shorter first', () => {
    expect(names('chocolate')).toEqual(['Chocolate', 'Dark Chocolate 70%']);
    expect(names('dark chocolate')).toEqual(['Dark Chocolate 70%']);
    expect(names('chocolate', 1)).toEqual(['Chocolate']);
  });

  it('matches 1–2 Latin characters at the start of a word', () => {
    expect(names('ch')).toEqual(['Chocolate', 'Dark Chocolate 70%']);
    expect(names('la')).toEqual(['Lait demi-écrémé']);
    expect(names('d')).toEqual(
      expect.arrayContaining(['Dark Chocolate 70%', 'Sweeteners, Demerara "Turbinado" Sugar']),
    );
  });

  it('puts the exact GTIN first when the query is one, then names with the digits', () => {
    const hits = searchProducts(db, EAN13, 5);
    expect(hits[0]).toMatchObject({ match: 'gtin', product: { name: '"Baguette Lyonnais"' } });
    expect(searchProducts(db, `0${EAN8}`.padStart(13, '0'))[0]?.match).toBe('gtin');
    expect(names('70%')).toEqual(['Dark Chocolate 70%']);
    expect(names('70')).toEqual(['Dark Chocolate 70%']);
  });

  it('leaves out inactive products and answers nothing for a blank query', () => {
    db.prepare("UPDATE product SET active = 0 WHERE name = 'Chocolate'").run();
    expect(names('chocolate')).toEqual(['Dark Chocolate 70%']);
    expect(names('   ')).toEqual([]);
    expect(names('"""')).toEqual([]);
  });
});

describe('scans during an import', () => {
  it('are answered between import chunks, before the import ends', async () => {
    const rows = ['gtin,name'];
    for (let i = 0; i < 40_000; i += 1) {
      rows.push(`${withCheckDigit(`69${String(i).padStart(10, '0')}`)},Product number ${i}`);
    }
    const first = (rows[1] as string).split(',')[0] as string;
    const file = writeFixture('big.csv.gz', rows.join('\n'));
    let importDone = false;
    const answers: { during: boolean; found: boolean }[] = [];
    const scanner = (): void => {
      if (importDone) return;
      answers.push({ during: !importDone, found: lookupByGtin(db, first) !== undefined });
      setTimeout(scanner, 1);
    };
    setTimeout(scanner, 0);
    const outcome = await importCatalogFile(db, file, { chunkRows: 1000, chunkMillis: 5 });
    importDone = true;
    expect(outcome.productsAdded).toBe(40_000);
    const during = answers.filter((a) => a.during);
    expect(during.length).toBeGreaterThan(10);
    // Scans of products already written find them while the rest is still loading.
    expect(during.some((a) => a.found)).toBe(true);
  });
});

describe('the real catalog', () => {
  const present = existsSync(DATASET);
  if (!present && process.env['CI'] === undefined) {
    it.skip(`needs ${DATASET} (absent here; required in CI)`, () => {});
    return;
  }
  it('imports its first 20,000 rows with lookups and search working', async () => {
    expect(present, `${DATASET} is missing`).toBe(true);
    const outcome = await importCatalogFile(db, DATASET, { limitRows: 20_000 });
    expect(outcome.rowsRead).toBe(20_000);
    expect(outcome.rowsSkipped).toBe(0);
    expect(outcome.productsAdded + outcome.productsUpdated).toBe(20_000);
    expect(db.prepare('SELECT count(*) FROM product').pluck().get()).toBe(outcome.productsAdded);
    expect(lookupByGtin(db, '0000000000017')?.name).toBe('Vitória crackers');
    expect(lookupByGtin(db, '00000000000017')?.name).toBe('Vitória crackers');
    expect(lookupByGtin(db, '0000000001151')?.name).toBe('"Baguette Lyonnais"');
    expect(names('vitoria crackers')[0]).toBe('Vitória crackers');
    const price = lookupByGtin(db, '0000000000017')?.price.amount ?? 0;
    expect(price).toBeGreaterThanOrEqual(100);
    expect(price).toBeLessThanOrEqual(19_900);
  });
});
