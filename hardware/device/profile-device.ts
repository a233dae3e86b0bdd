// Builds the right device for a profile: its transport from the connection, its decoder from the kind.
import { missingCase } from '../../app/result';
import { createCardSwipeDecoder, type CardSwipe } from '../card-reader/card-swipe';
import { createScaleDecoder, type ScaleReading } from '../scale/scale-frame';
import { createHidPosScanDecoder } from '../scanner/hid-pos-decoder';
import { createSerialScanDecoder } from '../scanner/serial-scan-decoder';
import type { ScanData } from '../scanner/symbology';
import { createSensorDecoder, type SensorReading } from '../sensor/environment-sensor';
import type { ByteTransport } from '../transport/byte-transport';
import { openTransport } from '../transport/open-transport';
import type { Clock, Logger } from './clock';
import type { DeviceProfile } from './device-profile';
import { createPosDevice, type PosDevice } from './pos-device';

/** Each kind with its own data type, so the register cannot read a scale as a scanner. */
export type ProfileDevice =
  | Readonly<{ kind: 'scanner'; device: PosDevice<ScanData> }>
  | Readonly<{ kind: 'receiptPrinter'; device: PosDevice<never> }>
  | Readonly<{ kind: 'paymentTerminal'; device: PosDevice<never> }>
  | Readonly<{ kind: 'cardReader'; device: PosDevice<CardSwipe> }>
  | Readonly<{ kind: 'poleDisplay'; device: PosDevice<never> }>
  | Readonly<{ kind: 'scale'; device: PosDevice<ScaleReading> }>
  | Readonly<{ kind: 'environmentSensor'; device: PosDevice<SensorReading> }>;

export type ProfileDeviceOptions = Readonly<{
  clock: Clock;
  logger: Logger;
  /** Ends of in-memory pairs by name, for profiles with a memory connection (demo, tests). */
  memoryEnds?: ReadonlyMap<string, ByteTransport>;
}>;

export function createProfileDevice(
  profile: DeviceProfile,
  options: ProfileDeviceOptions,
): ProfileDevice {
  const transport = openTransport(profile.connection, options.memoryEnds);
  const base = { name: profile.id, transport, clock: options.clock, logger: options.logger };
  switch (profile.kind) {
    case 'scanner': {
      // HID scanners in POS mode send reports; everything else sends text up to a suffix.
      const decoder =
        profile.connection.type === 'hid'
          ? createHidPosScanDecoder()
          : createSerialScanDecoder({
              suffix: profile.scanner?.suffix ?? '\r',
              aimPrefix: profile.scanner?.aimPrefix ?? false,
            });
      return { kind: 'scanner', device: createPosDevice<ScanData>({ ...base, decoder }) };
    }
    case 'receiptPrinter':
      return { kind: 'receiptPrinter', device: createPosDevice<never>(base) };
    case 'paymentTerminal':
      return { kind: 'paymentTerminal', device: createPosDevice<never>(base) };
    case 'poleDisplay':
      return { kind: 'poleDisplay', device: createPosDevice<never>(base) };
    case 'cardReader': {
      const decoder = createCardSwipeDecoder({
        memberPrefixes: profile.cardReader?.memberPrefixes ?? [],
      });
      return { kind: 'cardReader', device: createPosDevice<CardSwipe>({ ...base, decoder }) };
    }
    case 'scale':
      return {
        kind: 'scale',
        device: createPosDevice<ScaleReading>({ ...base, decoder: createScaleDecoder() }),
      };
    case 'environmentSensor':
      return {
        kind: 'environmentSensor',
        device: createPosDevice<SensorReading>({ ...base, decoder: createSensorDecoder() }),
      };
    default:
      return missingCase(profile.kind);
  }
}
