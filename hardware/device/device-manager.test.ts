// The device manager: opens configured devices, reconnects with capped backoff, sees replug by rescan.
import { describe, expect, it } from 'vitest';
import { until } from '../integration/until';
import { createListeners, type ByteTransport } from '../transport/byte-transport';
import { silentLogger, systemClock } from './clock';
import { backoffDelay, createDeviceManager, type DeviceReport } from './device-manager';
import type { DeviceProfile } from './device-profile';
import { deviceProfileSchema } from './device-profile';
import { createPosDevice } from './pos-device';

/** A port that can be pulled and plugged back: open fails while it is out. */
function pluggablePort() {
  const lost = createListeners<string>();
  const data = createListeners<Uint8Array>();
  let plugged = true;
  let open = false;
  let opens = 0;
  const transport: ByteTransport = {
    label: 'pluggable',
    open: () => {
      opens += 1;
      if (!plugged) return Promise.reject(new Error('ENOENT: no such device'));
      open = true;
      return Promise.resolve();
    },
    write: () => Promise.resolve(),
    close: () => {
      open = false;
      return Promise.resolve();
    },
    isOpen: () => open,
    onData: data.add,
    onLost: lost.add,
  };
  return {
    transport,
    opens: () => opens,
    unplug() {
      plugged = false;
      open = false;
      lost.emit('unplugged');
    },
    replug() {
      plugged = true;
    },
    plugged: () => plugged,
  };
}

const profile: DeviceProfile = {
  id: 'scale-1',
  kind: 'scale',
  connection: { type: 'serial', path: '/dev/ttyUSB0', baudRate: 9600 },
};

describe('device manager', () => {
  it('doubles the backoff up to its cap', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((n) => backoffDelay(n, 500, 8000))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
  });

  it('goes online, backs off while unplugged, and reconnects on replug', async () => {
    const port = pluggablePort();
    const device = createPosDevice<never>({
      name: 'scale',
      transport: port.transport,
      clock: systemClock,
      logger: silentLogger,
    });
    const manager = createDeviceManager({
      profiles: [profile],
      createDevice: () => device,
      enumerate: () =>
        Promise.resolve({ serialPaths: port.plugged() ? ['/dev/ttyUSB0'] : [], hid: [] }),
      isPresent: (p, seen) =>
        p.connection.type === 'serial' && seen.serialPaths.includes(p.connection.path),
      clock: systemClock,
      logger: silentLogger,
      rescanMs: 1000,
      backoff: { initialMs: 10, maxMs: 40 },
    });
    const reports: DeviceReport[] = [];
    manager.onReport((r) => reports.push(r));
    await manager.start();
    expect(manager.reports()).toEqual([
      { id: 'scale-1', kind: 'scale', state: 'online', attempts: 0 },
    ]);
    expect(device.state()).toBe('enabled');

    port.unplug();
    await until(() => reports.filter((r) => r.state === 'waiting').length >= 5);
    const waits = reports.filter((r) => r.state === 'waiting').map((r) => r.attempts);
    expect(waits.slice(0, 4)).toEqual([1, 2, 3, 4]);
    expect(reports.find((r) => r.state === 'waiting' && r.attempts === 2)?.lastError).toContain(
      'ENOENT',
    );

    port.replug();
    await manager.rescan();
    expect(manager.reports()[0]?.state).toBe('online');
    expect(device.state()).toBe('enabled');
    await manager.stop();
    expect(manager.reports()[0]?.state).toBe('stopped');
    expect(device.state()).toBe('closed');
  });

  it('closes a device the enumeration no longer shows (a HID stack that never fails the read)', async () => {
    const port = pluggablePort();
    let listed = true;
    const device = createPosDevice<never>({
      name: 'scanner',
      transport: port.transport,
      clock: systemClock,
      logger: silentLogger,
    });
    const manager = createDeviceManager({
      profiles: [profile],
      createDevice: () => device,
      enumerate: () => Promise.resolve({ serialPaths: listed ? ['/dev/ttyUSB0'] : [], hid: [] }),
      isPresent: (p, seen) =>
        p.connection.type === 'serial' && seen.serialPaths.includes(p.connection.path),
      clock: systemClock,
      logger: silentLogger,
      rescanMs: 60_000,
      backoff: { initialMs: 60_000, maxMs: 60_000 },
    });
    await manager.start();
    listed = false;
    await manager.rescan();
    expect(manager.reports()[0]).toMatchObject({ state: 'waiting', lastError: 'device not found' });
    listed = true;
    await manager.rescan();
    expect(manager.reports()[0]?.state).toBe('online');
    await manager.stop();
  });

  it('checks profiles from settings', () => {
    expect(deviceProfileSchema.safeParse(profile).success).toBe(true);
    expect(
      deviceProfileSchema.safeParse({
        ...profile,
        connection: { type: 'serial', path: '', baudRate: 0 },
      }).success,
    ).toBe(false);
  });
});

describe('device lifecycle', () => {
  it('follows open → claim → enable and refuses steps out of order', async () => {
    const port = pluggablePort();
    const device = createPosDevice<never>({
      name: 'display',
      transport: port.transport,
      clock: systemClock,
      logger: silentLogger,
    });
    expect(device.claim()).toMatchObject({ ok: false, error: { code: 'device.notOpen' } });
    expect(device.enable()).toMatchObject({ ok: false, error: { code: 'device.notClaimed' } });
    expect(await device.write(Uint8Array.of(1))).toMatchObject({ ok: false });
    await device.open();
    const other = createPosDevice<never>({
      name: 'same port',
      transport: port.transport,
      clock: systemClock,
      logger: silentLogger,
    });
    await other.open();
    expect(device.claim().ok).toBe(true);
    expect(other.claim()).toMatchObject({ ok: false, error: { code: 'device.claimedElsewhere' } });
    expect(device.enable().ok).toBe(true);
    expect((await device.write(Uint8Array.of(1))).ok).toBe(true);
    device.release();
    expect(device.state()).toBe('opened');
    expect(other.claim().ok).toBe(true);
  });
});
