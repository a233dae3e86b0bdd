import { describe, expect, it } from 'vitest';
import { useTempRegisterDb } from '../../../test-support/temp-register-db';
import { migrate } from '../migrate';
import { MIGRATIONS } from './index';
import { devicePortsMigration } from './0017_device_ports';

const store = useTempRegisterDb('migration-0017');

const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(devicePortsMigration));

describe('migration 0017 device ports', () => {
  it('keeps one port per known device, as JSON or none', () => {
    expect(before.map((m) => m.id)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
    ]);
    migrate(store.db, before);
    migrate(store.db, [...before, devicePortsMigration]);
    const insert = store.db.prepare(
      'INSERT INTO device_port (device, port, chosen_at, chosen_by) VALUES (?, ?, ?, ?)',
    );
    insert.run('printer', '{"type":"serial","path":"/dev/ttyUSB0","baudRate":19200}', 1, 'm1');
    insert.run('scanner', null, 1, 'm1');
    expect(() => insert.run('printer', null, 2, 'm1')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insert.run('drawer', null, 2, 'm1')).toThrow(/CHECK/);
    expect(() => insert.run('terminal', '{not json', 2, 'm1')).toThrow(/CHECK/);
  });
});
