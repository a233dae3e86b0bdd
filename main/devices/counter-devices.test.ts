// The counter's devices on chosen ports: the simulated counter's in-memory cables, and a real serial
// port (a socat pty pair) with the printer simulator at the far end, chosen while the register runs.
import { afterEach, describe, expect, it } from 'vitest';
import type { PortDevice, PortSlotView } from '../../app/commands';
import {
  createPrinterSimulator,
  createSerialTransport,
  createSimulatedCounter,
  createVirtualSerialPair,
  silentLogger,
  socatMissing,
} from '../../hardware';
import { until } from '../../hardware/integration/until';
import type { CounterDevices, CounterDevicesOptions } from './counter-devices';
import { createCounterDevices } from './counter-devices';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function counterDevices(options: Omit<CounterDevicesOptions, 'logger'>): CounterDevices {
  const devices = createCounterDevices({
    logger: silentLogger,
    listPorts: () => Promise.resolve([]),
    enumerate: () => Promise.resolve({ serialPaths: [], hid: [] }),
    rescanMs: 50,
    backoff: { initialMs: 20, maxMs: 100 },
    ...options,
  });
  cleanups.push(() => devices.stop());
  return devices;
}

function slot(devices: CounterDevices, device: PortDevice): PortSlotView {
  const found = devices.register.ports?.slots().find((s) => s.device === device);
  if (found === undefined) throw new Error(`no slot ${device}`);
  return found;
}

describe('counter devices on the simulated counter', () => {
  it('starts on the host defaults, leaves a device without a port stopped', async () => {
    const counter = await createSimulatedCounter();
    cleanups.push(() => counter.stop());
    const devices = counterDevices({
      simulated: counter.memoryEnds,
      defaults: {
        printer: { type: 'memory', name: 'printer' },
        scanner: { type: 'memory', name: 'scanner' },
      },
    });
    await devices.start();
    expect(slot(devices, 'printer')).toMatchObject({
      port: { type: 'memory', name: 'printer' },
      state: 'online',
    });
    expect(slot(devices, 'terminal')).toEqual({
      device: 'terminal',
      port: null,
      state: 'stopped',
      lastError: null,
    });
    const offered = await devices.register.ports?.available();
    expect(offered?.map((p) => (p.type === 'memory' ? p.name : p.type))).toEqual(
      expect.arrayContaining(['printer', 'terminal', 'scanner', 'sensor']),
    );
  });

  it('moves the scanner off its port and back: no scans while off, scans again after', async () => {
    const counter = await createSimulatedCounter();
    cleanups.push(() => counter.stop());
    const devices = counterDevices({
      simulated: counter.memoryEnds,
      defaults: { scanner: { type: 'memory', name: 'scanner' } },
    });
    const scans: string[] = [];
    devices.onScan((code) => scans.push(code));
    await devices.start();
    await counter.scanner.scan('4006381333931');
    await until(() => scans.length === 1);

    await devices.register.ports?.choose('scanner', undefined);
    await until(() => slot(devices, 'scanner').state === 'stopped');
    expect(slot(devices, 'scanner').port).toBeNull();
    await counter.scanner.scan('9780201379624').catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(scans).toEqual(['4006381333931']);

    await devices.register.ports?.choose('scanner', { type: 'memory', name: 'scanner' });
    await until(() => slot(devices, 'scanner').state === 'online');
    await counter.scanner.scan('9780201379624');
    await until(() => scans.length === 2);
    expect(scans).toEqual(['4006381333931', '9780201379624']);
  });

  it('takes a card payment through the terminal once it is given its port', async () => {
    const counter = await createSimulatedCounter();
    cleanups.push(() => counter.stop());
    const devices = counterDevices({ simulated: counter.memoryEnds });
    await devices.start();
    const terminal = devices.register.terminal;
    if (terminal === undefined) throw new Error('the counter always has a terminal slot');
    await devices.register.ports?.choose('terminal', { type: 'memory', name: 'terminal' });
    await until(() => slot(devices, 'terminal').state === 'online');
    const paid = await terminal.sale('r-1', 1_250, 'CNY');
    expect(paid.outcome).toBe('approved');
  });
});

const missing = socatMissing();
describe.skipIf(missing !== undefined)('counter devices on a real serial port', () => {
  it('puts the printer on a port chosen while running; a port that is not there keeps trying', async () => {
    const pair = await createVirtualSerialPair();
    cleanups.push(() => pair.close());
    const simulator = createPrinterSimulator({
      transport: createSerialTransport({ type: 'serial', path: pair.devicePath, baudRate: 9600 }),
      codePage: 'gb18030',
    });
    await simulator.start();
    cleanups.push(() => simulator.stop());
    const devices = counterDevices({});
    await devices.start();
    expect(slot(devices, 'printer')).toMatchObject({ port: null, state: 'stopped' });

    const ports = devices.register.ports;
    await ports?.choose('printer', { type: 'serial', path: '/dev/ttyNOSUCH9', baudRate: 9600 });
    await until(() => slot(devices, 'printer').state === 'waiting');
    expect(slot(devices, 'printer').lastError).toMatch(/not found|No such file/);

    await ports?.choose('printer', { type: 'serial', path: pair.registerPath, baudRate: 9600 });
    await until(() => slot(devices, 'printer').state === 'online', 5000);
    const printer = devices.register.printer?.device;
    const text = Uint8Array.from('PORT OK\n', (c) => c.charCodeAt(0));
    const written = await printer?.write(text);
    expect(written?.ok).toBe(true);
    await until(() => simulator.lines().includes('PORT OK'), 5000);

    await ports?.choose('printer', undefined);
    await until(() => slot(devices, 'printer').state === 'stopped');
    expect((await printer?.write(text))?.ok).toBe(false);
  });
});
