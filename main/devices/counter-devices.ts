// The counter's devices as a host runs them: the receipt printer, card terminal, scanner, member
// card reader, pole display, scale and environment sensor, each on the port a manager chose (or the
// host's default), kept connected by the device manager (hot-plug, backoff). A device moved to
// another port keeps its driver: the old port is closed as if unplugged and the manager opens the
// new one at once. The register core gets the printer, terminal, display, scale and sensor as its devices
// and the ports to list and choose; the scanner's scans and the card reader's member swipes go to
// the core's checkout (`inputsInto`), and what it refuses is said on the screens.
import type { Answer, InputSource, PortChoice, PortDevice, PortSlotView } from '../../app/commands';
import type { DomainError } from '../../app/result';
import { SWIPE_REFUSED } from '../../app/tenders';
import { PORT_DEVICES } from '../../app/commands';
import type {
  ByteTransport,
  CardSwipe,
  ChosenPort,
  Clock,
  Connection,
  DeviceKind,
  DeviceManager,
  Enumeration,
  InputDecoder,
  OfferedPort,
  PaperWidth,
  PosDevice,
  PrinterCodePage,
  ScaleReading,
  ScanData,
  SensorReading,
  Unsubscribe,
} from '../../hardware';
import {
  createCardSwipeDecoder,
  createChosenPort,
  createDeviceManager,
  createHidPosScanDecoder,
  createListeners,
  createPaymentTerminal,
  createPosDevice,
  createScaleDecoder,
  createSensorDecoder,
  createSerialScanDecoder,
  enumerateDevices,
  isPresent,
  listPorts,
  openTransport,
  systemClock,
} from '../../hardware';
import { newId } from '../core/ids';
import type { Logger } from '../core/ports';
import type { DevicePorts, RegisterDevices } from './register-devices';

export type CounterDevicesOptions = Readonly<{
  /** The ports the host starts with; a manager's saved choice overrides each. */
  defaults?: Partial<Readonly<Record<PortDevice, Connection>>>;
  /** Simulated devices the host offers as ports (the demo's counter), by memory name. */
  simulated?: ReadonlyMap<string, ByteTransport>;
  printer?: Readonly<{ paperWidth: PaperWidth; codePage: PrinterCodePage }>;
  /** A serial scanner's configured suffix and AIM prefix; HID POS scanners need neither. */
  scanner?: Readonly<{ suffix: string; aimPrefix: boolean }>;
  logger: Logger;
  clock?: Clock;
  /** Stand-ins for the OS listings (tests); the real ones by default. */
  listPorts?: () => Promise<readonly OfferedPort[]>;
  enumerate?: () => Promise<Enumeration>;
  rescanMs?: number;
  backoff?: Readonly<{ initialMs: number; maxMs: number }>;
}>;

/** What the counter's input devices need of the core. */
export interface InputTarget {
  sendUntyped(name: string, args: unknown): Promise<Answer<unknown>>;
  reportInputRefused(source: InputSource, error: DomainError): void;
  memberCardPrefixes(): readonly string[];
}

export interface CounterDevices {
  /** For `createRegisterCore({ devices })`. */
  readonly register: RegisterDevices;
  /** Each scan's text as the scanner read it. */
  onScan(listener: (code: string) => void): Unsubscribe;
  /**
   * Sends each scan to the core's `checkout.scan` (as a keyboard-wedge scan would go) and each
   * member card swipe to `checkout.attachMember`; what the core refuses, a bank card swiped and an
   * unreadable swipe go to the screens as `input.refused`. The card reader tells member cards by
   * the core's member-card prefixes from then on.
   */
  inputsInto(core: InputTarget): Unsubscribe;
  /** Opens every device that has a port; call after the core took in the saved choices. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

const KIND: Readonly<Record<PortDevice, DeviceKind>> = {
  printer: 'receiptPrinter',
  terminal: 'paymentTerminal',
  scanner: 'scanner',
  cardReader: 'cardReader',
  display: 'poleDisplay',
  scale: 'scale',
  sensor: 'environmentSensor',
};

/** The chosen port as the devices screen shows it (extra serial framing is the host's business). */
function choiceOf(connection: Connection | undefined): PortChoice | null {
  if (connection === undefined) return null;
  if (connection.type !== 'serial') return connection;
  return {
    type: 'serial',
    path: connection.path,
    baudRate: connection.baudRate as Extract<PortChoice, { type: 'serial' }>['baudRate'],
    ...(connection.rtscts === undefined ? {} : { rtscts: connection.rtscts }),
  };
}

/** HID scanners send HID POS reports, serial ones text up to a suffix: read what the port carries. */
function scanDecoder(
  port: ChosenPort,
  serial: Readonly<{ suffix: string; aimPrefix: boolean }>,
): InputDecoder<ScanData> {
  const hid = createHidPosScanDecoder();
  const text = createSerialScanDecoder(serial);
  return {
    push: (chunk) => (port.connection()?.type === 'hid' ? hid : text).push(chunk),
    reset() {
      hid.reset();
      text.reset();
    },
  };
}

export function createCounterDevices(options: CounterDevicesOptions): CounterDevices {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const simulated = options.simulated ?? new Map<string, ByteTransport>();
  const ports = new Map<PortDevice, ChosenPort>(
    PORT_DEVICES.map((device) => {
      const initial = options.defaults?.[device];
      const port = createChosenPort({
        name: device,
        transportFor: (connection) => openTransport(connection, simulated),
        ...(initial === undefined ? {} : { initial }),
      });
      return [device, port];
    }),
  );
  const portOf = (device: PortDevice): ChosenPort => ports.get(device) as ChosenPort;
  const base = (device: PortDevice) => ({
    name: device,
    transport: portOf(device),
    clock,
    logger,
  });

  const printer = createPosDevice<never>(base('printer'));
  const terminalDevice = createPosDevice<never>(base('terminal'));
  const scanner = createPosDevice<ScanData>({
    ...base('scanner'),
    decoder: scanDecoder(portOf('scanner'), options.scanner ?? { suffix: '\r', aimPrefix: false }),
  });
  const sensor = createPosDevice<SensorReading>({
    ...base('sensor'),
    decoder: createSensorDecoder(),
  });
  let target: InputTarget | undefined;
  const cardReader = createPosDevice<CardSwipe>({
    ...base('cardReader'),
    decoder: createCardSwipeDecoder({ memberPrefixes: () => target?.memberCardPrefixes() ?? [] }),
  });
  const display = createPosDevice<never>(base('display'));
  const scale = createPosDevice<ScaleReading>({ ...base('scale'), decoder: createScaleDecoder() });
  const devices: Readonly<Record<PortDevice, PosDevice<unknown>>> = {
    printer,
    terminal: terminalDevice,
    scanner,
    cardReader,
    display,
    scale,
    sensor,
  };
  const terminal = createPaymentTerminal({
    device: terminalDevice,
    clock,
    logger,
    newRequestId: newId,
  });

  const manager: DeviceManager = createDeviceManager({
    profiles: PORT_DEVICES.map((device) => ({
      id: device,
      kind: KIND[device],
      // The manager asks the port through `wanted` and `isPresent`; this is never opened.
      connection: { type: 'memory', name: device },
    })),
    createDevice: (profile) => devices[profile.id as PortDevice],
    enumerate: options.enumerate ?? enumerateDevices,
    wanted: (profile) => portOf(profile.id as PortDevice).connection() !== undefined,
    isPresent: (profile, seen) => {
      const connection = portOf(profile.id as PortDevice).connection();
      if (connection?.type === 'memory') return simulated.has(connection.name);
      return connection !== undefined && isPresent(connection, seen);
    },
    clock,
    logger,
    ...(options.rescanMs === undefined ? {} : { rescanMs: options.rescanMs }),
    ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
  });

  const scans = createListeners<string>();
  const offScans = scanner.on((event) => {
    if (event.type === 'data') scans.emit(event.data.raw);
  });

  const choosing: DevicePorts = {
    async available() {
      const offered = await (options.listPorts ?? listPorts)();
      const simulatedPorts = [...simulated.keys()].map((name) => ({
        type: 'memory' as const,
        name,
        description: name,
      }));
      return [...offered, ...simulatedPorts];
    },
    slots(): readonly PortSlotView[] {
      const reports = manager.reports();
      return PORT_DEVICES.map((device) => {
        const report = reports.find((r) => r.id === device);
        return {
          device,
          port: choiceOf(portOf(device).connection()),
          state: report?.state ?? 'stopped',
          lastError: report?.lastError ?? null,
        };
      });
    },
    async choose(device, port) {
      await portOf(device).choose(port);
      // Connect now rather than at the next rescan or backoff.
      await manager.rescan();
    },
  };

  return {
    register: {
      printer: {
        device: printer,
        paperWidth: options.printer?.paperWidth ?? 80,
        codePage: options.printer?.codePage ?? 'gb18030',
      },
      terminal,
      sensor,
      display,
      scale,
      ports: choosing,
    },
    onScan: scans.add,
    inputsInto(core) {
      target = core;
      const send = (source: InputSource, name: string, args: unknown): void => {
        void core.sendUntyped(name, args).then((answer) => {
          if (answer.ok) return;
          logger.info('device input refused', { source, code: answer.error.code });
          core.reportInputRefused(source, answer.error);
        });
      };
      const offScan = scans.add((code) => send('scanner', 'checkout.scan', { code }));
      // Garbage on the scanner's line (noise, a wrong speed): said, so the cashier scans again.
      const offScanErrors = scanner.on((event) => {
        if (event.type === 'error') core.reportInputRefused('scanner', event.error);
      });
      const offSwipe = cardReader.on((event) => {
        if (event.type === 'error') core.reportInputRefused('cardReader', event.error);
        if (event.type !== 'data') return;
        // A bank card's number never left the decoder: only that one was swiped is known.
        if (event.data.kind === 'bankCardRefused')
          core.reportInputRefused('cardReader', SWIPE_REFUSED.bankCard);
        else send('cardReader', 'checkout.attachMember', { query: event.data.memberNumber });
      });
      return () => {
        offScan();
        offScanErrors();
        offSwipe();
        target = undefined;
      };
    },
    start: () => manager.start(),
    async stop() {
      offScans();
      terminal.close();
      await manager.stop();
    },
  };
}
