// The register's upkeep on demand (core.upkeep): what a pause at the counter brings — the log
// synced and checkpointed off the main thread — so the next commit starts the log over on blocks
// the file already has, and the paid sale's fsync carries its own pages only.
import { closeSync, existsSync, openSync, readSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RegisterFixture } from '../../test-support/register-fixture';
import {
  FIXTURE_BARCODES,
  loginReadyToSell,
  startRegisterFixture,
  valueOf,
} from '../../test-support/register-fixture';
import { REGISTER_DB_FILE } from '../store';

let f: RegisterFixture;

beforeEach(async () => {
  f = await startRegisterFixture();
  await loginReadyToSell(f);
});

afterEach(async () => {
  const errors = f.internalErrors.splice(0);
  await f.dispose();
  expect(errors).toEqual([]);
});

/**
 * The log's checkpoint sequence number (WAL header bytes 12–15): SQLite adds one each time a
 * writer starts the log over from its beginning, which it does only after a complete checkpoint.
 */
function logRestarts(): number {
  const fd = openSync(path.join(f.dir, `${REGISTER_DB_FILE}-wal`), 'r');
  try {
    const header = Buffer.alloc(32);
    readSync(fd, header, 0, 32, 0);
    return header.readUInt32BE(12);
  } finally {
    closeSync(fd);
  }
}

const scan = (code: string) => valueOf(f.core.send('checkout.scan', { code }));

describe('register upkeep', () => {
  it('checkpoints what the scans wrote, so the next commit starts the log over', async () => {
    await scan(FIXTURE_BARCODES.MILK);
    await scan(FIXTURE_BARCODES.PEN);
    const before = logRestarts();
    // Without a pause the timer (once a second) has not come round: the log only grows.
    await scan(FIXTURE_BARCODES.MILK);
    expect(logRestarts()).toBe(before);

    await f.core.upkeep();
    const view = await scan(FIXTURE_BARCODES.PEN);
    expect(logRestarts()).toBe(before + 1);
    expect(view.cart.lines).toHaveLength(4);

    // Nothing written since the last upkeep: the next one has nothing to do, and loses nothing.
    await f.core.upkeep();
    await f.core.upkeep();
    const sale = await valueOf(f.core.send('checkout.tenderCash', { tendered: 100_000 }));
    expect(sale.status).toBe('completed');
    expect(f.core.db.prepare('SELECT count(*) FROM sale_line').pluck().get()).toBe(4);
  });

  it('closes the checkpoint worker too before close resolves, so the directory can go', async () => {
    await scan(FIXTURE_BARCODES.MILK);
    // The first upkeep opens the worker's own connection on the file.
    await f.core.upkeep();
    await scan(FIXTURE_BARCODES.PEN);
    const log = path.join(f.dir, `${REGISTER_DB_FILE}-wal`);
    expect(existsSync(log)).toBe(true);

    await f.core.close();
    // The last connection to close checkpoints and deletes the log: the worker's has closed.
    expect(existsSync(log)).toBe(false);
    rmSync(f.dir, { recursive: true });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(existsSync(f.dir)).toBe(false);
    expect(f.logs.filter((line) => line.includes('checkpoint'))).toEqual([]);
  });
});
