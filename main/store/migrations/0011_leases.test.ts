import { describe, expect, it } from 'vitest';
import { useTempRegisterDb } from '../../../test-support/temp-register-db';
import { migrate } from '../migrate';
import { MIGRATIONS } from './index';
import { leasesMigration } from './0011_leases';

const store = useTempRegisterDb('migration-0011');

const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(leasesMigration));

describe('migration 0011 leases', () => {
  it('applies on top of version 10 and never lets a lease sell past its grant', () => {
    expect(before.map((m) => m.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    migrate(store.db, before);
    migrate(store.db, [...before, leasesMigration]);
    const insert = store.db.prepare(
      `INSERT INTO flash_lease (id, flash_sale_id, product_id, granted, sold, expires_at, status, updated_at)
       VALUES (?, 'fs-1', 'p-1', ?, ?, 0, ?, 0)`,
    );
    insert.run('l-1', 5, 5, 'open');
    expect(() => insert.run('l-2', 5, 6, 'open')).toThrow(/CHECK/);
    expect(() => insert.run('l-3', 5, 0, 'lent')).toThrow(/CHECK/);
    const sale = store.db.prepare(
      'INSERT INTO flash_lease_sale (sale_id, lease_id, quantity, at) VALUES (?, ?, ?, 0)',
    );
    sale.run('s-1', 'l-1', 2);
    expect(() => sale.run('s-1', 'l-1', 1)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => sale.run('s-2', 'l-1', 0)).toThrow(/CHECK/);
  });
});
