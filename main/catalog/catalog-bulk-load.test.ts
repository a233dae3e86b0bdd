import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRegisterStore } from '../store/open-register-store';
import type { RegisterDb } from '../store/register-db';
import { importCatalogFile } from './import-catalog';
import { lookupByGtin } from './lookup';
import { ensureProductSearch, isProductSearchLive } from './product-search-index';
import { searchProducts } from './search-products';

const ROWS = 30_000;

/** Appends the GS1 mod-10 check digit. */
function withCheckDigit(body: string): string {
  let total = 0;
  for (let i = 0; i < body.length; i += 1) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    total += digit * (i % 2 === 0 ? 3 : 1);
  }
  return body + String((10 - (total % 10)) % 10);
}

function gtinOf(i: number): string {
  return withCheckDigit(`69${String(i).padStart(10, '0')}`);
}

/** Names in Latin and CJK; the last rows repeat earlier GTINs with new names (last one wins). */
function catalogText(): string {
  const rows = ['gtin,name'];
  for (let i = 0; i < ROWS; i += 1) {
    rows.push(`${gtinOf(i)},${i % 10 === 0 ? `牛奶饼干 ${i}` : `Product number ${i}`}`);
  }
  rows.push(`${gtinOf(7)},Renamed seven`, `${gtinOf(20)},蒜蓉辣酱 twenty`);
  return rows.join('\n');
}

let dir: string;
let file: string;
let dataDir: string;
let db: RegisterDb;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'catalog-bulk-'));
  file = path.join(dir, 'catalog.csv.gz');
  writeFileSync(file, gzipSync(Buffer.from(catalogText(), 'utf8')));
  dataDir = path.join(dir, 'register');
  db = openRegisterStore({ dataDir }).db;
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function scalar(sql: string): unknown {
  return db.prepare(sql).pluck().get();
}

function hasCategoryIndex(): boolean {
  return scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'product_category'") === 1;
}

/** The search index's FTS5 settings that a bulk load changes while it writes. */
function ftsSettings(): Record<string, unknown> {
  return Object.fromEntries(
    db
      .prepare<[], { k: string; v: unknown }>(
        "SELECT k, v FROM product_search_config WHERE k IN ('automerge', 'hashsize')",
      )
      .all()
      .map((r) => [r.k, r.v]),
  );
}

function names(query: string): string[] {
  return searchProducts(db, query, 5).map((h) => h.product.name);
}

/** Every product, its stock and its search entry are there, and nothing twice. */
function expectCompleteCatalog(): void {
  expect(scalar('SELECT count(*) FROM product')).toBe(ROWS);
  expect(scalar('SELECT count(*) FROM stock')).toBe(ROWS);
  expect(scalar('SELECT count(*) FROM product_search_docsize')).toBe(ROWS);
  expect(isProductSearchLive(db)).toBe(true);
  expect(hasCategoryIndex()).toBe(true);
  // Back to FTS5's defaults once live: small pending data, merges as it goes.
  expect(ftsSettings()).toEqual({ automerge: 4, hashsize: 1_048_576 });
  // Checks every index entry against the product table it was built from.
  db.exec("INSERT INTO product_search (product_search, rank) VALUES ('integrity-check', 1)");
  expect(db.pragma('foreign_key_check')).toEqual([]);
  expect(names('product number 29999')).toEqual(['Product number 29999']);
  expect(names('牛奶饼干 29990')).toEqual(['牛奶饼干 29990']);
  expect(lookupByGtin(db, gtinOf(7))?.name).toBe('Renamed seven');
  expect(names('renamed seven')).toEqual(['Renamed seven']);
  expect(names('product number 7')).not.toContain('Product number 7');
  expect(lookupByGtin(db, gtinOf(20))?.name).toBe('蒜蓉辣酱 twenty');
  expect(names('蒜蓉')).toEqual(['蒜蓉辣酱 twenty']);
  expect(names('牛奶饼干 20')).not.toContain('牛奶饼干 20');
}

describe('catalog bulk load', () => {
  it.each([
    ['on a worker thread', true],
    ['on this thread', false],
  ] as const)('leaves a complete search index (%s)', async (_, backgroundWriter) => {
    const outcome = await importCatalogFile(db, file, { chunkRows: 1000, backgroundWriter });
    expect(outcome).toMatchObject({
      mode: 'bulk',
      rowsRead: ROWS + 2,
      productsAdded: ROWS,
      productsUpdated: 2,
    });
    expectCompleteCatalog();
    // The log was checkpointed and emptied on the writer's thread, not left to this one.
    expect(db.pragma('wal_checkpoint(PASSIVE)')).toEqual([{ busy: 0, log: 0, checkpointed: 0 }]);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('leaves an interrupted load detectable, finished at the next start', async () => {
    const stop = new AbortController();
    const interrupted = importCatalogFile(db, file, {
      chunkRows: 1000,
      progressEveryRows: 1000,
      signal: stop.signal,
      onProgress: (p) => {
        if (p.rowsDone >= 12_000) stop.abort();
      },
    });
    await expect(interrupted).rejects.toThrow(/abort/i);
    // Detected: search is not live and the category index is missing; the rows that are in are
    // whole (each with its stock).
    expect(isProductSearchLive(db)).toBe(false);
    expect(hasCategoryIndex()).toBe(false);
    expect(ftsSettings()).toEqual({ automerge: 0, hashsize: 67_108_864 });
    const loaded = scalar('SELECT count(*) FROM product') as number;
    expect(loaded).toBeGreaterThan(0);
    expect(loaded).toBeLessThan(ROWS);
    expect(scalar('SELECT count(*) FROM stock')).toBe(loaded);

    // What the core does at start: finish the indexes over what is there.
    expect(await ensureProductSearch(db)).toBe(true);
    expect(isProductSearchLive(db)).toBe(true);
    expect(hasCategoryIndex()).toBe(true);
    expect(ftsSettings()).toEqual({ automerge: 4, hashsize: 1_048_576 });
    expect(scalar('SELECT count(*) FROM product_search_docsize')).toBe(loaded);
    db.exec("INSERT INTO product_search (product_search, rank) VALUES ('integrity-check', 1)");
    expect(names('product number 1')[0]).toBe('Product number 1');
    expect(await ensureProductSearch(db)).toBe(false);
  });

  it('resumes an interrupted load when the import runs again', async () => {
    const stop = new AbortController();
    await expect(
      importCatalogFile(db, file, {
        chunkRows: 1000,
        progressEveryRows: 1000,
        signal: stop.signal,
        onProgress: (p) => {
          if (p.rowsDone >= 12_000) stop.abort();
        },
      }),
    ).rejects.toThrow(/abort/i);
    const loaded = scalar('SELECT count(*) FROM product') as number;

    const outcome = await importCatalogFile(db, file, { chunkRows: 1000 });
    expect(outcome.mode).toBe('bulk');
    expect(outcome.productsAdded).toBe(ROWS - loaded);
    expectCompleteCatalog();
  });

  it('survives the register being killed mid-load: detected, finished, then completed', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        createRequire(import.meta.url).resolve('tsx'),
        path.join(import.meta.dirname, 'testing', 'catalog-import-child.ts'),
        dataDir,
        file,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const killedAt = await new Promise<number>((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const loaded = [...output.matchAll(/LOADED (\d+)/g)].map((m) => Number(m[1]));
        const last = loaded.at(-1) ?? 0;
        if (last >= 10_000 && child.exitCode === null && !child.killed) {
          child.kill('SIGKILL');
          resolve(last);
        }
        if (output.includes('DONE')) reject(new Error('the import finished before the kill'));
      });
      child.on('exit', (code, signal) => {
        if (signal !== 'SIGKILL') reject(new Error(`the child exited with ${code}`));
      });
    });
    await new Promise((resolve) => child.once('close', resolve));
    expect(killedAt).toBeGreaterThanOrEqual(10_000);

    // The file is sound and the half-done load is visible as such.
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(isProductSearchLive(db)).toBe(false);
    const loaded = scalar('SELECT count(*) FROM product') as number;
    expect(loaded).toBeLessThan(ROWS);
    expect(scalar('SELECT count(*) FROM stock')).toBe(loaded);
    expect(await ensureProductSearch(db)).toBe(true);
    db.exec("INSERT INTO product_search (product_search, rank) VALUES ('integrity-check', 1)");

    await importCatalogFile(db, file, { chunkRows: 1000 });
    expectCompleteCatalog();
  });
});
