// Choosing the devices' ports on a real register core (its SQLite file) over the simulated counter:
// who may, what is refused, the device reconnected on its new port at once, and the choice kept
// across a restart of the register over the host's default.
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulatedCounter, silentLogger } from '../../hardware';
import { until } from '../../hardware/integration/until';
import type { RegisterFixture } from '../../test-support/register-fixture';
import {
  loginReadyToSell,
  startRegisterFixture,
  valueOf,
} from '../../test-support/register-fixture';
import type { CounterDevices } from './counter-devices';
import { createCounterDevices } from './counter-devices';

type SimulatedCounter = Awaited<ReturnType<typeof createSimulatedCounter>>;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function devicesOn(counter: SimulatedCounter): CounterDevices {
  const devices = createCounterDevices({
    logger: silentLogger,
    simulated: counter.memoryEnds,
    defaults: { printer: { type: 'memory', name: 'printer' } },
    listPorts: () =>
      Promise.resolve([{ type: 'serial', path: '/dev/ttyUSB0', description: 'FTDI A1B2' }]),
    enumerate: () => Promise.resolve({ serialPaths: ['/dev/ttyUSB0'], hid: [] }),
    rescanMs: 50,
    backoff: { initialMs: 20, maxMs: 100 },
  });
  cleanups.push(() => devices.stop());
  return devices;
}

async function onTheCounter(): Promise<{ f: RegisterFixture; counter: SimulatedCounter }> {
  const counter = await createSimulatedCounter();
  cleanups.push(() => counter.stop());
  const devices = devicesOn(counter);
  const f = await startRegisterFixture({ devices: devices.register });
  cleanups.push(async () => {
    const errors = f.internalErrors.splice(0);
    await f.dispose();
    expect(errors).toEqual([]);
  });
  await devices.start();
  return { f, counter };
}

const slotOf = async (f: RegisterFixture, device: string) =>
  (await valueOf(f.core.send('devices.ports', {}))).slots.find((s) => s.device === device);

describe('device ports', () => {
  it('lists the machine’s ports, the simulated ones, and each device’s port and state', async () => {
    const { f } = await onTheCounter();
    await valueOf(f.core.send('auth.login', { staffId: 'c1', pin: '1111' }));
    const view = await valueOf(f.core.send('devices.ports', {}));
    expect(view.choosable).toBe(true);
    expect(view.available).toEqual(
      expect.arrayContaining([
        { type: 'serial', path: '/dev/ttyUSB0', description: 'FTDI A1B2' },
        { type: 'memory', name: 'terminal', description: 'terminal' },
      ]),
    );
    expect(view.slots.map((s) => [s.device, s.port?.type ?? null, s.state])).toEqual([
      ['printer', 'memory', 'online'],
      ['terminal', null, 'stopped'],
      ['scanner', null, 'stopped'],
      ['cardReader', null, 'stopped'],
      ['display', null, 'stopped'],
      ['scale', null, 'stopped'],
      ['sensor', null, 'stopped'],
    ]);
  });

  it('lets a cashier choose only with a manager’s approval, and audits who did', async () => {
    const { f, counter } = await onTheCounter();
    await loginReadyToSell(f);
    const port = { type: 'memory', name: 'terminal' } as const;
    const refused = await f.core.send('devices.choosePort', { device: 'terminal', port });
    expect(refused.ok ? 'chosen' : refused.error.code).toBe('auth.approvalRequired');
    const bySupervisor = await f.core.send('auth.approve', {
      approverId: 's1',
      pin: '2222',
      permission: 'devices.choosePort',
    });
    expect(bySupervisor.ok).toBe(false);
    const { approvalId } = await valueOf(
      f.core.send('auth.approve', {
        approverId: 'm1',
        pin: '3333',
        permission: 'devices.choosePort',
      }),
    );
    const view = await valueOf(
      f.core.send('devices.choosePort', { device: 'terminal', port, approvalId }),
    );
    expect(view.slots.find((s) => s.device === 'terminal')?.port).toEqual(port);
    await until(async () => (await slotOf(f, 'terminal'))?.state === 'online');
    expect((await valueOf(f.core.send('devices.status', {}))).terminal.connected).toBe(true);
    // The terminal on its new port takes a card.
    await valueOf(f.core.send('checkout.scan', { code: '6901234567892' }));
    const paid = await valueOf(f.core.send('checkout.tenderCard', {}));
    expect(paid.status).toBe('completed');
    expect(counter.terminal.charges()).toHaveLength(1);

    const audit = f.core.db
      .prepare(
        "SELECT staff_id, subject, details FROM audit_log WHERE action = 'devices.choosePort'",
      )
      .all() as { staff_id: string; subject: string; details: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ staff_id: 'c1', subject: 'terminal' });
    expect(JSON.parse(audit[0]?.details ?? '{}')).toEqual({ port, approverId: 'm1' });
  });

  it('refuses a port that does not fit, and a path that is no serial port, changing nothing', async () => {
    const { f } = await onTheCounter();
    await valueOf(f.core.send('auth.login', { staffId: 'm1', pin: '3333' }));
    const hid = await f.core.send('devices.choosePort', {
      device: 'printer',
      port: { type: 'hid', vendorId: 0x05e0, productId: 0x1200 },
    });
    expect(hid.ok ? 'chosen' : hid.error.code).toBe('devices.portUnfit');
    // Said in words a person uses, not the device's code name.
    expect(hid.ok ? '' : hid.error.message).toBe(
      'The receipt printer cannot be on a USB HID port: choose a serial port',
    );
    const notAPort = await f.core.send('devices.choosePort', {
      device: 'printer',
      port: { type: 'serial', path: '../../etc/passwd', baudRate: 9600 },
    });
    expect(notAPort.ok ? 'chosen' : notAPort.error.code).toBe('command.invalidArgs');
    const climbing = await f.core.send('devices.choosePort', {
      device: 'printer',
      port: { type: 'serial', path: '/dev/../etc/passwd', baudRate: 9600 },
    });
    expect(climbing.ok ? 'chosen' : climbing.error.code).toBe('command.invalidArgs');
    // A forged request past the screen's list of speeds.
    const oddSpeed = await f.core.sendUntyped('devices.choosePort', {
      device: 'printer',
      port: { type: 'serial', path: '/dev/ttyUSB0', baudRate: 12345 },
    });
    expect(oddSpeed.ok).toBe(false);
    expect((await slotOf(f, 'printer'))?.port).toEqual({ type: 'memory', name: 'printer' });
    expect(f.core.db.prepare('SELECT count(*) FROM device_port').pluck().get()).toBe(0);
  });

  it('keeps the choice across a restart, over the host’s default port, "none" included', async () => {
    const { f, counter } = await onTheCounter();
    await valueOf(f.core.send('auth.login', { staffId: 'm1', pin: '3333' }));
    await valueOf(
      f.core.send('devices.choosePort', {
        device: 'scanner',
        port: { type: 'memory', name: 'scanner' },
      }),
    );
    await valueOf(f.core.send('devices.choosePort', { device: 'printer', port: null }));
    expect(await slotOf(f, 'printer')).toMatchObject({ port: null });
    expect((await valueOf(f.core.send('devices.status', {}))).printer.connected).toBe(false);
    const testPrint = await f.core.send('devices.testPrint', {});
    expect(testPrint.ok ? 'printed' : testPrint.error.code).toBe('devices.notConnected');

    // A new start: the host comes up with its defaults (printer on the simulated printer).
    const next = devicesOn(counter);
    f.devices = next.register;
    f.restart();
    await next.start();
    await valueOf(f.core.send('auth.login', { staffId: 'm1', pin: '3333' }));
    expect(await slotOf(f, 'printer')).toMatchObject({ port: null, state: 'stopped' });
    expect(await slotOf(f, 'scanner')).toMatchObject({
      port: { type: 'memory', name: 'scanner' },
      state: 'online',
    });
  });

  it('shows what the scale weighs and puts a test on the customer display, once they have ports', async () => {
    const { f, counter } = await onTheCounter();
    await valueOf(f.core.send('auth.login', { staffId: 'm1', pin: '3333' }));
    const before = await valueOf(f.core.send('devices.status', {}));
    expect(before.scale).toEqual({ connected: false, reading: null });
    expect(before.display).toEqual({ connected: false });
    const refused = await f.core.send('devices.testDisplay', {});
    expect(refused.ok ? 'shown' : refused.error.code).toBe('devices.notConnected');

    for (const device of ['scale', 'display'] as const) {
      await valueOf(
        f.core.send('devices.choosePort', { device, port: { type: 'memory', name: device } }),
      );
      await until(async () => (await slotOf(f, device))?.state === 'online');
    }
    await counter.scale.place(1250);
    await until(
      async () => (await valueOf(f.core.send('devices.status', {}))).scale.reading?.grams === 1250,
    );
    expect((await valueOf(f.core.send('devices.status', {}))).scale).toEqual({
      connected: true,
      reading: { state: 'stable', grams: 1250 },
    });
    await counter.scale.overload();
    await until(
      async () =>
        (await valueOf(f.core.send('devices.status', {}))).scale.reading?.state === 'overload',
    );
    expect(await valueOf(f.core.send('devices.testDisplay', {}))).toBeNull();
    await until(() => counter.display.lines()[0].startsWith('DISPLAY TEST'));
    expect(counter.display.lines()[1]).toBe('0123456789 ABCDEFGHI');
  });
});
