import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRegisterDb } from './open-register-store';
import type { RegisterDb } from './register-db';
import type { IdleCheckpoints } from './idle-checkpoint';
import { startIdleCheckpoints } from './idle-checkpoint';

let dir: string;
let file: string;
let db: RegisterDb;
let checkpoints: IdleCheckpoints;
let now = 0;
const errors: unknown[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'idle-checkpoint-'));
  file = path.join(dir, 'register.sqlite');
  db = openRegisterDb(file);
  checkpoints = startIdleCheckpoints({
    db,
    file,
    now: () => now,
    idleMs: 500,
    everyMs: 60_000,
    maxWalBytes: 1024 * 1024,
    onError: (e) => errors.push(e),
  });
  db.exec('CREATE TABLE cart (state TEXT)');
});
afterEach(() => {
  checkpoints.stop();
  db.close();
  rmSync(dir, { recursive: true, force: true });
  expect(errors).toEqual([]);
});

const wal = () => statSync(`${file}-wal`).size;
const write = (n: number) => {
  for (let i = 0; i < n; i += 1) db.prepare('INSERT INTO cart VALUES (?)').run('x'.repeat(16_000));
};

describe('idle checkpoints', () => {
  it('never checkpoints inside commits, and checkpoints once the counter is idle', () => {
    write(40);
    const grown = wal();
    expect(grown).toBeGreaterThan(40 * 16_000);
    checkpoints.touch();
    now += 100;
    expect(checkpoints.tick()).toBe(false);
    now += 500;
    expect(checkpoints.tick()).toBe(true);
    expect(wal()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM cart').pluck().get()).toBe(40);
  });

  it('checkpoints a busy counter once the log passes its bound', () => {
    write(80);
    checkpoints.touch();
    expect(checkpoints.tick()).toBe(true);
    expect(wal()).toBe(0);
  });
});
