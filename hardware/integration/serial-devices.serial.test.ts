// Scanner, scale, card reader, pole display and sensor over real serial ports (socat pty pairs).
import { afterEach, describe, expect, it } from 'vitest';
import { createCardSwipeDecoder, type CardSwipe } from '../card-reader/card-swipe';
import { silentLogger, systemClock } from '../device/clock';
import type { DeviceEvent, InputDecoder } from '../device/device-events';
import { createPosDevice, type PosDevice } from '../device/pos-device';
import { labelled, showOnPole } from '../display/pole-display';
import { createScaleDecoder, type ScaleReading } from '../scale/scale-frame';
import { createSerialScanDecoder } from '../scanner/serial-scan-decoder';
import type { ScanData } from '../scanner/symbology';
import {
  createRangeWatch,
  createSensorDecoder,
  type SensorReading,
} from '../sensor/environment-sensor';
import {
  bankCardTracks,
  createCardReaderSimulator,
  memberCardTracks,
} from '../simulators/card-reader-simulator';
import { createPoleDisplaySimulator } from '../simulators/pole-display-simulator';
import { createScaleSimulator } from '../simulators/scale-simulator';
import { createScannerSimulator } from '../simulators/scanner-simulator';
import { createSensorSimulator } from '../simulators/sensor-simulator';
import {
  createVirtualSerialPair,
  socatMissing,
  type VirtualSerialPair,
} from '../simulators/virtual-serial-pair';
import type { ByteTransport } from '../transport/byte-transport';
import { createSerialTransport } from '../transport/serial-transport';
import { until } from './until';

const missing = socatMissing();
if (missing) console.warn(`skipping serial device tests: ${missing}`);

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function wire<T>(decoder: InputDecoder<T> | undefined): Promise<{
  device: PosDevice<T>;
  far: ByteTransport;
  events: DeviceEvent<T>[];
}> {
  const pair: VirtualSerialPair = await createVirtualSerialPair();
  cleanups.push(() => pair.close());
  const device = createPosDevice<T>({
    name: 'serial device',
    transport: createSerialTransport({ type: 'serial', path: pair.registerPath, baudRate: 9600 }),
    ...(decoder ? { decoder } : {}),
    clock: systemClock,
    logger: silentLogger,
  });
  const events: DeviceEvent<T>[] = [];
  device.on((event) => events.push(event));
  expect((await device.open()).ok).toBe(true);
  device.claim();
  device.enable();
  cleanups.push(() => device.close());
  const far = createSerialTransport({ type: 'serial', path: pair.devicePath, baudRate: 9600 });
  cleanups.push(() => far.close());
  return { device, far, events };
}

function data<T>(events: readonly DeviceEvent<T>[]): T[] {
  return events.flatMap((e) => (e.type === 'data' ? [e.data] : []));
}

describe.skipIf(missing !== undefined)('serial devices over socat pairs', () => {
  it('scanner: scans with suffix and AIM id arrive whole', async () => {
    const { far, events } = await wire<ScanData>(
      createSerialScanDecoder({ suffix: '\r\n', aimPrefix: true }),
    );
    const scanner = createScannerSimulator({
      transport: far,
      mode: 'serial',
      suffix: '\r\n',
      sendAimId: true,
    });
    await scanner.start();
    await scanner.scan('6901234567892');
    await scanner.scan('134567890123456789', ']C0');
    await until(() => data(events).length === 2);
    expect(data(events)).toEqual([
      { raw: '6901234567892', symbology: 'ean13', aimId: ']E0' },
      { raw: '134567890123456789', symbology: 'code128', aimId: ']C0' },
    ]);
  });

  it('scale: settles to a stable weight in grams and reports overload', async () => {
    const { far, events } = await wire<ScaleReading>(createScaleDecoder());
    const scale = createScaleSimulator(far);
    await scale.start();
    await scale.place(356);
    await scale.overload();
    await until(() => data(events).length === 4);
    expect(data(events).slice(2)).toEqual([
      { state: 'stable', grams: 356, net: false },
      { state: 'overload' },
    ]);
    expect(events.some((e) => e.type === 'status' && e.status === 'scaleStable')).toBe(true);
  });

  it('card reader: a member card is read, a bank card refused without its number', async () => {
    const { far, events } = await wire<CardSwipe>(
      createCardSwipeDecoder({ memberPrefixes: ['990086'] }),
    );
    const reader = createCardReaderSimulator(far);
    await reader.start();
    await reader.swipe(memberCardTracks('9900860001234', 'WANG/FANG'));
    await reader.swipe(bankCardTracks('4111111111111111'));
    await until(() => data(events).length === 2);
    expect(data(events)).toEqual([
      { kind: 'member', memberNumber: '9900860001234', holderName: 'WANG/FANG' },
      { kind: 'bankCardRefused' },
    ]);
  });

  it('pole display: shows the lines the register sends', async () => {
    const { device, far } = await wire<never>(undefined);
    const display = createPoleDisplaySimulator(far);
    await display.start();
    expect((await showOnPole(device, 'Coca-Cola 330ml x3', labelled('TOTAL', '83.69'))).ok).toBe(
      true,
    );
    await until(() => display.lines()[1].startsWith('TOTAL'));
    expect(display.lines()).toEqual(['Coca-Cola 330ml x3  ', 'TOTAL          83.69']);
  });

  it('environment sensor: readings recorded, alert raised once when the chiller warms', async () => {
    const { far, events } = await wire<SensorReading>(createSensorDecoder());
    const sensor = createSensorSimulator(far);
    await sensor.start();
    for (const value of ['4.0', '7.9', '8.4', '9.1', '5.0'])
      await sensor.send('chiller-1', 'temperature', value);
    await until(() => data(events).length === 5);
    const watch = createRangeWatch({ 'chiller-1': { min: 0, max: 8000 } });
    expect(data(events).map((r) => watch.check(r))).toEqual([
      undefined,
      undefined,
      'alert',
      undefined,
      'recovered',
    ]);
  });
});
